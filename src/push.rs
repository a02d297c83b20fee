//! `ctkg push`: each document's named graph (and the ontology's) sent to a
//! SPARQL 1.1 Graph Store Protocol endpoint, so a corpus can be served by a
//! server or cluster store (Virtuoso, GraphDB, Fuseki, Neptune, ...).
//!
//! This is the one module that speaks HTTP as a client (`server` serves
//! it). A graph goes as `PUT <graph store>?graph=<IRI>` with an N-Triples
//! body streamed from the store, so a second push of a graph replaces it
//! on the server instead of adding to it. What was sent where, with which
//! version of the graph and which body hash, is recorded in the store's
//! push log ([`crate::store::PushLog`]), so the next push sends only the
//! graphs that changed since (a graph's version is the hash of its
//! document's text and of the reader that read it: the same version is
//! the same graph). `--all` sends every graph again.
//!
//! Server errors (5xx, 429) and failed connections are retried with
//! exponential back-off; 401/403/404 stop the push at once with what to
//! check. Credentials go as HTTP Basic, or as Digest when the server
//! challenges for it (Virtuoso's `/sparql-graph-crud-auth` does).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::time::Duration;

use digest_auth::{AuthContext, HttpMethod, WwwAuthenticateHeader};
use oxigraph::model::Triple;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::{Store, StoreError};
use crate::text::sha256_hex;
use crate::vocab::ONTOLOGY_GRAPH;

/// Where graphs go.
#[derive(Debug, Clone)]
pub struct Target {
    /// The Graph Store Protocol URL graphs are PUT to (`?graph=` is added).
    pub graph_store: String,
}

/// A user and password for the server.
#[derive(Clone)]
pub struct Credentials {
    pub user: String,
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Credentials {{ user: {:?}, password: <hidden> }}",
            self.user
        )
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Send every graph, changed or not.
    pub all: bool,
    /// Delete from the server the graphs this store pushed there before
    /// and no longer holds.
    pub prune: bool,
    /// Attempts after the first, on server errors and failed connections.
    pub retries: u32,
    /// The first wait before a retry; each later wait doubles it.
    pub backoff: Duration,
    /// The longest a request may take.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            all: false,
            prune: false,
            retries: 5,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(600),
        }
    }
}

/// What a push reports as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// The graphs the store holds, and how many of them will be sent.
    Planned {
        graphs: usize,
        to_send: usize,
    },
    Sent {
        graph: &'a str,
        triples: u64,
    },
    Deleted {
        graph: &'a str,
    },
    Retrying {
        graph: &'a str,
        attempt: u32,
        wait: Duration,
        reason: String,
    },
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub sent: usize,
    pub unchanged: usize,
    pub deleted: usize,
    pub triples: u64,
    pub bytes: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("{url}: {message}")]
    Refused {
        url: String,
        status: u16,
        message: String,
    },
    #[error(
        "{url}: no Graph Store endpoint there (HTTP 404); check --endpoint / --graph-store{server}"
    )]
    NotFound { url: String, server: String },
    #[error("{url}: the server rejected graph {graph} (HTTP {status}){server}")]
    Rejected {
        url: String,
        graph: String,
        status: u16,
        server: String,
    },
    #[error("{url}: gave up after {attempts} attempt(s): {message}")]
    Unreachable {
        url: String,
        attempts: u32,
        message: String,
    },
    #[error("{url} is not an http:// or https:// URL")]
    BadUrl { url: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("push log: a record does not read as JSON: {0}")]
    Record(serde_json::Error),
}

/// One line of the push log.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    graph_store: String,
    graph: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    version: String,
    #[serde(default, skip_serializing_if = "is_zero")]
    triples: u64,
    #[serde(default, skip_serializing_if = "is_zero")]
    bytes: u64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    body_sha256: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
    at: String,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A graph of the store and its version.
struct Graph {
    iri: String,
    version: String,
}

/// Sends the store's graphs to `target`.
pub fn push(
    store: &Store,
    target: &Target,
    credentials: Option<&Credentials>,
    options: &Options,
    progress: &mut dyn FnMut(Event<'_>),
) -> Result<Summary, PushError> {
    let url = target.graph_store.trim().to_string();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(PushError::BadUrl { url });
    }
    let mut log = store.push_log()?;
    let lines = log.lines()?;
    let mut latest: HashMap<String, Record> = HashMap::new();
    let mut all_records: BTreeMap<(String, String), String> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let record: Record = match serde_json::from_str(line) {
            Ok(r) => r,
            // a torn last line (the process died while appending): that
            // graph is sent again
            Err(_) if i + 1 == lines.len() => continue,
            Err(e) => return Err(PushError::Record(e)),
        };
        all_records.insert(
            (record.graph_store.clone(), record.graph.clone()),
            line.clone(),
        );
        if record.graph_store == url {
            latest.insert(record.graph.clone(), record);
        }
    }

    let graphs = graphs_of(store)?;
    let to_send: Vec<&Graph> = graphs
        .iter()
        .filter(|g| {
            options.all
                || latest
                    .get(&g.iri)
                    .is_none_or(|r| r.deleted || r.version != g.version)
        })
        .collect();
    progress(Event::Planned {
        graphs: graphs.len(),
        to_send: to_send.len(),
    });
    let mut summary = Summary {
        unchanged: graphs.len() - to_send.len(),
        ..Summary::default()
    };
    let mut client = Client::new(&url, credentials, options);
    for graph in to_send {
        let sent = client.put(store, &graph.iri, progress)?;
        let record = Record {
            graph_store: url.clone(),
            graph: graph.iri.clone(),
            version: graph.version.clone(),
            triples: sent.triples,
            bytes: sent.bytes,
            body_sha256: sent.sha256,
            deleted: false,
            at: now(),
        };
        let line = serde_json::to_string(&record).map_err(PushError::Record)?;
        log.append(&line)?;
        all_records.insert((url.clone(), graph.iri.clone()), line);
        summary.sent += 1;
        summary.triples += sent.triples;
        summary.bytes += sent.bytes;
        progress(Event::Sent {
            graph: &graph.iri,
            triples: sent.triples,
        });
    }
    if options.prune {
        let held: std::collections::HashSet<&str> = graphs.iter().map(|g| g.iri.as_str()).collect();
        let mut gone: Vec<&Record> = latest
            .values()
            .filter(|r| !r.deleted && !held.contains(r.graph.as_str()))
            .collect();
        gone.sort_by(|a, b| a.graph.cmp(&b.graph));
        for record in gone {
            client.delete(&record.graph, progress)?;
            let line = serde_json::to_string(&Record {
                graph_store: url.clone(),
                graph: record.graph.clone(),
                version: String::new(),
                triples: 0,
                bytes: 0,
                body_sha256: String::new(),
                deleted: true,
                at: now(),
            })
            .map_err(PushError::Record)?;
            log.append(&line)?;
            all_records.insert((url.clone(), record.graph.clone()), line);
            summary.deleted += 1;
            progress(Event::Deleted {
                graph: &record.graph,
            });
        }
    }
    // keep the log to one line per graph and server once it has grown
    if lines.len() + summary.sent + summary.deleted > 2 * all_records.len() + 64 {
        log.rewrite(&all_records.into_values().collect::<Vec<_>>())?;
    }
    Ok(summary)
}

/// The store's graphs with their versions: each document's, then the
/// ontology's.
fn graphs_of(store: &Store) -> Result<Vec<Graph>, PushError> {
    let mut out = Vec::new();
    let stored = store.stored_documents()?;
    for (iri, _file) in store.documents()? {
        if let Some(doc) = stored.get(&iri) {
            out.push(Graph {
                version: sha256_hex(format!("{}\n{}", doc.sha256, doc.extractor).as_bytes()),
                iri,
            });
        }
    }
    if let Some(hash) = store.ontology_sha256()? {
        out.push(Graph {
            iri: ONTOLOGY_GRAPH.to_string(),
            version: hash,
        });
    }
    Ok(out)
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// What one PUT sent.
struct Sent {
    triples: u64,
    bytes: u64,
    sha256: String,
}

/// The HTTP side: requests, authentication and retries.
struct Client<'a> {
    agent: ureq::Agent,
    url: &'a str,
    credentials: Option<&'a Credentials>,
    /// The server's Digest challenge, once it has sent one; until then
    /// credentials go as Basic.
    digest: Option<WwwAuthenticateHeader>,
    /// Whether the server was asked how it wants credentials.
    probed: bool,
    options: &'a Options,
}

/// What a request came back with.
enum Answer {
    Done,
    /// A 404 on DELETE: the graph is not there, which is what was wanted.
    Missing,
}

/// Why an attempt ended before the server answered.
enum Stop {
    Transport(ureq::Error),
    Store(StoreError),
}

type Response = ureq::http::Response<ureq::Body>;

impl<'a> Client<'a> {
    fn new(url: &'a str, credentials: Option<&'a Credentials>, options: &'a Options) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(options.timeout))
            .build()
            .into();
        Client {
            agent,
            url,
            credentials,
            digest: None,
            probed: false,
            options,
        }
    }

    fn graph_url(&self, graph: &str) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        let encoded =
            percent_encoding::utf8_percent_encode(graph, percent_encoding::NON_ALPHANUMERIC);
        format!("{}{sep}graph={encoded}", self.url)
    }

    fn put(
        &mut self,
        store: &Store,
        graph: &str,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<Sent, PushError> {
        let url = self.graph_url(graph);
        let agent = self.agent.clone();
        let mut sent = None;
        self.send("PUT", &url, graph, progress, &mut |authorization| {
            // The length goes ahead of the body: some servers (Virtuoso)
            // read no chunked body, and would store an empty graph.
            let length = ntriples_length(store, graph).map_err(Stop::Store)?;
            let mut body = NTriples::new(store.graph_triples(graph));
            let mut request = agent
                .put(&url)
                .header("Content-Type", "application/n-triples")
                .header("Content-Length", length.to_string());
            if let Some(a) = authorization {
                request = request.header("Authorization", a);
            }
            let result = request.send(ureq::SendBody::from_reader(&mut body));
            if let Some(e) = body.error.take() {
                return Err(Stop::Store(e));
            }
            sent = Some(Sent {
                triples: body.count,
                bytes: body.bytes,
                sha256: format!("{:x}", body.hasher.clone().finalize()),
            });
            result.map_err(Stop::Transport)
        })?;
        Ok(sent.expect("a PUT the server accepted sent its body"))
    }

    fn delete(
        &mut self,
        graph: &str,
        progress: &mut dyn FnMut(Event<'_>),
    ) -> Result<(), PushError> {
        let url = self.graph_url(graph);
        let agent = self.agent.clone();
        self.send("DELETE", &url, graph, progress, &mut |authorization| {
            let mut request = agent.delete(&url);
            if let Some(a) = authorization {
                request = request.header("Authorization", a);
            }
            request.call().map_err(Stop::Transport)
        })
        .map(|_| ())
    }

    /// Asks the server, with bodiless HEAD requests, whether and how it
    /// wants credentials, and whether it takes ours: a server that wants
    /// them may answer a PUT with 401 and close the connection before it
    /// has read the body, which the client sees only as a broken pipe.
    fn probe(&mut self, url: &str) -> Result<(), PushError> {
        self.probed = true;
        let Ok(mut response) = self.agent.head(url).call() else {
            // unreachable: the first PUT's retries say so
            return Ok(());
        };
        if response.status().as_u16() != 401 {
            return Ok(());
        }
        if self.credentials.is_none() {
            return Err(self.refused(401, &server_says(&mut response)));
        }
        self.learn_challenge(&response);
        let mut request = self.agent.head(url);
        if let Some(a) = self.authorization("HEAD", url) {
            request = request.header("Authorization", a);
        }
        match request.call() {
            Ok(mut r) if r.status().as_u16() == 401 => Err(self.refused(401, &server_says(&mut r))),
            _ => Ok(()),
        }
    }

    /// Takes a Digest challenge from a 401; whether there was one.
    fn learn_challenge(&mut self, response: &Response) -> bool {
        if response.status().as_u16() != 401 {
            return false;
        }
        for value in response.headers().get_all("www-authenticate") {
            let Ok(text) = value.to_str() else { continue };
            if text.trim_start().to_ascii_lowercase().starts_with("digest")
                && let Ok(challenge) = digest_auth::parse(text)
            {
                self.digest = Some(challenge);
                return true;
            }
        }
        false
    }

    fn authorization(&mut self, method: &str, url: &str) -> Option<String> {
        let c = self.credentials?;
        if let Some(challenge) = &mut self.digest {
            let context = AuthContext::new_with_method(
                c.user.as_str(),
                c.password.as_str(),
                request_target(url),
                None::<&[u8]>,
                HttpMethod::from(method),
            );
            if let Ok(answer) = challenge.respond(&context) {
                return Some(answer.to_header_string());
            }
        }
        Some(basic(c))
    }

    /// Sends one request, retrying server errors and failed connections.
    fn send(
        &mut self,
        method: &str,
        url: &str,
        graph: &str,
        progress: &mut dyn FnMut(Event<'_>),
        attempt_once: &mut dyn FnMut(Option<String>) -> Result<Response, Stop>,
    ) -> Result<Answer, PushError> {
        if !self.probed {
            self.probe(url)?;
        }
        let mut attempt = 0;
        let mut answered_challenge = false;
        loop {
            let authorization = self.authorization(method, url);
            let reason = match attempt_once(authorization) {
                Err(Stop::Store(e)) => return Err(e.into()),
                Err(Stop::Transport(e)) => match e {
                    ureq::Error::BadUri(_) | ureq::Error::Http(_) => {
                        return Err(PushError::BadUrl {
                            url: url.to_string(),
                        });
                    }
                    other => other.to_string(),
                },
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    match status {
                        200..=299 => return Ok(Answer::Done),
                        404 if method == "DELETE" => return Ok(Answer::Missing),
                        401 if self.credentials.is_some()
                            && !answered_challenge
                            && self.learn_challenge(&response) =>
                        {
                            // a first or renewed (stale) Digest challenge
                            answered_challenge = true;
                            continue;
                        }
                        401 | 403 => {
                            return Err(self.refused(status, &server_says(&mut response)));
                        }
                        404 => {
                            return Err(PushError::NotFound {
                                url: self.url.to_string(),
                                server: server_says(&mut response),
                            });
                        }
                        429 | 500..=599 => format!("HTTP {status}{}", server_says(&mut response)),
                        _ => {
                            return Err(PushError::Rejected {
                                url: self.url.to_string(),
                                graph: graph.to_string(),
                                status,
                                server: server_says(&mut response),
                            });
                        }
                    }
                }
            };
            attempt += 1;
            if attempt > self.options.retries {
                return Err(PushError::Unreachable {
                    url: self.url.to_string(),
                    attempts: attempt,
                    message: reason,
                });
            }
            let wait = self
                .options
                .backoff
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(Duration::from_secs(30));
            progress(Event::Retrying {
                graph,
                attempt,
                wait,
                reason,
            });
            std::thread::sleep(wait);
        }
    }

    fn refused(&self, status: u16, server: &str) -> PushError {
        let message = match (status, self.credentials) {
            (401, None) => format!(
                "the server asks for credentials (HTTP 401); give --user and --password-file{server}"
            ),
            (401, Some(c)) => format!(
                "the server refused the credentials of user {:?} (HTTP 401); check --user and --password-file{server}",
                c.user
            ),
            (_, Some(c)) => format!(
                "user {:?} may not write graphs there (HTTP 403 Forbidden); the account needs the right to update (Virtuoso: the SPARQL_UPDATE role){server}",
                c.user
            ),
            (_, None) => format!(
                "the server does not let anonymous users write graphs (HTTP 403 Forbidden); give --user and --password-file{server}"
            ),
        };
        PushError::Refused {
            url: self.url.to_string(),
            status,
            message,
        }
    }
}

/// The path and query of a URL, as the request line and Digest carry it.
fn request_target(url: &str) -> String {
    let after_scheme = url.find("://").map_or(url, |i| &url[i + 3..]);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

/// The first words of a response body, for an error message: the server's
/// own explanation, without markup.
fn server_says(response: &mut Response) -> String {
    let text = response
        .body_mut()
        .with_config()
        .limit(64 * 1024)
        .read_to_string()
        .unwrap_or_default();
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push(' ');
            }
            _ if !in_tag => plain.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    if words.is_empty() {
        return String::new();
    }
    let mut said = words.join(" ");
    if said.chars().count() > 240 {
        said = said.chars().take(239).collect::<String>() + "…";
    }
    format!("; the server says: {said}")
}

fn basic(c: &Credentials) -> String {
    use base64::Engine;
    let raw = format!("{}:{}", c.user, c.password);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// The length in bytes of a graph's N-Triples body, counted without
/// holding it.
fn ntriples_length(store: &Store, graph: &str) -> Result<u64, StoreError> {
    struct Count(u64);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    for t in store.graph_triples(graph) {
        writeln!(count, "{} .", t?).expect("counting never fails");
    }
    Ok(count.0)
}

/// A graph as an N-Triples body, written as the server reads it, with a
/// running count and hash of what was sent.
struct NTriples<I> {
    triples: I,
    buf: Vec<u8>,
    pos: usize,
    hasher: Sha256,
    count: u64,
    bytes: u64,
    error: Option<StoreError>,
}

impl<I> NTriples<I> {
    fn new(triples: I) -> Self {
        NTriples {
            triples,
            buf: Vec::with_capacity(64 * 1024),
            pos: 0,
            hasher: Sha256::new(),
            count: 0,
            bytes: 0,
            error: None,
        }
    }
}

impl<I: Iterator<Item = Result<Triple, StoreError>>> Read for NTriples<I> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            while self.buf.len() < 60 * 1024 {
                match self.triples.next() {
                    // oxrdf writes terms in N-Triples syntax
                    Some(Ok(t)) => {
                        writeln!(self.buf, "{t} .")?;
                        self.count += 1;
                    }
                    Some(Err(e)) => {
                        let message = e.to_string();
                        self.error = Some(e);
                        return Err(io::Error::other(message));
                    }
                    None => break,
                }
            }
            self.hasher.update(&self.buf);
            self.bytes += self.buf.len() as u64;
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode, Quad};

    #[test]
    fn the_request_target_is_the_path_and_query() {
        assert_eq!(
            request_target("http://127.0.0.1:8890/sparql-graph-crud-auth?graph=a%2Fb"),
            "/sparql-graph-crud-auth?graph=a%2Fb"
        );
        assert_eq!(request_target("https://example.org"), "/");
    }

    #[test]
    fn the_announced_length_is_the_length_of_the_streamed_body() {
        let store = Store::in_memory().unwrap();
        let g = "http://example.org/g";
        let quads: Vec<Quad> = (0..5000)
            .map(|i| {
                Quad::new(
                    NamedNode::new_unchecked(format!("http://example.org/s{i}")),
                    NamedNode::new_unchecked("http://example.org/p"),
                    Literal::new_language_tagged_literal_unchecked(
                        format!("«{i}» \"quoted\"\nline"),
                        "en",
                    ),
                    NamedNode::new_unchecked(g),
                )
            })
            .collect();
        store.replace_graph(g, &quads, &[]).unwrap();
        let mut body = NTriples::new(store.graph_triples(g));
        let mut bytes = Vec::new();
        // small reads, as a socket takes them
        let mut chunk = [0u8; 777];
        loop {
            let n = body.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
        assert_eq!(body.count, 5000);
        assert_eq!(bytes.len() as u64, ntriples_length(&store, g).unwrap());
        assert_eq!(body.bytes, bytes.len() as u64);
        // it parses back as the same graph
        let parsed: Vec<_> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
                .for_slice(&bytes)
                .collect::<Result<_, _>>()
                .unwrap();
        assert_eq!(parsed.len(), 5000);
    }

    #[test]
    fn a_store_in_memory_has_no_push_log() {
        let store = Store::in_memory().unwrap();
        let target = Target {
            graph_store: "http://127.0.0.1:9/store".into(),
        };
        let err = push(&store, &target, None, &Options::default(), &mut |_| {}).unwrap_err();
        assert!(err.to_string().contains("store on disk"), "{err}");
        let bad = Target {
            graph_store: "ftp://example.org/".into(),
        };
        let err = push(&store, &bad, None, &Options::default(), &mut |_| {}).unwrap_err();
        assert!(matches!(err, PushError::BadUrl { .. }), "{err}");
    }
}
