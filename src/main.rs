//! The `ctkg` command: parse the arguments, run the command, turn the
//! outcome into an exit code (0 done, 1 failed, 2 bad usage or query).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) if cli::is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ctkg: error: {}", cli::message(&error));
            cli::exit_code_for(&error)
        }
    }
}
