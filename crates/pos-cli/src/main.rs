//! `pos`: compute, check and benchmark proof-of-space labels from the command line.

mod cli;
mod commands;
mod failure;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use cli::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => return Failure::from_clap(&e).report(),
    };
    let result = match cli.command {
        Command::Compute(args) => commands::compute::run(args),
        Command::Hash(args) => commands::hash::run(args),
        Command::Pow(args) => commands::pow::run(args),
        Command::Bench(args) => commands::bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
