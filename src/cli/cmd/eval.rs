//! `ctkg eval`: extraction scored against gold annotations.

use std::io::Write;
use std::process::ExitCode;

use std::collections::BTreeSet;

use anyhow::{Result, bail};

use crate::cli::args::EvalArgs;

pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    let gold = ctkg::eval::read_gold(&args.gold)?;
    let corpus = super::super::read_corpus(&args.input);
    // score the statements given, not every gold document
    let given: BTreeSet<&str> = corpus.documents.iter().map(|d| d.name.as_str()).collect();
    let (gold, unscored): (Vec<_>, Vec<_>) = gold
        .into_iter()
        .partition(|g| given.contains(ctkg::eval::document_name(&g.doc)));
    if gold.is_empty() {
        bail!(
            "none of the statements read has gold in {}; give the statements the gold annotates",
            args.gold.display()
        );
    }
    if !unscored.is_empty() {
        eprintln!(
            "ctkg: {} gold document(s) are not among the statements given and are not scored",
            unscored.len()
        );
    }
    let extractor = super::super::extractor()?;
    let inputs: Vec<_> = corpus.documents.iter().map(|d| d.input()).collect();
    let run: Vec<_> = extractor
        .extract_many(&inputs)
        .into_iter()
        .map(|output| output.extraction)
        .collect();
    let report = ctkg::eval::score(&gold, &run);
    if args.json {
        let json = if args.errors {
            report.to_json_with_errors()
        } else {
            report.to_json()
        };
        writeln!(
            std::io::stdout().lock(),
            "{}",
            serde_json::to_string_pretty(&json)?
        )?;
    } else {
        write!(std::io::stdout().lock(), "{}", report.to_text(args.errors))?;
    }
    Ok(super::super::finished(&corpus))
}
