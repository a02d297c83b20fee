//! JSON-LD compacted against ctkg's context (`ontology/context.jsonld`,
//! embedded in the output so a reader needs nothing from the network):
//! one node object per subject, `@type` and properties as the context's
//! terms, values in the form the term's type coercion expects. A value no
//! term fits keeps a compact IRI key and an explicit value object, as
//! compaction does. Subjects are written as the store gives them (grouped),
//! so the export streams; keys and values within a node are sorted.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use serde_json::{Map, Value as Json};

use super::source::Source;
use super::{CONTEXT, ExportError};

/// A term of the context.
#[derive(Debug, Clone)]
struct TermDefinition {
    name: String,
    /// `@id`, a datatype IRI, or none (plain strings).
    coercion: Option<String>,
}

/// The context, read for compaction.
pub struct Context {
    /// The `@context` object, as written into the output.
    json: Json,
    /// Prefix → namespace, longest namespace first.
    prefixes: Vec<(String, String)>,
    /// Property IRI → its terms.
    properties: HashMap<String, Vec<TermDefinition>>,
    /// Class IRI → term (for `@type` values).
    classes: HashMap<String, String>,
}

impl Context {
    pub fn builtin() -> Result<Self, ExportError> {
        Self::parse(CONTEXT)
    }

    pub fn parse(text: &str) -> Result<Self, ExportError> {
        let bad = |m: &str| ExportError::Context(m.to_string());
        let doc: Json = serde_json::from_str(text).map_err(|e| bad(&e.to_string()))?;
        let json = doc
            .get("@context")
            .cloned()
            .ok_or_else(|| bad("no @context"))?;
        let entries = json
            .as_object()
            .ok_or_else(|| bad("@context is not an object"))?;
        let mut prefixes = Vec::new();
        for (name, value) in entries {
            if let Some(iri) = value.as_str()
                && (iri.ends_with('/') || iri.ends_with('#'))
            {
                prefixes.push((name.clone(), iri.to_string()));
            }
        }
        prefixes.sort_by_key(|(_, ns)| std::cmp::Reverse(ns.len()));
        let expand = |s: &str| -> String {
            match s.split_once(':') {
                Some((p, local)) => prefixes
                    .iter()
                    .find(|(name, _)| name == p)
                    .map_or_else(|| s.to_string(), |(_, ns)| format!("{ns}{local}")),
                None => s.to_string(),
            }
        };
        let mut properties: HashMap<String, Vec<TermDefinition>> = HashMap::new();
        let mut classes = HashMap::new();
        for (name, value) in entries {
            if prefixes.iter().any(|(p, _)| p == name) {
                continue;
            }
            let (id, coercion) = match value {
                Json::String(id) => (expand(id), None),
                Json::Object(def) => {
                    let id = def
                        .get("@id")
                        .and_then(Json::as_str)
                        .ok_or_else(|| bad(&format!("term {name} has no @id")))?;
                    let coercion = def
                        .get("@type")
                        .and_then(Json::as_str)
                        .map(|t| if t == "@id" { t.to_string() } else { expand(t) });
                    (expand(id), coercion)
                }
                _ => {
                    return Err(bad(&format!(
                        "term {name} is neither a string nor an object"
                    )));
                }
            };
            if coercion.is_none() {
                classes.insert(id.clone(), name.clone());
            }
            properties.entry(id).or_default().push(TermDefinition {
                name: name.clone(),
                coercion,
            });
        }
        Ok(Context {
            json,
            prefixes,
            properties,
            classes,
        })
    }

    /// An IRI as short as a prefix makes it.
    fn compact_iri(&self, iri: &str) -> String {
        for (prefix, ns) in &self.prefixes {
            if let Some(local) = iri.strip_prefix(ns.as_str())
                && !local.is_empty()
                && !local.starts_with("//")
            {
                return format!("{prefix}:{local}");
            }
        }
        iri.to_string()
    }

    fn node_id(&self, node: &NamedOrBlankNode) -> String {
        match node {
            NamedOrBlankNode::NamedNode(n) => self.compact_iri(n.as_str()),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        }
    }

    /// The key and the value of one statement about a node.
    fn entry(&self, predicate: &str, object: &Term) -> (String, Json) {
        let terms = self
            .properties
            .get(predicate)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let fits = |coercion: Option<&str>| {
            terms
                .iter()
                .find(|t| t.coercion.as_deref() == coercion)
                .map(|t| t.name.clone())
        };
        let object_id = |o: &Term| match o {
            Term::NamedNode(n) => self.compact_iri(n.as_str()),
            Term::BlankNode(b) => format!("_:{}", b.as_str()),
            Term::Literal(_) => unreachable!("not a literal"),
        };
        match object {
            Term::Literal(l) => {
                if let Some(language) = l.language() {
                    let value = serde_json::json!({ "@value": l.value(), "@language": language });
                    return (
                        fits(None).unwrap_or_else(|| self.compact_iri(predicate)),
                        value,
                    );
                }
                let datatype = l.datatype().as_str();
                if datatype == xsd::STRING.as_str()
                    && let Some(term) = fits(None)
                {
                    return (term, Json::String(l.value().to_string()));
                }
                if let Some(term) = fits(Some(datatype)) {
                    return (term, Json::String(l.value().to_string()));
                }
                let value = if datatype == xsd::STRING.as_str() {
                    Json::String(l.value().to_string())
                } else {
                    serde_json::json!({ "@value": l.value(), "@type": self.compact_iri(datatype) })
                };
                (self.compact_iri(predicate), value)
            }
            other => match fits(Some("@id")) {
                Some(term) => (term, Json::String(object_id(other))),
                None => (
                    self.compact_iri(predicate),
                    serde_json::json!({ "@id": object_id(other) }),
                ),
            },
        }
    }

    /// One node object from the statements about one subject.
    fn node(&self, subject: &NamedOrBlankNode, triples: &[Triple]) -> Json {
        let mut types = Vec::new();
        let mut entries: BTreeMap<String, Vec<Json>> = BTreeMap::new();
        for t in triples {
            if t.predicate == rdf::TYPE
                && let Term::NamedNode(class) = &t.object
            {
                types.push(
                    self.classes
                        .get(class.as_str())
                        .cloned()
                        .unwrap_or_else(|| self.compact_iri(class.as_str())),
                );
                continue;
            }
            let (key, value) = self.entry(t.predicate.as_str(), &t.object);
            entries.entry(key).or_default().push(value);
        }
        let mut object = Map::new();
        object.insert("@id".into(), Json::String(self.node_id(subject)));
        types.sort();
        types.dedup();
        match types.len() {
            0 => {}
            1 => {
                object.insert("@type".into(), Json::String(types.remove(0)));
            }
            _ => {
                object.insert(
                    "@type".into(),
                    types.into_iter().map(Json::String).collect(),
                );
            }
        }
        for (key, mut values) in entries {
            values.sort_by_cached_key(|v| v.to_string());
            values.dedup();
            let value = if values.len() == 1 {
                values.remove(0)
            } else {
                Json::Array(values)
            };
            object.insert(key, value);
        }
        Json::Object(object)
    }
}

/// Writes the source's triples; returns how many.
pub fn write(source: &Source<'_>, out: &mut dyn Write) -> Result<usize, ExportError> {
    let context = Context::builtin()?;
    let indent = |json: &Json| -> Result<String, ExportError> {
        let text = serde_json::to_string_pretty(json)
            .map_err(|e| ExportError::Write(std::io::Error::other(e)))?;
        Ok(text.replace('\n', "\n    "))
    };
    write!(
        out,
        "{{\n  \"@context\": {},\n  \"@graph\": [",
        indent(&context.json)?.replace("\n    ", "\n  ")
    )?;
    let mut count = 0;
    let mut first = true;
    let mut subject: Option<NamedOrBlankNode> = None;
    let mut triples: Vec<Triple> = Vec::new();
    let mut flush = |subject: &NamedOrBlankNode,
                     triples: &mut Vec<Triple>,
                     out: &mut dyn Write|
     -> Result<(), ExportError> {
        let node = context.node(subject, triples);
        write!(
            out,
            "{}\n    {}",
            if first { "" } else { "," },
            indent(&node)?
        )?;
        first = false;
        triples.clear();
        Ok(())
    };
    source.for_each_triple(|t| {
        count += 1;
        if subject.as_ref() != Some(&t.subject) {
            if let Some(s) = subject.take() {
                flush(&s, &mut triples, out)?;
            }
            subject = Some(t.subject.clone());
        }
        triples.push(t);
        Ok(())
    })?;
    if let Some(s) = subject.take() {
        flush(&s, &mut triples, out)?;
    }
    writeln!(out, "\n  ]\n}}")?;
    out.flush()?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ontology::Ontology;
    use crate::vocab::ONTOLOGY;

    #[test]
    fn the_context_names_every_ctkg_term() {
        let context = Context::builtin().unwrap();
        let ontology = Ontology::builtin().unwrap();
        for term in ontology.classes.iter().chain(&ontology.properties) {
            if term.starts_with(ONTOLOGY) {
                assert!(
                    context.properties.contains_key(term.as_str()),
                    "ontology/context.jsonld has no term for {term}"
                );
            }
        }
    }

    #[test]
    fn values_take_the_form_their_term_expects() {
        let c = Context::builtin().unwrap();
        let node = |s: &str| Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(s));
        let lit = |v: &str, t| Term::Literal(oxigraph::model::Literal::new_typed_literal(v, t));
        assert_eq!(
            c.entry(
                &format!("{ONTOLOGY}participant"),
                &node("https://w3id.org/ctkg/id/state/IND")
            ),
            (
                "participant".to_string(),
                Json::String("id:state/IND".into())
            )
        );
        assert_eq!(
            c.entry(&format!("{ONTOLOGY}ordinal"), &lit("15", xsd::INTEGER)),
            ("ordinal".to_string(), Json::String("15".into()))
        );
        // a datatype the term does not expect keeps an explicit value object
        assert_eq!(
            c.entry(&format!("{ONTOLOGY}date"), &lit("2019", xsd::G_YEAR)),
            (
                "ctkg:date".to_string(),
                serde_json::json!({ "@value": "2019", "@type": "xsd:gYear" })
            )
        );
        assert_eq!(
            c.entry("http://example.org/p", &node("http://example.org/o")),
            (
                "http://example.org/p".to_string(),
                serde_json::json!({ "@id": "http://example.org/o" })
            )
        );
    }
}
