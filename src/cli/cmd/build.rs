//! `ctkg build`: read statements, extract, and load each document's graph
//! into the store (the work is `ctkg::ingest`); unchanged documents are
//! skipped.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::args::BuildArgs;
use ctkg::ingest::{Event, Ingester, Options};
use ctkg::resolve::Resolver;
use ctkg::store::{Access, Store};

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let resolver = Resolver::new(&args.base)?;
    let corpus = super::super::read_corpus(&args.input);
    if corpus.documents.is_empty() {
        // nothing to add: no store is created, and none is emptied by --prune
        let _ = super::super::finished(&corpus);
        bail!(
            "no statements to build from in {}; give files or folders of *.txt statements",
            args.input
                .paths()
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let store = Store::open(&args.store.path(), Access::Write)?;
    let ingester = Ingester::new(&store, resolver)?;
    let bar = ProgressBar::new(corpus.documents.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_bar} {msg}")
            .expect("progress template"),
    );
    let options = Options {
        force: args.force,
        prune: args.prune,
    };
    let summary = ingester.run(&corpus, options, &mut |event| match event {
        Event::Document { name, .. } => {
            bar.set_message(name.to_string());
            bar.inc(1);
        }
        Event::Diagnostic { name, message } => {
            bar.suspend(|| eprintln!("ctkg: {name}: {message}"));
        }
        Event::Pruned { name } => bar.suspend(|| eprintln!("ctkg: removed {name} from the store")),
        Event::PruneRefused => bar.suspend(|| {
            eprintln!("ctkg: --prune: some input was skipped, so no document is removed")
        }),
    })?;
    bar.finish_and_clear();
    // what this build wrote, not the store's total: oxigraph counts quads
    // by reading them all (33 s of a one-document build at 100,000
    // statements); `ctkg stats` gives the total
    eprintln!(
        "ctkg: {} document(s) read: {} changed, {} unchanged, {} pruned; {} file(s) skipped, {} manifest problem(s); {} entities extracted; {} quads written to {} ({:.2} s)",
        corpus.documents.len(),
        summary.changed,
        summary.unchanged,
        summary.pruned,
        corpus.skipped.len(),
        corpus.manifest_problems.len(),
        summary.entities,
        summary.quads,
        store.path().display(),
        started.elapsed().as_secs_f64()
    );
    Ok(super::super::finished(&corpus))
}
