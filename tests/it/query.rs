//! `ctkg query` and `ctkg queries`: named queries on the sample graph,
//! result formats, and the errors a user meets.

use ctkg::store::{Access, Store};

use crate::helpers::{corpus_store, ctkg, ok, select, stderr, stdout, value};

fn store_arg() -> String {
    corpus_store().to_str().unwrap().to_string()
}

fn named(name: &str, params: &[&str], format: &str) -> String {
    let s = store_arg();
    let mut args = vec!["query", "--store", &s, "--name", name, "--format", format];
    for p in params {
        args.extend(["--param", p]);
    }
    stdout(&ok(ctkg(&args)))
}

#[test]
fn queries_lists_every_named_query() {
    let out = stdout(&ok(ctkg(&["queries"])));
    for q in ctkg::query::named_queries() {
        assert!(out.contains(q.name), "{} missing", q.name);
    }
}

#[test]
fn every_named_query_runs_on_the_sample_graph() {
    for q in ctkg::query::named_queries() {
        let params: Vec<String> = q
            .params
            .iter()
            .map(|p| {
                let value = match p.name.as_str() {
                    "partner" => "France",
                    "subject" => "15th France-India Joint Working Group on Counter-Terrorism",
                    "predicate" => "heldIn",
                    "object" => "Paris",
                    _ => "LeT",
                };
                format!("{}={value}", p.name)
            })
            .collect();
        let params: Vec<&str> = params.iter().map(String::as_str).collect();
        let csv = named(q.name, &params, "csv");
        assert!(
            csv.lines().count() > 1,
            "{} returned no rows:\n{csv}",
            q.name
        );
    }
}

#[test]
fn the_timeline_is_in_date_order_with_leaders() {
    let csv = named("meetings-timeline", &[], "csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(&rows[0][0], "2019-07-16");
    assert!(rows[1][1].starts_with("15th"), "{:?}", rows[1]);
    assert!(rows[1][5].contains("Mahaveer Singhvi") && rows[1][5].contains("Philippe Bertoux"));
    assert_eq!(&rows[4][0], "", "the undated meeting comes last");
}

#[test]
fn a_partner_history_takes_any_name_of_the_partner() {
    let by_name = named("partner-history", &["partner=United States"], "csv");
    let by_short = named("partner-history", &["partner=US"], "csv");
    assert_eq!(by_name, by_short);
    assert!(by_name.contains("Nathan Sales"));
    assert!(!named("partner-history", &["partner=France"], "csv").contains("Nathan Sales"));
    // case and punctuation do not matter: names are looked up folded
    assert_eq!(
        named("partner-history", &["partner=united states"], "csv"),
        by_name
    );
    assert_eq!(named("partner-history", &["partner=U.S."], "csv"), by_name);
}

#[test]
fn an_entity_is_found_by_any_spelling_of_any_of_its_names_or_its_iri() {
    let rows = |entity: &str| {
        let out = named("entity-evidence", &[&format!("entity={entity}")], "csv");
        let mut lines: Vec<String> = out.lines().skip(1).map(String::from).collect();
        lines.sort();
        lines
    };
    let by_name = rows("Lashkar-e-Taiba");
    assert!(by_name.len() > 3, "{by_name:?}");
    for other in [
        "lashkar e taiba",
        "LASHKAR-E-TAIBA",
        "LeT",
        "Lashkar e-Tayyiba",
        "<https://w3id.org/ctkg/id/group/lashkar-e-taiba>",
    ] {
        assert_eq!(rows(other), by_name, "{other}");
    }
    assert!(rows("Taiba").is_empty(), "a part of a name is not the name");
}

#[test]
fn leaders_are_counted_per_state() {
    let rows = select(ctkg::query::named_query("leaders-by-state").unwrap().text);
    let singhvi = rows
        .iter()
        .find(|r| value(r, "official") == "Mahaveer Singhvi")
        .expect("Singhvi");
    assert_eq!(value(singhvi, "state"), "India");
    assert_eq!(value(singhvi, "meetings"), "3");
}

#[test]
fn results_in_every_format() {
    let s = store_arg();
    let q = "SELECT ?m WHERE { ?m a ctkg:Meeting } ORDER BY ?m";
    let tsv = stdout(&ok(ctkg(&["query", "--store", &s, "--format", "tsv", q])));
    assert_eq!(tsv.lines().next(), Some("?m"));
    let xml = stdout(&ok(ctkg(&["query", "--store", &s, "--format", "xml", q])));
    assert!(xml.contains("<sparql") && xml.contains("jwg-ct/15"));
    let table = stdout(&ok(ctkg(&["query", "--store", &s, "--format", "table", q])));
    assert!(
        table.contains("<https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15>")
            && table.contains("5 row(s)")
    );
    let construct =
        "CONSTRUCT { ?m ctkg:participant ?s } WHERE { ?m ctkg:ordinal 15 ; ctkg:participant ?s }";
    let ttl = ok(ctkg(&[
        "query", "--store", &s, "--format", "ttl", construct,
    ]));
    let parsed: Vec<_> = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle)
        .for_slice(&ttl.stdout)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(parsed.len(), 2);
    let nt = stdout(&ok(ctkg(&[
        "query", "--store", &s, "--format", "nt", construct,
    ])));
    assert_eq!(nt.lines().count(), 2);
    let ask = stdout(&ok(ctkg(&[
        "query",
        "--store",
        &s,
        "ASK { ?m ctkg:ordinal 9 }",
    ])));
    assert!(ask.contains("true"));
}

#[test]
fn a_malformed_query_names_the_line_and_column_and_exits_2() {
    let s = store_arg();
    let o = ctkg(&["query", "--store", &s, "SELECT ?x WHERE {\n  ?x a \n}"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("SPARQL syntax error") && e.contains("error at 3:"),
        "{e}"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.rq");
    std::fs::write(&file, "SELECT * WHERE { ?s ?p }").unwrap();
    let o = ctkg(&["query", "--store", &s, "--file", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.rq"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    let s = store_arg();
    for args in [
        vec!["query", "--store", &s, "--name", "no-such-query"],
        vec!["query", "--store", &s, "--name", "partner-history"],
        vec![
            "query",
            "--store",
            &s,
            "--name",
            "partner-history",
            "--param",
            "nokey",
        ],
        vec![
            "query",
            "--store",
            &s,
            "--format",
            "ttl",
            "SELECT * { ?s ?p ?o } LIMIT 1",
        ],
        vec![
            "query",
            "--store",
            &s,
            "--param",
            "x=1",
            "SELECT * { ?s ?p ?o } LIMIT 1",
        ],
    ] {
        let o = ctkg(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        // ctkg's own message, or clap's for a malformed argument
        let e = stderr(&o);
        assert!(
            e.starts_with("ctkg: error:") || e.starts_with("error:"),
            "{e}"
        );
    }
}

#[test]
fn a_store_in_use_gets_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store");
    let held = Store::open(&path, Access::Write).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["build", "corpus/000_4f75cd613c9314ca.txt", "--store", p],
        vec!["query", "--store", p, "ASK {}"],
    ] {
        let o = ctkg(&args);
        assert_eq!(o.status.code(), Some(1));
        let e = stderr(&o);
        assert!(
            e.contains("in use by another ctkg process") && e.contains("pid"),
            "{e}"
        );
        assert!(!e.contains("LOCK"), "{e}");
    }
    drop(held);
    let build = ["build", "corpus/000_4f75cd613c9314ca.txt", "--store", p];
    ok(ctkg(&build));

    // a reader holding the store is named as one, not as the last build
    let reader = Store::open(&path, Access::Read).unwrap();
    let o = ctkg(&build);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("reading it"), "{}", stderr(&o));
    drop(reader);
}

#[test]
fn a_missing_store_is_named() {
    let o = ctkg(&["query", "--store", "/nonexistent/ctkg-store", "ASK {}"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no store at /nonexistent/ctkg-store"));
}
