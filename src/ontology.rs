//! The ontology (`ontology/ctkg.ttl`), read with sophia: which classes and
//! properties it declares, with their labels and comments. The mapper's
//! terms are checked against it, so the graph never uses an undeclared term.

use std::collections::{BTreeMap, BTreeSet};

use sophia::api::ns::{owl, rdf, rdfs};
use sophia::api::prelude::*;
use sophia::api::term::SimpleTerm;
use sophia::turtle::parser::turtle;

/// The ontology's Turtle text, compiled in.
pub const TURTLE: &str = include_str!("../ontology/ctkg.ttl");

#[derive(Debug, thiserror::Error)]
pub enum OntologyError {
    #[error("ontology/ctkg.ttl does not parse: {0}")]
    Parse(String),
}

/// What the ontology declares.
#[derive(Debug, Clone, Default)]
pub struct Ontology {
    /// IRIs of declared classes.
    pub classes: BTreeSet<String>,
    /// IRIs of declared properties (object, datatype and annotation).
    pub properties: BTreeSet<String>,
    pub labels: BTreeMap<String, String>,
    pub comments: BTreeMap<String, String>,
    /// Superclasses and superproperties, by IRI.
    pub parents: BTreeMap<String, BTreeSet<String>>,
}

impl Ontology {
    /// The ontology compiled into ctkg.
    pub fn builtin() -> Result<Self, OntologyError> {
        Self::from_turtle(TURTLE)
    }

    pub fn from_turtle(ttl: &str) -> Result<Self, OntologyError> {
        let triples: Vec<[SimpleTerm<'static>; 3]> = turtle::parse_str(ttl)
            .collect_triples()
            .map_err(|e| OntologyError::Parse(e.to_string()))?;
        let iri = |t: &SimpleTerm<'_>| t.iri().map(|i| i.as_str().to_string());
        let of = |t: sophia::api::ns::NsTerm<'_>| {
            t.iri().map(|i| i.as_str().to_string()).unwrap_or_default()
        };
        let (type_, class, object, datatype, annotation) = (
            of(rdf::type_),
            of(owl::Class),
            of(owl::ObjectProperty),
            of(owl::DatatypeProperty),
            of(owl::AnnotationProperty),
        );
        let (label, comment, sub_class, sub_property) = (
            of(rdfs::label),
            of(rdfs::comment),
            of(rdfs::subClassOf),
            of(rdfs::subPropertyOf),
        );
        let mut o = Ontology::default();
        for [s, p, obj] in &triples {
            let (Some(s), Some(p)) = (iri(s), iri(p)) else {
                continue;
            };
            if p == type_ {
                match iri(obj) {
                    Some(c) if c == class => {
                        o.classes.insert(s);
                    }
                    Some(c) if c == object || c == datatype || c == annotation => {
                        o.properties.insert(s);
                    }
                    _ => {}
                }
            } else if p == label {
                if let Some(l) = obj.lexical_form() {
                    o.labels.insert(s, l.to_string());
                }
            } else if p == comment {
                if let Some(c) = obj.lexical_form() {
                    o.comments.insert(s, c.to_string());
                }
            } else if (p == sub_class || p == sub_property)
                && let Some(parent) = iri(obj)
            {
                o.parents.entry(s).or_default().insert(parent);
            }
        }
        Ok(o)
    }

    /// Whether the ontology declares this class or property.
    pub fn declares(&self, iri: &str) -> bool {
        self.classes.contains(iri) || self.properties.contains(iri)
    }

    /// Declared terms that lack a label or a comment.
    pub fn undocumented(&self) -> Vec<&str> {
        self.classes
            .iter()
            .chain(&self.properties)
            .filter(|t| !self.labels.contains_key(*t) || !self.comments.contains_key(*t))
            .map(String::as_str)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityType, Predicate};
    use crate::vocab::ONTOLOGY;

    #[test]
    fn every_contract_term_is_declared_labelled_and_aligned() {
        let o = Ontology::builtin().unwrap();
        for kind in EntityType::ALL {
            let iri = format!("{ONTOLOGY}{kind}");
            assert!(o.classes.contains(&iri), "class {iri} not declared");
            assert!(o.parents.contains_key(&iri), "class {iri} not aligned");
        }
        for p in Predicate::ALL {
            let iri = format!("{ONTOLOGY}{p}");
            assert!(o.properties.contains(&iri), "property {iri} not declared");
        }
        for extra in ["Document", "Mention", "source", "fileName", "sha256"] {
            assert!(o.declares(&format!("{ONTOLOGY}{extra}")), "{extra}");
        }
        assert_eq!(o.undocumented(), Vec::<&str>::new());
    }

    #[test]
    fn a_broken_ontology_is_reported() {
        assert!(Ontology::from_turtle("@prefix : <x> . :a :b").is_err());
    }
}
