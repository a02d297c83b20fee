//! Everything export reads from the store, in one place: the facts of the
//! merged graph (or the triples a CONSTRUCT builds), the quads of every
//! named graph, the resources of a class, what is said about a resource,
//! and how many documents support a triple.

use std::collections::HashSet;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{
    NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, Triple, TripleRef,
};

use super::ExportError;
use crate::query::{self, QueryKind};
use crate::store::Store;

/// A CONSTRUCT (or DESCRIBE) query choosing what to export.
#[derive(Debug, Clone, Copy)]
pub struct Construct<'a> {
    pub text: &'a str,
    /// Where the query came from, for messages (a file name, "--construct").
    pub source_name: &'a str,
}

/// What an export reads: the store's facts, or the graph a CONSTRUCT built
/// from them (its resources still described by the store).
pub struct Source<'a> {
    store: &'a Store,
    constructed: Option<Constructed>,
}

struct Constructed {
    source_name: String,
    triples: Vec<Triple>,
    /// Every subject and object of the triples.
    named: HashSet<Term>,
}

impl<'a> Source<'a> {
    /// Runs the CONSTRUCT, if any: a query that does not parse, is not a
    /// CONSTRUCT or builds nothing is an error.
    pub fn open(store: &'a Store, construct: Option<&Construct<'_>>) -> Result<Self, ExportError> {
        let Some(construct) = construct else {
            return Ok(Source {
                store,
                constructed: None,
            });
        };
        let source_name = construct.source_name.to_string();
        let request = query::Request::text(construct.text, construct.source_name, Vec::new());
        let prepared = query::prepare(&request)?;
        let kind = match prepared.kind() {
            QueryKind::Select => Some("a SELECT query"),
            QueryKind::Ask => Some("an ASK query"),
            QueryKind::Construct | QueryKind::Describe => None,
        };
        if let Some(kind) = kind {
            return Err(ExportError::NotConstruct { source_name, kind });
        }
        let mut constructed = query::evaluate(store, &prepared, None)?
            .into_triples()
            .expect("a CONSTRUCT or DESCRIBE gives triples")?;
        if constructed.is_empty() {
            return Err(ExportError::Empty { source_name });
        }
        constructed.sort_by_cached_key(|t| t.to_string());
        constructed.dedup();
        let named = constructed
            .iter()
            .flat_map(|t| [t.subject.clone().into(), t.object.clone()])
            .collect();
        Ok(Source {
            store,
            constructed: Some(Constructed {
                source_name,
                triples: constructed,
                named,
            }),
        })
    }

    /// Where the CONSTRUCT came from, if one chose the graph.
    pub fn source_name(&self) -> &str {
        self.constructed
            .as_ref()
            .map_or("the store", |c| c.source_name.as_str())
    }

    /// Whether a CONSTRUCT chose the graph.
    pub fn is_constructed(&self) -> bool {
        self.constructed.is_some()
    }

    /// The triples to export: the facts, streamed from the store, or the
    /// constructed graph.
    pub fn for_each_triple(
        &self,
        mut f: impl FnMut(Triple) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        match &self.constructed {
            Some(c) => c.triples.iter().try_for_each(|t| f(t.clone())),
            None => {
                for t in self.store.facts(None, None, None)? {
                    f(t?)?;
                }
                Ok(())
            }
        }
    }

    /// The quads to export: every named graph's, streamed graph by graph,
    /// or the constructed graph as the default graph.
    pub fn for_each_quad(
        &self,
        mut f: impl FnMut(Quad) -> Result<(), ExportError>,
    ) -> Result<(), ExportError> {
        if let Some(c) = &self.constructed {
            return c
                .triples
                .iter()
                .try_for_each(|t| f(t.clone().in_graph(oxigraph::model::GraphName::DefaultGraph)));
        }
        for graph in self.store.graphs()? {
            for q in self.store.graph_quads(graph.as_ref()) {
                f(q?)?;
            }
        }
        Ok(())
    }

    /// Resources the store types with `class`; with a CONSTRUCT, only those
    /// its graph names.
    pub fn instances(&self, class: NamedNodeRef<'_>) -> Result<Vec<NamedOrBlankNode>, ExportError> {
        let mut out = Vec::new();
        for t in self
            .store
            .facts(None, Some(rdf::TYPE), Some(class.into()))?
        {
            let t = t?;
            if self.names(&t.subject) {
                out.push(t.subject);
            }
        }
        Ok(out)
    }

    fn names(&self, resource: &NamedOrBlankNode) -> bool {
        self.constructed
            .as_ref()
            .is_none_or(|c| c.named.contains(&Term::from(resource.clone())))
    }

    /// What is said about a resource: the store's facts with it as subject,
    /// and with a CONSTRUCT, the constructed triples too. Its edges come
    /// only from the constructed graph then.
    pub fn about(&self, subject: NamedOrBlankNodeRef<'_>) -> Result<About, ExportError> {
        let mut about = About::default();
        for t in self.store.facts(Some(subject), None, None)? {
            about.facts.push(t?);
        }
        if let Some(c) = &self.constructed {
            about.links = c
                .triples
                .iter()
                .filter(|t| t.subject.as_ref() == subject)
                .cloned()
                .collect();
            about.facts.extend(about.links.iter().cloned());
        } else {
            about.links = about.facts.clone();
        }
        Ok(about)
    }

    /// How many documents support a triple.
    pub fn support(&self, triple: TripleRef<'_>) -> Result<usize, ExportError> {
        Ok(self.store.support(triple)?)
    }
}

/// What is said about one resource.
#[derive(Debug, Default)]
pub struct About {
    /// Its types, labels and literal values come from these.
    pub facts: Vec<Triple>,
    /// Its edges come from these.
    pub links: Vec<Triple>,
}
