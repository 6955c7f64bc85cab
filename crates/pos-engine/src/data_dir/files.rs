//! The data files: durable appends at a checkpoint, and bringing files back to their
//! checkpoints when a folder is opened.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::DataDirError;
use super::error::IoFailure;

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
    /// On failure the file is cut back to `offset` (best effort: on a full disk that
    /// frees the blocks of the partial write) and the handle is dropped, so the next
    /// try starts from a fresh one: after a failed `fsync`, Linux may already have
    /// dropped the dirty pages and a second `fsync` on the same handle could report
    /// success for data that never reached the disk. Either way the checkpoint was not
    /// moved, so a retry rewrites the same range.
    pub fn write_durable(&mut self, offset: u64, bytes: &[u8]) -> Result<(), IoFailure> {
        if self.needs_cut {
            self.cut(offset)?;
        }
        let result = self.write_and_sync(offset, bytes);
        if result.is_err() {
            self.handle = None;
            self.discard_from(offset);
        }
        result
    }

    fn write_and_sync(&mut self, offset: u64, bytes: &[u8]) -> Result<(), IoFailure> {
        let path = &self.path;
        let file = match &mut self.handle {
            Some(file) => file,
            none => none.insert(
                OpenOptions::new()
                    .read(true)
                    .write(true)
                    .create(true)
                    .truncate(false)
                    .open(path)
                    .map_err(|e| IoFailure::new("open", path, e))?,
            ),
        };
        file.seek(SeekFrom::Start(offset))
            .map_err(|e| IoFailure::new("seek in", path, e))?;
        file.write_all(bytes)
            .map_err(|e| IoFailure::new("write to", path, e))?;
        // The data and the file's new size. A new file's folder entry becomes durable
        // with the folder fsync that follows the checkpoint's rename; until then no
        // checkpoint counts on the file.
        file.sync_data()
            .map_err(|e| IoFailure::new("fsync", path, e))
    }

    /// Best effort: cuts the file back to `len` now, or else before the next write.
    pub fn discard_from(&mut self, len: u64) {
        if let Err(e) = self.cut(len) {
            tracing::warn!(file = %self.path.display(), error = %e.source,
                "cannot cut unrecorded bytes off; they will be cut before the next write");
            self.needs_cut = true;
        }
    }

    fn cut(&mut self, len: u64) -> Result<(), IoFailure> {
        cut_to(&self.path, len).map_err(|e| IoFailure::new("truncate", &self.path, e))?;
        self.needs_cut = false;
        Ok(())
    }
}

/// Truncates a file to `len` bytes and fsyncs it; a missing file has nothing to cut.
fn cut_to(path: &Path, len: u64) -> io::Result<()> {
    let file = match OpenOptions::new().write(true).open(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        opened => opened?,
    };
    file.set_len(len)?;
    file.sync_all()
}

/// What opening a folder must do to one data file.
pub(crate) struct Reconcile {
    path: PathBuf,
    len: u64,
    checkpoint_bytes: u64,
}

/// Checks that data file `path` holds at least its checkpoint's `checkpoint_bytes`;
/// returns the cut it needs when it holds more (a crash between a write and its
/// checkpoint). Changes nothing, so that a folder with one damaged file is left
/// entirely as it was.
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
    let len = match fs::metadata(path) {
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
            .map_err(|e| DataDirError::io("truncate", &self.path, e))
    }
}
