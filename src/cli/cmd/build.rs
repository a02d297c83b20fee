//! `ctkg build`: read statements, extract, and load each document's graph
//! into the store; unchanged documents are skipped.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};

use crate::cli::args::BuildArgs;
use std::collections::HashSet;

use ctkg::corpus::{Corpus, Document};
use ctkg::extract::Input;
use ctkg::rdf::{DocumentInfo, document_quads};
use ctkg::resolve::Resolver;
use ctkg::store::{Access, Store};

pub fn run(args: &BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let resolver = Resolver::new(&args.base)?;
    let corpus = super::super::read_corpus(&args.input);
    // built on first need: an unchanged corpus needs none
    let mut extractor = None;
    let store = Store::open(&args.store.store, Access::Write)?;
    store.ensure_ontology(ctkg::ontology::TURTLE)?;
    let extractor_id = extractor_id(&resolver);

    let bar = ProgressBar::new(corpus.documents.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} documents {wide_bar} {msg}")
            .expect("progress template"),
    );
    let (mut changed, mut unchanged, mut entities) = (0usize, 0usize, 0usize);
    for doc in &corpus.documents {
        bar.set_message(doc.name.clone());
        let graph = resolver.document(&doc.name);
        let id = document_extractor_id(&extractor_id, doc);
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
        let output = extractor.extract(&Input {
            name: &doc.name,
            text: &doc.text,
            date: doc.date,
        });
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
        prune(&store, &corpus)?
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
fn prune(store: &Store, corpus: &Corpus) -> Result<usize> {
    if !corpus.skipped.is_empty() {
        eprintln!("ctkg: --prune: some input was skipped, so no document is removed");
        return Ok(0);
    }
    let read: HashSet<&str> = corpus.documents.iter().map(|d| d.name.as_str()).collect();
    let mut pruned = 0;
    for (graph, name) in store.documents()? {
        if !read.contains(name.as_str()) {
            store
                .replace_graph(&graph, &[])
                .with_context(|| format!("removing {name}"))?;
            eprintln!("ctkg: removed {name} from the store");
            pruned += 1;
        }
    }
    Ok(pruned)
}

/// What decides how a document is read: ctkg's version, its lexicons and
/// ontology, and the base IRI. A document read under another is read again.
fn extractor_id(resolver: &Resolver) -> String {
    let mut digest = Sha256::new();
    for (name, text) in ctkg::lexicon::BUILTIN {
        digest.update(name.as_bytes());
        digest.update(text.as_bytes());
    }
    digest.update(ctkg::ontology::TURTLE.as_bytes());
    let hash: String = digest.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "ctkg {}; lexicon {hash}; base {}",
        env!("CARGO_PKG_VERSION"),
        resolver.base()
    )
}

/// The extractor id with the document's metadata, which extraction reads
/// too (the date anchors relative dates).
fn document_extractor_id(extractor: &str, doc: &Document) -> String {
    let meta = format!("{:?}|{:?}|{:?}", doc.date, doc.title, doc.source);
    let hash: String = Sha256::digest(meta.as_bytes())[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{extractor}; metadata {hash}")
}
