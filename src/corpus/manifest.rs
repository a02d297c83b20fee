//! `manifest.csv` beside the statements: `file,date,title,source`, one row
//! per statement. Every problem names its line; a row that cannot be used
//! is ignored and said to be, never silently dropped or overwritten.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use super::{CorpusError, decode};

/// The name of the metadata file read beside statements.
pub const MANIFEST: &str = "manifest.csv";

/// The columns, in the order a manifest is written.
const COLUMNS: &str = "file,date,title,source";

/// What a manifest row says of one statement.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    pub date: Option<NaiveDate>,
    pub title: Option<String>,
    pub source: Option<String>,
    /// Where the row is, for messages.
    pub line: u64,
}

/// A folder's manifest: rows by file name.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    pub path: PathBuf,
    pub rows: BTreeMap<String, Row>,
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

/// Reads the manifest of a folder, if it has one. Rows that cannot be used
/// go to `problems`; things worth knowing to `notes`.
pub(super) fn read(
    folder: &Path,
    problems: &mut Vec<CorpusError>,
    notes: &mut Vec<String>,
) -> Manifest {
    let path = folder.join(MANIFEST);
    let mut manifest = Manifest {
        path: path.clone(),
        rows: BTreeMap::new(),
    };
    if !path.is_file() {
        return manifest;
    }
    let problem = |line: u64, message: String| CorpusError::Manifest {
        path: path.clone(),
        line,
        message,
    };
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(source) => {
            problems.push(CorpusError::Io { path, source });
            return manifest;
        }
    };
    let mut text = match decode::decode(&path, &bytes) {
        Ok(d) => {
            notes.extend(d.note);
            d.text
        }
        Err(e) => {
            problems.push(e);
            return manifest;
        }
    };
    if let Some((line, at)) = unclosed_quote(&text) {
        problems.push(problem(
            line,
            "a quoted field opens here and is never closed; the rows from this line on are not read".into(),
        ));
        text.truncate(at);
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(problem(1, e.to_string()));
            return manifest;
        }
    };
    if let Some(wrong) = wrong_header(&headers) {
        problems.push(problem(1, format!("{wrong}; the manifest is not read")));
        return manifest;
    }
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
                problems.push(problem(line, format!("{e}; row ignored")));
                continue;
            }
        };
        if raw.file.is_empty() {
            notes.push(format!(
                "{}, line {line}: the row names no file; row ignored",
                path.display()
            ));
            continue;
        }
        if let Some(first) = manifest.rows.get(&raw.file) {
            problems.push(problem(
                line,
                format!(
                    "a second row for {} (the first is on line {}); this one is ignored",
                    raw.file, first.line
                ),
            ));
            continue;
        }
        let date = match raw.date.as_str() {
            "" => None,
            d => match d.parse::<NaiveDate>() {
                Ok(d) => Some(d),
                Err(e) => {
                    problems.push(problem(
                        line,
                        format!(
                            "date {d:?} of {} is not YYYY-MM-DD ({e}); row ignored",
                            raw.file
                        ),
                    ));
                    continue;
                }
            },
        };
        let text = |s: String| (!s.is_empty()).then_some(s);
        manifest.rows.insert(
            raw.file,
            Row {
                date,
                title: text(raw.title),
                source: text(raw.source),
                line,
            },
        );
    }
    manifest
}

/// What is wrong with a header row, if anything.
fn wrong_header(headers: &csv::StringRecord) -> Option<String> {
    if headers.iter().any(|h| h == "file") {
        return None;
    }
    let found = headers.iter().collect::<Vec<_>>().join(",");
    Some(if headers.len() == 1 && found.contains(';') {
        format!(
            "the header {found:?} is separated by ';'; a manifest is comma-separated, with the header {COLUMNS}"
        )
    } else if headers.iter().any(|h| h.eq_ignore_ascii_case("file")) {
        format!("the header {found:?} is wrong: the columns are named in lower case, {COLUMNS}")
    } else {
        format!("the header {found:?} is wrong: it has no column `file`; expected {COLUMNS}")
    })
}

/// The line and byte offset of a line where a quoted field opens and never
/// closes. A quote opens a field only at its start, as in RFC 4180; `""`
/// inside a quoted field is a quote.
fn unclosed_quote(text: &str) -> Option<(u64, usize)> {
    let mut line = 1;
    let mut line_start = 0;
    let mut opened: Option<(u64, usize)> = None;
    let mut at_field_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if opened.is_some() {
            if c == '"' {
                if chars.peek().is_some_and(|&(_, n)| n == '"') {
                    chars.next();
                } else {
                    opened = None;
                    at_field_start = false;
                }
            } else if c == '\n' {
                line += 1;
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                opened = Some((line, line_start));
            }
            ',' => at_field_start = true,
            '\n' => {
                line += 1;
                line_start = i + 1;
                at_field_start = true;
            }
            ' ' | '\t' | '\r' => {}
            _ => at_field_start = false,
        }
    }
    opened
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_is_found_where_it_opens() {
        let text = "file,date,title,source\na.txt,2021-01-01,\"Talks, first,\nb.txt,,ok,\n";
        assert_eq!(unclosed_quote(text), Some((2, 23)));
        let fine = "file,date,title,source\na.txt,,\"Talks, \"\"first\"\"\nand more\",\nb.txt,,,\n";
        assert_eq!(unclosed_quote(fine), None);
        assert_eq!(unclosed_quote("file\nO\"Brien.txt\n"), None);
    }
}
