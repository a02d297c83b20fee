//! The one owner of the Oxigraph store (RocksDB on disk): opening it once
//! per process with a clear message when another ctkg holds it, replacing a
//! document's graph in one transaction, loading the ontology, evaluating
//! prepared queries, dumping and counting.
//!
//! The default graph holds the merge of the *facts* of every named graph
//! (each triple once, however many documents support it), kept in step in
//! the same transaction that replaces a document's graph. A document's
//! *evidence* (mentions, sentences, fact evidence) stays in its own graph.
//! Queries therefore see set semantics over facts in the default graph, and
//! provenance and evidence through `GRAPH ?g`. (Oxigraph's own
//! union-of-graphs view repeats a triple once per graph.)
//!
//! Writers (`build`) take an exclusive lock on `<store>/ctkg.lock`; readers
//! (`query`, `stats`) a shared one and open the database read-only. So a
//! query never reads a half-written build, and two builds never race.

mod lock;
mod push_log;

pub use push_log::PushLog;

use std::fs;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use std::collections::{HashMap, HashSet};

use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode,
    NamedOrBlankNodeRef, Quad, QuadRef, Term, TermRef, Triple, TripleRef,
};
use oxigraph::sparql::{PreparedSparqlQuery, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::{SerializerError, StorageError, Store as OxStore};

use crate::vocab::{ONTOLOGY, ONTOLOGY_GRAPH, ctkg};

/// How a command uses the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Build: created if missing, held exclusively.
    Write,
    /// Query, stats, export: must exist; shared with other readers.
    Read,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no store at {path} (run `ctkg build` first, or pass --store)")]
    Missing { path: PathBuf },
    #[error(
        "the store at {path} is in use by another ctkg process{holder}; wait for it to finish or use another --store"
    )]
    Locked { path: PathBuf, holder: String },
    #[error(
        "{path} is not a ctkg store but a folder with other files in it; give --store a new or empty folder"
    )]
    NotAStore { path: PathBuf },
    #[error(
        "the store at {path} is damaged ({message}); build again into a new folder: ctkg build --force --store NEW_FOLDER"
    )]
    Damaged { path: PathBuf, message: String },
    // the cause is in the message, not also a source: printed once
    #[error("store {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store {path}: {source}")]
    Storage { path: PathBuf, source: StorageError },
    #[error("store {path}: the ontology does not load: {message}")]
    Ontology { path: PathBuf, message: String },
    #[error(transparent)]
    Evaluation(#[from] QueryEvaluationError),
    #[error("a store in memory keeps no push records; push from a store on disk")]
    InMemory,
    #[error("writing a graph of the store: {0}")]
    Serialize(#[from] SerializerError),
}

/// A graph of the store, as the Graph Store Protocol names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphTarget<'a> {
    /// The default graph: the merge of every document's graph.
    Default,
    Named(&'a str),
}

/// A document graph to add, for [`Store::add_graphs`].
#[derive(Debug, Clone, Copy)]
pub struct NewGraph<'a> {
    pub iri: &'a str,
    /// The graph's facts (all in the graph named `iri`), also merged into
    /// the default graph.
    pub facts: &'a [Quad],
    /// The graph's evidence (all in the graph named `iri`), only there.
    pub evidence: &'a [Quad],
}

/// The bulk loader's threads and memory: the machine's two cores, and a
/// batch of documents that stays well under the build's memory budget.
const BULK_LOAD_THREADS: usize = 2;
const BULK_LOAD_MEGABYTES: usize = 512;

/// An open store.
pub struct Store {
    inner: OxStore,
    path: PathBuf,
    // Held for the life of the store: the lock is released when it closes.
    // None for a store in memory.
    _lock: Option<lock::Lock>,
}

/// What the store records about a document it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDocument {
    pub sha256: String,
    pub extractor: String,
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub quads: usize,
    /// Instances per ctkg class, over all documents.
    pub classes: Vec<ClassCount>,
    pub documents: Vec<DocumentCount>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClassCount {
    /// The class's local name (`Meeting`).
    pub class: String,
    pub nodes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentCount {
    /// The file name.
    pub document: String,
    /// Quads in its graph.
    pub quads: usize,
    /// Entities read from it.
    pub entities: usize,
}

impl Store {
    pub fn open(path: &Path, access: Access) -> Result<Self, StoreError> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let exists = path.join("CURRENT").is_file();
        if access == Access::Read && !exists {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        if access == Access::Write && !exists {
            // RocksDB would write its files among the user's own
            if path.exists() && !is_empty_or_ctkg(path).map_err(io)? {
                return Err(StoreError::NotAStore {
                    path: path.to_path_buf(),
                });
            }
            fs::create_dir_all(path).map_err(io)?;
        }
        let lock = lock::acquire(path, access)?;
        let opened = match access {
            Access::Write => OxStore::open(path),
            Access::Read => OxStore::open_read_only(path),
        };
        let inner = opened.map_err(|source| {
            let message = source.to_string();
            if message.contains("Corruption") || message.contains("corrupt") {
                StoreError::Damaged {
                    path: path.to_path_buf(),
                    message,
                }
            } else {
                StoreError::Storage {
                    path: path.to_path_buf(),
                    source,
                }
            }
        })?;
        Ok(Store {
            inner,
            path: path.to_path_buf(),
            _lock: Some(lock),
        })
    }

    /// A store in memory, for tests and for work that keeps nothing.
    pub fn in_memory() -> Result<Self, StoreError> {
        let path = PathBuf::from("(in memory)");
        let inner = OxStore::new().map_err(|source| StoreError::Storage {
            path: path.clone(),
            source,
        })?;
        Ok(Store {
            inner,
            path,
            _lock: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn storage(&self, source: StorageError) -> StoreError {
        StoreError::Storage {
            path: self.path.clone(),
            source,
        }
    }

    /// Number of quads in all graphs.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.inner.len().map_err(|e| self.storage(e))
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.inner.is_empty().map_err(|e| self.storage(e))
    }

    /// The hash and extractor of every document the store holds, by graph
    /// IRI: two scans of one index, where a lookup per document would open
    /// the store's files once per document (14 s for a build of 100,000
    /// statements with one changed).
    pub fn stored_documents(&self) -> Result<HashMap<String, StoredDocument>, StoreError> {
        let of_own_graph = |p: NamedNode| -> Result<HashMap<String, String>, StoreError> {
            let mut out = HashMap::new();
            for q in self
                .inner
                .quads_for_pattern(None, Some(p.as_ref()), None, None)
            {
                let q = q.map_err(|e| self.storage(e))?;
                if let (GraphName::NamedNode(g), NamedOrBlankNode::NamedNode(s), Term::Literal(v)) =
                    (&q.graph_name, &q.subject, &q.object)
                    && g == s
                {
                    out.insert(g.as_str().to_string(), v.value().to_string());
                }
            }
            Ok(out)
        };
        let mut extractors = of_own_graph(ctkg("extractor"))?;
        Ok(of_own_graph(ctkg("sha256"))?
            .into_iter()
            .filter_map(|(graph, sha256)| {
                let extractor = extractors.remove(&graph)?;
                Some((graph, StoredDocument { sha256, extractor }))
            })
            .collect())
    }

    /// Replaces a document's graph with `facts` and `evidence` (all in
    /// that graph) and brings the merged default graph in step with the
    /// facts, in one transaction: a crash leaves the old graph or the new
    /// one, never half. Evidence is not merged: its subjects must be the
    /// graph's own (no other graph may hold an evidence triple).
    pub fn replace_graph(
        &self,
        graph_iri: &str,
        facts: &[Quad],
        evidence: &[Quad],
    ) -> Result<(), StoreError> {
        self.write_graph(graph_iri, facts, evidence, true)
    }

    /// Adds document graphs the store does not hold yet, with the bulk
    /// loader: written as sorted files beside the database, not through its
    /// write-ahead log, their facts merged into the default graph. All of them or
    /// none: a crash leaves the store as it was. (A graph the store holds
    /// already must go through [`Store::replace_graph`], which removes what
    /// the old graph had.)
    pub fn add_graphs(&self, graphs: &[NewGraph<'_>]) -> Result<(), StoreError> {
        debug_assert!(graphs.iter().all(|g| {
            g.facts.iter().chain(g.evidence).all(|q| {
                q.graph_name == GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(g.iri)).into()
            })
        }));
        let facts = graphs.iter().flat_map(|g| {
            g.facts.iter().flat_map(|q| {
                [
                    q.clone(),
                    Quad::new(
                        q.subject.clone(),
                        q.predicate.clone(),
                        q.object.clone(),
                        GraphName::DefaultGraph,
                    ),
                ]
            })
        });
        let quads = facts.chain(graphs.iter().flat_map(|g| g.evidence.iter().cloned()));
        let mut loader = self
            .inner
            .bulk_loader()
            .with_num_threads(BULK_LOAD_THREADS)
            .with_max_memory_size_in_megabytes(BULK_LOAD_MEGABYTES);
        loader.load_quads(quads).map_err(|e| self.storage(e))?;
        loader.commit().map_err(|e| self.storage(e))
    }

    /// Leaves the store ready to read: what is in memory written out, so
    /// that opening it replays no log; with `compact`, its files merged too
    /// (worth it after many writes, such as a first build).
    pub fn settle(&self, compact: bool) -> Result<(), StoreError> {
        self.inner.flush().map_err(|e| self.storage(e))?;
        if compact {
            self.inner.optimize().map_err(|e| self.storage(e))?;
        }
        Ok(())
    }

    /// Removes a document's graph and what only it supported in the
    /// default graph, in one transaction.
    pub fn remove_graph(&self, graph_iri: &str) -> Result<(), StoreError> {
        self.write_graph(graph_iri, &[], &[], false)
    }

    fn write_graph(
        &self,
        graph_iri: &str,
        facts: &[Quad],
        evidence: &[Quad],
        keep: bool,
    ) -> Result<(), StoreError> {
        let graph = NamedNodeRef::new_unchecked(graph_iri);
        debug_assert!(
            facts
                .iter()
                .chain(evidence)
                .all(|q| q.graph_name == GraphNameRef::NamedNode(graph).into())
        );
        let mut tx = self
            .inner
            .start_transaction()
            .map_err(|e| self.storage(e))?;
        let old: Vec<Quad> = tx
            .quads_for_pattern(None, None, None, Some(graph.into()))
            .collect::<Result<_, _>>()
            .map_err(|e| self.storage(e))?;
        tx.clear_graph(graph).map_err(|e| self.storage(e))?;
        // the old graph's triples leave the default graph unless another
        // document's graph supports them; then the new ones come in. (In
        // this order, not "keep what the new graph also has": a literal
        // read back from the store need not compare equal to the one built,
        // "1"^^xsd:nonNegativeInteger among them, and a triple wrongly
        // judged gone would take the new copy with it.) An old evidence
        // triple was never merged: removing it from the default graph
        // changes nothing.
        for q in &old {
            let mut supported = false;
            for other in tx.quads_for_pattern(
                Some(q.subject.as_ref()),
                Some(q.predicate.as_ref()),
                Some(q.object.as_ref()),
                None,
            ) {
                let other = other.map_err(|e| self.storage(e))?;
                if matches!(other.graph_name, GraphName::NamedNode(ref g) if g.as_ref() != graph) {
                    supported = true;
                    break;
                }
            }
            if !supported {
                tx.remove(QuadRef::new(
                    &q.subject,
                    &q.predicate,
                    &q.object,
                    GraphNameRef::DefaultGraph,
                ));
            }
        }
        for q in evidence {
            tx.insert(q);
        }
        for q in facts {
            tx.insert(q);
            tx.insert(QuadRef::new(
                &q.subject,
                &q.predicate,
                &q.object,
                GraphNameRef::DefaultGraph,
            ));
        }
        if !keep {
            tx.remove_named_graph(graph).map_err(|e| self.storage(e))?;
        }
        tx.commit().map_err(|e| self.storage(e))
    }

    /// The graph IRI of one document the store holds, if any: a store
    /// holds documents of one base only, so one tells the base of all.
    pub fn any_document(&self) -> Result<Option<String>, StoreError> {
        let file_name = ctkg("fileName");
        for q in self
            .inner
            .quads_for_pattern(None, Some(file_name.as_ref()), None, None)
        {
            if let GraphName::NamedNode(g) = q.map_err(|e| self.storage(e))?.graph_name {
                return Ok(Some(g.into_string()));
            }
        }
        Ok(None)
    }

    /// The documents the store holds: graph IRI and file name.
    pub fn documents(&self) -> Result<Vec<(String, String)>, StoreError> {
        let file_name = ctkg("fileName");
        let mut out = Vec::new();
        for q in self
            .inner
            .quads_for_pattern(None, Some(file_name.as_ref()), None, None)
        {
            let q = q.map_err(|e| self.storage(e))?;
            if let (GraphName::NamedNode(g), Term::Literal(name)) = (&q.graph_name, &q.object)
                && q.subject.to_string() == g.to_string()
            {
                out.push((g.as_str().to_string(), name.value().to_string()));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The triples of one named graph, read as they are consumed (a graph is
    /// never held whole in memory).
    pub fn graph_triples(
        &self,
        graph_iri: &str,
    ) -> impl Iterator<Item = Result<Triple, StoreError>> + '_ {
        let graph = NamedNode::new_unchecked(graph_iri);
        self.inner
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .map(|q| q.map(Triple::from).map_err(|e| self.storage(e)))
    }

    /// The hash of the ontology text stored in its graph, if it is loaded.
    pub fn ontology_sha256(&self) -> Result<Option<String>, StoreError> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        let p = ctkg("sha256");
        let found = self
            .inner
            .quads_for_pattern(
                Some(graph.as_ref().into()),
                Some(p.as_ref()),
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .next();
        match found {
            Some(Ok(q)) => Ok(match q.object {
                Term::Literal(l) => Some(l.value().to_string()),
                _ => None,
            }),
            Some(Err(e)) => Err(self.storage(e)),
            None => Ok(None),
        }
    }

    /// The record of pushes from this store (`ctkg push`), held by this
    /// process until dropped.
    pub fn push_log(&self) -> Result<PushLog, StoreError> {
        if self._lock.is_none() {
            return Err(StoreError::InMemory);
        }
        PushLog::open(&self.path)
    }

    /// Loads the ontology into its graph unless the stored copy is the same.
    /// Returns whether it changed.
    pub fn ensure_ontology(&self, turtle: &str) -> Result<bool, StoreError> {
        let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
        // the hash of the Turtle text says whether the stored copy is this one
        // (comparing quads cannot: the blank nodes of owl:unionOf lists differ
        // from one parse to the next)
        let hash = Literal::new_simple_literal(crate::text::sha256_hex(turtle.as_bytes()));
        let marker = Quad::new(graph.clone(), ctkg("sha256"), hash, graph.clone());
        if self.inner.contains(&marker).map_err(|e| self.storage(e))? {
            return Ok(false);
        }
        let parsed: Result<Vec<Quad>, _> = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(GraphName::NamedNode(graph))
            .for_slice(turtle.as_bytes())
            .collect();
        let mut quads = parsed.map_err(|e| StoreError::Ontology {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        quads.push(marker);
        self.replace_graph(ONTOLOGY_GRAPH, &quads, &[])?;
        Ok(true)
    }

    /// Evaluates a prepared query.
    pub fn evaluate(
        &self,
        query: PreparedSparqlQuery,
    ) -> Result<QueryResults<'static>, StoreError> {
        Ok(query.on_store(&self.inner).execute()?)
    }

    /// The facts: triples of the merged default graph matching a pattern,
    /// streamed in the store's index order, without the ontology's own
    /// triples (those its graph alone supports).
    pub fn facts(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
    ) -> Result<impl Iterator<Item = Result<Triple, StoreError>> + '_, StoreError> {
        let ontology = GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(ONTOLOGY_GRAPH));
        // the ontology's subjects are few and a data triple never has one:
        // only their triples need a look at which graphs hold them
        let mut ontology_subjects = HashSet::new();
        for q in self
            .inner
            .quads_for_pattern(subject, None, None, Some(ontology))
        {
            ontology_subjects.insert(q.map_err(|e| self.storage(e))?.subject);
        }
        let quads = self.inner.quads_for_pattern(
            subject,
            predicate,
            object,
            Some(GraphNameRef::DefaultGraph),
        );
        Ok(quads.filter_map(move |q| {
            let q = match q {
                Ok(q) => q,
                Err(e) => return Some(Err(self.storage(e))),
            };
            let triple = Triple::new(q.subject, q.predicate, q.object);
            if ontology_subjects.contains(&triple.subject) {
                match self.support(triple.as_ref()) {
                    Ok(0) => return None,
                    Err(e) => return Some(Err(e)),
                    Ok(_) => {}
                }
            }
            Some(Ok(triple))
        }))
    }

    /// The named graphs (every document's and the ontology's), sorted.
    pub fn graphs(&self) -> Result<Vec<NamedNode>, StoreError> {
        let mut graphs = Vec::new();
        for g in self.inner.named_graphs() {
            if let NamedOrBlankNode::NamedNode(g) = g.map_err(|e| self.storage(e))? {
                graphs.push(g);
            }
        }
        graphs.sort();
        Ok(graphs)
    }

    /// The quads of one named graph, streamed.
    pub fn graph_quads(
        &self,
        graph: NamedNodeRef<'_>,
    ) -> impl Iterator<Item = Result<Quad, StoreError>> + '_ {
        self.inner
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
            .map(|q| q.map_err(|e| self.storage(e)))
    }

    /// How many documents support a triple: the named graphs other than
    /// the ontology's that hold it.
    pub fn support(&self, triple: TripleRef<'_>) -> Result<usize, StoreError> {
        let mut n = 0;
        for q in self.inner.quads_for_pattern(
            Some(triple.subject),
            Some(triple.predicate),
            Some(triple.object),
            None,
        ) {
            let q = q.map_err(|e| self.storage(e))?;
            if matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str() != ONTOLOGY_GRAPH) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The base IRI of the resources, as recorded with the documents (one
    /// store, one base); `None` for a store without documents.
    pub fn base(&self) -> Result<Option<String>, StoreError> {
        let extractor = ctkg("extractor");
        for q in self
            .inner
            .quads_for_pattern(None, Some(extractor.as_ref()), None, None)
        {
            let q = q.map_err(|e| self.storage(e))?;
            if let Term::Literal(id) = &q.object
                && let Some(base) = base_of_reader_id(id.value())
            {
                return Ok(Some(base.to_string()));
            }
        }
        Ok(None)
    }

    /// Whether the store holds this graph (the default graph always exists).
    pub fn has_graph(&self, graph: GraphTarget<'_>) -> Result<bool, StoreError> {
        match graph {
            GraphTarget::Default => Ok(true),
            GraphTarget::Named(iri) => {
                let Ok(name) = NamedNodeRef::new(iri) else {
                    return Ok(false);
                };
                self.inner
                    .contains_named_graph(name)
                    .map_err(|e| self.storage(e))
            }
        }
    }

    /// Writes one graph's triples, streaming, with `serializer` (a graph
    /// format). The graph is read from one snapshot.
    pub fn dump_graph(
        &self,
        graph: GraphTarget<'_>,
        serializer: RdfSerializer,
        out: &mut dyn std::io::Write,
    ) -> Result<(), StoreError> {
        let name = match graph {
            GraphTarget::Default => GraphNameRef::DefaultGraph,
            GraphTarget::Named(iri) => GraphNameRef::NamedNode(NamedNodeRef::new_unchecked(iri)),
        };
        self.inner.dump_graph_to_writer(name, serializer, out)?;
        Ok(())
    }

    /// Writes every quad of every graph (a dataset format), streaming.
    pub fn dump_dataset(
        &self,
        serializer: RdfSerializer,
        out: &mut dyn std::io::Write,
    ) -> Result<(), StoreError> {
        self.inner.dump_to_writer(serializer, out)?;
        Ok(())
    }

    pub fn stats(&self) -> Result<Stats, StoreError> {
        let mut stats = Stats {
            quads: self.len()?,
            ..Stats::default()
        };
        let rows = self.select(
            "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?class } FILTER(STRSTARTS(STR(?class), STR(ctkg:))) } GROUP BY ?class ORDER BY ?class",
        )?;
        for row in rows {
            let class = row[0].as_deref().unwrap_or_default();
            let local = class.rsplit('#').next().unwrap_or(class).to_string();
            stats.classes.push(ClassCount {
                class: local,
                nodes: parse_count(&row[1]),
            });
        }
        let rows = self.select(
            "SELECT ?file (COUNT(*) AS ?quads) (COUNT(DISTINCT ?e) AS ?entities) WHERE { GRAPH ?g { ?d ctkg:fileName ?file . ?s ?p ?o . OPTIONAL { ?s ctkg:source ?d . BIND(?s AS ?e) } } } GROUP BY ?file ORDER BY ?file",
        )?;
        for row in rows {
            stats.documents.push(DocumentCount {
                document: row[0].clone().unwrap_or_default(),
                quads: parse_count(&row[1]),
                entities: parse_count(&row[2]),
            });
        }
        Ok(stats)
    }

    /// A small SELECT over the merged default graph, as plain strings.
    fn select(&self, query: &str) -> Result<Vec<Vec<Option<String>>>, StoreError> {
        let prepared = SparqlEvaluator::new()
            .with_prefix("ctkg", ONTOLOGY)
            .expect("ctkg prefix")
            .parse_query(query)
            .expect("ctkg's own queries parse");
        let mut out = Vec::new();
        if let QueryResults::Solutions(solutions) = self.evaluate(prepared)? {
            for solution in solutions {
                let solution = solution?;
                out.push(
                    solution
                        .values()
                        .iter()
                        .map(|v| {
                            v.as_ref().map(|t| match t {
                                Term::NamedNode(n) => n.as_str().to_string(),
                                Term::Literal(l) => l.value().to_string(),
                                other => other.to_string(),
                            })
                        })
                        .collect(),
                );
            }
        }
        Ok(out)
    }
}

/// Whether a folder holds nothing, or only what ctkg itself puts there
/// before the database exists.
fn is_empty_or_ctkg(path: &Path) -> std::io::Result<bool> {
    if !path.is_dir() {
        return Ok(false);
    }
    for entry in fs::read_dir(path)? {
        let name = entry?.file_name();
        if !lock::CTKG_FILES.iter().any(|f| name == *f) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The base IRI a reader id records (`...; base IRI; ...`, as
/// `rdf::reader_id` writes it). Kept here, not in `rdf`, whose source is
/// part of the reader digest: a reader of ids is not a reader of documents.
fn base_of_reader_id(id: &str) -> Option<&str> {
    id.split("; ")
        .find_map(|part| part.strip_prefix("base "))
        .filter(|base| !base.is_empty())
}

fn parse_count(v: &Option<String>) -> usize {
    v.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Store::open(dir.path(), Access::Write).unwrap();
        let second = Store::open(dir.path(), Access::Write).err().unwrap();
        let msg = second.to_string();
        assert!(msg.contains("in use by another ctkg process"), "{msg}");
        assert!(
            msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        let reader = Store::open(dir.path(), Access::Read).err().unwrap();
        assert!(matches!(reader, StoreError::Locked { .. }));
    }

    #[test]
    fn the_base_is_read_back_from_a_reader_id() {
        let r = crate::resolve::Resolver::new("http://example.org/kg/").unwrap();
        let id = crate::rdf::reader_id(&r, None, Some("a; base b"), None);
        assert_eq!(base_of_reader_id(&id), Some("http://example.org/kg/"));
        assert_eq!(base_of_reader_id("ctkg 0.1.0"), None);
    }

    #[test]
    fn reading_a_missing_store_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let err = Store::open(&dir.path().join("none"), Access::Read)
            .err()
            .unwrap();
        assert!(err.to_string().contains("no store at"), "{err}");
    }

    #[test]
    fn replacing_a_graph_and_loading_the_ontology_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::Write).unwrap();
        assert!(store.ensure_ontology(crate::ontology::TURTLE).unwrap());
        assert!(!store.ensure_ontology(crate::ontology::TURTLE).unwrap());
        // an edit inside a blank-node list, of the same length, is an edit
        let edited = crate::ontology::TURTLE.replacen(
            "( ctkg:Meeting ctkg:Dialogue )",
            "( ctkg:Dialogue ctkg:Meeting )",
            1,
        );
        assert_ne!(edited, crate::ontology::TURTLE);
        assert!(store.ensure_ontology(&edited).unwrap());
        assert!(store.ensure_ontology(crate::ontology::TURTLE).unwrap());
        let n = store.len().unwrap();
        let g = "http://example.org/g";
        let q = |o: &str| {
            Quad::new(
                NamedNode::new_unchecked("http://example.org/s"),
                NamedNode::new_unchecked("http://example.org/p"),
                Literal::new_simple_literal(o),
                NamedNode::new_unchecked(g),
            )
        };
        store.replace_graph(g, &[q("a"), q("b")], &[]).unwrap();
        store.replace_graph(g, &[q("c")], &[]).unwrap();
        // one quad in the graph, one in the merged default graph
        assert_eq!(store.len().unwrap(), n + 2);
    }

    /// `<s> <p> "object"` in graph `graph`.
    fn fact(object: &str, graph: &str) -> Quad {
        Quad::new(
            NamedNode::new_unchecked("http://example.org/s"),
            NamedNode::new_unchecked("http://example.org/p"),
            Literal::new_simple_literal(object),
            NamedNode::new_unchecked(graph),
        )
    }

    /// Stores documents `a` (facts "shared" and "only-a") and `b` (fact
    /// "shared"), all of `<s> <p> "...">`; returns their graph IRIs.
    fn two_documents_sharing_a_fact(store: &Store) -> (&'static str, &'static str) {
        let (a, b) = ("http://example.org/a", "http://example.org/b");
        store
            .replace_graph(a, &[fact("shared", a), fact("only-a", a)], &[])
            .unwrap();
        store.replace_graph(b, &[fact("shared", b)], &[]).unwrap();
        (a, b)
    }

    #[test]
    fn the_default_graph_keeps_a_triple_while_any_document_supports_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::Write).unwrap();
        let (a, b) = two_documents_sharing_a_fact(&store);
        let default = |o: &str| {
            store
                .inner
                .contains(QuadRef::new(
                    NamedNodeRef::new_unchecked("http://example.org/s"),
                    NamedNodeRef::new_unchecked("http://example.org/p"),
                    oxigraph::model::LiteralRef::new_simple_literal(o),
                    GraphNameRef::DefaultGraph,
                ))
                .unwrap()
        };
        assert!(default("shared") && default("only-a"));
        store.replace_graph(a, &[], &[]).unwrap();
        assert!(default("shared"), "b still supports it");
        assert!(!default("only-a"));
        store.replace_graph(b, &[], &[]).unwrap();
        assert!(!default("shared"));
    }

    #[test]
    fn evidence_stays_in_its_graph_and_facts_are_merged() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::Write).unwrap();
        let g = "http://example.org/doc";
        let quad = |s: &str, o: &str| {
            Quad::new(
                NamedNode::new_unchecked(s),
                NamedNode::new_unchecked("http://example.org/p"),
                Literal::new_simple_literal(o),
                NamedNode::new_unchecked(g),
            )
        };
        let fact = quad("http://example.org/s", "fact");
        let evidence = quad("http://example.org/doc#char=0,5", "evidence");
        store
            .replace_graph(
                g,
                std::slice::from_ref(&fact),
                std::slice::from_ref(&evidence),
            )
            .unwrap();
        let in_default = |q: &Quad| {
            store
                .inner
                .contains(QuadRef::new(
                    &q.subject,
                    &q.predicate,
                    &q.object,
                    GraphNameRef::DefaultGraph,
                ))
                .unwrap()
        };
        assert!(store.inner.contains(&fact).unwrap() && in_default(&fact));
        assert!(store.inner.contains(&evidence).unwrap());
        assert!(!in_default(&evidence), "evidence is not merged");
        assert_eq!(store.len().unwrap(), 3);
        store.remove_graph(g).unwrap();
        assert_eq!(store.len().unwrap(), 0);
        // the bulk loader of new documents merges the facts only, too
        store
            .add_graphs(&[NewGraph {
                iri: g,
                facts: std::slice::from_ref(&fact),
                evidence: std::slice::from_ref(&evidence),
            }])
            .unwrap();
        assert!(store.inner.contains(&evidence).unwrap() && !in_default(&evidence));
        assert!(in_default(&fact));
        assert_eq!(store.len().unwrap(), 3);
    }

    #[test]
    fn facts_leave_out_the_ontology_and_support_counts_documents() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), Access::Write).unwrap();
        store.ensure_ontology(crate::ontology::TURTLE).unwrap();
        let (a, b) = two_documents_sharing_a_fact(&store);
        let facts: Vec<Triple> = store
            .facts(None, None, None)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(facts.len(), 2, "{facts:?}");
        let shared = Triple::from(fact("shared", a));
        assert_eq!(store.support(shared.as_ref()).unwrap(), 2);
        assert_eq!(
            store
                .support(Triple::from(fact("only-a", a)).as_ref())
                .unwrap(),
            1
        );
        let graphs: Vec<String> = store
            .graphs()
            .unwrap()
            .iter()
            .map(|g| g.as_str().to_string())
            .collect();
        assert_eq!(graphs, [a, b, ONTOLOGY_GRAPH]);
        assert_eq!(store.graph_quads(NamedNodeRef::new_unchecked(a)).count(), 2);
        // an ontology term's own triples are not facts, asked for by subject or not
        let meeting = ctkg("Meeting");
        let about: Vec<_> = store
            .facts(Some(meeting.as_ref().into()), None, None)
            .unwrap()
            .collect();
        assert!(about.is_empty());
    }
}
