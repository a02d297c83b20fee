//! `ctkg query`: a SPARQL query (inline, from a file or by name) against
//! the store, results on standard output.

use std::io::{BufWriter, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::cli::args::QueryArgs;
use ctkg::query::{self, Format, Request, TableOptions};
use ctkg::store::{Access, Store};

pub fn run(args: &QueryArgs) -> Result<ExitCode> {
    let params = args.params.clone();
    let request = if let Some(name) = &args.name {
        Request::named(name, params)?
    } else if let Some(file) = &args.file {
        let text = if file.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the query from standard input")?;
            text
        } else {
            std::fs::read_to_string(file)
                .with_context(|| format!("reading query file {}", file.display()))?
        };
        let source_name = if file.as_os_str() == "-" {
            "standard input".to_string()
        } else {
            file.display().to_string()
        };
        Request::text(text, source_name, params)
    } else {
        Request::text(args.sparql.clone().unwrap_or_default(), "query", params)
    };
    let prepared = query::prepare(&request)?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let format = args
        .format
        .unwrap_or_else(|| Format::default_for(prepared.kind(), terminal));
    if !format.fits(prepared.kind()) {
        // said before the store is opened and the query run
        return Err(query::QueryError::FormatMismatch {
            format,
            kind: prepared.kind(),
        }
        .into());
    }
    let store = Store::open(&args.store.path(), Access::Read)?;
    let timeout = (args.timeout > 0.0).then(|| Duration::from_secs_f64(args.timeout));
    let evaluation = query::evaluate(&store, &prepared, timeout)?;
    let table = TableOptions {
        max_rows: args.max_rows,
        width: super::super::table_width(terminal),
    };
    let mut out = BufWriter::new(stdout.lock());
    query::write(evaluation, format, &mut out, &table)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
