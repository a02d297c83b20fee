//! Treaties and conventions, adopted or in draft. The lexicon knows the
//! counter-terrorism conventions by name; this pass adds conventions it
//! does not know, written "... Convention on/for/against ...".

use std::sync::LazyLock;

use regex::Regex;

use super::names::{Names, key_of};
use super::{Doc, Draft, Found};
use crate::model::EntityType;

static CONVENTION: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"\p{Lu}[\p{L}’'-]*";
    crate::text::pattern(&format!(
        r"(?:{word}\s+){{0,6}}Convention\s+(?:on|for|against)\s+(?:the\s+)?{word}(?:\s+(?:{word}|of|the|and|on|against|for))*"
    ))
    .expect("convention pattern")
});

const CONNECTORS: &[&str] = &["of", "the", "and", "on", "against", "for"];

pub(crate) fn find(doc: &Doc<'_>, names: &Names, draft: &mut Draft) {
    for m in CONVENTION.find_iter(doc.text) {
        let known = names
            .overlapping_with(&m.range())
            .any(|f| f.kind == EntityType::Convention);
        if known {
            continue;
        }
        let mut words: Vec<&str> = m.as_str().split_whitespace().collect();
        while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
            words.pop();
        }
        while words
            .first()
            .is_some_and(|w| matches!(*w, "The" | "This" | "A"))
        {
            words.remove(0);
        }
        let name = words.join(" ");
        let start = m.start() + m.as_str().find(words[0]).unwrap_or(0);
        let last = words[words.len() - 1];
        let end = m.start() + m.as_str().rfind(last).unwrap_or(0) + last.len();
        draft.mention(
            doc,
            &Found {
                kind: EntityType::Convention,
                key: key_of(EntityType::Convention, &name, None),
                name,
                span: start..end,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::tests_support::extract_text;
    use crate::model::EntityType;

    fn conventions(text: &str) -> Vec<String> {
        extract_text(text, None)
            .of_type(EntityType::Convention)
            .map(|e| e.name.clone())
            .collect()
    }

    #[test]
    fn the_lexicon_names_known_conventions() {
        assert_eq!(
            conventions(
                "adoption of the Comprehensive Convention on International Terrorism within the UN framework"
            ),
            ["Comprehensive Convention on International Terrorism"]
        );
    }

    #[test]
    fn unknown_conventions_by_their_shape() {
        assert_eq!(
            conventions(
                "They ratified the Regional Convention on Mutual Legal Assistance in 2020."
            ),
            ["Regional Convention on Mutual Legal Assistance"]
        );
    }
}
