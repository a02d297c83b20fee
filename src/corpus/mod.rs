//! Reading statements: files and folders, their encoding ([`decode`]),
//! the `manifest.csv` beside them ([`manifest`]) and the date a statement
//! gives for itself.
//!
//! A file that cannot be a statement (not text, empty, too large) is
//! reported by name and skipped; the others are read. A file reached twice
//! (named twice, or through a link) is one input; a link that leads back
//! into a folder being read is skipped and named. Nothing here extracts or
//! stores anything.

mod decode;
mod manifest;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::dates;

pub use manifest::MANIFEST;

/// Files larger than this are not statements (overridable).
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// A statement, read and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name, without folder: the document's identity (bytes that are
    /// not UTF-8 are written `%XX`).
    pub name: String,
    pub path: PathBuf,
    pub text: String,
    /// SHA-256 of the file's bytes, in hex.
    pub sha256: String,
    /// Publication date: from the manifest, else from the text's dateline.
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub source: Option<String>,
}

impl Document {
    /// What extraction reads of it.
    pub fn input(&self) -> crate::extract::Input<'_> {
        crate::extract::Input {
            name: &self.name,
            text: &self.text,
            date: self.date,
        }
    }
}

/// Why a file, or a manifest row, was not read. Each message names the
/// file and says the cause once.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    #[error("{path}: empty (no text)")]
    Empty { path: PathBuf },
    #[error("{path}: binary data (a NUL byte at offset {offset}), not a text statement")]
    Binary { path: PathBuf, offset: usize },
    #[error(
        "{path}: looks like UTF-16 ({order}) without a byte-order mark; save it as UTF-8, or as UTF-16 with a byte-order mark"
    )]
    Utf16WithoutBom { path: PathBuf, order: &'static str },
    #[error(
        "{path}: not valid UTF-32 (at offset {offset}), though it begins with UTF-32's byte-order mark"
    )]
    BadUtf32 { path: PathBuf, offset: usize },
    #[error("{path}: {size} bytes, over the limit of {limit} bytes (--max-bytes)")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{path}: not UTF-8 (invalid byte 0x{byte:02X} at offset {offset}) and not Windows-1252 text either"
    )]
    NotText {
        path: PathBuf,
        offset: usize,
        byte: u8,
    },
    #[error(
        "{path}: skipped, because its name {name} gives the same document identifier as {first}, which was read"
    )]
    DuplicateName {
        path: PathBuf,
        name: String,
        first: PathBuf,
    },
    #[error("{path}, line {line}: {message}")]
    Manifest {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// What reading a set of paths gave.
#[derive(Debug, Default)]
pub struct Corpus {
    pub documents: Vec<Document>,
    /// Files that could not be read.
    pub skipped: Vec<CorpusError>,
    /// Manifest rows (or whole manifests) that could not be used; their
    /// documents are read without them.
    pub manifest_problems: Vec<CorpusError>,
    /// Things worth knowing that did not stop a file being read
    /// ("decoded as Windows-1252", a link not followed).
    pub notes: Vec<String>,
}

impl Corpus {
    /// Whether anything given could not be read or used as it stands.
    pub fn has_problems(&self) -> bool {
        !self.skipped.is_empty() || !self.manifest_problems.is_empty()
    }
}

/// A file to read and how it was reached.
struct Candidate {
    path: PathBuf,
    /// Found by walking a folder (not named on the command line).
    walked: bool,
}

/// Reads statements from files and folders. A folder gives its `*.txt`
/// files (sub-folders included, in name order) and its `manifest.csv`; a
/// file given by name is read whatever its extension, with the manifest of
/// its folder.
pub fn read(paths: &[PathBuf], max_bytes: u64) -> Corpus {
    let mut corpus = Corpus::default();
    let mut candidates = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut candidates, &mut corpus);
        } else if path.is_file() {
            candidates.push(Candidate {
                path: path.clone(),
                walked: false,
            });
        } else {
            corpus
                .skipped
                .push(CorpusError::NotFound { path: path.clone() });
        }
    }
    let mut manifests: BTreeMap<PathBuf, manifest::Manifest> = BTreeMap::new();
    // names found in each walked folder, to tell manifest rows naming none
    let mut walked_names: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut same_file: HashSet<PathBuf> = HashSet::new();
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for Candidate { path: file, walked } in candidates {
        // the same file named twice, or reached through a link, is one input
        let canonical = fs::canonicalize(&file).unwrap_or_else(|_| file.clone());
        if !same_file.insert(canonical) {
            continue;
        }
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = file_name(&file);
        if walked {
            walked_names
                .entry(folder.clone())
                .or_default()
                .insert(name.clone());
        }
        let manifest = manifests.entry(folder.clone()).or_insert_with(|| {
            manifest::read(&folder, &mut corpus.manifest_problems, &mut corpus.notes)
        });
        let id = crate::text::document_key(&name);
        if let Some(first) = seen.get(&id) {
            corpus.skipped.push(CorpusError::DuplicateName {
                path: file.clone(),
                name,
                first: first.clone(),
            });
            continue;
        }
        match read_file(&file, max_bytes) {
            Ok((bytes, decoded)) => {
                corpus.notes.extend(decoded.note);
                let text = decoded.text;
                let row = manifest.rows.get(&name).cloned().unwrap_or_default();
                let in_text = dates::dateline(&text).and_then(|d| d.date);
                if let (Some(m), Some(t)) = (row.date, in_text)
                    && m != t
                {
                    corpus.notes.push(format!(
                        "{}: the manifest dates it {m}, its dateline {t}; using the manifest",
                        file.display()
                    ));
                }
                seen.insert(id, file.clone());
                corpus.documents.push(Document {
                    name,
                    path: file,
                    sha256: crate::text::sha256_hex(&bytes),
                    date: row.date.or(in_text),
                    title: row.title,
                    source: row.source,
                    text,
                });
            }
            Err(e) => corpus.skipped.push(e),
        }
    }
    // a row for a file its folder does not have is a typo or a stale row
    for (folder, names) in &walked_names {
        let Some(manifest) = manifests.get(folder) else {
            continue;
        };
        for (file, row) in &manifest.rows {
            if !names.contains(file) {
                corpus.notes.push(format!(
                    "{}, line {}: names {file}, which is not among the statements in {}; row ignored",
                    manifest.path.display(),
                    row.line,
                    folder.display()
                ));
            }
        }
    }
    corpus
}

/// The `*.txt` files under a folder, in name order, hidden ones left out.
/// Links are followed, except one that leads back into a folder above it.
fn walk(dir: &Path, candidates: &mut Vec<Candidate>, corpus: &mut Corpus) {
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) => {
                let p = e.path();
                if e.file_type().is_file()
                    && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("txt"))
                {
                    candidates.push(Candidate {
                        path: p.to_path_buf(),
                        walked: true,
                    });
                }
            }
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                if let Some(ancestor) = e.loop_ancestor() {
                    corpus.notes.push(format!(
                        "{}: a link back to {}, which is being read already; not followed",
                        path.display(),
                        ancestor.display()
                    ));
                } else {
                    let source = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                    corpus.skipped.push(CorpusError::Io { path, source });
                }
            }
        }
    }
}

/// A file's name as text: bytes that are not UTF-8 written as `%XX`, so two
/// such names stay apart and can be printed.
fn file_name(path: &Path) -> String {
    let Some(name) = path.file_name() else {
        return String::new();
    };
    if let Some(s) = name.to_str() {
        return s.to_string();
    }
    let bytes = name.as_encoded_bytes();
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads and decodes one file.
fn read_file(path: &Path, max_bytes: u64) -> Result<(Vec<u8>, decode::Decoded), CorpusError> {
    let io = |source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    };
    let size = fs::metadata(path).map_err(io)?.len();
    if size > max_bytes {
        return Err(CorpusError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: max_bytes,
        });
    }
    let bytes = fs::read(path).map_err(io)?;
    let decoded = decode::decode(path, &bytes)?;
    if decoded.text.trim().is_empty() {
        return Err(CorpusError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok((bytes, decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn windows_1252_is_decoded_and_said() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "a.txt",
            b"India\x92s Ministry met on 1 May 2020.",
        );
        let c = read(&[dir.path().to_path_buf()], DEFAULT_MAX_BYTES);
        assert_eq!(c.documents[0].text, "India’s Ministry met on 1 May 2020.");
        assert!(c.notes[0].contains("0x92 at offset 5"), "{:?}", c.notes);
        assert!(c.notes[0].contains("Windows-1252"));
    }

    #[test]
    fn bad_files_are_skipped_by_name() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "empty.txt", b"  \n ");
        write(dir.path(), "binary.txt", b"PK\x03\x04\x00\x00data");
        write(dir.path(), "garbage.txt", b"abc \x81\x8d\x90 def");
        write(dir.path(), "big.txt", &vec![b'a'; 2000]);
        write(dir.path(), "good.txt", b"India and France met.");
        let c = read(&[dir.path().to_path_buf()], 1000);
        assert_eq!(c.documents.len(), 1);
        let messages: Vec<String> = c.skipped.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("big.txt") && m.contains("over the limit"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("binary.txt") && m.contains("NUL byte at offset 4"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("empty.txt") && m.contains("empty"))
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("garbage.txt") && m.contains("0x81 at offset 4"))
        );
    }

    #[test]
    fn the_manifest_gives_dates_titles_and_sources() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"They met yesterday.");
        write(
            dir.path(),
            "b.txt",
            b" date 2022-09-20 New Delhi : They met.",
        );
        write(
            dir.path(),
            MANIFEST,
            b"file,date,title,source\na.txt,2021-11-17,Talks,https://example.org/a\nb.txt,,,\n",
        );
        let c = read(&[dir.path().to_path_buf()], DEFAULT_MAX_BYTES);
        let a = &c.documents[0];
        assert_eq!(a.date, Some("2021-11-17".parse().unwrap()));
        assert_eq!(a.title.as_deref(), Some("Talks"));
        assert_eq!(a.source.as_deref(), Some("https://example.org/a"));
        assert_eq!(c.documents[1].date, Some("2022-09-20".parse().unwrap()));
        assert_eq!(a.sha256.len(), 64);
    }

    #[test]
    fn a_bad_manifest_date_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"Text.");
        write(
            dir.path(),
            MANIFEST,
            b"file,date,title,source\na.txt,17/11/2021,,\n",
        );
        let c = read(&[dir.path().to_path_buf()], DEFAULT_MAX_BYTES);
        assert_eq!(c.documents.len(), 1);
        assert!(c.skipped.is_empty());
        let m = c.manifest_problems[0].to_string();
        assert!(
            m.contains("manifest.csv, line 2") && m.contains("17/11/2021"),
            "{m}"
        );
    }

    #[test]
    fn missing_paths_and_duplicate_names() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        write(one.path(), "a.txt", b"One.");
        write(two.path(), "a.txt", b"Two.");
        write(two.path(), "b c.txt", b"Three.");
        write(two.path(), "b_c.txt", b"Four.");
        let c = read(
            &[
                one.path().into(),
                two.path().into(),
                one.path().join("nope.txt"),
            ],
            DEFAULT_MAX_BYTES,
        );
        assert_eq!(c.documents.len(), 2);
        let messages: Vec<String> = c.skipped.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("b_c.txt") && m.contains("same document identifier"))
        );
    }
}
