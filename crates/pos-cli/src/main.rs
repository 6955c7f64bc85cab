//! `pos`: compute, check and benchmark proof-of-space labels from the command line.

mod cli;
mod commands;
mod failure;
mod signals;
mod size;

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use cli::{Cli, Command};
use failure::Failure;

fn main() -> ExitCode {
    signals::ignore_file_size_limit_signal();
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
        Command::Providers(args) => commands::providers::run(args),
        Command::Job(args) => commands::job::run(args),
        Command::Serve(args) => commands::serve::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
