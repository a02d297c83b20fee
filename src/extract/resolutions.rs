//! Numbered resolutions of UN bodies: "UNSC Resolution 2593 (2021)",
//! "United Nations Security Council Resolution 2396", "UNSCR 1267",
//! "resolutions 1267, 1989 and 2253", "General Assembly resolution 60/288".

use std::sync::LazyLock;

use regex::Regex;

use super::{Doc, Draft, Found};
use crate::model::EntityType;

static RESOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    let number = r"\d{2,4}(?:/\d{1,4})?(?:\s*\(\d{4}\))?";
    crate::text::pattern(&format!(
        r"(?x)
        (?:
            (?P<body>
                (?:the\s+)?(?:United\s+Nations|UN|U\.N\.)\s+(?:Security\s+Council|General\s+Assembly)
              | UNSC | UNGA | Security\s+Council | General\s+Assembly
            )['’]?s?\s+(?P<word>[Rr]esolutions?)
          | (?P<unscr>UNSCRs?)
          | (?P<capital>Resolutions?)
        )
        \s+(?:[Nn]os?\.?\s*)?
        (?P<numbers>{number}(?:\s*(?:,|and|&)\s*(?:[Nn]o\.?\s*)?{number})*)
        "
    ))
    .expect("resolution pattern")
});

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    crate::text::pattern(r"(?P<n>\d{2,4})(?:/(?P<m>\d{1,4}))?").expect("resolution number")
});

pub(crate) fn find(doc: &Doc<'_>, draft: &mut Draft) {
    for c in RESOLUTION.captures_iter(doc.text) {
        let numbers = c.name("numbers").unwrap();
        let body_text = c.name("body").map_or("", |b| b.as_str());
        let assembly = body_text.contains("General") || body_text.contains("UNGA");
        let whole = c.get(0).unwrap();
        for (i, n) in NUMBER.captures_iter(numbers.as_str()).enumerate() {
            let number = n.get(0).unwrap();
            // "(2021)" after a number is its year, not another resolution
            let in_year = numbers.as_str()[..number.start()].ends_with('(');
            if in_year {
                continue;
            }
            let (key, name) = match (n.name("m"), assembly) {
                // "60/288": the General Assembly numbers by session
                (Some(m), _) => (
                    format!("unga-{}-{}", &n["n"], m.as_str()),
                    format!("UNGA Resolution {}/{}", &n["n"], m.as_str()),
                ),
                (None, true) => (
                    format!("unga-{}", &n["n"]),
                    format!("UNGA Resolution {}", &n["n"]),
                ),
                (None, false) => (
                    format!("unsc-{}", &n["n"]),
                    format!("UNSC Resolution {}", &n["n"]),
                ),
            };
            let span = if i == 0 {
                whole.start()..numbers.start() + number.end()
            } else {
                numbers.start() + number.start()..numbers.start() + number.end()
            };
            // the year in brackets belongs to the first form
            let span = match doc.text[span.end..].find(')') {
                Some(close) if i == 0 && doc.text[span.end..].trim_start().starts_with('(') => {
                    let inner = &doc.text[span.end..span.end + close];
                    if inner
                        .trim_start_matches([' ', '('])
                        .chars()
                        .all(|c| c.is_ascii_digit())
                    {
                        span.start..span.end + close + 1
                    } else {
                        span
                    }
                }
                _ => span,
            };
            draft.mention(
                doc,
                &Found {
                    kind: EntityType::Resolution,
                    key: format!("resolution/{key}"),
                    name,
                    span,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::extract_text;
    use crate::model::EntityType;

    fn resolutions(text: &str) -> Vec<(String, Vec<String>)> {
        let x = extract_text(text, None);
        x.of_type(EntityType::Resolution)
            .map(|e| (e.name.clone(), e.aliases.clone()))
            .collect()
    }

    #[test]
    fn security_council_resolutions_in_their_common_forms() {
        assert_eq!(
            resolutions("in accordance with the UNSC Resolution 2593 (2021)."),
            vec![(
                "UNSC Resolution 2593".into(),
                vec!["UNSC Resolution 2593 (2021)".into()]
            )]
        );
        assert_eq!(
            resolutions(
                "obligations outlined in United Nations Security Council Resolution 2396. India"
            ),
            vec![(
                "UNSC Resolution 2396".into(),
                vec!["United Nations Security Council Resolution 2396".into()]
            )]
        );
    }

    #[test]
    fn lists_of_resolutions_give_one_entity_each() {
        let got: Vec<String> = resolutions("under UNSCRs 1267, 1989 and 2253 sanctions")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            got,
            [
                "UNSC Resolution 1267",
                "UNSC Resolution 1989",
                "UNSC Resolution 2253"
            ]
        );
    }

    #[test]
    fn general_assembly_resolutions_keep_their_session_number() {
        let got = resolutions("General Assembly resolution 60/288 on the Strategy");
        assert_eq!(got[0].0, "UNGA Resolution 60/288");
    }

    #[test]
    fn a_lower_case_resolution_without_a_body_is_not_a_un_resolution() {
        assert!(resolutions("the resolution 2021 of the parliament").is_empty());
    }
}
