//! `ctkg push`: the store's graphs to a Graph Store Protocol endpoint (the
//! work is `ctkg::push`).

use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::args::PushArgs;
use ctkg::push::{Credentials, Event, Options, Target};
use ctkg::store::{Access, Store};

pub fn run(args: &PushArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let credentials = match (&args.user, &args.password_file) {
        (Some(user), Some(file)) => {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("password file {}", file.display()))?;
            let password = text.lines().next().unwrap_or_default().to_string();
            if password.is_empty() {
                bail!("password file {}: its first line is empty", file.display());
            }
            Some(Credentials {
                user: user.clone(),
                password,
            })
        }
        _ => None,
    };
    let target = Target {
        graph_store: args
            .graph_store
            .clone()
            .unwrap_or_else(|| args.endpoint.clone()),
    };
    let options = Options {
        all: args.all,
        prune: args.prune,
        retries: args.retries,
        ..Options::default()
    };
    let store = Store::open(&args.store.path(), Access::Read)?;
    let bar = ProgressBar::hidden();
    let summary = ctkg::push::push(
        &store,
        &target,
        credentials.as_ref(),
        &options,
        &mut |event| match event {
            Event::Planned { to_send, .. } => {
                bar.set_length(to_send as u64);
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {pos}/{len} graphs sent {wide_bar}")
                        .expect("progress template"),
                );
                bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            }
            Event::Sent { .. } => bar.inc(1),
            Event::Deleted { graph } => {
                bar.suspend(|| eprintln!("ctkg: deleted {graph} from the server"))
            }
            Event::Retrying {
                graph,
                attempt,
                wait,
                reason,
            } => bar.suspend(|| {
                eprintln!(
                    "ctkg: {graph}: {reason}; retry {attempt} of {} in {:.1} s",
                    options.retries,
                    wait.as_secs_f64()
                )
            }),
        },
    )?;
    bar.finish_and_clear();
    eprintln!(
        "ctkg: {} graph(s) sent ({} triples, {:.1} MB), {} unchanged, {} deleted, to {} ({:.2} s)",
        summary.sent,
        summary.triples,
        summary.bytes as f64 / 1e6,
        summary.unchanged,
        summary.deleted,
        target.graph_store,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
