//! What can go wrong with a data folder. Every message says what happened and what
//! the person can do about it, because the UI shows these messages as they are.

use std::io;
use std::path::PathBuf;

use thiserror::Error;

use super::space::human_bytes;

#[derive(Debug, Error)]
pub enum DataDirError {
    /// The requested layout cannot be written (before anything touched the disk).
    #[error("invalid data layout: {0}")]
    InvalidLayout(String),

    /// A caller broke the contract of a method (a programming error, not a disk problem).
    #[error("invalid request: {0}")]
    BadRequest(String),

    #[error("{} exists but is not a folder; choose a folder for the data", .dir.display())]
    NotAFolder { dir: PathBuf },

    /// `meta` is the metadata file's name (`pos-meta.json` unless the data is one file).
    #[error(
        "{} holds no {meta}, so it is not a PoS data folder; choose the folder that holds the data",
        .dir.display()
    )]
    NotADataFolder { dir: PathBuf, meta: String },

    #[error(
        "the folder {} already holds data with {field} {existing}, but this job asks for {requested}; \
         choose another folder, or delete that data first",
        .dir.display()
    )]
    ParamMismatch {
        dir: PathBuf,
        /// One of "id", "salt", "N", "label bits", "total labels", "max file size", "difficulty".
        field: &'static str,
        existing: String,
        requested: String,
    },

    #[error(
        "the folder {} holds PoS data files ({example}) but no {meta}, so nothing says how they were \
         made and they cannot be resumed or checked; move or delete them, or choose another folder",
        .dir.display()
    )]
    DataWithoutMetadata {
        dir: PathBuf,
        example: String,
        meta: String,
    },

    #[error(
        "the metadata file {} cannot be used: {reason}; it was left as it is: restore it from a \
         backup, or delete the folder's PoS files and start again",
        .path.display()
    )]
    BadMetadata { path: PathBuf, reason: String },

    #[error(
        "the metadata file {} was written by a newer version of this program (schema {found}, this \
         version reads up to {supported}); update the program",
        .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: u64,
        supported: u32,
    },

    /// `dir` is the folder, or the data file of a single-file data set.
    #[error(
        "the data at {} is in use by another job or program; wait for it to finish or stop it",
        .dir.display()
    )]
    InUse { dir: PathBuf },

    /// A shard found one of its data files locked by another writer.
    #[error(
        "{} is being written by {writer}: each data file is written by one shard at a time, so \
         two machines must not run the same or overlapping --shard values on one folder",
        .path.display()
    )]
    FileInUse { path: PathBuf, writer: String },

    /// A shard was started while another shard that shares files with it runs.
    #[error("{}", shard_overlap_message(.dir, .shard, .other, .writer))]
    ShardOverlap {
        dir: PathBuf,
        shard: String,
        other: String,
        writer: String,
    },

    #[error(
        "the data file {} is {} but its checkpoint says {} of labels were written: the file was \
         damaged or changed outside this program; nothing was changed. Restore the file, or delete \
         the folder's PoS files and start again",
        .path.display(), human_bytes(*.len), human_bytes(*.expected)
    )]
    FileShorterThanCheckpoint {
        path: PathBuf,
        len: u64,
        expected: u64,
    },

    /// A data, metadata or lock file of ours is a symbolic link, a folder or a device.
    #[error(
        "{} is not a regular file (a symbolic link, a folder or a device): PoS data files must be \
         plain files that this program wrote; nothing was changed. Move it away, or choose another \
         folder",
        .path.display()
    )]
    NotARegularFile { path: PathBuf },

    /// Before a write: the data file is not as long as its checkpoint says, so another
    /// program changed it while the data set was open.
    #[error(
        "the data file {} is {} bytes long but {} bytes were written to it: another program changed \
         it while the job had it open; nothing was written. Stop the other program, then resume the \
         job (the file is checked and cut back to its checkpoint when it is opened again)",
        .path.display(), .len, .expected
    )]
    UnexpectedFileLength {
        path: PathBuf,
        len: u64,
        expected: u64,
    },

    /// The data's largest file is larger than the folder's file system allows (FAT32:
    /// 4 GiB - 1 byte).
    #[error(
        "the file system of {} ({file_system}) allows files of at most {} ({limit} bytes), but this \
         data's files are up to {}; choose a max file size of at most {limit} bytes, or a folder on \
         another disk",
        .dir.display(), human_bytes(*.limit), human_bytes(*.largest)
    )]
    FileTooLargeForFileSystem {
        dir: PathBuf,
        file_system: String,
        limit: u64,
        largest: u64,
    },

    /// The folder at the data set's path is no longer the one that was opened (another
    /// drive took its letter or mount point), or it holds other data now.
    #[error(
        "the folder {} no longer holds the data this job opened (was its drive replaced or \
         swapped?); nothing was changed. Put the job's drive back and resume it",
        .dir.display()
    )]
    FolderReplaced { dir: PathBuf },

    #[error(
        "not enough free space on the disk holding {}: the data needs {} more but only {} are free; \
         free some space, choose another folder, or make the data smaller",
        .dir.display(), human_bytes(*.needed), human_bytes(*.available)
    )]
    NotEnoughSpace {
        dir: PathBuf,
        needed: u64,
        available: u64,
    },

    /// A write failed with ENOSPC or EFBIG. Everything up to the last checkpoint is intact,
    /// and the job can resume from there once there is room.
    #[error("{}", disk_full_message(.dir, *.still_to_write, *.available, *.file_size_limit))]
    DiskFull {
        dir: PathBuf,
        /// Bytes the job still has to write (from the last checkpoint on).
        still_to_write: u64,
        /// Bytes the file system says are free now (0 when it could not tell).
        available: u64,
        /// EFBIG: a limit on the size of one file, not a full disk.
        file_size_limit: bool,
    },

    #[error(
        "cannot write to the folder {}: {source}; choose a folder you can write to",
        .dir.display()
    )]
    NotWritable { dir: PathBuf, source: io::Error },

    #[error("could not {op} {}: {source}", .path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

impl DataDirError {
    /// A stable, machine-readable name for the UI to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidLayout(_) => "invalid_layout",
            Self::BadRequest(_) => "bad_request",
            Self::NotAFolder { .. } => "not_a_folder",
            Self::NotADataFolder { .. } => "not_a_data_folder",
            Self::ParamMismatch { .. } => "param_mismatch",
            Self::DataWithoutMetadata { .. } => "data_without_metadata",
            Self::BadMetadata { .. } => "bad_metadata",
            Self::NewerSchema { .. } => "newer_schema",
            Self::InUse { .. } => "in_use",
            Self::FileInUse { .. } => "file_in_use",
            Self::ShardOverlap { .. } => "shard_overlap",
            Self::FileShorterThanCheckpoint { .. } => "file_shorter_than_checkpoint",
            Self::NotEnoughSpace { .. } => "not_enough_space",
            Self::DiskFull { .. } => "disk_full",
            Self::NotWritable { .. } => "not_writable",
            Self::NotARegularFile { .. } => "not_a_regular_file",
            Self::UnexpectedFileLength { .. } => "unexpected_file_length",
            Self::FileTooLargeForFileSystem { .. } => "file_too_large_for_file_system",
            Self::FolderReplaced { .. } => "folder_replaced",
            Self::Io { .. } => "io",
        }
    }

    pub(crate) fn not_regular(path: impl Into<PathBuf>) -> Self {
        Self::NotARegularFile { path: path.into() }
    }

    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            op,
            path: path.into(),
            source,
        }
    }
}

fn shard_overlap_message(dir: &std::path::Path, shard: &str, other: &str, writer: &str) -> String {
    let dir = dir.display();
    if shard == other {
        format!("shard {shard} of {dir} is running already: {writer} runs it; run each shard once")
    } else {
        format!(
            "shard {shard} shares data files with shard {other}, which {writer} is running in \
             {dir}: run shards of one count (0/K to K-1/K), each once"
        )
    }
}

fn disk_full_message(
    dir: &std::path::Path,
    still_to_write: u64,
    available: u64,
    file_size_limit: bool,
) -> String {
    let dir = dir.display();
    if file_size_limit {
        return format!(
            "a data file in {dir} reached the largest size this system allows for one file \
             ({} still to write, {} free); the data written so far is safe. Raise the limit or move \
             the folder to a disk without it and resume the job, or start again with a smaller \
             max file size",
            human_bytes(still_to_write),
            human_bytes(available)
        );
    }
    let more = still_to_write.saturating_sub(available);
    let need = if more > 0 {
        format!("{} more are needed", human_bytes(more))
    } else {
        "more space is needed".to_owned()
    };
    format!(
        "the disk holding {dir} is full: {need} ({} still to write, {} free); the data written so \
         far is safe. Free some space and resume the job",
        human_bytes(still_to_write),
        human_bytes(available)
    )
}

/// ENOSPC or EFBIG, however the platform reports them. Returns `Some(true)` for a
/// file size limit (EFBIG), `Some(false)` for a full disk, `None` for anything else.
pub(crate) fn disk_full_kind(e: &io::Error) -> Option<bool> {
    match e.kind() {
        io::ErrorKind::StorageFull => return Some(false),
        io::ErrorKind::FileTooLarge => return Some(true),
        _ => {}
    }
    #[cfg(unix)]
    match e.raw_os_error() {
        Some(ENOSPC) => return Some(false),
        Some(EFBIG) => return Some(true),
        _ => {}
    }
    None
}

/// The values Linux, macOS and the BSDs all use; std maps them to the kinds above
/// already, so these are only a second line of defence.
#[cfg(unix)]
const ENOSPC: i32 = 28;
#[cfg(unix)]
const EFBIG: i32 = 27;

/// An I/O error with what was being done, before it is known whether it means a full
/// disk (which needs the data folder's numbers to explain) or something else.
#[derive(Debug)]
pub(crate) struct IoFailure {
    pub op: &'static str,
    pub path: PathBuf,
    pub source: io::Error,
}

impl IoFailure {
    pub fn new(op: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self {
            op,
            path: path.into(),
            source,
        }
    }

    /// `DiskFull` for ENOSPC and EFBIG, `Io` for anything else.
    pub fn into_error(self, dir: &std::path::Path, still_to_write: u64) -> DataDirError {
        match disk_full_kind(&self.source) {
            Some(file_size_limit) => DataDirError::DiskFull {
                dir: dir.to_owned(),
                still_to_write,
                available: fs4::available_space(dir).unwrap_or(0),
                file_size_limit,
            },
            None => DataDirError::io(self.op, self.path, self.source),
        }
    }
}
