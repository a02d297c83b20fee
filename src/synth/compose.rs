//! One synthetic statement: who meets whom, when and where in a small
//! invented world, said in one of the phrasings, with the gold that follows
//! from what the text actually says.
//!
//! The world is a pure function of the seed: each pair of states holds a
//! series of sessions of a dialogue at regular intervals, a state's
//! counter-terrorism official changes every few years, and hosts alternate.
//! Two statements that report the same session therefore agree on its
//! ordinal, date, venue and leaders, as a press release and a wire report
//! of one meeting do.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::model::{Entity, EntityType, Extraction, Predicate, Relation, Target};
use crate::text::slug;

use super::SynthError;
use super::data::{Catalog, MinistryKind, State};
use super::rng::Rng;
use super::template::{Context, Fact, Phrasings, Slot, Use};

/// The last day a synthetic meeting may be held.
const LAST_DAY: (i32, u32, u32) = (2025, 10, 31);

/// What kind of text a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A foreign ministry's press release on a meeting.
    Release,
    /// A news agency's report on a meeting, with a dateline.
    Wire,
    /// A joint statement issued as a media note.
    Joint,
    /// A ministry condemning an attack: no meeting.
    Condemnation,
    /// A government designating a group: no meeting.
    Designation,
}

impl Kind {
    const ALL: [(Kind, u32); 5] = [
        (Kind::Release, 36),
        (Kind::Wire, 26),
        (Kind::Joint, 12),
        (Kind::Condemnation, 13),
        (Kind::Designation, 13),
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Release => "release",
            Kind::Wire => "wire",
            Kind::Joint => "joint",
            Kind::Condemnation => "condemnation",
            Kind::Designation => "designation",
        }
    }

    fn has_meeting(self) -> bool {
        matches!(self, Kind::Release | Kind::Wire | Kind::Joint)
    }
}

/// How long a statement runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Length {
    Short,
    Medium,
    Long,
}

/// A statement with its manifest row and gold.
#[derive(Debug, Clone)]
pub struct Statement {
    pub file: String,
    pub text: String,
    pub date: NaiveDate,
    pub title: String,
    pub source: String,
    pub gold: Extraction,
}

/// Makes statements from a catalog, phrasings and a seed.
pub struct Composer<'a> {
    pub catalog: &'a Catalog,
    pub phrasings: &'a Phrasings,
    pub seed: u64,
}

/// A meeting of the world: one session of a pair's dialogue.
struct Session {
    ordinal: u32,
    date: NaiveDate,
    city: String,
    next_city: String,
}

/// An invented official.
struct Official {
    name: String,
    post: String,
}

/// What the gold knows of each entity a statement may name.
#[derive(Default)]
struct Registry {
    entities: HashMap<String, (EntityType, String)>,
}

impl Registry {
    fn slot(&mut self, kind: EntityType, key: &str, name: &str, text: &str) -> Slot {
        self.entities
            .entry(key.to_string())
            .or_insert_with(|| (kind, name.to_string()));
        Slot::entity(key, text)
    }

    /// A slot whose text is `article` + `surface`, naming the entity by
    /// `surface` alone.
    fn slot_with_article(
        &mut self,
        kind: EntityType,
        key: &str,
        name: &str,
        article: &str,
        surface: &str,
    ) -> Slot {
        self.slot(kind, key, name, surface).prefixed(article)
    }
}

fn state_key(s: &State) -> String {
    format!("state/{}", s.code)
}

/// Sides are 'a' (the author, or the first named) and 'b'.
const SIDES: [&str; 2] = ["a", "b"];

impl Composer<'_> {
    /// Statement `index` of the run.
    pub fn statement(&self, index: u64, width: usize) -> Result<Statement, SynthError> {
        let mut rng = Rng::for_statement(self.seed, index);
        let kinds: Vec<u32> = Kind::ALL.iter().map(|k| k.1).collect();
        let kind = Kind::ALL[rng.weighted(&kinds)].0;
        let length = match rng.below(10) {
            0..=2 => Length::Short,
            3..=7 => Length::Medium,
            _ => Length::Long,
        };
        let (a, b) = self.two_states(kind, &mut rng);
        let sides = [&self.catalog.states[a], &self.catalog.states[b]];
        let mut reg = Registry::default();
        let mut ctx = Context::default();
        ctx.set("sp", Slot::plain(" "));

        let mech_index = rng.weighted(
            &self
                .catalog
                .mechanisms
                .iter()
                .map(|m| m.weight)
                .collect::<Vec<_>>(),
        );
        let session = self.session(a, b, mech_index, &mut rng);
        // the day something happened (a meeting, an attack) and the day the
        // statement was issued
        let (event_day, published) = match kind {
            Kind::Release | Kind::Joint => {
                let d = session.date;
                (d, d + Days::new(rng.between(0, 2) as u64))
            }
            Kind::Wire => {
                let d = session.date;
                (d, d + Days::new(rng.between(1, 5) as u64))
            }
            Kind::Condemnation | Kind::Designation => {
                let d = self.some_day(&mut rng);
                (d, d + Days::new(rng.between(0, 1) as u64))
            }
        };

        for (i, side) in sides.iter().enumerate() {
            self.side_slots(&mut reg, &mut ctx, SIDES[i], i, side, event_day, &mut rng);
        }
        self.shared_slots(
            &mut reg, &mut ctx, kind, &sides, &session, mech_index, event_day, published, &mut rng,
        )?;

        let mut body = Vec::new();
        match kind {
            Kind::Release | Kind::Wire | Kind::Joint => {
                let section = format!("opening.{}", kind.name());
                ctx.set(
                    "opening",
                    self.phrasings.expand(&section, None, &ctx, &mut rng)?,
                );
                ctx.set(
                    "lead_sentence",
                    self.phrasings
                        .expand("lead.sentence", None, &ctx, &mut rng)?,
                );
                body = self.meeting_body(&ctx, length, &mut rng)?;
            }
            Kind::Condemnation => {
                for _ in 0..self.paragraphs(length, &mut rng).min(3) {
                    body.push(vec![self.phrasings.expand(
                        "condemn.para",
                        None,
                        &ctx,
                        &mut rng,
                    )?]);
                }
            }
            Kind::Designation => {
                for _ in 0..self.paragraphs(length, &mut rng).min(3) {
                    body.push(vec![self.phrasings.expand(
                        "designate.para",
                        None,
                        &ctx,
                        &mut rng,
                    )?]);
                }
            }
        }
        let numbered = kind == Kind::Release && rng.chance(50);
        ctx.set("body", join_body(body, numbered));
        let doc = self
            .phrasings
            .expand(&format!("doc.{}", kind.name()), None, &ctx, &mut rng)?;
        let text = tidy(&doc.text);
        let title = title_of(&text);
        let file = format!(
            "{index:0width$}_{}_{}-{}.txt",
            kind.name(),
            sides[0].code.to_lowercase(),
            sides[1].code.to_lowercase()
        );
        let gold = gold(&file, &reg, &doc.uses, kind, &session, &sides, &ctx);
        Ok(Statement {
            source: format!("https://example.org/ctkg-synth/{}/{index}", self.seed),
            file,
            text,
            date: published,
            title,
            gold,
        })
    }

    /// Two different states; a joint statement is issued with the United
    /// States, as media notes are.
    fn two_states(&self, kind: Kind, rng: &mut Rng) -> (usize, usize) {
        let weights: Vec<u32> = self.catalog.states.iter().map(|s| s.weight).collect();
        let us = self.catalog.states.iter().position(|s| s.code == "USA");
        let a = match (kind, us) {
            (Kind::Joint, Some(us)) => us,
            _ => rng.weighted(&weights),
        };
        loop {
            let b = rng.weighted(&weights);
            if b != a {
                return (a, b);
            }
        }
    }

    /// The session of the pair's dialogue this statement reports.
    fn session(&self, a: usize, b: usize, mech: usize, rng: &mut Rng) -> Session {
        let (lo, hi) = (a.min(b) as u64, a.max(b) as u64);
        let mut series = Rng::for_fact(self.seed, &[1, lo, hi, mech as u64]);
        let first = NaiveDate::from_ymd_opt(
            series.between(2003, 2016) as i32,
            series.between(1, 12) as u32,
            1,
        )
        .expect("a valid first day");
        let interval = series.between(9, 20) as u32;
        let last = NaiveDate::from_ymd_opt(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).expect("valid");
        let date_of = |k: u32| -> NaiveDate {
            let mut day = Rng::for_fact(self.seed, &[2, lo, hi, mech as u64, u64::from(k)]);
            let month = first + Months::new((k - 1) * interval);
            month + Days::new(day.between(0, 27) as u64)
        };
        let mut sessions = 1;
        while date_of(sessions + 1) <= last && sessions < 40 {
            sessions += 1;
        }
        let ordinal = 1 + rng.below(sessions as usize) as u32;
        let host_of = |k: u32| -> usize {
            // sessions alternate between the two capitals
            let lower_hosts = k % 2 == 1;
            if (a < b) == lower_hosts { 0 } else { 1 }
        };
        // meetings are held in the host's capital
        let city_of = |side: usize| -> String {
            self.catalog.states[if side == 0 { a } else { b }].cities[0].clone()
        };
        let host = host_of(ordinal);
        Session {
            ordinal,
            date: date_of(ordinal),
            city: city_of(host),
            next_city: city_of(host_of(ordinal + 1)),
        }
    }

    /// A day for a statement with no meeting.
    fn some_day(&self, rng: &mut Rng) -> NaiveDate {
        let start = NaiveDate::from_ymd_opt(2008, 1, 1).expect("valid");
        start + Days::new(rng.between(0, 6480) as u64)
    }

    /// The official of a state's ministry in a given year: the same person
    /// for every statement of that term.
    fn official(&self, state: &State, kind: MinistryKind, year: i32) -> Official {
        let term = (year / 3) as u64;
        let kind_no = match kind {
            MinistryKind::Foreign => 0,
            MinistryKind::Interior => 1,
        };
        let code = state.code.bytes().fold(0u64, |h, c| h * 31 + u64::from(c));
        let mut rng = Rng::for_fact(self.seed, &[4, code, kind_no, term]);
        let culture = &self.catalog.cultures[state.culture];
        let given = rng.pick(&culture.given).clone();
        let family = rng.pick(&culture.family).clone();
        let name = if culture.family_first {
            format!("{family} {given}")
        } else if rng.chance(12) {
            let initial = (b'A' + rng.below(26) as u8) as char;
            format!("{given} {initial}. {family}")
        } else {
            format!("{given} {family}")
        };
        let posts = self.catalog.posts(&state.code, kind);
        let post = rng.pick(&posts).title.clone();
        Official { name, post }
    }

    fn honorific(&self, state: &State, rng: &mut Rng) -> String {
        let usable: Vec<_> = self
            .catalog
            .honorifics
            .iter()
            .filter(|h| h.states.is_empty() || h.states.contains(&state.code))
            .collect();
        let weights: Vec<u32> = usable.iter().map(|h| h.weight).collect();
        let h = &usable[rng.weighted(&weights)].text;
        if h.is_empty() {
            String::new()
        } else {
            format!("{h} ")
        }
    }

    /// A ministry's slot: one of its forms, naming it.
    fn ministry_slot(
        &self,
        reg: &mut Registry,
        state: &State,
        kind: MinistryKind,
        rng: &mut Rng,
    ) -> Slot {
        let m = self.catalog.ministry(&state.code, kind);
        let fill = |s: &str| {
            s.replace("{state}", &state.name)
                .replace("{formal}", &with_article(state, &state.formal))
                .replace("{adj}", &state.adjective)
        };
        let name = fill(&m.name);
        let form = fill(rng.pick::<String>(&m.forms));
        let key = format!("ministry/{}/{}", state.code, slug(&name));
        reg.slot(EntityType::Ministry, &key, &name, &form)
    }

    /// The values that speak of one side: its state in every form, its
    /// official and ministry.
    #[allow(clippy::too_many_arguments)]
    fn side_slots(
        &self,
        reg: &mut Registry,
        ctx: &mut Context,
        side: &str,
        index: usize,
        state: &State,
        day: NaiveDate,
        rng: &mut Rng,
    ) {
        let key = state_key(state);
        let the = if state.article { "the " } else { "" };
        let the_initial = if state.article { "The " } else { "" };
        ctx.set(
            format!("{side}.state"),
            reg.slot_with_article(EntityType::State, &key, &state.name, the, &state.name),
        );
        ctx.set(
            format!("{side}.State"),
            reg.slot_with_article(
                EntityType::State,
                &key,
                &state.name,
                the_initial,
                &state.name,
            ),
        );
        ctx.set(
            format!("{side}.adj"),
            reg.slot(EntityType::State, &key, &state.name, &state.adjective),
        );
        let formal_article = if state.formal == state.name && !state.article {
            ""
        } else {
            "the "
        };
        ctx.set(
            format!("{side}.formal_the"),
            reg.slot_with_article(
                EntityType::State,
                &key,
                &state.name,
                formal_article,
                &state.formal,
            ),
        );
        let official = self.official(state, MinistryKind::Foreign, day.year());
        let official_key = format!("official/{}", slug(&official.name));
        ctx.set(
            format!("{side}.name"),
            reg.slot(
                EntityType::Official,
                &official_key,
                &official.name,
                &official.name,
            )
            .with_fact(Fact::LedBy(index)),
        );
        ctx.set(format!("{side}.post"), Slot::plain(official.post));
        ctx.set(
            format!("{side}.hon"),
            Slot::plain(self.honorific(state, rng)),
        );
        let ministry = self.ministry_slot(reg, state, MinistryKind::Foreign, rng);
        ctx.set(
            format!("{side}.ministry"),
            ministry.with_fact(Fact::MemberOf(index)),
        );
        let reference = self.ministry_slot(reg, state, MinistryKind::Foreign, rng);
        ctx.set(format!("{side}.ministry_ref"), reference);
        let interior = self.ministry_slot(reg, state, MinistryKind::Interior, rng);
        ctx.set(format!("{side}.interior_ref"), interior);
        let minister = self.official(state, MinistryKind::Interior, day.year());
        let minister_key = format!("official/{}", slug(&minister.name));
        ctx.set(
            format!("{side}.minister"),
            reg.slot(
                EntityType::Official,
                &minister_key,
                &minister.name,
                &minister.name,
            )
            .with_fact(Fact::Minister(index)),
        );
        ctx.set(format!("{side}.minister_post"), Slot::plain(minister.post));
    }

    /// The values that are not about one side.
    #[allow(clippy::too_many_arguments)]
    fn shared_slots(
        &self,
        reg: &mut Registry,
        ctx: &mut Context,
        kind: Kind,
        sides: &[&State; 2],
        session: &Session,
        mech_index: usize,
        event_day: NaiveDate,
        published: NaiveDate,
        rng: &mut Rng,
    ) -> Result<(), SynthError> {
        let c = self.catalog;
        let (a, b) = (sides[0], sides[1]);
        // the pair as written in a mechanism's name
        let mut pair = Slot::plain(format!("{}-{}", a.pair_form, b.pair_form));
        for state in [a, b] {
            let named = reg.slot(
                EntityType::State,
                &state_key(state),
                &state.name,
                &state.pair_form,
            );
            pair.uses.extend(named.uses);
        }
        ctx.set("pair", pair);
        let mech = &c.mechanisms[mech_index];
        ctx.set("mech", Slot::plain(rng.pick(&mech.forms).clone()));
        let n = session.ordinal;
        ctx.set(
            "ord",
            Slot::plain(ordinal_digits(n)).with_fact(Fact::MeetingOrdinal),
        );
        ctx.set(
            "Ord",
            Slot::plain(ordinal_digits(n)).with_fact(Fact::MeetingOrdinal),
        );
        let word = ordinal_word(n).unwrap_or_else(|| ordinal_digits(n));
        ctx.set(
            "ord_word",
            Slot::plain(word.clone()).with_fact(Fact::MeetingOrdinal),
        );
        ctx.set(
            "Ord_word",
            Slot::plain(capitalise(&word)).with_fact(Fact::MeetingOrdinal),
        );

        let day = event_day;
        let long = rng.chance(60);
        ctx.set(
            "date",
            Slot::plain(format_date(day, long)).with_fact(Fact::MeetingDate),
        );
        ctx.set("date_value", Slot::plain(day.to_string()));
        let range = if long {
            format!("{}-{}", day.day(), format_date(day + Days::new(1), true))
        } else {
            format!(
                "{} and {}",
                format_date(day, true),
                format_date(day + Days::new(1), true)
            )
        };
        ctx.set(
            "date_range",
            Slot::plain(range).with_fact(Fact::MeetingDate),
        );
        let weekday = weekday_name(day);
        ctx.set(
            "weekday",
            Slot::plain(weekday.clone()).with_fact(Fact::MeetingDate),
        );
        let relative = if published - day == chrono::Duration::days(1) && rng.chance(60) {
            "yesterday".to_string()
        } else {
            format!("on {weekday}")
        };
        ctx.set(
            "relative",
            Slot::plain(relative).with_fact(Fact::MeetingDate),
        );
        ctx.set("pubdate_long", Slot::plain(format_date(published, true)));
        ctx.set("pubdate_us", Slot::plain(format_date(published, false)));

        let venue_key = format!("place/{}", slug(&session.city));
        ctx.set(
            "venue",
            reg.slot(EntityType::Place, &venue_key, &session.city, &session.city)
                .with_fact(Fact::MeetingVenue),
        );
        let next_key = format!("place/{}", slug(&session.next_city));
        ctx.set(
            "next_venue",
            reg.slot(
                EntityType::Place,
                &next_key,
                &session.next_city,
                &session.next_city,
            )
            .with_fact(Fact::NextMeeting)
            .optional(),
        );

        // datelines: the city filed from is named in passing
        let agency = rng.pick(&c.agencies).clone();
        let agency_slot = reg
            .slot(
                EntityType::Organization,
                &format!("organization/{}", slug(&agency)),
                &agency,
                &agency,
            )
            .optional();
        let filed_from = if kind.has_meeting() && kind == Kind::Wire {
            session.city.clone()
        } else {
            a.cities[0].clone()
        };
        let filed_key = format!("place/{}", slug(&filed_from));
        let upper = filed_from.to_uppercase();
        let city_upper = reg
            .slot(EntityType::Place, &filed_key, &filed_from, &upper)
            .optional();
        ctx.set("city_upper", city_upper.clone());
        let mut wire = city_upper.clone();
        wire.text = format!(
            "{}, {} {} ({}) –",
            upper,
            month_short(published),
            published.day(),
            agency
        );
        wire.uses.extend(agency_slot.uses);
        ctx.set("dateline_wire", wire);
        let mut release = reg
            .slot(EntityType::Place, &filed_key, &filed_from, &filed_from)
            .optional();
        release.text = format!("{}, {}:", filed_from, format_date(published, true));
        ctx.set("dateline_release", release);

        // what the body may name
        let group_weights: Vec<u32> = c.groups.iter().map(|g| g.weight).collect();
        let mut chosen_groups = Vec::new();
        let wanted = 1 + rng.below(4);
        for _ in 0..wanted * 3 {
            let i = rng.weighted(&group_weights);
            if !chosen_groups.contains(&i) {
                chosen_groups.push(i);
            }
            if chosen_groups.len() == wanted {
                break;
            }
        }
        let group_slot = |reg: &mut Registry, i: usize, rng: &mut Rng| {
            let g = &c.groups[i];
            reg.slot(
                EntityType::TerroristGroup,
                &format!("group/{}", slug(&g.name)),
                &g.name,
                rng.pick::<String>(&g.forms),
            )
        };
        let groups: Vec<Slot> = chosen_groups
            .iter()
            .map(|&i| group_slot(reg, i, rng))
            .collect();
        ctx.set("groups", Slot::list(groups));
        ctx.set("group", group_slot(reg, chosen_groups[0], rng));
        let others: Vec<Slot> = chosen_groups
            .iter()
            .skip(1)
            .map(|&i| group_slot(reg, i, rng))
            .collect();
        let others = if others.is_empty() {
            let i = (chosen_groups[0] + 1 + rng.below(c.groups.len() - 1)) % c.groups.len();
            vec![group_slot(reg, i, rng)]
        } else {
            others
        };
        ctx.set("other_groups", Slot::list(others));

        let un = c.organizations.iter().find(|o| o.name == "United Nations");
        let unsc = c
            .organizations
            .iter()
            .find(|o| o.name == "United Nations Security Council");
        if let (Some(un), Some(unsc)) = (un, unsc) {
            ctx.set(
                "un",
                reg.slot(
                    EntityType::Organization,
                    "organization/united-nations",
                    &un.name,
                    "UN",
                ),
            );
            ctx.set(
                "un_full",
                reg.slot(
                    EntityType::Organization,
                    "organization/united-nations",
                    &un.name,
                    "United Nations",
                ),
            );
            ctx.set(
                "unsc",
                reg.slot(
                    EntityType::Organization,
                    "organization/united-nations-security-council",
                    &unsc.name,
                    "Security Council",
                ),
            );
        }
        let r = rng.pick(&c.resolutions);
        let resolution_key = format!("resolution/unsc-{}", r.number);
        let resolution_name = format!("UNSC Resolution {}", r.number);
        let mut resolution = match rng.below(3) {
            0 => reg.slot(
                EntityType::Resolution,
                &resolution_key,
                &resolution_name,
                &resolution_name,
            ),
            1 => {
                let words = format!("UN Security Council Resolution {}", r.number);
                reg.slot(
                    EntityType::Resolution,
                    &resolution_key,
                    &resolution_name,
                    &words,
                )
            }
            _ => {
                let words = format!("UN Security Council resolution {}", r.number);
                let mut s = reg.slot(
                    EntityType::Resolution,
                    &resolution_key,
                    &resolution_name,
                    &words,
                );
                s.text = format!("{words} ({})", r.year);
                s
            }
        };
        // the Council named inside the resolution's name, in passing
        if let Some(unsc) = unsc {
            let inner = reg
                .slot(
                    EntityType::Organization,
                    "organization/united-nations-security-council",
                    &unsc.name,
                    if resolution.text.starts_with("UNSC") {
                        "UNSC"
                    } else {
                        "UN Security Council"
                    },
                )
                .optional();
            resolution.uses.extend(inner.uses);
        }
        ctx.set("resolution", resolution);

        let convention = rng.pick(&c.conventions);
        ctx.set(
            "convention",
            reg.slot(
                EntityType::Convention,
                &format!("convention/{}", slug(&convention.name)),
                &convention.name,
                &convention.name,
            ),
        );

        let conf = rng.pick(&c.conferences);
        let conf_day = day + Days::new(rng.between(20, 150) as u64);
        let conf_ord = ordinal_digits(1 + rng.below(5) as u32);
        let year = conf_day.year().to_string();
        let fill = |s: &str| s.replace("{ord}", &conf_ord).replace("{year}", &year);
        let conf_name = fill(&conf.name);
        let conf_form = fill(rng.pick::<String>(&conf.forms));
        let conf_surface = conf_form
            .strip_prefix("the ")
            .unwrap_or(&conf_form)
            .to_string();
        let conf_key = format!("conference/{}", slug(&conf_name));
        let mut conference = reg.slot_with_article(
            EntityType::Conference,
            &conf_key,
            &conf_name,
            "the ",
            &conf_surface,
        );
        // a body named inside the conference's name is named in passing
        for surface in &conf.inside {
            if let Some(body) = c.organizations.iter().find(|o| o.forms.contains(surface)) {
                let key = format!("organization/{}", slug(&body.name));
                let inner = reg
                    .slot(EntityType::Organization, &key, &body.name, surface)
                    .optional();
                conference.uses.extend(inner.uses);
            }
        }
        ctx.set("conference", conference);
        let conf_city = rng.pick(&c.venues).clone();
        ctx.set(
            "conf_place",
            reg.slot(
                EntityType::Place,
                &format!("place/{}", slug(&conf_city)),
                &conf_city,
                &conf_city,
            )
            .with_fact(Fact::ConferenceVenue),
        );
        ctx.set("conf_date_value", Slot::plain(conf_day.to_string()));
        ctx.set(
            "conf_date",
            Slot::plain(format_date(conf_day, rng.chance(60))).with_fact(Fact::ConferenceDate),
        );

        let earlier: Vec<_> = c.attacks.iter().filter(|at| at.date < day).collect();
        if !earlier.is_empty() {
            let attack = rng.pick(&earlier);
            ctx.set(
                "attack",
                reg.slot(
                    EntityType::Attack,
                    &format!("attack/{}", slug(&attack.name)),
                    &attack.name,
                    rng.pick::<String>(&attack.forms),
                ),
            );
        }

        let org_weights: Vec<u32> = c.organizations.iter().map(|o| o.weight).collect();
        let mut orgs = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let i = rng.weighted(&org_weights);
            if !orgs.contains(&i) {
                orgs.push(i);
            }
        }
        let org_slots = orgs
            .iter()
            .map(|&i| {
                let o = &c.organizations[i];
                reg.slot(
                    EntityType::Organization,
                    &format!("organization/{}", slug(&o.name)),
                    &o.name,
                    rng.pick::<String>(&o.forms),
                )
            })
            .collect();
        ctx.set("orgs", Slot::list(org_slots));

        let concern: Vec<&State> = c
            .states
            .iter()
            .filter(|s| s.concern && s.code != a.code && s.code != b.code)
            .collect();
        if !concern.is_empty() {
            let third = rng.pick(&concern);
            let key = state_key(third);
            ctx.set(
                "third",
                reg.slot(EntityType::State, &key, &third.name, &third.name),
            );
            ctx.set(
                "third_adj",
                reg.slot(EntityType::State, &key, &third.name, &third.adjective),
            );
        }

        // the meeting as a phrase, and the leaders, each said once
        if kind.has_meeting() {
            let main_key = "meeting/main";
            reg.entities.insert(
                main_key.to_string(),
                (
                    EntityType::Meeting,
                    format!("{} {}-{} {}", ordinal_digits(n), a.name, b.name, mech.name),
                ),
            );
            for (slot, section) in [
                ("meeting_full", "meeting.full"),
                ("meeting_their", "meeting.their"),
                ("meeting_title", "meeting.title"),
            ] {
                let mut phrase = self.phrasings.expand(section, None, ctx, rng)?;
                phrase.uses.push(Use::Entity {
                    key: main_key.to_string(),
                    surface: phrase.text.clone(),
                    optional: false,
                });
                ctx.set(slot, phrase);
            }
            for side in SIDES {
                let after = self.phrasings.expand("lead.after", Some(side), ctx, rng)?;
                let before = self.phrasings.expand("lead.before", Some(side), ctx, rng)?;
                ctx.set(format!("lead_after_{side}"), after);
                ctx.set(format!("lead_before_{side}"), before);
            }
        }
        Ok(())
    }

    fn paragraphs(&self, length: Length, rng: &mut Rng) -> usize {
        match length {
            Length::Short => 1,
            Length::Medium => rng.between(2, 4) as usize,
            Length::Long => rng.between(5, 8) as usize,
        }
    }

    /// The paragraphs after the opening: each topic at most once, filler
    /// between, and perhaps the next meeting at the end.
    fn meeting_body(
        &self,
        ctx: &Context,
        length: Length,
        rng: &mut Rng,
    ) -> Result<Vec<Vec<Slot>>, SynthError> {
        let mut topics: Vec<&str> = vec![
            "para.groups",
            "para.resolution",
            "para.convention",
            "para.conference",
            "para.organizations",
            "para.third",
            "para.attack",
        ];
        let paragraphs = self.paragraphs(length, rng);
        // filler lines in a random order, none said twice
        let mut filler = rng.distinct(self.phrasings.count("para.filler"), usize::MAX);
        let mut body = Vec::new();
        for _ in 0..paragraphs {
            let sentences = match length {
                Length::Short => 1 + rng.below(2),
                _ => 1 + rng.below(3),
            };
            let mut paragraph = Vec::new();
            for _ in 0..sentences {
                let section = if !topics.is_empty() && (filler.is_empty() || rng.chance(60)) {
                    topics.swap_remove(rng.below(topics.len()))
                } else if let Some(line) = filler.pop() {
                    paragraph.push(self.phrasings.expand_line(
                        "para.filler",
                        line,
                        None,
                        ctx,
                        rng,
                    )?);
                    continue;
                } else {
                    break;
                };
                match self.phrasings.expand(section, None, ctx, rng) {
                    Ok(s) => paragraph.push(s),
                    // a topic with nothing to say (no attack before 1993)
                    Err(super::template::TemplateError::NoValue { .. })
                        if section == "para.attack" => {}
                    Err(e) => return Err(e.into()),
                }
            }
            if !paragraph.is_empty() {
                body.push(paragraph);
            }
        }
        if length != Length::Short && rng.chance(50) {
            body.push(vec![self.phrasings.expand("para.next", None, ctx, rng)?]);
        }
        Ok(body)
    }
}

fn join_body(body: Vec<Vec<Slot>>, numbered: bool) -> Slot {
    let mut out = Slot::default();
    for (i, paragraph) in body.into_iter().enumerate() {
        if i > 0 {
            out.text.push_str("\n\n");
        }
        if numbered {
            out.text.push_str(&format!("{}. ", i + 2));
        }
        for (j, sentence) in paragraph.into_iter().enumerate() {
            if j > 0 {
                out.text.push(' ');
            }
            out.text.push_str(&sentence.text);
            out.uses.extend(sentence.uses);
        }
    }
    out
}

/// Spaces and blank lines as a writer leaves them.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The first line when it reads as a title (no full stop at its end).
fn title_of(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.ends_with('.') || first.ends_with(':') || first.ends_with('–') || first.len() > 160 {
        String::new()
    } else {
        first.to_string()
    }
}

fn with_article(state: &State, formal: &str) -> String {
    if formal == state.name && !state.article {
        formal.to_string()
    } else {
        format!("the {formal}")
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn ordinal_digits(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn ordinal_word(n: u32) -> Option<String> {
    const WORDS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    WORDS.get(n.checked_sub(1)? as usize).map(|w| w.to_string())
}

fn format_date(d: NaiveDate, day_first: bool) -> String {
    if day_first {
        d.format("%-d %B %Y").to_string()
    } else {
        d.format("%B %-d, %Y").to_string()
    }
}

fn month_short(d: NaiveDate) -> String {
    d.format("%b").to_string()
}

fn weekday_name(d: NaiveDate) -> String {
    d.format("%A").to_string()
}

/// The gold of a statement: the entities its text names and the relations
/// that text states.
fn gold(
    file: &str,
    reg: &Registry,
    uses: &[Use],
    kind: Kind,
    session: &Session,
    sides: &[&State; 2],
    ctx: &Context,
) -> Extraction {
    // entity → (surfaces, named other than in passing)
    let mut named: BTreeMap<&str, (BTreeSet<&str>, bool)> = BTreeMap::new();
    let mut facts = BTreeSet::new();
    for u in uses {
        match u {
            Use::Entity {
                key,
                surface,
                optional,
            } => {
                let e = named.entry(key.as_str()).or_default();
                e.0.insert(surface.as_str());
                e.1 |= !optional;
            }
            Use::Fact(f) => {
                facts.insert(*f);
            }
        }
    }
    let mut entities = Vec::new();
    for (key, (surfaces, required)) in &named {
        let (kind, name) = &reg.entities[*key];
        entities.push(Entity {
            id: key.to_string(),
            kind: *kind,
            name: name.clone(),
            aliases: surfaces
                .iter()
                .filter(|s| **s != name)
                .map(|s| s.to_string())
                .collect(),
            evidence: Vec::new(),
            optional: !required,
        });
    }
    let is_named = |key: &str| named.contains_key(key);
    let mut relations = BTreeSet::new();
    let mut rel = |s: &str, p: Predicate, t: Target, optional: bool| {
        relations.insert(Relation {
            rule: None,
            evidence: Vec::new(),
            subject: s.to_string(),
            predicate: p,
            target: t,
            optional,
        });
    };
    let obj = |k: &str| Target::Object(k.to_string());
    let main = "meeting/main";
    let type_of = |key: &str| reg.entities[key].0;
    // the officials and ministries each side's values name
    let side_key = |side: usize, fact: Fact| -> Option<String> {
        let slot_key = match fact {
            Fact::LedBy(_) => "name",
            Fact::Minister(_) => "minister",
            _ => "ministry",
        };
        ctx.slot_of(&format!("{}.{slot_key}", SIDES[side]))
            .and_then(|s| {
                s.uses.iter().find_map(|u| match u {
                    Use::Entity { key, .. } => Some(key.clone()),
                    Use::Fact(_) => None,
                })
            })
    };
    for (side, state) in sides.iter().enumerate() {
        let state = state_key(state);
        if facts.contains(&Fact::LedBy(side))
            && let Some(official) = side_key(side, Fact::LedBy(side))
        {
            if kind.has_meeting() && is_named(main) {
                rel(main, Predicate::LedBy, obj(&official), false);
            }
            rel(&official, Predicate::Represents, obj(&state), false);
            if facts.contains(&Fact::MemberOf(side))
                && let Some(ministry) = side_key(side, Fact::MemberOf(side))
            {
                rel(&official, Predicate::MemberOf, obj(&ministry), false);
            }
        }
        if facts.contains(&Fact::Minister(side))
            && let Some(minister) = side_key(side, Fact::Minister(side))
        {
            rel(&minister, Predicate::Represents, obj(&state), false);
        }
    }
    for (key, (_, req)) in &named {
        if key.starts_with("ministry/") {
            let state = key.split('/').nth(1).unwrap_or_default();
            rel(
                key,
                Predicate::MinistryOf,
                obj(&format!("state/{state}")),
                !req,
            );
        }
    }
    if kind.has_meeting() && is_named(main) {
        for state in sides {
            rel(main, Predicate::Participant, obj(&state_key(state)), false);
        }
        if facts.contains(&Fact::MeetingOrdinal) {
            rel(
                main,
                Predicate::Ordinal,
                Target::Value(session.ordinal.to_string()),
                false,
            );
        }
        if let Some(date) = facts
            .contains(&Fact::MeetingDate)
            .then(|| ctx.slot_of("date_value"))
            .flatten()
        {
            rel(
                main,
                Predicate::Date,
                Target::Value(date.text.clone()),
                false,
            );
        }
        if facts.contains(&Fact::MeetingVenue) {
            rel(
                main,
                Predicate::HeldIn,
                obj(&format!("place/{}", slug(&session.city))),
                false,
            );
        }
        for (key, (_, req)) in &named {
            let mentionable = matches!(
                type_of(key),
                EntityType::TerroristGroup
                    | EntityType::Resolution
                    | EntityType::Convention
                    | EntityType::Conference
                    | EntityType::Attack
            );
            if mentionable && *req {
                rel(main, Predicate::Mentions, obj(key), false);
            }
        }
    }
    for (key, (_, req)) in &named {
        if type_of(key) == EntityType::Conference && *req {
            if facts.contains(&Fact::ConferenceDate)
                && let Some(d) = ctx.slot_of("conf_date_value")
            {
                rel(key, Predicate::Date, Target::Value(d.text.clone()), false);
            }
            if facts.contains(&Fact::ConferenceVenue)
                && let Some(place) = ctx.slot_of("conf_place").and_then(|s| s.first_entity())
            {
                rel(key, Predicate::HeldIn, obj(&place), false);
            }
        }
    }
    let mut gold = Extraction {
        doc: file.to_string(),
        entities,
        relations: relations.into_iter().collect(),
    };
    if kind.has_meeting() && facts.contains(&Fact::NextMeeting) && is_named(main) {
        next_meeting(&mut gold, session, sides);
    }
    gold
}

/// The meeting a statement announces ("the next meeting in Paris"):
/// optional, as are its relations.
fn next_meeting(gold: &mut Extraction, session: &Session, sides: &[&State; 2]) {
    let key = "meeting/next";
    gold.entities.push(Entity {
        id: key.to_string(),
        kind: EntityType::Meeting,
        name: format!(
            "{} {}-{}",
            ordinal_digits(session.ordinal + 1),
            sides[0].name,
            sides[1].name
        ),
        aliases: vec!["next meeting".to_string()],
        evidence: Vec::new(),
        optional: true,
    });
    for state in sides {
        gold.relations.push(Relation {
            rule: None,
            evidence: Vec::new(),
            subject: key.to_string(),
            predicate: Predicate::Participant,
            target: Target::Object(state_key(state)),
            optional: true,
        });
    }
    gold.relations.push(Relation {
        rule: None,
        evidence: Vec::new(),
        subject: key.to_string(),
        predicate: Predicate::Ordinal,
        target: Target::Value((session.ordinal + 1).to_string()),
        optional: true,
    });
    gold.relations.push(Relation {
        rule: None,
        evidence: Vec::new(),
        subject: key.to_string(),
        predicate: Predicate::HeldIn,
        target: Target::Object(format!("place/{}", slug(&session.next_city))),
        optional: true,
    });
}
