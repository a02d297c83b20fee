//! Text → [`Extraction`]: what a statement says about counter-terrorism
//! cooperation. Pure functions of the text, its date and the lexicon: no
//! I/O, no global state; odd text yields diagnostics, never a panic.
//!
//! The work runs in passes over one [`Doc`], each in its own file:
//! dictionary names ([`names`]), resolutions, ministries, officials,
//! conferences, conventions, attacks, and last the meetings that tie them
//! together. Each pass adds [`Found`] mentions (with canonical keys) and
//! relations to a [`Draft`], which becomes the interchange object.

mod attacks;
mod conferences;
mod conventions;
mod meetings;
mod ministries;
mod names;
mod officials;
mod resolutions;
mod rule;

pub use rule::Rule;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::NaiveDate;

use crate::dates::{self, DateMention, Dateline};
use crate::lexicon::{LexMatch, Lexicon};
use crate::model::{Entity, EntityType, Evidence, Extraction, Predicate, Relation, Target};
use crate::text::{self, CharOffsets, MatchText};

/// A document as extraction sees it.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// File name, without folder.
    pub name: &'a str,
    pub text: &'a str,
    /// The date the statement was issued, which relative dates count from.
    pub date: Option<NaiveDate>,
}

/// What extraction found, and what it noticed but could not use.
#[derive(Debug, Clone)]
pub struct Output {
    pub extraction: Extraction,
    pub diagnostics: Vec<String>,
}

/// The extractor: the lexicon and the patterns built from it, made once and
/// used for every document.
#[derive(Debug, Clone)]
pub struct Extractor {
    lexicon: Lexicon,
    officials: officials::Patterns,
}

impl Extractor {
    pub fn new(lexicon: Lexicon) -> Self {
        let officials = officials::Patterns::new(&lexicon);
        Extractor { lexicon, officials }
    }

    /// Extracts several documents at once, on every core; the outputs come
    /// in the order of the inputs.
    pub fn extract_many(&self, inputs: &[Input<'_>]) -> Vec<Output> {
        use rayon::prelude::*;
        inputs.par_iter().map(|input| self.extract(input)).collect()
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn extract(&self, input: &Input<'_>) -> Output {
        let doc = Doc::new(input, &self.lexicon);
        let mut draft = Draft::default();
        let names = names::find(&doc, &mut draft);
        resolutions::find(&doc, &mut draft);
        let mut ministries = ministries::find(&doc, &names);
        let mut officials = officials::find(&doc, &self.officials, &names, &ministries);
        let conferences = conferences::find(&doc, &names, &mut draft);
        conventions::find(&doc, &names, &mut draft);
        attacks::find(&doc, &names, &mut draft);
        meetings::find(&doc, &names, &mut officials, &conferences, &mut draft);
        // a ministry's state may be known only through its official, and an
        // official's only through the meeting they led
        officials::lend_states(&officials, &mut ministries);
        ministries::record(&doc, &mut ministries, &mut draft);
        officials::record(&doc, &officials, &ministries, &mut draft);
        draft.finish(&doc)
    }
}

/// One document prepared for the passes: its matching form, sentences,
/// quotations, dates and dictionary matches.
pub(crate) struct Doc<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub lexicon: &'a Lexicon,
    pub sentences: Vec<Range<usize>>,
    pub dates: Vec<DateMention>,
    pub dateline: Option<Dateline>,
    pub matches: Vec<LexMatch>,
}

impl<'a> Doc<'a> {
    fn new(input: &Input<'a>, lexicon: &'a Lexicon) -> Self {
        let text = input.text;
        let dateline = dates::dateline(text);
        let date = input.date.or(dateline.as_ref().and_then(|d| d.date));
        let quoted = text::quoted_spans(text);
        let sentences = dates::statement_sentences(text, dateline.as_ref());
        let mut dates = dates::find_dates(text, date, &quoted);
        // in text order, so passes can look dates up by position
        dates.sort_by_key(|d| d.span.start);
        let matches = lexicon.find(&MatchText::new(text));
        Doc {
            name: input.name,
            text,
            lexicon,
            sentences,
            dates,
            dateline,
            matches,
        }
    }

    /// The dictionary match that starts at a byte offset (matches are in
    /// text order and do not overlap).
    pub fn match_at(&self, start: usize) -> Option<&LexMatch> {
        let i = self.matches.partition_point(|m| m.span.start < start);
        self.matches.get(i).filter(|m| m.span.start == start)
    }

    /// The dates that start within `starts`, in text order.
    pub fn dates_starting_in(&self, starts: Range<usize>) -> impl Iterator<Item = &DateMention> {
        let lo = self.dates.partition_point(|d| d.span.start < starts.start);
        self.dates[lo..]
            .iter()
            .take_while(move |d| d.span.start < starts.end)
    }

    /// The index of the sentence holding a byte offset.
    pub fn sentence_of(&self, at: usize) -> usize {
        self.sentences
            .partition_point(|s| s.end <= at)
            .min(self.sentences.len().saturating_sub(1))
    }

    pub fn sentence(&self, i: usize) -> &'a str {
        self.sentences.get(i).map_or("", |r| &self.text[r.clone()])
    }

    pub fn in_dateline(&self, r: &Range<usize>) -> bool {
        self.dateline
            .as_ref()
            .is_some_and(|d| d.span.contains(&r.start))
    }
}

/// A mention of an entity: where it stands and which entity it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub kind: EntityType,
    /// Canonical key: the entity's id and the path of its IRI.
    pub key: String,
    /// Canonical label.
    pub name: String,
    /// Byte range in the text.
    pub span: Range<usize>,
}

/// Why a relation holds: the rule that read it and the text it read (a byte
/// range; the sentence or sentences it stands in become the relation's
/// evidence). Made with [`Rule::at`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Because {
    pub rule: Rule,
    pub at: Range<usize>,
}

/// Something read from the text, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sourced<T> {
    pub value: T,
    pub because: Because,
}

impl<T> Sourced<T> {
    pub fn new(value: T, because: Because) -> Self {
        Sourced { value, because }
    }
}

/// A relation without its evidence: what the passes may find more than once.
type Fact = (String, Predicate, Target);

#[derive(Debug, Default)]
struct DraftEntity {
    kind: Option<EntityType>,
    name: String,
    forms: BTreeSet<String>,
    spans: BTreeSet<(usize, usize)>,
}

/// Entities and relations as the passes find them.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    entities: BTreeMap<String, DraftEntity>,
    /// Each relation with every (rule, start, end) that read it.
    relations: BTreeMap<Fact, BTreeSet<(Rule, usize, usize)>>,
    diagnostics: Vec<String>,
}

impl Draft {
    /// Records a mention; `span` is where it stands (its text becomes an
    /// alias when it differs from the name).
    pub fn mention(&mut self, doc: &Doc<'_>, found: &Found) {
        let e = self.entities.entry(found.key.clone()).or_default();
        if e.kind.is_none() {
            e.kind = Some(found.kind);
            e.name = found.name.clone();
        }
        if !found.span.is_empty() {
            e.spans.insert((found.span.start, found.span.end));
            let form = clean_form(&doc.text[found.span.clone()]);
            if !form.is_empty() {
                e.forms.insert(form);
            }
        }
    }

    /// Records an entity known without a mention of its own (a meeting's
    /// dialogue) or adds a form to it.
    pub fn entity(&mut self, kind: EntityType, key: &str, name: &str) {
        let e = self.entities.entry(key.to_string()).or_default();
        if e.kind.is_none() {
            e.kind = Some(kind);
            e.name = name.to_string();
        }
    }

    pub fn alias(&mut self, key: &str, form: &str) {
        if let Some(e) = self.entities.get_mut(key) {
            e.forms.insert(clean_form(form));
        }
    }

    /// Every mention so far of entities of these kinds: key, kind, span.
    pub fn mentions_of(&self, kinds: &[EntityType]) -> Vec<(String, EntityType, Range<usize>)> {
        let mut out: Vec<_> = self
            .entities
            .iter()
            .filter_map(|(key, e)| Some((key, e.kind?, &e.spans)))
            .filter(|(_, kind, _)| kinds.contains(kind))
            .flat_map(|(key, kind, spans)| {
                spans.iter().map(move |&(s, e)| (key.clone(), kind, s..e))
            })
            .collect();
        out.sort_by_key(|(_, _, span)| span.start);
        out
    }

    /// Records that `subject` stands in `predicate` to the entity `object`,
    /// and why. Found again (by another rule or in another sentence), it
    /// gains evidence.
    pub fn relate(&mut self, subject: &str, predicate: Predicate, object: &str, because: Because) {
        if subject != object {
            let fact = (
                subject.to_string(),
                predicate,
                Target::Object(object.to_string()),
            );
            self.support(fact, because);
        }
    }

    /// Records a literal value of `subject`, and why.
    pub fn value(
        &mut self,
        subject: &str,
        predicate: Predicate,
        value: impl Into<String>,
        because: Because,
    ) {
        let fact = (subject.to_string(), predicate, Target::Value(value.into()));
        self.support(fact, because);
    }

    fn support(&mut self, fact: Fact, because: Because) {
        self.relations.entry(fact).or_default().insert((
            because.rule,
            because.at.start,
            because.at.end,
        ));
    }

    pub fn note(&mut self, message: String) {
        self.diagnostics.push(message);
    }

    fn finish(self, doc: &Doc<'_>) -> Output {
        let offsets = CharOffsets::new(doc.text);
        let entities = self
            .entities
            .into_iter()
            .filter_map(|(id, e)| {
                let kind = e.kind?;
                let aliases = e.forms.into_iter().filter(|f| *f != e.name).collect();
                let evidence = e
                    .spans
                    .into_iter()
                    .map(|(s, end)| Evidence {
                        start: offsets.char_offset(s),
                        end: offsets.char_offset(end),
                        text: doc.text[s..end].to_string(),
                        rule: None,
                    })
                    .collect();
                Some(Entity {
                    id,
                    kind,
                    name: e.name,
                    aliases,
                    evidence,
                    optional: false,
                })
            })
            .collect::<Vec<_>>();
        let known: BTreeSet<&str> = entities.iter().map(|e| e.id.as_str()).collect();
        // the map's order is (subject, predicate, target)
        let relations: Vec<Relation> = self
            .relations
            .into_iter()
            .filter(|((subject, _, target), _)| {
                known.contains(subject.as_str())
                    && match target {
                        Target::Object(o) => known.contains(o.as_str()),
                        Target::Value(_) => true,
                    }
            })
            .map(|((subject, predicate, target), read)| {
                let evidence = relation_evidence(doc, &offsets, &read);
                Relation {
                    subject,
                    predicate,
                    target,
                    optional: false,
                    rule: evidence.first().and_then(|e| e.rule.clone()),
                    evidence,
                }
            })
            .collect();
        Output {
            extraction: Extraction {
                doc: doc.name.to_string(),
                entities,
                relations,
            },
            diagnostics: self.diagnostics,
        }
    }
}

/// A relation's evidence: the sentence or run of sentences each reading
/// stands in, once per rule, in document order.
fn relation_evidence(
    doc: &Doc<'_>,
    offsets: &CharOffsets,
    read: &BTreeSet<(Rule, usize, usize)>,
) -> Vec<Evidence> {
    let mut spans: BTreeSet<(usize, usize, Rule)> = BTreeSet::new();
    for &(rule, start, end) in read {
        let (start, end) = match (
            doc.sentences.get(doc.sentence_of(start)),
            doc.sentences
                .get(doc.sentence_of(end.saturating_sub(1).max(start))),
        ) {
            (Some(first), Some(last)) => (first.start.min(start), last.end.max(end)),
            _ => (start, end),
        };
        spans.insert((start, end, rule));
    }
    spans
        .into_iter()
        .map(|(start, end, rule)| Evidence {
            start: offsets.char_offset(start),
            end: offsets.char_offset(end),
            text: doc.text[start..end].to_string(),
            rule: Some(rule.as_str().to_string()),
        })
        .collect()
}

/// A surface form as an alias: white space collapsed, surrounding quotes and
/// a leading "the" dropped.
fn clean_form(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut trimmed = collapsed.trim_matches(|c: char| matches!(c, '"' | '“' | '”' | ','));
    if trimmed.matches('(').count() != trimmed.matches(')').count() {
        trimmed = trimmed.trim_matches(|c: char| matches!(c, '(' | ')'));
    }
    trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .unwrap_or(trimmed)
        .to_string()
}

/// The text just before a byte offset, up to `n` bytes, on a char boundary.
pub(crate) fn before(text: &str, at: usize, n: usize) -> &str {
    let mut start = at.saturating_sub(n);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..at]
}

/// The text just after a byte offset, up to `n` bytes, on a char boundary.
pub(crate) fn after(text: &str, at: usize, n: usize) -> &str {
    let mut end = (at + n).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[at..end]
}

/// English ordinal words and numbers: "ninth" → 9, "15th" → 15.
pub(crate) fn ordinal_value(s: &str) -> Option<u32> {
    let s = s
        .trim()
        .trim_matches(|c| c == '(' || c == ')')
        .to_lowercase();
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let suffix = &s[digits.len()..];
        return matches!(suffix, "st" | "nd" | "rd" | "th" | "").then(|| digits.parse().ok())?;
    }
    const WORDS: &[&str] = &[
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
    if s == "inaugural" {
        return Some(1);
    }
    WORDS.iter().position(|w| *w == s).map(|i| i as u32 + 1)
}

/// "4th", "15th", "22nd".
pub(crate) fn ordinal_label(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Helpers for the passes' tests: extraction of a sentence with the
/// built-in lexicon.
#[cfg(test)]
pub(crate) mod tests_support {
    use std::sync::LazyLock;

    use super::{Extractor, Input};
    use crate::lexicon::Lexicon;
    use crate::model::Extraction;

    static EXTRACTOR: LazyLock<Extractor> =
        LazyLock::new(|| Extractor::new(Lexicon::builtin().expect("built-in lexicon")));

    pub fn extract_text(text: &str, date: Option<&str>) -> Extraction {
        let date = date.map(|d| d.parse().expect("test date"));
        EXTRACTOR
            .extract(&Input {
                name: "test.txt",
                text,
                date,
            })
            .extraction
    }

    /// `subject name, predicate, object name or value` of every relation.
    pub fn facts(x: &Extraction) -> Vec<(String, String, String)> {
        let name = |id: &str| x.entity(id).map_or(id.to_string(), |e| e.name.clone());
        let mut v: Vec<_> = x
            .relations
            .iter()
            .map(|r| {
                let object = match &r.target {
                    crate::model::Target::Object(o) => name(o),
                    crate::model::Target::Value(v) => v.clone(),
                };
                (name(&r.subject), r.predicate.to_string(), object)
            })
            .collect();
        v.sort();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_in_words_and_digits() {
        assert_eq!(ordinal_value("ninth"), Some(9));
        assert_eq!(ordinal_value("(eighth)"), Some(8));
        assert_eq!(ordinal_value("15th"), Some(15));
        assert_eq!(ordinal_value("22nd"), Some(22));
        assert_eq!(ordinal_value("15x"), None);
        assert_eq!(ordinal_label(13), "13th");
        assert_eq!(ordinal_label(22), "22nd");
    }

    #[test]
    fn forms_lose_quotes_and_a_leading_article() {
        assert_eq!(clean_form("the  Indian\nMinistry"), "Indian Ministry");
        assert_eq!(clean_form("“No Money for Terror”"), "No Money for Terror");
    }
}
