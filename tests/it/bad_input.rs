//! Bad input: files that are not statements are named and skipped, the
//! rest is read and stored, the run exits non-zero; no text panics.

use std::fs;

use crate::helpers::{ctkg, extract, stderr, stdout};

#[test]
fn bad_files_are_named_skipped_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("in");
    fs::create_dir(&docs).unwrap();
    fs::copy("corpus/000_4f75cd613c9314ca.txt", docs.join("good.txt")).unwrap();
    fs::write(docs.join("cp1252.txt"), b"India and France held the 3rd meeting of their Joint Working Group on Counter-Terrorism in Paris; France\x92s delegation was led by Mr Jean Dupont, Director for Strategic Affairs.").unwrap();
    fs::write(docs.join("empty.txt"), b"\n  \n").unwrap();
    fs::write(
        docs.join("binary.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    fs::write(docs.join("latin.txt"), b"caf\xe9 \x81\x8d").unwrap();
    fs::write(docs.join("huge.txt"), vec![b'a'; 5000]).unwrap();
    let store = dir.path().join("store");
    let o = ctkg(&[
        "build",
        docs.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--max-bytes",
        "4000",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    for expected in [
        "cp1252.txt: not UTF-8 (invalid byte 0x92 at offset",
        "decoded as Windows-1252",
        "empty.txt: empty",
        "binary.txt: binary data",
        "latin.txt: not UTF-8 (invalid byte 0xE9 at offset 3) and not Windows-1252",
        "huge.txt: 5000 bytes, over the limit of 4000",
        "4 input(s) skipped",
    ] {
        assert!(e.contains(expected), "{expected:?} not in:\n{e}");
    }
    assert!(e.contains("2 document(s) read: 2 changed"), "{e}");
    let q = ctkg(&[
        "query",
        "--store",
        store.to_str().unwrap(),
        "--format",
        "csv",
        "SELECT ?f WHERE { ?d ctkg:fileName ?f } ORDER BY ?f",
    ]);
    assert_eq!(stdout(&q), "f\r\ncp1252.txt\r\ngood.txt\r\n");
}

#[test]
fn extract_reports_bad_files_and_still_prints_the_good() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), b"India and France met.").unwrap();
    fs::write(dir.path().join("b.txt"), b"").unwrap();
    let o = ctkg(&["extract", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o).lines().count(), 1);
    assert!(stderr(&o).contains("b.txt: empty"));
    let missing = ctkg(&["extract", "no/such/folder"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no/such/folder: no such file or folder"));
}

/// A deterministic stream of awkward texts: fragments of statements,
/// brackets, quotes, digits, dashes and non-Latin scripts, cut anywhere.
fn awkward_texts() -> impl Iterator<Item = String> {
    const PIECES: &[&str] = &[
        "Ministry of ",
        "of the ",
        "Republic of ",
        "India",
        "-",
        "–",
        "France",
        "(",
        ")",
        "“",
        "”",
        "\"",
        "’s ",
        "Mr ",
        "Dr. ",
        "J. ",
        "led by ",
        ", Joint Secretary",
        " and ",
        "15th ",
        "ninth ",
        "meeting of the ",
        "Joint Working Group on Counter-Terrorism",
        " on ",
        "13 September 2022",
        "September 30 and October 1, 2025",
        "yesterday",
        "on Tuesday",
        ".",
        "\n",
        "\n\n",
        "UNSC Resolution ",
        "2593",
        " (2021)",
        "26/11 ",
        "attacks, including ",
        "Pathankot",
        "Lashkar",
        "Conference on “",
        "Summit",
        "Embassy",
        " in ",
        "Tashkent",
        "الأمم",
        "日本",
        "🙂",
        "\u{0}",
        "\r\n",
        ",",
        ":",
        " date ",
        "2022-09-20",
        "(eighth) ",
        "co-chaired by ",
        "The Indian delegation was led by ",
        "virtually",
        "\u{a0}",
        "\u{2009}",
        "\u{202f}",
        "\u{3000}",
        "Сергей ",
        "Иванов, ",
    ];
    let mut seed: u64 = std::env::var("CTKG_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x2545F4914F6CDD1D);
    // CTKG_FUZZ_ITERATIONS=100000 (and CTKG_FUZZ_SEED=N) for a longer search
    let n: usize = std::env::var("CTKG_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1500);
    (0..n).map(move |_| {
        let mut s = String::new();
        let n = (seed % 40) as usize + 1;
        for _ in 0..n {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        s
    })
}

#[test]
fn no_text_makes_extraction_panic() {
    for text in awkward_texts() {
        let result = std::panic::catch_unwind(|| extract(&text, Some("2025-10-02")));
        assert!(result.is_ok(), "extraction panicked on {text:?}");
        let x = result.unwrap();
        // every piece of evidence quotes the text it points at
        let chars: Vec<char> = text.chars().collect();
        for e in &x.entities {
            for ev in &e.evidence {
                let quoted: String = chars[ev.start..ev.end].iter().collect();
                assert_eq!(quoted, ev.text, "in {text:?}");
            }
        }
    }
}

#[test]
fn a_bad_manifest_row_is_named() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), b"India and France met.").unwrap();
    fs::write(
        dir.path().join("manifest.csv"),
        b"file,date,title,source\na.txt,2021-13-40,,\n",
    )
    .unwrap();
    let o = ctkg(&["extract", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("manifest.csv, line 2"),
        "{}",
        stderr(&o)
    );
}
