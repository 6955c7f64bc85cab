//! The folder itself: an exclusive lock, so that two jobs or programs never write the
//! same data, and `fsync` of the folder, so that a rename survives a power cut.

#[cfg(unix)]
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::DataDirError;

/// An open data folder. On Unix it holds the folder open with an exclusive advisory
/// lock (`flock`) for as long as it lives; the lock is released when it is dropped,
/// also when the process dies.
///
/// On Windows a folder cannot be opened like a file with std alone, so there is no
/// lock and no folder `fsync` there (NTFS journals renames itself); one process must
/// not open the same folder twice.
pub(crate) struct Folder {
    path: PathBuf,
    #[cfg(unix)]
    handle: File,
}

impl Folder {
    /// Opens and locks `path`, which must be an existing folder.
    pub fn open_locked(path: &Path) -> Result<Self, DataDirError> {
        #[cfg(unix)]
        {
            let handle =
                File::open(path).map_err(|e| DataDirError::io("open the folder", path, e))?;
            match handle.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(DataDirError::InUse {
                        dir: path.to_owned(),
                    });
                }
                // Some network file systems cannot lock: carry on without.
                Err(std::fs::TryLockError::Error(e)) => {
                    tracing::warn!(dir = %path.display(), error = %e, "cannot lock the data folder");
                }
            }
            Ok(Self {
                path: path.to_owned(),
                handle,
            })
        }
        #[cfg(not(unix))]
        Ok(Self {
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the folder's entries (created, renamed, removed files) durable.
    pub fn sync(&self) -> io::Result<()> {
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
