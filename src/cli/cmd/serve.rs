//! `ctkg serve`: the store over HTTP (the work is `ctkg::server`). Read
//! only, unless `--watch` keeps it in step with statement folders.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::cli::args::ServeArgs;
use ctkg::resolve::{DEFAULT_BASE, Resolver};
use ctkg::server::watch::{WatchOptions, watch};
use ctkg::server::{self, AppState, Options};
use ctkg::store::{Access, Store};

pub fn run(args: &ServeArgs) -> Result<ExitCode> {
    let path = args.store.path();
    let (store, base) = match &args.watch {
        Some(_) => {
            let store = Store::open(&path, Access::Write)?;
            let base = match (&args.base, store.base()?) {
                (Some(given), _) => given.clone(),
                (None, Some(stored)) => stored,
                (None, None) => DEFAULT_BASE.to_string(),
            };
            (store, base)
        }
        None => {
            let store = Store::open(&path, Access::Read)?;
            let base = store.base()?.unwrap_or_else(|| DEFAULT_BASE.to_string());
            (store, base)
        }
    };
    let resolver = Resolver::new(&base)?;
    let store = Arc::new(store);
    let defaults = Options::default();
    let options = Options {
        timeout: (args.timeout > 0.0).then(|| Duration::from_secs_f64(args.timeout)),
        max_running: args.max_running.unwrap_or(defaults.max_running),
        max_waiting: args.max_waiting,
        max_body: args.max_body,
        cors: args.cors,
    };
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = args.watch.as_ref().map(|paths| {
        let paths = if paths.is_empty() {
            vec![std::path::PathBuf::from("corpus")]
        } else {
            paths.clone()
        };
        eprintln!(
            "ctkg serve: watching {} for changes",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let options = WatchOptions {
            paths,
            max_bytes: args.max_bytes,
            prune: args.prune,
            interval: Duration::from_secs(1),
        };
        watch(
            store.clone(),
            resolver.clone(),
            options,
            stop.clone(),
            |m| eprintln!("ctkg serve: watch: {m}"),
        )
    });
    let threads = options.max_running;
    let state = Arc::new(AppState::new(store.clone(), base, options));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(2))
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async {
        let listener = server::bind(args.bind).await?;
        let addr = listener.local_addr()?;
        if !addr.ip().is_loopback() {
            eprintln!(
                "ctkg serve: warning: listening on {addr}, which other machines may reach: anyone who can connect can query the store (the default, 127.0.0.1, keeps it to this machine)"
            );
        }
        eprintln!(
            "ctkg serve: {} ({}) at http://{addr}/ — SPARQL endpoint http://{addr}/sparql; Ctrl-C stops",
            store.path().display(),
            if args.watch.is_some() { "kept in step with --watch" } else { "read-only" },
        );
        server::serve(state, listener).await
    })?;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    if let Some(w) = watcher {
        let _ = w.join();
    }
    eprintln!("ctkg serve: stopped");
    Ok(ExitCode::SUCCESS)
}
