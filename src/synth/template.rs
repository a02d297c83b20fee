//! The phrasings of `data/synth/phrasings.txt` and their expansion.
//!
//! A section holds several ways of saying one thing; expanding it picks one
//! and fills its `{key}` holes with values the generator prepared. Every
//! value carries what it names ([`Use`]), so a rendered text knows exactly
//! which entities and facts it states, and the gold follows from that rather
//! than from the generator's intentions.

use std::collections::HashMap;

use super::rng::Rng;

/// What a piece of rendered text says: an entity by one of its names, or a
/// fact about the statement's main meeting or conference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    Entity {
        /// The entity's key in the statement's table.
        key: String,
        /// The words used for it.
        surface: String,
        /// Named only in passing (a dateline, a news agency), so finding it
        /// is neither rewarded nor punished.
        optional: bool,
    },
    Fact(Fact),
}

/// Facts a phrase can state about the statement's main event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    MeetingOrdinal,
    MeetingDate,
    MeetingVenue,
    ConferenceDate,
    ConferenceVenue,
    /// The official of side n is named as leading a delegation.
    LedBy(usize),
    /// Side n's ministry is named with its official.
    MemberOf(usize),
    /// Side n's minister is named with a post that says whom he serves.
    Minister(usize),
    /// The next meeting is announced.
    NextMeeting,
}

/// A prepared value: its text and what it names.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub text: String,
    pub uses: Vec<Use>,
}

impl Slot {
    pub fn plain(text: impl Into<String>) -> Self {
        Slot {
            text: text.into(),
            uses: Vec::new(),
        }
    }

    /// An entity named by `text`, the whole of it.
    pub fn entity(key: &str, text: impl Into<String>) -> Self {
        let text = text.into();
        Slot {
            uses: vec![Use::Entity {
                key: key.to_string(),
                surface: text.clone(),
                optional: false,
            }],
            text,
        }
    }

    /// The same slot, also stating a fact.
    pub fn with_fact(mut self, fact: Fact) -> Self {
        self.uses.push(Use::Fact(fact));
        self
    }

    /// Every entity this slot names becomes optional.
    pub fn optional(mut self) -> Self {
        for u in &mut self.uses {
            if let Use::Entity { optional, .. } = u {
                *optional = true;
            }
        }
        self
    }

    /// Slots joined as an English list: "a, b and c".
    pub fn list(items: Vec<Slot>) -> Slot {
        let n = items.len();
        let mut out = Slot::default();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.text.push_str(if i + 1 == n { " and " } else { ", " });
            }
            out.text.push_str(&item.text);
            out.uses.extend(item.uses);
        }
        out
    }

    /// A slot whose text has `before` put in front, naming the same things.
    pub fn prefixed(mut self, before: &str) -> Slot {
        self.text.insert_str(0, before);
        self
    }

    /// The key of the first entity it names.
    pub fn first_entity(&self) -> Option<String> {
        self.uses.iter().find_map(|u| match u {
            Use::Entity { key, .. } => Some(key.clone()),
            Use::Fact(_) => None,
        })
    }

    #[cfg(test)]
    pub fn names(&self, key: &str) -> bool {
        self.uses
            .iter()
            .any(|u| matches!(u, Use::Entity { key: k, .. } if k == key))
    }
}

/// The values a statement's phrasings may use, by key (`venue`, `a.name`).
#[derive(Debug, Default)]
pub struct Context {
    slots: HashMap<String, Slot>,
}

impl Context {
    pub fn set(&mut self, key: impl Into<String>, slot: Slot) {
        self.slots.insert(key.into(), slot);
    }

    pub fn slot_of(&self, key: &str) -> Option<&Slot> {
        self.slots.get(key)
    }

    fn get(&self, key: &str, scope: Option<&str>) -> Option<&Slot> {
        scope
            .and_then(|s| self.slots.get(&format!("{s}.{key}")))
            .or_else(|| self.slots.get(key))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("phrasings.txt line {line}: {message}")]
    Syntax { line: usize, message: String },
    #[error("phrasings.txt: no section [{0}]")]
    NoSection(String),
    #[error("phrasings.txt [{section}]: no value for {{{key}}} here")]
    NoValue { section: String, key: String },
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Value(String),
    Section { name: String, scope: Option<String> },
}

/// All sections of a phrasings file.
#[derive(Debug)]
pub struct Phrasings {
    sections: HashMap<String, Vec<Vec<Part>>>,
}

impl Phrasings {
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        let mut sections: HashMap<String, Vec<Vec<Part>>> = HashMap::new();
        let mut current: Option<String> = None;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                sections.entry(name.to_string()).or_default();
                current = Some(name.to_string());
                continue;
            }
            let Some(section) = &current else {
                return Err(TemplateError::Syntax {
                    line: line_no,
                    message: "a phrasing before any [section]".into(),
                });
            };
            let parts = parse_line(line).map_err(|message| TemplateError::Syntax {
                line: line_no,
                message,
            })?;
            sections
                .get_mut(section)
                .expect("section exists")
                .push(parts);
        }
        let phrasings = Phrasings { sections };
        // every section a line refers to exists and has a line
        for lines in phrasings.sections.values() {
            for part in lines.iter().flatten() {
                if let Part::Section { name, .. } = part {
                    phrasings.lines(name)?;
                }
            }
        }
        Ok(phrasings)
    }

    fn lines(&self, section: &str) -> Result<&[Vec<Part>], TemplateError> {
        match self.sections.get(section) {
            Some(lines) if !lines.is_empty() => Ok(lines),
            _ => Err(TemplateError::NoSection(section.to_string())),
        }
    }

    /// How many lines a section has (0 when there is no such section).
    pub fn count(&self, section: &str) -> usize {
        self.sections.get(section).map_or(0, Vec::len)
    }

    /// One way of saying `section`, filled from `context`.
    pub fn expand(
        &self,
        section: &str,
        scope: Option<&str>,
        context: &Context,
        rng: &mut Rng,
    ) -> Result<Slot, TemplateError> {
        let n = self.lines(section)?.len();
        let line = rng.below(n);
        self.expand_line(section, line, scope, context, rng)
    }

    /// Line `index` of `section`, filled from `context`.
    pub fn expand_line(
        &self,
        section: &str,
        index: usize,
        scope: Option<&str>,
        context: &Context,
        rng: &mut Rng,
    ) -> Result<Slot, TemplateError> {
        let line = &self.lines(section)?[index];
        let mut out = Slot::default();
        for part in line {
            match part {
                Part::Text(t) => out.text.push_str(t),
                Part::Value(key) => {
                    let slot = context
                        .get(key, scope)
                        .ok_or_else(|| TemplateError::NoValue {
                            section: section.to_string(),
                            key: key.clone(),
                        })?;
                    out.text.push_str(&slot.text);
                    out.uses.extend(slot.uses.iter().cloned());
                }
                Part::Section { name, scope: inner } => {
                    let inner = inner.as_deref().or(scope);
                    let slot = self.expand(name, inner, context, rng)?;
                    out.text.push_str(&slot.text);
                    out.uses.extend(slot.uses);
                }
            }
        }
        Ok(out)
    }
}

fn parse_line(line: &str) -> Result<Vec<Part>, String> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .ok_or_else(|| format!("an unclosed {{ in {line:?}"))?
            + open;
        let inner = &rest[open + 1..close];
        if !text.is_empty() {
            parts.push(Part::Text(unescape(&std::mem::take(&mut text))));
        }
        if let Some(section) = inner.strip_prefix('@') {
            let (name, scope) = match section.split_once(':') {
                Some((n, s)) => (n, Some(s.to_string())),
                None => (section, None),
            };
            parts.push(Part::Section {
                name: name.to_string(),
                scope,
            });
        } else if inner.is_empty() || inner.contains(char::is_whitespace) {
            return Err(format!("{{{inner}}} is not a key"));
        } else {
            parts.push(Part::Value(inner.to_string()));
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        parts.push(Part::Text(unescape(&text)));
    }
    Ok(parts)
}

fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_fills_values_through_scopes_and_keeps_what_they_name() {
        let p = Phrasings::parse(
            "[top]\n{@lead:a} met {b.name}.\\nDone\n[lead]\n{hon}{name} of {state}\n",
        )
        .unwrap();
        let mut c = Context::default();
        c.set("a.name", Slot::entity("official/x", "Asha Rao"));
        c.set("a.state", Slot::entity("state/IND", "India"));
        c.set("b.name", Slot::entity("official/y", "Li Wei"));
        c.set("hon", Slot::plain("Ms "));
        let out = p
            .expand("top", None, &c, &mut Rng::for_statement(1, 0))
            .unwrap();
        assert_eq!(out.text, "Ms Asha Rao of India met Li Wei.\nDone");
        assert!(out.names("official/x") && out.names("state/IND") && out.names("official/y"));
    }

    #[test]
    fn a_missing_section_or_value_is_named() {
        let err = Phrasings::parse("[a]\n{@b}\n").unwrap_err();
        assert!(err.to_string().contains("[b]"), "{err}");
        let p = Phrasings::parse("[a]\nx {nothing}\n").unwrap();
        let err = p
            .expand(
                "a",
                None,
                &Context::default(),
                &mut Rng::for_statement(1, 0),
            )
            .unwrap_err();
        assert!(err.to_string().contains("{nothing}"), "{err}");
    }
}
