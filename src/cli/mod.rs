//! The command line's work: one file per subcommand in `cmd/`, and the few
//! things they share (reading statements, reporting what was skipped).

pub mod args;
mod cmd;

use std::process::ExitCode;

use anyhow::Result;

use args::{Cli, Command, InputArgs};
use ctkg::corpus::{self, Corpus};
use ctkg::extract::Extractor;
use ctkg::lexicon::Lexicon;

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build(a) => cmd::build::run(&a),
        Command::Extract(a) => cmd::extract::run(&a),
        Command::Query(a) => cmd::query::run(&a),
        Command::Queries => cmd::queries::run(),
        Command::Stats(a) => cmd::stats::run(&a),
        Command::Eval(a) => cmd::eval::run(&a),
    }
}

/// 2 for a query that does not parse, a bad parameter or a bad base IRI
/// (like clap's usage errors), 1 for everything else.
pub fn exit_code_for(error: &anyhow::Error) -> ExitCode {
    let usage = error.chain().any(|cause| {
        cause
            .downcast_ref::<ctkg::query::QueryError>()
            .is_some_and(ctkg::query::QueryError::is_usage)
            || cause.is::<ctkg::resolve::ResolveError>()
    });
    if usage {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

/// Reads the statements named on the command line, telling on standard
/// error what was noted or skipped.
fn read_corpus(input: &InputArgs) -> Corpus {
    let corpus = corpus::read(&input.paths(), input.max_bytes);
    for note in &corpus.notes {
        eprintln!("ctkg: note: {note}");
    }
    for skipped in &corpus.skipped {
        eprintln!("ctkg: skipped: {skipped}");
    }
    corpus
}

/// A table for people, with a header row.
fn table<S: ToString>(header: impl IntoIterator<Item = S>) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header(header.into_iter().map(|h| h.to_string()));
    t
}

fn extractor() -> Result<Extractor> {
    Ok(Extractor::new(Lexicon::builtin()?))
}

/// The exit code of a run that did its work but skipped some input.
fn finished(corpus: &Corpus) -> ExitCode {
    if corpus.skipped.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "ctkg: {} input(s) skipped; see the messages above",
            corpus.skipped.len()
        );
        ExitCode::FAILURE
    }
}
