//! The record of what was pushed where (`<store>/push-log.jsonl`), kept
//! beside the database so it travels with the store and dies with it.
//!
//! `ctkg push` reads a store without writing it, so its records cannot go
//! into the database (a writer's lock would keep queries out for the
//! length of a push); a file of one line per pushed graph costs one append
//! per graph, and a torn last line after a crash is only a graph sent again.
//! One push at a time holds `push-log.lock`. What a line says is the push
//! module's business; this file only keeps the lines.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

const LOG: &str = "push-log.jsonl";
const LOCK: &str = "push-log.lock";

/// The push log of one store, held by one push at a time.
#[derive(Debug)]
pub struct PushLog {
    path: PathBuf,
    _lock: File,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl PushLog {
    pub(super) fn open(store: &Path) -> Result<Self, StoreError> {
        let lock_path = store.join(LOCK);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: store.to_path_buf(),
                    holder: " (another ctkg push from this store is running)".into(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
        }
        Ok(PushLog {
            path: store.join(LOG),
            _lock: lock,
        })
    }

    /// Every whole line recorded so far, oldest first.
    pub fn lines(&self) -> Result<Vec<String>, StoreError> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io(&self.path)(e)),
        };
        let mut out = Vec::new();
        for line in BufReader::new(file).lines() {
            let line = line.map_err(io(&self.path))?;
            if !line.trim().is_empty() {
                out.push(line);
            }
        }
        Ok(out)
    }

    /// Adds one line (it must not contain a line break) and syncs it, so a
    /// record is never lost once the server has the graph.
    pub fn append(&mut self, line: &str) -> Result<(), StoreError> {
        debug_assert!(!line.contains('\n'));
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io(&self.path))?;
        file.write_all(format!("{line}\n").as_bytes())
            .and_then(|()| file.sync_data())
            .map_err(io(&self.path))
    }

    /// Replaces the log with `lines` (the current records, without those
    /// they superseded), atomically: the old log or the new, never half.
    pub fn rewrite(&mut self, lines: &[String]) -> Result<(), StoreError> {
        let tmp = self.path.with_extension("jsonl.tmp");
        let mut file = File::create(&tmp).map_err(io(&tmp))?;
        let mut text = lines.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(io(&tmp))?;
        fs::rename(&tmp, &self.path).map_err(io(&self.path))
    }
}
