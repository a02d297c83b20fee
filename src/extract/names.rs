//! Names found by the dictionaries: states (names, short forms and
//! adjectives), international organisations, terrorist groups, places and
//! conventions. Dictionary matches of ministries, dialogue mechanisms and
//! attacks are handed on to the passes that understand them.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Doc, Draft, Found, Rule, after, before};
use crate::lexicon::{Form, LexKind, LexMatch, PlaceKind};
use crate::model::{EntityType, Predicate};
use crate::text::slug;

/// What the dictionaries found in a document.
#[derive(Debug, Default)]
pub(crate) struct Names {
    /// States, organisations, groups, places and conventions, in text order.
    pub found: Vec<Found>,
    /// The length of the longest span in `found`.
    longest: usize,
    /// The first place of each name in `found`.
    first_place: HashMap<String, usize>,
    pub ministries: Vec<LexMatch>,
    pub dialogues: Vec<LexMatch>,
    pub attacks: Vec<LexMatch>,
}

impl Names {
    pub fn states(&self) -> impl DoubleEndedIterator<Item = &Found> {
        self.of(EntityType::State)
    }

    pub fn places(&self) -> impl DoubleEndedIterator<Item = &Found> {
        self.of(EntityType::Place)
    }

    pub fn of(&self, kind: EntityType) -> impl DoubleEndedIterator<Item = &Found> {
        self.found.iter().filter(move |f| f.kind == kind)
    }

    /// Those of a kind that start within `starts`, in text order: a lookup
    /// in the sorted list, so passes that ask around every mention stay
    /// linear in the length of the text.
    pub fn of_starting_in(
        &self,
        kind: EntityType,
        starts: Range<usize>,
    ) -> impl DoubleEndedIterator<Item = &Found> {
        let lo = self.found.partition_point(|f| f.span.start < starts.start);
        let hi = self.found.partition_point(|f| f.span.start < starts.end);
        self.found[lo..hi.max(lo)]
            .iter()
            .filter(move |f| f.kind == kind)
    }

    /// The names found that share a byte with `span`, in text order.
    pub fn overlapping_with(&self, span: &Range<usize>) -> impl Iterator<Item = &Found> {
        // no name found is longer than the longest one
        let lo = self
            .found
            .partition_point(|f| f.span.start + self.longest <= span.start);
        let hi = self.found.partition_point(|f| f.span.start < span.end);
        let span = span.clone();
        self.found[lo..hi.max(lo)]
            .iter()
            .filter(move |f| f.span.start < span.end && span.start < f.span.end)
    }

    /// Whether any name found overlaps `span`.
    pub fn overlapping(&self, span: &Range<usize>) -> bool {
        self.overlapping_with(span).next().is_some()
    }

    /// Adds names found by a later pass, keeping the list in text order.
    fn add(&mut self, new: Vec<Found>) {
        if new.is_empty() {
            return;
        }
        self.found.extend(new);
        self.found.sort_by_key(|f| f.span.start);
        self.longest = self.found.iter().map(|f| f.span.len()).max().unwrap_or(0);
        self.first_place.clear();
        for (i, f) in self.found.iter().enumerate() {
            if f.kind == EntityType::Place {
                self.first_place.entry(f.name.clone()).or_insert(i);
            }
        }
    }

    /// The first place found of this canonical name.
    pub fn place_named(&self, name: &str) -> Option<&Found> {
        self.first_place.get(name).map(|&i| &self.found[i])
    }

    /// Any name found starting exactly at `at`.
    pub fn starting_at(&self, at: usize) -> impl Iterator<Item = &Found> {
        let lo = self.found.partition_point(|f| f.span.start < at);
        self.found[lo..]
            .iter()
            .take_while(move |f| f.span.start == at)
    }

    /// The state whose name starts at `at`.
    pub fn state_at(&self, at: usize) -> Option<&Found> {
        self.starting_at(at).find(|f| f.kind == EntityType::State)
    }

    /// The state named just before `at` ("French Ministry", "India’s
    /// Ministry", "the Indian delegation"), allowing an article between.
    pub fn state_before(&self, text: &str, at: usize) -> Option<&Found> {
        // a name ends at most a few characters before `at`
        self.of_starting_in(EntityType::State, at.saturating_sub(200)..at)
            .rev()
            .find(|f| {
                f.span.end <= at && {
                    let gap = &text[f.span.end..at];
                    let gap = gap.trim_start_matches(['’', '\'']).trim_start_matches('s');
                    gap.trim().is_empty() && gap.len() <= 2
                }
            })
    }
}

/// The key of an entity that the dictionaries name.
pub(crate) fn key_of(kind: EntityType, name: &str, code: Option<&str>) -> String {
    match (kind, code) {
        (EntityType::State, Some(code)) => format!("state/{code}"),
        (EntityType::State, None) => format!("state/{}", slug(name)),
        (EntityType::Organization, _) => format!("organization/{}", slug(name)),
        (EntityType::TerroristGroup, _) => format!("group/{}", slug(name)),
        (EntityType::Place, _) => format!("place/{}", slug(name)),
        (EntityType::Convention, _) => format!("convention/{}", slug(name)),
        (EntityType::Attack, _) => format!("attack/{}", slug(name)),
        (EntityType::Conference, _) => format!("conference/{}", slug(name)),
        (kind, _) => format!("{}/{}", kind.as_str().to_lowercase(), slug(name)),
    }
}

pub(crate) fn find(doc: &Doc<'_>, draft: &mut Draft) -> Names {
    let mut names = Names::default();
    for m in &doc.matches {
        let entry = doc.lexicon.entry(m.entry);
        let kind = match entry.kind {
            LexKind::Ministry => {
                names.ministries.push(m.clone());
                continue;
            }
            LexKind::Dialogue => {
                names.dialogues.push(m.clone());
                continue;
            }
            LexKind::Attack => {
                names.attacks.push(m.clone());
                continue;
            }
            LexKind::State => EntityType::State,
            LexKind::Organization => EntityType::Organization,
            LexKind::TerroristGroup => EntityType::TerroristGroup,
            LexKind::Convention => EntityType::Convention,
            LexKind::Place => EntityType::Place,
        };
        if m.form == Form::Adjective && !adjective_names_state(doc.text, &m.span) {
            continue;
        }
        if kind == EntityType::Place && !believable_place(doc, m, entry.place_kind) {
            continue;
        }
        names.found.push(Found {
            kind,
            key: key_of(kind, &entry.name, entry.code.as_deref()),
            name: entry.name.clone(),
            span: m.span.clone(),
        });
    }
    // each pass below adds to a list kept in text order, which the passes
    // and the later ones search by position
    let first = std::mem::take(&mut names.found);
    names.add(first);
    indo_prefix(doc, &mut names);
    defined_abbreviations(doc, &mut names);
    places_in_states(doc, &mut names);
    for f in &names.found {
        draft.mention(doc, f);
    }
    // "Tianjin, China", "Cholpon-Ata, Kyrgyz Republic": where a place is
    for w in names.found.windows(2) {
        let (place, state) = (&w[0], &w[1]);
        if place.kind == EntityType::Place
            && state.kind == EntityType::State
            && doc.text[place.span.end..state.span.start] == *", "
        {
            draft.relate(
                &place.key,
                Predicate::LocatedIn,
                &state.key,
                Rule::PlaceCommaState.at(place.span.start..state.span.end),
            );
        }
    }
    names
}

/// "Indian Ocean" and "Latin American" do not name a state.
fn adjective_names_state(text: &str, span: &Range<usize>) -> bool {
    let next = after(text, span.end, 20)
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    let prev = before(text, span.start, 20)
        .trim_end()
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    !matches!(
        next,
        "Ocean" | "Sea" | "Subcontinent" | "Peninsula" | "Gulf"
    ) && !matches!(prev, "Latin" | "South" | "North" | "Central")
}

/// A capital, a major city or a region is a place wherever it is named;
/// another city only where the text says it is a place ("in X",
/// "X, <State>"). A place name that runs on into a longer proper name
/// ("Delhi Police", "Paris Agreement") is not a place mention.
fn believable_place(doc: &Doc<'_>, m: &LexMatch, kind: Option<PlaceKind>) -> bool {
    let text = doc.text;
    let rest = &text[m.span.end..];
    let next_word = rest
        .strip_prefix(' ')
        .map(|r| r.split(|c: char| !c.is_alphanumeric()).next().unwrap_or(""))
        .unwrap_or("");
    let continues_name = next_word.chars().next().is_some_and(char::is_uppercase)
        && !matches!(next_word, "And" | "On" | "In" | "At" | "For" | "To" | "Of")
        && !is_month(next_word)
        && doc.match_at(m.span.end + 1).is_none();
    if continues_name {
        return false;
    }
    match kind {
        Some(PlaceKind::City) | None => {
            let prev = before(text, m.span.start, 30)
                .trim_end()
                .trim_end_matches("the")
                .trim_end()
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("")
                .to_lowercase();
            let locative = matches!(
                prev.as_str(),
                "in" | "at" | "from" | "to" | "near" | "outside" | "via" | "visited" | "towards"
            );
            let followed_by_state = rest.starts_with(", ")
                && doc
                    .match_at(m.span.end + 2)
                    .is_some_and(|o| doc.lexicon.entry(o.entry).kind == LexKind::State);
            locative || followed_by_state
        }
        Some(_) => true,
    }
}

fn is_month(word: &str) -> bool {
    word.len() > 3 && crate::dates::month_number(word).is_some()
}

/// "held in Cholpon-Ata, Kyrgyz Republic": a place the lexicon lacks,
/// known as one because it stands after "in" and before its state.
fn places_in_states(doc: &Doc<'_>, names: &mut Names) {
    static IN_PLACE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(
            r"\b(?:in|at)\s+(?P<p>\p{Lu}[\p{L}’'-]*(?:\s\p{Lu}[\p{L}’'-]*){0,2}),\s$",
        )
        .expect("place pattern")
    });
    let mut new = Vec::new();
    for state in names.states() {
        let lead = before(doc.text, state.span.start, 60);
        let Some(c) = IN_PLACE.captures(lead) else {
            continue;
        };
        let p = c.name("p").unwrap();
        let span =
            state.span.start - lead.len() + p.start()..state.span.start - lead.len() + p.end();
        let known = names.overlapping(&span);
        let word = p.as_str();
        if known
            || is_month(word)
            || word.ends_with("day")
            || matches!(word, "The" | "This" | "That")
        {
            continue;
        }
        new.push(Found {
            kind: EntityType::Place,
            key: key_of(EntityType::Place, word, None),
            name: word.to_string(),
            span,
        });
    }
    names.add(new);
}

/// "Indo-French", "Indo-US": the prefix names India.
fn indo_prefix(doc: &Doc<'_>, names: &mut Names) {
    static INDO: LazyLock<Regex> =
        LazyLock::new(|| crate::text::pattern(r"\bIndo[-–]").expect("indo pattern"));
    let Some(india) = doc.lexicon.by_code(LexKind::State, "IND") else {
        return;
    };
    let mut new = Vec::new();
    for m in INDO.find_iter(doc.text) {
        if names.state_at(m.end()).is_some() {
            new.push(Found {
                kind: EntityType::State,
                key: key_of(EntityType::State, &india.name, india.code.as_deref()),
                name: india.name.clone(),
                span: m.start()..m.start() + "Indo".len(),
            });
        }
    }
    names.add(new);
}

/// "Eurasian Group on ... (EAG)": an abbreviation defined in brackets right
/// after a name stands for it wherever else the document uses it.
fn defined_abbreviations(doc: &Doc<'_>, names: &mut Names) {
    static ABBR: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"^\s*\((\p{Lu}[\p{L}\d&-]{1,11})\)").expect("abbreviation pattern")
    });
    // the first definition of an abbreviation stands for it
    let mut defined: Vec<(String, Found)> = Vec::new();
    for f in &names.found {
        if !matches!(
            f.kind,
            EntityType::Organization | EntityType::TerroristGroup
        ) {
            continue;
        }
        if let Some(c) = ABBR.captures(&doc.text[f.span.end..]) {
            let abbr = c.get(1).unwrap();
            let span = f.span.end + abbr.start()..f.span.end + abbr.end();
            if names.starting_at(span.start).any(|o| o.span == span)
                || defined.iter().any(|(a, _)| a == abbr.as_str())
            {
                continue; // the dictionary knows it already, or it was defined
            }
            defined.push((abbr.as_str().to_string(), f.clone()));
        }
    }
    let mut new = Vec::new();
    for (abbr, of) in defined {
        let pattern =
            crate::text::pattern(&format!(r"\b{}\b", regex::escape(&abbr))).expect("escaped");
        for m in pattern.find_iter(doc.text) {
            if !names.overlapping(&m.range()) {
                new.push(Found {
                    span: m.range(),
                    ..of.clone()
                });
            }
        }
    }
    names.add(new);
}
