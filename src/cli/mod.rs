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
        Command::Export(a) => cmd::export::run(&a),
        Command::Synth(a) => cmd::synth::run(&a),
        Command::Push(a) => cmd::push::run(&a),
        Command::Serve(a) => cmd::serve::run(&a),
    }
}

/// The error for people: each cause once, even where a library's message
/// already repeats its cause.
pub fn message(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !out.contains(&text) {
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(&text);
        }
    }
    out
}

/// Whether the reader of our output went away (`ctkg extract | head`): not
/// a failure, as for any Unix filter.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

/// 2 for a query that does not parse, a bad parameter or a bad base IRI
/// (like clap's usage errors), 1 for everything else.
pub fn exit_code_for(error: &anyhow::Error) -> ExitCode {
    let usage = error.chain().any(|cause| {
        cause
            .downcast_ref::<ctkg::query::QueryError>()
            .is_some_and(ctkg::query::QueryError::is_usage)
            || cause.is::<ctkg::resolve::ResolveError>()
            || cause
                .downcast_ref::<ctkg::export::ExportError>()
                .is_some_and(ctkg::export::ExportError::is_usage)
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
    for problem in &corpus.manifest_problems {
        eprintln!("ctkg: manifest: {problem}");
    }
    for skipped in &corpus.skipped {
        eprintln!("ctkg: skipped: {skipped}");
    }
    corpus
}

/// The width tables wrap to: `COLUMNS`, else the terminal's.
fn table_width(terminal: bool) -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .or_else(|| {
            terminal
                .then(|| comfy_table::Table::new().width())
                .flatten()
        })
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

/// The exit code of a run that did its work but skipped some input or
/// could not use some manifest rows.
fn finished(corpus: &Corpus) -> ExitCode {
    if !corpus.has_problems() {
        return ExitCode::SUCCESS;
    }
    let mut said = Vec::new();
    if !corpus.skipped.is_empty() {
        said.push(format!("{} input(s) skipped", corpus.skipped.len()));
    }
    if !corpus.manifest_problems.is_empty() {
        said.push(format!(
            "{} manifest problem(s)",
            corpus.manifest_problems.len()
        ));
    }
    eprintln!("ctkg: {}; see the messages above", said.join(", "));
    ExitCode::FAILURE
}
