//! What extraction finds, in the interchange format of the gold
//! annotations (`tests/fixtures/gold`, described in `../shared/gold/FORMAT.md`):
//! one object per document with its entities and relations.
//!
//! An entity's `id` is its canonical key (`state/IND`,
//! `official/mahaveer-singhvi`, `meeting/FRA-IND/jwg-ct/15`): unique inside
//! a document, the same in every document that names the same thing, and the
//! path of its IRI under the base.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Everything found in one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// The document's file name, without its folder.
    pub doc: String,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Canonical label.
    pub name: String,
    /// Every other form seen in the text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Gold only: finding it is neither rewarded nor punished.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
}

/// Where a piece of text stands in the document, in Unicode scalar values,
/// end exclusive, and the text: an entity's mention, or the sentence(s) a
/// relation was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// A relation's evidence only: the rule that read the relation in this
    /// text (a relation read by several rules, or in several sentences,
    /// has a span for each).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Relation {
    pub subject: String,
    pub predicate: Predicate,
    #[serde(flatten)]
    pub target: Target,
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// The name of the rule that read it (of its first evidence span, in
    /// document order); `extract::Rule` lists them. Not scored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The sentence(s) it was read from, each with its rule, in document
    /// order. Not scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// A relation points at another entity or holds a literal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Object(String),
    Value(String),
}

fn is_false(b: &bool) -> bool {
    !*b
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),*
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),*];

            /// The name used in the interchange format and as the ontology
            /// term's local name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// The kinds of thing found; each is a class of the ontology.
    EntityType {
        State => "State",
        Official => "Official",
        Ministry => "Ministry",
        TerroristGroup => "TerroristGroup",
        Resolution => "Resolution",
        Conference => "Conference",
        Convention => "Convention",
        Organization => "Organization",
        Attack => "Attack",
        Place => "Place",
        Meeting => "Meeting",
        Dialogue => "Dialogue",
    }
}

string_enum! {
    /// Relation names; each is a property of the ontology. The first nine are
    /// the ones the gold annotations score.
    Predicate {
        Participant => "participant",
        LedBy => "ledBy",
        Represents => "represents",
        MemberOf => "memberOf",
        MinistryOf => "ministryOf",
        HeldIn => "heldIn",
        Mentions => "mentions",
        Date => "date",
        Ordinal => "ordinal",
        EndDate => "endDate",
        Virtual => "virtual",
        Title => "title",
        SessionOf => "sessionOf",
        LocatedIn => "locatedIn",
        CallsForActionAgainst => "callsForActionAgainst",
        Cites => "cites",
        Welcomes => "welcomes",
        Condemns => "condemns",
        Supports => "supports",
    }
}

impl Predicate {
    /// `mentions` and its more specific forms.
    pub fn is_mention(self) -> bool {
        matches!(
            self,
            Predicate::Mentions
                | Predicate::CallsForActionAgainst
                | Predicate::Cites
                | Predicate::Welcomes
                | Predicate::Condemns
                | Predicate::Supports
        )
    }
}

impl Extraction {
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }

    /// Entities of one type.
    pub fn of_type(&self, kind: EntityType) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }

    /// Objects (entity ids) of a subject's relations with one predicate.
    pub fn objects<'a>(
        &'a self,
        subject: &'a str,
        predicate: Predicate,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.relations.iter().filter_map(move |r| match &r.target {
            Target::Object(o) if r.subject == subject && r.predicate == predicate => {
                Some(o.as_str())
            }
            _ => None,
        })
    }

    /// Literal values of a subject's relations with one predicate.
    pub fn values<'a>(
        &'a self,
        subject: &'a str,
        predicate: Predicate,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.relations.iter().filter_map(move |r| match &r.target {
            Target::Value(v) if r.subject == subject && r.predicate == predicate => {
                Some(v.as_str())
            }
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_gold_format() {
        let json = r#"{"doc":"001.txt","entities":[
            {"id":"in","type":"State","name":"India","aliases":["Indian"]},
            {"id":"m1","type":"Meeting","name":"15th meeting","optional":true}],
          "relations":[{"subject":"m1","predicate":"participant","object":"in"},
            {"subject":"m1","predicate":"date","value":"2021-11-16"}]}"#;
        let x: Extraction = serde_json::from_str(json).unwrap();
        assert_eq!(x.entities[0].kind, EntityType::State);
        assert!(x.entities[1].optional);
        assert_eq!(x.relations[0].target, Target::Object("in".into()));
        assert_eq!(
            x.values("m1", Predicate::Date).collect::<Vec<_>>(),
            ["2021-11-16"]
        );
    }

    #[test]
    fn writes_object_or_value_and_omits_empty_fields() {
        let r = Relation {
            subject: "meeting/FRA-IND/jwg-ct/15".into(),
            predicate: Predicate::Ordinal,
            target: Target::Value("15".into()),
            optional: false,
            rule: None,
            evidence: vec![],
        };
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"subject":"meeting/FRA-IND/jwg-ct/15","predicate":"ordinal","value":"15"}"#
        );
    }

    #[test]
    fn a_relation_carries_its_rule_and_evidence() {
        let json = r#"{"subject":"m","predicate":"heldIn","object":"p","rule":"venue-near-meeting",
            "evidence":[{"start":3,"end":20,"text":"It met in Paris.","rule":"venue-near-meeting"}]}"#;
        let r: Relation = serde_json::from_str(json).unwrap();
        assert_eq!(r.rule.as_deref(), Some("venue-near-meeting"));
        assert_eq!(r.evidence[0].rule.as_deref(), Some("venue-near-meeting"));
        let again: Relation = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(again, r);
        // an entity's evidence has no rule, and writes none
        let e = Evidence {
            start: 0,
            end: 3,
            text: "LeT".into(),
            rule: None,
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"start":0,"end":3,"text":"LeT"}"#
        );
    }

    #[test]
    fn unknown_types_are_rejected() {
        let json =
            r#"{"doc":"x","entities":[{"id":"a","type":"Planet","name":"Mars"}],"relations":[]}"#;
        assert!(serde_json::from_str::<Extraction>(json).is_err());
    }
}
