//! Creating a data folder, and opening one to resume, verify or delete it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::check;
use super::checkpoint;
use super::files::check_file;
use super::folder::{Folder, sync_parent_of};
use super::layout::{DataLayout, FileNaming, Geometry, is_data_file_name};
use super::meta::{Metadata, first_difference};
use super::status::DataDirStatus;
use super::{DataDir, DataDirError, lock};

impl DataDir {
    /// Creates a data folder for `layout` at `path`, or opens the one there to resume it.
    /// The layout's [`FileNaming`] says which files in the folder are this data set's.
    ///
    /// - No folder, or a folder without our metadata and data files: checks it with
    ///   [`check_folder`](super::check_folder) (writable, the whole data fits on its
    ///   disk, the largest file fits its file system:
    ///   [`DataDirError::FileTooLargeForFileSystem`] on FAT32 for files of 4 GiB), then
    ///   writes the metadata (atomically). Other files in the folder are left alone.
    /// - Our metadata with the same parameters: opens it to resume (see [`open`](Self::open)).
    /// - Our metadata with other parameters: [`DataDirError::ParamMismatch`] naming the
    ///   first field that differs.
    /// - Our data files without metadata, or metadata that cannot be read: an error,
    ///   and nothing is written.
    ///
    /// Resuming does not check free space: call [`check_space`](Self::check_space).
    pub fn create_or_open(
        path: impl AsRef<Path>,
        layout: &DataLayout,
    ) -> Result<Self, DataDirError> {
        let geometry = layout.geometry()?;
        let path = absolute(path.as_ref())?;
        let mut created = Vec::new();
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(DataDirError::NotAFolder { dir: path }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                created = missing_ancestors(&path);
                fs::create_dir_all(&path)
                    .map_err(|e| DataDirError::io("create the folder", &path, e))?;
                sync_parent_of(&path);
            }
            Err(e) => return Err(DataDirError::io("open the folder", &path, e)),
        }
        let result = Self::create_or_resume(&path, layout, geometry);
        if result.is_err() {
            // A request that fails changes nothing: remove the folders made for it
            // (remove_dir only removes empty ones).
            for dir in created.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
        }
        result
    }

    fn create_or_resume(
        path: &Path,
        layout: &DataLayout,
        geometry: Geometry,
    ) -> Result<Self, DataDirError> {
        let path = path.to_owned();
        let folder = Folder::open(&path, &layout.naming)?;
        if let Some(meta) = read_meta_if_any(&path, &layout.naming)? {
            return Self::resume_expecting(folder, meta, layout);
        }
        Self::create(folder, layout, geometry)
    }

    /// Opens the data set that `expected` describes at `path`, to resume, verify or
    /// delete a job whose layout is known (reloading the job list): like
    /// [`open_named`](Self::open_named) with `expected.naming`, but when the folder's
    /// metadata describes other data (id, salt, N, label size, size, file size or PoW
    /// differ: another job's folder where this job's was, a swapped drive) it is
    /// [`DataDirError::ParamMismatch`], and nothing in the folder was changed.
    pub fn open_expecting(
        path: impl AsRef<Path>,
        expected: &DataLayout,
    ) -> Result<Self, DataDirError> {
        let path = absolute(path.as_ref())?;
        let folder = Folder::open(&path, &expected.naming)?;
        let meta = read_meta_if_any(&path, &expected.naming)?
            .ok_or_else(|| missing_meta(&path, &expected.naming))?;
        Self::resume_expecting(folder, meta, expected)
    }

    /// Resumes `meta` once it is known to describe `expected`; checked before any file
    /// is touched.
    fn resume_expecting(
        folder: Folder,
        meta: Metadata,
        expected: &DataLayout,
    ) -> Result<Self, DataDirError> {
        let (existing, geometry) = meta.layout(&folder.meta_path(), &expected.naming)?;
        if let Some((field, existing, requested)) = first_difference(&existing, expected) {
            return Err(DataDirError::ParamMismatch {
                dir: folder.path().to_owned(),
                field,
                existing,
                requested,
            });
        }
        Self::resume(folder, existing, geometry, meta)
    }

    /// Opens an existing data folder (to resume, verify, show or delete it), with the
    /// layout its metadata describes.
    ///
    /// Every data file is brought back to its checkpoint: bytes past it (a write that
    /// a crash or a full disk interrupted) are cut off. A file shorter than its
    /// checkpoint is [`DataDirError::FileShorterThanCheckpoint`], and then no file is
    /// changed.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, DataDirError> {
        Self::open_named(path, &FileNaming::Numbered)
    }

    /// [`open`](Self::open) for the data set that `naming` names in the folder `path`.
    pub fn open_named(path: impl AsRef<Path>, naming: &FileNaming) -> Result<Self, DataDirError> {
        let path = absolute(path.as_ref())?;
        let folder = Folder::open(&path, naming)?;
        let meta = read_meta_if_any(&path, naming)?.ok_or_else(|| missing_meta(&path, naming))?;
        let (layout, geometry) = meta.layout(&folder.meta_path(), naming)?;
        Self::resume(folder, layout, geometry, meta)
    }

    /// The status of the data folder at `path`, read from its metadata only: no lock,
    /// no change, so it also works while a job writes there.
    pub fn read_status(path: impl AsRef<Path>) -> Result<DataDirStatus, DataDirError> {
        Self::read_status_named(path, &FileNaming::Numbered)
    }

    /// [`read_status`](Self::read_status) of the data set that `naming` names in `path`.
    pub fn read_status_named(
        path: impl AsRef<Path>,
        naming: &FileNaming,
    ) -> Result<DataDirStatus, DataDirError> {
        let path = absolute(path.as_ref())?;
        let mut meta =
            read_meta_if_any(&path, naming)?.ok_or_else(|| missing_meta(&path, naming))?;
        let (layout, geometry) = meta.layout(&path.join(naming.meta_file()), naming)?;
        if layout.naming != FileNaming::Numbered {
            return Ok(DataDirStatus::new(&path, &layout, &geometry, &meta));
        }
        // Shards may be writing: their checkpoints count, and say who writes what.
        let checkpoints = checkpoint::read_all(&path, &meta)?;
        for (index, cp) in &checkpoints {
            checkpoint::overlay(&mut meta, *index, cp);
            checkpoint::add_seconds(&mut meta, cp);
        }
        let mut status = DataDirStatus::new(&path, &layout, &geometry, &meta);
        for (index, cp) in checkpoints {
            let file = &mut status.files[index];
            file.being_written =
                !file.is_complete() && lock::is_held(&path.join(checkpoint::file_lock_name(index)));
            file.writer = Some(cp.writer);
        }
        Ok(status)
    }

    fn create(
        folder: Folder,
        layout: &DataLayout,
        geometry: Geometry,
    ) -> Result<Self, DataDirError> {
        let path = folder.path().to_owned();
        let naming = &layout.naming;
        if let Some(example) = first_data_file(&path, naming)? {
            return Err(DataDirError::DataWithoutMetadata {
                dir: path,
                example,
                meta: naming.meta_file(),
            });
        }
        let total = geometry.total_bytes();
        let largest = geometry.span(0).bytes;
        check::check_folder_to_create(&path, total, largest)?;
        // Only a crash while the metadata was first written leaves this (later updates
        // happen while the metadata exists): it is ours and holds nothing of value.
        remove_if_exists(&folder.meta_temp_path())?;
        let meta = Metadata::new(layout, &geometry);
        if let Err(f) = meta.write_atomic(&folder) {
            if f.replaced {
                // Only the folder fsync failed; the data set exists now, unsynced.
                // Remove it again, so that a request that fails changes nothing.
                let _ = fs::remove_file(folder.meta_path());
            }
            return Err(f.failure.into_error(&path, total));
        }
        tracing::info!(dir = %path.display(), labels = layout.total_labels,
            files = geometry.file_count(), "created a data folder");
        Ok(Self::assemble(folder, layout.clone(), geometry, meta))
    }

    fn resume(
        folder: Folder,
        layout: DataLayout,
        geometry: Geometry,
        mut meta: Metadata,
    ) -> Result<Self, DataDirError> {
        if layout.naming == FileNaming::Numbered {
            // Open whole, no shard runs: what shards wrote goes into the metadata.
            checkpoint::fold(&folder, &mut meta)?;
        }
        let path = folder.path();
        // Check every file before changing any.
        let mut cuts = Vec::new();
        for (i, file) in meta.files.iter().enumerate() {
            let checkpoint_bytes = geometry.packed_bytes(file.durable_labels);
            cuts.extend(check_file(
                &path.join(&geometry.span(i).name),
                checkpoint_bytes,
            )?);
        }
        for cut in cuts {
            cut.apply()?;
        }
        remove_if_exists(&folder.meta_temp_path())?;
        tracing::info!(dir = %path.display(), durable = meta.durable_labels(),
            total = layout.total_labels, "opened a data folder");
        Ok(Self::assemble(folder, layout, geometry, meta))
    }
}

/// An absolute path, so that messages and status name the folder unambiguously.
fn absolute(path: &Path) -> Result<PathBuf, DataDirError> {
    std::path::absolute(path).map_err(|e| DataDirError::io("resolve the path", path, e))
}

fn missing_meta(path: &Path, naming: &FileNaming) -> DataDirError {
    match first_data_file(path, naming) {
        Ok(Some(example)) => DataDirError::DataWithoutMetadata {
            dir: path.to_owned(),
            example,
            meta: naming.meta_file(),
        },
        Ok(None) => DataDirError::NotADataFolder {
            dir: path.to_owned(),
            meta: naming.meta_file(),
        },
        Err(e) => e,
    }
}

/// The data set's metadata, `None` when there is no metadata file at all.
fn read_meta_if_any(dir: &Path, naming: &FileNaming) -> Result<Option<Metadata>, DataDirError> {
    let meta_path = dir.join(naming.meta_file());
    match fs::symlink_metadata(&meta_path) {
        Ok(_) => Metadata::read(&meta_path).map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // Tell a missing folder apart from a folder without metadata.
            fs::metadata(dir).map_err(|e| DataDirError::io("open the folder", dir, e))?;
            Ok(None)
        }
        Err(e) => Err(DataDirError::BadMetadata {
            path: meta_path,
            reason: format!("it cannot be read ({e})"),
        }),
    }
}

/// The name of a data file of `naming` in `dir` if there is any: the lowest
/// `postdata_<i>.bin`, or the single file unless it is empty (what a crash of an older
/// version left between locking a new data set, by creating its file, and writing its
/// metadata; the lock is a separate file now).
fn first_data_file(dir: &Path, naming: &FileNaming) -> Result<Option<String>, DataDirError> {
    if let FileNaming::SingleFile(name) = naming {
        let path = dir.join(name);
        return match fs::symlink_metadata(&path) {
            Ok(m) => Ok((m.len() > 0 || !m.is_file()).then(|| name.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(DataDirError::io("read the size of", &path, e)),
        };
    }
    let entries = fs::read_dir(dir).map_err(|e| DataDirError::io("list the folder", dir, e))?;
    let mut found: Option<String> = None;
    for entry in entries {
        let entry = entry.map_err(|e| DataDirError::io("list the folder", dir, e))?;
        if let Some(name) = entry.file_name().to_str()
            && is_data_file_name(name)
            && found
                .as_deref()
                .is_none_or(|f| (name.len(), name) < (f.len(), f))
        {
            found = Some(name.to_owned());
        }
    }
    Ok(found)
}

fn remove_if_exists(path: &Path) -> Result<(), DataDirError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(DataDirError::io("remove", path, e)),
        _ => Ok(()),
    }
}

/// `path` and each of its ancestors that does not exist yet, outermost first.
fn missing_ancestors(path: &Path) -> Vec<PathBuf> {
    let mut missing: Vec<PathBuf> = path
        .ancestors()
        .take_while(|p| !p.exists())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    missing
}
