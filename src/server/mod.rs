//! The SPARQL endpoint: the one module that knows HTTP.
//!
//! [`handle`] answers one request, in process, without a socket: the
//! SPARQL 1.1 Protocol at `/sparql` (and `/query`), the read side of the
//! Graph Store Protocol at `/store`, a page per resource under `/id/`, the
//! query page at `/` and `/health`. [`respond`] adds what a socket needs
//! first (the body read within its limit) and [`serve`] runs it on a
//! socket with axum on tokio, logging a line per request.
//!
//! Queries run on tokio's blocking pool, at most `max_running` at once
//! with `max_waiting` more in line (past that: 503 with Retry-After), each
//! stopped at its timeout by the query module's deadline. Results stream
//! to the client; an error found before the first 64 KiB becomes a status
//! code, a later one ends the response early. The store is only read here:
//! updates get 403, and only `--watch` (see `watch.rs`) writes, through
//! `ctkg::ingest`, on the same store while queries read committed states.

mod body;
mod gsp;
mod home;
mod negotiate;
mod page;
mod sparql;
pub mod watch;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Method, Request, Response, StatusCode, header};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::store::Store;

pub use body::Streamed;

/// The default per-query time limit of the server.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest request body (a query or form) read.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// How the server behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// Per-query time limit (`None`: none).
    pub timeout: Option<Duration>,
    /// Queries evaluated at once.
    pub max_running: usize,
    /// Queries waiting for a turn before new ones get 503.
    pub max_waiting: usize,
    /// The largest request body, in bytes.
    pub max_body: usize,
    /// Answer cross-origin requests (CORS) from any origin.
    pub cors: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            timeout: Some(DEFAULT_TIMEOUT),
            max_running: default_threads(),
            max_waiting: 256,
            max_body: DEFAULT_MAX_BODY,
            cors: false,
        }
    }
}

/// Threads the server answers with, and queries evaluated at once: four
/// per core, at least 8. Most queries end within milliseconds on the
/// thread that read them (see `sparql.rs`), so a thread is a query; more of
/// them than cores keep the cores busy while some wait on storage or the
/// network, and measured faster than two per core with 64 clients.
pub fn default_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (4 * cores).max(8)
}

/// What every request shares: the store, the options, the base of the
/// resources (for `/id/` pages) and the gate that bounds evaluations.
pub struct AppState {
    store: Arc<Store>,
    options: Options,
    base: String,
    gate: Gate,
}

impl AppState {
    /// `base` is the IRI namespace the store's resources live under;
    /// `/id/KEY` shows `<base>KEY`.
    pub fn new(store: Arc<Store>, base: String, options: Options) -> Self {
        let gate = Gate::new(options.max_running, options.max_waiting);
        AppState {
            store,
            options,
            base,
            gate,
        }
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }
}

/// Bounds the evaluations running at once, and those waiting.
struct Gate {
    running: Arc<Semaphore>,
    /// Running plus waiting.
    admitted: Arc<AtomicUsize>,
    limit: usize,
}

/// A turn to evaluate: held until the response has been written.
pub(crate) struct Ticket {
    _permit: OwnedSemaphorePermit,
    admitted: Arc<AtomicUsize>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Gate {
    fn new(max_running: usize, max_waiting: usize) -> Self {
        Gate {
            running: Arc::new(Semaphore::new(max_running.max(1))),
            admitted: Arc::new(AtomicUsize::new(0)),
            limit: max_running.max(1) + max_waiting,
        }
    }

    /// Waits for a turn; `None` when too many are running and waiting.
    async fn enter(&self) -> Option<Ticket> {
        if self.admitted.fetch_add(1, Ordering::SeqCst) >= self.limit {
            self.admitted.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let admitted = self.admitted.clone();
        match self.running.clone().acquire_owned().await {
            Ok(permit) => Some(Ticket {
                _permit: permit,
                admitted,
            }),
            Err(_) => {
                admitted.fetch_sub(1, Ordering::SeqCst);
                None
            }
        }
    }
}

/// Answers one request whose body has been read.
pub async fn handle(state: &Arc<AppState>, request: Request<Bytes>) -> Response<Body> {
    let path = request.uri().path().to_string();
    let mut response = if request.method() == Method::OPTIONS {
        options_response(state)
    } else if path == "/sparql" || path == "/query" {
        sparql::handle(state, request).await
    } else if path == "/update" {
        read_only(request.method())
    } else if path == "/store" {
        gsp::handle(state, request).await
    } else if path.starts_with("/id/") {
        page::handle(state, request).await
    } else if path == "/health" {
        match *request.method() {
            Method::GET | Method::HEAD => text(StatusCode::OK, "ok\n"),
            _ => method_not_allowed("GET, HEAD"),
        }
    } else if path == "/" || path.starts_with("/assets/") {
        home::handle(state, request)
    } else {
        text(
            StatusCode::NOT_FOUND,
            &format!(
                "nothing at {path}; the SPARQL endpoint is /sparql, the query page /, resources /id/...\n"
            ),
        )
    };
    if state.options.cors {
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    response
}

/// Reads a request's body within the limit (413 past it), then answers it.
pub async fn respond(state: &Arc<AppState>, request: Request<Body>) -> Response<Body> {
    let limit = state.options.max_body;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return too_large(limit);
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => handle(state, Request::from_parts(parts, bytes)).await,
        Err(_) => too_large(limit),
    }
}

fn too_large(limit: usize) -> Response<Body> {
    text(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!("the request body is larger than {limit} bytes, the server's limit\n"),
    )
}

/// Serves on `listener` until Ctrl-C (or SIGTERM), logging each request
/// on standard error. Returns once the server has stopped.
pub async fn serve(
    state: Arc<AppState>,
    listener: tokio::net::TcpListener,
) -> Result<(), ServerError> {
    let log = RequestLog::start();
    let app = axum::Router::new().fallback(move |request: Request<Body>| {
        let state = state.clone();
        let log = log.clone();
        async move {
            let started = Instant::now();
            let method = request.method().clone();
            let path = request.uri().path().to_string();
            let response = respond(&state, request).await;
            log.line(format_args!(
                "ctkg serve: {method} {path} {} {} ms\n",
                response.status().as_u16(),
                started.elapsed().as_millis()
            ));
            response
        }
    });
    // answers are small and whole: send them at once, not after Nagle's wait
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut tokio::net::TcpStream| {
        let _ = tcp.set_nodelay(true);
    });
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown())
        .await;
    RequestLog::flush_now();
    served?;
    Ok(())
}

/// The log line of each request, gathered in memory and written to
/// standard error by a thread of its own every few milliseconds: a write
/// per request cost as much as a small query.
#[derive(Clone)]
struct RequestLog {
    pending: &'static std::sync::Mutex<String>,
}

static LOG_PENDING: std::sync::Mutex<String> = std::sync::Mutex::new(String::new());

impl RequestLog {
    fn start() -> RequestLog {
        static STARTED: std::sync::Once = std::sync::Once::new();
        STARTED.call_once(|| {
            std::thread::Builder::new()
                .name("ctkg-serve-log".into())
                .spawn(|| {
                    loop {
                        std::thread::sleep(Duration::from_millis(20));
                        RequestLog::flush_now();
                    }
                })
                .expect("the log thread starts");
        });
        RequestLog {
            pending: &LOG_PENDING,
        }
    }

    fn line(&self, line: std::fmt::Arguments<'_>) {
        use std::fmt::Write as _;
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let _ = pending.write_fmt(line);
    }

    fn flush_now() {
        use std::io::Write as _;
        let text = std::mem::take(&mut *LOG_PENDING.lock().unwrap_or_else(|e| e.into_inner()));
        if !text.is_empty() {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
        }
    }
}

/// Listens on `addr` (port 0: a free port; see `local_addr`).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServerError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let terminated = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = terminated => {},
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

fn options_response(state: &AppState) -> Response<Body> {
    let mut response = Response::builder()
        .status(StatusCode::NO_CONTENT)
        .header(header::ALLOW, "GET, HEAD, POST, OPTIONS");
    if state.options.cors {
        response = response
            .header(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                "GET, HEAD, POST, OPTIONS",
            )
            .header(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "Accept, Content-Type, Authorization",
            )
            .header(header::ACCESS_CONTROL_MAX_AGE, "86400");
    }
    response.body(Body::empty()).expect("a valid response")
}

/// A plain-text response (errors and short answers).
pub(crate) fn text(status: StatusCode, message: &str) -> Response<Body> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(message.to_string()))
        .expect("a valid response")
}

pub(crate) fn method_not_allowed(allow: &'static str) -> Response<Body> {
    let mut response = text(
        StatusCode::METHOD_NOT_ALLOWED,
        &format!("this address answers {allow}\n"),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// Writes are refused: the store changes only through `ctkg build`.
pub(crate) fn read_only(method: &Method) -> Response<Body> {
    match *method {
        Method::GET | Method::HEAD => method_not_allowed("POST"),
        _ => text(
            StatusCode::FORBIDDEN,
            "this endpoint is read-only: the store is built with `ctkg build` (or kept in step by `ctkg serve --watch`), never changed over HTTP\n",
        ),
    }
}

/// 503 for a query that could not get a turn.
pub(crate) fn busy() -> Response<Body> {
    let mut response = text(
        StatusCode::SERVICE_UNAVAILABLE,
        "too many queries are running or waiting; try again in a moment\n",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}
