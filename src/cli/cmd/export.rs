//! `ctkg export`: the graph for other tools, to a file (written whole or
//! not at all) or to standard output.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::cli::args::{ExportArgs, ExportFormat};
use ctkg::export::{self, Construct, ExportError, Format, Options};
use ctkg::store::{Access, Store};

pub fn run(args: &ExportArgs) -> Result<ExitCode> {
    let format: Format = match (args.format, &args.out) {
        (Some(format), _) => format.into(),
        (None, Some(out)) => ExportFormat::from_extension(out)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--out {}: cannot tell the format from its extension; give --format",
                    out.display()
                )
            })?
            .into(),
        (None, None) => {
            bail!("give --format (or --out with a known extension, such as ctkg.graphml)")
        }
    };
    let query_text = match &args.construct_file {
        Some(file) => Some(
            std::fs::read_to_string(file)
                .with_context(|| format!("reading query file {}", file.display()))?,
        ),
        None => args.construct.clone(),
    };
    let source_name = match &args.construct_file {
        Some(file) => file.display().to_string(),
        None => "--construct".to_string(),
    };
    let options = Options {
        construct: query_text.as_deref().map(|text| Construct {
            text,
            source_name: &source_name,
        }),
        with_documents: args.with_documents,
        canonical: args.canonical,
    };
    export::check(format, &options)?;
    if format.is_folder() && args.out.is_none() {
        return Err(ExportError::NeedsFolder.into());
    }
    if args.with_documents && !format.is_property_graph() {
        bail!(
            "--with-documents applies to the property-graph formats (graphml, gexf, csv, dot); the RDF formats always hold the documents"
        );
    }
    let store = Store::open(&args.store.path(), Access::Read)?;
    let summary = match &args.out {
        Some(path) => export::write_to_path(&store, format, &options, path)
            .with_context(|| format!("exporting {} to {}", format.name(), path.display()))?,
        None => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let written = export::write(&store, format, &options, &mut out)
                .and_then(|s| out.flush().map(|()| s).map_err(ExportError::from));
            match written {
                Ok(summary) => summary,
                // the reader stopped (`ctkg export | head`): not a failure
                Err(e) if e.is_broken_pipe() => return Ok(ExitCode::SUCCESS),
                Err(e) => return Err(e.into()),
            }
        }
    };
    if summary.replaced > 0 {
        eprintln!(
            "ctkg: note: {} character(s) XML 1.0 cannot carry (control characters) written as U+FFFD",
            summary.replaced
        );
    }
    if let Some(path) = &args.out {
        let what = if format.is_property_graph() {
            format!("{} nodes, {} edges", summary.nodes, summary.edges)
        } else {
            format!("{} statements", summary.statements)
        };
        eprintln!("ctkg: wrote {} ({what})", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
