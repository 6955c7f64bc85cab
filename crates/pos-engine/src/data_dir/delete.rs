//! Removing a data folder's files: ours only, never a file we did not write.

use std::fs;
use std::io;
use std::path::PathBuf;

use super::{DataDir, DataDirError, lock};

/// What [`DataDir::delete`] removed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeleteOutcome {
    pub removed: Vec<PathBuf>,
    /// The folder itself was removed (it held nothing else).
    pub folder_removed: bool,
}

impl DataDir {
    /// Closes the folder and removes its data files, metadata and lock file, then the
    /// folder itself if nothing else is in it. Files that are not ours (any name other
    /// than `pos-meta.json`, its temporary file, `pos-meta.lock`, the
    /// `postdata_<i>.bin` of this layout and what shards write beside them) stay. A single-file data set removes its
    /// file, metadata and lock file only, never the folder, which it shares.
    ///
    /// First it checks that the folder still holds this data set
    /// ([`check_still_here`](Self::check_still_here)): a folder that another drive or
    /// another job's data took the place of is [`DataDirError::FolderReplaced`], and
    /// nothing is removed.
    ///
    /// There is no "metadata only" variant: data is worthless without the metadata
    /// that says how it was made, so the two are only ever removed together. To keep
    /// the data, just drop the `DataDir`.
    ///
    /// Crash-safe: the checkpoints are first set to zero, so a folder whose deletion
    /// was interrupted opens as an empty job (its remaining files cut to nothing) and
    /// can be deleted again.
    pub fn delete(self) -> Result<DeleteOutcome, DataDirError> {
        if let Some(shard) = self.shard() {
            return Err(DataDirError::BadRequest(format!(
                "shard {shard} cannot delete the job; stop every shard and delete it whole"
            )));
        }
        self.check_still_here()?;
        let mut outcome = DeleteOutcome::default();
        let dir = self.path().to_owned();
        let temp = self.folder.meta_temp_path();
        if remove(&temp)? {
            outcome.removed.push(temp);
        }
        // The shards' checkpoint files: opening the folder whole folded their labels
        // into the metadata, so removing them first keeps an interrupted delete
        // consistent.
        if !self.layout.naming.shares_folder() {
            for name in super::checkpoint::sharded_files(&dir)?.all {
                let path = dir.join(name);
                if remove(&path)? {
                    outcome.removed.push(path);
                }
            }
        }

        let zeroed = self.update_meta(|m| {
            for f in &mut m.files {
                f.durable_labels = 0;
            }
        });
        let meta_path = self.folder.meta_path();
        if let Err(e) = zeroed {
            // A full disk, most likely, which is when people delete data. Remove the
            // metadata first then: an interruption leaves data files without metadata,
            // which opening reports, rather than checkpoints past missing files.
            tracing::warn!(dir = %dir.display(), error = %e, "cannot reset the checkpoints before deleting");
            if remove(&meta_path)? {
                outcome.removed.push(meta_path.clone());
            }
        }
        for (index, file) in self.files.iter().enumerate().rev() {
            // Lock to be sure no append is running, and close the file before removing it.
            let mut file = lock(file);
            file.close();
            debug_assert_eq!(file.path(), dir.join(&self.geometry.span(index).name));
            if remove(file.path())? {
                outcome.removed.push(file.path().to_owned());
            }
        }
        if remove(&meta_path)? {
            outcome.removed.push(meta_path);
        }
        if let Err(e) = self.folder.sync() {
            tracing::debug!(dir = %dir.display(), error = %e, "cannot fsync the folder after deleting");
        }
        let shared = self.layout.naming.shares_folder();
        let lock_path = self.folder.lock_path().to_owned();
        drop(self.files);
        if self.folder.remove_lock_file()? {
            outcome.removed.push(lock_path);
        }
        // Fails, as it should, when the folder still holds anything.
        outcome.folder_removed = !shared && fs::remove_dir(&dir).is_ok();
        tracing::info!(dir = %dir.display(), files = outcome.removed.len(),
            folder_removed = outcome.folder_removed, "deleted a data folder");
        Ok(outcome)
    }
}

/// Removes `path`; `Ok(false)` when it was not there.
fn remove(path: &std::path::Path) -> Result<bool, DataDirError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(DataDirError::io("remove", path, e)),
    }
}
