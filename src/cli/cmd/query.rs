//! `ctkg query`: a SPARQL query (inline, from a file or by name) against
//! the store, results on standard output.

use std::io::{BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::cli::args::QueryArgs;
use ctkg::query::{self, Request};
use ctkg::store::{Access, Store};

pub fn run(args: &QueryArgs) -> Result<ExitCode> {
    let params = args
        .params
        .iter()
        .map(|p| query::parse_param(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (text, source_name, required) = if let Some(name) = &args.name {
        let q = query::named_query(name)?;
        let required = q.params.iter().map(|(n, _)| n.clone()).collect();
        (q.text.to_string(), format!("queries/{name}.rq"), required)
    } else if let Some(file) = &args.file {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("reading query file {}", file.display()))?;
        (text, file.display().to_string(), Vec::new())
    } else {
        let text = args.sparql.clone().unwrap_or_default();
        (text, "query".to_string(), Vec::new())
    };
    let store = Store::open(&args.store.store, Access::Read)?;
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    let mut out = BufWriter::new(stdout.lock());
    let request = Request {
        text: &text,
        source_name: &source_name,
        params,
        required,
    };
    query::run(
        &store,
        &request,
        args.format.map(Into::into),
        terminal,
        &mut out,
    )?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
