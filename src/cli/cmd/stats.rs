//! `ctkg stats`: what the store holds, per class and per document.

use std::process::ExitCode;

use anyhow::Result;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use crate::cli::args::StoreArgs;
use ctkg::store::{Access, Store};

pub fn run(args: &StoreArgs) -> Result<ExitCode> {
    let store = Store::open(&args.store, Access::Read)?;
    let stats = store.stats()?;
    let mut classes = Table::new();
    classes.load_preset(UTF8_FULL_CONDENSED);
    classes.set_header(["class", "nodes"]);
    for (class, n) in &stats.classes {
        classes.add_row([format!("ctkg:{class}"), n.to_string()]);
    }
    println!("{classes}");
    let mut documents = Table::new();
    documents.load_preset(UTF8_FULL_CONDENSED);
    documents.set_header(["document", "quads", "entities"]);
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
