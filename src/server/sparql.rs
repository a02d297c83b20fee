//! The SPARQL 1.1 Protocol (query operation): GET with `query=`, POST
//! form-encoded, POST `application/sparql-query`; `default-graph-uri` and
//! `named-graph-uri`; results by content negotiation; the service
//! description on a GET without a query. Updates are refused (403).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, Response, StatusCode, header};
use oxigraph::model::{BlankNode, Literal, NamedNode, NamedOrBlankNode, Term, Triple};

use super::body::{Streamed, stream, varies_by_accept};
use super::negotiate::{self, Representation};
use super::{AppState, busy, method_not_allowed, read_only, text};
use crate::query::{self, Format, QueryError, Request as QueryRequest, TableOptions};

/// The parameters of a protocol request, from the URL and a form body.
#[derive(Debug, Default)]
struct Params {
    queries: Vec<String>,
    updates: usize,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
}

impl Params {
    fn read(&mut self, encoded: &[u8]) {
        for (key, value) in form_urlencoded::parse(encoded) {
            match key.as_ref() {
                "query" => self.queries.push(value.into_owned()),
                "update" => self.updates += 1,
                "default-graph-uri" => self.default_graphs.push(value.into_owned()),
                "named-graph-uri" => self.named_graphs.push(value.into_owned()),
                "format" | "output" => self.format = Some(value.into_owned()),
                _ => {}
            }
        }
    }
}

fn content_type(request: &Request<Bytes>) -> String {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

pub(super) async fn handle(state: &Arc<AppState>, request: Request<Bytes>) -> Response<Body> {
    let mut params = Params::default();
    params.read(request.uri().query().unwrap_or_default().as_bytes());
    match *request.method() {
        Method::GET | Method::HEAD => {}
        Method::POST => match content_type(&request).as_str() {
            "application/x-www-form-urlencoded" => params.read(request.body()),
            "application/sparql-query" => match std::str::from_utf8(request.body()) {
                Ok(q) => params.queries.push(q.to_string()),
                Err(_) => {
                    return text(StatusCode::BAD_REQUEST, "the query is not UTF-8 text\n");
                }
            },
            "application/sparql-update" => return read_only(&Method::POST),
            other => {
                return text(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    &format!(
                        "a POST to the SPARQL endpoint is application/x-www-form-urlencoded or application/sparql-query, not {:?}\n",
                        other
                    ),
                );
            }
        },
        _ => return method_not_allowed("GET, HEAD, POST"),
    }
    if params.updates > 0 {
        return read_only(&Method::POST);
    }
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match params.queries.len() {
        0 => service_description(&request, accept.as_deref(), params.format.as_deref()),
        1 => {
            let text = params.queries.pop().unwrap_or_default();
            run(state, text, params, accept.as_deref()).await
        }
        n => text(
            StatusCode::BAD_REQUEST,
            &format!("the request gives {n} queries; give one query= parameter\n"),
        ),
    }
}

/// The status a query error answers with.
pub(super) fn error_response(error: &QueryError) -> Response<Body> {
    let status = match error {
        QueryError::Syntax { .. }
        | QueryError::Parameter(_)
        | QueryError::GraphName { .. }
        | QueryError::UnknownName(_) => StatusCode::BAD_REQUEST,
        QueryError::Update { .. } => StatusCode::FORBIDDEN,
        QueryError::FormatMismatch { .. } => StatusCode::NOT_ACCEPTABLE,
        QueryError::Timeout { .. } => StatusCode::SERVICE_UNAVAILABLE,
        QueryError::Evaluation { .. } | QueryError::Store { .. } | QueryError::Write(_) => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    let message = match error {
        QueryError::Update { .. } => "this endpoint is read-only: the store is built with `ctkg build` (or kept in step by `ctkg serve --watch`), never changed over HTTP".to_string(),
        QueryError::Timeout { timeout, .. } => format!(
            "the query was stopped after {} s, the server's time limit (ctkg serve --timeout)",
            timeout.as_secs_f64()
        ),
        other => other.to_string(),
    };
    text(status, &format!("{message}\n"))
}

async fn run(
    state: &Arc<AppState>,
    text_of_query: String,
    params: Params,
    accept: Option<&str>,
) -> Response<Body> {
    let prepared = match query::prepare(&QueryRequest::text(text_of_query, "query", vec![])) {
        Ok(p) => p,
        Err(e) => return error_response(&e),
    };
    let prepared = if params.default_graphs.is_empty() && params.named_graphs.is_empty() {
        prepared
    } else {
        match prepared.with_dataset(&params.default_graphs, &params.named_graphs) {
            Ok(p) => p,
            Err(e) => return error_response(&e),
        }
    };
    let offered: Vec<Representation> = negotiate::formats_for(prepared.kind())
        .into_iter()
        .map(Representation::Data)
        .collect();
    let format = match negotiate::choose(&offered, accept, params.format.as_deref()) {
        Ok(Representation::Data(f)) => f,
        Ok(Representation::Html) => unreachable!("not offered"),
        Err(e) => return text(StatusCode::NOT_ACCEPTABLE, &format!("{}\n", e.message)),
    };
    let Some(ticket) = state.gate.enter().await else {
        return busy();
    };
    let store = state.store.clone();
    let timeout = state.options.timeout;
    // the quick path: most queries end within a few milliseconds and one
    // chunk, and answer from this thread without the two thread switches
    // of the blocking pool (which cost more than a point lookup)
    match quick(&store, &prepared, format, timeout) {
        Quick::Answered(bytes) => {
            drop(ticket);
            return Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, format.media_type())
                .header(header::VARY, "Accept")
                .body(Body::from(bytes))
                .expect("a valid response");
        }
        Quick::Failed(e) => return error_response(&e),
        Quick::TooLong => {}
    }
    let streamed = stream(ticket, StatusCode::OK, format.media_type(), move |out| {
        let evaluation = query::evaluate(&store, &prepared, timeout)?;
        query::write(evaluation, format, out, &TableOptions::default())?;
        Ok::<(), QueryError>(())
    })
    .await;
    match streamed {
        Streamed::Body(response) => varies_by_accept(response),
        Streamed::Failed(e) => error_response(&e),
    }
}

/// How long a query may run on an async thread before it is started again
/// on the blocking pool (the deadline thread looks every 20 ms, so it may
/// run up to twice this).
const QUICK_TIME: Duration = Duration::from_millis(20);
/// How much a query may write on the quick path (its answer is held whole).
const QUICK_BYTES: usize = 256 * 1024;

enum Quick {
    Answered(Vec<u8>),
    Failed(QueryError),
    /// Past the quick path's time or size: evaluate again on the pool,
    /// streaming. (What was done is lost: at most `QUICK_TIME` of work or
    /// `QUICK_BYTES` of output, small beside a query that outgrows them.)
    TooLong,
}

/// A `Vec` that refuses to grow past a limit.
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + bytes.len() > QUICK_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::FileTooLarge,
                "more than the quick path holds",
            ));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn quick(
    store: &crate::store::Store,
    prepared: &query::Prepared,
    format: Format,
    timeout: Option<Duration>,
) -> Quick {
    let budget = timeout.map_or(QUICK_TIME, |t| t.min(QUICK_TIME));
    let real_deadline_first = timeout.is_some_and(|t| t <= QUICK_TIME);
    let mut out = Bounded(Vec::with_capacity(16 * 1024));
    let outcome = query::evaluate(store, prepared, Some(budget)).and_then(|evaluation| {
        query::write(evaluation, format, &mut out, &TableOptions::default())
    });
    match outcome {
        Ok(_) => Quick::Answered(out.0),
        Err(QueryError::Timeout { .. }) if !real_deadline_first => Quick::TooLong,
        Err(QueryError::Write(e)) if e.kind() == std::io::ErrorKind::FileTooLarge => Quick::TooLong,
        Err(e) => Quick::Failed(e),
    }
}

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const FORMATS: &str = "http://www.w3.org/ns/formats/";

/// The W3C format IRI of a result format.
fn format_iri(format: Format) -> Option<&'static str> {
    Some(match format {
        Format::Json => "SPARQL_Results_JSON",
        Format::Xml => "SPARQL_Results_XML",
        Format::Csv => "SPARQL_Results_CSV",
        Format::Tsv => "SPARQL_Results_TSV",
        Format::Turtle => "Turtle",
        Format::NTriples => "N-Triples",
        Format::NQuads => "N-Quads",
        Format::RdfXml => "RDF_XML",
        Format::JsonLd => "JSON-LD",
        Format::Table => return None,
    })
}

/// The SPARQL 1.1 Service Description of this endpoint.
fn service_description(
    request: &Request<Bytes>,
    accept: Option<&str>,
    format_param: Option<&str>,
) -> Response<Body> {
    let offered: Vec<Representation> = negotiate::formats_for(query::QueryKind::Construct)
        .into_iter()
        .map(Representation::Data)
        .collect();
    let format = match negotiate::choose(&offered, accept, format_param) {
        Ok(Representation::Data(f)) => f,
        Ok(Representation::Html) => unreachable!("not offered"),
        Err(e) => return text(StatusCode::NOT_ACCEPTABLE, &format!("{}\n", e.message)),
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let endpoint = NamedNode::new(format!("http://{host}{}", request.uri().path()))
        .unwrap_or_else(|_| NamedNode::new_unchecked("http://localhost/sparql"));
    let sd = |local: &str| NamedNode::new_unchecked(format!("{SD}{local}"));
    let rdf_type = NamedNode::new_unchecked(format!("{}type", crate::vocab::RDF));
    let description = NamedNode::new_unchecked(format!("{}description", crate::vocab::DCTERMS));
    let service: NamedOrBlankNode = endpoint.clone().into();
    let dataset = BlankNode::default();
    let default_graph = BlankNode::default();
    let mut triples = vec![
        Triple::new(service.clone(), rdf_type.clone(), sd("Service")),
        Triple::new(service.clone(), sd("endpoint"), endpoint.clone()),
        Triple::new(
            service.clone(),
            sd("supportedLanguage"),
            sd("SPARQL11Query"),
        ),
        Triple::new(
            service.clone(),
            description.clone(),
            Literal::new_simple_literal(
                "ctkg: counter-terrorism cooperation as a knowledge graph (read-only; the store is built with `ctkg build`)",
            ),
        ),
        Triple::new(service.clone(), sd("defaultDataset"), dataset.clone()),
        Triple::new(dataset.clone(), rdf_type.clone(), sd("Dataset")),
        Triple::new(dataset.clone(), sd("defaultGraph"), default_graph.clone()),
        Triple::new(default_graph.clone(), rdf_type.clone(), sd("Graph")),
        Triple::new(
            default_graph.clone(),
            description,
            Literal::new_simple_literal(
                "the merge of every document's named graph and the ontology's, each triple once",
            ),
        ),
    ];
    for format in negotiate::formats_for(query::QueryKind::Select)
        .into_iter()
        .chain(negotiate::formats_for(query::QueryKind::Construct))
    {
        if let Some(local) = format_iri(format) {
            triples.push(Triple::new(
                service.clone(),
                sd("resultFormat"),
                Term::from(NamedNode::new_unchecked(format!("{FORMATS}{local}"))),
            ));
        }
    }
    let mut out = Vec::new();
    match query::write_triples(triples.iter().map(Triple::as_ref), format, &mut out) {
        Ok(()) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, format.media_type())
            .header(header::VARY, "Accept")
            .body(Body::from(out))
            .expect("a valid response"),
        Err(e) => error_response(&e),
    }
}
