//! `pos job create | run | status | verify | repair | merge`: one job's data folder, through the same
//! engine as the app (its validation, data folders and job queue), so that a folder made
//! here can be run, checked or resumed there and the other way round.

mod create;
mod merge;
mod repair;
mod run;
mod status;
mod verify;

use std::io;
use std::path::{Path, PathBuf};

use pos_engine::data_dir::DataDirError;

use crate::cli::{JobArgs, JobCommand};
use crate::failure::Failure;

pub fn run(args: JobArgs) -> Result<(), Failure> {
    match args.command {
        JobCommand::Create(args) => create::run(args),
        JobCommand::Run(args) => run::run(args),
        JobCommand::Status(args) => status::run(args),
        JobCommand::Verify(args) => verify::run(args),
        JobCommand::Repair(args) => repair::run(args),
        JobCommand::Merge(args) => merge::run(args),
    }
}

/// A folder that is not what the command needs (missing, not a data folder, other
/// parameters, too little space) is bad input, exit status 2; a good folder that could
/// not be used (in use, damaged, an I/O error) is a failure, exit status 1.
fn data_dir_failure(e: DataDirError) -> Failure {
    let bad_input = match &e {
        DataDirError::InvalidLayout(_)
        | DataDirError::NotAFolder { .. }
        | DataDirError::NotADataFolder { .. }
        | DataDirError::ParamMismatch { .. }
        | DataDirError::DataWithoutMetadata { .. }
        | DataDirError::NotEnoughSpace { .. }
        | DataDirError::NotWritable { .. }
        | DataDirError::FileTooLargeForFileSystem { .. } => true,
        DataDirError::Io { source, .. } => source.kind() == io::ErrorKind::NotFound,
        _ => false,
    };
    if bad_input {
        Failure::usage(e)
    } else {
        Failure::failed(e)
    }
}

/// `dir` as an absolute path: the engine names folders by absolute paths, and messages
/// that say which folder are clearer with one.
fn absolute(dir: &Path) -> Result<PathBuf, Failure> {
    std::path::absolute(dir)
        .map_err(|e| Failure::usage(format!("cannot use the folder {}: {e}", dir.display())))
}

/// `dir` as an absolute path to an existing folder, for the commands that read a data
/// folder (a missing path or a file is bad input, said plainly).
fn existing_folder(dir: &Path) -> Result<PathBuf, Failure> {
    let dir = absolute(dir)?;
    match std::fs::metadata(&dir) {
        Ok(m) if m.is_dir() => Ok(dir),
        Ok(_) => Err(Failure::usage(format!(
            "{} is a file, not a data folder; give the folder that `pos job create` made",
            dir.display()
        ))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Failure::usage(format!(
            "the folder {} does not exist; give the folder that `pos job create` made",
            dir.display()
        ))),
        Err(e) => Err(Failure::failed(format!(
            "cannot open the folder {}: {e}",
            dir.display()
        ))),
    }
}

/// `path` as one shell word, for commands the user can copy: quoted when it holds
/// anything but plain characters. POSIX shells get single quotes; on Windows, where
/// `\` is the separator and cmd.exe does not know single quotes, double quotes, which
/// cmd.exe and PowerShell both take (a Windows path cannot hold `"`).
fn shell_word(path: &Path) -> String {
    shell_word_for(&path.display().to_string(), cfg!(windows))
}

fn shell_word_for(text: &str, windows: bool) -> String {
    let plain_extra = if windows { "\\/._-+:,@" } else { "/._-+:,@%" };
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || plain_extra.contains(c))
    {
        text.to_owned()
    } else if windows {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// `  name        value` lines, the values aligned.
fn fields(rows: &[(&str, String)]) -> String {
    let width = rows.iter().map(|(name, _)| name.len()).max().unwrap_or(0);
    rows.iter()
        .map(|(name, value)| format!("{}\n", format!("  {name:width$}  {value}").trim_end()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::shell_word_for;

    #[test]
    fn paths_are_quoted_for_the_shell_of_their_system() {
        assert_eq!(shell_word_for("/data/pos-1", false), "/data/pos-1");
        assert_eq!(
            shell_word_for("/my data/it's", false),
            r"'/my data/it'\''s'"
        );
        assert_eq!(
            shell_word_for(r"C:\Users\Ann\PoS", true),
            r"C:\Users\Ann\PoS"
        );
        assert_eq!(
            shell_word_for(r"D:\My Data\PoS", true),
            r#""D:\My Data\PoS""#
        );
        // `%` starts a variable in cmd.exe: not plain there.
        assert_eq!(shell_word_for(r"E:\100%", true), r#""E:\100%""#);
    }
}
