//! Linked Data: every resource under the store's base dereferences here.
//! `/id/KEY` is `<base>KEY`; a browser gets a page (names, types, facts
//! both ways as links, a picture of the neighbourhood, the documents and
//! quoted sentences it was read from), an RDF client Turtle, JSON-LD,
//! N-Triples or RDF/XML by Accept. Every text on the page is escaped
//! (maud escapes whatever it is given).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, Response, StatusCode, header};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::body::{Streamed, stream, varies_by_accept};
use super::negotiate::{self, Representation};
use super::sparql::error_response;
use super::{AppState, busy, method_not_allowed, text};
use crate::query::{self, EntityView, Evidence, Fact, Format, QueryError, Resource, Value};

const OFFERED: [Representation; 5] = [
    Representation::Html,
    Representation::Data(Format::Turtle),
    Representation::Data(Format::JsonLd),
    Representation::Data(Format::NTriples),
    Representation::Data(Format::RdfXml),
];

pub(super) async fn handle(state: &Arc<AppState>, request: Request<Bytes>) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return method_not_allowed("GET, HEAD");
    }
    let key = request.uri().path().trim_start_matches("/id/");
    let iri = format!("{}{key}", state.base);
    let format_param = form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.into_owned());
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let representation = match negotiate::choose(&OFFERED, accept, format_param.as_deref()) {
        Ok(r) => r,
        Err(e) => return text(StatusCode::NOT_ACCEPTABLE, &format!("{}\n", e.message)),
    };
    let Some(ticket) = state.gate.enter().await else {
        return busy();
    };
    let store = state.store.clone();
    let timeout = state.options.timeout;
    let base = state.base.clone();
    let not_found = || {
        text(
            StatusCode::NOT_FOUND,
            &format!("the store knows nothing of <{iri}>\n"),
        )
    };
    let streamed = match representation {
        Representation::Html => {
            let iri = iri.clone();
            stream(
                ticket,
                StatusCode::OK,
                representation.media_type(),
                move |out| match query::describe_entity(&store, &iri, timeout)? {
                    Some(view) => out
                        .write_all(render(&view, &base).into_string().as_bytes())
                        .map_err(QueryError::Write),
                    None => Err(QueryError::UnknownName(iri.clone())),
                },
            )
            .await
        }
        Representation::Data(format) => {
            let iri = iri.clone();
            stream(ticket, StatusCode::OK, format.media_type(), move |out| {
                if !query::entity_exists(&store, &iri, timeout)? {
                    return Err(QueryError::UnknownName(iri.clone()));
                }
                query::entity_graph(&store, &iri, format, out, timeout).map(|_| ())
            })
            .await
        }
    };
    match streamed {
        Streamed::Body(response) => varies_by_accept(response),
        Streamed::Failed(QueryError::UnknownName(_)) => not_found(),
        Streamed::Failed(e) => error_response(&e),
    }
}

/// Where a resource's page is: here for IRIs under the base, else the IRI.
fn href(iri: &str, base: &str) -> String {
    match iri.strip_prefix(base) {
        Some(key) => format!("/id/{key}"),
        None => iri.to_string(),
    }
}

fn name(resource: &Resource) -> String {
    resource
        .label
        .clone()
        .unwrap_or_else(|| short(&resource.iri))
}

/// The last part of an IRI, for a resource without a label.
fn short(iri: &str) -> String {
    iri.rsplit(['#', '/'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri)
        .to_string()
}

fn link(resource: &Resource, base: &str) -> Markup {
    html! { a href=(href(&resource.iri, base)) title=(resource.iri) { (name(resource)) } }
}

fn value(v: &Value, base: &str) -> Markup {
    match v {
        Value::Resource(r) => link(r, base),
        Value::Literal {
            value,
            datatype,
            language,
        } => html! {
            span.literal title=[datatype.as_deref()] { (value) }
            @if let Some(l) = language { " " small { "@" (l) } }
        },
    }
}

/// A sentence with the words that name the resource marked (each at its
/// recorded place, or where it first stands).
fn sentence_with_quotes(sentence: &str, mentions: &[&Evidence]) -> Markup {
    let chars: Vec<char> = sentence.chars().collect();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for m in mentions {
        let len = m.quote.chars().count();
        let at = m
            .quote_at
            .filter(|&at| {
                chars
                    .get(at..at + len)
                    .is_some_and(|w| w.iter().copied().eq(m.quote.chars()))
            })
            .or_else(|| {
                sentence
                    .find(&m.quote)
                    .map(|byte| sentence[..byte].chars().count())
            });
        if let Some(at) = at.filter(|_| len > 0) {
            spans.push((at, at + len));
        }
    }
    spans.sort();
    spans.dedup();
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut pos = 0;
    for (start, end) in spans {
        if start < pos {
            continue;
        }
        parts.push((chars[pos..start].iter().collect(), false));
        parts.push((chars[start..end].iter().collect(), true));
        pos = end;
    }
    parts.push((chars[pos..].iter().collect(), false));
    html! { @for (text, marked) in &parts { @if *marked { mark { (text) } } @else { (text) } } }
}

const STYLE: &str = "
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 62rem; padding: 1rem 1.5rem; color: #1d2330; }
header a { color: #555; text-decoration: none; } h1 { margin: .3rem 0; } code { font-size: 85%; color: #555; }
.types a, .formats a { margin-right: .6rem; } table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
td, th { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid #e3e6ec; }
th { font-weight: 600; color: #555; width: 14rem; } blockquote { margin: .4rem 0 .8rem; padding: .3rem .8rem; border-left: 3px solid #8aa4d6; background: #f6f8fc; }
mark { background: #ffe9a8; } .doc { color: #555; font-size: 90%; } svg { max-width: 100%; height: auto; border: 1px solid #e3e6ec; border-radius: 6px; }
svg text { font: 11px system-ui, sans-serif; } svg a text { fill: #1b4aa0; }
";

/// The page of one resource.
pub fn render(view: &EntityView, base: &str) -> Markup {
    let title = view.label.clone().unwrap_or_else(|| short(&view.iri));
    let mut by_document: BTreeMap<(Option<String>, String), Vec<&Evidence>> = BTreeMap::new();
    for e in &view.evidence {
        by_document
            .entry((e.date.clone(), e.document.iri.clone()))
            .or_default()
            .push(e);
    }
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // no icon: a browser would ask for /favicon.ico
                link rel="icon" href="data:,";
                title { (title) " — ctkg" }
                link rel="alternate" type="text/turtle" href="?format=ttl";
                link rel="alternate" type="application/ld+json" href="?format=jsonld";
                style { (PreEscaped(STYLE)) }
            }
            body {
                header { a href="/" { "ctkg" } " · " a href="/sparql" { "SPARQL endpoint" } }
                h1 { (title) }
                p { code { (view.iri) } }
                @if !view.types.is_empty() {
                    p.types { "A " @for t in &view.types { span title=(t.iri) { (name(t)) } " " } }
                }
                @if !view.alt_labels.is_empty() {
                    p { "Also named: " (view.alt_labels.join(", ")) }
                }
                p.formats {
                    "As data: "
                    a href="?format=ttl" { "Turtle" }
                    a href="?format=jsonld" { "JSON-LD" }
                    a href="?format=nt" { "N-Triples" }
                    a href="?format=rdfxml" { "RDF/XML" }
                }
                (neighbourhood(view, base))
                @if !view.facts.is_empty() {
                    h2 { "Facts" }
                    table { @for f in &view.facts { tr { th { (link(&f.predicate, base)) } td { (value(&f.object, base)) } } } }
                }
                @if !view.incoming.is_empty() {
                    h2 { "Pointing here" }
                    table { @for f in &view.incoming { tr { td { (link(&f.subject, base)) } th { (link(&f.predicate, base)) } } } }
                    @if view.incoming_left_out > 0 {
                        p { (view.incoming_left_out) " more not shown; ask the SPARQL endpoint for all of them." }
                    }
                }
                @if !view.sources.is_empty() {
                    h2 { "Read from" }
                    ul { @for d in &view.sources { li { (link(d, base)) } } }
                }
                @if !by_document.is_empty() {
                    h2 { "Where the statements say so" }
                    @for ((date, _), items) in &by_document {
                        @let first = items[0];
                        p.doc {
                            (link(&first.document, base))
                            @if let Some(d) = date { " · " (d) }
                            @if let Some(t) = &first.title { " · " (t) }
                        }
                        @for (sentence, mentions) in by_sentence(items) {
                            blockquote.evidence {
                                span.sentence { (sentence_with_quotes(sentence, &mentions)) }
                                @for e in &mentions {
                                    @if let Some(f) = &e.fact {
                                        br;
                                        small.fact {
                                            "read as: " (link(&f.subject, base)) " " (link(&f.predicate, base)) " " (value(&f.object, base))
                                            @if let Some(rule) = &e.rule { " (rule " code { (rule) } ")" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A document's evidence by sentence, in the order first met.
fn by_sentence<'a>(items: &[&'a Evidence]) -> Vec<(&'a str, Vec<&'a Evidence>)> {
    let mut out: Vec<(&'a str, Vec<&'a Evidence>)> = Vec::new();
    for e in items {
        let sentence = e.sentence.as_deref().unwrap_or(&e.quote);
        match out.iter_mut().find(|(s, _)| *s == sentence) {
            Some((_, list)) => list.push(e),
            None => out.push((sentence, vec![e])),
        }
    }
    out
}

/// Neighbours of the resource: each with the predicates that link them
/// and whether the link points out.
struct Neighbour<'a> {
    resource: &'a Resource,
    predicates: Vec<String>,
    outgoing: bool,
}

const MAX_NEIGHBOURS: usize = 24;

/// A small picture of the resource and its neighbours, drawn on the
/// server as SVG (no script, nothing fetched).
fn neighbourhood(view: &EntityView, base: &str) -> Markup {
    let mut neighbours: Vec<Neighbour<'_>> = Vec::new();
    let facts: Vec<(&Fact, bool)> = view
        .facts
        .iter()
        .map(|f| (f, true))
        .chain(view.incoming.iter().map(|f| (f, false)))
        .collect();
    for (fact, outgoing) in facts {
        let other = if outgoing {
            match &fact.object {
                Value::Resource(r) => r,
                Value::Literal { .. } => continue,
            }
        } else {
            &fact.subject
        };
        let predicate = name(&fact.predicate);
        match neighbours.iter_mut().find(|n| n.resource.iri == other.iri) {
            Some(n) => {
                if !n.predicates.contains(&predicate) {
                    n.predicates.push(predicate);
                }
            }
            None => neighbours.push(Neighbour {
                resource: other,
                predicates: vec![predicate],
                outgoing,
            }),
        }
    }
    if neighbours.is_empty() {
        return html! {};
    }
    let left_out = neighbours.len().saturating_sub(MAX_NEIGHBOURS);
    neighbours.truncate(MAX_NEIGHBOURS);
    let (width, height) = (760.0_f64, 420.0_f64);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let (rx, ry) = (290.0_f64, 160.0_f64);
    let n = neighbours.len() as f64;
    let place = |i: usize| {
        let angle = -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * i as f64 / n;
        (cx + rx * angle.cos(), cy + ry * angle.sin())
    };
    let mut edges = String::new();
    for i in 0..neighbours.len() {
        let (x, y) = place(i);
        let _ = write!(
            edges,
            "<line x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#b8c2d6\"/>"
        );
    }
    html! {
        h2 { "Neighbourhood" }
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {width} {height}")) width=(width) height=(height) role="img" aria-label="the resource and its neighbours" {
            (PreEscaped(edges))
            @for (i, nb) in neighbours.iter().enumerate() {
                @let (x, y) = place(i);
                @let (mx, my) = ((x + cx) / 2.0, (y + cy) / 2.0);
                @let arrow = if nb.outgoing { "→ " } else { "← " };
                text x=(format!("{mx:.1}")) y=(format!("{my:.1}")) text-anchor="middle" fill="#7a8497" {
                    (arrow) (truncate(&nb.predicates.join(", "), 28))
                }
                a href=(href(&nb.resource.iri, base)) {
                    title { (name(nb.resource)) }
                    circle cx=(format!("{x:.1}")) cy=(format!("{y:.1}")) r="6" fill="#8aa4d6";
                    text x=(format!("{x:.1}")) y=(format!("{:.1}", y + 18.0)) text-anchor="middle" {
                        (truncate(&name(nb.resource), 32))
                    }
                }
            }
            circle cx=(cx) cy=(cy) r="10" fill="#1b4aa0";
            text x=(cx) y=(cy - 16.0) text-anchor="middle" font-weight="bold" {
                (truncate(&view.label.clone().unwrap_or_else(|| short(&view.iri)), 40))
            }
        }
        @if left_out > 0 { p { (left_out) " more neighbours not drawn." } }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max - 1).collect::<String>() + "…"
    }
}
