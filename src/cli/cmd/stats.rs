//! `ctkg stats`: what the store holds, per class and per document.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::args::StoreArgs;
use ctkg::store::{Access, Store};

pub fn run(args: &StoreArgs) -> Result<ExitCode> {
    let store = Store::open(&args.store, Access::Read)?;
    let stats = store.stats()?;
    let mut classes = super::super::table(["class", "nodes"]);
    for (class, n) in &stats.classes {
        classes.add_row([format!("ctkg:{class}"), n.to_string()]);
    }
    println!("{classes}");
    let mut documents = super::super::table(["document", "quads", "entities"]);
    for (doc, quads, entities) in &stats.documents {
        documents.add_row([doc.clone(), quads.to_string(), entities.to_string()]);
    }
    println!("{documents}");
    println!(
        "{} quads in {} ({} documents)",
        stats.quads,
        store.path().display(),
        stats.documents.len()
    );
    Ok(ExitCode::SUCCESS)
}
