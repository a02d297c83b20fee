//! Named conferences and summits other than the meeting itself, with their
//! venue and dates: 'the 3rd Ministerial Conference on Counter-Terrorism
//! Financing “No Money for Terror” (18-19 November 2022, New Delhi)', 'the
//! Shanghai Cooperation Organisation Summit in Tianjin'.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::names::Names;
use super::{Doc, Draft, Found, Rule};
use crate::dates::DateBasis;
use crate::model::{EntityType, Predicate};
use crate::text::slug;

/// A conference named in the text.
#[derive(Debug, Clone)]
pub(crate) struct Conference {
    /// The name and what belongs to it: its bracketed dates and venue, or
    /// "in <place>".
    pub span: Range<usize>,
}

static CONFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{L}\d’'-]*";
    let quoted = r#"[“"][^”"\n]{3,200}[”"]"#;
    crate::text::pattern(&format!(
        r"(?x)
        (?:\b(?P<ord>\d{{1,2}}(?:st|nd|rd|th))\s+)?
        (?P<head>(?:{word}\s+(?:(?:of|and|for)\s+)?){{0,8}})
        (?P<kw>Conference|Summit|Symposium|Forum)\b
        (?P<tail>\s+on\s+(?:{quoted}|{word}(?:\s+(?:{word}|of|and|for|the|to|against))*))?
        (?P<title>\s+{quoted})?
        "
    ))
    .expect("conference pattern")
});

static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(
        r"^(?:\s*\((?P<inner>[^()\n]{3,80})\)|\s+(?:held\s+)?(?:in|at)\s+(?:the\s+)?)",
    )
    .expect("conference context")
});

/// Heads that make a word like "Conference" a common noun.
const NOT_NAMED: &[&str] = &[
    "The", "This", "That", "A", "Press", "Video", "News", "Both", "Next",
];

pub(crate) fn find(doc: &Doc<'_>, names: &Names, draft: &mut Draft) -> Vec<Conference> {
    let text = doc.text;
    let mut out = Vec::new();
    for c in CONFERENCE.captures_iter(text) {
        let whole = c.get(0).unwrap();
        let head = c.name("head").map_or("", |h| h.as_str());
        let head_words: Vec<&str> = head
            .split_whitespace()
            .skip_while(|w| NOT_NAMED.contains(w))
            .collect();
        let has_tail = c.name("tail").is_some() || c.name("title").is_some();
        if head_words.is_empty() && !has_tail {
            continue; // "the Conference", "a Summit"
        }
        // the name starts after any leading article-like word
        let start = match head_words.first() {
            Some(first) if c.name("ord").is_none() => whole.start() + head.find(first).unwrap_or(0),
            _ => whole.start(),
        };
        let span = start..whole.end();
        // "Global Counterterrorism Forum" is a body, not a conference
        let is_body = names.overlapping_with(&span).any(|f| {
            matches!(
                f.kind,
                EntityType::Organization | EntityType::TerroristGroup
            ) && f.span.start <= span.start
                && span.end <= f.span.end
        });
        if is_body {
            continue;
        }
        let name = text[span.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(['“', '”'], "\"");

        // venue and dates right after the name
        let mut context_end = span.end;
        let mut venue = None;
        let mut date = None;
        if let Some(a) = AFTER.captures(&text[span.end..]) {
            let m = a.get(0).unwrap();
            let region = match a.name("inner") {
                Some(_) => span.end..span.end + m.end(),
                // "in Tianjin": the place must follow at once
                None => span.end + m.end()..span.end + m.end(),
            };
            venue = if region.is_empty() {
                names
                    .starting_at(region.start)
                    .find(|p| p.kind == EntityType::Place)
            } else {
                names
                    .of_starting_in(EntityType::Place, region.clone())
                    .find(|p| p.span.end <= region.end)
            };
            if !region.is_empty() {
                date = doc
                    .dates_starting_in(region.clone())
                    .find(|d| d.span.end <= region.end);
            }
            context_end = match (venue, region.is_empty()) {
                (Some(v), true) => v.span.end,
                _ => region.end,
            };
        }
        let date = date.or_else(|| {
            // "... Summit on 5 July 2024"
            let rest = &text[span.end..];
            rest.strip_prefix(" on ").and_then(|_| {
                doc.dates
                    .iter()
                    .find(|d| d.span.start == span.end + 4 && d.basis != DateBasis::Relative)
            })
        });
        let key = match date {
            Some(d) if !name.contains(&d.start.format("%Y").to_string()) => {
                format!("conference/{}-{}", slug(&name), d.start.format("%Y"))
            }
            _ => format!("conference/{}", slug(&name)),
        };
        draft.mention(
            doc,
            &Found {
                kind: EntityType::Conference,
                key: key.clone(),
                name: name.clone(),
                span: span.clone(),
            },
        );
        if let Some(title) = c
            .name("title")
            .or_else(|| c.name("tail").filter(|t| t.as_str().contains(['“', '"'])))
        {
            let bare = title
                .as_str()
                .trim()
                .trim_start_matches("on ")
                .trim_matches(|ch| matches!(ch, '“' | '”' | '"'));
            draft.alias(&key, bare);
        }
        if let Some(ord) = c.name("ord") {
            draft.alias(&key, name.trim_start_matches(ord.as_str()).trim());
        }
        if let Some(v) = venue {
            let read = span.start..v.span.end.max(span.end);
            draft.relate(
                &key,
                Predicate::HeldIn,
                &v.key,
                Rule::ConferenceVenueAfterName.at(read),
            );
        }
        if let Some(d) = date {
            let read = span.start..d.span.end.max(span.end);
            let because = Rule::ConferenceDateAfterName.at(read);
            draft.value(&key, Predicate::Date, d.start.to_string(), because.clone());
            if let Some(end) = d.end {
                draft.value(&key, Predicate::EndDate, end.to_string(), because);
            }
        }
        out.push(Conference {
            span: span.start..context_end,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::{extract_text, facts};
    use crate::model::EntityType;

    const TEXT: &str = "Both sides welcomed holding in their respective capitals of the High-Level International Conference on “International and Regional Border Security and Management Cooperation to Counter Terrorism and Prevent the Movement of Terrorists” (18-19 October 2022, Dushanbe) and the 3rd Ministerial Conference on Counter-Terrorism Financing “No Money for Terror” (18-19 November 2022, New Delhi), which will help.";

    #[test]
    fn quoted_titles_dates_and_venues() {
        let x = extract_text(TEXT, None);
        let names: Vec<String> = x
            .of_type(EntityType::Conference)
            .map(|e| e.name.clone())
            .collect();
        assert!(names.contains(&"3rd Ministerial Conference on Counter-Terrorism Financing \"No Money for Terror\"".to_string()), "{names:?}");
        assert!(names.contains(&"High-Level International Conference on \"International and Regional Border Security and Management Cooperation to Counter Terrorism and Prevent the Movement of Terrorists\"".to_string()), "{names:?}");
        let f = facts(&x);
        let nmft =
            "3rd Ministerial Conference on Counter-Terrorism Financing \"No Money for Terror\""
                .to_string();
        assert!(
            f.contains(&(nmft.clone(), "heldIn".into(), "New Delhi".into())),
            "{f:#?}"
        );
        assert!(f.contains(&(nmft.clone(), "date".into(), "2022-11-18".into())));
        assert!(f.contains(&(nmft, "endDate".into(), "2022-11-19".into())));
    }

    #[test]
    fn summits_with_a_venue() {
        let x = extract_text(
            "They met on the sidelines of the Shanghai Cooperation Organisation Summit in Tianjin, China.",
            None,
        );
        let f = facts(&x);
        assert!(
            f.contains(&(
                "Shanghai Cooperation Organisation Summit".into(),
                "heldIn".into(),
                "Tianjin".into()
            )),
            "{f:#?}"
        );
    }

    #[test]
    fn common_nouns_are_not_conferences() {
        let x = extract_text(
            "He told a Press Conference that the Conference would go on.",
            None,
        );
        assert_eq!(x.of_type(EntityType::Conference).count(), 0);
    }
}
