//! Named terrorist attacks: those the lexicon knows ("26/11 Mumbai", "the
//! 2015 Paris attacks") and those the text names by place and time ("the
//! April 22 terrorist attack in Pahalgam", "the Pulwama attack"), including
//! places listed after "attacks, including ...".

use std::ops::Range;
use std::sync::LazyLock;

use chrono::Datelike;
use regex::Regex;

use super::names::{Names, key_of};
use super::{Doc, Draft, Found, Rule, after, before};
use crate::dates::DateBasis;
use crate::lexicon::LexKind;
use crate::model::{EntityType, Predicate};
use crate::spans::SpanSet;

static NOUN_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"^\s+(?:terror(?:ist)?\s+)?(?P<noun>attacks?|bombings?|blasts?|massacre|shootings?|siege)\b")
        .expect("attack noun")
});
static YEAR_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| crate::text::pattern(r"\b(?P<year>(?:19|20)\d{2})\s+$").expect("attack year"));
static ATTACK_IN_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?:\bterror(?:ist)?\s+|(?P<date>\b\w+\s+\d{1,2}\s+(?:terror(?:ist)?\s+)?))(?P<noun>attacks?|bombings?|blasts?)\s+(?:in|on|at)\s+$")
        .expect("attack-in pattern")
});
static LIST_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"\b(?:attacks?|bombings?),?\s+(?:including|such\s+as|like)\s+")
        .expect("attack list")
});

pub(crate) fn find(doc: &Doc<'_>, names: &Names, draft: &mut Draft) {
    let text = doc.text;
    let mut taken = SpanSet::default();
    for m in &names.attacks {
        let entry = doc.lexicon.entry(m.entry);
        record(
            doc,
            names,
            draft,
            &entry.name,
            m.span.clone(),
            entry.place.as_deref(),
            Rule::AttackPlaceFromLexicon,
        );
        taken.insert(m.span.clone());
    }
    for place in names.places().chain(names.states()) {
        // "2015 Paris attacks", "the Pulwama terror attack"
        if let Some(n) = NOUN_AFTER.captures(&text[place.span.end..]) {
            let noun = n.name("noun").unwrap().as_str();
            let lead = before(text, place.span.start, 8);
            let year = YEAR_BEFORE.captures(lead).map(|y| y["year"].to_string());
            let start = year
                .as_ref()
                .map_or(place.span.start, |y| place.span.start - y.len() - 1);
            let span = start..place.span.end + n.get(0).unwrap().end();
            if taken.overlaps(&span) || (year.is_none() && place.kind == EntityType::State) {
                continue;
            }
            let name = canonical(doc, year.as_deref(), &place.name, noun);
            record(
                doc,
                names,
                draft,
                &name,
                span.clone(),
                Some(&place.name),
                Rule::AttackPlaceInName,
            );
            taken.insert(span);
            continue;
        }
        // "the April 22 terrorist attack in Pahalgam"
        let lead = before(text, place.span.start, 60);
        if let Some(c) = ATTACK_IN_BEFORE.captures(lead) {
            let span = place.span.start - lead.len() + c.get(0).unwrap().start()..place.span.end;
            if taken.overlaps(&span) || place.kind == EntityType::State {
                continue;
            }
            let year = attack_year(doc, &span);
            let noun = c.name("noun").unwrap().as_str();
            let name = canonical(doc, year.as_deref(), &place.name, noun);
            record(
                doc,
                names,
                draft,
                &name,
                span.clone(),
                Some(&place.name),
                Rule::AttackPlaceInName,
            );
            taken.insert(span);
        }
    }
    // "attacks, including 26/11 Mumbai and Pathankot"
    for head in LIST_HEAD.find_iter(text) {
        let mut at = head.end();
        loop {
            let item = names
                .starting_at(at)
                .find(|p| p.kind == EntityType::Place)
                .filter(|p| !taken.overlaps(&p.span));
            let next_at = match item {
                Some(place) => {
                    let name = canonical(doc, None, &place.name, "attack");
                    record(
                        doc,
                        names,
                        draft,
                        &name,
                        place.span.clone(),
                        Some(&place.name),
                        Rule::AttackPlaceInName,
                    );
                    taken.insert(place.span.clone());
                    place.span.end
                }
                None => match taken.starting_at(at) {
                    Some(t) => t.end,
                    None => break,
                },
            };
            let rest = after(text, next_at, 8);
            let sep = [", and ", " and ", ", "]
                .iter()
                .find(|s| rest.starts_with(**s));
            match sep {
                Some(s) => at = next_at + s.len(),
                None => break,
            }
        }
    }
}

/// The year of an attack named without one: a date in its phrase or, failing
/// that, a date with a year in the same sentence.
fn attack_year(doc: &Doc<'_>, span: &Range<usize>) -> Option<String> {
    let sentence = &doc.sentences[doc.sentence_of(span.start)];
    doc.dates_starting_in(span.clone())
        .filter(|d| d.basis != DateBasis::Relative)
        .find(|d| d.span.end <= span.end)
        .or_else(|| {
            doc.dates_starting_in(sentence.clone())
                .find(|d| d.basis == DateBasis::Absolute && d.span.end <= sentence.end)
        })
        .map(|d| d.start.year().to_string())
}

/// The lexicon's name for an attack at this place and year, or one made
/// from them: "2025 Pahalgam attack".
fn canonical(doc: &Doc<'_>, year: Option<&str>, place: &str, noun: &str) -> String {
    let singular = noun.trim_end_matches('s');
    let singular = if singular == "bombing" || singular == "blast" || singular == "shooting" {
        singular
    } else if noun == "massacre" || noun == "siege" {
        noun
    } else {
        "attack"
    };
    let plural = noun.ends_with('s');
    let written = |y: Option<&str>| {
        let n = if plural {
            format!("{singular}s")
        } else {
            singular.to_string()
        };
        match y {
            Some(y) => format!("{y} {place} {n}"),
            None => format!("{place} {n}"),
        }
    };
    let candidates = [
        written(year),
        written(None),
        format!("{place} {singular}"),
        format!("{place} {singular}s"),
    ];
    for c in &candidates {
        if let Some(e) = doc.lexicon.by_name(LexKind::Attack, c) {
            let year_agrees = year.is_none()
                || e.date
                    .is_none_or(|d| d.year().to_string() == year.unwrap_or_default());
            if year_agrees {
                return e.name.clone();
            }
        }
    }
    match year {
        Some(y) => format!("{y} {place} {singular}{}", if plural { "s" } else { "" }),
        None => format!("{place} {singular}{}", if plural { "s" } else { "" }),
    }
}

fn record(
    doc: &Doc<'_>,
    names: &Names,
    draft: &mut Draft,
    name: &str,
    span: Range<usize>,
    place: Option<&str>,
    rule: Rule,
) {
    let key = key_of(EntityType::Attack, name, None);
    draft.mention(
        doc,
        &Found {
            kind: EntityType::Attack,
            key: key.clone(),
            name: name.to_string(),
            span: span.clone(),
        },
    );
    if let Some(place) = place.and_then(|p| names.place_named(p)) {
        draft.relate(&key, Predicate::LocatedIn, &place.key, rule.at(span));
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::extract_text;
    use crate::model::EntityType;

    fn attacks(text: &str, date: Option<&str>) -> Vec<String> {
        let mut v: Vec<String> = extract_text(text, date)
            .of_type(EntityType::Attack)
            .map(|e| e.name.clone())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn known_attacks_by_their_common_names() {
        assert_eq!(
            attacks(
                "the 13th anniversary of the 2008 Mumbai attacks and the 2015 Paris attacks",
                None
            ),
            ["2008 Mumbai attacks", "2015 Paris attacks"]
        );
    }

    #[test]
    fn attacks_listed_by_place() {
        assert_eq!(
            attacks(
                "perpetrators of such attacks, including 26/11 Mumbai and Pathankot. The US",
                None
            ),
            ["2008 Mumbai attacks", "2016 Pathankot attack"]
        );
    }

    #[test]
    fn an_attack_named_by_date_and_place() {
        assert_eq!(
            attacks(
                "They condemned the April 22 terrorist attack in Pahalgam, Jammu and Kashmir.",
                Some("2025-10-02")
            ),
            ["2025 Pahalgam attack"]
        );
    }

    #[test]
    fn an_attack_the_lexicon_does_not_know() {
        assert_eq!(
            attacks(
                "They recalled the 2017 Kabul terrorist attack and its victims.",
                None
            ),
            ["2017 Kabul attack"]
        );
    }
}
