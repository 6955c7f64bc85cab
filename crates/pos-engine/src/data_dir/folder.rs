//! The folder itself: the data set's lock (see `lock.rs`), so that two jobs or
//! programs never write the same data, and `fsync` of the folder, so that a rename
//! survives a power cut.

#[cfg(unix)]
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::DataDirError;
use super::fault::{self, Op, Target};
use super::layout::FileNaming;
use super::lock::{DataLock, LockMode};

/// An open data folder and the names of its data set's files, locked for as long as
/// it lives.
///
/// Windows has no folder handles to `fsync` with std alone; NTFS journals renames
/// itself, so [`sync`](Self::sync) does nothing there.
pub(crate) struct Folder {
    path: PathBuf,
    naming: FileNaming,
    lock: DataLock,
    #[cfg(unix)]
    handle: File,
}

impl Folder {
    /// Opens `path` (absolute), which must be an existing folder, and locks the data
    /// set that `naming` names in it.
    pub fn open(path: &Path, naming: &FileNaming) -> Result<Self, DataDirError> {
        Self::open_with(path, naming, LockMode::Exclusive)
    }

    /// [`open`](Self::open) with the data set's lock held as `mode`: shared by the
    /// shards of a job, each of which also locks the files it writes.
    pub fn open_with(
        path: &Path,
        naming: &FileNaming,
        mode: LockMode,
    ) -> Result<Self, DataDirError> {
        #[cfg(unix)]
        let handle = File::open(path).map_err(|e| DataDirError::io("open the folder", path, e))?;
        let in_use = match naming {
            FileNaming::Numbered => path.to_owned(),
            FileNaming::SingleFile(name) => path.join(name),
        };
        let lock = DataLock::acquire(path, naming, &in_use, mode)?;
        Ok(Self {
            path: path.to_owned(),
            naming: naming.clone(),
            lock,
            #[cfg(unix)]
            handle,
        })
    }

    /// The data set opened or was created: its lock file stays.
    pub fn keep_lock_file(&mut self) {
        self.lock.keep();
    }

    /// Whether this is still the folder that was opened (see [`DataLock::is_current`]).
    pub fn is_current(&self) -> bool {
        self.lock.is_current()
    }

    pub fn lock_path(&self) -> &Path {
        self.lock.path()
    }

    /// Releases the lock and removes the lock file (delete); whether it was there.
    pub fn remove_lock_file(self) -> Result<bool, DataDirError> {
        self.lock.remove()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn meta_path(&self) -> PathBuf {
        self.path.join(self.naming.meta_file())
    }

    pub fn meta_temp_path(&self) -> PathBuf {
        self.path.join(self.naming.meta_temp_file())
    }

    /// Makes the folder's entries (created, renamed, removed files) durable.
    pub fn sync(&self) -> io::Result<()> {
        fault::check(Op::FsyncFolder, Target::Any, &self.path)?;
        #[cfg(unix)]
        return self.handle.sync_all();
        #[cfg(not(unix))]
        Ok(())
    }
}

/// Best effort: makes a newly created folder's entry in its parent durable.
pub(crate) fn sync_parent_of(path: &Path) {
    #[cfg(unix)]
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Err(e) = File::open(parent).and_then(|f| f.sync_all())
    {
        tracing::debug!(dir = %parent.display(), error = %e, "cannot fsync the parent folder");
    }
    #[cfg(not(unix))]
    let _ = path;
}
