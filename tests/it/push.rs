//! `ctkg push` against real Graph Store Protocol servers, each started here
//! on a free loopback port with a data folder of its own: `oxigraph serve`
//! (PyPI `oxigraph`) and Virtuoso (Debian `virtuoso-opensource-7-bin`),
//! both installed by `scripts/setup`. A scripted peer on loopback stands in
//! for a server that fails, since no real one fails on demand.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::helpers::{corpus, ctkg, ok, stderr};

/// A server process, stopped when dropped.
struct Server {
    child: Child,
    _data: tempfile::TempDir,
    http: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn program(name: &str) -> PathBuf {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| panic!("{name} is not installed; run scripts/setup"))
}

/// Waits until `url` answers at all (any status).
fn wait_for(url: &str, child: &mut Child, what: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{what} exited before it served: {status}");
        }
        if ureq::get(url).call().is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{what} did not answer at {url} within 60 s");
}

fn oxigraph_serve() -> Server {
    let data = tempfile::tempdir().unwrap();
    let http = free_port();
    let mut child = Command::new(program("oxigraph"))
        .args(["serve", "--location"])
        .arg(data.path())
        .args(["--bind", &format!("127.0.0.1:{http}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("oxigraph serve starts");
    wait_for(
        &format!("http://127.0.0.1:{http}/query?query=ASK%7B%7D"),
        &mut child,
        "oxigraph serve",
    );
    Server {
        child,
        _data: data,
        http,
    }
}

const VIRTUOSO_USER: &str = "ctkg_pusher";
const VIRTUOSO_PASSWORD: &str = "s3cret-for-tests";

/// A Virtuoso with a user that may update graphs through the Graph Store
/// endpoint (`/sparql-graph-crud-auth`, which asks for Digest credentials).
fn virtuoso() -> Server {
    let data = tempfile::tempdir().unwrap();
    let (sql, http) = (free_port(), free_port());
    let dir = data.path().display().to_string();
    let ini = format!(
        "[Database]\nDatabaseFile = {dir}/virtuoso.db\nErrorLogFile = {dir}/virtuoso.log\n\
         LockFile = {dir}/virtuoso.lck\nTransactionFile = {dir}/virtuoso.trx\n\
         xa_persistent_file = {dir}/virtuoso.pxa\n\
         [TempDatabase]\nDatabaseFile = {dir}/temp.db\nTransactionFile = {dir}/temp.trx\n\
         [Parameters]\nServerPort = 127.0.0.1:{sql}\nNumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\n\
         DirsAllowed = ., {dir}\n\
         [HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerThreads = 4\n\
         [SPARQL]\nResultSetMaxRows = 1000000\n"
    );
    let ini_path = data.path().join("virtuoso.ini");
    fs::write(&ini_path, ini).unwrap();
    let mut child = Command::new(program("virtuoso-t"))
        .arg("-f")
        .arg("-c")
        .arg(&ini_path)
        .current_dir(data.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("virtuoso-t starts");
    wait_for(
        &format!("http://127.0.0.1:{http}/sparql?query=ASK%7B%7D"),
        &mut child,
        "virtuoso",
    );
    let sql_text = format!(
        "DB.DBA.USER_CREATE('{VIRTUOSO_USER}', '{VIRTUOSO_PASSWORD}'); GRANT SPARQL_UPDATE TO \"{VIRTUOSO_USER}\";"
    );
    let out = Command::new(program("isql-vt"))
        .arg(format!("127.0.0.1:{sql}"))
        .args(["dba", "dba", &format!("exec={sql_text}")])
        .output()
        .expect("isql-vt runs");
    assert!(
        out.status.success(),
        "isql-vt: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Server {
        child,
        _data: data,
        http,
    }
}

/// Builds the sample corpus, or a copy of it, into a new store.
fn build(corpus_dir: &Path, store: &Path) {
    ok(ctkg(&[
        "build",
        corpus_dir.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
    ]));
}

/// Triples per named graph in the store.
fn store_counts(store: &Path) -> BTreeMap<String, u64> {
    let o = ok(ctkg(&[
        "query",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "json",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    ]));
    counts(&serde_json::from_slice(&o.stdout).unwrap())
}

/// Triples per named graph on a server, for the graphs named like ctkg's
/// (a server has graphs of its own).
fn server_counts(query_url: &str) -> BTreeMap<String, u64> {
    let q = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"https://w3id.org/ctkg/\")) } GROUP BY ?g";
    let mut response = ureq::post(query_url)
        .header("Accept", "application/sparql-results+json")
        .send_form([("query", q)])
        .expect("the server answers a query");
    let text = response.body_mut().read_to_string().unwrap();
    counts(&serde_json::from_str(&text).unwrap())
}

fn counts(json: &serde_json::Value) -> BTreeMap<String, u64> {
    json["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["g"]["value"].as_str().unwrap().to_string(),
                row["n"]["value"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect()
}

fn push(store: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["push", "--store", store.to_str().unwrap()];
    all.extend_from_slice(args);
    ctkg(&all)
}

/// The number before "graph(s) sent" in push's summary line.
fn sent(o: &std::process::Output) -> usize {
    let err = stderr(o);
    let line = err
        .lines()
        .find(|l| l.contains("graph(s) sent"))
        .unwrap_or_else(|| panic!("no summary in: {err}"));
    line.trim_start_matches("ctkg: ")
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn push_to_oxigraph_sends_every_graph_once_then_only_what_changed() {
    let server = oxigraph_serve();
    let base = format!("http://127.0.0.1:{}", server.http);
    let (query, gsp) = (format!("{base}/query"), format!("{base}/store"));
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("corpus");
    fs::create_dir(&input).unwrap();
    for entry in fs::read_dir(corpus()).unwrap() {
        let p = entry.unwrap().path();
        fs::copy(&p, input.join(p.file_name().unwrap())).unwrap();
    }
    let store = dir.path().join("store");
    build(&input, &store);
    let expected = store_counts(&store);
    assert_eq!(
        expected.len(),
        6,
        "five documents and the ontology: {expected:?}"
    );

    let first = ok(push(&store, &["--endpoint", &query, "--graph-store", &gsp]));
    assert_eq!(sent(&first), 6, "{}", stderr(&first));
    assert_eq!(server_counts(&query), expected);

    let again = ok(push(&store, &["--endpoint", &query, "--graph-store", &gsp]));
    assert_eq!(sent(&again), 0, "{}", stderr(&again));
    assert!(stderr(&again).contains("6 unchanged"), "{}", stderr(&again));

    // one statement changes: only its graph goes, and replaces the old one
    let changed = input.join("004_8306e4fd5b5e4380.txt");
    let mut text = fs::read_to_string(&changed).unwrap();
    text.push_str("\nBoth sides condemned the Pahalgam attack and called for action against Lashkar-e-Taiba.\n");
    fs::write(&changed, text).unwrap();
    build(&input, &store);
    let after = store_counts(&store);
    assert_ne!(after, expected, "the rebuild changed a graph");
    let third = ok(push(&store, &["--endpoint", &query, "--graph-store", &gsp]));
    assert_eq!(sent(&third), 1, "{}", stderr(&third));
    assert_eq!(
        server_counts(&query),
        after,
        "the graph was replaced, not added to"
    );

    let all = ok(push(
        &store,
        &["--endpoint", &query, "--graph-store", &gsp, "--all"],
    ));
    assert_eq!(sent(&all), 6);
    assert_eq!(server_counts(&query), after);

    // a store emptied of a document: --prune deletes its graph there
    fs::remove_file(&changed).unwrap();
    ok(ctkg(&[
        "build",
        input.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--prune",
    ]));
    let pruned = ok(push(
        &store,
        &["--endpoint", &query, "--graph-store", &gsp, "--prune"],
    ));
    assert!(stderr(&pruned).contains("1 deleted"), "{}", stderr(&pruned));
    assert_eq!(server_counts(&query), store_counts(&store));

    // no Graph Store there
    let nowhere = push(
        &store,
        &["--endpoint", &format!("{base}/no-such-path"), "--all"],
    );
    assert!(!nowhere.status.success());
    assert!(
        stderr(&nowhere).contains("HTTP 404"),
        "{}",
        stderr(&nowhere)
    );
}

#[test]
fn push_to_virtuoso_with_digest_credentials_and_refuses_wrong_ones() {
    let server = virtuoso();
    let base = format!("http://127.0.0.1:{}", server.http);
    let (query, gsp) = (
        format!("{base}/sparql"),
        format!("{base}/sparql-graph-crud-auth"),
    );
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    build(&corpus(), &store);
    let password = dir.path().join("password");
    fs::write(&password, format!("{VIRTUOSO_PASSWORD}\n")).unwrap();
    let wrong = dir.path().join("wrong");
    fs::write(&wrong, "not-the-password\n").unwrap();
    let with = |file: &Path, extra: &[&str]| {
        let mut args = vec![
            "--endpoint",
            query.as_str(),
            "--graph-store",
            gsp.as_str(),
            "--user",
            VIRTUOSO_USER,
            "--password-file",
        ];
        let file = file.to_str().unwrap().to_string();
        let mut owned: Vec<String> = args.drain(..).map(String::from).collect();
        owned.push(file);
        owned.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
        push(&store, &refs)
    };

    let refused = with(&wrong, &[]);
    assert!(!refused.status.success());
    let err = stderr(&refused);
    assert!(
        err.contains("refused the credentials") && err.contains("HTTP 401"),
        "{err}"
    );
    let anonymous = push(&store, &["--endpoint", &query, "--graph-store", &gsp]);
    assert!(!anonymous.status.success());
    assert!(
        stderr(&anonymous).contains("give --user and --password-file"),
        "{}",
        stderr(&anonymous)
    );

    let first = ok(with(&password, &[]));
    assert_eq!(sent(&first), 6, "{}", stderr(&first));
    let expected = store_counts(&store);
    assert_eq!(server_counts(&query), expected);
    let again = ok(with(&password, &[]));
    assert_eq!(sent(&again), 0, "{}", stderr(&again));
    let all = ok(with(&password, &["--all"]));
    assert_eq!(sent(&all), 6);
    assert_eq!(
        server_counts(&query),
        expected,
        "a second PUT replaced each graph"
    );
}

/// A peer that answers the first `failures` requests with 503 and the rest
/// with 204, counting them.
fn flaky_server(failures: usize) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming().take(64) {
            let Ok(stream) = stream else { continue };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            answer(stream, if n < failures { 503 } else { 204 });
        }
    });
    (port, seen)
}

/// Reads one request (headers, then a chunked or sized body) and answers.
fn answer(mut stream: TcpStream, status: u16) {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut chunked = false;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let lower = line.to_ascii_lowercase();
        if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).unwrap();
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            let mut chunk = vec![0; n + 2];
            reader.read_exact(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
        }
    } else {
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
    }
    let reason = if status == 503 {
        "Service Unavailable"
    } else {
        "No Content"
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
}

#[test]
fn server_errors_and_refused_connections_are_retried_then_named() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    build(&corpus(), &store);
    // the first request is push's bodiless probe, answered 503 too
    let (port, seen) = flaky_server(3);
    let url = format!("http://127.0.0.1:{port}/store");
    let o = ok(push(&store, &["--endpoint", &url]));
    assert_eq!(sent(&o), 6);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        1 + 6 + 2,
        "the probe, six graphs, and two PUTs answered 503 and retried"
    );
    let err = stderr(&o);
    assert!(err.contains("HTTP 503; retry 1 of 5"), "{err}");
    assert!(err.contains("retry 2 of 5"), "{err}");

    // nobody listens there
    let closed = format!("http://127.0.0.1:{}/store", free_port());
    let o = push(&store, &["--endpoint", &closed, "--retries", "1"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("gave up after 2 attempt(s)"),
        "{}",
        stderr(&o)
    );
}
