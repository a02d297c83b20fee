//! Statements into the store: corpus → extract → rdf → store, one document
//! at a time. An unchanged document (same bytes, same reader) is skipped, a
//! changed one has its graph replaced in one transaction, and `prune`
//! removes the documents no longer in the input. The command line, the
//! server's `--watch` and the tests all call this; progress is reported
//! through a callback so each can show it its own way.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rayon::prelude::*;

use crate::corpus::{Corpus, Document};
use crate::extract::Extractor;
use crate::lexicon::{Lexicon, LexiconError};
use crate::rdf::{DocumentInfo, document_quads, reader_id};
use crate::resolve::Resolver;
use crate::store::{NewGraph, Store, StoreError, StoredDocument};

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(
        "the store at {store} holds documents under another base IRI ({graph}); build with that --base, or into a new --store"
    )]
    OtherBase { store: String, graph: String },
    #[error("storing {document}")]
    Store {
        document: String,
        #[source]
        source: StoreError,
    },
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

/// What a run may do besides adding and replacing documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Read every document again, changed or not.
    pub force: bool,
    /// Remove the documents the store holds but this input lacks (never
    /// when some input was skipped: a file that could not be read this time
    /// is not a file that is gone).
    pub prune: bool,
}

/// What happens, as it happens.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The document was read and stored, or skipped as unchanged.
    Document { name: &'a str, changed: bool },
    /// Extraction noticed something it could not use.
    Diagnostic { name: &'a str, message: &'a str },
    /// The document was removed from the store.
    Pruned { name: &'a str },
    /// `prune` was asked for but not done, because input was skipped.
    PruneRefused,
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Documents read and stored: new ones and replaced ones.
    pub changed: usize,
    pub unchanged: usize,
    pub pruned: usize,
    /// Quads written into the changed documents' graphs (facts and
    /// evidence; the merged default graph not counted).
    pub quads: usize,
    /// Entities extracted from the changed documents.
    pub entities: usize,
}

/// Documents extracted together, then stored together: enough to keep two
/// cores busy and a bulk load worth its commit, few enough that memory stays
/// small.
const BATCH_DOCUMENTS: usize = 512;

/// After this many documents written or removed, a build also merges the
/// store's files, so that reading them stays quick. New documents need it
/// too: each batch is a bulk load of its own, and the files of many loads
/// overlap. On 10,000 statements, the timeline served 3.4 requests/s from
/// an unmerged store and 6.0 from the same store merged (11 s to merge);
/// on 1,000 the merge costs more than it saves, hence the threshold.
const COMPACT_AFTER: usize = 1000;

/// What the store holds of a document to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stored {
    Absent,
    /// The same bytes, read by the same reader.
    Same,
    /// Another version, or one read by other code.
    Other,
}

/// A document and what is known of it before it is read.
struct Pending<'d> {
    doc: &'d Document,
    graph: String,
    reader: String,
    state: Stored,
}

/// A document read: its quads, and what extraction said.
struct Read {
    quads: crate::rdf::DocumentQuads,
    entities: usize,
    diagnostics: Vec<String>,
}

/// Loads statements into one store under one base.
pub struct Ingester<'s> {
    store: &'s Store,
    resolver: Resolver,
    // built on first need: an unchanged corpus needs none
    extractor: OnceLock<Extractor>,
}

impl<'s> Ingester<'s> {
    /// Checks that the store holds no document under another base (one
    /// store, one base) and that it holds the current ontology.
    pub fn new(store: &'s Store, resolver: Resolver) -> Result<Self, IngestError> {
        let storing = |source| IngestError::Store {
            document: "the ontology".into(),
            source,
        };
        // one document tells the store's base (one store, one base): a
        // look at each would decode every document's name
        if let Some(graph) = store
            .any_document()
            .map_err(storing)?
            .filter(|graph| !graph.starts_with(resolver.base()))
        {
            return Err(IngestError::OtherBase {
                store: store.path().display().to_string(),
                graph,
            });
        }
        store
            .ensure_ontology(crate::ontology::TURTLE)
            .map_err(storing)?;
        Ok(Ingester {
            store,
            resolver,
            extractor: OnceLock::new(),
        })
    }

    fn extractor(&self) -> Result<&Extractor, IngestError> {
        if let Some(e) = self.extractor.get() {
            return Ok(e);
        }
        let built = Extractor::new(Lexicon::builtin()?);
        Ok(self.extractor.get_or_init(|| built))
    }

    /// Brings the store in step with `corpus`. Documents are extracted in
    /// parallel, a batch at a time (memory is bounded by the batch, not by
    /// the corpus); new ones are bulk-loaded a batch per commit, changed
    /// ones replaced one transaction each; events come in input order.
    pub fn run(
        &self,
        corpus: &Corpus,
        options: Options,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<Summary, IngestError> {
        let mut summary = Summary::default();
        let mut batch: Vec<Pending<'_>> = Vec::new();
        let stored = self
            .store
            .stored_documents()
            .map_err(|source| IngestError::Store {
                document: "the store's documents".into(),
                source,
            })?;
        for doc in &corpus.documents {
            let pending = self.pending(doc, &stored, options.force);
            if pending.state == Stored::Same {
                // said in order: only after the documents before it
                self.store_batch(&mut batch, &mut summary, progress)?;
                summary.unchanged += 1;
                progress(Event::Document {
                    name: &doc.name,
                    changed: false,
                });
                continue;
            }
            batch.push(pending);
            if batch.len() >= BATCH_DOCUMENTS {
                self.store_batch(&mut batch, &mut summary, progress)?;
            }
        }
        self.store_batch(&mut batch, &mut summary, progress)?;
        if options.prune {
            if corpus.skipped.is_empty() {
                summary.pruned = self.prune(corpus, progress)?;
            } else {
                progress(Event::PruneRefused);
            }
        }
        // ready to read: after many writes, merged into few files too
        let many = summary.changed + summary.pruned >= COMPACT_AFTER;
        self.store
            .settle(many)
            .map_err(|source| IngestError::Store {
                document: "the store's files".into(),
                source,
            })?;
        Ok(summary)
    }

    /// What the store holds of a document.
    fn pending<'d>(
        &self,
        doc: &'d Document,
        stored: &HashMap<String, StoredDocument>,
        force: bool,
    ) -> Pending<'d> {
        let graph = self.resolver.document(&doc.name);
        let reader = reader_id(
            &self.resolver,
            doc.date,
            doc.title.as_deref(),
            doc.source.as_deref(),
        );
        let state = match stored.get(&graph) {
            None => Stored::Absent,
            Some(s) if !force && s.sha256 == doc.sha256 && s.extractor == reader => Stored::Same,
            Some(_) => Stored::Other,
        };
        Pending {
            doc,
            graph,
            reader,
            state,
        }
    }

    /// Extracts a batch in parallel and stores it; empties the batch.
    fn store_batch(
        &self,
        batch: &mut Vec<Pending<'_>>,
        summary: &mut Summary,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<(), IngestError> {
        if batch.is_empty() {
            return Ok(());
        }
        let extractor = self.extractor()?;
        // rayon keeps the input order in what it collects
        let read: Vec<Read> = batch
            .par_iter()
            .map(|p| {
                let output = extractor.extract(&p.doc.input());
                let info = DocumentInfo {
                    file_name: &p.doc.name,
                    text: &p.doc.text,
                    sha256: &p.doc.sha256,
                    date: p.doc.date,
                    title: p.doc.title.as_deref(),
                    source: p.doc.source.as_deref(),
                    extractor: &p.reader,
                };
                Read {
                    quads: document_quads(&info, &output.extraction, &self.resolver),
                    entities: output.extraction.entities.len(),
                    diagnostics: output.diagnostics,
                }
            })
            .collect();
        let new: Vec<NewGraph<'_>> = batch
            .iter()
            .zip(&read)
            .filter(|(p, _)| p.state == Stored::Absent)
            .map(|(p, r)| NewGraph {
                iri: &p.graph,
                facts: &r.quads.facts,
                evidence: &r.quads.evidence,
            })
            .collect();
        if !new.is_empty() {
            self.store
                .add_graphs(&new)
                .map_err(|source| IngestError::Store {
                    document: format!(
                        "{} new documents from {}",
                        new.len(),
                        batch[0].doc.path.display()
                    ),
                    source,
                })?;
        }
        for (p, r) in batch.iter().zip(&read) {
            if p.state == Stored::Other {
                self.store
                    .replace_graph(&p.graph, &r.quads.facts, &r.quads.evidence)
                    .map_err(|source| IngestError::Store {
                        document: p.doc.path.display().to_string(),
                        source,
                    })?;
            }
            for message in &r.diagnostics {
                progress(Event::Diagnostic {
                    name: &p.doc.name,
                    message,
                });
            }
            summary.entities += r.entities;
            summary.quads += r.quads.facts.len() + r.quads.evidence.len();
            summary.changed += 1;
            progress(Event::Document {
                name: &p.doc.name,
                changed: true,
            });
        }
        batch.clear();
        Ok(())
    }

    fn prune(
        &self,
        corpus: &Corpus,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<usize, IngestError> {
        let read: HashSet<String> = corpus
            .documents
            .iter()
            .map(|d| self.resolver.document(&d.name))
            .collect();
        let mut pruned = 0;
        let documents = self
            .store
            .documents()
            .map_err(|source| IngestError::Store {
                document: "the list of documents".into(),
                source,
            })?;
        for (graph, name) in documents {
            if !read.contains(&graph) {
                self.store
                    .remove_graph(&graph)
                    .map_err(|source| IngestError::Store {
                        document: name.clone(),
                        source,
                    })?;
                progress(Event::Pruned { name: &name });
                pruned += 1;
            }
        }
        Ok(pruned)
    }
}
