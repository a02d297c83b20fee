//! Extraction: quality on the sample corpus against its gold, the
//! interchange format, and what is found in sentences the corpus lacks.

use std::collections::BTreeMap;
use std::process::Command;

use ctkg::model::{EntityType, Extraction, Target};

use crate::helpers::{corpus, corpus_run, ctkg, extract, gold, ok, stdout};

/// Facts as `(subject name, predicate, object name or value)`.
fn facts(x: &Extraction) -> Vec<(String, String, String)> {
    let name = |id: &str| x.entity(id).map_or(id.to_string(), |e| e.name.clone());
    x.relations
        .iter()
        .map(|r| {
            let o = match &r.target {
                Target::Object(o) => name(o),
                Target::Value(v) => v.clone(),
            };
            (name(&r.subject), r.predicate.to_string(), o)
        })
        .collect()
}

fn has(x: &Extraction, s: &str, p: &str, o: &str) -> bool {
    facts(x).contains(&(s.to_string(), p.to_string(), o.to_string()))
}

fn meeting(x: &Extraction) -> String {
    x.of_type(EntityType::Meeting)
        .next()
        .expect("a meeting")
        .name
        .clone()
}

#[test]
fn the_sample_corpus_meets_its_gold() {
    let gold = ctkg::eval::read_gold(&gold()).unwrap();
    let report = ctkg::eval::score(&gold, &corpus_run());
    println!("{}", report.to_text(true));
    assert!(
        report.f1_entities() >= 0.95,
        "entity F1 {}",
        report.f1_entities()
    );
    assert!(
        report.f1_relations() >= 0.90,
        "relation F1 {}",
        report.f1_relations()
    );
}

#[test]
fn ctkg_eval_and_the_project_scorer_agree() {
    let run = ok(ctkg(&["extract", "corpus", "--format", "jsonl"]));
    let dir = tempfile::tempdir().unwrap();
    let run_file = dir.path().join("run.jsonl");
    std::fs::write(&run_file, &run.stdout).unwrap();
    let scorer = Command::new("python3")
        .arg(crate::helpers::root().join("tests/fixtures/kgscore.py"))
        .args(["--json", "--gold"])
        .arg(gold())
        .arg("--pred")
        .arg(&run_file)
        .output()
        .expect("python3 runs the scorer");
    assert!(
        scorer.status.success(),
        "{}",
        String::from_utf8_lossy(&scorer.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&scorer.stdout).unwrap();
    let eval = ok(ctkg(&[
        "eval",
        "--gold",
        gold().to_str().unwrap(),
        "corpus",
        "--json",
    ]));
    let ours: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    assert_eq!(ours, theirs);
}

#[test]
fn jsonl_is_one_interchange_object_per_document_with_exact_evidence() {
    let out = stdout(&ok(ctkg(&["extract", "corpus"])));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    for line in lines {
        let x: Extraction = serde_json::from_str(line).unwrap();
        let text = std::fs::read_to_string(corpus().join(&x.doc)).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for e in &x.entities {
            for ev in &e.evidence {
                let quoted: String = chars[ev.start..ev.end].iter().collect();
                assert_eq!(quoted, ev.text, "{} in {}", e.name, x.doc);
            }
        }
    }
}

#[test]
fn the_table_is_for_people() {
    let out = stdout(&ok(ctkg(&[
        "extract",
        "corpus/000_4f75cd613c9314ca.txt",
        "--format",
        "table",
    ])));
    assert!(out.contains("== 000_4f75cd613c9314ca.txt"));
    assert!(out.contains("Jonon S. Sherali"));
    assert!(out.contains("ledBy"));
}

#[test]
fn one_official_one_key_across_statements() {
    let run = corpus_run();
    let keys: BTreeMap<String, usize> = run
        .iter()
        .flat_map(|x| {
            x.of_type(EntityType::Official)
                .map(|e| e.id.clone())
                .collect::<Vec<_>>()
        })
        .fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        });
    assert_eq!(keys.get("official/mahaveer-singhvi"), Some(&3), "{keys:?}");
}

#[test]
fn a_dialogue_with_a_multilateral_side() {
    let x = extract(
        "Brussels, 14 March 2024: The 5th India-EU Counter-Terrorism Dialogue was held in Brussels on 13 March 2024. The Indian delegation was led by Ms Anjali Rao, Joint Secretary (Counter Terrorism), Ministry of External Affairs.",
        None,
    );
    let m = meeting(&x);
    for (p, o) in [
        ("participant", "India"),
        ("participant", "European Union"),
        ("ordinal", "5"),
        ("date", "2024-03-13"),
        ("heldIn", "Brussels"),
        ("ledBy", "Anjali Rao"),
    ] {
        assert!(has(&x, &m, p, o), "missing {p} {o}: {:#?}", facts(&x));
    }
    assert!(has(&x, "Anjali Rao", "represents", "India"));
}

#[test]
fn other_partners_groups_and_relative_dates() {
    let x = extract(
        "Washington, May 10, 2024: Pakistan and the United States held their Counterterrorism Dialogue in Washington on Monday. Both sides condemned attacks by Tehrik-e-Taliban Pakistan (TTP) and ISIS-Khorasan and called for implementation of UN Security Council Resolution 1373.",
        None,
    );
    let m = meeting(&x);
    assert!(has(&x, &m, "participant", "Pakistan"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "participant", "United States"));
    assert!(has(&x, &m, "date", "2024-05-06"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "heldIn", "Washington"), "{:#?}", facts(&x));
    assert!(has(&x, &m, "mentions", "Tehrik-e-Taliban Pakistan"));
    assert!(has(&x, &m, "mentions", "UNSC Resolution 1373"));
}

#[test]
fn a_year_that_cannot_be_known_is_left_out() {
    let x = extract(
        "The 3rd meeting of the India-Egypt Joint Working Group on Counter-Terrorism was held in Cairo on 5 March.",
        None,
    );
    let m = meeting(&x);
    assert!(has(&x, &m, "ordinal", "3"));
    assert!(!facts(&x).iter().any(|(s, p, _)| *s == m && p == "date"));
}

#[test]
fn statements_without_a_meeting_have_none() {
    let x = extract(
        "The United States today designated The Resistance Front (TRF), a proxy of Lashkar-e-Taiba, as a Foreign Terrorist Organization.",
        Some("2025-07-18"),
    );
    assert_eq!(x.of_type(EntityType::Meeting).count(), 0);
    let groups: Vec<&str> = x
        .of_type(EntityType::TerroristGroup)
        .map(|e| e.name.as_str())
        .collect();
    assert!(
        groups.contains(&"The Resistance Front") && groups.contains(&"Lashkar-e-Taiba"),
        "{groups:?}"
    );
}
