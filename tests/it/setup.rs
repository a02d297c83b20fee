//! `scripts/setup` decides whether libclang must be installed the way
//! bindgen's clang-sys looks for it: a real libclang in a library folder or
//! in LIBCLANG_PATH, never the C++ interface library libclang-cpp.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use crate::helpers::root;

/// Runs `scripts/setup --find` with the library folders replaced by `dirs`.
fn find(dirs: &[&Path], libclang_path: Option<&Path>) -> Output {
    let joined = dirs
        .iter()
        .map(|d| d.to_str().unwrap())
        .collect::<Vec<_>>()
        .join(":");
    let mut cmd = Command::new("bash");
    cmd.arg(root().join("scripts/setup"))
        .arg("--find")
        .env("CTKG_LIBCLANG_DIRS", joined)
        .env_remove("LIBCLANG_PATH");
    if let Some(p) = libclang_path {
        cmd.env("LIBCLANG_PATH", p);
    }
    cmd.output().expect("bash runs scripts/setup")
}

/// A made-up library folder holding empty files of these names.
fn folder(parent: &Path, name: &str, files: &[&str]) -> std::path::PathBuf {
    let dir = parent.join(name);
    fs::create_dir_all(&dir).unwrap();
    for f in files {
        fs::write(dir.join(f), b"").unwrap();
    }
    dir
}

fn found(o: &Output) -> Option<String> {
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

#[test]
fn libclang_cpp_alone_means_libclang_must_be_installed() {
    let t = tempfile::tempdir().unwrap();
    let cpp = folder(
        t.path(),
        "llvm-14",
        &["libclang-cpp.so.14", "libclang-cpp.so"],
    );
    assert_eq!(found(&find(&[&cpp], None)), None);
    // nor does LIBCLANG_PATH pointing at it
    assert_eq!(found(&find(&[], Some(&cpp))), None);
}

#[test]
fn a_versioned_or_plain_libclang_is_enough() {
    let t = tempfile::tempdir().unwrap();
    for (name, file) in [
        ("a", "libclang-14.so.1"),
        ("b", "libclang.so.1"),
        ("c", "libclang.so"),
        ("d", "libclang-14.so"),
    ] {
        let dir = folder(t.path(), name, &["libclang-cpp.so.14", file]);
        let empty = folder(t.path(), &format!("{name}-empty"), &[]);
        assert_eq!(
            found(&find(&[&empty, &dir], None)),
            Some(dir.join(file).display().to_string()),
            "{file}"
        );
    }
}

#[test]
fn libclang_path_is_searched_first() {
    let t = tempfile::tempdir().unwrap();
    let own = folder(t.path(), "own", &["libclang.so.1"]);
    let cpp = folder(t.path(), "system", &["libclang-cpp.so.14"]);
    assert_eq!(
        found(&find(&[&cpp], Some(&own))),
        Some(own.join("libclang.so.1").display().to_string())
    );
}
