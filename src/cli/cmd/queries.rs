//! `ctkg queries`: the named queries and what they answer.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

pub fn run() -> Result<ExitCode> {
    let mut table = super::super::table(["name", "answers", "parameters"]);
    for q in ctkg::query::named_queries() {
        let params = q
            .params
            .iter()
            .map(|p| format!("--param {}=… ({})", p.name, p.description))
            .collect::<Vec<_>>()
            .join("\n");
        table.add_row([q.name.to_string(), q.description, params]);
    }
    writeln!(std::io::stdout().lock(), "{table}")?;
    eprintln!("Run one with: ctkg query --name NAME [--param KEY=VALUE]");
    Ok(ExitCode::SUCCESS)
}
