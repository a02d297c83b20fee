//! `ctkg build`: read statements, extract, and load each document's graph
//! into the store; unchanged documents are skipped.

use std::process::ExitCode;
use std::time::Instant;

use std::collections::HashSet;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::args::BuildArgs;
use ctkg::corpus::Corpus;
use ctkg::rdf::{DocumentInfo, document_quads, reader_id};
use ctkg::resolve::Resolver;
use ctkg::store::{Access, Store};

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let resolver = Resolver::new(&args.base)?;
    let corpus = super::super::read_corpus(&args.input);
    // built on first need: an unchanged corpus needs none
    let mut extractor = None;
    let store = Store::open(&args.store.store, Access::Write)?;
    // one store, one base: documents under two bases would be two copies
    if let Some((graph, _)) = store
        .documents()?
        .into_iter()
        .find(|(graph, _)| !graph.starts_with(resolver.base()))
    {
        bail!(
            "the store at {} holds documents under another base IRI ({graph}); build with that --base, or into a new --store",
            store.path().display()
        );
    }
    store.ensure_ontology(ctkg::ontology::TURTLE)?;

    let bar = ProgressBar::new(corpus.documents.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_bar} {msg}")
            .expect("progress template"),
    );
    let (mut changed, mut unchanged, mut entities) = (0usize, 0usize, 0usize);
    for doc in &corpus.documents {
        bar.set_message(doc.name.clone());
        let graph = resolver.document(&doc.name);
        let id = reader_id(
            &resolver,
            doc.date,
            doc.title.as_deref(),
            doc.source.as_deref(),
        );
        let stored = store.document(&graph)?;
        if !args.force && stored.is_some_and(|s| s.sha256 == doc.sha256 && s.extractor == id) {
            unchanged += 1;
            bar.inc(1);
            continue;
        }
        let extractor = match &mut extractor {
            Some(e) => e,
            None => extractor.insert(super::super::extractor()?),
        };
        let output = extractor.extract(&doc.input());
        for d in &output.diagnostics {
            bar.suspend(|| eprintln!("ctkg: {}: {d}", doc.name));
        }
        let info = DocumentInfo {
            file_name: &doc.name,
            text: &doc.text,
            sha256: &doc.sha256,
            date: doc.date,
            title: doc.title.as_deref(),
            source: doc.source.as_deref(),
            extractor: &id,
        };
        let quads = document_quads(&info, &output.extraction, &resolver);
        store
            .replace_graph(&graph, &quads)
            .with_context(|| format!("storing {}", doc.path.display()))?;
        entities += output.extraction.entities.len();
        changed += 1;
        bar.inc(1);
    }
    bar.finish_and_clear();
    let pruned = if args.prune {
        prune(&store, &corpus, &resolver)?
    } else {
        0
    };
    eprintln!(
        "ctkg: {} document(s) read: {changed} changed, {unchanged} unchanged, {} skipped, {pruned} pruned; {entities} entities extracted; {} quads in {} ({:.2} s)",
        corpus.documents.len(),
        corpus.skipped.len(),
        store.len()?,
        store.path().display(),
        started.elapsed().as_secs_f64()
    );
    Ok(super::super::finished(&corpus))
}

/// Removes the documents the store holds but this build did not read. With
/// input skipped, nothing is removed: a file that could not be read this
/// time is not a file that is gone.
fn prune(store: &Store, corpus: &Corpus, resolver: &Resolver) -> Result<usize> {
    if !corpus.skipped.is_empty() {
        eprintln!("ctkg: --prune: some input was skipped, so no document is removed");
        return Ok(0);
    }
    let read: HashSet<String> = corpus
        .documents
        .iter()
        .map(|d| resolver.document(&d.name))
        .collect();
    let mut pruned = 0;
    for (graph, name) in store.documents()? {
        if !read.contains(&graph) {
            store
                .remove_graph(&graph)
                .with_context(|| format!("removing {name}"))?;
            eprintln!("ctkg: removed {name} from the store");
            pruned += 1;
        }
    }
    Ok(pruned)
}
