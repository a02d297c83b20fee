//! Statements into the store: corpus → extract → rdf → store, one document
//! at a time. An unchanged document (same bytes, same reader) is skipped, a
//! changed one has its graph replaced in one transaction, and `prune`
//! removes the documents no longer in the input. The command line, the
//! server's `--watch` and the tests all call this; progress is reported
//! through a callback so each can show it its own way.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::corpus::{Corpus, Document};
use crate::extract::Extractor;
use crate::lexicon::{Lexicon, LexiconError};
use crate::rdf::{DocumentInfo, document_quads, reader_id};
use crate::resolve::Resolver;
use crate::store::{Store, StoreError};

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
    pub changed: usize,
    pub unchanged: usize,
    pub pruned: usize,
    /// Entities extracted from the changed documents.
    pub entities: usize,
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
        if let Some((graph, _)) = store
            .documents()
            .map_err(storing)?
            .into_iter()
            .find(|(graph, _)| !graph.starts_with(resolver.base()))
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

    /// Brings the store in step with `corpus`.
    pub fn run(
        &self,
        corpus: &Corpus,
        options: Options,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<Summary, IngestError> {
        let mut summary = Summary::default();
        for doc in &corpus.documents {
            let changed = self.document(doc, options.force, &mut summary, progress)?;
            progress(Event::Document {
                name: &doc.name,
                changed,
            });
        }
        if options.prune {
            if corpus.skipped.is_empty() {
                summary.pruned = self.prune(corpus, progress)?;
            } else {
                progress(Event::PruneRefused);
            }
        }
        Ok(summary)
    }

    /// Stores one document unless it is stored already; says whether it
    /// changed.
    fn document(
        &self,
        doc: &Document,
        force: bool,
        summary: &mut Summary,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<bool, IngestError> {
        let storing = |source| IngestError::Store {
            document: doc.path.display().to_string(),
            source,
        };
        let graph = self.resolver.document(&doc.name);
        let id = reader_id(
            &self.resolver,
            doc.date,
            doc.title.as_deref(),
            doc.source.as_deref(),
        );
        let stored = self.store.document(&graph).map_err(storing)?;
        if !force && stored.is_some_and(|s| s.sha256 == doc.sha256 && s.extractor == id) {
            summary.unchanged += 1;
            return Ok(false);
        }
        let output = self.extractor()?.extract(&doc.input());
        for message in &output.diagnostics {
            progress(Event::Diagnostic {
                name: &doc.name,
                message,
            });
        }
        let info = DocumentInfo {
            file_name: &doc.name,
            text: &doc.text,
            sha256: &doc.sha256,
            date: doc.date,
            title: doc.title.as_deref(),
            source: doc.source.as_deref(),
            extractor: &id,
        };
        let quads = document_quads(&info, &output.extraction, &self.resolver);
        self.store.replace_graph(&graph, &quads).map_err(storing)?;
        summary.entities += output.extraction.entities.len();
        summary.changed += 1;
        Ok(true)
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
