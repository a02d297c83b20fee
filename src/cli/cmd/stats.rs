//! `ctkg stats`: what the store holds, per class and per document.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::args::{StatsArgs, StatsFormat};
use ctkg::store::{Access, Store};

pub fn run(args: &StatsArgs) -> Result<ExitCode> {
    let store = Store::open(&args.store.path(), Access::Read)?;
    let stats = store.stats()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        StatsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &stats)?;
            writeln!(out)?;
        }
        StatsFormat::Csv => {
            // one table for the three counts: what is counted, of what, how many
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["count", "of", "n"])?;
            w.write_record(["quads", "store", &stats.quads.to_string()])?;
            for c in &stats.classes {
                let class = format!("ctkg:{}", c.class);
                w.write_record(["nodes", &class, &c.nodes.to_string()])?;
            }
            for d in &stats.documents {
                w.write_record(["document quads", &d.document, &d.quads.to_string()])?;
                w.write_record(["document entities", &d.document, &d.entities.to_string()])?;
            }
            w.flush()?;
        }
        StatsFormat::Table => {
            let mut classes = super::super::table(["class", "nodes"]);
            for c in &stats.classes {
                classes.add_row([format!("ctkg:{}", c.class), c.nodes.to_string()]);
            }
            writeln!(out, "{classes}")?;
            let mut documents = super::super::table(["document", "quads", "entities"]);
            for d in &stats.documents {
                documents.add_row([
                    d.document.clone(),
                    d.quads.to_string(),
                    d.entities.to_string(),
                ]);
            }
            writeln!(out, "{documents}")?;
            writeln!(
                out,
                "{} quads in {} ({} documents)",
                stats.quads,
                store.path().display(),
                stats.documents.len()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
