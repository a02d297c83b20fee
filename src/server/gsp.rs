//! The read side of the SPARQL 1.1 Graph Store HTTP Protocol at `/store`:
//! GET and HEAD `?graph=IRI` (one document's graph, or the ontology's),
//! `?default` (the merged default graph), and no parameter (every graph,
//! as N-Quads). Writes get 403.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Method, Request, Response, StatusCode, header};

use super::body::{Streamed, stream, varies_by_accept};
use super::negotiate::{self, Representation};
use super::{AppState, busy, method_not_allowed, read_only, text};
use crate::query::{Format, QueryKind, graph_serializer};
use crate::store::GraphTarget;

enum Target {
    Default,
    Named(String),
    Everything,
}

pub(super) async fn handle(state: &Arc<AppState>, request: Request<Bytes>) -> Response<Body> {
    match *request.method() {
        Method::GET | Method::HEAD => {}
        Method::PUT | Method::POST | Method::DELETE | Method::PATCH => {
            return read_only(request.method());
        }
        _ => return method_not_allowed("GET, HEAD"),
    }
    let mut graph = None;
    let mut default = false;
    let mut format_param = None;
    let mut unknown = Vec::new();
    for (key, value) in form_urlencoded::parse(request.uri().query().unwrap_or_default().as_bytes())
    {
        match key.as_ref() {
            "graph" => graph = Some(value.into_owned()),
            "default" => default = true,
            "format" => format_param = Some(value.into_owned()),
            other => unknown.push(other.to_string()),
        }
    }
    let target = match (graph, default) {
        (Some(_), true) => {
            return text(
                StatusCode::BAD_REQUEST,
                "give ?graph=IRI or ?default, not both\n",
            );
        }
        (Some(iri), false) => Target::Named(iri),
        (None, true) => Target::Default,
        (None, false) if unknown.is_empty() => Target::Everything,
        (None, false) => {
            return text(
                StatusCode::BAD_REQUEST,
                &format!(
                    "unknown parameter {}; the graph store takes ?graph=IRI or ?default\n",
                    unknown.join(", ")
                ),
            );
        }
    };
    let offered: Vec<Representation> = match target {
        Target::Everything => vec![Representation::Data(Format::NQuads)],
        _ => negotiate::formats_for(QueryKind::Construct)
            .into_iter()
            .map(Representation::Data)
            .collect(),
    };
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let format = match negotiate::choose(&offered, accept, format_param.as_deref()) {
        Ok(Representation::Data(f)) => f,
        Ok(Representation::Html) => unreachable!("not offered"),
        Err(e) => return text(StatusCode::NOT_ACCEPTABLE, &format!("{}\n", e.message)),
    };
    if let Target::Named(iri) = &target {
        match state.store.has_graph(GraphTarget::Named(iri)) {
            Ok(true) => {}
            Ok(false) => {
                return text(
                    StatusCode::NOT_FOUND,
                    &format!("the store has no graph <{iri}>\n"),
                );
            }
            Err(e) => return text(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e}\n")),
        }
    }
    let serializer = graph_serializer(format).expect("graph formats only");
    let Some(ticket) = state.gate.enter().await else {
        return busy();
    };
    let store = state.store.clone();
    let streamed = stream(
        ticket,
        StatusCode::OK,
        format.media_type(),
        move |out| match &target {
            Target::Default => store.dump_graph(GraphTarget::Default, serializer, out),
            Target::Named(iri) => store.dump_graph(GraphTarget::Named(iri), serializer, out),
            Target::Everything => store.dump_dataset(serializer, out),
        },
    )
    .await;
    match streamed {
        Streamed::Body(response) => varies_by_accept(response),
        Streamed::Failed(e) => text(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e}\n")),
    }
}
