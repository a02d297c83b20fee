//! Gives the library a digest of everything that decides what a document
//! becomes in the store (extraction, lexicons, ontology, mapping), so a
//! store built by other code reads its documents again.

use std::fs;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const INPUTS: &[&str] = &[
    "src/extract",
    "src/text.rs",
    "src/dates.rs",
    "src/lexicon.rs",
    "src/model.rs",
    "src/resolve.rs",
    "src/rdf.rs",
    "src/vocab.rs",
    "ontology",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = fs::read_dir(path)
            .expect("readable folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut digest = Sha256::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        let mut found = Vec::new();
        files(Path::new(input), &mut found);
        for f in found {
            digest.update(f.to_string_lossy().as_bytes());
            digest.update(fs::read(&f).expect("readable file"));
        }
    }
    let hex: String = digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    println!("cargo:rustc-env=CTKG_READER_DIGEST={hex}");
}
