//! `ctkg eval`: extraction scored against gold annotations.

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::args::EvalArgs;

pub fn run(args: &EvalArgs) -> Result<ExitCode> {
    let gold = ctkg::eval::read_gold(&args.gold)?;
    let corpus = super::super::read_corpus(&args.input);
    let extractor = super::super::extractor()?;
    let run: Vec<_> = corpus
        .documents
        .iter()
        .map(|doc| extractor.extract(&doc.input()).extraction)
        .collect();
    let report = ctkg::eval::score(&gold, &run);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report.to_json())?);
    } else {
        print!("{}", report.to_text(args.errors));
    }
    Ok(super::super::finished(&corpus))
}
