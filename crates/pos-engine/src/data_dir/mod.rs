//! Self-describing, crash-safe data folders.
//!
//! A data folder holds `pos-meta.json` (what the data is and how far it got, see
//! [Metadata](#metadata) below) and the data files `postdata_0.bin`, `postdata_1.bin`, ...
//! whose concatenation is the packed label stream for positions `0..total_labels`
//! (LABELS.md section 6). Files that are not ours may live in the same folder; they
//! are never overwritten or deleted.
//!
//! A data set may instead be one file of a given name, `<name>` with its metadata in
//! `<name>.meta.json` ([`FileNaming::SingleFile`], the old pos server's `<job id>.pos`
//! files); several of those can share a folder. Everything below holds for both.
//!
//! # Crash safety
//!
//! Each data file has a checkpoint in the metadata: the labels written and fsynced.
//! [`DataDir::append_durable`] writes at the checkpoint, fsyncs the data file, and only
//! then moves the checkpoint by replacing the metadata atomically (temporary file,
//! fsync, rename, folder fsync). A crash or a full disk at any point leaves the
//! metadata at a checkpoint whose bytes are all on disk; bytes past it are cut off
//! when the folder is next opened. A file shorter than its checkpoint is reported,
//! never repaired silently (see [`DataDirError::FileShorterThanCheckpoint`]).
//!
//! # Sharing
//!
//! A `DataDir` is `Send + Sync`: put it in an `Arc` and let several providers append
//! to *different* files at once. Each file has its own lock and handle (writes to one
//! file are serialised); checkpoints are serialised by the metadata's lock.
//!
//! For as long as a `DataDir` lives it holds the data set's lock file
//! (`pos-meta.lock`, or `<name>.lock` for a single file): an OS lock on it (`flock`,
//! `LockFileEx`; on Windows also share mode 0) and a place in a process-wide registry,
//! so a second open of the same data, by another program or inside this one, gets
//! [`DataDirError::InUse`]. [`DataDir::read_status`] reads the metadata without the
//! lock, so it works while a job writes.
//!
//! # Files that are not ours
//!
//! Data, metadata and lock files must be regular files: links and devices are refused
//! ([`DataDirError::NotARegularFile`]) and never followed, so opening a folder never
//! cuts back what a planted link points at. A data file is written only when its
//! length is its checkpoint ([`DataDirError::UnexpectedFileLength`] otherwise, with
//! nothing written). [`DataDir::delete`] removes only this data set's files.
//!
//! # Metadata
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "params": { "id": "<64 hex>", "salt": "<64 hex>", "n": 512, "label_bits": 8,
//!               "total_labels": 10000, "labels_per_file": 4096, "max_file_bytes": 4096 },
//!   "files": [ { "name": "postdata_0.bin", "first_position": 0, "labels": 4096,
//!                "durable_labels": 4096 }, ... ],
//!   "pow": { "difficulty": "<64 hex>", "lowest_solution": 1234 },
//!   "timings": { "created_unix_s": 1760000000, "updated_unix_s": 1760000100,
//!                "compute_seconds": 93.5 },
//!   "providers_used": ["cpu"]
//! }
//! ```
//! `pow` is `null` for a job without PoW, `lowest_solution` `null` until one is found.

mod check;
mod checkpoint;
mod delete;
mod error;
#[cfg(feature = "fault-injection")]
#[doc(hidden)]
pub mod fault;
#[cfg(not(feature = "fault-injection"))]
#[path = "no_fault.rs"]
mod fault;
mod files;
mod folder;
mod fs_kind;
mod layout;
mod lock;
mod merge;
mod meta;
mod open;
mod rewrite;
mod shard;
mod space;
mod status;
mod verify;

use std::sync::{Mutex, MutexGuard};

pub use check::{FolderCheck, check_folder, fit_max_file_bytes, fitting_max_file_bytes};
pub use checkpoint::FileWriter;
pub use delete::DeleteOutcome;
pub use error::DataDirError;
pub use fs_kind::file_system_max_file_bytes;
pub use layout::{
    DEFAULT_MAX_FILE_BYTES, DataLayout, FileNaming, FileSpan, Geometry, LOCK_FILE, MAX_FILES,
    MAX_SINGLE_FILE_NAME_BYTES, data_file_name,
};
pub use merge::MergeReport;
pub use meta::{META_FILE, SCHEMA_VERSION};
pub use shard::Shard;
pub use space::human_bytes;
pub use status::{DataDirStatus, FileStatus};
pub use verify::{
    DEFAULT_VERIFY_FRACTION, FileVerified, LabelMismatch, VerifyReport, label_matches,
};

use error::IoFailure;
use files::{DataFile, WriteError};
use folder::Folder;
use meta::{MetaWriteFailure, Metadata};

/// An open data folder; see the [module documentation](self).
pub struct DataDir {
    folder: Folder,
    layout: DataLayout,
    geometry: Geometry,
    /// The metadata as last written to disk (plus compute time not saved yet). Changed
    /// only by writing a new version first, so checkpoints never run ahead of the file.
    meta: Mutex<Metadata>,
    /// One per data file, in order.
    files: Vec<Mutex<DataFile>>,
    /// `Some` when opened as one shard of a job (see `shard.rs`).
    shard: Option<shard::ShardState>,
}

/// What a batch found besides its labels, saved with its checkpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BatchRecord {
    /// The lowest PoW solution in the batch (as the provider returned it).
    pub pow_solution: Option<u64>,
    /// Time the batch took to compute.
    pub compute_secs: f64,
}

fn apply_record(meta: &mut Metadata, record: &BatchRecord) {
    if let (Some(pow), Some(found)) = (&mut meta.pow, record.pow_solution) {
        pow.lowest_solution = Some(pow.lowest_solution.map_or(found, |s| s.min(found)));
    }
    add_seconds(meta, record.compute_secs);
}

fn add_seconds(meta: &mut Metadata, seconds: f64) {
    if seconds.is_finite() && seconds > 0.0 {
        meta.timings.compute_seconds += seconds;
    }
}

/// A panic elsewhere cannot leave the guarded values half-changed (metadata is
/// replaced whole, files are cut back on failure), so a poisoned lock is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl DataDir {
    fn assemble(
        mut folder: Folder,
        layout: DataLayout,
        geometry: Geometry,
        meta: Metadata,
    ) -> Self {
        folder.keep_lock_file();
        let files = (0..geometry.file_count())
            .map(|i| Mutex::new(DataFile::new(folder.path().join(geometry.span(i).name))))
            .collect();
        Self {
            folder,
            layout,
            geometry,
            meta: Mutex::new(meta),
            files,
            shard: None,
        }
    }

    /// The folder, as an absolute path.
    pub fn path(&self) -> &std::path::Path {
        self.folder.path()
    }

    pub fn layout(&self) -> &DataLayout {
        &self.layout
    }

    pub fn geometry(&self) -> &Geometry {
        &self.geometry
    }

    pub fn file_count(&self) -> usize {
        self.geometry.file_count()
    }

    /// The positions and size of data file `index`, `None` past the last file.
    pub fn file_span(&self, index: usize) -> Option<FileSpan> {
        (index < self.file_count()).then(|| self.geometry.span(index))
    }

    /// The checkpoint of data file `index`: labels written and fsynced from its start.
    /// Panics when `index >= file_count()`.
    pub fn durable_labels_in(&self, index: usize) -> u64 {
        lock(&self.meta).files[index].durable_labels
    }

    /// Labels written and fsynced, all files together.
    pub fn durable_labels(&self) -> u64 {
        lock(&self.meta).durable_labels()
    }

    /// Appends `labels` packed labels (`bytes`, exactly `ceil(labels * bits / 8)` of
    /// them) to data file `file_index`, durably: `first_label_in_file` must be the
    /// file's checkpoint, and the checkpoint moves past the new labels only once they
    /// are fsynced. `record` (the batch's PoW solution and compute time) is saved in
    /// the same metadata write.
    ///
    /// Every append must end on a byte boundary (a multiple of 8 labels does, whatever
    /// the label size) except the one that completes the file. Appends to different
    /// files may run at once from different threads.
    ///
    /// A full disk gives [`DataDirError::DiskFull`] with the checkpoint where it was;
    /// call again (or reopen the folder) once there is room.
    pub fn append_durable(
        &self,
        file_index: usize,
        first_label_in_file: u64,
        bytes: &[u8],
        labels: u64,
        record: BatchRecord,
    ) -> Result<(), DataDirError> {
        let span = self.file_span(file_index).ok_or_else(|| {
            DataDirError::BadRequest(format!(
                "data file {file_index} does not exist: the data has {} files",
                self.file_count()
            ))
        })?;
        self.check_record(&record)?;
        self.ensure_current()?;
        if let Some(shard) = &self.shard
            && !shard.has_claimed(file_index)
        {
            return Err(DataDirError::BadRequest(format!(
                "{}: shard {} writes a file only after claim_file",
                span.name, shard.shard
            )));
        }
        // Held to the end: appends to one file are serialised, so the checkpoint read
        // here is still the file's checkpoint when it is moved below.
        let mut file = lock(&self.files[file_index]);
        let durable = lock(&self.meta).files[file_index].durable_labels;
        let bad = |why: String| Err(DataDirError::BadRequest(format!("{}: {why}", span.name)));
        if first_label_in_file != durable {
            return bad(format!(
                "labels must continue at the checkpoint, label {durable}, not at {first_label_in_file}"
            ));
        }
        let end = match durable.checked_add(labels) {
            Some(end) if end <= span.labels => end,
            _ => {
                return bad(format!(
                    "{labels} labels from label {durable} go past the file's end at {}",
                    span.labels
                ));
            }
        };
        let bits = self.layout.params.bits.get();
        if !(labels as u128 * bits as u128).is_multiple_of(8) && end != span.labels {
            return bad(format!(
                "{labels} labels of {bits} bits do not end on a byte boundary; append a multiple of 8 \
                 labels, or the rest of the file"
            ));
        }
        let expected = self.geometry.packed_bytes(labels);
        if bytes.len() as u64 != expected {
            return bad(format!(
                "{labels} labels of {bits} bits take {expected} bytes, got {}",
                bytes.len()
            ));
        }
        let offset = self.geometry.packed_bytes(durable);
        if labels > 0 {
            match file.write_durable(offset, bytes) {
                Ok(()) => {}
                Err(WriteError::Io(failure)) => {
                    return Err(self.failure(failure, &lock(&self.meta)));
                }
                Err(WriteError::Refused(e)) => return Err(e),
            }
        }
        let checkpoint = match &self.shard {
            Some(shard) => self.save_shard_checkpoint(shard, file_index, end, &record),
            None => self.try_update_meta(|m| {
                m.files[file_index].durable_labels = end;
                apply_record(m, &record);
            }),
        };
        match checkpoint {
            Ok(()) => Ok(()),
            Err(MetaWriteFailure {
                failure,
                replaced: true,
            }) => {
                // The new checkpoint is in place (only the folder fsync failed), and
                // its bytes are fsynced: they count, and stay. After a power cut the
                // old checkpoint may come back, and opening cuts the file to it.
                tracing::warn!(dir = %self.path().display(), error = %failure.source,
                    "the checkpoint was written but the folder could not be fsynced");
                Err(self.failure(failure, &lock(&self.meta)))
            }
            Err(MetaWriteFailure { failure, .. }) => {
                // The bytes are on disk but do not count: cut them off now rather than
                // at the next open, so a full disk gets its space back (before the
                // error says how much is free) and the file matches its checkpoint.
                file.discard_from(offset);
                Err(self.failure(failure, &lock(&self.meta)))
            }
        }
    }

    /// Saves the outcome of a batch that wrote no labels (the PoW search past the end
    /// of the data): its solution, if any, its compute time, and that the search has
    /// covered every position below `searched_to`.
    pub fn record_search(&self, record: BatchRecord, searched_to: u64) -> Result<(), DataDirError> {
        self.check_record(&record)?;
        self.update_meta(|m| {
            apply_record(m, &record);
            if let Some(pow) = &mut m.pow {
                pow.searched_to = Some(pow.searched_to.map_or(searched_to, |s| s.max(searched_to)));
            }
        })
    }

    /// Where a PoW search past the end of the data left off (see [`Self::record_search`]).
    pub fn pow_searched_to(&self) -> Option<u64> {
        lock(&self.meta).pow.as_ref().and_then(|p| p.searched_to)
    }

    fn check_record(&self, record: &BatchRecord) -> Result<(), DataDirError> {
        if record.pow_solution.is_some() && self.layout.pow.is_none() {
            return Err(DataDirError::BadRequest(
                "a PoW solution was recorded, but this data folder's job searches for no PoW"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Records a PoW solution found by a batch (pass its outcome as is); the metadata
    /// keeps the lowest one. `None` changes nothing.
    pub fn set_pow_solution(&self, solution: Option<u64>) -> Result<(), DataDirError> {
        let record = BatchRecord {
            pow_solution: solution,
            compute_secs: 0.0,
        };
        self.check_record(&record)?;
        match solution {
            Some(s) if self.pow_solution().is_none_or(|lowest| s < lowest) => {
                self.update_meta(|m| apply_record(m, &record))
            }
            _ => Ok(()),
        }
    }

    /// The lowest PoW solution recorded so far.
    pub fn pow_solution(&self) -> Option<u64> {
        lock(&self.meta)
            .pow
            .as_ref()
            .and_then(|p| p.lowest_solution)
    }

    /// Adds `name` to the providers that computed this data (once; saved at once).
    pub fn add_provider_used(&self, name: &str) -> Result<(), DataDirError> {
        if lock(&self.meta).providers_used.iter().any(|p| p == name) {
            return Ok(());
        }
        if self.shard.is_some() {
            // Saved with the shard's next checkpoint of each file.
            lock(&self.meta).providers_used.push(name.to_owned());
            return Ok(());
        }
        self.update_meta(|m| {
            if !m.providers_used.iter().any(|p| p == name) {
                m.providers_used.push(name.to_owned());
            }
        })
    }

    /// Adds compute time. Kept in memory and saved with the next checkpoint (or
    /// [`flush`](Self::flush)), so that it costs no extra fsync per batch. Negative or
    /// non-finite values are ignored.
    pub fn add_compute_seconds(&self, seconds: f64) {
        add_seconds(&mut lock(&self.meta), seconds);
    }

    /// Saves the metadata now (compute time added since the last checkpoint).
    pub fn flush(&self) -> Result<(), DataDirError> {
        if self.shard.is_some() {
            // A shard's checkpoints are written with every batch, and only then.
            return Ok(());
        }
        self.update_meta(|_| {})
    }

    /// Bytes still to write from the checkpoints to the end of every file.
    pub fn required_bytes(&self) -> u64 {
        self.still_to_write(&lock(&self.meta))
    }

    /// Bytes that the file system holding the folder lets this process write.
    pub fn available_bytes(&self) -> Result<u64, DataDirError> {
        space::available_space(self.path())
    }

    /// [`DataDirError::NotEnoughSpace`] unless the rest of the data fits on the disk;
    /// returns the free bytes. Call it before starting or resuming a job.
    pub fn check_space(&self) -> Result<u64, DataDirError> {
        space::ensure_space(self.path(), self.required_bytes())
    }

    /// [`DataDirError::NotWritable`] unless a file can be created in the folder.
    pub fn check_writable(&self) -> Result<(), DataDirError> {
        space::ensure_writable(self.path())
    }

    fn still_to_write(&self, meta: &Metadata) -> u64 {
        meta.files
            .iter()
            .enumerate()
            .filter(|(i, _)| self.writes_file(*i))
            .map(|(i, f)| {
                self.geometry.span(i).bytes - self.geometry.packed_bytes(f.durable_labels)
            })
            .fold(0u64, u64::saturating_add)
    }

    fn failure(&self, failure: IoFailure, meta: &Metadata) -> DataDirError {
        failure.into_error(self.path(), self.still_to_write(meta))
    }

    /// [`DataDirError::FolderReplaced`] when the lock file at the folder's path is no
    /// longer the one this `DataDir` holds (Unix: its device and inode): another drive
    /// or folder took the path's place while the job ran, and writing there would
    /// create files and replace metadata in someone else's data. Two system calls,
    /// before every write.
    fn ensure_current(&self) -> Result<(), DataDirError> {
        if self.folder.is_current() {
            return Ok(());
        }
        Err(DataDirError::FolderReplaced {
            dir: self.path().to_owned(),
        })
    }

    /// Checks that the folder still holds this data set: the lock file is the one
    /// this `DataDir` locked (Unix) and the metadata on disk describes the same data.
    /// [`DataDirError::FolderReplaced`] otherwise (another drive in its place, say).
    pub fn check_still_here(&self) -> Result<(), DataDirError> {
        let replaced = || DataDirError::FolderReplaced {
            dir: self.path().to_owned(),
        };
        if !self.folder.is_current() {
            return Err(replaced());
        }
        let meta_path = self.folder.meta_path();
        let on_disk = Metadata::read(&meta_path).map_err(|_| replaced())?;
        let (layout, _) = on_disk
            .layout(&meta_path, &self.layout.naming)
            .map_err(|_| replaced())?;
        if meta::first_difference(&layout, &self.layout).is_some() {
            return Err(replaced());
        }
        Ok(())
    }
}
