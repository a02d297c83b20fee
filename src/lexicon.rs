//! The lexicons of `ontology/lexicon/*.csv` turned into one dictionary
//! matcher (Aho-Corasick over the matching form of [`crate::text`]) and a few
//! lookup tables (ministries, titles, dialogue mechanisms).
//!
//! The CSV files are compiled into the binary, so extraction never reads a
//! file; [`Lexicon::from_sources`] builds a lexicon from other texts (tests,
//! or a user's own lexicon folder read by the command line).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::text::{MatchText, match_form};

/// What a lexicon entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LexKind {
    State,
    Organization,
    TerroristGroup,
    Ministry,
    Dialogue,
    Convention,
    Attack,
    Place,
}

/// How notable a place is, which decides where a mention of it is believed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    /// A state's capital: matched anywhere.
    Capital,
    /// A city statements name as a venue or attack site: matched anywhere.
    Major,
    /// A region such as Jammu and Kashmir: matched anywhere.
    Region,
    /// Any other city: matched only where the text says it is a place
    /// ("in X", "X, <State>").
    City,
}

/// One row of a lexicon.
#[derive(Debug, Clone)]
pub struct LexEntry {
    pub kind: LexKind,
    /// Canonical label.
    pub name: String,
    /// Identifier part: ISO 3166-1 alpha-3 for states, the short form of an
    /// organisation, the key of a dialogue mechanism.
    pub code: Option<String>,
    /// The state (alpha-3) a place or ministry belongs to.
    pub state: Option<String>,
    pub place_kind: Option<PlaceKind>,
    /// First day of an attack.
    pub date: Option<NaiveDate>,
    /// Canonical name of the place of an attack.
    pub place: Option<String>,
    /// The organisation a multilateral mechanism belongs to (dialogues).
    pub owner: Option<String>,
}

/// Which of an entry's forms matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Name,
    Alias,
    /// A nationality adjective ("Indian", "French").
    Adjective,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CaseRule {
    /// Acronyms and forms with inner capitals ("US", "LeT"): exactly as listed.
    Exact,
    /// Every word capitalised in the lexicon is capitalised in the text.
    Capitals,
}

#[derive(Debug, Clone)]
struct Surface {
    entry: usize,
    form: Form,
    case: CaseRule,
    pattern: String,
}

/// A dictionary match in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexMatch {
    pub entry: usize,
    pub form: Form,
    /// Byte range in the original text.
    pub span: Range<usize>,
}

/// A post or an honorific that introduces or follows a person's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub title: String,
    pub kind: TitleKind,
}

/// A word or phrase that cues a fact, by the family of cues it belongs to:
/// every pattern that needs a family is built from its one list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Cue {
    pub family: CueFamily,
    pub phrase: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CueFamily {
    /// A verb of leading, as written in "was led by X" and "X led the
    /// French delegation": led, chaired, co-headed, spearheaded.
    LeadVerb,
    /// A phrase of leading other than "<verb> by", right before the name
    /// of who led: "represented by", "under the leadership of".
    LeadBeforeName,
    /// Another word saying that someone led: "co-chairs".
    LeadWord,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TitleKind {
    /// Mr, Dr, Shri, H.E.
    Honorific,
    /// Joint Secretary, Prime Minister, Coordinator for Counterterrorism
    Post,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("lexicon {file}: {source}")]
    Csv {
        file: String,
        #[source]
        source: csv::Error,
    },
    #[error("lexicon {file}, row {row}: {message}")]
    Row {
        file: String,
        row: usize,
        message: String,
    },
    #[error("lexicon: could not build the matcher: {0}")]
    Matcher(#[from] aho_corasick::BuildError),
}

/// The texts of the lexicon files, by file name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("states.csv", include_str!("../ontology/lexicon/states.csv")),
    (
        "organizations.csv",
        include_str!("../ontology/lexicon/organizations.csv"),
    ),
    ("groups.csv", include_str!("../ontology/lexicon/groups.csv")),
    (
        "ministries.csv",
        include_str!("../ontology/lexicon/ministries.csv"),
    ),
    (
        "dialogues.csv",
        include_str!("../ontology/lexicon/dialogues.csv"),
    ),
    (
        "conventions.csv",
        include_str!("../ontology/lexicon/conventions.csv"),
    ),
    (
        "attacks.csv",
        include_str!("../ontology/lexicon/attacks.csv"),
    ),
    ("places.csv", include_str!("../ontology/lexicon/places.csv")),
    ("titles.csv", include_str!("../ontology/lexicon/titles.csv")),
    ("cues.csv", include_str!("../ontology/lexicon/cues.csv")),
];

/// All lexicons, ready to match.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub entries: Vec<LexEntry>,
    surfaces: Vec<Surface>,
    matcher: AhoCorasick,
    by_code: HashMap<(LexKind, String), usize>,
    by_name: HashMap<(LexKind, String), usize>,
    pub titles: Vec<Title>,
    pub cues: Vec<Cue>,
}

#[derive(Deserialize)]
struct Row {
    name: String,
    #[serde(default)]
    aliases: String,
    #[serde(default)]
    adjectives: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    short: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    kind: Option<PlaceKind>,
    #[serde(default)]
    date: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    owner: String,
}

#[derive(Deserialize)]
struct TitleRow {
    title: String,
    kind: TitleKind,
}

impl Lexicon {
    /// The lexicons compiled into ctkg.
    pub fn builtin() -> Result<Self, LexiconError> {
        Self::from_sources(BUILTIN.iter().map(|(f, t)| (f.to_string(), t.to_string())))
    }

    /// Builds a lexicon from `(file name, CSV text)` pairs; the file name
    /// (`states.csv`, `groups.csv`, ...) says what its rows are.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, LexiconError> {
        let mut lex = Builder::default();
        for (file, text) in sources {
            let kind = match file.as_str() {
                "states.csv" => LexKind::State,
                "organizations.csv" => LexKind::Organization,
                "groups.csv" => LexKind::TerroristGroup,
                "ministries.csv" => LexKind::Ministry,
                "dialogues.csv" => LexKind::Dialogue,
                "conventions.csv" => LexKind::Convention,
                "attacks.csv" => LexKind::Attack,
                "places.csv" => LexKind::Place,
                "titles.csv" => {
                    lex.titles(&file, &text)?;
                    continue;
                }
                "cues.csv" => {
                    lex.cues(&file, &text)?;
                    continue;
                }
                _ => {
                    return Err(LexiconError::Row {
                        file,
                        row: 0,
                        message: "unknown lexicon file (expected states.csv, groups.csv, organizations.csv, ministries.csv, dialogues.csv, conventions.csv, attacks.csv, places.csv, titles.csv or cues.csv)".into(),
                    });
                }
            };
            lex.rows(&file, &text, kind)?;
        }
        lex.finish()
    }

    /// Every dictionary match in a text, longest first where matches
    /// overlap, whole words only, with each form's case rule applied.
    pub fn find(&self, mt: &MatchText) -> Vec<LexMatch> {
        let hay = mt.norm.as_bytes();
        let mut candidates: Vec<(usize, usize, usize)> = self
            .matcher
            .find_overlapping_iter(&mt.norm)
            .filter(|m| {
                let s = &self.surfaces[m.pattern().as_usize()];
                word_bounded(hay, m.start(), m.end()) && case_fits(s, &mt.norm[m.start()..m.end()])
            })
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        // leftmost, then longest, then the earlier-listed kind
        candidates.sort_by_key(|&(s, e, p)| (s, std::cmp::Reverse(e), self.surfaces[p].entry));
        let mut out = Vec::new();
        let mut covered = 0;
        for (s, e, p) in candidates {
            if s < covered {
                continue;
            }
            covered = e;
            let surface = &self.surfaces[p];
            out.push(LexMatch {
                entry: surface.entry,
                form: surface.form,
                span: mt.original(s..e),
            });
        }
        out
    }

    pub fn entry(&self, i: usize) -> &LexEntry {
        &self.entries[i]
    }

    /// The entry of a kind with this code (a state's alpha-3, a dialogue's key).
    pub fn by_code(&self, kind: LexKind, code: &str) -> Option<&LexEntry> {
        self.by_code
            .get(&(kind, code.to_string()))
            .map(|&i| &self.entries[i])
    }

    /// The entry of a kind one of whose names or aliases is `name`
    /// (compared in matching form, ignoring case).
    pub fn by_name(&self, kind: LexKind, name: &str) -> Option<&LexEntry> {
        self.by_name
            .get(&(kind, match_form(name).to_lowercase()))
            .map(|&i| &self.entries[i])
    }

    /// The phrases of one family of cues.
    pub fn cues_of(&self, family: CueFamily) -> impl Iterator<Item = &str> {
        self.cues
            .iter()
            .filter(move |c| c.family == family)
            .map(|c| c.phrase.as_str())
    }

    pub fn titles_of(&self, kind: TitleKind) -> impl Iterator<Item = &str> {
        self.titles
            .iter()
            .filter(move |t| t.kind == kind)
            .map(|t| t.title.as_str())
    }
}

fn word_bounded(hay: &[u8], start: usize, end: usize) -> bool {
    let alnum = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let before_ok = start == 0 || !alnum(hay[start - 1]) || !alnum(hay[start]);
    let after_ok = end == hay.len() || !alnum(hay[end]) || !alnum(hay[end - 1]);
    before_ok && after_ok
}

fn case_fits(s: &Surface, found: &str) -> bool {
    match s.case {
        CaseRule::Exact => found == s.pattern,
        CaseRule::Capitals => s.pattern.split(' ').zip(found.split(' ')).all(|(p, f)| {
            match (p.chars().next(), f.chars().next()) {
                (Some(pc), Some(fc)) if pc.is_uppercase() => fc.is_uppercase(),
                _ => true,
            }
        }),
    }
}

fn case_rule(pattern: &str) -> CaseRule {
    let capitals = pattern.chars().filter(|c| c.is_uppercase()).count();
    let words = pattern.split(' ').count();
    let inner_capital = pattern
        .split(' ')
        .any(|w| w.chars().skip(1).any(|c| c.is_uppercase()));
    if capitals >= 2 && (inner_capital || words == 1) {
        CaseRule::Exact
    } else {
        CaseRule::Capitals
    }
}

fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(';').map(str::trim).filter(|a| !a.is_empty())
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[derive(Default)]
struct Builder {
    entries: Vec<LexEntry>,
    surfaces: Vec<Surface>,
    /// lower-cased pattern → surface index, to keep one owner per form
    seen: HashMap<String, usize>,
    by_code: HashMap<(LexKind, String), usize>,
    by_name: HashMap<(LexKind, String), usize>,
    titles: Vec<Title>,
    cues: Vec<Cue>,
}

impl Builder {
    fn rows(&mut self, file: &str, text: &str, kind: LexKind) -> Result<(), LexiconError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for (i, row) in reader.deserialize::<Row>().enumerate() {
            let row_no = i + 2; // 1-based, after the header
            let row = row.map_err(|source| LexiconError::Csv {
                file: file.to_string(),
                source,
            })?;
            let bad = |message: String| LexiconError::Row {
                file: file.to_string(),
                row: row_no,
                message,
            };
            if row.name.is_empty() {
                return Err(bad("empty name".into()));
            }
            let date = match non_empty(&row.date) {
                Some(d) => Some(
                    d.parse::<NaiveDate>()
                        .map_err(|e| bad(format!("date {d:?}: {e}")))?,
                ),
                None => None,
            };
            let code = non_empty(&row.code)
                .or_else(|| non_empty(&row.short))
                .or_else(|| non_empty(&row.key));
            if kind == LexKind::Place && row.kind.is_none() {
                return Err(bad(
                    "a place needs a kind (capital, major, region, city)".into()
                ));
            }
            let entry = LexEntry {
                kind,
                name: row.name.clone(),
                code: code.clone(),
                state: non_empty(&row.state).or_else(|| non_empty(&row.country)),
                place_kind: row.kind,
                date,
                place: non_empty(&row.place),
                owner: non_empty(&row.owner),
            };
            let index = self.entries.len();
            self.entries.push(entry);
            if let Some(code) = code {
                self.by_code.entry((kind, code)).or_insert(index);
            }
            self.surface(index, kind, &row.name, Form::Name);
            for alias in split_list(&row.aliases) {
                self.surface(index, kind, alias, Form::Alias);
            }
            for adjective in split_list(&row.adjectives) {
                self.surface(index, kind, adjective, Form::Adjective);
            }
        }
        Ok(())
    }

    fn surface(&mut self, entry: usize, kind: LexKind, form_text: &str, form: Form) {
        let pattern = match_form(form_text);
        if pattern.is_empty() {
            return;
        }
        let lower = pattern.to_lowercase();
        self.by_name.entry((kind, lower.clone())).or_insert(entry);
        let case = case_rule(&pattern);
        // One owner per form: the first file listed wins ("Georgia" the
        // state over a city of that name). Exact-case acronyms may coexist
        // with a word of other case.
        let key = match case {
            CaseRule::Exact => pattern.clone(),
            CaseRule::Capitals => lower,
        };
        if self.seen.contains_key(&key) {
            return;
        }
        self.seen.insert(key, self.surfaces.len());
        self.surfaces.push(Surface {
            entry,
            form,
            case,
            pattern,
        });
    }

    fn titles(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for row in reader.deserialize::<TitleRow>() {
            let row = row.map_err(|source| LexiconError::Csv {
                file: file.to_string(),
                source,
            })?;
            self.titles.push(Title {
                title: row.title,
                kind: row.kind,
            });
        }
        Ok(())
    }

    fn cues(&mut self, file: &str, text: &str) -> Result<(), LexiconError> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for row in reader.deserialize::<Cue>() {
            self.cues.push(row.map_err(|source| LexiconError::Csv {
                file: file.to_string(),
                source,
            })?);
        }
        Ok(())
    }

    fn finish(self) -> Result<Lexicon, LexiconError> {
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(self.surfaces.iter().map(|s| s.pattern.as_str()))?;
        Ok(Lexicon {
            entries: self.entries,
            surfaces: self.surfaces,
            matcher,
            by_code: self.by_code,
            by_name: self.by_name,
            titles: self.titles,
            cues: self.cues,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Lexicon {
        Lexicon::from_sources([
            (
                "states.csv".to_string(),
                "code,name,aliases,adjectives\nUSA,United States,US;U.S.;United States of America,American\nIND,India,Republic of India,Indian\n".to_string(),
            ),
            (
                "groups.csv".to_string(),
                "name,aliases,listed\nal-Qaeda,al-Qaida;al-Qa'ida,UN\nLashkar-e-Taiba,Lashkar e-Tayyiba;LeT;Lashkar,UN\nLashkar-e-Jhangvi,LeJ,UN\n".to_string(),
            ),
        ])
        .unwrap()
    }

    fn names(lex: &Lexicon, text: &str) -> Vec<(String, String)> {
        let mt = MatchText::new(text);
        lex.find(&mt)
            .into_iter()
            .map(|m| (lex.entry(m.entry).name.clone(), text[m.span].to_string()))
            .collect()
    }

    #[test]
    fn spellings_and_case() {
        let lex = small();
        assert_eq!(
            names(
                &lex,
                "India and the US against al-Qa’ida, Al Qaeda and LeT; let us go."
            ),
            vec![
                ("India".into(), "India".into()),
                ("United States".into(), "US".into()),
                ("al-Qaeda".into(), "al-Qa’ida".into()),
                ("al-Qaeda".into(), "Al Qaeda".into()),
                ("Lashkar-e-Taiba".into(), "LeT".into()),
            ]
        );
    }

    #[test]
    fn longest_match_wins_and_words_are_whole() {
        let lex = small();
        assert_eq!(
            names(
                &lex,
                "Lashkar-e-Jhangvi and Lashkar and Indiana and the American side"
            ),
            vec![
                ("Lashkar-e-Jhangvi".into(), "Lashkar-e-Jhangvi".into()),
                ("Lashkar-e-Taiba".into(), "Lashkar".into()),
                ("United States".into(), "American".into()),
            ]
        );
    }

    #[test]
    fn lowercase_text_does_not_match_a_capitalised_name() {
        let lex = small();
        assert!(names(&lex, "an indian summer").is_empty());
    }

    #[test]
    fn builtin_lexicon_loads() {
        let lex = Lexicon::builtin().unwrap();
        let india = lex.by_code(LexKind::State, "IND").unwrap();
        assert_eq!(india.name, "India");
        assert!(
            lex.by_name(LexKind::TerroristGroup, "Lashkar e-Tayyiba")
                .is_some()
        );
    }
}
