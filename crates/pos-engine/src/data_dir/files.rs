//! The data files: durable appends at a checkpoint, and bringing files back to their
//! checkpoints when a folder is opened.
//!
//! A data file is only ever a regular file at its own name: a symbolic link, a folder
//! or a device there is refused ([`DataDirError::NotARegularFile`]), and files are
//! opened without following links, so opening a folder can never cut back whatever a
//! planted link points at. A file is never made longer by cutting, and never written
//! unless its length is exactly where the write starts.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::DataDirError;
use super::error::IoFailure;
use super::fault::{self, Op, Target};
use super::lock::no_follow;

/// Why a write did not happen or did not complete.
pub(crate) enum WriteError {
    /// An I/O error (a full disk, perhaps): the bytes written were cut off again.
    Io(IoFailure),
    /// The file is not what the checkpoint says; nothing was changed.
    Refused(DataDirError),
}

impl From<IoFailure> for WriteError {
    fn from(f: IoFailure) -> Self {
        Self::Io(f)
    }
}

/// One data file, opened on its first write and then kept open.
pub(crate) struct DataFile {
    path: PathBuf,
    handle: Option<File>,
    /// A failed write may have left bytes past the checkpoint that could not be cut
    /// off then; the next write cuts them first.
    needs_cut: bool,
}

impl DataFile {
    pub fn new(path: PathBuf) -> Self {
        Self {
            path,
            handle: None,
            needs_cut: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn close(&mut self) {
        self.handle = None;
    }

    /// Writes `bytes` at `offset` (the checkpoint's byte length) and fsyncs the file.
    ///
    /// First the file's length must be `offset`: anything else means another program
    /// changed the file, and then nothing is written ([`WriteError::Refused`]).
    ///
    /// On an I/O failure the file is cut back to `offset` (best effort: on a full disk
    /// that frees the blocks of the partial write) and the handle is dropped, so the
    /// next try starts from a fresh one: after a failed `fsync`, Linux may already have
    /// dropped the dirty pages and a second `fsync` on the same handle could report
    /// success for data that never reached the disk. Either way the checkpoint was not
    /// moved, so a retry rewrites the same range.
    pub fn write_durable(&mut self, offset: u64, bytes: &[u8]) -> Result<(), WriteError> {
        if self.needs_cut {
            self.cut(offset).map_err(WriteError::Refused)?;
        }
        self.check_length(offset)?;
        let result = self.write_and_sync(offset, bytes);
        if result.is_err() {
            self.handle = None;
            self.discard_from(offset);
        }
        result.map_err(WriteError::Io)
    }

    /// Overwrites `bytes` at `offset` inside the file's `len` durable bytes and fsyncs
    /// the file (a repair). As for an append, the file must be exactly `len` bytes long;
    /// a failed write leaves the damage it set out to fix, and nothing else.
    pub fn overwrite_durable(
        &mut self,
        offset: u64,
        bytes: &[u8],
        len: u64,
    ) -> Result<(), WriteError> {
        if self.needs_cut {
            self.cut(len).map_err(WriteError::Refused)?;
        }
        self.check_length(len)?;
        let result = self.write_and_sync(offset, bytes);
        if result.is_err() {
            self.handle = None;
        }
        result.map_err(WriteError::Io)
    }

    /// Opens the file if needed and checks that it is `expected` bytes long.
    fn check_length(&mut self, expected: u64) -> Result<(), WriteError> {
        let path = &self.path;
        let refused = |len| {
            WriteError::Refused(DataDirError::UnexpectedFileLength {
                path: path.clone(),
                len,
                expected,
            })
        };
        let file = match &mut self.handle {
            Some(file) => file,
            // Only a file with nothing written yet may be created.
            none => none.insert(match open_data_file(path, expected == 0) {
                Err(WriteError::Io(f)) if f.source.kind() == io::ErrorKind::NotFound => {
                    return Err(refused(0));
                }
                opened => opened?,
            }),
        };
        let len = file
            .metadata()
            .map_err(|e| IoFailure::new("read the size of", path, e))?
            .len();
        if len != expected {
            let refused = refused(len);
            self.handle = None;
            return Err(refused);
        }
        Ok(())
    }

    fn write_and_sync(&mut self, offset: u64, bytes: &[u8]) -> Result<(), IoFailure> {
        let path = &self.path;
        let file = self.handle.as_mut().expect("opened by check_length");
        file.seek(SeekFrom::Start(offset))
            .map_err(|e| IoFailure::new("seek in", path, e))?;
        fault::write_all(file, Target::Data, path, bytes)
            .map_err(|e| IoFailure::new("write to", path, e))?;
        // The data and the file's new size. A new file's folder entry becomes durable
        // with the folder fsync that follows the checkpoint's rename; until then no
        // checkpoint counts on the file.
        fault::check(Op::Fsync, Target::Data, path)
            .and_then(|()| file.sync_data())
            .map_err(|e| IoFailure::new("fsync", path, e))
    }

    /// Best effort: cuts the file back to `len` now, or else before the next write.
    pub fn discard_from(&mut self, len: u64) {
        if let Err(e) = self.cut(len) {
            tracing::warn!(file = %self.path.display(), error = %e,
                "cannot cut unrecorded bytes off; they will be cut before the next write");
            self.needs_cut = true;
        }
    }

    fn cut(&mut self, len: u64) -> Result<(), DataDirError> {
        cut_to(&self.path, len)?;
        self.needs_cut = false;
        Ok(())
    }
}

/// Opens a data file for writing without following a link, creating it when `create`;
/// refuses anything but a regular file.
fn open_data_file(path: &Path, create: bool) -> Result<File, WriteError> {
    if let Some(refused) = not_regular(path) {
        return Err(WriteError::Refused(refused));
    }
    let mut options = OpenOptions::new();
    options
        .read(true)
        .write(true)
        .create(create)
        .truncate(false);
    no_follow(&mut options);
    let file = options.open(path).map_err(|e| {
        if is_link_refusal(&e) {
            WriteError::Refused(DataDirError::not_regular(path))
        } else {
            WriteError::Io(IoFailure::new("open", path, e))
        }
    })?;
    match file.metadata() {
        Ok(m) if m.is_file() => Ok(file),
        Ok(_) => Err(WriteError::Refused(DataDirError::not_regular(path))),
        Err(e) => Err(WriteError::Io(IoFailure::new("read", path, e))),
    }
}

/// `NotARegularFile` when something other than a regular file is at `path`.
fn not_regular(path: &Path) -> Option<DataDirError> {
    match fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => Some(DataDirError::not_regular(path)),
        _ => None,
    }
}

/// ELOOP: `O_NOFOLLOW` met a link (one planted after the check above).
fn is_link_refusal(e: &io::Error) -> bool {
    #[cfg(unix)]
    return e.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Truncates a regular file to `len` bytes and fsyncs it; a missing file has nothing to
/// cut. Never makes a file longer: a file shorter than `len` was changed by someone
/// else, and is reported.
fn cut_to(path: &Path, len: u64) -> Result<(), DataDirError> {
    if fs::symlink_metadata(path).is_err_and(|e| e.kind() == io::ErrorKind::NotFound) {
        return Ok(());
    }
    let file = match open_data_file(path, false) {
        Ok(file) => file,
        Err(WriteError::Refused(e)) => return Err(e),
        Err(WriteError::Io(f)) => return Err(DataDirError::io(f.op, f.path, f.source)),
    };
    let io = |e| DataDirError::io("truncate", path, e);
    let now = file.metadata().map_err(io)?.len();
    if now < len {
        return Err(DataDirError::FileShorterThanCheckpoint {
            path: path.to_owned(),
            len: now,
            expected: len,
        });
    }
    if now > len {
        file.set_len(len).map_err(io)?;
    }
    file.sync_all().map_err(io)
}

/// What opening a folder must do to one data file.
pub(crate) struct Reconcile {
    path: PathBuf,
    len: u64,
    checkpoint_bytes: u64,
}

/// Checks that data file `path` is a regular file (or missing, when its checkpoint is
/// zero) that holds at least its checkpoint's `checkpoint_bytes`; returns the cut it
/// needs when it holds more (a crash between a write and its checkpoint). Changes
/// nothing, so that a folder with one damaged file is left entirely as it was.
///
/// A file *shorter* than its checkpoint is an error, not something to repair by
/// moving the checkpoint back: bytes that were fsynced have gone, so the storage or
/// another program lost or changed data, and the bytes still there can no longer be
/// trusted either. Silently recomputing the missing part would hide that from the
/// person who owns the data; they decide (restore the file, or start again).
pub(crate) fn check_file(
    path: &Path,
    checkpoint_bytes: u64,
) -> Result<Option<Reconcile>, DataDirError> {
    let len = match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_file() => return Err(DataDirError::not_regular(path)),
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => 0,
        Err(e) => return Err(DataDirError::io("read the size of", path, e)),
    };
    if len < checkpoint_bytes {
        return Err(DataDirError::FileShorterThanCheckpoint {
            path: path.to_owned(),
            len,
            expected: checkpoint_bytes,
        });
    }
    Ok((len > checkpoint_bytes).then(|| Reconcile {
        path: path.to_owned(),
        len,
        checkpoint_bytes,
    }))
}

impl Reconcile {
    /// Cuts the file back to its checkpoint: the bytes past it were never recorded as
    /// written, so nothing says they are whole or correct.
    pub fn apply(self) -> Result<(), DataDirError> {
        tracing::warn!(file = %self.path.display(), len = self.len, checkpoint = self.checkpoint_bytes,
            "cutting a data file back to its checkpoint (an unfinished write before a crash or a full disk)");
        cut_to(&self.path, self.checkpoint_bytes)
    }
}
