//! The page at `/` for people: YASGUI (vendored from npm by
//! scripts/vendor-yasgui and compiled into the binary: nothing is fetched
//! at run time), the named queries of `queries/` as one-click examples,
//! and links to download the current query's results in each format.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, Response, StatusCode, header};
use maud::{DOCTYPE, PreEscaped, html};

use super::{AppState, method_not_allowed, text};
use crate::query::named_queries;

const YASGUI_JS: &[u8] = include_bytes!("assets/yasgui.min.js");
const YASGUI_CSS: &[u8] = include_bytes!("assets/yasgui.min.css");
const YASGUI_LICENSE: &[u8] = include_bytes!("assets/YASGUI-LICENSE");
const PAGE_JS: &[u8] = include_bytes!("assets/page.js");

pub(super) fn handle(state: &Arc<AppState>, request: Request<Bytes>) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return method_not_allowed("GET, HEAD");
    }
    let asset = |bytes: &'static [u8], media_type: &'static str| {
        Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, media_type)
            .header(header::CACHE_CONTROL, "public, max-age=3600")
            .body(Body::from(Bytes::from_static(bytes)))
            .expect("a valid response")
    };
    match request.uri().path() {
        "/" => page(&state.base),
        "/assets/yasgui.min.js" => asset(YASGUI_JS, "text/javascript; charset=utf-8"),
        "/assets/yasgui.min.css" => asset(YASGUI_CSS, "text/css; charset=utf-8"),
        "/assets/YASGUI-LICENSE" => asset(YASGUI_LICENSE, "text/plain; charset=utf-8"),
        "/assets/page.js" => asset(PAGE_JS, "text/javascript; charset=utf-8"),
        other => text(StatusCode::NOT_FOUND, &format!("no asset {other}\n")),
    }
}

/// JSON for a `<script type="application/json">` block: `<` is escaped so
/// no text can close the element.
fn script_json(value: &serde_json::Value) -> String {
    value
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn page(base: &str) -> Response<Body> {
    let queries: Vec<serde_json::Value> = named_queries()
        .iter()
        .map(|q| {
            serde_json::json!({
                "name": q.name,
                "description": q.description,
                "query": q.example_text(),
            })
        })
        .collect();
    let config = serde_json::json!({ "base": base, "endpoint": "/sparql" });
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // no icon: a browser would ask for /favicon.ico
                link rel="icon" href="data:,";
                title { "ctkg — SPARQL" }
                link rel="stylesheet" href="/assets/yasgui.min.css";
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "ctkg" }
                    p {
                        "Counter-terrorism cooperation as a knowledge graph. Ask it in SPARQL below, or point a client at "
                        code { "/sparql" } " (SPARQL 1.1 Protocol). Every resource has a page: click an IRI in the results."
                    }
                }
                section #examples {
                    h2 { "Named queries" }
                    ul {
                        @for q in &queries {
                            li {
                                button type="button" class="example" data-name=(q["name"].as_str().unwrap_or_default()) {
                                    (q["name"].as_str().unwrap_or_default())
                                }
                                " " span.description { (q["description"].as_str().unwrap_or_default()) }
                            }
                        }
                    }
                }
                section #downloads {
                    "Download the results of this tab's query: "
                    span #download-links {}
                }
                div #yasgui {}
                footer {
                    "The query editor is YASGUI ("
                    a href="/assets/YASGUI-LICENSE" { "MIT licence" }
                    "), served by this program; nothing is fetched from elsewhere."
                }
                script type="application/json" #ctkg-queries { (PreEscaped(script_json(&serde_json::Value::Array(queries.clone())))) }
                script type="application/json" #ctkg-config { (PreEscaped(script_json(&config))) }
                script src="/assets/yasgui.min.js" {}
                script src="/assets/page.js" {}
            }
        }
    };
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(markup.into_string()))
        .expect("a valid response")
}

const STYLE: &str = "
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 80rem; padding: .5rem 1.5rem; color: #1d2330; }
h1 { margin: .3rem 0 0; } h2 { font-size: 1.05rem; margin: .6rem 0 .3rem; }
#examples ul { list-style: none; padding: 0; margin: 0; columns: 2 28rem; }
#examples li { margin: .15rem 0; } .description { color: #555; font-size: 90%; }
button.example { font: inherit; font-size: 90%; cursor: pointer; border: 1px solid #8aa4d6; background: #f6f8fc; border-radius: 4px; padding: .05rem .45rem; }
#downloads { margin: .6rem 0; font-size: 90%; } #download-links a { margin-right: .6rem; }
footer { margin: 1rem 0; color: #777; font-size: 85%; }
";
