//! `ctkg extract`: what is found in statements, as the interchange JSON
//! (one line per document) or as a table for people.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::args::{ExtractArgs, ExtractFormat};
use ctkg::model::{Extraction, Target};

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let corpus = super::super::read_corpus(&args.input);
    let extractor = super::super::extractor()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for doc in &corpus.documents {
        let output = extractor.extract(&doc.input());
        for d in &output.diagnostics {
            eprintln!("ctkg: {}: {d}", doc.name);
        }
        match args.format {
            ExtractFormat::Jsonl => {
                serde_json::to_writer(&mut out, &output.extraction)?;
                writeln!(out)?;
            }
            ExtractFormat::Table => write_table(&mut out, &output.extraction)?,
        }
    }
    out.flush()?;
    Ok(super::super::finished(&corpus))
}

fn write_table(out: &mut impl Write, x: &Extraction) -> Result<()> {
    writeln!(out, "== {}", x.doc)?;
    let mut entities = super::super::table(["type", "name", "also written", "mentions"]);
    for e in &x.entities {
        entities.add_row([
            e.kind.to_string(),
            e.name.clone(),
            e.aliases.join("; "),
            e.evidence.len().to_string(),
        ]);
    }
    writeln!(out, "{entities}")?;
    let name = |id: &str| x.entity(id).map_or(id.to_string(), |e| e.name.clone());
    let mut relations = super::super::table(["subject", "predicate", "object"]);
    for r in &x.relations {
        let object = match &r.target {
            Target::Object(o) => name(o),
            Target::Value(v) => v.clone(),
        };
        relations.add_row([name(&r.subject), r.predicate.to_string(), object]);
    }
    writeln!(out, "{relations}\n")?;
    Ok(())
}
