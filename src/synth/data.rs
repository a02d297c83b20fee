//! What the generator knows, read from `data/synth/*.csv` (compiled in) and
//! from ctkg's own lexicons (`ontology/lexicon/`): the states that hold
//! dialogues, the name parts of invented officials, posts, ministries,
//! mechanisms, groups, organisations, resolutions, conferences, and the
//! attacks, conventions and cities of the lexicons.
//!
//! Groups and organisations are named by their lexicon's canonical names,
//! and each form the generator writes is checked to be one the lexicon
//! knows for that entry: the generator and the extractor share the
//! lexicon, which is why synthetic statements measure coverage of
//! phrasings, not generalisation.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;

use crate::lexicon::{LexKind, Lexicon, PlaceKind};

use super::SynthError;

const CULTURES: &str = include_str!("../../data/synth/cultures.csv");
const NAMES: &str = include_str!("../../data/synth/names.csv");
const STATES: &str = include_str!("../../data/synth/states.csv");
const POSTS: &str = include_str!("../../data/synth/posts.csv");
const MINISTRIES: &str = include_str!("../../data/synth/ministries.csv");
const MECHANISMS: &str = include_str!("../../data/synth/mechanisms.csv");
const GROUPS: &str = include_str!("../../data/synth/groups.csv");
const ORGANIZATIONS: &str = include_str!("../../data/synth/organizations.csv");
const CONFERENCES: &str = include_str!("../../data/synth/conferences.csv");
const RESOLUTIONS: &str = include_str!("../../data/synth/resolutions.csv");
const AGENCIES: &str = include_str!("../../data/synth/agencies.csv");
const HONORIFICS: &str = include_str!("../../data/synth/honorifics.csv");
pub const PHRASINGS: &str = include_str!("../../data/synth/phrasings.txt");

/// The kind of ministry an official serves in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MinistryKind {
    Foreign,
    Interior,
}

#[derive(Debug, Clone)]
pub struct State {
    pub code: String,
    pub name: String,
    pub adjective: String,
    /// The form in a hyphenated pair ("U.S.-India").
    pub pair_form: String,
    /// "Republic of India"; the name where there is no other.
    pub formal: String,
    /// Whether the name takes "the" ("the United States").
    pub article: bool,
    pub weight: u32,
    /// A state whose territory or situation statements express concern about.
    pub concern: bool,
    pub culture: usize,
    /// Cities where its meetings are held: its capital first.
    pub cities: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Culture {
    pub family_first: bool,
    pub given: Vec<String>,
    pub family: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Post {
    pub title: String,
    pub ministry: MinistryKind,
    /// Codes of the states that have it; empty: any state.
    pub states: Vec<String>,
}

/// A ministry: its canonical name and the forms statements use, with
/// `{state}`, `{formal}` and `{adj}` still to fill for a generic row.
#[derive(Debug, Clone)]
pub struct Ministry {
    pub state: Option<String>,
    pub kind: MinistryKind,
    pub name: String,
    pub forms: Vec<String>,
}

/// A dialogue mechanism (checked to be one of `ontology/lexicon/dialogues.csv`).
#[derive(Debug, Clone)]
pub struct Mechanism {
    pub name: String,
    pub forms: Vec<String>,
    pub weight: u32,
}

/// A group or an organisation: canonical name and the forms used.
#[derive(Debug, Clone)]
pub struct Named {
    pub name: String,
    pub forms: Vec<String>,
    pub weight: u32,
}

#[derive(Debug, Clone)]
pub struct Conference {
    /// With `{ord}` or `{year}` to fill.
    pub name: String,
    pub forms: Vec<String>,
    /// Forms of organisations its names contain ("SCO" in "SCO Summit").
    pub inside: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Resolution {
    pub number: u32,
    pub year: i32,
}

#[derive(Debug, Clone)]
pub struct Attack {
    pub name: String,
    pub forms: Vec<String>,
    pub date: NaiveDate,
}

/// A word of courtesy before a name ("Dr.", "Shri").
#[derive(Debug, Clone)]
pub struct Honorific {
    /// Empty: none.
    pub text: String,
    pub weight: u32,
    /// Codes of the states that use it; empty: any state.
    pub states: Vec<String>,
}

#[derive(Debug)]
pub struct Catalog {
    pub states: Vec<State>,
    pub cultures: Vec<Culture>,
    pub posts: Vec<Post>,
    pub ministries: Vec<Ministry>,
    pub mechanisms: Vec<Mechanism>,
    pub groups: Vec<Named>,
    pub organizations: Vec<Named>,
    pub conferences: Vec<Conference>,
    pub resolutions: Vec<Resolution>,
    pub attacks: Vec<Attack>,
    pub conventions: Vec<Named>,
    pub agencies: Vec<String>,
    pub honorifics: Vec<Honorific>,
    /// Cities of any state, for conferences.
    pub venues: Vec<String>,
}

fn rows<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<Vec<T>, SynthError> {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| SynthError::Data {
            file: file.to_string(),
            message: e.to_string(),
        })
}

fn list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

fn bad(file: &str, message: impl Into<String>) -> SynthError {
    SynthError::Data {
        file: file.to_string(),
        message: message.into(),
    }
}

fn lexicon_text(file: &str) -> &'static str {
    crate::lexicon::BUILTIN
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, t)| *t)
        .expect("a lexicon file ctkg ships")
}

impl Catalog {
    pub fn load(lexicon: &Lexicon) -> Result<Self, SynthError> {
        let cultures = load_cultures(lexicon)?;
        let states = load_states(&cultures.1)?;
        let posts = rows::<PostRow>("posts.csv", POSTS)?
            .into_iter()
            .map(|r| Post {
                title: r.post,
                ministry: r.ministry,
                states: list(&r.states).into_iter().filter(|s| s != "*").collect(),
            })
            .collect();
        let ministries = rows::<MinistryRow>("ministries.csv", MINISTRIES)?
            .into_iter()
            .map(|r| Ministry {
                state: (r.state != "*").then_some(r.state),
                kind: r.kind,
                name: r.name,
                forms: list(&r.forms),
            })
            .collect();
        let mechanisms = rows::<MechanismRow>("mechanisms.csv", MECHANISMS)?
            .into_iter()
            .map(|r| {
                if lexicon.by_code(LexKind::Dialogue, &r.key).is_none() {
                    return Err(bad(
                        "mechanisms.csv",
                        format!("{}: no such dialogue in the lexicon", r.key),
                    ));
                }
                Ok(Mechanism {
                    name: r.name,
                    forms: list(&r.forms),
                    weight: r.weight,
                })
            })
            .collect::<Result<_, _>>()?;
        let groups = load_named("groups.csv", GROUPS, LexKind::TerroristGroup, lexicon)?;
        let organizations = load_named(
            "organizations.csv",
            ORGANIZATIONS,
            LexKind::Organization,
            lexicon,
        )?;
        let conferences = rows::<ConferenceRow>("conferences.csv", CONFERENCES)?
            .into_iter()
            .map(|r| Conference {
                name: r.name,
                forms: list(&r.forms),
                inside: list(&r.inside),
            })
            .collect();
        let resolutions = rows::<ResolutionRow>("resolutions.csv", RESOLUTIONS)?
            .into_iter()
            .map(|r| Resolution {
                number: r.number,
                year: r.year,
            })
            .collect();
        let attacks = rows::<AttackRow>("attacks.csv", lexicon_text("attacks.csv"))?
            .into_iter()
            .filter_map(|r| {
                let date = r.date.parse().ok()?;
                let mut forms = vec![r.name.clone()];
                // the aliases that are phrases of their own, not codes ("26/11")
                forms.extend(list(&r.aliases).into_iter().filter(|a| a.contains(' ')));
                Some(Attack {
                    name: r.name,
                    forms,
                    date,
                })
            })
            .collect();
        let conventions =
            rows::<ConventionRow>("conventions.csv", lexicon_text("conventions.csv"))?
                .into_iter()
                .map(|r| Named {
                    forms: vec![r.name.clone()],
                    name: r.name,
                    weight: 1,
                })
                .collect();
        let agencies = rows::<AgencyRow>("agencies.csv", AGENCIES)?
            .into_iter()
            .map(|r| r.name)
            .collect();
        let honorifics = rows::<HonorificRow>("honorifics.csv", HONORIFICS)?
            .into_iter()
            .map(|r| Honorific {
                text: r.honorific,
                weight: r.weight,
                states: list(&r.states).into_iter().filter(|s| s != "*").collect(),
            })
            .collect();
        let venues = states.iter().map(|s: &State| s.cities[0].clone()).collect();
        Ok(Catalog {
            states,
            cultures: cultures.0,
            posts,
            ministries,
            mechanisms,
            groups,
            organizations,
            conferences,
            resolutions,
            attacks,
            conventions,
            agencies,
            honorifics,
            venues,
        })
    }

    /// The ministry of a kind of a state: its own row, else the generic one.
    pub fn ministry(&self, state: &str, kind: MinistryKind) -> &Ministry {
        self.ministries
            .iter()
            .find(|m| m.kind == kind && m.state.as_deref() == Some(state))
            .or_else(|| {
                self.ministries
                    .iter()
                    .find(|m| m.kind == kind && m.state.is_none())
            })
            .expect("ministries.csv has a generic row of each kind")
    }

    /// The posts an official of a state may hold in a kind of ministry: the
    /// state's own, else those any state has.
    pub fn posts(&self, state: &str, kind: MinistryKind) -> Vec<&Post> {
        let own: Vec<&Post> = self
            .posts
            .iter()
            .filter(|p| p.ministry == kind && p.states.iter().any(|s| s == state))
            .collect();
        if !own.is_empty() {
            return own;
        }
        self.posts
            .iter()
            .filter(|p| p.ministry == kind && p.states.is_empty())
            .collect()
    }
}

#[derive(Deserialize)]
struct CultureRow {
    culture: String,
    order: String,
    states: String,
}

#[derive(Deserialize)]
struct NameRow {
    culture: String,
    part: String,
    name: String,
}

#[derive(Deserialize)]
struct StateRow {
    code: String,
    weight: u32,
    short: String,
    formal: String,
    article: String,
    concern: String,
}

#[derive(Deserialize)]
struct LexStateRow {
    code: String,
    name: String,
    adjectives: String,
}

#[derive(Deserialize)]
struct PlaceRow {
    name: String,
    country: String,
    kind: PlaceKind,
}

#[derive(Deserialize)]
struct PostRow {
    post: String,
    ministry: MinistryKind,
    states: String,
}

#[derive(Deserialize)]
struct MinistryRow {
    state: String,
    kind: MinistryKind,
    name: String,
    forms: String,
}

#[derive(Deserialize)]
struct MechanismRow {
    key: String,
    weight: u32,
    name: String,
    forms: String,
}

#[derive(Deserialize)]
struct NamedRow {
    name: String,
    weight: u32,
    surfaces: String,
}

#[derive(Deserialize)]
struct ConferenceRow {
    name: String,
    forms: String,
    inside: String,
}

#[derive(Deserialize)]
struct ResolutionRow {
    number: u32,
    year: i32,
}

#[derive(Deserialize)]
struct AttackRow {
    name: String,
    aliases: String,
    date: String,
}

#[derive(Deserialize)]
struct ConventionRow {
    name: String,
}

#[derive(Deserialize)]
struct HonorificRow {
    honorific: String,
    weight: u32,
    states: String,
}

#[derive(Deserialize)]
struct AgencyRow {
    name: String,
}

/// The cultures, and which culture each state's officials are named in.
fn load_cultures(lexicon: &Lexicon) -> Result<(Vec<Culture>, HashMap<String, usize>), SynthError> {
    let mut cultures = Vec::new();
    let mut index = HashMap::new();
    let mut of_state = HashMap::new();
    for row in rows::<CultureRow>("cultures.csv", CULTURES)? {
        let i = cultures.len();
        index.insert(row.culture.clone(), i);
        for s in list(&row.states) {
            of_state.insert(s, i);
        }
        cultures.push(Culture {
            family_first: row.order == "family_first",
            given: Vec::new(),
            family: Vec::new(),
        });
    }
    for row in rows::<NameRow>("names.csv", NAMES)? {
        let &i = index
            .get(&row.culture)
            .ok_or_else(|| bad("names.csv", format!("no culture {}", row.culture)))?;
        // A name part the lexicon knows as a state, place, group or body
        // would make an official a place as well; such parts are not used.
        let taken = [
            LexKind::State,
            LexKind::Place,
            LexKind::TerroristGroup,
            LexKind::Organization,
        ]
        .iter()
        .any(|&k| lexicon.by_name(k, &row.name).is_some());
        if taken {
            continue;
        }
        match row.part.as_str() {
            "given" => cultures[i].given.push(row.name),
            "family" => cultures[i].family.push(row.name),
            other => {
                return Err(bad(
                    "names.csv",
                    format!("part {other:?} is neither given nor family"),
                ));
            }
        }
    }
    for (name, &i) in &index {
        if cultures[i].given.len() < 4 || cultures[i].family.len() < 4 {
            return Err(bad(
                "names.csv",
                format!("culture {name} has too few names"),
            ));
        }
    }
    Ok((cultures, of_state))
}

fn load_states(culture_of: &HashMap<String, usize>) -> Result<Vec<State>, SynthError> {
    let lex: HashMap<String, LexStateRow> =
        rows::<LexStateRow>("states.csv", lexicon_text("states.csv"))?
            .into_iter()
            .map(|r| (r.code.clone(), r))
            .collect();
    let mut cities: HashMap<String, Vec<String>> = HashMap::new();
    for place in rows::<PlaceRow>("places.csv", lexicon_text("places.csv"))? {
        match place.kind {
            PlaceKind::Capital => cities
                .entry(place.country)
                .or_default()
                .insert(0, place.name),
            PlaceKind::Major => cities.entry(place.country).or_default().push(place.name),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for row in rows::<StateRow>("states.csv", STATES)? {
        let file = "data/synth/states.csv";
        let l = lex
            .get(&row.code)
            .ok_or_else(|| bad(file, format!("{} is not in the lexicon", row.code)))?;
        let culture = *culture_of.get(&row.code).ok_or_else(|| {
            bad(
                "cultures.csv",
                format!("no culture names {}'s officials", row.code),
            )
        })?;
        let city_list = cities
            .remove(&row.code)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| bad(file, format!("{} has no capital in places.csv", row.code)))?;
        let adjective = list(&l.adjectives).into_iter().next().ok_or_else(|| {
            bad(
                file,
                format!("{} has no adjective in the lexicon", row.code),
            )
        })?;
        out.push(State {
            pair_form: if row.short.is_empty() {
                l.name.clone()
            } else {
                row.short
            },
            formal: if row.formal.is_empty() {
                l.name.clone()
            } else {
                row.formal
            },
            article: row.article == "the",
            concern: row.concern == "yes",
            code: row.code,
            name: l.name.clone(),
            adjective,
            weight: row.weight,
            culture,
            cities: city_list,
        });
    }
    Ok(out)
}

/// Groups or organisations, each checked against the lexicon: the name is
/// the entry's canonical name and every form is one of its names.
fn load_named(
    file: &str,
    text: &str,
    kind: LexKind,
    lexicon: &Lexicon,
) -> Result<Vec<Named>, SynthError> {
    let mut out = Vec::new();
    for row in rows::<NamedRow>(file, text)? {
        let entry = lexicon
            .by_name(kind, &row.name)
            .filter(|e| e.name == row.name)
            .ok_or_else(|| {
                bad(
                    file,
                    format!("{:?} is not a canonical name of the lexicon", row.name),
                )
            })?;
        let forms = list(&row.surfaces);
        for form in &forms {
            let same = lexicon
                .by_name(kind, form)
                .is_some_and(|e| e.name == entry.name);
            if !same {
                return Err(bad(
                    file,
                    format!("{form:?} is not a name of {} in the lexicon", row.name),
                ));
            }
        }
        out.push(Named {
            name: row.name,
            forms,
            weight: row.weight,
        });
    }
    Ok(out)
}
