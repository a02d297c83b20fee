//! Synthetic statements with gold, for benchmarks, scale tests and an extra
//! accuracy check (`ctkg synth`).
//!
//! A run writes `N` statements (`*.txt`), their `manifest.csv` and one gold
//! annotation per statement in `gold/` (the interchange format of
//! `tests/fixtures/*/gold`). The same seed gives the same bytes: every
//! statement draws from its own random stream ([`rng`]), so statements are
//! made in parallel and written in order, a batch at a time, and memory does
//! not grow with `N`.
//!
//! What the statements say comes from data: the phrasings in
//! `data/synth/phrasings.txt` and the lists beside it ([`data`]), with
//! states, groups, organisations, attacks and conventions from ctkg's own
//! lexicons. The gold is derived from the values each phrasing used
//! ([`template::Use`]), so it describes the text as written.
//!
//! Synthetic statements are no substitute for real ones: generator and
//! extractor share the lexicon, so the score on them measures how well
//! extraction covers these phrasings, not how it generalises.

mod compose;
mod data;
mod rng;
mod template;

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::lexicon::Lexicon;

pub use compose::Statement;

/// Statements made in parallel before they are written, in order.
const BATCH: usize = 2048;

#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("synth data {file}: {message}")]
    Data { file: String, message: String },
    #[error(transparent)]
    Template(#[from] template::TemplateError),
    #[error(
        "{path} is not empty; give --out a new or empty folder (synth never writes among other files)"
    )]
    NotEmpty { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: csv::Error },
    #[error("{path}: {source}")]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// What a run wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub statements: usize,
    /// Bytes of statement text.
    pub bytes: u64,
    /// Required gold entities and relations, over all statements.
    pub entities: usize,
    pub relations: usize,
}

/// A generator ready to make statements.
pub struct Generator {
    catalog: data::Catalog,
    phrasings: template::Phrasings,
    seed: u64,
}

impl Generator {
    /// Loads the generator's data, checked against `lexicon`.
    pub fn new(lexicon: &Lexicon, seed: u64) -> Result<Self, SynthError> {
        Ok(Generator {
            catalog: data::Catalog::load(lexicon)?,
            phrasings: template::Phrasings::parse(data::PHRASINGS)?,
            seed,
        })
    }

    fn composer(&self) -> compose::Composer<'_> {
        compose::Composer {
            catalog: &self.catalog,
            phrasings: &self.phrasings,
            seed: self.seed,
        }
    }

    /// Statement `index` of a run of `total`.
    pub fn statement(&self, index: u64, total: u64) -> Result<Statement, SynthError> {
        self.composer().statement(index, width(total))
    }

    /// Writes `count` statements into `out` (created; it must be new or
    /// empty), calling `progress` with the number written so far.
    pub fn write(
        &self,
        count: u64,
        out: &Path,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Summary, SynthError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SynthError::Io { path, source }
        };
        if out.exists() {
            let mut entries = fs::read_dir(out).map_err(io(out))?;
            if entries.next().is_some() {
                return Err(SynthError::NotEmpty {
                    path: out.to_path_buf(),
                });
            }
        }
        let gold_dir = out.join("gold");
        fs::create_dir_all(&gold_dir).map_err(io(&gold_dir))?;
        let manifest_path = out.join("manifest.csv");
        let manifest_file = File::create(&manifest_path).map_err(io(&manifest_path))?;
        let mut manifest = csv::Writer::from_writer(BufWriter::new(manifest_file));
        let csv_error = |source| SynthError::Csv {
            path: manifest_path.clone(),
            source,
        };
        manifest
            .write_record(["file", "date", "title", "source"])
            .map_err(csv_error)?;
        let composer = self.composer();
        let width = width(count);
        let mut summary = Summary::default();
        let mut start = 0u64;
        while start < count {
            let end = (start + BATCH as u64).min(count);
            let batch: Vec<Statement> = (start..end)
                .into_par_iter()
                .map(|i| composer.statement(i, width))
                .collect::<Result<_, _>>()?;
            for s in &batch {
                let path = out.join(&s.file);
                fs::write(&path, &s.text).map_err(io(&path))?;
                manifest
                    .write_record([s.file.as_str(), &s.date.to_string(), &s.title, &s.source])
                    .map_err(csv_error)?;
                let stem = s.file.trim_end_matches(".txt");
                let gold_path = gold_dir.join(format!("{stem}.json"));
                let file = File::create(&gold_path).map_err(io(&gold_path))?;
                let mut w = BufWriter::new(file);
                serde_json::to_writer_pretty(&mut w, &s.gold).map_err(|source| {
                    SynthError::Json {
                        path: gold_path.clone(),
                        source,
                    }
                })?;
                w.write_all(b"\n")
                    .and_then(|()| w.flush())
                    .map_err(io(&gold_path))?;
                summary.statements += 1;
                summary.bytes += s.text.len() as u64;
                summary.entities += s.gold.entities.iter().filter(|e| !e.optional).count();
                summary.relations += s.gold.relations.iter().filter(|r| !r.optional).count();
            }
            progress(end);
            start = end;
        }
        let mut inner = manifest.into_inner().map_err(|e| SynthError::Io {
            path: manifest_path.clone(),
            source: e.into_error(),
        })?;
        inner.flush().map_err(io(&manifest_path))?;
        Ok(summary)
    }
}

/// Digits of the statement numbers in file names, so names sort in order.
fn width(total: u64) -> usize {
    total.saturating_sub(1).max(1).to_string().len().max(6)
}
