//! `ctkg queries`: the named queries and what they answer.

use std::process::ExitCode;

use anyhow::Result;
use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

pub fn run() -> Result<ExitCode> {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    table.set_header(["name", "answers", "parameters"]);
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
    println!("Run one with: ctkg query --name NAME [--param KEY=VALUE]");
    Ok(ExitCode::SUCCESS)
}
