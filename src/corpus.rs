//! Reading statements: files and folders, their encoding, the
//! `manifest.csv` beside them (`file,date,title,source`) and the date a
//! statement gives for itself.
//!
//! A file that cannot be a statement (not text, empty, too large) is
//! reported by name and skipped; the others are read. Nothing here extracts
//! or stores anything.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::dates;

/// The name of the metadata file read beside statements.
pub const MANIFEST: &str = "manifest.csv";

/// Files larger than this are not statements (overridable).
pub const DEFAULT_MAX_BYTES: u64 = 8 * 1024 * 1024;

/// A statement, read and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name, without folder: the document's identity.
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

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: no such file or folder")]
    NotFound { path: PathBuf },
    #[error("{path}: empty (no text)")]
    Empty { path: PathBuf },
    #[error("{path}: binary data (a NUL byte at offset {offset}), not a text statement")]
    Binary { path: PathBuf, offset: usize },
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
    /// Files (or manifest rows) that could not be read.
    pub skipped: Vec<CorpusError>,
    /// Things worth knowing that did not stop a file being read
    /// ("decoded as Windows-1252").
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct ManifestRow {
    date: Option<NaiveDate>,
    title: Option<String>,
    source: Option<String>,
}

#[derive(Deserialize)]
struct RawRow {
    file: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    source: String,
}

/// Reads statements from files and folders. A folder gives its `*.txt`
/// files (sub-folders included, in name order) and its `manifest.csv`; a
/// file given by name is read whatever its extension, with the manifest of
/// its folder.
pub fn read(paths: &[PathBuf], max_bytes: u64) -> Corpus {
    let mut corpus = Corpus::default();
    let mut manifests: BTreeMap<PathBuf, BTreeMap<String, ManifestRow>> = BTreeMap::new();
    let mut files: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_txt(path, &mut files, &mut corpus.skipped);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            corpus
                .skipped
                .push(CorpusError::NotFound { path: path.clone() });
        }
    }
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for file in files {
        let folder = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let manifest = manifests
            .entry(folder.clone())
            .or_insert_with(|| read_manifest(&folder, &mut corpus));
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // the document's graph is named by a slug of its file name: two
        // names with one slug ("a b.txt", "a_b.txt") would share it
        let id = crate::text::slug(&name);
        if let Some(first) = seen.get(&id) {
            corpus.skipped.push(CorpusError::DuplicateName {
                path: file.clone(),
                name,
                first: first.clone(),
            });
            continue;
        }
        match read_file(&file, max_bytes) {
            Ok((bytes, text, note)) => {
                if let Some(note) = note {
                    corpus.notes.push(note);
                }
                let row = manifest.get(&name).cloned().unwrap_or_default();
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
    corpus
}

fn collect_txt(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<CorpusError>) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(source) => {
            skipped.push(CorpusError::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            collect_txt(&p, files, skipped);
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
            files.push(p);
        }
    }
}

fn read_manifest(folder: &Path, corpus: &mut Corpus) -> BTreeMap<String, ManifestRow> {
    let path = folder.join(MANIFEST);
    let mut rows = BTreeMap::new();
    if !path.is_file() {
        return rows;
    }
    let mut reader = match csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(&path)
    {
        Ok(r) => r,
        Err(e) => {
            corpus.skipped.push(CorpusError::Manifest {
                path,
                line: 0,
                message: e.to_string(),
            });
            return rows;
        }
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            corpus.skipped.push(CorpusError::Manifest {
                path,
                line: 1,
                message: e.to_string(),
            });
            return rows;
        }
    };
    for record in reader.records() {
        let parsed = record.and_then(|r| {
            let line = r.position().map_or(0, |p| p.line());
            r.deserialize::<RawRow>(Some(&headers))
                .map(|raw| (line, raw))
        });
        let (line, raw) = match parsed {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                corpus.skipped.push(CorpusError::Manifest {
                    path: path.clone(),
                    line,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let date = match raw.date.as_str() {
            "" => None,
            d => match d.parse::<NaiveDate>() {
                Ok(d) => Some(d),
                Err(e) => {
                    corpus.skipped.push(CorpusError::Manifest {
                        path: path.clone(),
                        line,
                        message: format!(
                            "date {d:?} of {} is not YYYY-MM-DD ({e}); row ignored",
                            raw.file
                        ),
                    });
                    continue;
                }
            },
        };
        let text = |s: String| (!s.is_empty()).then_some(s);
        rows.insert(
            raw.file,
            ManifestRow {
                date,
                title: text(raw.title),
                source: text(raw.source),
            },
        );
    }
    rows
}

/// Reads and decodes one file: UTF-8 (a byte-order mark dropped), UTF-16
/// with a byte-order mark, or Windows-1252 when that is what it is.
fn read_file(
    path: &Path,
    max_bytes: u64,
) -> Result<(Vec<u8>, String, Option<String>), CorpusError> {
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
    let (text, note) = decode(path, &bytes)?;
    if text.trim().is_empty() {
        return Err(CorpusError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok((bytes, text, note))
}

fn decode(path: &Path, bytes: &[u8]) -> Result<(String, Option<String>), CorpusError> {
    if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes)
        && encoding != encoding_rs::UTF_8
    {
        let (text, _, bad) = encoding.decode(bytes);
        if !bad {
            let note = format!("{}: decoded as {}", path.display(), encoding.name());
            return Ok((text.into_owned(), Some(note)));
        }
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(CorpusError::Binary {
            path: path.to_path_buf(),
            offset,
        });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => {
            if is_binary(text) {
                return Err(CorpusError::Binary {
                    path: path.to_path_buf(),
                    offset: 0,
                });
            }
            Ok((text.to_string(), None))
        }
        Err(e) => {
            let offset = e.valid_up_to() + (bytes.len() - body.len());
            let byte = bytes[offset];
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
            // Windows-1252 decodes every byte; it is the file's encoding only
            // if no byte became a control character it leaves undefined.
            let plausible = !text.chars().any(|c| {
                ('\u{80}'..='\u{9F}').contains(&c)
                    || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
            });
            if plausible {
                let note = format!(
                    "{}: not UTF-8 (invalid byte 0x{byte:02X} at offset {offset}); decoded as Windows-1252",
                    path.display()
                );
                Ok((text.into_owned(), Some(note)))
            } else {
                Err(CorpusError::NotText {
                    path: path.to_path_buf(),
                    offset,
                    byte,
                })
            }
        }
    }
}

/// Text with many control characters is data, not a statement.
fn is_binary(text: &str) -> bool {
    let total = text.chars().count().max(1);
    let control = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    control * 100 > total
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
        let m = c.skipped[0].to_string();
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
