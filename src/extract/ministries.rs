//! Ministries, departments and agencies of one state's government, and the
//! state they belong to: "Ministry of External Affairs of India", "the
//! French Ministry for Europe and Foreign Affairs", "Uzbekistan’s Ministry
//! of Foreign Affairs", "State Department", "MEA".
//!
//! A ministry's identity needs its state (`ministry/TJK/ministry-of-foreign-affairs`),
//! which the text may give only through the official who works there; so
//! this pass finds mentions, the officials pass may tell a mention's state,
//! and [`record`] names them last.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::names::Names;
use super::{Because, Doc, Draft, Found, Rule, Sourced};
use crate::lexicon::LexKind;
use crate::model::{EntityType, Predicate};
use crate::spans::SpanSet;
use crate::text::slug;

/// A ministry named in the text.
#[derive(Debug, Clone)]
pub(crate) struct MinistryMention {
    /// The name with any state prefix or suffix included.
    pub span: Range<usize>,
    /// The ministry's own name: "Ministry of Foreign Affairs".
    pub base: String,
    /// The lexicon's canonical name when the lexicon knows this ministry
    /// as one state's ("Ministry of External Affairs" → India).
    known: Option<(String, String)>,
    /// The state the text attaches to it ("of India", "French ...").
    pub stated: Option<String>,
    /// The state learnt from elsewhere (the official who works there), and how.
    pub context: Option<Sourced<String>>,
    /// The full name when the pattern knows it better than "<base> of
    /// <state>" ("Embassy of India in Uzbekistan").
    full_name: Option<String>,
    /// Set by [`record`].
    pub key: Option<String>,
}

impl MinistryMention {
    /// The state this ministry belongs to, if known.
    pub fn state(&self) -> Option<&str> {
        self.stated
            .as_deref()
            .or(self.known.as_ref().map(|(_, s)| s.as_str()))
            .or(self.context.as_ref().map(|c| c.value.as_str()))
    }

    /// How [`state`](Self::state) was learnt.
    pub fn state_because(&self) -> Option<Because> {
        if self.stated.is_some() {
            Some(Rule::StateNamedWithMinistry.at(self.span.clone()))
        } else if self.known.is_some() {
            Some(Rule::MinistryKnownToLexicon.at(self.span.clone()))
        } else {
            self.context.as_ref().map(|c| c.because.clone())
        }
    }
}

/// Words that can follow "and" inside a ministry's name ("Ministry for
/// Europe and Foreign Affairs", "Ministry of Foreign Affairs and Trade").
const DOMAIN_NOUNS: &[&str] = &[
    "Affairs",
    "Trade",
    "Development",
    "Cooperation",
    "Commerce",
    "Security",
    "Justice",
    "Defence",
    "Defense",
    "Interior",
    "Finance",
    "Integration",
    "Immigration",
    "Culture",
    "Law",
    "Order",
    "Planning",
    "Communications",
    "Information",
    "Technology",
    "Emergency",
    "Situations",
    "Tourism",
    "Industry",
    "Investment",
    "Economy",
    "Energy",
    "Health",
    "Welfare",
    "Diaspora",
    "Worship",
    "Religions",
    "Europe",
    "Cooperation",
    "Relations",
];

/// Words that end a ministry's name: posts and honorifics that follow it.
const NOT_IN_NAME: &[&str] = &[
    "Joint",
    "Additional",
    "Secretary",
    "Director",
    "Head",
    "Coordinator",
    "Ambassador",
    "Minister",
    "Deputy",
    "Chief",
    "Special",
    "Principal",
    "Under",
    "Assistant",
    "Spokesperson",
    "Official",
    "Officials",
    "Shri",
    "Smt",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "DDG",
    "ADG",
    "DG",
];

static MISSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(
        r"\b(?P<kind>Embassy|High Commission|Consulate General|Consulate|Permanent Mission)\b",
    )
    .expect("mission pattern")
});

static MINISTRY: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"\bMinistry\s+(?:of|for)\s+(?:the\s+)?\p{Lu}").expect("ministry pattern")
});

pub(crate) fn find(doc: &Doc<'_>, names: &Names) -> Vec<MinistryMention> {
    let text = doc.text;
    let mut out: Vec<MinistryMention> = Vec::new();
    let mut taken = SpanSet::default();
    for m in MINISTRY.find_iter(text) {
        let end = name_end(text, m.start(), names);
        let base = text[m.start()..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        taken.insert(m.start()..end);
        out.push(mention(doc, names, m.start()..end, base));
    }
    for m in MISSION.captures_iter(text) {
        if let Some(mission) = mission(doc, names, &m) {
            taken.insert(mission.span.clone());
            out.push(mission);
        }
    }
    for m in &names.ministries {
        if taken.overlaps(&m.span) {
            continue;
        }
        let entry = doc.lexicon.entry(m.entry);
        out.push(mention(doc, names, m.span.clone(), entry.name.clone()));
    }
    out.sort_by_key(|m| m.span.start);
    out
}

/// Where a "Ministry of ..." name ends: capitalised words and connectors,
/// up to a state ("... of India"), a lower-case word, punctuation, or an
/// "and" that starts something else ("... Affairs and Philippe BERTOUX").
fn name_end(text: &str, start: usize, names: &Names) -> usize {
    let mut end = start;
    let mut pos = start;
    // a name is a few words: look no further than a sentence's length
    let limit = super::after(text, start, 300).len();
    let words: Vec<(usize, &str)> = word_spans(&text[start..start + limit])
        .into_iter()
        .map(|(at, w)| (start + at, w))
        .collect();
    let mut i = 0;
    while i < words.len() {
        let (at, w) = words[i];
        // only spaces between words inside a name
        if !text[pos..at].chars().all(|c| c == ' ' || c == '\n') && i > 0 {
            break;
        }
        if names.state_at(at).is_some() {
            break;
        }
        // a post or honorific after the name starts something else:
        // "Ministry of External Affairs Joint Secretary Shri ..."
        if i > 0 && NOT_IN_NAME.contains(&w) {
            break;
        }
        let capital = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '&');
        match w {
            "of" | "for" | "the" => {}
            "and" | "&" => {
                // continue only into a domain noun within three words
                let rest = &words[i + 1..(i + 4).min(words.len())];
                let ok = rest
                    .iter()
                    .take_while(|(_, w)| w.chars().next().is_some_and(char::is_uppercase))
                    .any(|(_, w)| DOMAIN_NOUNS.contains(w));
                if !ok {
                    break;
                }
            }
            _ if capital => end = at + w.len(),
            _ => break,
        }
        pos = at + w.len();
        i += 1;
    }
    end
}

/// Words (letters, digits, hyphens, apostrophes, '&') with their offsets.
fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        let part = c.is_alphanumeric() || matches!(c, '-' | '’' | '\'' | '&');
        match (part, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// A state's diplomatic mission: "the Indian Embassy in Uzbekistan",
/// "High Commission of India to Pakistan", "Permanent Mission of India to the
/// United Nations" — one state's body in another place.
fn mission(doc: &Doc<'_>, names: &Names, c: &regex::Captures<'_>) -> Option<MinistryMention> {
    static OF: LazyLock<Regex> =
        LazyLock::new(|| crate::text::pattern(r"^\s+of\s+(?:the\s+)?").expect("of pattern"));
    static IN: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"^\s+(?:in|to|at)\s+(?:the\s+)?").expect("in pattern")
    });
    let text = doc.text;
    let kind = c.name("kind")?;
    let mut span = kind.range();
    let state = match names.state_before(text, kind.start()) {
        Some(s) => {
            span.start = s.span.start;
            s
        }
        None => {
            let of = OF.find(&text[kind.end()..])?;
            let s = names.state_at(kind.end() + of.end())?;
            span.end = s.span.end;
            s
        }
    };
    let host = IN.find(&text[span.end..]).and_then(|m| {
        let at = span.end + m.end();
        names.starting_at(at).find(|f| {
            matches!(
                f.kind,
                EntityType::State | EntityType::Place | EntityType::Organization
            )
        })
    });
    let (base, full_name) = match host {
        Some(h) => {
            span.end = h.span.end;
            (
                format!("{} in {}", kind.as_str(), h.name),
                format!("{} of {} in {}", kind.as_str(), state.name, h.name),
            )
        }
        None => (
            kind.as_str().to_string(),
            format!("{} of {}", kind.as_str(), state.name),
        ),
    };
    Some(MinistryMention {
        span,
        base,
        known: None,
        stated: Some(state_code(state)),
        context: None,
        full_name: Some(full_name),
        key: None,
    })
}

fn mention(doc: &Doc<'_>, names: &Names, span: Range<usize>, base: String) -> MinistryMention {
    let text = doc.text;
    let mut span = span;
    let mut stated = None;
    // "... of India", "... of the Republic of Tajikistan"
    static OF_STATE: LazyLock<Regex> =
        LazyLock::new(|| crate::text::pattern(r"^\s+of\s+(?:the\s+)?").expect("of-state pattern"));
    if let Some(m) = OF_STATE.find(&text[span.end..]) {
        let at = span.end + m.end();
        if let Some(state) = names.state_at(at) {
            stated = Some(state_code(state));
            span.end = state.span.end;
        }
    }
    // "French Ministry ...", "India’s Ministry ...", "the Indian Ministry ..."
    if let Some(state) = names.state_before(text, span.start) {
        stated.get_or_insert_with(|| state_code(state));
        span.start = state.span.start;
    }
    let entry = doc.lexicon.by_name(LexKind::Ministry, &base);
    let known = entry.and_then(|e| Some((e.name.clone(), e.state.clone()?)));
    let base = entry.map_or(base, |e| e.name.clone());
    // a ministry the lexicon gives to one state, stated to be another's,
    // is that other state's ministry of the same name
    let known = match (&known, &stated) {
        (Some((_, k)), Some(s)) if k != s => None,
        _ => known,
    };
    MinistryMention {
        span,
        base,
        known,
        stated,
        context: None,
        full_name: None,
        key: None,
    }
}

fn state_code(found: &Found) -> String {
    found.key.trim_start_matches("state/").to_string()
}

/// Names every ministry mention and records it with its state. A generic
/// name without a state ("the Ministry of Foreign Affairs") takes the state
/// it was given elsewhere in the same document, when that is one state.
pub(crate) fn record(doc: &Doc<'_>, mentions: &mut [MinistryMention], draft: &mut Draft) {
    let mut states_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in mentions.iter() {
        if let Some(s) = m.state() {
            let v = states_of.entry(m.base.clone()).or_default();
            if !v.iter().any(|x| x == s) {
                v.push(s.to_string());
            }
        }
    }
    for m in mentions.iter_mut() {
        if m.state().is_none()
            && let Some([only]) = states_of.get(&m.base).map(Vec::as_slice)
        {
            m.context = Some(Sourced::new(
                only.clone(),
                Rule::StateOfSameMinistry.at(m.span.clone()),
            ));
        }
        let state = m.state().map(str::to_string);
        let (name, key) = match (&m.known, &state) {
            (Some((name, _)), Some(s)) => (name.clone(), format!("ministry/{s}/{}", slug(name))),
            (None, Some(s)) if m.full_name.is_some() => (
                m.full_name.clone().unwrap_or_default(),
                format!("ministry/{s}/{}", slug(&m.base)),
            ),
            (None, Some(s)) => {
                let state_name = doc
                    .lexicon
                    .by_code(LexKind::State, s)
                    .map_or(s.clone(), |e| e.name.clone());
                (
                    format!("{} of {state_name}", m.base),
                    format!("ministry/{s}/{}", slug(&m.base)),
                )
            }
            (_, None) => (m.base.clone(), format!("ministry/{}", slug(&m.base))),
        };
        draft.mention(
            doc,
            &Found {
                kind: EntityType::Ministry,
                key: key.clone(),
                name,
                span: m.span.clone(),
            },
        );
        if let Some(s) = &state {
            let state_key = format!("state/{s}");
            // the lexicon may know a ministry's state the text leaves unsaid
            if let Some(e) = doc.lexicon.by_code(LexKind::State, s) {
                draft.entity(EntityType::State, &state_key, &e.name);
            }
            if let Some(because) = m.state_because() {
                draft.relate(&key, Predicate::MinistryOf, &state_key, because);
            }
        }
        m.key = Some(key);
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::{extract_text, facts};
    use crate::model::EntityType;

    fn ministries(text: &str) -> Vec<(String, String)> {
        let x = extract_text(text, None);
        let mut v: Vec<_> = x
            .of_type(EntityType::Ministry)
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_state_after_the_name_is_split_off() {
        assert_eq!(
            ministries("the Ministry of Foreign Affairs of the Republic of Tajikistan led"),
            vec![(
                "ministry/TJK/ministry-of-foreign-affairs".into(),
                "Ministry of Foreign Affairs of Tajikistan".into()
            )]
        );
    }

    #[test]
    fn adjectives_and_possessives_give_the_state() {
        let got = ministries(
            "at the French Ministry for Europe and Foreign Affairs, and at Uzbekistan’s Ministry of Foreign Affairs, brought",
        );
        assert_eq!(
            got,
            vec![
                (
                    "ministry/FRA/ministry-for-europe-and-foreign-affairs".into(),
                    "Ministry for Europe and Foreign Affairs".into()
                ),
                (
                    "ministry/UZB/ministry-of-foreign-affairs".into(),
                    "Ministry of Foreign Affairs of Uzbekistan".into()
                ),
            ]
        );
    }

    #[test]
    fn the_lexicon_knows_whose_ministry_it_is() {
        let x = extract_text("As a Ministry of External Affairs official told IANS", None);
        assert!(facts(&x).contains(&(
            "Ministry of External Affairs".into(),
            "ministryOf".into(),
            "India".into()
        )));
    }

    #[test]
    fn missions_abroad_are_their_states_bodies() {
        let x = extract_text("As the Indian Embassy in Uzbekistan posted on X", None);
        assert!(facts(&x).contains(&(
            "Embassy of India in Uzbekistan".into(),
            "ministryOf".into(),
            "India".into()
        )));
        assert_eq!(
            ministries("the High Commission of India to Pakistan said"),
            vec![(
                "ministry/IND/high-commission-in-pakistan".into(),
                "High Commission of India in Pakistan".into()
            )]
        );
    }

    #[test]
    fn and_does_not_swallow_the_next_person() {
        assert_eq!(
            ministries("at the Ministry of External Affairs and Philippe BERTOUX, Director"),
            vec![(
                "ministry/IND/ministry-of-external-affairs".into(),
                "Ministry of External Affairs".into()
            )]
        );
    }
}
