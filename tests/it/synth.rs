//! `ctkg synth`: the same seed writes the same bytes, the gold describes
//! the text it comes with, the manifest lists every statement, and ctkg's
//! extraction on synthetic statements stays above a measured floor.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use ctkg::model::{Extraction, Target};

use crate::helpers::{ctkg, ok, stderr};

/// Writes `n` statements with `seed` into a new folder under `dir`.
fn synth(dir: &Path, name: &str, n: u64, seed: u64) -> std::path::PathBuf {
    let out = dir.join(name);
    ok(ctkg(&[
        "synth",
        "--docs",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
        "--out",
        out.to_str().unwrap(),
    ]));
    out
}

/// Every file under a folder, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            out.insert(
                rel.to_string_lossy().into_owned(),
                fs::read(entry.path()).unwrap(),
            );
        }
    }
    out
}

fn gold_of(dir: &Path, stem: &str) -> Extraction {
    let text = fs::read_to_string(dir.join("gold").join(format!("{stem}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_same_seed_writes_the_same_bytes_and_another_seed_other_statements() {
    let dir = tempfile::tempdir().unwrap();
    let first = files(&synth(dir.path(), "a", 80, 42));
    let again = files(&synth(dir.path(), "b", 80, 42));
    let other = files(&synth(dir.path(), "c", 80, 43));
    assert_eq!(
        first.len(),
        80 * 2 + 1,
        "80 statements, 80 gold files, a manifest"
    );
    assert!(first == again, "a second run with the same seed differs");
    let texts = |f: &BTreeMap<String, Vec<u8>>| -> BTreeSet<Vec<u8>> {
        f.iter()
            .filter(|(k, _)| k.ends_with(".txt"))
            .map(|(_, v)| v.clone())
            .collect()
    };
    let shared = texts(&first).intersection(&texts(&other)).count();
    assert_eq!(
        shared, 0,
        "seeds 42 and 43 wrote {shared} identical statements"
    );
    // a prefix of a longer run is the shorter run: statements depend on
    // their number, not on how many are made
    let longer = files(&synth(dir.path(), "d", 120, 42));
    for (name, bytes) in first.iter().filter(|(k, _)| k.ends_with(".txt")) {
        assert_eq!(
            longer.get(name),
            Some(bytes),
            "{name} differs in a longer run"
        );
    }
}

#[test]
fn the_gold_describes_its_text_and_the_manifest_lists_every_statement() {
    let dir = tempfile::tempdir().unwrap();
    let out = synth(dir.path(), "s", 300, 5);
    let mut manifest = csv::Reader::from_path(out.join("manifest.csv")).unwrap();
    assert_eq!(
        manifest.headers().unwrap(),
        vec!["file", "date", "title", "source"]
    );
    let mut listed = BTreeSet::new();
    let mut kinds = BTreeSet::new();
    let mut lengths = Vec::new();
    for row in manifest.records() {
        let row = row.unwrap();
        let file = row[0].to_string();
        assert!(listed.insert(file.clone()), "{file} is listed twice");
        chrono::NaiveDate::parse_from_str(&row[1], "%Y-%m-%d")
            .unwrap_or_else(|e| panic!("{file}: date {:?}: {e}", &row[1]));
        assert!(
            row[3].starts_with("https://"),
            "{file}: source {:?}",
            &row[3]
        );
        let text = fs::read_to_string(out.join(&file)).unwrap();
        if !row[2].is_empty() {
            assert!(
                text.starts_with(&row[2]),
                "{file}: the title is not its first line"
            );
        }
        lengths.push(text.split_whitespace().count());
        kinds.insert(file.split('_').nth(1).unwrap().to_string());

        let stem = file.trim_end_matches(".txt");
        let gold = gold_of(&out, stem);
        assert_eq!(gold.doc, file);
        let ids: BTreeSet<&str> = gold.entities.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), gold.entities.len(), "{file}: an id twice");
        for r in &gold.relations {
            assert!(
                ids.contains(r.subject.as_str()),
                "{file}: {r:?} has no subject"
            );
            if let Target::Object(o) = &r.target {
                assert!(ids.contains(o.as_str()), "{file}: {r:?} has no object");
            }
        }
        for e in &gold.entities {
            let named = std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|label| text.contains(label.as_str()));
            assert!(
                named,
                "{file}: no label of {} ({:?}) is in the text",
                e.id, e.name
            );
        }
    }
    let on_disk: BTreeSet<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    assert_eq!(listed, on_disk);
    assert_eq!(fs::read_dir(out.join("gold")).unwrap().count(), 300);
    // every kind of statement, of several lengths
    assert_eq!(
        kinds,
        ["condemnation", "designation", "joint", "release", "wire"]
            .map(String::from)
            .into()
    );
    lengths.sort_unstable();
    let (short, long) = (lengths[lengths.len() / 10], lengths[lengths.len() * 9 / 10]);
    assert!(
        long >= 2 * short,
        "lengths run only from {short} to {long} words"
    );
}

#[test]
fn extraction_on_synthetic_statements_stays_above_its_measured_floor() {
    let dir = tempfile::tempdir().unwrap();
    let out = synth(dir.path(), "s", 300, 11);
    let o = ok(ctkg(&[
        "eval",
        "--json",
        "--gold",
        out.join("gold").to_str().unwrap(),
        out.to_str().unwrap(),
    ]));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f1 = |part: &str| {
        report[part]["ALL"]["f1"]
            .as_f64()
            .unwrap_or_else(|| panic!("{report}"))
    };
    let (entities, relations) = (f1("entities"), f1("relations"));
    // Measured on these 300 statements (seed 11) when this test was
    // written: entities 0.932, relations 0.670 (wire reports lose their
    // meeting's date to the dateline date; posts before a name are often
    // missed). The floors leave 0.05 for a phrasing or two, not for a
    // regression.
    assert!(entities >= 0.88, "entity F1 {entities:.3} fell below 0.88");
    assert!(
        relations >= 0.62,
        "relation F1 {relations:.3} fell below 0.62"
    );
}

#[test]
fn synth_never_writes_among_other_files() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let o = ctkg(&[
        "synth",
        "--docs",
        "3",
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}
