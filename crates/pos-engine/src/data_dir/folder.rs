//! The folder itself: an exclusive lock, so that two jobs or programs never write the
//! same data, and `fsync` of the folder, so that a rename survives a power cut.

#[cfg(unix)]
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};

use super::DataDirError;
use super::layout::FileNaming;

/// An open data folder and the names of its data set's files.
///
/// On Unix it holds an exclusive advisory lock (`flock`) for as long as it lives,
/// released when it is dropped, also when the process dies: on the folder for
/// numbered files, or on the data file for a single file (other data sets may share
/// that folder), taken by [`lock_single_file`](Self::lock_single_file).
///
/// On Windows a folder cannot be opened like a file with std alone, and a lock on a
/// data file would block our own writes through other handles, so there is no lock
/// and no folder `fsync` there (NTFS journals renames itself); one process must not
/// open the same data twice.
pub(crate) struct Folder {
    path: PathBuf,
    naming: FileNaming,
    #[cfg(unix)]
    handle: File,
    /// The locked data file of a single-file data set.
    #[cfg(unix)]
    single_file_lock: Option<File>,
}

impl Folder {
    /// Opens `path`, which must be an existing folder, for a data set named by
    /// `naming`; numbered data sets lock the folder at once.
    pub fn open(path: &Path, naming: &FileNaming) -> Result<Self, DataDirError> {
        #[cfg(unix)]
        {
            let handle =
                File::open(path).map_err(|e| DataDirError::io("open the folder", path, e))?;
            if !naming.shares_folder() {
                lock_or_in_use(&handle, path)?;
            }
            Ok(Self {
                path: path.to_owned(),
                naming: naming.clone(),
                handle,
                single_file_lock: None,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {
            path: path.to_owned(),
            naming: naming.clone(),
        })
    }

    /// For a single-file data set: creates its data file when missing (empty) and locks
    /// it. Nothing to do for numbered files, whose folder is locked already.
    pub fn lock_single_file(&mut self) -> Result<(), DataDirError> {
        let FileNaming::SingleFile(name) = &self.naming else {
            return Ok(());
        };
        let path = self.path.join(name);
        #[cfg(unix)]
        {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| DataDirError::io("open", &path, e))?;
            lock_or_in_use(&file, &path)?;
            self.single_file_lock = Some(file);
        }
        #[cfg(not(unix))]
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| DataDirError::io("open", &path, e))?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn naming(&self) -> &FileNaming {
        &self.naming
    }

    pub fn meta_path(&self) -> PathBuf {
        self.path.join(self.naming.meta_file())
    }

    pub fn meta_temp_path(&self) -> PathBuf {
        self.path.join(self.naming.meta_temp_file())
    }

    /// Makes the folder's entries (created, renamed, removed files) durable.
    pub fn sync(&self) -> io::Result<()> {
        #[cfg(unix)]
        return self.handle.sync_all();
        #[cfg(not(unix))]
        Ok(())
    }
}

/// Takes an exclusive `flock` on `file` (the folder or a single data file at `path`).
#[cfg(unix)]
fn lock_or_in_use(file: &File, path: &Path) -> Result<(), DataDirError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(std::fs::TryLockError::WouldBlock) => Err(DataDirError::InUse {
            dir: path.to_owned(),
        }),
        // Some network file systems cannot lock: carry on without.
        Err(std::fs::TryLockError::Error(e)) => {
            tracing::warn!(path = %path.display(), error = %e, "cannot lock the data");
            Ok(())
        }
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
