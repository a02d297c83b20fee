//! Rough edges a new user meets: odd folders and files, manifests written
//! by hand, output piped into other programs, queries that run long or are
//! asked wrongly. Each test is one finding of trying ctkg as a user would.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::helpers::{corpus, corpus_store, ctkg, extract, ok, stderr, stdout};

const STATEMENT: &str = "India and France held the 3rd meeting of their Joint Working Group on Counter-Terrorism in Paris on 16 November 2021.";

fn folder_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The documents of an `extract` run, by name.
fn extracted_docs(o: &std::process::Output) -> Vec<String> {
    stdout(o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc"].as_str().unwrap().to_string()
        })
        .collect()
}

// ---- folders and paths ----

#[test]
fn links_back_up_the_tree_are_not_followed_and_are_named() {
    let dir = folder_with(&[("a.txt", STATEMENT.as_bytes())]);
    let sub = dir.path().join("sub");
    fs::create_dir(&sub).unwrap();
    fs::write(sub.join("b.txt"), STATEMENT).unwrap();
    std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
    let o = ctkg(&["extract", path(dir.path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(extracted_docs(&o), ["a.txt", "b.txt"]);
    let e = stderr(&o);
    assert!(e.contains("self: a link back to"), "{e}");
    assert!(e.contains("up: a link back to"), "{e}");
}

#[test]
fn the_same_file_given_twice_is_one_input() {
    let doc = corpus().join("000_4f75cd613c9314ca.txt");
    let o = ctkg(&["extract", "corpus", "./corpus/", path(&doc)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(extracted_docs(&o).len(), 5);
    // and it does not block --prune
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let b = ok(ctkg(&[
        "build",
        "corpus",
        path(&doc),
        "--prune",
        "--store",
        path(&store),
    ]));
    assert!(!stderr(&b).contains("no document is removed"));
}

#[test]
fn names_that_differ_only_in_non_ascii_letters_are_two_documents() {
    let dir = folder_with(&[
        ("été.txt", STATEMENT.as_bytes()),
        ("ütü.txt", STATEMENT.as_bytes()),
        ("भारत.txt", STATEMENT.as_bytes()),
        ("भरत.txt", STATEMENT.as_bytes()),
    ]);
    let store = dir.path().join("store");
    let o = ok(ctkg(&["build", path(dir.path()), "--store", path(&store)]));
    assert!(stderr(&o).contains("4 document(s) read"), "{}", stderr(&o));
    let q = ok(ctkg(&[
        "query",
        "--store",
        path(&store),
        "--format",
        "csv",
        "SELECT ?f ?d WHERE { ?d ctkg:fileName ?f } ORDER BY ?f",
    ]));
    let out = stdout(&q);
    for name in ["été.txt", "ütü.txt", "भारत.txt", "भरत.txt"] {
        assert!(out.contains(name), "{name} in {out}");
    }
    // IRIs percent-encode what is not ASCII
    assert!(out.contains("/doc/%C3%A9t%C3%A9-txt"), "{out}");
}

#[test]
fn a_folder_that_is_not_a_store_is_refused() {
    let dir = folder_with(&[("notes.txt", b"my own notes")]);
    let o = ctkg(&[
        "build",
        "corpus/000_4f75cd613c9314ca.txt",
        "--store",
        path(dir.path()),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not a ctkg store"), "{}", stderr(&o));
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "files were written among the user's");
}

#[test]
fn a_build_without_input_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .arg("build")
        .current_dir(dir.path())
        .env_remove("CTKG_STORE")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no statements to build from"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("ctkg-store").exists());
}

#[test]
fn an_empty_ctkg_store_means_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .args(["build", path(&corpus().join("000_4f75cd613c9314ca.txt"))])
        .current_dir(dir.path())
        .env("CTKG_STORE", "")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("ctkg-store/CURRENT").exists());
}

// ---- encodings ----

#[test]
fn utf32_with_a_mark_is_read_and_utf16_without_one_is_named() {
    let mut utf32 = b"\xFF\xFE\x00\x00".to_vec();
    for c in STATEMENT.chars() {
        utf32.extend((c as u32).to_le_bytes());
    }
    let utf16: Vec<u8> = STATEMENT
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = folder_with(&[("a32.txt", &utf32), ("b16.txt", &utf16)]);
    let o = ctkg(&["extract", path(dir.path())]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("a32.txt: decoded as UTF-32LE"), "{e}");
    assert!(
        e.contains("b16.txt: looks like UTF-16 (little-endian) without a byte-order mark"),
        "{e}"
    );
    let line = stdout(&o);
    assert!(line.contains("\"name\":\"Paris\""), "{line}");
}

#[test]
fn a_zero_width_mark_inside_a_word_does_not_hide_a_state() {
    let x = extract("India\u{feff}and France held talks in Paris.", None);
    assert!(x.entities.iter().any(|e| e.name == "India"), "{x:?}");
    let x = extract("Lashkar\u{ad}-e-Taiba was named.", None);
    assert!(
        x.entities.iter().any(|e| e.name == "Lashkar-e-Taiba"),
        "{x:?}"
    );
}

// ---- manifests ----

fn manifest_run(manifest: &[u8]) -> (i32, String, Vec<serde_json::Value>) {
    let dir = folder_with(&[
        ("a.txt", STATEMENT.as_bytes()),
        ("b.txt", STATEMENT.as_bytes()),
        ("manifest.csv", manifest),
    ]);
    let o = ctkg(&["extract", path(dir.path())]);
    let docs = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (o.status.code().unwrap(), stderr(&o), docs)
}

#[test]
fn two_rows_for_one_file_name_both_lines_and_the_first_is_used() {
    let (code, e, _) = manifest_run(
        b"file,date,title,source\na.txt,2021-11-17,First,\nb.txt,,,\na.txt,2020-01-01,Second,\n",
    );
    assert_eq!(code, 1);
    assert!(
        e.contains("line 4: a second row for a.txt (the first is on line 2)"),
        "{e}"
    );
}

#[test]
fn an_unclosed_quote_is_reported_where_it_opens() {
    let (code, e, _) = manifest_run(
        b"file,date,title,source\na.txt,2021-11-17,\"Talks in Paris,\nb.txt,2021-11-18,Other,\n",
    );
    assert_eq!(code, 1);
    assert!(
        e.contains("manifest.csv, line 2: a quoted field opens here and is never closed"),
        "{e}"
    );
}

#[test]
fn rows_naming_no_file_or_another_file_are_warned_of() {
    let (code, e, _) = manifest_run(
        b"file,date,title,source\na.txt,2021-11-17,,\n,2021-11-18,,\nc.txt,2021-11-19,,\n",
    );
    assert_eq!(code, 0, "{e}");
    assert!(e.contains("line 3: the row names no file"), "{e}");
    assert!(
        e.contains("line 4: names c.txt, which is not among the statements"),
        "{e}"
    );
}

#[test]
fn a_wrong_header_is_blamed_on_the_header() {
    for (manifest, said) in [
        (
            &b"File,Date\na.txt,2021-11-17\n"[..],
            "the columns are named in lower case",
        ),
        (
            b"file;date;title;source\na.txt;2021-11-17;;\n",
            "separated by ';'",
        ),
    ] {
        let (code, e, _) = manifest_run(manifest);
        assert_eq!(code, 1);
        assert!(e.contains("manifest.csv, line 1: the header"), "{e}");
        assert!(e.contains(said), "{e}");
        assert!(!e.contains("line 2"), "{e}");
    }
}

#[test]
fn a_manifest_in_windows_1252_or_utf16_is_decoded() {
    let text = "file,date,title,source\na.txt,2021-11-17,Caf\u{e9} talks,\n";
    let mut latin = Vec::new();
    for c in text.chars() {
        latin.push(if c == '\u{e9}' { 0xE9 } else { c as u8 });
    }
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for manifest in [latin, utf16] {
        let (code, e, docs) = manifest_run(&manifest);
        assert_eq!(code, 0, "{e}");
        let a = docs.iter().find(|d| d["doc"] == "a.txt").unwrap();
        // the manifest's date anchors the statement
        assert!(a.to_string().contains("2021-11-16"), "{a}");
    }
}

#[test]
fn the_build_summary_counts_rows_and_documents_apart() {
    let dir = folder_with(&[
        ("a.txt", STATEMENT.as_bytes()),
        ("b.txt", STATEMENT.as_bytes()),
        (
            "manifest.csv",
            b"file,date,title,source\na.txt,bad,,\nb.txt,bad,,\n",
        ),
    ]);
    let store = dir.path().join("store");
    let o = ctkg(&["build", path(dir.path()), "--store", path(&store)]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("2 document(s) read: 2 changed")
            && e.contains("0 file(s) skipped, 2 manifest problem(s)"),
        "{e}"
    );
}

// ---- extraction at size ----

#[test]
fn ordinals_of_a_hundred_and_more_are_kept() {
    for (ordinal, n) in [
        ("100th", "100"),
        ("101st", "101"),
        ("150th", "150"),
        ("1002nd", "1002"),
    ] {
        let text = format!(
            "India and France held the {ordinal} meeting of the India-France Joint Working Group on Counter-Terrorism in Paris."
        );
        let x = extract(&text, None);
        let ordinals: Vec<String> = x
            .relations
            .iter()
            .filter(|r| r.predicate.as_str() == "ordinal")
            .map(|r| match &r.target {
                ctkg::model::Target::Value(v) => v.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(ordinals, [n], "{text}");
    }
}

#[test]
fn three_thousand_sessions_are_three_thousand_meetings() {
    let mut text = String::new();
    for n in 1..=3000u32 {
        let suffix = match (n % 10, n % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        text.push_str(&format!(
            "The {n}{suffix} meeting of the India-France Joint Working Group on Counter-Terrorism was held.\n\n"
        ));
    }
    let x = extract(&text, None);
    let meetings = x
        .entities
        .iter()
        .filter(|e| e.kind.as_str() == "Meeting")
        .count();
    assert_eq!(meetings, 3000);
}

#[test]
fn an_eight_megabyte_statement_is_read_whole() {
    // statement-like text, dense with entities: the size limit's worth
    let paragraph = "The 15th meeting of the India-France Joint Working Group on Counter-Terrorism was held in Paris on 16 November 2021. The Indian delegation was led by Mahaveer Singhvi, Joint Secretary (Counter Terrorism), Ministry of External Affairs. Both sides condemned Lashkar-e-Taiba, Jaish-e-Mohammed and al-Qaida, and welcomed UNSC Resolution 2396.\n\n";
    let copies = 8 * 1024 * 1024 / paragraph.len();
    let text = paragraph.repeat(copies);
    let x = extract(&text, None);
    let singhvi = x
        .entities
        .iter()
        .find(|e| e.name == "Mahaveer Singhvi")
        .expect("the official");
    // every copy's mention is found, to the last
    assert_eq!(singhvi.evidence.len(), copies);
    assert_eq!(
        x.entities
            .iter()
            .filter(|e| e.kind.as_str() == "Meeting")
            .count(),
        1
    );
}

// ---- queries ----

fn store() -> String {
    path(corpus_store()).to_string()
}

#[test]
fn a_table_shows_its_first_rows_and_says_how_many_were_left_out() {
    let s = store();
    let o = ok(ctkg(&[
        "query",
        "--store",
        &s,
        "--format",
        "table",
        "--max-rows",
        "3",
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    ]));
    let out = stdout(&o);
    let total: usize = {
        let c = ok(ctkg(&[
            "query",
            "--store",
            &s,
            "--format",
            "csv",
            "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
        ]));
        stdout(&c).lines().count() - 1
    };
    assert!(
        out.contains(&format!(
            "3 of {total} rows shown, {} left out; use --format csv",
            total - 3
        )),
        "{out}"
    );
}

#[test]
fn a_query_past_its_timeout_is_stopped_with_a_message() {
    let s = store();
    let o = ctkg(&[
        "query",
        "--store",
        &s,
        "--timeout",
        "0.5",
        "--format",
        "csv",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("stopped after 0.5 s, the time limit (raise it with --timeout"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_build_is_refused_while_a_query_reads_the_store_with_its_pid() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let doc = "corpus/000_4f75cd613c9314ca.txt";
    ok(ctkg(&["build", doc, "--store", path(&store)]));
    // a query that runs until stopped: a long cross product, read from stdin
    let mut query = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .args([
            "query",
            "--store",
            path(&store),
            "--timeout",
            "60",
            "--format",
            "csv",
            "--file",
            "-",
        ])
        .current_dir(crate::helpers::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    query
        .stdin
        .take()
        .unwrap()
        .write_all(b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
        .unwrap();
    // wait until the query holds the store
    let readers = store.join("readers");
    for _ in 0..200 {
        if fs::read_dir(&readers).is_ok_and(|mut d| d.next().is_some()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = ctkg(&["build", doc, "--store", path(&store)]);
    query.kill().unwrap();
    let _ = query.wait();
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains(&format!("reading it: pid {}: ctkg query", query.id())),
        "{e}"
    );
}

#[test]
fn an_update_is_told_that_the_store_changes_only_by_build() {
    let o = ctkg(&["query", "--store", &store(), "DELETE WHERE { ?s ?p ?o }"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("ctkg's store is changed only by `ctkg build`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn format_names_are_printed_as_typed() {
    let o = ctkg(&["query", "--store", &store(), "--format", "ttl", "ASK {}"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("--format ttl does not fit the results of an ASK query"),
        "{e}"
    );
    assert!(!e.contains("Ttl"), "{e}");
}

#[test]
fn wrong_and_repeated_parameters_are_named() {
    let s = store();
    let base = ["query", "--store", &s, "--name", "partner-history"];
    let run = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(extra);
        ctkg(&args)
    };
    let unknown = run(&["--param", "country=France"]);
    assert_eq!(unknown.status.code(), Some(2));
    let e = stderr(&unknown);
    assert!(
        e.contains("--param country: no such parameter") && e.contains("takes --param partner"),
        "{e}"
    );
    let twice = run(&["--param", "partner=France", "--param", "partner=India"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(stderr(&twice).contains("given twice"), "{}", stderr(&twice));
    // ?partner is the variable's name; it is accepted
    let question = run(&["--param", "?partner=France", "--format", "csv"]);
    assert!(question.status.success(), "{}", stderr(&question));
    assert!(stdout(&question).lines().count() > 1);
}

#[test]
fn output_into_a_reader_that_stops_ends_quietly() {
    let big = tempfile::tempdir().unwrap();
    for i in 0..40 {
        fs::copy(
            corpus().join("001_1cbb059710c4dd52.txt"),
            big.path().join(format!("{i:03}.txt")),
        )
        .unwrap();
    }
    for args in [
        vec!["extract".to_string(), path(big.path()).to_string()],
        vec![
            "query".into(),
            "--store".into(),
            store(),
            "--format".into(),
            "nt".into(),
            "CONSTRUCT WHERE { ?s ?p ?o }".into(),
        ],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ctkg"))
            .args(&args)
            .current_dir(crate::helpers::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // read one line, then go away, as `head -1` does
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
    }
}

#[test]
fn json_xml_and_boolean_results_end_with_a_newline() {
    let s = store();
    for (format, query) in [
        ("json", "SELECT * WHERE { ?s a ctkg:State } LIMIT 1"),
        ("xml", "SELECT * WHERE { ?s a ctkg:State } LIMIT 1"),
        ("json", "ASK {}"),
        ("xml", "ASK {}"),
        ("table", "ASK {}"),
        ("csv", "ASK {}"),
        ("tsv", "ASK {}"),
    ] {
        let o = ok(ctkg(&["query", "--store", &s, "--format", format, query]));
        assert!(stdout(&o).ends_with('\n'), "{format} {query}");
    }
}

#[test]
fn a_query_from_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .args([
            "query",
            "--store",
            &store(),
            "--format",
            "csv",
            "--file",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"SELECT (COUNT(*) AS ?n) WHERE { ?s a ctkg:Meeting }")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    assert_eq!(stdout(&o), "n\r\n5\r\n");
}

#[test]
fn tables_fit_the_terminal_width() {
    let o = Command::new(env!("CARGO_BIN_EXE_ctkg"))
        .args([
            "query",
            "--store",
            &store(),
            "--name",
            "meetings-timeline",
            "--format",
            "table",
        ])
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "{line:?} is wider than 80");
    }
    assert!(out.contains("New Delhi"));
}

#[test]
fn undated_meetings_sort_by_ordinal_as_a_number() {
    let dir = folder_with(&[
        ("a.txt", b"The 2nd meeting of the India-Japan Joint Working Group on Counter-Terrorism was held."),
        ("b.txt", b"The 10th meeting of the India-Japan Joint Working Group on Counter-Terrorism was held."),
        ("c.txt", b"The 9th meeting of the India-Japan Joint Working Group on Counter-Terrorism was held."),
    ]);
    let store = dir.path().join("store");
    ok(ctkg(&["build", path(dir.path()), "--store", path(&store)]));
    let o = ok(ctkg(&[
        "query",
        "--store",
        path(&store),
        "--name",
        "meetings-timeline",
        "--format",
        "csv",
    ]));
    let order: Vec<String> = stdout(&o)
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().to_string())
        .collect();
    assert!(
        order[0].starts_with("2nd") && order[1].starts_with("9th") && order[2].starts_with("10th"),
        "{order:?}"
    );
}

#[test]
fn iris_in_tables_paste_back_into_a_query() {
    let s = store();
    let o = ok(ctkg(&[
        "query",
        "--store",
        &s,
        "--format",
        "table",
        "SELECT ?s WHERE { ?s a ctkg:State } ORDER BY ?s LIMIT 1",
    ]));
    let shown = stdout(&o)
        .lines()
        .find(|l| l.contains("state/"))
        .unwrap()
        .trim_matches(|c: char| c == '│' || c.is_whitespace())
        .to_string();
    let again = ok(ctkg(&[
        "query",
        "--store",
        &s,
        "--format",
        "csv",
        &format!("ASK {{ {shown} a ctkg:State }}"),
    ]));
    assert_eq!(stdout(&again).trim(), "true");
}

#[test]
fn stats_in_three_formats() {
    let s = store();
    let json = ok(ctkg(&["stats", "--store", &s, "--format", "json"]));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 5);
    assert!(v["quads"].as_u64().unwrap() > 100);
    let meetings = v["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["class"] == "Meeting")
        .unwrap();
    assert_eq!(meetings["nodes"], 5);
    let csv = ok(ctkg(&["stats", "--store", &s, "--format", "csv"]));
    assert!(
        stdout(&csv).contains("nodes,ctkg:Meeting,5"),
        "{}",
        stdout(&csv)
    );
    let table = ok(ctkg(&["stats", "--store", &s]));
    assert!(stdout(&table).contains("ctkg:Meeting"));
}

#[test]
fn a_damaged_store_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    ok(ctkg(&[
        "build",
        "corpus/000_4f75cd613c9314ca.txt",
        "--store",
        path(&store),
    ]));
    // garble the database's manifest, which says what its files hold
    for entry in fs::read_dir(&store).unwrap().flatten() {
        let p = entry.path();
        if p.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("MANIFEST-")
        {
            let len = fs::metadata(&p).unwrap().len() as usize;
            fs::write(&p, vec![0x5A; len]).unwrap();
        }
    }
    let o = ctkg(&[
        "query",
        "--store",
        path(&store),
        "--format",
        "csv",
        "SELECT * { ?s ?p ?o }",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("is damaged") && e.contains("ctkg build --force --store NEW_FOLDER"),
        "{e}"
    );
    // each cause once
    assert_eq!(e.lines().count(), 1, "{e}");
    let parts: Vec<&str> = e.trim().split(": ").collect();
    for (i, p) in parts.iter().enumerate() {
        if p.len() > 20 {
            assert!(!parts[i + 1..].contains(p), "{p:?} repeated in {e}");
        }
    }
}
