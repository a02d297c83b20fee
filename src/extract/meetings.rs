//! Meetings: sessions of a dialogue mechanism between states (a Joint
//! Working Group, a Counter-Terrorism Dialogue), with their sides, ordinal,
//! dates, venue, format, the officials who led each side, and what the
//! statement names in connection with them.
//!
//! A document names one meeting in many ways ("the ninth meeting of their
//! Joint Working Group", "9th meeting of Joint Working Group on Counter
//! Terrorism between India and Uzbekistan", "The meeting, co-chaired by")
//! and may recall others ("the previous (eighth) meeting"). Mentions with
//! the same sides, mechanism and ordinal are one meeting; mentions without
//! an ordinal are the document's main meeting.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::conferences::Conference;
use super::names::Names;
use super::officials::Official;
use super::{Because, Doc, Draft, Found, Rule, after, before, ordinal_label, ordinal_value};
use crate::dates::DateBasis;
use crate::lexicon::LexKind;
use crate::model::{EntityType, Predicate};
use crate::spans::SpanSet;
use crate::text::slug;

const ORDINAL: &str = r"(?:\d{1,4}(?:st|nd|rd|th)|inaugural|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth)";

/// "the 4th meeting of the", "the 15th Meeting of their", "the ninth":
/// what may stand before a dialogue's name (sides excluded).
static ORDINAL_BEFORE_DIALOGUE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(&format!(
        r"(?i)\b(?P<ord>{ORDINAL})\s+(?:\((?P<ord2>{ORDINAL})\)\s+)?(?:(?:meeting|round|session|edition)\s+(?:of\s+)?(?:the\s+|their\s+)?)?$"
    ))
    .expect("ordinal before dialogue")
});

/// "previous (eighth) meeting", "ninth meeting", "the next session".
static ORDINAL_MEETING: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(&format!(
        r"(?i)\b(?:(?P<rel>previous|last|next|upcoming|following)\s+)?(?:(?P<ord>{ORDINAL})\s+)?(?:\((?P<ord2>{ORDINAL})\)\s+)?(?P<noun>meeting|round|session)\b"
    ))
    .expect("ordinal meeting")
});

/// "The meeting", "a counter-terrorism meeting", "this year’s meeting".
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?i)\b(?:the|this|that|a|today[’']s|this\s+year[’']s)\s+(?:(?P<ct>counter[- ]?terrorism|CT|bilateral|JWG)\s+)?(?:meeting|talks|consultations)\b")
        .expect("meeting reference")
});

/// Words before a dialogue's name that make it a session, not the
/// mechanism: "held their", "during the", "hosted the"; a session's
/// qualifier may stand between ("held their annual", "held the 2024").
static SESSION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?i)\b(?:(?:during|at|held|hold|holding|convened|attended|in|of)\s+(?:the|their|a|its)|(?:co-?chaired|chaired|hosted|convened|attended)(?:\s+(?:the|their|a|its))?)\s+(?:(?:annual|yearly|regular|latest|(?:19|20)\d{2})\s+)?$")
        .expect("session cue before")
});
static SESSION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"^[^.;]{0,60}?\b(?:was|were|is)\s+(?:held|convened|hosted)|^\s+(?:met|took\s+place|convened)\b")
        .expect("session cue after")
});
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?i)\b(?:last|previous|preceding|earlier)\s+$").expect("past")
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"^\s+(?:held\s+)?in\s+(?P<m>[A-Z][a-z]+\.?)\s+(?P<y>(?:19|20)\d{2})\b")
        .expect("month year")
});
/// "(...) held its 44th meeting": a mechanism's own session.
static HELD_ITS: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"^(?:\s+of\s+(?:the\s+)?[^().;]{0,80}?)?\s*(?:\([^)]*\)\s*)?(?:held|convened|holds|hold|concluded)\s+(?:its|their)\s+$")
        .expect("held its")
});
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?i)\b(?:next|upcoming|following)\s+(?:\w+\s+){0,2}$").expect("future")
});
static BETWEEN: LazyLock<Regex> =
    LazyLock::new(|| crate::text::pattern(r"^\s+(?:between|of)\s+(?:the\s+)?$").expect("between"));
static VIRTUAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?i)\b(?:virtually|virtual\s+(?:format|mode|meeting|session)|video[- ]?conferenc\w*|online\s+format|via\s+video)\b")
        .expect("virtual")
});

/// The date chosen for a meeting: how it was known (0 written with its
/// year, 1 year from the document, 2 relative), its distance from the
/// meeting's mention, first and last day.
type DateChoice = (u8, usize, chrono::NaiveDate, Option<chrono::NaiveDate>);

/// A mechanism named in the text: where, its sides (and how they were
/// read), its owning body, its kind.
#[derive(Debug, Clone)]
struct Mechanism {
    span: Range<usize>,
    sides: Vec<Side>,
    side_sources: Vec<SideSource>,
    owner: Option<Side>,
    kind: Option<String>,
}

/// Why a side takes part in a meeting: the rule that read it, and where.
#[derive(Debug, Clone)]
struct SideSource {
    key: String,
    because: Because,
}

impl SideSource {
    fn all(sides: &[Side], because: &Because) -> Vec<SideSource> {
        sides
            .iter()
            .map(|s| SideSource {
                key: s.key.clone(),
                because: because.clone(),
            })
            .collect()
    }
}

/// One way the text names a meeting.
#[derive(Debug, Clone)]
struct Mention {
    span: Range<usize>,
    /// Side codes written with it ("India-Tajikistan", "between India and Uzbekistan").
    sides: Vec<Side>,
    /// How each of `sides` was read.
    side_sources: Vec<SideSource>,
    kind: Option<String>,
    ordinal: Option<u32>,
    /// The rule that read `ordinal`.
    ordinal_rule: Rule,
    /// The month of a past session named without its day ("the last ...
    /// Dialogue in March 2023"): `2023-03`.
    period: Option<String>,
    /// The body whose mechanism it is, for a multilateral meeting.
    owner: Option<Side>,
    /// Names the meeting itself (not "the meeting").
    named: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Side {
    code: String,
    key: String,
    name: String,
}

/// A meeting: its mentions gathered.
#[derive(Debug)]
struct Meeting {
    sides: Vec<Side>,
    /// The body a multilateral mechanism belongs to (BRICS, SCO RATS).
    owner: Option<Side>,
    kind: String,
    ordinal: Option<u32>,
    period: Option<String>,
    mentions: Vec<Mention>,
}

pub(crate) fn find(
    doc: &Doc<'_>,
    names: &Names,
    officials: &mut [Official],
    conferences: &[Conference],
    draft: &mut Draft,
) {
    let sides_found: Vec<&Found> = names
        .found
        .iter()
        .filter(|f| matches!(f.kind, EntityType::State | EntityType::Organization))
        .collect();
    let principal = principal_sides(doc, &sides_found);
    let mechanisms = mechanism_names(doc, names, &sides_found);
    let mentions = mentions(doc, names, &sides_found, &mechanisms);
    let doc_kind = dominant_kind(&mechanisms);
    let mut meetings = gather(mentions, &principal.sides, &doc_kind, draft);
    if meetings.is_empty() {
        return;
    }
    let main = main_meeting(&meetings);
    let mut excluded = SpanSet::default();
    for span in conferences.iter().map(|c| c.span.clone()).chain(
        draft
            .mentions_of(&[EntityType::Attack])
            .into_iter()
            .map(|(_, _, s)| s),
    ) {
        excluded.insert(span);
    }

    // the meeting each sentence speaks of: its mentions' meetings
    let mut by_sentence: BTreeMap<usize, Vec<(usize, Range<usize>)>> = BTreeMap::new();
    for (i, m) in meetings.iter().enumerate() {
        for mention in &m.mentions {
            by_sentence
                .entry(doc.sentence_of(mention.span.start))
                .or_default()
                .push((i, mention.span.clone()));
        }
    }
    let nearest = |sentence: usize, at: usize| -> Option<usize> {
        by_sentence.get(&sentence).and_then(|v| {
            v.iter()
                .min_by_key(|(_, span)| span.start.abs_diff(at).min(span.end.abs_diff(at)))
                .map(|(i, _)| *i)
        })
    };

    let mut dates: Vec<Option<DateChoice>> = vec![None; meetings.len()];
    // every date read for each meeting: the chosen one's evidence
    let mut date_reads: Vec<Vec<&crate::dates::DateMention>> = vec![Vec::new(); meetings.len()];
    for d in &doc.dates {
        if doc.in_dateline(&d.span) || excluded.overlaps(&d.span) {
            continue;
        }
        let sentence = doc.sentence_of(d.span.start);
        let Some(i) = nearest(sentence, d.span.start) else {
            continue;
        };
        date_reads[i].push(d);
        let rank = match d.basis {
            DateBasis::Absolute => 0,
            DateBasis::YearFromDocument => 1,
            DateBasis::Relative => 2,
        };
        let distance = by_sentence[&sentence]
            .iter()
            .filter(|(j, _)| *j == i)
            .map(|(_, s)| s.start.abs_diff(d.span.start))
            .min()
            .unwrap_or(usize::MAX);
        let better = match &dates[i] {
            Some((r, dist, _, _)) => (rank, distance) < (*r, *dist),
            None => true,
        };
        if better {
            dates[i] = Some((rank, distance, d.start, d.end));
        }
    }

    let mut venues: Vec<Option<(usize, String)>> = vec![None; meetings.len()];
    // every venue read for each meeting: the chosen one's evidence
    let mut venue_reads: Vec<Vec<&Found>> = vec![Vec::new(); meetings.len()];
    for p in names.places() {
        // "in Paris", "at Canberra", "New Delhi hosted the 16th meeting"
        let lead = before(doc.text, p.span.start, 4);
        let hosted = doc.text[p.span.end..].starts_with(" hosted ");
        if !(lead.ends_with("in ") || lead.ends_with("at ") || hosted)
            || doc.in_dateline(&p.span)
            || excluded.overlaps(&p.span)
        {
            continue;
        }
        let sentence = doc.sentence_of(p.span.start);
        if let Some(i) = nearest(sentence, p.span.start) {
            venue_reads[i].push(p);
            let distance = by_sentence[&sentence]
                .iter()
                .filter(|(j, _)| *j == i)
                .map(|(_, s)| s.start.abs_diff(p.span.start))
                .min()
                .unwrap_or(usize::MAX);
            if venues[i].as_ref().is_none_or(|(d, _)| distance < *d) {
                venues[i] = Some((distance, p.key.clone()));
            }
        }
    }

    // the sentences that say a meeting was held online
    let mut virtual_meeting: Vec<Vec<Because>> = vec![Vec::new(); meetings.len()];
    for (sentence, v) in &by_sentence {
        if VIRTUAL.is_match(doc.sentence(*sentence)) {
            for (i, _) in v {
                virtual_meeting[*i].push(Rule::VirtualCue.at(doc.sentences[*sentence].clone()));
            }
        }
    }

    // the officials who led the sides, in order, each with the sentences
    // that say so
    let mut leaders: Vec<Vec<(usize, Vec<Because>)>> = vec![Vec::new(); meetings.len()];
    for (o, official) in officials.iter().enumerate() {
        for sentence in &official.leads_in {
            let read = doc.sentences[*sentence].clone();
            let (i, because) = match nearest(*sentence, read.start) {
                Some(i) => (i, Rule::LeaderCue.at(read)),
                None => (main, Rule::LeaderOfMainMeeting.at(read)),
            };
            match leaders[i].iter_mut().find(|(l, _)| *l == o) {
                Some((_, why)) => why.push(because),
                None => leaders[i].push((o, vec![because])),
            }
        }
    }

    let keys: Vec<String> = meetings
        .iter()
        .zip(&dates)
        .map(|(m, d)| meeting_key(doc, m, d.as_ref().map(|d| d.2)))
        .collect();
    for (i, m) in meetings.iter_mut().enumerate() {
        let key = &keys[i];
        let label = kind_label(doc, &mechanisms, &m.kind);
        // "France-India Joint Working Group ...", or for a body's own
        // mechanism "BRICS Counter-Terrorism Working Group"
        let side_names = match &m.owner {
            Some(o) if label.contains(&o.code) || label.contains(&o.name) => String::new(),
            Some(o) => o.name.clone(),
            None => m
                .sides
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join("-"),
        };
        let label = format!("{side_names} {label}").trim().to_string();
        let dialogue_key = format!("dialogue/{}/{}", group_code(m), m.kind);
        draft.entity(EntityType::Dialogue, &dialogue_key, &label);
        let name = match m.ordinal {
            Some(n) => format!("{} {label}", ordinal_label(n)),
            None => match (&dates[i], &m.period) {
                (Some((_, _, d, _)), _) => format!("{label} ({d})"),
                (None, Some(month)) => format!("{label} ({month})"),
                (None, None) => label.clone(),
            },
        };
        draft.entity(EntityType::Meeting, key, &name);
        for mention in m.mentions.iter().filter(|x| x.named) {
            draft.mention(
                doc,
                &Found {
                    kind: EntityType::Meeting,
                    key: key.clone(),
                    name: name.clone(),
                    span: mention.span.clone(),
                },
            );
        }
        // a session of the mechanism its mentions name, or else of the one
        // the statement names most
        let named_mechanism: Vec<&Mention> =
            m.mentions.iter().filter(|x| x.kind.is_some()).collect();
        let (session_rule, session_mentions) = if named_mechanism.is_empty() {
            (
                Rule::SessionOfDocumentsMechanism,
                m.mentions.iter().collect(),
            )
        } else {
            (Rule::SessionOfNamedMechanism, named_mechanism)
        };
        for mention in session_mentions {
            draft.relate(
                key,
                Predicate::SessionOf,
                &dialogue_key,
                session_rule.at(mention.span.clone()),
            );
        }
        for side in &m.sides {
            // a body known from the lexicon may be unnamed in the text
            let kind = if side.key.starts_with("state/") {
                EntityType::State
            } else {
                EntityType::Organization
            };
            draft.entity(kind, &side.key, &side.name);
            let mut read: Vec<Because> = m
                .mentions
                .iter()
                .flat_map(|x| &x.side_sources)
                .filter(|source| source.key == side.key)
                .map(|source| source.because.clone())
                .collect();
            // mentions that write no sides took the statement's two (see
            // `gather`), as does a meeting only referred to
            let took_principal = m.mentions.iter().any(|x| {
                let explicit = x.sides.len() >= 2 || x.owner.is_some();
                let reference = x.ordinal.is_none() && x.period.is_none() && x.kind.is_none();
                !explicit && !reference
            });
            if (took_principal || read.is_empty()) && principal.sides.contains(side) {
                read.extend(
                    principal
                        .written
                        .iter()
                        .map(|w| Rule::SidesFromPrincipalPair.at(w.clone())),
                );
            }
            for because in read {
                draft.relate(key, Predicate::Participant, &side.key, because);
            }
        }
        if let Some(n) = m.ordinal {
            for mention in m.mentions.iter().filter(|x| x.ordinal == Some(n)) {
                draft.value(
                    key,
                    Predicate::Ordinal,
                    n.to_string(),
                    mention.ordinal_rule.at(mention.span.clone()),
                );
            }
        }
        if let Some((_, _, start, end)) = &dates[i] {
            for d in date_reads[i].iter().filter(|d| d.start == *start) {
                let because = Rule::DateNearMeeting.at(d.span.clone());
                draft.value(key, Predicate::Date, start.to_string(), because.clone());
                if let Some(end) = end
                    && d.end == Some(*end)
                {
                    draft.value(key, Predicate::EndDate, end.to_string(), because);
                }
            }
        }
        match (&venues[i], virtual_meeting[i].is_empty()) {
            (_, false) => {
                for because in &virtual_meeting[i] {
                    draft.value(key, Predicate::Virtual, "true", because.clone());
                }
            }
            (Some((_, place)), true) => {
                for p in venue_reads[i].iter().filter(|p| p.key == *place) {
                    let read = p.span.clone();
                    draft.relate(
                        key,
                        Predicate::HeldIn,
                        place,
                        Rule::VenueNearMeeting.at(read.clone()),
                    );
                    draft.value(
                        key,
                        Predicate::Virtual,
                        "false",
                        Rule::InPersonAtVenue.at(read),
                    );
                }
            }
            (None, true) => {}
        }
        complete_leader_states(&m.sides, &leaders[i], officials);
        for (o, why) in &leaders[i] {
            for because in why {
                draft.relate(key, Predicate::LedBy, &officials[*o].key, because.clone());
            }
        }
    }
    mentions_of_main(doc, draft, &keys[main]);
}

/// Mentions of meetings in the text, in order.
fn mentions(
    doc: &Doc<'_>,
    names: &Names,
    sides_found: &[&Found],
    named: &[MechanismName],
) -> Vec<Mention> {
    let text = doc.text;
    let mut out: Vec<Mention> = Vec::new();
    let multilateral = attending_states(doc, names);
    // every mechanism named, with its sides: "X held its 44th meeting"
    // refers back to one
    let mut mechanisms: Vec<Mechanism> = Vec::new();
    // what the mentions so far cover, so a later pattern does not take it again
    let mut taken = SpanSet::default();
    for d in named {
        let kind = Some(d.kind.clone());
        // sides written before the name: "India-Tajikistan", "Indo-French"
        let (mut sides, mut start) = sides_before(text, sides_found, d.span.start);
        let mut because = Rule::SidesFromMechanismName.at(start..d.span.end);
        // or after it: "between India and Uzbekistan"
        if sides.is_empty() {
            sides = sides_after(text, sides_found, d.span.end);
            let end = sides.last().map_or(d.span.end, |s| s.span.end);
            because = Rule::SidesBetween.at(d.span.start..end);
        }
        let mut sides: Vec<Side> = sides.into_iter().map(|f| side_of(doc, f)).collect();
        let mut side_sources = SideSource::all(&sides, &because);
        // a body's own mechanism ("BRICS Counter-Terrorism Working Group",
        // "the Council of the RATS of the SCO"): the body, the states that
        // attended and the chair are its sides
        let mut owner = None;
        if sides.len() < 2 {
            let (body, body_start) = owner_of(doc, sides_found, d);
            if let Some(body) = body {
                start = body_start.min(start);
                side_sources = SideSource::all(
                    std::slice::from_ref(&body),
                    &Rule::BodyOfMechanism.at(start..d.span.end),
                );
                side_sources.extend(multilateral.iter().map(|(side, because)| SideSource {
                    key: side.key.clone(),
                    because: because.clone(),
                }));
                sides = std::iter::once(body.clone())
                    .chain(multilateral.iter().map(|(side, _)| side.clone()))
                    .collect();
                owner = Some(body);
            }
        }
        let lead = before(text, start, 60);
        let ordinal = ORDINAL_BEFORE_DIALOGUE.captures(lead).and_then(|c| {
            start = start - lead.len() + c.get(0).unwrap().start();
            c.name("ord2")
                .or(c.name("ord"))
                .and_then(|o| ordinal_value(o.as_str()))
        });
        if FUTURE.is_match(before(text, start, 40)) {
            continue;
        }
        let earlier = PAST.is_match(before(text, start, 30));
        let period = MONTH_YEAR
            .captures(after(text, d.span.end, 40))
            .and_then(|c| {
                let month = crate::dates::month_number(&c["m"])?;
                Some(format!("{}-{month:02}", &c["y"]))
            });
        if earlier && ordinal.is_none() && period.is_none() {
            continue; // "the last Dialogue": which one is not said
        }
        mechanisms.push(Mechanism {
            span: d.span.clone(),
            sides: sides.clone(),
            side_sources: side_sources.clone(),
            owner: owner.clone(),
            kind: kind.clone(),
        });
        let session = ordinal.is_some()
            || earlier
            || SESSION_BEFORE.is_match(before(text, start, 30))
            || SESSION_AFTER.is_match(after(text, d.span.end, 80));
        if !session {
            continue; // the mechanism, not one of its sessions
        }
        let span = start..d.span.end;
        taken.insert(span.clone());
        out.push(Mention {
            span,
            sides,
            side_sources,
            kind,
            ordinal,
            ordinal_rule: Rule::OrdinalBeforeMechanism,
            period: if earlier || ordinal.is_some() {
                period
            } else {
                None
            },
            owner,
            named: true,
        });
    }
    for c in ORDINAL_MEETING.captures_iter(text) {
        let m = c.get(0).unwrap();
        if taken.overlaps(&m.range()) {
            continue;
        }
        let ordinal = c
            .name("ord2")
            .or(c.name("ord"))
            .and_then(|o| ordinal_value(o.as_str()));
        let relative = c.name("rel").map(|r| r.as_str().to_lowercase());
        // "the next session" is still to come; "13th anniversary" is not a meeting
        if ordinal.is_none()
            || matches!(relative.as_deref(), Some("next" | "upcoming" | "following"))
        {
            continue;
        }
        let sentence = &doc.sentences[doc.sentence_of(m.start())];
        // mechanisms are in text order: those of this sentence, before it
        let lo = mechanisms.partition_point(|x| x.span.start < sentence.start);
        let hi = mechanisms.partition_point(|x| x.span.start < m.start());
        let mechanism = mechanisms[lo..hi.max(lo)]
            .iter()
            .rev()
            .find(|x| x.span.end <= m.start() && HELD_ITS.is_match(&text[x.span.end..m.start()]));
        let (sides, side_sources, owner, kind) = match mechanism {
            Some(x) => (
                x.sides.clone(),
                x.side_sources.clone(),
                x.owner.clone(),
                x.kind.clone(),
            ),
            None => {
                let found = sides_after(text, sides_found, m.end());
                let end = found.last().map_or(m.end(), |f| f.span.end);
                let sides: Vec<Side> = found.into_iter().map(|f| side_of(doc, f)).collect();
                let sources = SideSource::all(&sides, &Rule::SidesBetween.at(m.start()..end));
                (sides, sources, None, None)
            }
        };
        taken.insert(m.range());
        out.push(Mention {
            span: m.range(),
            sides,
            side_sources,
            kind,
            ordinal,
            ordinal_rule: Rule::OrdinalMeeting,
            period: None,
            owner,
            named: true,
        });
    }
    for c in REFERENCE.captures_iter(text) {
        let m = c.get(0).unwrap();
        if taken.overlaps(&m.range()) {
            continue;
        }
        taken.insert(m.range());
        out.push(Mention {
            span: m.range(),
            sides: Vec::new(),
            side_sources: Vec::new(),
            kind: None,
            ordinal: None,
            ordinal_rule: Rule::OrdinalMeeting,
            period: None,
            owner: None,
            named: c.name("ct").is_some(),
        });
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// States or bodies joined by hyphens right before `at`: "India-Tajikistan ",
/// "India-U.S. ", "Indo-French ".
/// The sides (in text order) that start within `starts`: a lookup, so
/// that asking around every mention stays linear.
fn starting_in<'s, 'f>(sides: &'s [&'f Found], starts: Range<usize>) -> &'s [&'f Found] {
    let lo = sides.partition_point(|f| f.span.start < starts.start);
    let hi = sides.partition_point(|f| f.span.start < starts.end);
    &sides[lo..hi.max(lo)]
}

/// How far before a place a side's name may start and still end next to
/// it: longer than any state's or body's name.
const NAME_REACH: usize = 120;

fn sides_before<'f>(text: &str, sides: &[&'f Found], at: usize) -> (Vec<&'f Found>, usize) {
    let mut out: Vec<&Found> = Vec::new();
    let mut pos = at;
    while out.len() < 3 {
        let first = out.is_empty();
        let near = starting_in(sides, pos.saturating_sub(NAME_REACH)..pos);
        let prev = near.iter().rev().find(|f| {
            f.span.end <= pos && {
                let gap = &text[f.span.end..pos];
                if first {
                    gap == " "
                } else {
                    matches!(gap, "-" | "–" | "/" | " - " | " – ")
                }
            }
        });
        match prev {
            Some(f) => {
                out.push(f);
                pos = f.span.start;
            }
            None => break,
        }
    }
    if out.len() < 2 {
        return (Vec::new(), at);
    }
    out.reverse();
    (out, pos)
}

/// The body a mechanism belongs to: the lexicon's owner, or a body named
/// right before it ("BRICS Counter-Terrorism Working Group") or after it
/// ("... of the Shanghai Cooperation Organization"). Returns it with where
/// its mention starts.
fn owner_of(doc: &Doc<'_>, sides_found: &[&Found], d: &MechanismName) -> (Option<Side>, usize) {
    static OF: LazyLock<Regex> =
        LazyLock::new(|| crate::text::pattern(r"^\s+of\s+(?:the\s+)?$").expect("of"));
    let orgs = |starts: Range<usize>| {
        starting_in(sides_found, starts)
            .iter()
            .filter(|f| f.kind == EntityType::Organization)
    };
    if let Some(owner) = &d.owner {
        let key = super::names::key_of(EntityType::Organization, owner, None);
        let code = doc
            .lexicon
            .by_name(LexKind::Organization, owner)
            .and_then(|e| e.code.clone())
            .unwrap_or_else(|| slug(owner));
        let side = Side {
            code,
            key,
            name: owner.clone(),
        };
        return (Some(side), d.span.start);
    }
    let before = orgs(d.span.start.saturating_sub(NAME_REACH)..d.span.start)
        .find(|f| f.span.end + 1 == d.span.start && doc.text[f.span.end..].starts_with(' '));
    if let Some(before) = before {
        return (Some(side_of(doc, before)), before.span.start);
    }
    let after = orgs(d.span.end + 1..d.span.end + 12)
        .find(|f| OF.is_match(&doc.text[d.span.end..f.span.start]));
    (after.map(|f| side_of(doc, f)), d.span.start)
}

/// The states a multilateral meeting's statement says attended
/// ("Delegations from ... attended"), and the state that chaired it, each
/// with the text that says so.
fn attending_states(doc: &Doc<'_>, names: &Names) -> Vec<(Side, Because)> {
    static ATTENDED: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"(?i)\b(?:delegations?|representatives?|officials)\s+(?:from|of)\b[^.]*\b(?:attended|participated|took\s+part)\b")
            .expect("attended")
    });
    static CHAIR: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"(?i)\b(?:chair(?:ship|manship)?|presidency)\s+of\s+(?:the\s+)?$")
            .expect("chair")
    });
    let mut out: Vec<(Side, Because)> = Vec::new();
    for state in names.states() {
        let sentence = doc.sentence(doc.sentence_of(state.span.start));
        let attended = ATTENDED.is_match(sentence);
        let chair = CHAIR.is_match(before(doc.text, state.span.start, 30));
        let side = side_of(doc, state);
        if (attended || chair) && !out.iter().any(|(s, _)| *s == side) {
            out.push((side, Rule::AttendingStates.at(state.span.clone())));
        }
    }
    out
}

/// "between India and Uzbekistan" right after `at`.
fn sides_after<'f>(text: &str, sides: &[&'f Found], at: usize) -> Vec<&'f Found> {
    let first = starting_in(sides, at + 1..(at + 40).min(text.len()))
        .iter()
        .find(|f| BETWEEN.is_match(&text[at..f.span.start]));
    let Some(first) = first else {
        return Vec::new();
    };
    let second = starting_in(sides, first.span.end + 1..first.span.end + 10)
        .iter()
        .find(|f| {
            matches!(
                &text[first.span.end..f.span.start],
                " and " | " and the " | " & "
            )
        });
    match second {
        Some(second) => vec![first, second],
        None => Vec::new(),
    }
}

fn side_of(doc: &Doc<'_>, found: &Found) -> Side {
    let code = match found.kind {
        EntityType::State => found.key.trim_start_matches("state/").to_string(),
        _ => doc
            .lexicon
            .by_name(LexKind::Organization, &found.name)
            .and_then(|e| e.code.clone())
            .unwrap_or_else(|| slug(&found.name)),
    };
    Side {
        code,
        key: found.key.clone(),
        name: found.name.clone(),
    }
}

/// The two sides the document is about, and where it writes them together.
#[derive(Debug, Default)]
struct PrincipalSides {
    sides: Vec<Side>,
    written: Vec<Range<usize>>,
}

/// The two sides the document is about: the pair of states (or bodies)
/// most often written together ("India and France", "India-U.S.").
fn principal_sides(doc: &Doc<'_>, sides: &[&Found]) -> PrincipalSides {
    type Pair = (usize, usize, Side, Side, Vec<Range<usize>>);
    let mut pairs: BTreeMap<(String, String), Pair> = BTreeMap::new();
    for w in sides.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a.key == b.key || b.span.start < a.span.end {
            continue;
        }
        let gap = &doc.text[a.span.end..b.span.start];
        if !matches!(
            gap,
            "-" | "–" | "/" | " and " | " and the " | " & " | " And "
        ) {
            continue;
        }
        let (sa, sb) = (side_of(doc, a), side_of(doc, b));
        let id = if sa.code <= sb.code {
            (sa.code.clone(), sb.code.clone())
        } else {
            (sb.code.clone(), sa.code.clone())
        };
        let e = pairs
            .entry(id)
            .or_insert((0, a.span.start, sa, sb, Vec::new()));
        e.0 += 1;
        e.4.push(a.span.start..b.span.end);
    }
    pairs
        .into_values()
        .max_by_key(|(count, first, ..)| (*count, std::cmp::Reverse(*first)))
        .map(|(_, _, a, b, written)| PrincipalSides {
            sides: vec![a, b],
            written,
        })
        .unwrap_or_default()
}

/// The mechanism the document speaks of most.
fn dominant_kind(named: &[MechanismName]) -> String {
    let mut counts: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for d in named {
        let e = counts.entry(d.kind.clone()).or_insert((0, d.span.start));
        e.0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
        .map_or_else(|| "ct-talks".to_string(), |(k, _)| k)
}

/// Gathers mentions into meetings.
fn gather(
    mentions: Vec<Mention>,
    principal: &[Side],
    doc_kind: &str,
    draft: &mut Draft,
) -> Vec<Meeting> {
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut references: Vec<Mention> = Vec::new();
    for mention in mentions {
        let explicit_sides = mention.sides.len() >= 2 || mention.owner.is_some();
        if mention.ordinal.is_none()
            && mention.period.is_none()
            && !(mention.kind.is_some() || explicit_sides)
        {
            references.push(mention);
            continue;
        }
        let mut sides = if explicit_sides {
            mention.sides.clone()
        } else {
            principal.to_vec()
        };
        if sides.len() < 2 {
            draft.note(format!(
                "a meeting is named at byte {} but its sides are not known; left out",
                mention.span.start
            ));
            continue;
        }
        sides.sort();
        let mut kind = mention.kind.clone().unwrap_or_else(|| doc_kind.to_string());
        // a working group between two states is their joint working group
        if kind == "ct-wg" && mention.owner.is_none() {
            kind = "jwg-ct".to_string();
        }
        // one meeting: same sides and mechanism, ordinals that agree, and
        // the same month if either names one (a past session named by its
        // month is not the session the statement reports)
        let same = meetings.iter_mut().find(|m| {
            let ordinals_agree =
                m.ordinal == mention.ordinal || m.ordinal.is_none() || mention.ordinal.is_none();
            let periods_agree =
                m.period == mention.period || (m.ordinal.is_some() && m.ordinal == mention.ordinal);
            m.sides == sides
                && m.owner == mention.owner
                && ordinals_agree
                && periods_agree
                && (m.kind == kind
                    || mention.kind.is_none()
                    || (m.ordinal.is_some() && m.ordinal == mention.ordinal))
        });
        match same {
            Some(m) => {
                m.ordinal = m.ordinal.or(mention.ordinal);
                m.period = m.period.take().or(mention.period.clone());
                m.mentions.push(mention);
            }
            None => meetings.push(Meeting {
                sides,
                owner: mention.owner.clone(),
                kind,
                ordinal: mention.ordinal,
                period: mention.period.clone(),
                mentions: vec![mention],
            }),
        }
    }
    // "the meeting", "a counter-terrorism meeting": the main meeting, or
    // one of its own when the document names no other
    if meetings.is_empty() && principal.len() >= 2 && references.iter().any(|r| r.named) {
        let mut sides = principal.to_vec();
        sides.sort();
        meetings.push(Meeting {
            sides,
            owner: None,
            kind: doc_kind.to_string(),
            ordinal: None,
            period: None,
            mentions: Vec::new(),
        });
    }
    if !meetings.is_empty() {
        let main = main_meeting(&meetings);
        meetings[main].mentions.extend(references);
    }
    meetings
}

/// The meeting the document is about: the most mentioned, then the first.
fn main_meeting(meetings: &[Meeting]) -> usize {
    meetings
        .iter()
        .enumerate()
        .max_by_key(|(i, m)| (m.mentions.len(), std::cmp::Reverse(*i)))
        .map_or(0, |(i, _)| i)
}

/// `meeting/FRA-IND/jwg-ct/15`; by date where there is no ordinal, and by
/// document where there is neither.
fn meeting_key(doc: &Doc<'_>, m: &Meeting, date: Option<chrono::NaiveDate>) -> String {
    let sides = group_code(m);
    let session = match (m.ordinal, date, &m.period) {
        (Some(n), _, _) => n.to_string(),
        (None, Some(d), _) => d.to_string(),
        (None, None, Some(month)) => month.clone(),
        (None, None, None) => format!("doc-{}", slug(doc.name)),
    };
    format!("meeting/{sides}/{}/{session}", m.kind)
}

/// What identifies a meeting's dialogue besides its mechanism: the body
/// whose mechanism it is, or the sides' codes ("FRA-IND").
fn group_code(m: &Meeting) -> String {
    match &m.owner {
        Some(o) => o.code.clone(),
        None => m
            .sides
            .iter()
            .map(|s| s.code.as_str())
            .collect::<Vec<_>>()
            .join("-"),
    }
}

fn kind_label(doc: &Doc<'_>, named: &[MechanismName], kind: &str) -> String {
    doc.lexicon
        .by_code(LexKind::Dialogue, kind)
        .map(|e| e.name.clone())
        .or_else(|| {
            named
                .iter()
                .find(|n| n.kind == kind)
                .map(|n| n.label.clone())
        })
        .unwrap_or_else(|| kind.to_string())
}

/// A dialogue mechanism named in the text.
#[derive(Debug, Clone)]
struct MechanismName {
    span: Range<usize>,
    /// Identifier part: the lexicon's key, or a slug of the name.
    kind: String,
    label: String,
    /// The body it belongs to, when the lexicon says.
    owner: Option<String>,
}

/// Mechanisms the lexicon knows, and named mechanisms of two or three
/// states it does not ("the India-Saudi Arabia Security Working Group").
fn mechanism_names(doc: &Doc<'_>, names: &Names, sides_found: &[&Found]) -> Vec<MechanismName> {
    static GENERIC: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"\b(?P<name>(?:\p{Lu}[\p{L}’'-]*\s+){0,4}?(?:Joint\s+Working\s+Group|Working\s+Group|Dialogue|Consultations))\b")
            .expect("mechanism pattern")
    });
    let mut out: Vec<MechanismName> = names
        .dialogues
        .iter()
        .filter_map(|d| {
            let entry = doc.lexicon.entry(d.entry);
            Some(MechanismName {
                span: d.span.clone(),
                kind: entry.code.clone()?,
                label: entry.name.clone(),
                owner: entry.owner.clone(),
            })
        })
        .collect();
    let mut taken = SpanSet::default();
    for d in &out {
        taken.insert(d.span.clone());
    }
    for m in GENERIC.captures_iter(doc.text) {
        let name = m.name("name").unwrap();
        // the name may start with the sides' own words: keep what follows them
        let (sides, _) = sides_before(doc.text, sides_found, name.start());
        let inner = starting_in(sides_found, name.range())
            .iter()
            .filter(|f| f.span.end < name.end())
            .map(|f| f.span.end)
            .max();
        // one separator (a space or hyphen) after the last side's name
        let start = inner
            .map_or(name.start(), |end| {
                end + doc.text[end..].chars().next().map_or(0, char::len_utf8)
            })
            .min(name.end());
        let label = doc.text[start..name.end()].trim().to_string();
        let has_sides = sides.len() >= 2
            || inner.is_some_and(|_| sides_before(doc.text, sides_found, start).0.len() >= 2);
        let span = start..name.end();
        if taken.overlaps(&span) || !has_sides || label.split_whitespace().count() < 2 {
            continue;
        }
        taken.insert(span.clone());
        out.push(MechanismName {
            kind: slug(&label),
            label,
            span,
            owner: None,
        });
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// Of two leaders of a two-sided meeting, one whose state is unknown acts
/// for the side the other does not.
fn complete_leader_states(
    sides: &[Side],
    leaders: &[(usize, Vec<Because>)],
    officials: &mut [Official],
) {
    if sides.len() != 2 || leaders.len() != 2 {
        return;
    }
    let states: Vec<Option<String>> = leaders
        .iter()
        .map(|(o, _)| officials[*o].state.as_ref().map(|s| s.value.clone()))
        .collect();
    for (k, (o, led)) in leaders.iter().enumerate() {
        let other = &states[1 - k];
        if officials[*o].state.is_none()
            && let Some(other) = other
            && let Some(side) = sides
                .iter()
                .find(|s| s.code != *other && s.key.starts_with("state/"))
            && sides.iter().any(|s| s.code == *other)
            && let Some(first) = led.first()
        {
            officials[*o].state = Some(super::Sourced::new(
                side.code.clone(),
                Rule::OtherSideOfMeeting.at(first.at.clone()),
            ));
        }
    }
}

/// Groups, resolutions, conferences, conventions and attacks the statement
/// names are named in connection with its main meeting; the words before a
/// name say how ("action against", "condemned", "welcomed", "in accordance
/// with").
fn mentions_of_main(doc: &Doc<'_>, draft: &mut Draft, meeting: &str) {
    let kinds = [
        EntityType::TerroristGroup,
        EntityType::Resolution,
        EntityType::Conference,
        EntityType::Convention,
        EntityType::Attack,
    ];
    for (key, kind, span) in draft.mentions_of(&kinds) {
        let sentence = &doc.sentences[doc.sentence_of(span.start)];
        let lead = &doc.text[sentence.start.min(span.start)..span.start];
        if let Some(p) = specific_mention(kind, lead) {
            draft.relate(meeting, p, &key, Rule::CueBeforeMention.at(span.clone()));
        }
        draft.relate(
            meeting,
            Predicate::Mentions,
            &key,
            Rule::MainMeetingMentions.at(span),
        );
    }
}

static CUES: LazyLock<Vec<(Regex, Predicate)>> = LazyLock::new(|| {
    [
        (r"(?i)\bcondemn", Predicate::Condemns),
        (r"(?i)\bwelcom", Predicate::Welcomes),
        (r"(?i)\baction\s+against\b|\bagainst\s+(?:all\s+)?(?:terror|UN|the)?", Predicate::CallsForActionAgainst),
        (r"(?i)\b(?:in\s+accordance\s+with|consistent\s+with|pursuant\s+to|in\s+line\s+with|obligations|provisions)\b", Predicate::Cites),
        (r"(?i)\b(?:support|adoption|adopt|finali[sz]ation|ratif)", Predicate::Supports),
    ]
    .into_iter()
    .map(|(p, pred)| (crate::text::pattern(p).expect("cue"), pred))
    .collect()
});

/// The most specific way a statement names a thing, from the nearest cue
/// before it in its sentence.
fn specific_mention(kind: EntityType, lead: &str) -> Option<Predicate> {
    let nearest = CUES
        .iter()
        .filter_map(|(re, p)| re.find_iter(lead).last().map(|m| (m.start(), *p)))
        .max_by_key(|(at, _)| *at)?
        .1;
    let fits = match nearest {
        Predicate::CallsForActionAgainst => kind == EntityType::TerroristGroup,
        Predicate::Condemns => matches!(kind, EntityType::Attack | EntityType::TerroristGroup),
        Predicate::Cites => matches!(kind, EntityType::Resolution | EntityType::Convention),
        Predicate::Supports => matches!(
            kind,
            EntityType::Convention | EntityType::Resolution | EntityType::Conference
        ),
        _ => true,
    };
    fits.then_some(nearest)
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::{extract_text, facts};
    use crate::model::EntityType;

    fn has(f: &[(String, String, String)], s: &str, p: &str, o: &str) -> bool {
        f.contains(&(s.to_string(), p.to_string(), o.to_string()))
    }

    #[test]
    fn an_ordinal_meeting_with_its_sides_date_and_leaders() {
        let text = "The 4th meeting of the India-Tajikistan Joint Working Group on Counter-Terrorism was held virtually on 13 September 2022. Mr Mahaveer Singhvi, Joint Secretary for Counter-Terrorism at the Ministry of External Affairs of India and Mr Jonon S. Sherali, Head of Department of the Ministry of Foreign Affairs of the Republic of Tajikistan led the respective delegations.";
        let x = extract_text(text, Some("2022-09-20"));
        let m = x.of_type(EntityType::Meeting).next().expect("a meeting");
        assert_eq!(m.id, "meeting/IND-TJK/jwg-ct/4");
        let f = facts(&x);
        let name = m.name.as_str();
        for (p, o) in [
            ("participant", "India"),
            ("participant", "Tajikistan"),
            ("ordinal", "4"),
            ("date", "2022-09-13"),
            ("virtual", "true"),
            ("ledBy", "Mahaveer Singhvi"),
            ("ledBy", "Jonon S. Sherali"),
        ] {
            assert!(has(&f, name, p, o), "missing {p} {o} in {f:#?}");
        }
    }

    #[test]
    fn their_meeting_takes_the_documents_two_sides_and_relative_date() {
        let text = "India and France have underlined the need. The two countries held the 15th Meeting of their Joint Working Group on Counter Terrorism in Paris yesterday.";
        let x = extract_text(text, Some("2021-11-17"));
        let m = x.of_type(EntityType::Meeting).next().expect("a meeting");
        assert_eq!(m.id, "meeting/FRA-IND/jwg-ct/15");
        let f = facts(&x);
        assert!(has(&f, &m.name, "heldIn", "Paris"), "{f:#?}");
        assert!(has(&f, &m.name, "date", "2021-11-16"), "{f:#?}");
    }

    #[test]
    fn two_meetings_of_one_dialogue_stay_apart() {
        let text = "On September 30 and October 1, 2025, officials from India and Uzbekistan gathered in Tashkent for the ninth meeting of their Joint Working Group on Counter Terrorism. The group convenes regularly — the previous (eighth) meeting was held in Delhi on July 16, 2019 — to review threats.";
        let x = extract_text(text, Some("2025-10-02"));
        let mut ids: Vec<&str> = x
            .of_type(EntityType::Meeting)
            .map(|m| m.id.as_str())
            .collect();
        ids.sort();
        assert_eq!(
            ids,
            ["meeting/IND-UZB/jwg-ct/8", "meeting/IND-UZB/jwg-ct/9"]
        );
        let f = facts(&x);
        let nine = x.entity("meeting/IND-UZB/jwg-ct/9").unwrap().name.clone();
        let eight = x.entity("meeting/IND-UZB/jwg-ct/8").unwrap().name.clone();
        assert!(has(&f, &nine, "date", "2025-09-30"));
        assert!(has(&f, &nine, "endDate", "2025-10-01"));
        assert!(has(&f, &nine, "heldIn", "Tashkent"));
        assert!(has(&f, &eight, "date", "2019-07-16"));
        assert!(has(&f, &eight, "heldIn", "New Delhi"));
        let dialogues: Vec<_> = x.of_type(EntityType::Dialogue).collect();
        assert_eq!(dialogues.len(), 1);
    }

    #[test]
    fn what_the_statement_names_and_how() {
        let text = "India and France held the 15th Meeting of their Joint Working Group on Counter Terrorism. They emphasized the need for taking concerted action against all terrorist networks including al-Qa’ida and Lashkar e-Tayyiba (LeT). They condemned the 2015 Paris attacks.";
        let x = extract_text(text, None);
        let f = facts(&x);
        let m = x.of_type(EntityType::Meeting).next().unwrap().name.clone();
        assert!(has(&f, &m, "mentions", "al-Qaeda"));
        assert!(has(&f, &m, "callsForActionAgainst", "Lashkar-e-Taiba"));
        assert!(has(&f, &m, "condemns", "2015 Paris attacks"));
    }

    #[test]
    fn the_mechanism_alone_is_not_a_meeting() {
        let text = "India and Uzbekistan agreed that the Joint Working Group on Counter Terrorism has become a key pillar.";
        let x = extract_text(text, None);
        assert_eq!(x.of_type(EntityType::Meeting).count(), 0);
    }
}
