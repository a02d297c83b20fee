//! `ctkg serve`: every protocol point and bad input through the request
//! handler in process (no socket), then real clients — curl,
//! SPARQLWrapper, rdflib, headless Chromium — against a running server.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use ctkg::server::{AppState, Options, respond};
use ctkg::store::{Access, Store};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

use crate::helpers::{corpus_store, ctkg, ok, root, select, stderr, value};

const BASE: &str = "https://w3id.org/ctkg/id/";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime")
    })
}

/// The sample corpus's store behind a handler, shared by the tests.
fn corpus_state() -> &'static Arc<AppState> {
    static STATE: OnceLock<Arc<AppState>> = OnceLock::new();
    STATE.get_or_init(|| {
        let store = Store::open(corpus_store(), Access::Read).expect("the corpus store opens");
        Arc::new(AppState::new(
            Arc::new(store),
            BASE.to_string(),
            Options::default(),
        ))
    })
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> String {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    fn bindings(&self) -> Vec<serde_json::Value> {
        self.json()["results"]["bindings"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

async fn call_async(
    state: &Arc<AppState>,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = respond(state, request.body(Body::from(body)).unwrap()).await;
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .map(|b| b.to_vec())
        .unwrap_or_default();
    Answer {
        status,
        headers,
        body,
    }
}

fn call(
    state: &Arc<AppState>,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    runtime().block_on(call_async(state, method, uri, headers, body.to_vec()))
}

fn get(uri: &str, headers: &[(&str, &str)]) -> Answer {
    call(corpus_state(), "GET", uri, headers, b"")
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn query_uri(query: &str) -> String {
    format!("/sparql?query={}", encode(query))
}

const STATES: &str = "SELECT ?label WHERE { ?s a ctkg:State ; rdfs:label ?label } ORDER BY ?label";

fn state_labels() -> Vec<String> {
    select(STATES).iter().map(|r| value(r, "label")).collect()
}

fn labels_of(answer: &Answer) -> Vec<String> {
    answer
        .bindings()
        .iter()
        .map(|r| value(r, "label"))
        .collect()
}

fn triples(body: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("not {format}: {e}\n{}", String::from_utf8_lossy(body)))
}

// ---- the SPARQL 1.1 Protocol, in process ----

#[test]
fn get_post_form_and_post_query_give_the_same_solutions() {
    let expected = state_labels();
    assert!(expected.len() >= 5, "{expected:?}");
    let by_get = get(&query_uri(STATES), &[]);
    assert_eq!(by_get.status, StatusCode::OK, "{}", by_get.text());
    assert_eq!(
        by_get.header("content-type"),
        "application/sparql-results+json"
    );
    assert_eq!(labels_of(&by_get), expected);
    let form = format!("query={}", encode(STATES));
    let by_form = call(
        corpus_state(),
        "POST",
        "/sparql",
        &[("content-type", "application/x-www-form-urlencoded")],
        form.as_bytes(),
    );
    assert_eq!(labels_of(&by_form), expected);
    let direct = call(
        corpus_state(),
        "POST",
        "/query",
        &[("content-type", "application/sparql-query; charset=utf-8")],
        STATES.as_bytes(),
    );
    assert_eq!(labels_of(&direct), expected);
}

#[test]
fn accept_with_q_values_chooses_the_results_format() {
    let uri = query_uri(STATES);
    let expected = state_labels();
    let csv = get(&uri, &[("accept", "text/csv")]);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    let lines: Vec<String> = csv.text().lines().map(str::to_string).collect();
    assert_eq!(lines[0], "label");
    assert_eq!(lines[1..], expected[..]);
    let tsv = get(
        &uri,
        &[(
            "accept",
            "text/csv;q=0.5, text/tab-separated-values, application/sparql-results+json;q=0.9",
        )],
    );
    assert_eq!(
        tsv.header("content-type"),
        "text/tab-separated-values; charset=utf-8"
    );
    assert_eq!(tsv.text().lines().count(), expected.len() + 1);
    let xml = get(&uri, &[("accept", "application/sparql-results+xml")]);
    assert_eq!(xml.header("content-type"), "application/sparql-results+xml");
    for label in &expected {
        assert!(
            xml.text().contains(&format!(">{label}</literal>")),
            "{label}"
        );
    }
    // format= overrides the header, for clients that cannot set one
    let forced = get(
        &format!("{uri}&format=csv"),
        &[("accept", "application/json")],
    );
    assert_eq!(forced.header("content-type"), "text/csv; charset=utf-8");
    let none = get(&uri, &[("accept", "image/png, text/html")]);
    assert_eq!(none.status, StatusCode::NOT_ACCEPTABLE);
    for offered in [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ] {
        assert!(none.text().contains(offered), "{}", none.text());
    }
    let ask = get(
        &query_uri("ASK { ?m a ctkg:Meeting }"),
        &[("accept", "application/sparql-results+xml")],
    );
    assert!(
        ask.text().contains("<boolean>true</boolean>"),
        "{}",
        ask.text()
    );
}

#[test]
fn graph_results_in_every_rdf_format() {
    let q =
        "CONSTRUCT { ?m ctkg:participant ?s } WHERE { ?m a ctkg:Meeting ; ctkg:participant ?s }";
    let expected = select("SELECT ?m ?s WHERE { ?m a ctkg:Meeting ; ctkg:participant ?s }").len();
    assert!(expected > 5);
    let uri = query_uri(q);
    let turtle = get(&uri, &[]);
    assert_eq!(turtle.header("content-type"), "text/turtle");
    assert_eq!(triples(&turtle.body, RdfFormat::Turtle).len(), expected);
    for (accept, format) in [
        ("application/n-triples", RdfFormat::NTriples),
        ("application/n-quads", RdfFormat::NQuads),
        ("application/rdf+xml", RdfFormat::RdfXml),
        (
            "application/ld+json",
            RdfFormat::JsonLd {
                profile: oxigraph::io::JsonLdProfileSet::empty(),
            },
        ),
    ] {
        let a = get(&uri, &[("accept", accept)]);
        assert_eq!(a.status, StatusCode::OK, "{accept}: {}", a.text());
        assert_eq!(a.header("content-type"), accept);
        assert_eq!(triples(&a.body, format).len(), expected, "{accept}");
    }
    let wrong = get(&format!("{uri}&format=csv"), &[]);
    assert_eq!(wrong.status, StatusCode::NOT_ACCEPTABLE);
    assert!(
        wrong.text().contains("ttl, nt, nq, rdfxml, jsonld"),
        "{}",
        wrong.text()
    );
}

#[test]
fn the_default_graph_is_the_merge_unless_the_request_names_graphs() {
    let documents = select("SELECT ?g WHERE { GRAPH ?g { ?g ctkg:fileName ?f } } ORDER BY ?g");
    let first = value(&documents[0], "g");
    let second = value(&documents[1], "g");
    let count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let n = |a: &Answer| -> usize {
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        value(&a.bindings()[0], "n").parse().unwrap()
    };
    let merged = n(&get(&query_uri(count), &[]));
    let in_first = value(
        &select(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{first}> {{ ?s ?p ?o }} }}"
        ))[0],
        "n",
    )
    .parse::<usize>()
    .unwrap();
    let only_first = n(&get(
        &format!("{}&default-graph-uri={}", query_uri(count), encode(&first)),
        &[],
    ));
    assert_eq!(only_first, in_first);
    assert!(merged > only_first);
    let both = n(&get(
        &format!(
            "{}&default-graph-uri={}&default-graph-uri={}",
            query_uri(count),
            encode(&first),
            encode(&second)
        ),
        &[],
    ));
    let in_either: usize = value(
        &select(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ {{ GRAPH <{first}> {{ ?s ?p ?o }} }} UNION {{ GRAPH <{second}> {{ ?s ?p ?o }} }} }}"
        ))[0],
        "n",
    )
    .parse()
    .unwrap();
    assert!(both > only_first, "{both} {only_first}");
    assert_eq!(both, in_either);
    assert_ne!(merged, only_first);
    // named-graph-uri limits what GRAPH ?g sees
    let graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }";
    assert!(n(&get(&query_uri(graphs), &[])) >= documents.len());
    let one = n(&get(
        &format!("{}&named-graph-uri={}", query_uri(graphs), encode(&first)),
        &[],
    ));
    assert_eq!(one, 1);
    let bad = get(
        &format!("{}&default-graph-uri=not%20an%20iri", query_uri(count)),
        &[],
    );
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.text().contains("default-graph-uri"), "{}", bad.text());
}

#[test]
fn a_get_without_a_query_describes_the_service() {
    let a = get("/sparql", &[("host", "127.0.0.1:7878")]);
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), "text/turtle");
    let quads = triples(&a.body, RdfFormat::Turtle);
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    let has = |p: &str, o: &str| {
        quads
            .iter()
            .any(|q| q.predicate.as_str() == p && q.object.to_string() == o)
    };
    assert!(has(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        &format!("<{sd}Service>")
    ));
    assert!(has(
        &format!("{sd}endpoint"),
        "<http://127.0.0.1:7878/sparql>"
    ));
    assert!(has(
        &format!("{sd}resultFormat"),
        "<http://www.w3.org/ns/formats/SPARQL_Results_CSV>"
    ));
    let xml = get("/sparql", &[("accept", "application/rdf+xml")]);
    assert_eq!(xml.header("content-type"), "application/rdf+xml");
    assert_eq!(triples(&xml.body, RdfFormat::RdfXml).len(), quads.len());
}

// ---- the Graph Store Protocol, read side ----

#[test]
fn the_graph_store_gives_a_document_graph_the_default_graph_and_everything() {
    let documents = select("SELECT ?g WHERE { GRAPH ?g { ?g ctkg:fileName ?f } } ORDER BY ?g");
    let graph = value(&documents[0], "g");
    let in_graph: usize = value(
        &select(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        ))[0],
        "n",
    )
    .parse()
    .unwrap();
    let a = get(&format!("/store?graph={}", encode(&graph)), &[]);
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    assert_eq!(a.header("content-type"), "text/turtle");
    assert_eq!(triples(&a.body, RdfFormat::Turtle).len(), in_graph);
    let nt = get(
        &format!("/store?graph={}", encode(&graph)),
        &[("accept", "application/n-triples")],
    );
    assert_eq!(triples(&nt.body, RdfFormat::NTriples).len(), in_graph);
    let head = call(
        corpus_state(),
        "HEAD",
        &format!("/store?graph={}", encode(&graph)),
        &[],
        b"",
    );
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-type"), "text/turtle");
    let merged: usize = value(
        &select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0],
        "n",
    )
    .parse()
    .unwrap();
    let default = get("/store?default", &[("accept", "application/n-triples")]);
    assert_eq!(triples(&default.body, RdfFormat::NTriples).len(), merged);
    let everything = get("/store", &[]);
    assert_eq!(everything.header("content-type"), "application/n-quads");
    let quads = triples(&everything.body, RdfFormat::NQuads);
    assert!(quads.len() > merged);
    assert!(
        quads
            .iter()
            .any(|q| q.graph_name == GraphName::NamedNode(NamedNode::new(&graph).unwrap()))
    );
    let missing = get("/store?graph=https%3A%2F%2Fexample.org%2Fnone", &[]);
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    for method in ["PUT", "POST", "DELETE"] {
        let w = call(
            corpus_state(),
            method,
            "/store?default",
            &[],
            b"<a:b> <a:c> <a:d> .",
        );
        assert_eq!(w.status, StatusCode::FORBIDDEN, "{method}");
        assert!(w.text().contains("ctkg build"), "{}", w.text());
    }
}

// ---- bad input ----

#[test]
fn bad_requests_get_the_status_that_says_why() {
    let syntax = get(&query_uri("SELECT ?s WHERE { ?s ?p }"), &[]);
    assert_eq!(syntax.status, StatusCode::BAD_REQUEST);
    assert!(
        syntax.text().contains("syntax error") && syntax.text().contains("1:"),
        "the parser's message and position: {}",
        syntax.text()
    );
    let update = call(
        corpus_state(),
        "POST",
        "/sparql",
        &[("content-type", "application/x-www-form-urlencoded")],
        b"update=INSERT%20DATA%20%7B%20%3Ca%3Ab%3E%20%3Ca%3Ac%3E%20%3Ca%3Ad%3E%20%7D",
    );
    assert_eq!(update.status, StatusCode::FORBIDDEN);
    assert!(
        update.text().contains("built with `ctkg build`"),
        "{}",
        update.text()
    );
    let update_body = call(
        corpus_state(),
        "POST",
        "/sparql",
        &[("content-type", "application/sparql-update")],
        b"CLEAR ALL",
    );
    assert_eq!(update_body.status, StatusCode::FORBIDDEN);
    // an update sent as a query is refused as an update, not a syntax error
    let as_query = get(&query_uri("DELETE WHERE { ?s ?p ?o }"), &[]);
    assert_eq!(as_query.status, StatusCode::FORBIDDEN);
    assert_eq!(
        call(
            corpus_state(),
            "POST",
            "/update",
            &[],
            b"update=CLEAR%20ALL"
        )
        .status,
        StatusCode::FORBIDDEN
    );
    let delete = call(corpus_state(), "DELETE", "/sparql", &[], b"");
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(delete.header("allow"), "GET, HEAD, POST");
    let put_page = call(corpus_state(), "PUT", "/id/state/IND", &[], b"");
    assert_eq!(put_page.status, StatusCode::METHOD_NOT_ALLOWED);
    let media = call(
        corpus_state(),
        "POST",
        "/sparql",
        &[("content-type", "application/json")],
        b"{}",
    );
    assert_eq!(media.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let two = get(&format!("{}&query=ASK%7B%7D", query_uri("ASK {}")), &[]);
    assert_eq!(two.status, StatusCode::BAD_REQUEST);
    let big = vec![b'#'; ctkg::server::DEFAULT_MAX_BODY + 1];
    let too_large = call(
        corpus_state(),
        "POST",
        "/sparql",
        &[("content-type", "application/sparql-query")],
        &big,
    );
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(get("/nothing/here", &[]).status, StatusCode::NOT_FOUND);
    // none of it changed how the next request is answered
    assert_eq!(labels_of(&get(&query_uri(STATES), &[])), state_labels());
}

/// An in-memory store with `n` triples in one document graph, for queries
/// that take as long as a test needs.
fn store_of(n: usize) -> Store {
    let store = Store::in_memory().unwrap();
    let graph = "https://example.org/g";
    let quads: Vec<Quad> = (0..n)
        .map(|i| {
            Quad::new(
                NamedNode::new_unchecked(format!("https://example.org/s{i}")),
                NamedNode::new_unchecked("https://example.org/p"),
                Literal::from(i as i64),
                GraphName::NamedNode(NamedNode::new_unchecked(graph)),
            )
        })
        .collect();
    store.replace_graph(graph, &quads, &[]).unwrap();
    store
}

/// Minutes of work: a billion rows to count.
const SLOW: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

#[test]
fn a_query_past_the_timeout_gets_503_and_the_next_is_answered() {
    let state = Arc::new(AppState::new(
        Arc::new(store_of(1000)),
        BASE.into(),
        Options {
            timeout: Some(Duration::from_millis(300)),
            max_running: 1,
            ..Options::default()
        },
    ));
    let slow = call(&state, "GET", &query_uri(SLOW), &[], b"");
    assert_eq!(slow.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        slow.text().contains("stopped after 0.3 s"),
        "{}",
        slow.text()
    );
    // the one evaluation slot is free again at once
    let next = call(&state, "GET", &query_uri("ASK { ?s ?p 5 }"), &[], b"");
    assert_eq!(next.status, StatusCode::OK);
    assert_eq!(next.json()["boolean"], true);
}

#[test]
fn past_the_running_and_waiting_bound_a_query_gets_503_with_retry_after() {
    let state = Arc::new(AppState::new(
        Arc::new(store_of(1000)),
        BASE.into(),
        Options {
            timeout: Some(Duration::from_secs(3)),
            max_running: 1,
            max_waiting: 0,
            ..Options::default()
        },
    ));
    let busy = runtime().block_on(async {
        let running = tokio::spawn({
            let state = state.clone();
            async move { call_async(&state, "GET", &query_uri(SLOW), &[], vec![]).await }
        });
        tokio::time::sleep(Duration::from_millis(300)).await;
        let refused = call_async(&state, "GET", &query_uri("ASK {}"), &[], vec![]).await;
        let slow = running.await.unwrap();
        (refused, slow)
    });
    let (refused, slow) = busy;
    assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(refused.header("retry-after"), "1");
    assert_eq!(slow.status, StatusCode::SERVICE_UNAVAILABLE, "timed out");
    let after = call(&state, "GET", &query_uri("ASK {}"), &[], b"");
    assert_eq!(after.status, StatusCode::OK);
}

#[test]
fn slow_and_large_answers_leave_the_quick_path_whole() {
    let state = Arc::new(AppState::new(
        Arc::new(store_of(20_000)),
        BASE.into(),
        Options {
            timeout: Some(Duration::from_secs(120)),
            ..Options::default()
        },
    ));
    // more than the quick path holds: streamed from the blocking pool
    let all = call(
        &state,
        "GET",
        &query_uri("SELECT ?s ?o WHERE { ?s ?p ?o }"),
        &[],
        b"",
    );
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.body.len() > 256 * 1024, "{}", all.body.len());
    assert_eq!(all.bindings().len(), 20_000);
    // longer than the quick path's time: evaluated again, answered once
    let pairs =
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(?c < 1000 && ?f < 1000) }";
    let counted = call(&state, "GET", &query_uri(pairs), &[], b"");
    assert_eq!(counted.status, StatusCode::OK, "{}", counted.text());
    assert_eq!(value(&counted.bindings()[0], "n"), "1000000");
}

// ---- pages ----

#[test]
fn an_entity_page_shows_facts_links_sentences_and_a_picture() {
    let let_iri = format!("{BASE}group/lashkar-e-taiba");
    let sentences: Vec<String> = select(&format!(
        "SELECT DISTINCT ?sentence WHERE {{ GRAPH ?g {{ ?m itsrdf:taIdentRef <{let_iri}> ; nif:sentence/nif:anchorOf ?sentence }} }}"
    ))
    .iter()
    .map(|r| value(r, "sentence"))
    .collect();
    assert!(!sentences.is_empty());
    let meetings: Vec<String> = select(&format!(
        "SELECT DISTINCT ?m WHERE {{ ?m ctkg:callsForActionAgainst <{let_iri}> }}"
    ))
    .iter()
    .map(|r| value(r, "m"))
    .collect();
    assert!(!meetings.is_empty());
    let page = get(
        "/id/group/lashkar-e-taiba",
        &[(
            "accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        )],
    );
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    let html = page.text();
    assert!(html.contains("<h1>Lashkar-e-Taiba</h1>"), "{html}");
    assert!(html.contains("Terrorist group"), "the type's label");
    assert!(html.contains("LeT"), "another name");
    // the sentences, with the quoted words marked
    let plain = strip_tags(&html);
    for s in &sentences {
        assert!(plain.contains(s.as_str()), "sentence missing: {s}");
    }
    assert!(html.contains("<mark>LeT</mark>"), "{html}");
    // facts pointing here link to their own pages, also in the picture
    for m in &meetings {
        let local = m.replace(BASE, "/id/");
        assert!(html.contains(&format!("href=\"{local}\"")), "{local}");
    }
    assert!(html.contains("<svg"));
    assert!(html.contains("calls for action against"));
    // each fact is shown with the sentence it was read from and its rule
    let read = select(&format!(
        "SELECT DISTINCT ?sentence ?rule WHERE {{ GRAPH ?g {{ ?e rdf:object <{let_iri}> ; rdf:predicate ctkg:callsForActionAgainst ; ctkg:rule ?rule ; prov:wasDerivedFrom/nif:anchorOf ?sentence }} }}"
    ));
    assert!(!read.is_empty(), "the store records fact evidence");
    for r in &read {
        assert!(plain.contains(value(r, "sentence").as_str()));
        assert!(
            html.contains(&format!("(rule <code>{}</code>)", value(r, "rule"))),
            "{}",
            value(r, "rule")
        );
    }
    assert!(plain.contains("read as: "), "{plain}");
    // a document page lists what was read from it
    let doc = get("/id/doc/001-1cbb059710c4dd52-txt", &[]);
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.text().contains("001_1cbb059710c4dd52.txt"));
    assert_eq!(
        get("/id/group/no-such-group", &[]).status,
        StatusCode::NOT_FOUND
    );
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[test]
fn an_entity_is_data_for_rdf_clients() {
    let iri = format!("{BASE}state/IND");
    let turtle = get("/id/state/IND", &[("accept", "text/turtle")]);
    assert_eq!(turtle.status, StatusCode::OK);
    assert_eq!(turtle.header("content-type"), "text/turtle");
    assert_eq!(turtle.header("vary"), "Accept");
    let quads = triples(&turtle.body, RdfFormat::Turtle);
    assert!(
        quads
            .iter()
            .any(|q| q.subject.to_string() == format!("<{iri}>")
                && q.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#label"
                && q.object.to_string() == "\"India\"")
    );
    assert!(
        quads
            .iter()
            .any(|q| q.object.to_string() == format!("<{iri}>")),
        "facts pointing at it"
    );
    let jsonld = get("/id/state/IND", &[("accept", "application/ld+json")]);
    assert_eq!(jsonld.header("content-type"), "application/ld+json");
    let parsed = triples(
        &jsonld.body,
        RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        },
    );
    assert_eq!(parsed.len(), quads.len());
    let by_param = get("/id/state/IND?format=nt", &[]);
    assert_eq!(by_param.header("content-type"), "application/n-triples");
    let unknown = get("/id/state/XXX", &[("accept", "text/turtle")]);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[test]
fn every_text_on_a_page_is_escaped() {
    let store = Store::in_memory().unwrap();
    let graph = format!("{BASE}doc/evil-txt");
    let g = GraphName::NamedNode(NamedNode::new(&graph).unwrap());
    let evil = NamedNode::new(format!("{BASE}group/evil")).unwrap();
    let other = NamedNode::new(format!("{BASE}state/XYZ")).unwrap();
    let label = NamedNode::new("http://www.w3.org/2000/01/rdf-schema#label").unwrap();
    let quads = vec![
        Quad::new(
            evil.clone(),
            label.clone(),
            Literal::new_simple_literal("<script>alert('label')</script>"),
            g.clone(),
        ),
        Quad::new(
            other.clone(),
            label,
            Literal::new_simple_literal("\"><img src=x onerror=alert(1)>"),
            g.clone(),
        ),
        Quad::new(
            other,
            ctkg::vocab::ctkg("condemns"),
            evil.clone(),
            g.clone(),
        ),
    ];
    store.replace_graph(&graph, &quads, &[]).unwrap();
    let state = Arc::new(AppState::new(
        Arc::new(store),
        BASE.into(),
        Options::default(),
    ));
    let page = call(&state, "GET", "/id/group/evil", &[], b"");
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert('label')&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
}

#[test]
fn the_query_page_bundles_yasgui_and_offers_the_named_queries() {
    let page = get("/", &[]);
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for q in ctkg::query::named_queries() {
        assert!(
            html.contains(&format!("data-name=\"{}\"", q.name)),
            "{}",
            q.name
        );
    }
    for asset in [
        "/assets/yasgui.min.js",
        "/assets/yasgui.min.css",
        "/assets/page.js",
    ] {
        assert!(html.contains(asset), "{asset}");
        let a = get(asset, &[]);
        assert_eq!(a.status, StatusCode::OK, "{asset}");
        let vendored = std::fs::read(root().join("src/server").join(&asset[1..])).unwrap();
        assert_eq!(a.body, vendored, "{asset} is served as vendored");
    }
    // nothing on the page loads from elsewhere
    assert!(!html.contains("src=\"http"), "{html}");
    assert!(!html.contains("href=\"http"), "{html}");
    // the named queries are in a JSON block no text can close
    assert_eq!(html.matches("</script>").count(), 4);
    let licence = get("/assets/YASGUI-LICENSE", &[]);
    assert!(licence.text().contains("MIT License"));
}

#[test]
fn health_cors_and_options() {
    let health = get("/health", &[]);
    assert_eq!(health.status, StatusCode::OK);
    assert_eq!(health.text(), "ok\n");
    let plain = get(&query_uri("ASK {}"), &[("origin", "https://example.org")]);
    assert_eq!(plain.header("access-control-allow-origin"), "");
    let cors_state = Arc::new(AppState::new(
        corpus_state().store().clone(),
        BASE.into(),
        Options {
            cors: true,
            ..Options::default()
        },
    ));
    let with = call(&cors_state, "GET", &query_uri("ASK {}"), &[], b"");
    assert_eq!(with.header("access-control-allow-origin"), "*");
    let preflight = call(&cors_state, "OPTIONS", "/sparql", &[], b"");
    assert_eq!(preflight.status, StatusCode::NO_CONTENT);
    assert!(
        preflight
            .header("access-control-allow-methods")
            .contains("POST")
    );
}

// ---- a running `ctkg serve`, with real clients ----

/// A `ctkg serve` on a free port; stopped when dropped.
struct Server {
    child: Child,
    url: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(store: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ctkg"))
            .args([
                "serve",
                "--store",
                store.to_str().unwrap(),
                "--bind",
                "127.0.0.1:0",
            ])
            .args(extra)
            .current_dir(root())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ctkg serve starts");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if let Some(url) = line
                        .split(" at ")
                        .nth(1)
                        .and_then(|rest| rest.split_whitespace().next())
                    {
                        let _ = tx.send(url.trim_end_matches('/').to_string());
                    }
                    log.lock().unwrap().push(line);
                }
            });
        }
        let url = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("ctkg serve did not start: {:?}", log.lock().unwrap()));
        Server { child, url, log }
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// curl: status code and body.
fn curl(args: &[&str]) -> (u16, String) {
    let o = Command::new("curl")
        .args(["-s", "-w", "\n%{http_code}"])
        .args(args)
        .output()
        .expect("curl runs (scripts/setup-server installs it)");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", "0"));
    (code.trim().parse().unwrap_or(0), body.to_string())
}

#[test]
fn curl_against_a_running_server() {
    let server = Server::start(corpus_store(), &[]);
    let endpoint = format!("{}/sparql", server.url);
    let (code, body) = curl(&[
        "-H",
        "Accept: text/csv",
        "--data-urlencode",
        &format!("query={STATES}"),
        &endpoint,
    ]);
    assert_eq!(code, 200, "{body}");
    assert_eq!(body.lines().skip(1).collect::<Vec<_>>(), state_labels());
    let (code, body) = curl(&[
        "-H",
        "Content-Type: application/sparql-query",
        "--data-binary",
        "SELECT ?s WHERE {",
        &endpoint,
    ]);
    assert_eq!(code, 400);
    assert!(body.contains("syntax error"), "{body}");
    let (code, _) = curl(&["-X", "DELETE", &endpoint]);
    assert_eq!(code, 405);
    let (code, body) = curl(&[
        "-H",
        "Accept: text/turtle",
        &format!("{}/id/state/FRA", server.url),
    ]);
    assert_eq!(code, 200);
    assert!(body.contains("\"France\""), "{body}");
    let (code, _) = curl(&[&format!("{}/health", server.url)]);
    assert_eq!(code, 200);
    // a build cannot take the store while the server reads it, and says why
    let refused = ctkg(&[
        "build",
        "corpus",
        "--store",
        corpus_store().to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("ctkg serve"),
        "the refusal names the server: {}",
        stderr(&refused)
    );
    // one line per request: method, path, status, milliseconds (written
    // every few milliseconds: wait a little for the last of them)
    let expected = [
        "POST /sparql 200",
        "POST /sparql 400",
        "DELETE /sparql 405",
        "GET /health 200",
    ];
    let mut log = server.log();
    for _ in 0..50 {
        if expected.iter().all(|e| log.iter().any(|l| l.contains(e))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        log = server.log();
    }
    for expected in expected {
        assert!(
            log.iter()
                .any(|l| l.contains(expected) && l.ends_with(" ms")),
            "{expected}: {log:?}"
        );
    }
}

#[test]
fn sparqlwrapper_and_rdflib_read_the_endpoint() {
    let server = Server::start(corpus_store(), &[]);
    let o = Command::new("python3")
        .arg(root().join("tests/server/clients.py"))
        .arg(format!("{}/sparql", server.url))
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "the clients failed (scripts/setup-server installs them): {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let labels = serde_json::json!(state_labels());
    for client in ["json", "xml", "csv", "rdflib_select"] {
        assert_eq!(read[client], labels, "{client}");
    }
    assert_eq!(read["ask"], true);
    let construct = select("SELECT ?m ?p ?o WHERE { ?m a ctkg:Meeting ; ?p ?o }").len();
    assert_eq!(read["construct_triples"], construct);
    assert_eq!(read["rdflib_construct_triples"], construct);
    let merged = value(
        &select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0],
        "n",
    );
    assert_eq!(read["rdflib_len"].to_string(), merged);
}

/// A copy of the sample corpus whose manifest gives one statement a title
/// that is a script.
fn corpus_with_a_script_title(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(crate::helpers::corpus()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, corpus.join(path.file_name().unwrap())).unwrap();
    }
    let manifest = std::fs::read_to_string(corpus.join("manifest.csv")).unwrap();
    let mut lines: Vec<String> = manifest.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let title = header
        .iter()
        .position(|h| *h == "title")
        .expect("a title column");
    let mut row: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(lines[1].as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    row[title] = "<script>window.__ctkgXss = true</script> Joint Statement".into();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&row).unwrap();
    lines[1] = String::from_utf8(writer.into_inner().unwrap())
        .unwrap()
        .trim_end()
        .to_string();
    std::fs::write(corpus.join("manifest.csv"), lines.join("\n") + "\n").unwrap();
    corpus
}

#[test]
fn chromium_runs_a_named_query_and_opens_an_entity_page() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_with_a_script_title(dir.path());
    let store = dir.path().join("store");
    ok(ctkg(&[
        "build",
        corpus.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]));
    let server = Server::start(&store, &[]);
    let run = |query: &str, link: &str| -> serde_json::Value {
        let o = Command::new("node")
            .arg(root().join("tests/js/page.mjs"))
            .arg(format!("{}/", server.url))
            .arg(query)
            .arg(link)
            .output()
            .expect("node runs");
        assert!(
            o.status.success(),
            "the browser run failed (scripts/setup installs playwright-core in tests/js, scripts/setup-server chromium): {}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let seen = run("entities", "/id/group/lashkar-e-taiba");
    assert_eq!(
        seen["foreign"],
        serde_json::json!([]),
        "nothing fetched from elsewhere"
    );
    assert_eq!(seen["consoleErrors"], serde_json::json!([]));
    let examples: Vec<String> = serde_json::from_value(seen["examples"].clone()).unwrap();
    assert_eq!(examples.len(), ctkg::query::named_queries().len());
    let rows = seen["rows"].as_array().unwrap();
    let entities = select(
        "SELECT DISTINCT ?e WHERE { ?e a ?c ; rdfs:label ?l ; ctkg:source ?d FILTER(STRSTARTS(STR(?c), STR(ctkg:)) && ?c NOT IN (ctkg:Document, ctkg:Mention)) }",
    );
    assert_eq!(
        rows.len().min(50),
        entities.len().min(50),
        "the table shows the results"
    );
    assert!(seen["headers"].to_string().contains("entity"));
    assert!(seen["rows"].to_string().contains("Lashkar-e-Taiba"));
    let formats: Vec<String> = seen["downloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["format"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(formats, ["json", "xml", "csv", "tsv"]);
    // the entity page, reached by clicking the result's link
    assert_eq!(seen["linkFound"], true, "{seen}");
    assert_eq!(seen["entityTitle"], "Lashkar-e-Taiba");
    let sentence = value(
        &select(
            "SELECT ?s WHERE { GRAPH ?g { ?m itsrdf:taIdentRef id:group\\/lashkar-e-taiba ; nif:sentence/nif:anchorOf ?s } } LIMIT 1",
        )[0],
        "s",
    );
    assert!(
        seen["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|q| q.as_str().map(str::trim) == Some(sentence.trim())),
        "the quoted sentence {sentence:?} is on the page: {}",
        seen["quotes"]
    );
    assert!(seen["svgLinks"].to_string().contains("/id/meeting/"));
    // a title that is a script shows as text in the results table
    let docs = run("documents", "/id/none");
    assert_eq!(docs["xss"], false);
    assert!(
        docs["rows"]
            .to_string()
            .contains("<script>window.__ctkgXss = true</script>"),
        "{}",
        docs["rows"]
    );
}

#[test]
fn a_running_server_cuts_a_long_query_and_keeps_answering() {
    let server = Server::start(corpus_store(), &["--timeout", "2"]);
    let endpoint = format!("{}/sparql", server.url);
    let slow = {
        let endpoint = endpoint.clone();
        std::thread::spawn(move || {
            let answer = curl(&["--data-urlencode", &format!("query={SLOW}"), &endpoint]);
            (answer, Instant::now())
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    // answered while the long query still runs
    let (code, body) = curl(&[
        "--data-urlencode",
        "query=ASK { ?s a ctkg:State }",
        &endpoint,
    ]);
    let answered = Instant::now();
    assert_eq!(code, 200, "{body}");
    let ((slow_code, slow_body), slow_done) = slow.join().unwrap();
    assert!(
        answered < slow_done,
        "the simple query did not wait for the long one"
    );
    assert_eq!(slow_code, 503, "{slow_body}");
    assert!(slow_body.contains("stopped after 2 s"), "{slow_body}");
    let (code, _) = curl(&["--data-urlencode", "query=ASK {}", &endpoint]);
    assert_eq!(code, 200);
}

#[test]
fn bad_input_during_a_load_affects_no_other_request() {
    let server = Server::start(corpus_store(), &["--timeout", "1", "--max-body", "10000"]);
    let endpoint = format!("{}/sparql", server.url);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load: Vec<_> = (0..4)
        .map(|_| {
            let endpoint = endpoint.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                // bounded: at most 200 requests a thread
                for _ in 0..200 {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    codes
                        .push(curl(&["--data-urlencode", &format!("query={STATES}"), &endpoint]).0);
                }
                codes
            })
        })
        .collect();
    let big = "#".repeat(20_000);
    let slow = format!("query={SLOW}");
    let bad: Vec<(Vec<&str>, u16)> = vec![
        (vec!["--data-urlencode", "query=SELECT ?s WHERE {"], 400),
        (vec!["-X", "PATCH"], 405),
        (
            vec![
                "-H",
                "Content-Type: application/sparql-query",
                "--data-binary",
                &big,
            ],
            413,
        ),
        (vec!["--data-urlencode", &slow], 503),
        (vec!["--data-urlencode", "update=CLEAR ALL"], 403),
        (
            vec![
                "-H",
                "Accept: image/png",
                "--data-urlencode",
                "query=ASK {}",
            ],
            406,
        ),
    ];
    for (args, expected) in &bad {
        let mut all = args.clone();
        all.push(&endpoint);
        let (code, body) = curl(&all);
        assert_eq!(code, *expected, "{args:?}: {body}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let codes: Vec<u16> = load.into_iter().flat_map(|t| t.join().unwrap()).collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| *c == 200), "{codes:?}");
    let (code, _) = curl(&[&format!("{}/health", server.url)]);
    assert_eq!(code, 200, "still up");
}

#[test]
fn watch_rebuilds_when_statements_change_and_answers_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("statements");
    std::fs::create_dir_all(&corpus).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(crate::helpers::corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    for f in &files[..2] {
        std::fs::copy(f, corpus.join(f.file_name().unwrap())).unwrap();
    }
    let store = dir.path().join("store");
    let server = Server::start(&store, &["--watch", corpus.to_str().unwrap()]);
    let endpoint = format!("{}/sparql", server.url);
    let documents = || -> Option<usize> {
        let (code, body) = curl(&[
            "-H",
            "Accept: text/csv",
            "--data-urlencode",
            "query=SELECT (COUNT(*) AS ?n) WHERE { ?d a ctkg:Document }",
            &endpoint,
        ]);
        assert_eq!(code, 200, "{body}");
        body.lines().nth(1).and_then(|n| n.trim().parse().ok())
    };
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            let now = documents();
            seen.push(now);
            if now == Some(n) {
                return seen;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("never {n} documents: {seen:?}; {:?}", server.log());
    };
    wait_for(2);
    // while it writes, every query is answered, from a committed state
    for f in &files[2..] {
        std::fs::copy(f, corpus.join(f.file_name().unwrap())).unwrap();
    }
    let seen = wait_for(files.len());
    assert!(
        seen.iter()
            .all(|n| n.is_some_and(|n| (2..=files.len()).contains(&n))),
        "{seen:?}"
    );
    // a build cannot take the store the server writes
    let refused = ctkg(&[
        "build",
        corpus.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]);
    assert!(
        stderr(&refused).contains("ctkg serve"),
        "{}",
        stderr(&refused)
    );
    assert!(
        server.log().iter().any(|l| l.contains("watch: rebuilt")),
        "{:?}",
        server.log()
    );
}
