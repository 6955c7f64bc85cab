//! The folder check, the one implementation that the job wizard shows and that job
//! creation enforces, so the two can never disagree: does the folder exist or will it
//! be created, can this user write there, how much is free, which file system is it
//! and how large may one file be there.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::DataDirError;
use super::fs_kind::{file_system_max_file_bytes, file_system_of};
use super::space::{available_space, ensure_writable};

/// What [`check_folder`] found (for the wizard to show as it is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FolderCheck {
    /// The folder, as an absolute path.
    pub path: PathBuf,
    /// `false`: it does not exist yet and creating the job creates it; the other
    /// fields are then those of [`checked_at`](Self::checked_at).
    pub exists: bool,
    /// The folder whose numbers these are: `path`, or its nearest existing ancestor.
    pub checked_at: PathBuf,
    /// A file could be created (and removed again) in `checked_at`.
    pub writable: bool,
    /// Why not, when `writable` is false.
    pub not_writable_reason: Option<String>,
    /// Bytes this user may still write on that file system.
    pub free_bytes: u64,
    /// The file system's size.
    pub total_bytes: u64,
    /// What the caller said the data needs (as given).
    pub bytes_needed: u64,
    /// The file system's name as the system gives it ("ext4", "vfat", "NTFS",
    /// "FAT32", "apfs", "nfs", "fuse.sshfs", ...), `None` when it cannot be told.
    pub file_system: Option<String>,
    /// The largest file the file system allows, where that is a limit a data file
    /// may reach (FAT: 4 GiB - 1 byte); `None`: no such limit.
    pub max_file_bytes: Option<u64>,
    /// A USB or SD drive, where that can be told.
    pub removable: Option<bool>,
    /// A network share, where that can be told.
    pub network: Option<bool>,
}

impl FolderCheck {
    pub fn enough_space(&self) -> bool {
        self.bytes_needed <= self.free_bytes
    }

    /// The largest file size to use for a job here that asked for `requested`
    /// (see [`fit_max_file_bytes`]).
    pub fn fit_max_file_bytes(&self, requested: u64) -> u64 {
        fit_max_file_bytes(requested, self.max_file_bytes)
    }

    /// [`DataDirError::NotWritable`] or [`DataDirError::NotEnoughSpace`] when the
    /// data cannot be written here.
    pub fn ensure_usable(&self) -> Result<(), DataDirError> {
        if !self.writable {
            return Err(DataDirError::NotWritable {
                dir: self.path.clone(),
                source: io::Error::other(
                    self.not_writable_reason
                        .clone()
                        .unwrap_or_else(|| "it cannot be written".into()),
                ),
            });
        }
        self.ensure_space()
    }

    fn ensure_space(&self) -> Result<(), DataDirError> {
        if !self.enough_space() {
            return Err(DataDirError::NotEnoughSpace {
                dir: self.path.clone(),
                needed: self.bytes_needed - self.free_bytes,
                available: self.free_bytes,
            });
        }
        Ok(())
    }

    /// [`DataDirError::FileTooLargeForFileSystem`] when a file of `largest` bytes does
    /// not fit this file system.
    pub fn ensure_file_fits(&self, largest: u64) -> Result<(), DataDirError> {
        match self.max_file_bytes {
            Some(limit) if largest > limit => Err(DataDirError::FileTooLargeForFileSystem {
                dir: self.path.clone(),
                file_system: self.file_system.clone().unwrap_or_default(),
                limit,
                largest,
            }),
            _ => Ok(()),
        }
    }
}

/// The file size for a job that asked for files of at most `requested` bytes on a
/// file system whose own largest file is `file_system_limit`: the smaller of the two,
/// so that a default job (4 GiB files) on a FAT32 drive gets files of 4 GiB - 1 byte
/// instead of failing after 4 GiB. Request validation calls this with
/// [`FolderCheck::max_file_bytes`].
pub fn fit_max_file_bytes(requested: u64, file_system_limit: Option<u64>) -> u64 {
    file_system_limit.map_or(requested, |limit| requested.min(limit))
}

/// The largest file size to use for a job in `dir` (existing or not) that asked for
/// files of at most `requested` bytes: [`fit_max_file_bytes`] with the limit of the
/// file system that holds `dir` (or would hold it once created). Writes nothing; a
/// file system that cannot be told keeps `requested`. For request validation, which
/// needs this one number and not the whole [`check_folder`].
pub fn fitting_max_file_bytes(dir: impl AsRef<Path>, requested: u64) -> u64 {
    let Ok(dir) = std::path::absolute(dir.as_ref()) else {
        return requested;
    };
    let Some(existing) = dir.ancestors().find(|p| p.is_dir()) else {
        return requested;
    };
    let name = file_system_of(existing, false).name;
    fit_max_file_bytes(
        requested,
        name.as_deref().and_then(file_system_max_file_bytes),
    )
}

/// Checks the folder a job would write `bytes_needed` bytes to; see [`FolderCheck`].
/// It writes nothing but a probe file that it removes again, and creates no folder.
///
/// Errors only when there is nothing to check: `path` exists but is not a folder
/// ([`DataDirError::NotAFolder`]), or no ancestor of it can be read.
pub fn check_folder(
    path: impl AsRef<Path>,
    bytes_needed: u64,
) -> Result<FolderCheck, DataDirError> {
    check(path.as_ref(), bytes_needed, true)
}

fn check(
    path: &Path,
    bytes_needed: u64,
    with_removable: bool,
) -> Result<FolderCheck, DataDirError> {
    let path =
        std::path::absolute(path).map_err(|e| DataDirError::io("resolve the path", path, e))?;
    let mut checked_at = path.as_path();
    loop {
        match std::fs::metadata(checked_at) {
            Ok(m) if m.is_dir() => break,
            Ok(_) if checked_at == path => return Err(DataDirError::NotAFolder { dir: path }),
            // A file where a folder would have to be created: creating fails.
            Ok(_) => {
                return Err(DataDirError::NotAFolder {
                    dir: checked_at.to_owned(),
                });
            }
            // Not a directory: a file on the way, which the loop reaches next.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) =>
            {
                checked_at = checked_at
                    .parent()
                    .ok_or_else(|| DataDirError::io("open the folder", &path, e))?;
            }
            Err(e) => return Err(DataDirError::io("open the folder", checked_at, e)),
        }
    }
    let writable = ensure_writable(checked_at);
    let kind = file_system_of(checked_at, with_removable);
    Ok(FolderCheck {
        exists: checked_at == path,
        checked_at: checked_at.to_owned(),
        writable: writable.is_ok(),
        not_writable_reason: writable.err().map(|e| match e {
            DataDirError::NotWritable { source, .. } => source.to_string(),
            other => other.to_string(),
        }),
        free_bytes: available_space(checked_at)?,
        total_bytes: fs4::total_space(checked_at).unwrap_or(0),
        bytes_needed,
        max_file_bytes: kind.name.as_deref().and_then(file_system_max_file_bytes),
        file_system: kind.name,
        removable: kind.removable,
        network: kind.network,
        path,
    })
}

/// What job creation enforces: the folder (existing by now) is writable, the whole
/// data fits, and its largest file (`largest` bytes) fits the file system.
pub(crate) fn check_folder_to_create(
    dir: &Path,
    total: u64,
    largest: u64,
) -> Result<FolderCheck, DataDirError> {
    // The probe's own error, with its kind, rather than the check's text.
    ensure_writable(dir)?;
    // Whether the disk is removable changes nothing here, and costs a list of disks.
    let check = check(dir, total, false)?;
    check.ensure_file_fits(largest)?;
    check.ensure_space()?;
    Ok(check)
}
