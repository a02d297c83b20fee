//! `ctkg extract`: what is found in statements, as the interchange JSON
//! (one line per document) or as a table for people.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::args::{ExtractArgs, ExtractFormat};
use ctkg::model::{Evidence, Extraction, Target};

/// Documents extracted together: enough for every core, few enough that
/// their output is small.
const BATCH: usize = 256;

pub fn run(args: &ExtractArgs) -> Result<ExitCode> {
    let corpus = super::super::read_corpus(&args.input);
    let extractor = super::super::extractor()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    // a batch at a time on every core, printed in input order
    for batch in corpus.documents.chunks(BATCH) {
        let inputs: Vec<_> = batch.iter().map(|d| d.input()).collect();
        for (doc, output) in batch.iter().zip(extractor.extract_many(&inputs)) {
            for d in &output.diagnostics {
                eprintln!("ctkg: {}: {d}", doc.name);
            }
            match args.format {
                ExtractFormat::Jsonl => {
                    serde_json::to_writer(&mut out, &output.extraction)?;
                    writeln!(out)?;
                }
                ExtractFormat::Table => write_table(&mut out, &output.extraction)?,
            }
        }
    }
    out.flush()?;
    Ok(super::super::finished(&corpus))
}

fn write_table(out: &mut impl Write, x: &Extraction) -> Result<()> {
    writeln!(out, "== {}", x.doc)?;
    let mut entities = super::super::table(["type", "name", "also written", "mentions"]);
    for e in &x.entities {
        entities.add_row([
            e.kind.to_string(),
            e.name.clone(),
            e.aliases.join("; "),
            e.evidence.len().to_string(),
        ]);
    }
    writeln!(out, "{entities}")?;
    let name = |id: &str| x.entity(id).map_or(id.to_string(), |e| e.name.clone());
    let mut relations = super::super::table(["subject", "predicate", "object", "rule", "read in"]);
    for r in &x.relations {
        let object = match &r.target {
            Target::Object(o) => name(o),
            Target::Value(v) => v.clone(),
        };
        relations.add_row([
            name(&r.subject),
            r.predicate.to_string(),
            object,
            r.rule.clone().unwrap_or_default(),
            read_in(&r.evidence),
        ]);
    }
    writeln!(out, "{relations}\n")?;
    Ok(())
}

/// The longest quotation a table shows, in characters.
const QUOTE_CHARS: usize = 80;

/// The first sentence a relation was read from, quoted and shortened to
/// fit, and how many more there are.
fn read_in(evidence: &[Evidence]) -> String {
    let Some(first) = evidence.first() else {
        return String::new();
    };
    let text = first.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let quoted = if text.chars().count() > QUOTE_CHARS {
        let cut: String = text.chars().take(QUOTE_CHARS - 1).collect();
        format!("“{}…”", cut.trim_end())
    } else {
        format!("“{text}”")
    };
    match evidence.len() {
        1 => quoted,
        n => format!("{quoted} (+{} more)", n - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(text: &str) -> Evidence {
        Evidence {
            start: 0,
            end: text.chars().count(),
            text: text.to_string(),
            rule: None,
        }
    }

    #[test]
    fn a_long_sentence_is_shortened_with_an_ellipsis() {
        let long = "The two countries held the 15th Meeting of their Joint Working Group on Counter Terrorism in Paris yesterday.";
        let shown = read_in(&[evidence(long), evidence("Another.")]);
        assert!(shown.starts_with("“The two countries held"), "{shown}");
        assert!(shown.ends_with("…” (+1 more)"), "{shown}");
        let quoted = shown.trim_end_matches(" (+1 more)");
        assert!(quoted.chars().count() <= QUOTE_CHARS + 2);
        assert_eq!(
            read_in(&[evidence("It met\nin Paris.")]),
            "“It met in Paris.”"
        );
        assert_eq!(read_in(&[]), "");
    }
}
