//! `ctkg build`: the graph the sample corpus gives, identity across
//! documents, incremental and idempotent loading, and recovery after a crash.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{corpus, ctkg, ok, select, stderr, stdout, value};

fn count(query: &str) -> usize {
    let rows = select(query);
    value(&rows[0], "n").parse().unwrap()
}

#[test]
fn singhvi_is_one_official_who_led_three_meetings() {
    assert_eq!(
        count(
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a ctkg:Official ; rdfs:label ?l FILTER(CONTAINS(?l, \"Singhvi\")) }"
        ),
        1
    );
    assert_eq!(
        count(
            "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?o a ctkg:Official ; rdfs:label ?l FILTER(CONTAINS(?l, \"Singhvi\")) ?m a ctkg:Meeting ; ctkg:ledBy ?o }"
        ),
        3
    );
}

#[test]
fn two_reports_of_the_fifteenth_meeting_are_one_node_with_two_sources() {
    let rows = select(
        "SELECT ?m (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?m a ctkg:Meeting ; ctkg:ordinal 15 ; ctkg:participant/rdfs:label \"France\" ; ctkg:source ?doc } GROUP BY ?m",
    );
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(value(&rows[0], "n"), "2");
    assert_eq!(
        value(&rows[0], "m"),
        "https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15"
    );
}

#[test]
fn two_india_uzbekistan_meetings_of_one_dialogue() {
    let rows = select(
        "SELECT ?m ?d WHERE { ?m a ctkg:Meeting ; ctkg:participant/rdfs:label \"India\" , \"Uzbekistan\" ; ctkg:sessionOf ?d } ORDER BY ?m",
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_ne!(value(&rows[0], "m"), value(&rows[1], "m"));
    assert_eq!(value(&rows[0], "d"), value(&rows[1], "d"));
}

#[test]
fn every_node_has_its_sources_and_every_mention_its_sentence() {
    assert_eq!(
        count(
            "SELECT (COUNT(?e) AS ?n) WHERE { ?e a ?c . FILTER(?c IN (ctkg:State, ctkg:Official, ctkg:Meeting, ctkg:TerroristGroup)) FILTER NOT EXISTS { ?e ctkg:source ?d } }"
        ),
        0
    );
    assert_eq!(
        count(
            "SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a ctkg:Mention . FILTER NOT EXISTS { ?m nif:sentence/nif:anchorOf ?s } } }"
        ),
        0
    );
    assert!(count("SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a ctkg:Mention } }") > 100);
    // a document node with its file name, date and hash, in its own graph
    let rows = select(
        "SELECT ?g ?date ?sha WHERE { GRAPH ?g { ?g a ctkg:Document ; ctkg:fileName \"001_1cbb059710c4dd52.txt\" ; dcterms:issued ?date ; ctkg:sha256 ?sha } }",
    );
    assert_eq!(value(&rows[0], "date"), "2021-11-17");
    assert_eq!(value(&rows[0], "sha").len(), 64);
}

fn quads(store: &Path) -> usize {
    let out = ok(ctkg(&["stats", "--store", store.to_str().unwrap()]));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = text
        .lines()
        .find(|l| l.contains(" quads in "))
        .expect("a total line");
    line.split_whitespace().next().unwrap().parse().unwrap()
}

fn copy_corpus(to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(corpus()).unwrap() {
        let p = e.unwrap().path();
        fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

#[test]
fn a_second_build_changes_nothing_and_a_changed_document_replaces_its_graph() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("corpus");
    copy_corpus(&docs);
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let d = docs.to_str().unwrap();
    ok(ctkg(&["build", d, "--store", s]));
    let first = quads(&store);
    let again = ok(ctkg(&["build", d, "--store", s]));
    assert!(
        stderr(&again).contains("0 changed, 5 unchanged"),
        "{}",
        stderr(&again)
    );
    // the summary says what this build wrote (the store's total is
    // `ctkg stats`, which reads every quad)
    assert!(
        stderr(&again).contains("0 entities extracted; 0 quads written to"),
        "{}",
        stderr(&again)
    );
    assert_eq!(quads(&store), first);

    let f = docs.join("003_0ff074f920612251.txt");
    let text = fs::read_to_string(&f)
        .unwrap()
        .replace("Lashkar", "Laskhar");
    fs::write(&f, text).unwrap();
    let changed = ok(ctkg(&["build", d, "--store", s]));
    assert!(
        stderr(&changed).contains("1 changed, 4 unchanged"),
        "{}",
        stderr(&changed)
    );
    let ask = |q: &str| {
        let o = ok(ctkg(&["query", "--store", s, "--format", "json", q]));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()["boolean"]
            .as_bool()
            .unwrap()
    };
    // the old forms are gone from 003's graph and from the merged default
    // graph; the other documents keep theirs
    assert!(!ask("ASK { ?g skos:altLabel \"Lashkar\" }"));
    assert!(!ask(
        "ASK { GRAPH <https://w3id.org/ctkg/id/doc/003-0ff074f920612251-txt> { ?g skos:altLabel \"Lashkar\" } }"
    ));
    assert!(ask(
        "ASK { GRAPH <https://w3id.org/ctkg/id/doc/001-1cbb059710c4dd52-txt> { ?g skos:altLabel \"LeT\" } }"
    ));
}

#[test]
fn prune_removes_documents_no_longer_in_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("corpus");
    copy_corpus(&docs);
    let store = dir.path().join("store");
    let (s, d) = (store.to_str().unwrap(), docs.to_str().unwrap());
    ok(ctkg(&["build", d, "--store", s]));
    fs::remove_file(docs.join("004_8306e4fd5b5e4380.txt")).unwrap();
    let kept = ok(ctkg(&["build", d, "--store", s]));
    assert!(stderr(&kept).contains("0 pruned"), "{}", stderr(&kept));
    let pruned = ok(ctkg(&["build", d, "--store", s, "--prune"]));
    assert!(
        stderr(&pruned).contains("removed 004_8306e4fd5b5e4380.txt"),
        "{}",
        stderr(&pruned)
    );
    let fresh = dir.path().join("fresh");
    ok(ctkg(&["build", d, "--store", fresh.to_str().unwrap()]));
    assert_eq!(quads(&store), quads(&fresh));
}

#[test]
fn a_build_killed_midway_loses_nothing_and_the_next_build_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("corpus");
    fs::create_dir_all(&docs).unwrap();
    // many documents, so the build is still running when it is killed
    for i in 0..100 {
        for e in fs::read_dir(corpus()).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                let name = format!("{i:03}-{}", p.file_name().unwrap().to_string_lossy());
                fs::copy(&p, docs.join(name)).unwrap();
            }
        }
    }
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let d = docs.to_str().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .args(["build", d, "--store", s])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // kill it once it has stored something
    let started = Instant::now();
    while !store.join("CURRENT").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(1000));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(
        !status.success(),
        "the build finished before it could be killed"
    );

    let resumed = ok(ctkg(&["build", d, "--store", s]));
    let message = stderr(&resumed);
    assert!(message.contains("500 document(s) read"), "{message}");
    let fresh = dir.path().join("fresh");
    ok(ctkg(&["build", d, "--store", fresh.to_str().unwrap()]));
    assert_eq!(quads(&store), quads(&fresh));
}

#[test]
fn the_store_is_where_the_environment_says() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("from-env");
    let statement = corpus().join("000_4f75cd613c9314ca.txt");
    let o = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .arg("build")
        .arg(&statement)
        .current_dir(dir.path())
        .env("CTKG_STORE", &store)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(store.join("CURRENT").exists());
    assert!(
        !dir.path().join("ctkg-store").exists(),
        "the default store was used"
    );
}

#[test]
fn a_store_keeps_one_base() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path().join("store");
    let s = s.to_str().unwrap();
    let doc = "corpus/000_4f75cd613c9314ca.txt";
    ok(ctkg(&["build", doc, "--store", s]));
    let other = ctkg(&[
        "build",
        doc,
        "--store",
        s,
        "--base",
        "http://example.org/kg/",
    ]);
    assert_eq!(other.status.code(), Some(1));
    assert!(
        stderr(&other).contains("another base IRI"),
        "{}",
        stderr(&other)
    );
    let bad = ctkg(&["build", doc, "--store", s, "--base", "example"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
}

/// Every quad without a blank node, sorted: two stores with the same
/// content give the same list (blank nodes, only in the ontology's lists,
/// are named anew by each load).
fn content(store: &Path) -> Vec<String> {
    let o = ok(ctkg(&[
        "query",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "tsv",
        "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } FILTER(!isBlank(?s) && !isBlank(?o)) }",
    ]));
    let mut rows: Vec<String> = stdout(&o).lines().skip(1).map(String::from).collect();
    rows.sort();
    rows
}

#[test]
fn documents_added_a_few_at_a_time_give_the_store_built_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("corpus");
    copy_corpus(&docs);
    let at_once = dir.path().join("at-once");
    ok(ctkg(&[
        "build",
        docs.to_str().unwrap(),
        "--store",
        at_once.to_str().unwrap(),
    ]));

    // two documents first, then the rest (new ones are bulk-loaded beside
    // the graphs already there), then one changed and changed back (its
    // graph is replaced in a transaction)
    let bit_by_bit = dir.path().join("bit-by-bit");
    let s = bit_by_bit.to_str().unwrap();
    let first: Vec<String> = ["000_4f75cd613c9314ca.txt", "003_0ff074f920612251.txt"]
        .iter()
        .map(|n| docs.join(n).to_str().unwrap().to_string())
        .collect();
    ok(ctkg(&["build", &first[0], &first[1], "--store", s]));
    ok(ctkg(&["build", docs.to_str().unwrap(), "--store", s]));
    let f = docs.join("001_1cbb059710c4dd52.txt");
    let original = fs::read_to_string(&f).unwrap();
    fs::write(&f, original.replace("Paris", "Lyon")).unwrap();
    ok(ctkg(&["build", docs.to_str().unwrap(), "--store", s]));
    fs::write(&f, &original).unwrap();
    ok(ctkg(&["build", docs.to_str().unwrap(), "--store", s]));

    let (a, b) = (content(&at_once), content(&bit_by_bit));
    assert!(a.len() > 1000);
    assert_eq!(a, b);
}
