//! SPARQL over the store in three stages that the command line and the
//! server share: [`prepare`] (ctkg's prefixes, named queries, parameters
//! bound into the algebra), [`evaluate`] (on the merged default graph, with
//! a deadline that really stops the engine) and [`write`] (a [`Format`]
//! that knows its media type, streaming row by row).

mod entity;
mod format;
mod named;
mod params;
mod write;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use spargebra::SparqlParser;

pub use entity::{
    EntityView, Evidence, Fact, MAX_INCOMING, Resource, Value, describe_entity, entity_exists,
    entity_graph,
};
pub use format::{Format, QueryKind};
pub use named::{NAMED_QUERY_FILES, NamedQuery, ParamDoc, named_queries, named_query};
pub use params::Param;
pub use write::{TableOptions, Written, graph_serializer, write, write_triples};

use crate::store::{Store, StoreError};
use crate::vocab::PREFIXES;

/// How long a query may run unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("{source_name}: SPARQL syntax error: {message}")]
    Syntax {
        source_name: String,
        message: String,
    },
    #[error(
        "{source_name} is a SPARQL UPDATE; ctkg's store is changed only by `ctkg build` (queries only read it)"
    )]
    Update { source_name: String },
    #[error("no named query {0:?} (see `ctkg queries`)")]
    UnknownName(String),
    #[error("{0}")]
    Parameter(String),
    #[error("{kind} {iri:?} is not an IRI ({message})")]
    GraphName {
        kind: &'static str,
        iri: String,
        message: String,
    },
    #[error(
        "--format {format} does not fit the results of {} {} query (use {})",
        article(kind.keyword()),
        kind.keyword(),
        Format::names_fitting(*kind)
    )]
    FormatMismatch { format: Format, kind: QueryKind },
    #[error(
        "{source_name}: stopped after {} s, the time limit (raise it with --timeout SECONDS)",
        timeout.as_secs_f64()
    )]
    Timeout {
        source_name: String,
        timeout: Duration,
    },
    #[error("{source_name}: {message}")]
    Evaluation {
        source_name: String,
        message: String,
    },
    #[error("{source_name}")]
    Store {
        source_name: String,
        #[source]
        source: StoreError,
    },
    #[error("writing results")]
    Write(#[from] std::io::Error),
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

impl QueryError {
    /// Errors in what the user asked (exit code 2), not in running it.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            QueryError::Syntax { .. }
                | QueryError::Update { .. }
                | QueryError::UnknownName(_)
                | QueryError::Parameter(_)
                | QueryError::GraphName { .. }
                | QueryError::FormatMismatch { .. }
        )
    }
}

/// A query to run: its text, where it came from (for messages), values for
/// its variables and, for a named query, the parameters it declares.
#[derive(Debug, Clone)]
pub struct Request {
    pub text: String,
    pub source_name: String,
    pub params: Vec<Param>,
    /// A named query's declared parameters; `None` for the user's own query.
    pub declared: Option<Vec<String>>,
}

impl Request {
    /// A query of the user's own; `source_name` says where it came from.
    pub fn text(
        text: impl Into<String>,
        source_name: impl Into<String>,
        params: Vec<Param>,
    ) -> Self {
        Request {
            text: text.into(),
            source_name: source_name.into(),
            params,
            declared: None,
        }
    }

    /// A query of `queries/`.
    pub fn named(name: &str, params: Vec<Param>) -> Result<Self, QueryError> {
        let q = named_query(name)?;
        Ok(Request {
            text: q.text.to_string(),
            source_name: q.source_name(),
            params,
            declared: Some(q.params.into_iter().map(|p| p.name).collect()),
        })
    }
}

/// A parsed query with its parameters bound, ready to evaluate.
#[derive(Debug, Clone)]
pub struct Prepared {
    query: spargebra::Query,
    kind: QueryKind,
    source_name: String,
    dataset: Option<Dataset>,
}

/// The graphs a query reads when its request names them (the SPARQL
/// protocol's `default-graph-uri` and `named-graph-uri`), overriding the
/// query's own FROM and FROM NAMED.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Dataset {
    default_graphs: Vec<NamedNode>,
    named_graphs: Vec<NamedNode>,
}

impl Prepared {
    pub fn kind(&self) -> QueryKind {
        self.kind
    }

    /// Reads only these graphs: the default graph is the merge of
    /// `default_graphs` (empty: an empty graph) and `GRAPH` sees only
    /// `named_graphs`. Without a call, the default graph is the store's
    /// merged graph (or the query's FROM) and every named graph is visible.
    pub fn with_dataset(
        mut self,
        default_graphs: &[String],
        named_graphs: &[String],
    ) -> Result<Self, QueryError> {
        let iris = |kind: &'static str, list: &[String]| {
            list.iter()
                .map(|iri| {
                    NamedNode::new(iri).map_err(|e| QueryError::GraphName {
                        kind,
                        iri: iri.clone(),
                        message: e.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, _>>()
        };
        self.dataset = Some(Dataset {
            default_graphs: iris("default-graph-uri", default_graphs)?,
            named_graphs: iris("named-graph-uri", named_graphs)?,
        });
        Ok(self)
    }

    pub fn source_name(&self) -> &str {
        &self.source_name
    }
}

/// Parses a request with ctkg's prefixes and binds its parameters.
pub fn prepare(request: &Request) -> Result<Prepared, QueryError> {
    params::check(
        &request.params,
        request.declared.as_deref(),
        &request.text,
        &request.source_name,
    )?;
    // built once: a server prepares thousands of queries a second
    static PARSER: OnceLock<SparqlParser> = OnceLock::new();
    let parser = PARSER.get_or_init(|| {
        let mut parser = SparqlParser::new();
        for (prefix, iri) in PREFIXES {
            parser = parser
                .with_prefix(*prefix, *iri)
                .expect("ctkg's prefixes are valid IRIs");
        }
        parser
    });
    // A query that declares what it uses (as other tools' queries do)
    // parses without ctkg's prefixes, which a parser must copy for each
    // query; only a query that needs them pays for the copy. The result is
    // the same: declared prefixes win over ctkg's anyway.
    let parsed = SparqlParser::new()
        .parse_query(&request.text)
        .or_else(|_| parser.clone().parse_query(&request.text));
    let mut query = match parsed {
        Ok(q) => q,
        Err(e) => {
            return Err(if parser.clone().parse_update(&request.text).is_ok() {
                QueryError::Update {
                    source_name: request.source_name.clone(),
                }
            } else {
                QueryError::Syntax {
                    source_name: request.source_name.clone(),
                    message: e.to_string(),
                }
            });
        }
    };
    params::bind(&mut query, &request.params, &request.text)?;
    let kind = match &query {
        spargebra::Query::Select { .. } => QueryKind::Select,
        spargebra::Query::Ask { .. } => QueryKind::Ask,
        spargebra::Query::Construct { .. } => QueryKind::Construct,
        spargebra::Query::Describe { .. } => QueryKind::Describe,
    };
    Ok(Prepared {
        query,
        kind,
        source_name: request.source_name.clone(),
        dataset: None,
    })
}

/// A query being evaluated: its results are read lazily, and the deadline
/// holds until they have been written.
pub struct Evaluation {
    pub kind: QueryKind,
    results: QueryResults<'static>,
    source_name: String,
    timeout: Option<Duration>,
    _deadline: Option<Deadline>,
}

impl Evaluation {
    fn map_error(
        source_name: &str,
        timeout: Option<Duration>,
        error: QueryEvaluationError,
    ) -> QueryError {
        match (error, timeout) {
            (QueryEvaluationError::Cancelled, Some(timeout)) => QueryError::Timeout {
                source_name: source_name.to_string(),
                timeout,
            },
            (error, _) => QueryError::Evaluation {
                source_name: source_name.to_string(),
                message: error.to_string(),
            },
        }
    }
}

impl Evaluation {
    /// The triples a CONSTRUCT or DESCRIBE builds, read to the end while
    /// the deadline holds; `None` for a SELECT or ASK.
    pub fn into_triples(self) -> Option<Result<Vec<oxigraph::model::Triple>, QueryError>> {
        let Evaluation {
            results,
            source_name,
            timeout,
            _deadline,
            ..
        } = self;
        match results {
            QueryResults::Graph(triples) => Some(
                triples
                    .map(|t| t.map_err(|e| Evaluation::map_error(&source_name, timeout, e)))
                    .collect(),
            ),
            _ => None,
        }
    }
}

/// Cancels a query's evaluation when its time is up, unless dropped first.
/// One watcher thread serves every deadline of the process, looking every
/// [`TICK`]: a thread per query, or a wake-up per query, cost more than a
/// small query's evaluation (measured on the server). The deadlines are
/// kept in shards, so that threads starting queries at once rarely wait on
/// each other.
struct Deadline {
    shard: usize,
    key: (Instant, u64),
}

/// How late a deadline may fire.
const TICK: Duration = Duration::from_millis(20);
const SHARDS: usize = 16;

/// The deadlines of the process, by shard, and the thread that cancels them.
struct Watcher {
    shards: [Mutex<BTreeMap<(Instant, u64), CancellationToken>>; SHARDS],
    next: AtomicU64,
}

fn watcher() -> &'static Watcher {
    static WATCHER: OnceLock<&'static Watcher> = OnceLock::new();
    WATCHER.get_or_init(|| {
        let watcher: &'static Watcher = Box::leak(Box::new(Watcher {
            shards: std::array::from_fn(|_| Mutex::new(BTreeMap::new())),
            next: AtomicU64::new(0),
        }));
        std::thread::Builder::new()
            .name("ctkg-query-deadlines".into())
            .spawn(move || watcher.run())
            .expect("the deadline thread starts");
        watcher
    })
}

impl Watcher {
    fn run(&self) {
        loop {
            let now = Instant::now();
            for shard in &self.shards {
                let mut tokens = shard.lock().unwrap_or_else(|e| e.into_inner());
                while let Some(entry) = tokens.first_entry() {
                    if entry.key().0 > now {
                        break;
                    }
                    entry.remove().cancel();
                }
            }
            std::thread::sleep(TICK);
        }
    }
}

impl Deadline {
    fn start(token: CancellationToken, timeout: Duration) -> Deadline {
        let watcher = watcher();
        let id = watcher.next.fetch_add(1, Ordering::Relaxed);
        let key = (Instant::now() + timeout, id);
        let shard = (id % SHARDS as u64) as usize;
        watcher.shards[shard]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, token);
        Deadline { shard, key }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        watcher().shards[self.shard]
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.key);
    }
}

/// Evaluates a prepared query on the store's merged default graph (see
/// store.rs), stopping it once `timeout` has passed.
pub fn evaluate(
    store: &Store,
    prepared: &Prepared,
    timeout: Option<Duration>,
) -> Result<Evaluation, QueryError> {
    let mut evaluator = SparqlEvaluator::new();
    let deadline = timeout.map(|timeout| {
        let token = CancellationToken::new();
        evaluator = std::mem::take(&mut evaluator).with_cancellation_token(token.clone());
        Deadline::start(token, timeout)
    });
    let mut query = evaluator.for_query(prepared.query.clone());
    if let Some(dataset) = &prepared.dataset {
        let target = query.dataset_mut();
        target.set_default_graph(
            dataset
                .default_graphs
                .iter()
                .cloned()
                .map(GraphName::NamedNode)
                .collect(),
        );
        target.set_available_named_graphs(
            dataset
                .named_graphs
                .iter()
                .cloned()
                .map(NamedOrBlankNode::NamedNode)
                .collect(),
        );
    }
    let results = store.evaluate(query).map_err(|source| match source {
        StoreError::Evaluation(e) => Evaluation::map_error(&prepared.source_name, timeout, e),
        source => QueryError::Store {
            source_name: prepared.source_name.clone(),
            source,
        },
    })?;
    Ok(Evaluation {
        kind: prepared.kind,
        results,
        source_name: prepared.source_name.clone(),
        timeout,
        _deadline: deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(store: &Store, text: &str, format: Format) -> Result<String, QueryError> {
        let prepared = prepare(&Request::text(text, "query", vec![]))?;
        let evaluation = evaluate(store, &prepared, Some(Duration::from_secs(10)))?;
        let mut out = Vec::new();
        write(evaluation, format, &mut out, &TableOptions::default())?;
        Ok(String::from_utf8(out).unwrap())
    }

    #[test]
    fn an_update_is_refused_with_a_reason() {
        let e = prepare(&Request::text(
            "INSERT DATA { <a:b> <a:c> <a:d> }",
            "query",
            vec![],
        ))
        .unwrap_err();
        assert!(
            e.to_string().contains("changed only by `ctkg build`"),
            "{e}"
        );
        assert!(e.is_usage());
    }

    #[test]
    fn a_format_that_does_not_fit_is_named_as_typed() {
        let store = Store::in_memory().unwrap();
        let e = run(&store, "ASK {}", Format::Turtle)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "--format ttl does not fit the results of an ASK query (use table, csv, tsv, json, xml)"
        );
    }

    #[test]
    fn json_and_boolean_results_end_with_a_newline() {
        let store = Store::in_memory().unwrap();
        assert!(
            run(&store, "ASK {}", Format::Json)
                .unwrap()
                .ends_with("}\n")
        );
        assert!(run(&store, "ASK {}", Format::Xml).unwrap().ends_with(">\n"));
        assert_eq!(run(&store, "ASK {}", Format::Table).unwrap(), "true\n");
    }

    #[test]
    fn each_deadline_fires_at_its_own_time_and_a_dropped_one_never() {
        let (long, short, dropped) = (
            CancellationToken::new(),
            CancellationToken::new(),
            CancellationToken::new(),
        );
        let _long = Deadline::start(long.clone(), Duration::from_secs(60));
        let _short = Deadline::start(short.clone(), Duration::from_millis(50));
        drop(Deadline::start(dropped.clone(), Duration::from_millis(10)));
        // bounded: a cancelled token is seen within five seconds or never
        for _ in 0..500 {
            if short.is_cancelled() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(
            short.is_cancelled(),
            "a later deadline held up an earlier one"
        );
        assert!(!long.is_cancelled());
        assert!(!dropped.is_cancelled());
    }

    #[test]
    fn a_query_past_its_time_is_stopped_and_says_so() {
        use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
        let store = Store::in_memory().unwrap();
        let graph = "https://example.org/g";
        let quads: Vec<Quad> = (0..1000)
            .map(|i| {
                Quad::new(
                    NamedNode::new_unchecked(format!("https://example.org/s{i}")),
                    NamedNode::new_unchecked("https://example.org/p"),
                    Literal::from(i),
                    GraphName::NamedNode(NamedNode::new_unchecked(graph)),
                )
            })
            .collect();
        store.replace_graph(graph, &quads, &[]).unwrap();
        // a billion rows to count: minutes of work
        let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
        let prepared = prepare(&Request::text(slow, "slow.rq", vec![])).unwrap();
        let result = evaluate(&store, &prepared, Some(Duration::from_millis(200)))
            .and_then(|e| write(e, Format::Csv, &mut Vec::new(), &TableOptions::default()));
        let e = result.unwrap_err();
        assert!(matches!(e, QueryError::Timeout { .. }), "{e}");
        assert!(
            e.to_string().starts_with("slow.rq: stopped after 0.2 s"),
            "{e}"
        );
        // a quick query with the same limit is not reported as stopped
        assert_eq!(
            run(&store, "ASK { ?s ?p 5 }", Format::Table).unwrap(),
            "true\n"
        );
    }
}
