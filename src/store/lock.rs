//! Who holds a store. A writer (`ctkg build`, `serve --watch`) holds
//! `<store>/ctkg.lock` alone and writes its pid and command line there;
//! each reader (`query`, `stats`, `export`, `serve`) shares that lock and
//! also holds a lock file of its own under `<store>/readers/`, so a refused
//! build can say which processes are reading. Locks are released by the
//! operating system when a process ends, so a killed process leaves none
//! (its stale reader file is removed by the next writer that looks).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Access, StoreError};

const LOCK_FILE: &str = "ctkg.lock";
const READERS: &str = "readers";

/// Files a store folder may hold before RocksDB has written anything.
pub(super) const CTKG_FILES: &[&str] = &[LOCK_FILE, READERS];

/// A held lock; released when dropped.
#[derive(Debug)]
pub(super) struct Lock {
    _shared: File,
    reader: Option<(PathBuf, File)>,
}

impl Drop for Lock {
    fn drop(&mut self) {
        if let Some((path, _)) = &self.reader {
            let _ = fs::remove_file(path);
        }
    }
}

/// This process, as a holder is described to others.
fn this_process() -> String {
    let mut command: Vec<String> = std::env::args().collect();
    if let Some(program) = command.first_mut() {
        *program = Path::new(program.as_str())
            .file_name()
            .map_or_else(|| program.clone(), |n| n.to_string_lossy().into_owned());
    }
    let mut line = command.join(" ");
    if line.chars().count() > 120 {
        line = line.chars().take(119).collect::<String>() + "…";
    }
    format!("pid {}: {line}", std::process::id())
}

pub(super) fn acquire(path: &Path, access: Access) -> Result<Lock, StoreError> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let lock_path = path.join(LOCK_FILE);
    let mut lock = match access {
        Access::Write => OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(io)?,
        // a reader needs no write permission (a store on read-only media)
        Access::Read => File::open(&lock_path)
            .or_else(|_| {
                OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(&lock_path)
            })
            .map_err(io)?,
    };
    let locked = match access {
        Access::Write => lock.try_lock(),
        Access::Read => lock.try_lock_shared(),
    };
    match locked {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            // readers share the lock; a writer holds it alone
            let readers_only = access == Access::Write && lock.try_lock_shared().is_ok();
            let holder = if readers_only {
                let readers = live_readers(path);
                if readers.is_empty() {
                    " (reading it)".to_string()
                } else {
                    format!(" (reading it: {})", readers.join("; "))
                }
            } else {
                fs::read_to_string(&lock_path)
                    .ok()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .map_or_else(String::new, |s| format!(" ({s})"))
            };
            return Err(StoreError::Locked {
                path: path.to_path_buf(),
                holder,
            });
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    let reader = match access {
        Access::Write => {
            lock.set_len(0).map_err(io)?;
            writeln!(lock, "{}", this_process()).map_err(io)?;
            None
        }
        // best effort: on read-only media a reader cannot say who it is
        Access::Read => register_reader(path).ok(),
    };
    Ok(Lock {
        _shared: lock,
        reader,
    })
}

fn register_reader(store: &Path) -> std::io::Result<(PathBuf, File)> {
    let dir = store.join(READERS);
    fs::create_dir_all(&dir)?;
    // one file per open store: a process (a server) may open it more than once
    static OPENED: AtomicUsize = AtomicUsize::new(0);
    let n = OPENED.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("{}-{n}", std::process::id()));
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    file.try_lock().map_err(std::io::Error::other)?;
    file.set_len(0)?;
    writeln!(file, "{}", this_process())?;
    Ok((path, file))
}

/// The readers holding the store now; files of readers that ended are removed.
fn live_readers(store: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(store.join(READERS)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(file) = OpenOptions::new().write(true).open(&path) else {
            continue;
        };
        match file.try_lock() {
            Err(TryLockError::WouldBlock) => {
                if let Ok(s) = fs::read_to_string(&path) {
                    out.push(s.trim().to_string());
                }
            }
            Ok(()) => {
                let _ = fs::remove_file(&path);
            }
            Err(TryLockError::Error(_)) => {}
        }
    }
    out.sort();
    out
}
