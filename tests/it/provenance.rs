//! Every fact keeps the sentence it came from and the rule that read it:
//! in the interchange JSON, in the store beside the plain triple, and in
//! the `fact-evidence` and `entity-evidence` queries.

use std::collections::BTreeSet;

use ctkg::extract::Rule;
use ctkg::model::{Extraction, Target};

use crate::helpers::{corpus, corpus_store, ctkg, extractor, ok, root, select, stdout, value};

/// Each document of a folder with its extraction.
fn read(folder: &std::path::Path) -> Vec<(ctkg::corpus::Document, Extraction)> {
    let c = ctkg::corpus::read(&[folder.to_path_buf()], ctkg::corpus::DEFAULT_MAX_BYTES);
    assert!(c.skipped.is_empty());
    c.documents
        .into_iter()
        .map(|d| {
            let x = extractor().extract(&d.input()).extraction;
            (d, x)
        })
        .collect()
}

/// Whether an entity has a mention inside `start..end` (chars).
fn mentioned_within(x: &Extraction, id: &str, start: usize, end: usize) -> bool {
    x.entity(id)
        .is_some_and(|e| e.evidence.iter().any(|m| start <= m.start && m.end <= end))
}

#[test]
fn every_relation_quotes_the_sentences_of_its_own_document_that_name_it() {
    let rules: BTreeSet<&str> = Rule::ALL.iter().map(|r| r.as_str()).collect();
    let mut relations = 0;
    let mut used = BTreeSet::new();
    for folder in [corpus(), root().join("tests/fixtures/heldout/corpus")] {
        for (doc, x) in read(&folder) {
            let chars: Vec<char> = doc.text.chars().collect();
            for r in &x.relations {
                relations += 1;
                let what = format!("{}: {} {} {:?}", doc.name, r.subject, r.predicate, r.target);
                assert!(!r.evidence.is_empty(), "no evidence for {what}");
                assert_eq!(
                    r.rule, r.evidence[0].rule,
                    "{what}: the rule is its first span's"
                );
                for ev in &r.evidence {
                    // the span is this document's text at these char offsets
                    assert!(ev.start < ev.end && ev.end <= chars.len(), "{what}: {ev:?}");
                    let quoted: String = chars[ev.start..ev.end].iter().collect();
                    assert_eq!(quoted, ev.text, "{what}");
                    let rule = ev.rule.as_deref().unwrap_or_default();
                    assert!(rules.contains(rule), "{what}: unknown rule {rule:?}");
                    used.insert(rule.to_string());
                    // and it names what the relation is about
                    let object = match &r.target {
                        Target::Object(o) => Some(o.as_str()),
                        Target::Value(_) => None,
                    };
                    assert!(
                        mentioned_within(&x, &r.subject, ev.start, ev.end)
                            || object.is_some_and(|o| mentioned_within(&x, o, ev.start, ev.end)),
                        "{what}: {:?} names neither side",
                        ev.text
                    );
                }
            }
        }
    }
    assert!(relations > 300, "{relations} relations");
    // the sample and held-out statements exercise most rules
    assert!(used.len() >= 25, "rules used: {used:?}");
}

/// Rows of a named query on the sample store, as (document, rule, sentence).
fn fact_evidence(subject: &str, predicate: &str, object: &str) -> Vec<(String, String, String)> {
    let store = corpus_store().to_str().unwrap().to_string();
    let params = [
        format!("subject={subject}"),
        format!("predicate={predicate}"),
        format!("object={object}"),
    ];
    let mut args = vec![
        "query",
        "--store",
        &store,
        "--name",
        "fact-evidence",
        "--format",
        "json",
    ];
    for p in &params {
        args.extend(["--param", p.as_str()]);
    }
    let o = ok(ctkg(&args));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("SPARQL JSON");
    json["results"]["bindings"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|row| {
            (
                value(row, "document"),
                value(row, "rule"),
                value(row, "sentence"),
            )
        })
        .collect()
}

const MEETING: &str = "15th France-India Joint Working Group on Counter-Terrorism";

#[test]
fn the_paris_venue_is_read_in_both_reports_of_the_meeting() {
    let rows = fact_evidence(MEETING, "heldIn", "Paris");
    let documents: BTreeSet<&str> = rows.iter().map(|(d, _, _)| d.as_str()).collect();
    assert_eq!(
        documents,
        BTreeSet::from(["001_1cbb059710c4dd52.txt", "003_0ff074f920612251.txt"]),
        "{rows:#?}"
    );
    for (document, rule, sentence) in &rows {
        assert!(sentence.contains("in Paris"), "{document}: {sentence}");
        assert_eq!(rule, Rule::VenueNearMeeting.as_str());
    }
    // 003 says it twice: "a counter-terrorism meeting in Paris on Tuesday"
    // and "During the 15th Meeting ... in Paris"
    assert!(
        rows.iter()
            .any(|(_, _, s)| s.starts_with("During a counter-terrorism meeting in Paris")),
        "{rows:#?}"
    );
    // the same by IRIs, and by the property's IRI
    let by_iri = fact_evidence(
        "<https://w3id.org/ctkg/id/meeting/FRA-IND/jwg-ct/15>",
        "<https://w3id.org/ctkg/ontology#heldIn>",
        "<https://w3id.org/ctkg/id/place/paris>",
    );
    assert_eq!(by_iri, rows);
    // another name of the meeting finds it too; another venue does not
    let alias = "15th Meeting of their Joint Working Group on Counter Terrorism";
    assert_eq!(fact_evidence(alias, "heldIn", "Paris"), rows);
    assert!(fact_evidence(MEETING, "heldIn", "New Delhi").is_empty());
    assert!(fact_evidence(MEETING, "ledBy", "Paris").is_empty());
}

#[test]
fn a_leader_is_read_in_the_sentence_that_names_him_as_one() {
    let rows = fact_evidence(MEETING, "ledBy", "Mahaveer Singhvi");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    let (document, rule, sentence) = &rows[0];
    assert_eq!(document, "001_1cbb059710c4dd52.txt");
    assert!(
        sentence.starts_with("Mahaveer Singhvi, Joint Secretary (Counter Terrorism)")
            && sentence.ends_with("led respective inter-Agency delegations."),
        "{sentence}"
    );
    assert!(!rule.is_empty());
    // a value: the meeting's date, read in 001 ("yesterday", counted from
    // its date); 003 has no date to count "on Tuesday" from
    let dates = fact_evidence(MEETING, "date", "2021-11-16");
    assert_eq!(dates.len(), 1, "{dates:#?}");
    assert_eq!(dates[0].0, "001_1cbb059710c4dd52.txt");
    assert_eq!(dates[0].1, Rule::DateNearMeeting.as_str());
    assert!(dates[0].2.ends_with("in Paris yesterday."), "{dates:#?}");
}

#[test]
fn entity_evidence_gives_every_fact_its_document_and_sentence() {
    let store = corpus_store().to_str().unwrap().to_string();
    let o = ok(ctkg(&[
        "query",
        "--store",
        &store,
        "--name",
        "entity-evidence",
        "--param",
        "entity=Mahaveer Singhvi",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = json["results"]["bindings"].as_array().unwrap().clone();
    let facts: Vec<&serde_json::Value> =
        rows.iter().filter(|r| value(r, "fact") != "is a").collect();
    assert!(facts.len() >= 8, "{rows:#?}");
    for row in &facts {
        assert!(
            !value(row, "document").is_empty() && !value(row, "sentence").is_empty(),
            "a fact without its sentence: {row}"
        );
        if value(row, "fact") != "is named as" {
            assert!(!value(row, "rule").is_empty(), "{row}");
        }
    }
    let led: Vec<&&serde_json::Value> = facts
        .iter()
        .filter(|r| value(r, "fact") == "led by")
        .collect();
    let meetings: BTreeSet<String> = led.iter().map(|r| value(r, "subject")).collect();
    assert_eq!(meetings.len(), 3, "{led:#?}");
    for row in led {
        assert!(value(row, "sentence").contains("Singhvi"), "{row}");
    }
}

#[test]
fn evidence_stays_in_the_document_graphs_and_every_fact_has_some() {
    let count = |q: &str| -> usize {
        let rows = select(q);
        value(&rows[0], "n").parse().unwrap()
    };
    // the merged default graph holds facts only
    for class in ["ctkg:Mention", "ctkg:FactEvidence", "nif:Sentence"] {
        assert_eq!(
            count(&format!("SELECT (COUNT(*) AS ?n) WHERE {{ ?x a {class} }}")),
            0,
            "{class} in the default graph"
        );
        assert!(
            count(&format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?x a {class} }} }}"
            )) > 10
        );
    }
    // every relation between entities, and every value, has its evidence in
    // a graph that also holds the fact
    let without = select(
        "SELECT ?s ?p ?o WHERE {
           ?s ?p ?o .
           ?p a ?kind . FILTER(?kind IN (owl:ObjectProperty, owl:DatatypeProperty))
           FILTER(STRSTARTS(STR(?p), STR(ctkg:)))
           FILTER(?p NOT IN (ctkg:source, ctkg:fileName, ctkg:sha256, ctkg:extractor))
           FILTER NOT EXISTS {
             GRAPH ?g { ?s ?p ?o . ?e rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                       ctkg:rule ?rule ; prov:wasDerivedFrom/nif:anchorOf ?sentence }
           }
         }",
    );
    assert!(without.is_empty(), "facts without evidence: {without:#?}");
    assert!(count("SELECT (COUNT(*) AS ?n) WHERE { ?s ctkg:ledBy ?o }") >= 6);
}

#[test]
fn the_extract_table_quotes_the_sentence_of_each_relation() {
    let out = stdout(&ok(ctkg(&[
        "extract",
        "--format",
        "table",
        "corpus/001_1cbb059710c4dd52.txt",
    ])));
    let row = out
        .lines()
        .find(|l| l.contains("heldIn") && l.contains("Paris"))
        .expect("the venue row");
    assert!(row.contains(Rule::VenueNearMeeting.as_str()), "{row}");
    assert!(
        row.contains("“The two countries held the 15th Meeting of their Joint Working Group"),
        "{row}"
    );
    // shortened to fit: the sentence runs on to "... in Paris yesterday."
    assert!(row.contains("…”") && !row.contains("yesterday"), "{row}");
}
