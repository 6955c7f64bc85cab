//! One job written by several processes at once, on one computer or on several that
//! share the folder (NFS, SMB): each runs a shard, the data files whose index is I
//! modulo K (`pos job run DIR --shard I/K`).
//!
//! A shard holds the data set's lock *shared* (shards exclude a whole-job writer and
//! it excludes them, but not each other), an exclusive lock on its own shard
//! (`pos-shard-<I>-of-<K>.lock`, so that a second copy of a shard, or an overlapping
//! one such as 1/2 beside 1/4, is refused at the start), and an exclusive lock on each
//! data file while it writes it (`postdata_<i>.lock`, so that two writers never write
//! one file even if the shard locks were got round). A file's checkpoint is its own
//! file (`checkpoint.rs`). A shard that was killed leaves its locks to the OS; run
//! again, on any computer, it continues from the checkpoints.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::Path;
use std::str::FromStr;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::checkpoint::{self, FileCheckpoint, FileWriter, file_lock_name};
use super::files::check_file;
use super::folder::Folder;
use super::layout::{DataLayout, FileNaming};
use super::lock::{DataLock, LockMode, is_held, retry_busy};
use super::meta::{MetaWriteFailure, Metadata, first_difference};
use super::{BatchRecord, DataDir, DataDirError, apply_record, lock};

/// Part `index` of `count` of a job: its data files whose index is `index` modulo
/// `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub fn new(index: u32, count: u32) -> Result<Self, String> {
        if count == 0 {
            return Err("a job cannot be split into 0 shards".into());
        }
        if index >= count {
            return Err(format!(
                "shard {index}/{count} does not exist: shards of {count} are numbered 0 to {}",
                count - 1
            ));
        }
        Ok(Self { index, count })
    }

    /// Whether data file `file` is this shard's.
    pub fn holds(&self, file: usize) -> bool {
        file as u64 % self.count as u64 == self.index as u64
    }

    /// Whether some data file belongs to both shards (their indices agree modulo the
    /// greatest common divisor of their counts).
    pub fn overlaps(&self, other: &Shard) -> bool {
        let g = gcd(self.count, other.count);
        self.index % g == other.index % g
    }

    fn lock_name(&self) -> String {
        format!("pos-shard-{}-of-{}.lock", self.index, self.count)
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/K`, e.g. `0/4`.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("a shard is written I/K with 0 <= I < K, e.g. 0/4; got {s:?}");
        let (i, k) = s.trim().split_once('/').ok_or_else(bad)?;
        let i = i.trim().parse().map_err(|_| bad())?;
        let k = k.trim().parse().map_err(|_| bad())?;
        Self::new(i, k)
    }
}

/// The shard lock file's shard, for `pos-shard-<I>-of-<K>.lock`.
pub(crate) fn parse_shard_lock_name(name: &str) -> Option<Shard> {
    let rest = name.strip_prefix("pos-shard-")?.strip_suffix(".lock")?;
    let (i, k) = rest.split_once("-of-")?;
    Shard::new(i.parse().ok()?, k.parse().ok()?).ok()
}

impl ShardState {
    /// Whether this shard holds data file `index`'s lock now.
    pub fn has_claimed(&self, index: usize) -> bool {
        lock(&self.claimed).contains_key(&index)
    }
}

/// What a [`DataDir`] opened as a shard holds besides the folder.
pub(crate) struct ShardState {
    pub shard: Shard,
    writer: FileWriter,
    _shard_lock: DataLock,
    /// The files this shard writes now, each with its lock and checkpoint.
    claimed: Mutex<BTreeMap<usize, Claimed>>,
}

struct Claimed {
    lock: DataLock,
    checkpoint: FileCheckpoint,
}

impl DataDir {
    /// Opens the job at `path` (made before, e.g. by `pos job create`, with the layout
    /// `expected`) to write the files of `shard` only, beside other shards that run at
    /// the same time, here or on other computers. See the [module documentation](self).
    ///
    /// Refused with [`DataDirError::InUse`] while the job is open whole somewhere, and
    /// with [`DataDirError::ShardOverlap`] while a shard that shares files with this one
    /// runs. A data file is taken, and cut back to its checkpoint, only when this shard
    /// starts on it ([`claim_file`](Self::claim_file)).
    pub fn open_shard(
        path: impl AsRef<Path>,
        expected: &DataLayout,
        shard: Shard,
    ) -> Result<Self, DataDirError> {
        if expected.naming != FileNaming::Numbered {
            return Err(DataDirError::BadRequest(
                "a job written to one file cannot be split into shards".into(),
            ));
        }
        let path = std::path::absolute(path.as_ref())
            .map_err(|e| DataDirError::io("resolve the path", path.as_ref(), e))?;
        let folder = Folder::open_with(&path, &expected.naming, LockMode::Shared)?;
        let writer = FileWriter::this_process(&shard.to_string());
        let shard_lock = lock_shard(&path, shard, &writer)?;
        let meta_path = folder.meta_path();
        let mut meta = Metadata::read(&meta_path)?;
        let (layout, geometry) = meta.layout(&meta_path, &expected.naming)?;
        if let Some((field, existing, requested)) = first_difference(&layout, expected) {
            return Err(DataDirError::ParamMismatch {
                dir: path,
                field,
                existing,
                requested,
            });
        }
        for (index, cp) in checkpoint::read_all(&path, &meta)? {
            checkpoint::overlay(&mut meta, index, &cp);
            checkpoint::add_seconds(&mut meta, &cp);
        }
        tracing::info!(dir = %path.display(), %shard, "opened a data folder as a shard");
        let mut data = Self::assemble(folder, layout, geometry, meta);
        data.shard = Some(ShardState {
            shard,
            writer,
            _shard_lock: shard_lock,
            claimed: Mutex::new(BTreeMap::new()),
        });
        Ok(data)
    }

    /// The shard this data set was opened as, `None` when it is open whole.
    pub fn shard(&self) -> Option<Shard> {
        self.shard.as_ref().map(|s| s.shard)
    }

    /// Whether this `DataDir` writes data file `index`: every file when open whole.
    pub fn writes_file(&self, index: usize) -> bool {
        self.shard.as_ref().is_none_or(|s| s.shard.holds(index))
    }

    /// Takes data file `index` before writing it: for a shard, locks the file, reads its
    /// checkpoint again (another shard may have written it since the folder was
    /// opened), cuts it back to that checkpoint and records this process as its writer.
    /// [`DataDirError::FileInUse`] when another process writes it. Nothing to do when
    /// the data set is open whole, or the file is taken already.
    pub fn claim_file(&self, index: usize) -> Result<(), DataDirError> {
        let Some(state) = &self.shard else {
            return Ok(());
        };
        let span = self.file_span(index).filter(|_| state.shard.holds(index));
        let Some(span) = span else {
            return Err(DataDirError::BadRequest(format!(
                "data file {index} is not one of shard {}'s",
                state.shard
            )));
        };
        let _file = lock(&self.files[index]);
        let mut claimed = lock(&state.claimed);
        if claimed.contains_key(&index) {
            return Ok(());
        }
        let dir = self.path();
        let data_path = dir.join(&span.name);
        let file_lock = retry_busy(|| {
            DataLock::acquire_file(dir, &file_lock_name(index), LockMode::Exclusive, || {
                DataDirError::FileInUse {
                    path: data_path.clone(),
                    writer: last_writer(dir, &lock(&self.meta), index),
                }
            })
        })?;
        let mut meta = lock(&self.meta);
        let on_disk = checkpoint::read(dir, &meta, index)?;
        let mut cp =
            on_disk.unwrap_or_else(|| FileCheckpoint::starting(&meta, index, state.writer.clone()));
        cp.durable_labels = cp.durable_labels.max(meta.files[index].durable_labels);
        // What other shards did to the file since the folder was opened (its compute
        // time was counted then, or is theirs to count).
        meta.files[index].durable_labels = cp.durable_labels;
        if let (Some(pow), Some(found)) = (&mut meta.pow, cp.pow_solution) {
            pow.lowest_solution = Some(pow.lowest_solution.map_or(found, |s| s.min(found)));
        }
        if cp.durable_labels >= span.labels {
            let _ = file_lock.remove();
            return Ok(());
        }
        if let Some(cut) = check_file(&data_path, self.geometry.packed_bytes(cp.durable_labels))? {
            cut.apply()?;
        }
        // Announces the writer (`pos job status`) before the first batch is done.
        cp.writer = state.writer.clone();
        cp.updated_unix_s = super::meta::unix_now();
        cp.write(&self.folder, index)
            .map_err(|f| f.failure.into_error(dir, 0))?;
        claimed.insert(
            index,
            Claimed {
                lock: file_lock,
                checkpoint: cp,
            },
        );
        Ok(())
    }

    /// A shard's checkpoint of data file `index`: its checkpoint file now says `end`
    /// labels (with `record`); the metadata in memory follows once it is written. The
    /// file's lock is let go when the file is complete.
    pub(super) fn save_shard_checkpoint(
        &self,
        state: &ShardState,
        index: usize,
        end: u64,
        record: &BatchRecord,
    ) -> Result<(), MetaWriteFailure> {
        let mut claimed = lock(&state.claimed);
        let mut meta = lock(&self.meta);
        let claim = claimed
            .get_mut(&index)
            .expect("append_durable checks that the file is claimed, under its lock");
        let mut next = claim.checkpoint.clone();
        next.durable_labels = end;
        if let Some(found) = record.pow_solution {
            next.pow_solution = Some(next.pow_solution.map_or(found, |s| s.min(found)));
        }
        if record.compute_secs.is_finite() && record.compute_secs > 0.0 {
            next.compute_seconds += record.compute_secs;
        }
        next.providers_used.clone_from(&meta.providers_used);
        next.updated_unix_s = super::meta::unix_now();
        let written = next.write(&self.folder, index);
        if written.is_ok() || written.as_ref().is_err_and(|f| f.replaced) {
            meta.files[index].durable_labels = end;
            apply_record(&mut meta, record);
            claim.checkpoint = next;
            if end == meta.files[index].labels
                && let Some(done) = claimed.remove(&index)
            {
                let _ = done.lock.remove();
            }
        }
        written
    }

    /// `(durable labels, labels)` of the files this `DataDir` writes.
    pub(super) fn own_progress(&self, meta: &Metadata) -> (u64, u64) {
        meta.files
            .iter()
            .enumerate()
            .filter(|(i, _)| self.writes_file(*i))
            .fold((0, 0), |(d, t), (_, f)| {
                (d + f.durable_labels, t + f.labels)
            })
    }
}

/// Who last wrote data file `index`, as its checkpoint file says.
fn last_writer(dir: &Path, meta: &Metadata, index: usize) -> String {
    match checkpoint::read(dir, meta, index) {
        Ok(Some(cp)) => cp.writer.to_string(),
        _ => "another process".into(),
    }
}

/// Takes this shard's lock, refusing a second copy of it and any running shard that
/// shares files with it; the lock file says who holds it.
fn lock_shard(dir: &Path, shard: Shard, writer: &FileWriter) -> Result<DataLock, DataDirError> {
    let overlap = |other: Shard, path: &Path| DataDirError::ShardOverlap {
        dir: dir.to_owned(),
        shard: shard.to_string(),
        other: other.to_string(),
        writer: fs::read_to_string(path)
            .ok()
            .filter(|w| !w.trim().is_empty())
            .map_or_else(|| "another process".into(), |w| w.trim().to_owned()),
    };
    let own = dir.join(shard.lock_name());
    let mut held = retry_busy(|| {
        DataLock::acquire_file(dir, &shard.lock_name(), LockMode::Exclusive, || {
            overlap(shard, &own)
        })
    })?;
    let entries = fs::read_dir(dir).map_err(|e| DataDirError::io("list the folder", dir, e))?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(other) = name.to_str().and_then(parse_shard_lock_name) else {
            continue;
        };
        let path = entry.path();
        if other != shard && other.overlaps(&shard) && is_held(&path) {
            return Err(overlap(other, &path));
        }
    }
    held.note(&format!("process {} on {}", writer.pid, writer.host));
    Ok(held)
}
