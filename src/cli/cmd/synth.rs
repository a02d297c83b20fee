//! `ctkg synth`: synthetic statements with gold (the work is `ctkg::synth`).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::args::SynthArgs;
use ctkg::lexicon::Lexicon;
use ctkg::synth::Generator;

pub fn run(args: &SynthArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let generator = Generator::new(&Lexicon::builtin()?, args.seed)?;
    let bar = ProgressBar::new(args.docs).with_style(
        ProgressStyle::with_template("{spinner} {pos}/{len} statements {wide_bar}")
            .expect("progress template"),
    );
    let summary = generator.write(args.docs, &args.out, &mut |n| bar.set_position(n))?;
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "ctkg: {} statement(s), {:.1} MB, {} gold entities and {} gold relations written to {} ({:.2} s, {:.0} statements/s); score with: ctkg eval --gold {} {}",
        summary.statements,
        summary.bytes as f64 / 1e6,
        summary.entities,
        summary.relations,
        args.out.display(),
        seconds,
        summary.statements as f64 / seconds.max(1e-9),
        args.out.join("gold").display(),
        args.out.display(),
    );
    Ok(ExitCode::SUCCESS)
}
