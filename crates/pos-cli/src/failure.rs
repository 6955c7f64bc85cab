//! How `pos` fails: one line on stderr and an exit status that scripts can branch on.

use std::process::ExitCode;

/// Exit status for bad input (clap uses the same).
pub const EXIT_USAGE: u8 = 2;
/// Exit status for a failure while working (I/O, no solution).
pub const EXIT_FAILED: u8 = 1;
/// Exit status after Ctrl-C, as shells report SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug)]
pub struct Failure {
    message: String,
    status: u8,
}

impl Failure {
    /// Bad input: nothing was computed or written.
    pub fn usage(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            status: EXIT_USAGE,
        }
    }

    pub fn failed(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            status: EXIT_FAILED,
        }
    }

    pub fn interrupted(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            status: EXIT_INTERRUPTED,
        }
    }

    /// Keeps the first line of clap's message ("invalid value ... for '--n <N>': ...").
    pub fn from_clap(e: &clap::Error) -> Self {
        let rendered = e.render().to_string();
        let first = rendered.lines().next().unwrap_or("invalid arguments");
        let first = first.strip_prefix("error: ").unwrap_or(first);
        Self::usage(format!("{first} (see pos --help)"))
    }

    pub fn report(self) -> ExitCode {
        eprintln!("pos: {}", self.message);
        ExitCode::from(self.status)
    }
}
