//! `ctkg queries`: the named queries and what they answer.

use std::process::ExitCode;

use anyhow::Result;

pub fn run() -> Result<ExitCode> {
    let mut table = super::super::table(["name", "answers", "parameters"]);
    for q in ctkg::query::named_queries() {
        let params = q
            .params
            .iter()
            .map(|(n, d)| format!("--param {n}=… ({d})"))
            .collect::<Vec<_>>()
            .join("\n");
        table.add_row([q.name.to_string(), q.description, params]);
    }
    println!("{table}");
    eprintln!("Run one with: ctkg query --name NAME [--param KEY=VALUE]");
    Ok(ExitCode::SUCCESS)
}
