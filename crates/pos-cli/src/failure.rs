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

    /// Keeps the first line of clap's message ("invalid value ... for '--n <N>': ..."),
    /// with the list that follows when it ends in a colon ("the following required
    /// arguments were not provided:" and the arguments, on one line).
    pub fn from_clap(e: &clap::Error) -> Self {
        let rendered = e.render().to_string();
        let mut lines = rendered.lines().map(str::trim);
        let first = lines.next().unwrap_or("invalid arguments");
        let mut message = first.strip_prefix("error: ").unwrap_or(first).to_owned();
        if message.ends_with(':') {
            let listed: Vec<&str> = lines.take_while(|l| !l.is_empty()).collect();
            message = format!("{message} {}", listed.join(", "));
        }
        Self::usage(format!("{message} (see pos --help)"))
    }

    pub fn report(self) -> ExitCode {
        eprintln!("pos: {}", self.message);
        ExitCode::from(self.status)
    }
}
