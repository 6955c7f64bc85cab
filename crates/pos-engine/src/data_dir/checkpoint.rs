//! Per-file checkpoints, for a job written by several shards at once
//! (`pos job run --shard I/K`, [`DataDir::open_shard`](super::DataDir::open_shard)).
//!
//! Several processes, on one computer or on several that share the folder, cannot all
//! rewrite one `pos-meta.json` without losing each other's updates. So a shard never
//! writes it: each data file it writes gets a checkpoint file of its own,
//! `postdata_<i>.checkpoint.json`, replaced atomically like the metadata after every
//! batch, and written only by the holder of that file's lock (`postdata_<i>.lock`).
//!
//! Whoever reads the folder adds them up: a file's checkpoint is the larger of the
//! metadata's and its checkpoint file's (both only ever count fsynced labels), the
//! lowest PoW solution is the lowest of all, compute time is the sum. A job opened
//! whole again (to resume, verify, repair or delete it) first folds the checkpoints
//! into the metadata and removes the shards' lock files. The checkpoint files stay
//! (until the job is deleted): copied along with their data files into another folder
//! of the job, they bring the labels with them, which is how shards that ran on
//! separate disks can be brought together by hand. Compute time stays in them too;
//! the metadata's counts only what was computed with the job open whole.
//!
//! ```json
//! { "schema_version": 1, "params": { ...as in pos-meta.json... },
//!   "file": "postdata_3.bin", "durable_labels": 4096, "pow_solution": null,
//!   "compute_seconds": 12.5, "providers_used": ["opencl:0"],
//!   "writer": { "host": "rig-2", "pid": 4242, "shard": "3/4" },
//!   "updated_unix_s": 1760000100 }
//! ```
//! `params` is the job's, so a checkpoint copied in from another job's folder is refused.

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DataDirError;
use super::folder::Folder;
use super::meta::{MetaParams, MetaWriteFailure, Metadata, SCHEMA_VERSION, replace_atomic};

/// The checkpoint file of data file `index`.
pub(crate) fn checkpoint_file_name(index: usize) -> String {
    format!("postdata_{index}.checkpoint.json")
}

/// The lock file that a shard holds while it writes data file `index`.
pub(crate) fn file_lock_name(index: usize) -> String {
    format!("postdata_{index}.lock")
}

/// Who writes (or last wrote) a data file of a sharded job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileWriter {
    /// The computer's host name.
    pub host: String,
    pub pid: u32,
    /// `I/K`.
    pub shard: String,
}

impl FileWriter {
    pub(crate) fn this_process(shard: &str) -> Self {
        Self {
            host: sysinfo::System::host_name().unwrap_or_else(|| "an unnamed computer".into()),
            pid: std::process::id(),
            shard: shard.to_owned(),
        }
    }
}

impl fmt::Display for FileWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "shard {} (process {} on {})",
            self.shard, self.pid, self.host
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct FileCheckpoint {
    pub schema_version: u32,
    pub params: MetaParams,
    pub file: String,
    /// Labels written and fsynced from the file's start.
    pub durable_labels: u64,
    /// The lowest PoW solution found in this file by its shards.
    pub pow_solution: Option<u64>,
    /// Compute time spent on this file by its shards since it was last folded.
    pub compute_seconds: f64,
    pub providers_used: Vec<String>,
    pub writer: FileWriter,
    pub updated_unix_s: u64,
}

impl FileCheckpoint {
    /// The checkpoint of file `index` as the metadata has it, about to be written by
    /// `writer`.
    pub fn starting(meta: &Metadata, index: usize, writer: FileWriter) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            params: meta.params.clone(),
            file: meta.files[index].name.clone(),
            durable_labels: meta.files[index].durable_labels,
            pow_solution: None,
            compute_seconds: 0.0,
            providers_used: Vec::new(),
            writer,
            updated_unix_s: super::meta::unix_now(),
        }
    }

    /// Replaces the checkpoint file of data file `index` in `folder` with this one.
    pub fn write(&self, folder: &Folder, index: usize) -> Result<(), MetaWriteFailure> {
        let target = folder.path().join(checkpoint_file_name(index));
        let temp = folder
            .path()
            .join(format!("{}.tmp", checkpoint_file_name(index)));
        let json = serde_json::to_vec_pretty(self).expect("a checkpoint always serialises");
        replace_atomic(folder, &temp, &target, json)
    }
}

/// Reads the checkpoint file of data file `index` in `dir`, checked against `meta`;
/// `None` when there is none.
pub(crate) fn read(
    dir: &Path,
    meta: &Metadata,
    index: usize,
) -> Result<Option<FileCheckpoint>, DataDirError> {
    let path = dir.join(checkpoint_file_name(index));
    match fs::symlink_metadata(&path) {
        Ok(m) if !m.is_file() => return Err(DataDirError::not_regular(&path)),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(DataDirError::io("read", &path, e)),
    }
    let bad = |reason: String| DataDirError::BadMetadata {
        path: path.clone(),
        reason,
    };
    let text = fs::read(&path).map_err(|e| bad(format!("it cannot be read ({e})")))?;
    let cp: FileCheckpoint = serde_json::from_slice(&text)
        .map_err(|e| bad(format!("it is not a data file's checkpoint ({e})")))?;
    if cp.schema_version > SCHEMA_VERSION {
        return Err(DataDirError::NewerSchema {
            path,
            found: cp.schema_version.into(),
            supported: SCHEMA_VERSION,
        });
    }
    if cp.params != meta.params {
        return Err(bad(
            "it belongs to another job (its id, salt, N, label size or size differ from \
             pos-meta.json's); move it out of the folder"
                .into(),
        ));
    }
    let file = &meta.files[index];
    let whole_bytes =
        (cp.durable_labels as u128 * meta.params.label_bits as u128).is_multiple_of(8);
    if cp.file != file.name
        || cp.durable_labels > file.labels
        || (!whole_bytes && cp.durable_labels != file.labels)
    {
        return Err(bad(format!(
            "it says {} labels of {} were written, which is not a valid point in {} ({} labels)",
            cp.durable_labels, cp.file, file.name, file.labels
        )));
    }
    Ok(Some(cp))
}

/// The checkpoint files in `dir`, by data file, for `meta`'s files.
pub(crate) fn read_all(
    dir: &Path,
    meta: &Metadata,
) -> Result<Vec<(usize, FileCheckpoint)>, DataDirError> {
    let mut found = Vec::new();
    for index in sharded_files(dir)?.checkpoints {
        if index < meta.files.len()
            && let Some(cp) = read(dir, meta, index)?
        {
            found.push((index, cp));
        }
    }
    Ok(found)
}

/// Adds checkpoint `cp` of file `index` to `meta`: its labels, PoW solution and
/// processors. Idempotent, so the metadata can be saved with it (compute time, which
/// only adds up, is [`add_seconds`]'s).
pub(crate) fn overlay(meta: &mut Metadata, index: usize, cp: &FileCheckpoint) {
    let file = &mut meta.files[index];
    file.durable_labels = file.durable_labels.max(cp.durable_labels);
    if let (Some(pow), Some(found)) = (&mut meta.pow, cp.pow_solution) {
        pow.lowest_solution = Some(pow.lowest_solution.map_or(found, |s| s.min(found)));
    }
    for p in &cp.providers_used {
        if !meta.providers_used.contains(p) {
            meta.providers_used.push(p.clone());
        }
    }
}

/// Adds the compute time of `cp` to `meta`, for a reader (never saved: the checkpoint
/// keeps it).
pub(crate) fn add_seconds(meta: &mut Metadata, cp: &FileCheckpoint) {
    if cp.compute_seconds.is_finite() && cp.compute_seconds > 0.0 {
        meta.timings.compute_seconds += cp.compute_seconds;
    }
}

/// What shards left in a folder, by name.
#[derive(Default)]
pub(crate) struct ShardedFiles {
    /// Data files with a checkpoint file.
    pub checkpoints: Vec<usize>,
    /// Every file that only shards write: checkpoints, their temporary files, file and
    /// shard lock files.
    pub all: Vec<String>,
    /// Those of them that are only of use while shards run: locks, temporary files.
    pub transient: Vec<String>,
}

pub(crate) fn sharded_files(dir: &Path) -> Result<ShardedFiles, DataDirError> {
    let mut found = ShardedFiles::default();
    let entries = fs::read_dir(dir).map_err(|e| DataDirError::io("list the folder", dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| DataDirError::io("list the folder", dir, e))?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let index = |suffix: &str| {
            name.strip_prefix("postdata_")
                .and_then(|rest| rest.strip_suffix(suffix))
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse::<usize>().ok())
        };
        if let Some(i) = index(".checkpoint.json") {
            found.checkpoints.push(i);
        } else if index(".checkpoint.json.tmp").is_some()
            || index(".lock").is_some()
            || super::shard::parse_shard_lock_name(&name).is_some()
        {
            found.transient.push(name.clone());
        } else {
            continue;
        }
        found.all.push(name);
    }
    found.checkpoints.sort_unstable();
    Ok(found)
}

/// Folds the folder's checkpoint files into `meta`, writes it, and removes the
/// shards' locks and temporary files (the folder is locked whole, so no shard runs).
/// Nothing to do, and nothing written, when no shard ever ran here.
pub(crate) fn fold(folder: &Folder, meta: &mut Metadata) -> Result<(), DataDirError> {
    let left = sharded_files(folder.path())?;
    if left.all.is_empty() {
        return Ok(());
    }
    let mut next = meta.clone();
    for (index, cp) in read_all(folder.path(), meta)? {
        overlay(&mut next, index, &cp);
    }
    if next != *meta {
        next.timings.updated_unix_s = super::meta::unix_now();
        // Only a failed folder fsync leaves the new version in place: then it counts.
        if let Err(f) = next.write_atomic(folder)
            && !f.replaced
        {
            return Err(f.failure.into_error(folder.path(), 0));
        }
        *meta = next;
    }
    for name in &left.transient {
        let path = folder.path().join(name);
        if let Err(e) = fs::remove_file(&path)
            && e.kind() != io::ErrorKind::NotFound
        {
            return Err(DataDirError::io("remove", &path, e));
        }
    }
    folder
        .sync()
        .map_err(|e| DataDirError::io("fsync the folder", folder.path(), e))?;
    tracing::info!(dir = %folder.path().display(), checkpoints = left.checkpoints.len(),
        "folded the shards' checkpoints into the metadata");
    Ok(())
}
