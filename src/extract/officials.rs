//! Officials: named people acting in a public role, with their post as
//! written, the ministry they serve in and the state they act for.
//!
//! A capitalised pair of words is a person only where the text says so:
//! after an honorific ("Mr Jonon S. Sherali"), after a post ("Uzbek
//! President Shavkat Mirziyoyev"), after "led by" / "co-chaired by", or
//! before ", <post>" ("Nathan Sales, State Department Coordinator for
//! Counterterrorism"). The post that follows the name runs to the end of the
//! appositive; the ministry and state named in it are the official's.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::ministries::MinistryMention;
use super::names::Names;
use super::{Doc, Draft, Found, Rule, Sourced};
use crate::lexicon::{CueFamily, Lexicon, TitleKind};
use crate::model::{EntityType, Predicate};
use crate::spans::SpanSet;
use crate::text::{proper_case, slug};

/// Patterns built from the lexicon's titles.
#[derive(Debug, Clone)]
pub(crate) struct Patterns {
    /// An honorific before a name.
    honorific: Regex,
    /// A post directly before a capitalised word: "President Shavkat".
    post_before: Regex,
    /// A post at the start of an appositive, after ", ".
    post_start: Regex,
    /// A post or honorific ending a text: "... PM ".
    title_suffix: Regex,
    /// A post phrase up to a comma, then a capitalised word: "Coordinator
    /// for Counterterrorism, Alina".
    post_phrase: Regex,
    /// Honorifics without their full stop: "Mr", "Dr", "Shri".
    honorifics: Vec<String>,
    /// Cues of leading, from the lexicon's lead families.
    lead: LeadCues,
}

/// Patterns that tell who led, all built from the lexicon's lead cue
/// families, so a phrasing added there is known to every one of them.
#[derive(Debug, Clone)]
struct LeadCues {
    /// Anywhere in a sentence: someone led ("led by", "co-chairs").
    in_sentence: Regex,
    /// Right before a name: "led by (the) ", "under the leadership of ".
    before_name: Regex,
    /// Between a side and the name of its leader: "delegation was led by ".
    side_before_name: Regex,
    /// The same at the start of what follows a side, with more after it:
    /// "delegation was co-led by A, ... and B".
    side_then_names: Regex,
    /// Between an official's post and the side they led: ", led the ".
    led_the: Regex,
    /// The verbs of leading, to tell where a name's clause ends.
    verbs: Vec<String>,
}

impl LeadCues {
    fn new(lexicon: &Lexicon) -> Self {
        let verbs = alternation(lexicon.cues_of(CueFamily::LeadVerb));
        let before = alternation(lexicon.cues_of(CueFamily::LeadBeforeName));
        let words = alternation(lexicon.cues_of(CueFamily::LeadWord));
        let by_name = format!(r"(?:(?:{verbs})\s+by|{before})");
        let side = r"^\s*(?:side\s*,\s*the\s+)?(?:inter-?\s?[Aa]gency\s+)?(?:delegation|side|team)\s+(?:was\s+|is\s+|will\s+be\s+)?";
        let build = |p: String| crate::text::pattern(&p).expect("lead cue pattern");
        LeadCues {
            // "led to" is not leading
            in_sentence: build(format!(r"\b(?:{by_name}|{verbs}|{words})\b(?:\s+to\b)?")),
            before_name: build(format!(r"\b{by_name}\s+(?:the\s+)?")),
            side_before_name: build(format!(r"{side}{by_name}\s+$")),
            side_then_names: build(format!(r"{side}{by_name}\b")),
            led_the: build(format!(r"^\s*,?\s*(?:{verbs})\s+the\s+$")),
            verbs: lexicon
                .cues_of(CueFamily::LeadVerb)
                .map(str::to_string)
                .collect(),
        }
    }

    /// Whether a name is followed by a verb of leading: " led ", " chaired,".
    fn starts_with_verb(&self, rest: &str) -> bool {
        self.verbs.iter().any(|v| {
            rest.strip_prefix(' ')
                .and_then(|r| r.strip_prefix(v.as_str()))
                .is_some_and(|after| !after.starts_with(char::is_alphanumeric))
        })
    }
}

/// A regex alternation of cue phrases, longest first: a phrase matches in
/// any case of its first letter, with any space between its words, and
/// "co-" with or without the hyphen.
fn alternation<'a>(phrases: impl Iterator<Item = &'a str>) -> String {
    let mut phrases: Vec<&str> = phrases.collect();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases
        .iter()
        .map(|p| {
            let mut chars = p.chars();
            let first = chars.next().map_or(String::new(), |c| {
                if c.is_ascii_alphabetic() {
                    format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
                } else {
                    regex::escape(&c.to_string())
                }
            });
            let rest = regex::escape(chars.as_str())
                .replace(' ', r"\s+")
                .replace(r"o\-", r"o-?");
            first + &rest
        })
        .collect::<Vec<_>>()
        .join("|")
}

impl Patterns {
    pub fn new(lexicon: &Lexicon) -> Self {
        let alternation = |kind: TitleKind| {
            let mut titles: Vec<&str> = lexicon.titles_of(kind).collect();
            titles.sort_by_key(|t| std::cmp::Reverse(t.len()));
            titles
                .iter()
                .map(|t| regex::escape(t))
                .collect::<Vec<_>>()
                .join("|")
        };
        let honorifics = alternation(TitleKind::Honorific);
        let posts = alternation(TitleKind::Post);
        let build = |p: String| crate::text::pattern(&p).expect("title pattern");
        Patterns {
            honorific: build(format!(
                r"(?:^|[^\p{{L}}])(?P<h>(?:{honorifics}))\s+\p{{Lu}}"
            )),
            post_before: build(format!(r"\b(?P<post>(?:{posts}))\s+\p{{Lu}}")),
            post_start: build(format!(
                r"^,?\s+(?:the\s+)?(?:\p{{Lu}}[\p{{L}}.’'-]*\s+){{0,3}}?(?:{posts})\b"
            )),
            title_suffix: build(format!(r"(?:^|[^\p{{L}}])(?:{posts}|{honorifics})\s+$")),
            post_phrase: build(format!(
                r"\b(?P<phrase>(?i:{posts})\s+(?:for|of|on)\s+[^,.;:()]{{2,60}}?),\s+(?P<name>\p{{Lu}})"
            )),
            honorifics: lexicon
                .titles_of(TitleKind::Honorific)
                .map(|t| t.trim_end_matches('.').to_string())
                .collect(),
            lead: LeadCues::new(lexicon),
        }
    }

    fn is_honorific(&self, word: &str) -> bool {
        let word = word.trim_end_matches('.');
        self.honorifics.iter().any(|h| h == word)
    }
}

/// Skips an honorific at `at` ("Shri Mahaveer Singhvi" → "Mahaveer ...").
fn skip_honorific(patterns: &Patterns, text: &str, at: usize) -> usize {
    // the pattern wants the character before the honorific too
    let from = text[..at].char_indices().next_back().map_or(at, |(i, _)| i);
    // an honorific is a few words: the search need not run past them
    match patterns.honorific.captures(super::after(text, from, 80)) {
        Some(c) if c.get(0).unwrap().start() == 0 => from + last_char_start(c.get(0).unwrap()),
        _ => at,
    }
}

/// Whether a name ends its clause: followed by a comma, stop, semicolon,
/// "and", "said", "met" or a verb of leading.
fn ends_clause(patterns: &Patterns, rest: &str) -> bool {
    rest.starts_with([',', '.', ';', ':', ')'])
        || [" and ", " said", " met"]
            .iter()
            .any(|w| rest.starts_with(w))
        || patterns.lead.starts_with_verb(rest)
}

/// Where the last character of a match starts (the capital a pattern peeks at).
fn last_char_start(m: regex::Match<'_>) -> usize {
    m.start() + m.as_str().char_indices().last().map_or(0, |(i, _)| i)
}

/// An official found in a document.
#[derive(Debug, Clone)]
pub(crate) struct Official {
    pub key: String,
    pub name: String,
    /// Mentions, honorific or post included ("Mr Mahaveer Singhvi", "PM Modi").
    pub spans: Vec<Range<usize>>,
    pub title: Option<Sourced<String>>,
    /// Index of the ministry mention in the post.
    pub ministry: Option<Sourced<usize>>,
    /// ISO alpha-3 of the state the official acts for.
    pub state: Option<Sourced<String>>,
    /// Sentences in which the official is said to lead a delegation.
    pub leads_in: Vec<usize>,
}

/// Capitalised words that do not belong to a person's name.
/// Longer than any ministry's name: how far back a ministry that ends at a
/// place may start.
const MINISTRY_REACH: usize = 250;

const NOT_NAME: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "Both",
    "During",
    "While",
    "When",
    "After",
    "Before",
    "In",
    "On",
    "At",
    "As",
    "And",
    "But",
    "Also",
    "Today",
    "Yesterday",
    "Of",
    "For",
    "With",
    "From",
    "By",
    "To",
    "Their",
    "His",
    "Her",
    "Its",
    "Our",
    "It",
    "They",
    "He",
    "She",
    "We",
    "Ministry",
    "Department",
    "Affairs",
    "Office",
    "Council",
    "Committee",
    "Group",
    "Working",
    "Agency",
    "Embassy",
    "Government",
    "Republic",
    "Kingdom",
    "Federation",
    "Union",
    "Organisation",
    "Organization",
    "Nations",
    "United",
    "States",
    "State",
    "Security",
    "Counter",
    "Terrorism",
    "Counterterrorism",
    "Counter-Terrorism",
    "Counter-terrorism",
    "Strategic",
    "Disarmament",
    "International",
    "National",
    "Regional",
    "Global",
    "Foreign",
    "External",
    "Home",
    "Interior",
    "Defence",
    "Defense",
    "Justice",
    "Cooperation",
    "Division",
    "Asia",
    "Pacific",
    "Africa",
    "Europe",
    "Middle",
    "East",
    "West",
    "North",
    "South",
    "Central",
    "Conference",
    "Summit",
    "Dialogue",
    "Meeting",
    "Session",
    "Resolution",
    "Convention",
    "Attack",
    "Court",
    "Police",
    "Army",
    "Force",
    "Forces",
    "Party",
    "Front",
    "Movement",
    "Islamic",
    "Joint",
    "Secretary",
    "Minister",
    "Director",
    "Head",
    "Deputy",
    "Chief",
    "Coordinator",
    "Ambassador",
    "President",
    "Prime",
    "General",
    "Special",
    "Envoy",
    "Additional",
    "Assistant",
    "Under",
    "Acting",
    "Senior",
    "Principal",
    "Adviser",
    "Advisor",
    "Delegation",
    "Side",
    "Sides",
    "World",
    "News",
    "Financing",
    "Money",
    "Laundering",
    "Terror",
    "Anti",
    "Partnership",
    "Task",
    "Mission",
    "Permanent",
    "Representative",
    "Chairman",
    "Chair",
    "Vice",
    "Executive",
    "High",
    "Level",
    "Commission",
    "Commissioner",
    "Intelligence",
    "Investigation",
    "Bureau",
    "Service",
    "Services",
];

/// Lower-case particles inside names ("Osama bin Laden", "Ursula von der Leyen").
const PARTICLES: &[&str] = &[
    "bin", "ibn", "al", "el", "de", "van", "von", "der", "da", "di", "du", "ul", "la", "le",
];

/// Words that may stand lower-case inside a post.
const TITLE_CONNECTORS: &[&str] = &[
    "of", "for", "at", "and", "the", "in", "on", "to", "with", "de", "du", "des", "&",
];

/// A run of name words: where it stands and its words.
#[derive(Debug, Clone)]
struct NameRun {
    span: Range<usize>,
    words: Vec<String>,
}

pub(crate) fn find(
    doc: &Doc<'_>,
    patterns: &Patterns,
    names: &Names,
    ministries: &[MinistryMention],
) -> Vec<Official> {
    let text = doc.text;
    let mut candidates: Vec<(NameRun, usize, Option<Range<usize>>)> = Vec::new(); // run, mention start, post before
    let mut by_span: HashMap<(usize, usize), usize> = HashMap::new();
    // one candidate per name: the reading that starts earliest says most
    // ("Ministry of External Affairs Joint Secretary Shri Mahaveer Singhvi")
    let mut push = |run: Option<NameRun>, start: usize, post: Option<Range<usize>>| {
        let Some(run) = run else {
            return;
        };
        match by_span.get(&(run.span.start, run.span.end)) {
            Some(&i) if start < candidates[i].1 => candidates[i] = (run, start, post),
            Some(_) => {}
            None => {
                by_span.insert((run.span.start, run.span.end), candidates.len());
                candidates.push((run, start, post));
            }
        }
    };
    for c in patterns.honorific.captures_iter(text) {
        let h = c.name("h").unwrap();
        let start = last_char_start(c.get(0).unwrap());
        push(name_forward(doc, names, start), h.start(), None);
    }
    for m in patterns.lead.before_name.find_iter(text) {
        let mut start = m.end();
        if let Some(h) = patterns.honorific.captures(super::after(text, start, 80))
            && h.get(0).unwrap().start() == 0
        {
            start += last_char_start(h.get(0).unwrap());
        }
        push(name_forward(doc, names, start), start, None);
    }
    for c in patterns.post_before.captures_iter(text) {
        let post = c.name("post").unwrap();
        let start = skip_honorific(patterns, text, last_char_start(c.get(0).unwrap()));
        // a post that belongs to an appositive ("Joint Secretary for ...")
        // is not followed by a name; one that is, starts the mention
        push(
            name_forward(doc, names, start),
            post.start(),
            Some(post.range()),
        );
    }
    // "the State Department’s Principal Deputy Coordinator for
    // Counterterrorism, Alina L. Romanowski": a post phrase, then the name
    for c in patterns.post_phrase.captures_iter(text) {
        let phrase = c.name("phrase").unwrap();
        let mut start = skip_honorific(patterns, text, c.name("name").unwrap().start());
        // "..., Ambassador Elizabeth Richard": a second post before the name
        if let Some(post) = patterns.post_before.find(super::after(text, start, 60))
            && post.start() == 0
        {
            start += last_char_start(post);
        }
        let run = name_forward(doc, names, start)
            .filter(|run| ends_clause(patterns, &text[run.span.end..]));
        push(run, phrase.start(), Some(phrase.range()));
    }
    // "Nathan Sales, State Department Coordinator": a name before a post
    for (at, _) in text.match_indices(',') {
        if patterns.post_start.is_match(&text[at..]) {
            push(name_backward(doc, names, patterns, at), at, None);
        }
    }

    let mut officials: Vec<Official> = Vec::new();
    let mut seen_runs = SpanSet::default();
    candidates.sort_by_key(|(r, _, _)| r.span.start);
    for (run, mention_start, post_before) in candidates {
        if seen_runs.overlaps(&run.span) {
            continue;
        }
        seen_runs.insert(run.span.clone());
        let mention_start = mention_start.min(run.span.start);
        let title_span = title_after(doc, names, patterns, run.span.end);
        let mention = mention_start..run.span.end;
        // what a rule read: the mention and the words that told it
        let with = |r: &Range<usize>| mention.start.min(r.start)..mention.end.max(r.end);
        let title = match (&title_span, &post_before) {
            (Some(t), _) => Some(Sourced::new(
                text[t.clone()].to_string(),
                Rule::PostAfterName.at(with(t)),
            )),
            (None, Some(p)) => Some(Sourced::new(
                text[p.clone()].to_string(),
                Rule::PostBeforeName.at(with(p)),
            )),
            _ => None,
        };
        // ministries are in text order: look up those that start in a range
        let first_from = |at: usize| ministries.partition_point(|m| m.span.start < at);
        let within = |t: &Range<usize>| {
            (first_from(t.start)..first_from(t.end)).find(|&i| ministries[i].span.end <= t.end)
        };
        // "Ministry of External Affairs Joint Secretary Shri ...",
        // "the State Department’s Principal Deputy Coordinator ..."
        let before_post = |p: &Range<usize>| {
            (first_from(p.start.saturating_sub(MINISTRY_REACH))..first_from(p.start)).find(|&i| {
                let m = &ministries[i];
                m.span.end <= p.start && matches!(&text[m.span.end..p.start], " " | "’s " | "'s ")
            })
        };
        let in_post =
            |i: usize| Sourced::new(i, Rule::MinistryInPost.at(with(&ministries[i].span)));
        let ministry = title_span
            .as_ref()
            .and_then(within)
            .map(in_post)
            .or_else(|| {
                let p = post_before.as_ref()?;
                within(p).map(in_post).or_else(|| {
                    before_post(p).map(|i| {
                        Sourced::new(i, Rule::MinistryBeforePost.at(with(&ministries[i].span)))
                    })
                })
            });
        let stated =
            |rule: Rule, state: &Found| Sourced::new(state_code(state), rule.at(with(&state.span)));
        let state = ministry
            .as_ref()
            .and_then(|m| {
                let state = ministries[m.value].state()?.to_string();
                Some(Sourced::new(
                    state,
                    Rule::StateOfMinistryInPost.at(m.because.at.clone()),
                ))
            })
            .or_else(|| {
                post_before
                    .as_ref()
                    .and_then(|p| names.state_before(text, p.start))
                    .map(|s| stated(Rule::StateBeforePost, s))
            })
            .or_else(|| {
                title_span
                    .as_ref()
                    .and_then(|t| state_in_title(text, names, ministries, t))
                    .map(|s| stated(Rule::StateInPost, s))
            })
            .or_else(|| {
                delegation_state(patterns, doc, names, mention_start)
                    .map(|s| stated(Rule::DelegationLedBy, s))
            })
            .or_else(|| {
                co_leader_state(patterns, doc, names, mention_start)
                    .map(|s| stated(Rule::CoLeaderOfDelegation, s))
            })
            .or_else(|| {
                let end = title_span.as_ref().map_or(run.span.end, |t| t.end);
                side_led_after(patterns, doc, names, end).map(|s| stated(Rule::LedTheDelegation, s))
            });
        let sentence = doc.sentence_of(run.span.start);
        let leads = patterns
            .lead
            .in_sentence
            .find_iter(doc.sentence(sentence))
            .any(|m| !m.as_str().ends_with(" to"));
        let name = canonical_name(&run.words);
        officials.push(Official {
            key: format!("official/{}", slug(&name)),
            name,
            spans: vec![mention],
            title,
            ministry,
            state,
            leads_in: if leads { vec![sentence] } else { vec![] },
        });
    }
    merge_variants(&mut officials);
    surname_mentions(doc, names, patterns, &mut officials);
    officials
}

/// Reads a name forwards from `start`: two to five capitalised words or
/// initials, lower-case particles inside.
fn name_forward(doc: &Doc<'_>, names: &Names, start: usize) -> Option<NameRun> {
    let text = doc.text;
    let mut words = Vec::new();
    let mut pos = start;
    // a name is a few words: look no further than that
    for (i, (at, w)) in words_from(super::after(text, start, 160))
        .into_iter()
        .enumerate()
    {
        let at = start + at;
        let gap = &text[pos..at];
        if i > 0 && gap != " " {
            break;
        }
        let particle = PARTICLES.contains(&w) && i > 0;
        if !(is_name_word(w, names, at) || particle) {
            break;
        }
        // "President Donald Trump's call": the possessive ends the name
        if let Some(stem) = w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")) {
            words.push((at, stem));
            break;
        }
        words.push((at, w));
        pos = at + w.len();
        if words.len() == 5 {
            break;
        }
    }
    valid_run(words)
}

/// Reads a name backwards from the comma at `comma`.
fn name_backward(
    doc: &Doc<'_>,
    names: &Names,
    patterns: &Patterns,
    comma: usize,
) -> Option<NameRun> {
    let text = doc.text;
    let head = super::before(text, comma, 160);
    let base = comma - head.len();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut pos = comma;
    for (at, w) in words_from(head).into_iter().rev() {
        let at = base + at;
        let gap = &text[at + w.len()..pos];
        if !words.is_empty() && gap != " " || words.is_empty() && !gap.is_empty() {
            break;
        }
        let particle = PARTICLES.contains(&w) && !words.is_empty();
        if !(is_name_word(w, names, at) || particle) {
            break;
        }
        // an honorific before the name ends it
        if patterns.is_honorific(w) {
            break;
        }
        words.push((at, w));
        pos = at;
        if words.len() == 4 {
            break;
        }
    }
    words.reverse();
    while words.first().is_some_and(|(_, w)| PARTICLES.contains(w)) {
        words.remove(0);
    }
    valid_run(words)
}

/// A name from its words and where each stands: trailing particles and
/// initials dropped, at least two words of which one is not an initial.
fn valid_run(mut words: Vec<(usize, &str)>) -> Option<NameRun> {
    while words
        .last()
        .is_some_and(|(_, w)| PARTICLES.contains(w) || is_initial(w))
    {
        words.pop();
    }
    let full_words = words.iter().filter(|(_, w)| !is_initial(w)).count();
    if words.len() < 2 || full_words < 1 {
        return None;
    }
    let (first, _) = words[0];
    let (last_at, last) = words[words.len() - 1];
    Some(NameRun {
        span: first..last_at + last.len(),
        words: words.into_iter().map(|(_, w)| w.to_string()).collect(),
    })
}

/// "S", "S.", "K.D.": initials, not a full name word.
fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| *c != '.').count();
    w.chars().all(|c| c == '.' || c.is_uppercase())
        && (letters == 1 || (letters > 1 && w.ends_with('.')))
}

fn is_name_word(w: &str, names: &Names, at: usize) -> bool {
    let starts_upper = w.chars().next().is_some_and(char::is_uppercase);
    // "May", "Tuesday"; but not "Sun", a surname, nor "Marc"
    let date_word = crate::dates::month_number(w).is_some()
        || (w.len() > 3 && w.parse::<chrono::Weekday>().is_ok());
    if !starts_upper || NOT_NAME.contains(&w) || date_word {
        return false;
    }
    // a word the dictionaries already know (a state, place, group) is not a name
    !names.overlapping(&(at..at + 1))
}

/// Words with their offsets: letters with inner hyphens and apostrophes,
/// and initials with their full stops ("S.", "K.D.").
fn words_from(s: &str) -> Vec<(usize, &str)> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"(?:\p{Lu}\.)+|\p{L}[\p{L}’'-]*").expect("word pattern")
    });
    WORD.find_iter(s).map(|m| (m.start(), m.as_str())).collect()
}

/// "Mahaveer Singhvi", "Philippe Bertoux" (capitals fixed), "Jonon S. Sherali".
fn canonical_name(words: &[String]) -> String {
    proper_case(&words.join(" "))
}

/// The post written after a name: from ", " to the end of the appositive.
fn title_after(
    doc: &Doc<'_>,
    names: &Names,
    patterns: &Patterns,
    name_end: usize,
) -> Option<Range<usize>> {
    let text = doc.text;
    let rest = &text[name_end..];
    if !patterns.post_start.is_match(rest) {
        return None;
    }
    let start = name_end + rest.find(|c: char| c.is_alphanumeric())?;
    let sentence_end = doc
        .sentences
        .get(doc.sentence_of(start))
        .map_or(text.len(), |s| s.end);
    let mut end = start;
    let mut depth = 0i32;
    let words = words_from(&text[start..sentence_end]);
    let mut i = 0;
    while i < words.len() {
        let (at, w) = words[i];
        let at = start + at;
        let gap = &text[end..at];
        if depth == 0 && i > 0 {
            if gap.contains(['.', ';', ':']) && !gap.trim_start().starts_with('(') {
                break;
            }
            if gap.contains(',') {
                let lower = w.chars().next().is_some_and(char::is_lowercase);
                if lower && w != "and" {
                    break; // ", led the ...", ", while ..."
                }
            }
            if w == "and" && next_is_person(doc, names, patterns, at + w.len()) {
                break;
            }
            if w.chars().next().is_some_and(char::is_lowercase) && !TITLE_CONNECTORS.contains(&w) {
                break; // " led the respective delegations"
            }
        }
        depth += gap.matches('(').count() as i32 - gap.matches(')').count() as i32;
        end = at + w.len();
        i += 1;
        if end - start > 240 {
            break;
        }
    }
    // a bracket closed right after the last word belongs to the post
    let tail = &text[end..sentence_end];
    if depth > 0
        && let Some(close) = tail.find(')')
    {
        end += close + 1;
    }
    let title = text[start..end].trim_end_matches([',', ' ', '(']);
    (!title.is_empty()).then(|| start..start + title.len())
}

/// Whether a person starts after "and": an honorific, or a name followed by
/// a comma ("and Philippe BERTOUX, Director ...").
fn next_is_person(doc: &Doc<'_>, names: &Names, patterns: &Patterns, at: usize) -> bool {
    let rest = super::after(doc.text, at, 120);
    let opens = |re: &Regex| re.find(rest).is_some_and(|m| m.start() <= 1);
    if opens(&patterns.honorific) || opens(&patterns.post_before) {
        return true;
    }
    let start = at + (rest.len() - rest.trim_start().len());
    name_forward(doc, names, start).is_some_and(|run| doc.text[run.span.end..].starts_with(','))
}

/// A state named in a post ("Ambassador of India"), not one it is posted to.
fn state_in_title<'n>(
    text: &str,
    names: &'n Names,
    ministries: &[MinistryMention],
    title: &Range<usize>,
) -> Option<&'n Found> {
    let first_from = |at: usize| ministries.partition_point(|m| m.span.start < at);
    names
        .of_starting_in(EntityType::State, title.clone())
        .filter(|s| s.span.end <= title.end)
        .filter(|s| {
            !(first_from(s.span.start.saturating_sub(MINISTRY_REACH))..first_from(s.span.end)).any(
                |i| {
                    let m = &ministries[i];
                    m.span.start <= s.span.start && s.span.end <= m.span.end
                },
            )
        })
        .find(|s| {
            // "Ambassador of India", "India’s Ambassador", "Indian Ambassador";
            // not "Country Director for WFP Afghanistan"
            let prev = text[title.start..s.span.start]
                .split_whitespace()
                .last()
                .unwrap_or("");
            let rest = &text[s.span.end..title.end];
            let possessive = rest.starts_with("’s") || rest.starts_with("'s");
            let before_post = rest
                .strip_prefix(' ')
                .is_some_and(|r| r.starts_with(|c: char| c.is_uppercase()));
            prev == "of" || possessive || (before_post && s.span.start == title.start)
        })
}

/// "The Indian delegation was led by X": the state of the side X led.
fn delegation_state<'n>(
    patterns: &Patterns,
    doc: &Doc<'_>,
    names: &'n Names,
    mention_start: usize,
) -> Option<&'n Found> {
    names
        .of_starting_in(
            EntityType::State,
            mention_start.saturating_sub(60 + MINISTRY_REACH)..mention_start,
        )
        .filter(|s| s.span.end <= mention_start && mention_start - s.span.end < 60)
        .find(|s| {
            patterns
                .lead
                .side_before_name
                .is_match(&doc.text[s.span.end..mention_start])
        })
}

/// "The Israeli delegation was co-led by A, ... and B, ...": B leads the
/// same side as A.
fn co_leader_state<'n>(
    patterns: &Patterns,
    doc: &Doc<'_>,
    names: &'n Names,
    mention_start: usize,
) -> Option<&'n Found> {
    if !super::before(doc.text, mention_start, 5).ends_with("and ") {
        return None;
    }
    let sentence = &doc.sentences[doc.sentence_of(mention_start)];
    names
        .of_starting_in(EntityType::State, sentence.start..mention_start)
        .rev()
        .filter(|s| s.span.end <= mention_start)
        .find(|s| {
            patterns
                .lead
                .side_then_names
                .is_match(&doc.text[s.span.end..mention_start])
        })
}

/// "X, Director General, Ministry of Foreign Affairs led the Pakistan
/// delegation": the state of the side X led, named after the post.
fn side_led_after<'n>(
    patterns: &Patterns,
    doc: &Doc<'_>,
    names: &'n Names,
    end: usize,
) -> Option<&'n Found> {
    static SIDE: LazyLock<Regex> = LazyLock::new(|| {
        crate::text::pattern(r"^\s+(?:inter-?\s?[Aa]gency\s+)?(?:delegation|side|team)\b")
            .expect("side pattern")
    });
    names
        .of_starting_in(EntityType::State, end..end + 40)
        .find(|s| {
            patterns.lead.led_the.is_match(&doc.text[end..s.span.start])
                && SIDE.is_match(&doc.text[s.span.end..])
        })
}

fn state_code(found: &Found) -> String {
    found.key.trim_start_matches("state/").to_string()
}

/// "Vinod J Bahade" and "Vinod Bahade" in one document are one person: the
/// fuller name wins.
fn merge_variants(officials: &mut Vec<Official>) {
    let mut by_ends: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut merged: Vec<Official> = Vec::new();
    for o in officials.drain(..) {
        let words: Vec<String> = o
            .name
            .split(' ')
            .filter(|w| !is_initial(w))
            .map(str::to_lowercase)
            .collect();
        let ends = (
            words.first().cloned().unwrap_or_default(),
            words.last().cloned().unwrap_or_default(),
        );
        match by_ends.get(&ends) {
            Some(&i) => {
                let kept = &mut merged[i];
                if o.name.len() > kept.name.len() {
                    kept.name = o.name.clone();
                    kept.key = o.key.clone();
                }
                kept.spans.extend(o.spans);
                kept.title = kept.title.take().or(o.title);
                kept.ministry = kept.ministry.take().or(o.ministry);
                kept.state = kept.state.take().or(o.state);
                kept.leads_in.extend(o.leads_in);
            }
            None => {
                by_ends.insert(ends, merged.len());
                merged.push(o);
            }
        }
    }
    *officials = merged;
}

/// Later mentions by surname alone ("PM Modi", "Mr Singhvi said").
fn surname_mentions(doc: &Doc<'_>, names: &Names, patterns: &Patterns, officials: &mut [Official]) {
    let text = doc.text;
    let mut taken = SpanSet::default();
    for span in officials.iter().flat_map(|o| o.spans.iter()) {
        taken.insert(span.clone());
    }
    for o in officials.iter_mut() {
        let Some(surname) = o.name.split(' ').next_back().filter(|s| s.len() > 2) else {
            continue;
        };
        let Ok(re) = crate::text::pattern(&format!(r"\b{}\b", regex::escape(surname))) else {
            continue;
        };
        for m in re.find_iter(text) {
            let r = m.range();
            if taken.overlaps(&r) || names.overlapping(&r) {
                continue;
            }
            // include a post or honorific just before: "PM Modi"
            let lead = super::before(text, r.start, 40);
            let start = patterns.title_suffix.find(lead).map_or(r.start, |t| {
                let skip = lead[t.start()..].len()
                    - lead[t.start()..]
                        .trim_start_matches(|c: char| !c.is_alphabetic())
                        .len();
                r.start - lead.len() + t.start() + skip
            });
            o.spans.push(start..r.end);
            let sentence = doc.sentence_of(r.start);
            if patterns
                .lead
                .in_sentence
                .find_iter(doc.sentence(sentence))
                .any(|m| !m.as_str().ends_with(" to"))
            {
                o.leads_in.push(sentence);
            }
        }
    }
}

/// Records officials with their post, ministry and state. Runs after the
/// meetings pass, which may tell the state of an official who led one side.
pub(crate) fn record(
    doc: &Doc<'_>,
    officials: &[Official],
    ministries: &[MinistryMention],
    draft: &mut Draft,
) {
    for o in officials {
        for span in &o.spans {
            draft.mention(
                doc,
                &Found {
                    kind: EntityType::Official,
                    key: o.key.clone(),
                    name: o.name.clone(),
                    span: span.clone(),
                },
            );
        }
        if let Some(title) = &o.title {
            draft.value(
                &o.key,
                Predicate::Title,
                title.value.split_whitespace().collect::<Vec<_>>().join(" "),
                title.because.clone(),
            );
        }
        // a ministry's state may have been learnt after the official was read
        let state = o.state.clone().or_else(|| {
            let m = o.ministry.as_ref()?;
            Some(Sourced::new(
                ministries[m.value].state()?.to_string(),
                Rule::StateOfMinistryInPost.at(m.because.at.clone()),
            ))
        });
        if let Some(state) = state {
            draft.relate(
                &o.key,
                Predicate::Represents,
                &format!("state/{}", state.value),
                state.because,
            );
        }
        if let Some(m) = &o.ministry
            && let Some(key) = &ministries[m.value].key
        {
            draft.relate(&o.key, Predicate::MemberOf, key, m.because.clone());
        }
    }
}

/// Gives a ministry without a state the state of the official serving in it.
pub(crate) fn lend_states(officials: &[Official], ministries: &mut [MinistryMention]) {
    for o in officials {
        if let (Some(m), Some(state)) = (&o.ministry, &o.state)
            && ministries[m.value].state().is_none()
        {
            ministries[m.value].context = Some(Sourced::new(
                state.value.clone(),
                Rule::StateOfMinistryOfficial.at(m.because.at.clone()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::{extract_text, facts};
    use crate::model::EntityType;

    fn officials(text: &str) -> Vec<String> {
        let x = extract_text(text, None);
        x.of_type(EntityType::Official)
            .map(|e| e.name.clone())
            .collect()
    }

    #[test]
    fn names_after_honorifics_with_their_posts() {
        let text = "Mr Mahaveer Singhvi, Joint Secretary for Counter-Terrorism at the Ministry of External Affairs of India and Mr Jonon S. Sherali, Head of Department of Asia and Pacific States of the Ministry of Foreign Affairs of the Republic of Tajikistan led the respective delegations.";
        let x = extract_text(text, None);
        let f = facts(&x);
        for fact in [
            ("Mahaveer Singhvi", "represents", "India"),
            (
                "Mahaveer Singhvi",
                "memberOf",
                "Ministry of External Affairs",
            ),
            ("Jonon S. Sherali", "represents", "Tajikistan"),
            (
                "Jonon S. Sherali",
                "memberOf",
                "Ministry of Foreign Affairs of Tajikistan",
            ),
            (
                "Jonon S. Sherali",
                "title",
                "Head of Department of Asia and Pacific States of the Ministry of Foreign Affairs of the Republic of Tajikistan",
            ),
        ] {
            let fact = (fact.0.to_string(), fact.1.to_string(), fact.2.to_string());
            assert!(f.contains(&fact), "missing {fact:?} in {f:#?}");
        }
        assert_eq!(x.of_type(EntityType::Official).count(), 2);
    }

    #[test]
    fn names_before_posts_and_capitalised_surnames() {
        let text = "Mahaveer Singhvi, Joint Secretary (Counter Terrorism) at the Ministry of External Affairs and Philippe BERTOUX, Director for Strategic Affairs, Security and Disarmament at the French Ministry for Europe and Foreign Affairs, led respective inter-Agency delegations.";
        let x = extract_text(text, None);
        let f = facts(&x);
        assert!(f.contains(&(
            "Philippe Bertoux".into(),
            "represents".into(),
            "France".into()
        )));
        assert!(f.contains(&(
            "Philippe Bertoux".into(),
            "title".into(),
            "Director for Strategic Affairs, Security and Disarmament at the French Ministry for Europe and Foreign Affairs".into()
        )));
        assert!(f.contains(&(
            "Mahaveer Singhvi".into(),
            "represents".into(),
            "India".into()
        )));
    }

    #[test]
    fn delegations_tell_the_state() {
        let text = "The Indian delegation was led by Mahaveer Singhvi, Joint Secretary for Counter-Terrorism, Ministry of External Affairs, while the American side was led by Nathan Sales, State Department Coordinator for Counterterrorism.";
        let x = extract_text(text, None);
        let f = facts(&x);
        assert!(f.contains(&(
            "Nathan Sales".into(),
            "represents".into(),
            "United States".into()
        )));
        assert!(f.contains(&(
            "Nathan Sales".into(),
            "memberOf".into(),
            "State Department".into()
        )));
        assert!(f.contains(&(
            "Mahaveer Singhvi".into(),
            "memberOf".into(),
            "Ministry of External Affairs".into()
        )));
    }

    #[test]
    fn posts_before_names_and_surname_mentions() {
        let text = "In August 2025, Indian Prime Minister Narendra Modi and Uzbek President Shavkat Mirziyoyev met. As PM Modi noted, ties grow.";
        let x = extract_text(text, None);
        let f = facts(&x);
        assert!(f.contains(&("Narendra Modi".into(), "represents".into(), "India".into())));
        assert!(f.contains(&(
            "Shavkat Mirziyoyev".into(),
            "represents".into(),
            "Uzbekistan".into()
        )));
        let modi = x
            .of_type(EntityType::Official)
            .find(|e| e.name == "Narendra Modi")
            .unwrap();
        assert!(
            modi.aliases.contains(&"PM Modi".to_string()),
            "{:?}",
            modi.aliases
        );
    }

    #[test]
    fn capitalised_phrases_that_are_not_people() {
        assert!(officials("Head of Department of Asia and Pacific States said.").is_empty());
        assert!(
            officials("The Joint Working Group on Counter Terrorism, Security Council members")
                .is_empty()
        );
    }
}
