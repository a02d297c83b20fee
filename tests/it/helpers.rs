//! Shared helpers: running the binary, the sample corpus, a store built once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use ctkg::extract::{Extractor, Input};
use ctkg::lexicon::Lexicon;
use ctkg::model::Extraction;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn corpus() -> PathBuf {
    root().join("corpus")
}

pub fn gold() -> PathBuf {
    root().join("tests/fixtures/gold")
}

/// Runs `ctkg` with arguments; output captured.
pub fn ctkg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .args(args)
        .current_dir(root())
        .env_remove("CTKG_STORE")
        .output()
        .expect("ctkg runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts the run succeeded, showing its error output if not.
pub fn ok(o: Output) -> Output {
    assert!(
        o.status.success(),
        "ctkg failed: {}\n{}",
        o.status,
        stderr(&o)
    );
    o
}

/// A store built from the sample corpus, once per test run; tests only read it.
pub fn corpus_store() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let store = dir.path().join("store");
            ok(ctkg(&[
                "build",
                "corpus",
                "--store",
                store.to_str().unwrap(),
            ]));
            (dir, store)
        })
        .1
}

/// Runs a query on the corpus store and returns the SPARQL JSON results.
pub fn select(query: &str) -> Vec<serde_json::Value> {
    let store = corpus_store().to_str().unwrap().to_string();
    let o = ok(ctkg(&[
        "query", "--store", &store, "--format", "json", query,
    ]));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SPARQL JSON");
    json["results"]["bindings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The value of a variable in a SPARQL JSON row.
pub fn value(row: &serde_json::Value, var: &str) -> String {
    row[var]["value"].as_str().unwrap_or_default().to_string()
}

pub fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(Lexicon::builtin().expect("lexicon")))
}

/// Extraction of a text with the built-in lexicon.
pub fn extract(text: &str, date: Option<&str>) -> Extraction {
    extractor()
        .extract(&Input {
            name: "t.txt",
            text,
            date: date.map(|d| d.parse().expect("date")),
        })
        .extraction
}

/// Extraction of the sample corpus, as `ctkg extract` gives it.
pub fn corpus_run() -> Vec<Extraction> {
    let c = ctkg::corpus::read(&[corpus()], ctkg::corpus::DEFAULT_MAX_BYTES);
    assert!(c.skipped.is_empty());
    c.documents
        .iter()
        .map(|d| extractor().extract(&d.input()).extraction)
        .collect()
}
