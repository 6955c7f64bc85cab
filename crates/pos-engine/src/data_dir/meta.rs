//! `pos-meta.json`: what a data folder holds and how far it got, as JSON that a person
//! or another tool can read. It is only ever replaced whole, by renaming a complete
//! and fsynced temporary file over it, so after a crash it is either the old or the
//! new version, never a mix.

use std::fs::{self, OpenOptions};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use pos_labels::{Difficulty, LabelBits, LabelParams, ScryptN, parse_hex32};
use serde::{Deserialize, Serialize};

use super::error::IoFailure;
use super::fault::{self, Op, Target};
use super::folder::Folder;
use super::layout::{DataLayout, FileNaming, Geometry};
use super::lock::no_follow;
use super::{DataDir, DataDirError, lock};

/// The metadata file's name in a data folder of numbered files (see
/// [`FileNaming::meta_file`](super::FileNaming::meta_file)).
pub const META_FILE: &str = "pos-meta.json";
/// The layout of this file that this version writes; it reads this one and older.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Metadata {
    pub schema_version: u32,
    pub params: MetaParams,
    pub files: Vec<MetaFile>,
    /// `None` when the job searches for no PoW.
    pub pow: Option<MetaPow>,
    pub timings: MetaTimings,
    pub providers_used: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MetaParams {
    /// 64 hex digits.
    pub id: String,
    /// 64 hex digits.
    pub salt: String,
    pub n: u64,
    pub label_bits: u64,
    pub total_labels: u64,
    pub labels_per_file: u64,
    pub max_file_bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MetaFile {
    pub name: String,
    pub first_position: u64,
    /// Labels in the complete file.
    pub labels: u64,
    /// Labels written and fsynced: the file's checkpoint.
    pub durable_labels: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MetaPow {
    /// 64 hex digits, compared big-endian with each label's full hash.
    pub difficulty: String,
    /// The lowest position found so far whose hash is below the difficulty.
    pub lowest_solution: Option<u64>,
    /// How far the search past the end of the data got without a solution: every
    /// position from the end of the data up to this one (excluded) was searched. A
    /// resumed search starts here. Absent in folders written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub searched_to: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MetaTimings {
    /// Seconds since 1970-01-01 UTC.
    pub created_unix_s: u64,
    pub updated_unix_s: u64,
    /// Time spent computing labels, summed over providers and sessions.
    pub compute_seconds: f64,
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Metadata {
    /// The metadata of a folder in which nothing has been written yet.
    pub fn new(layout: &DataLayout, geometry: &Geometry) -> Self {
        let now = unix_now();
        Self {
            schema_version: SCHEMA_VERSION,
            params: MetaParams {
                id: hex::encode(layout.params.id),
                salt: hex::encode(layout.params.salt),
                n: layout.params.n.get() as u64,
                label_bits: layout.params.bits.get() as u64,
                total_labels: layout.total_labels,
                labels_per_file: geometry.labels_per_file(),
                max_file_bytes: layout.max_file_bytes,
            },
            files: (0..geometry.file_count())
                .map(|i| {
                    let span = geometry.span(i);
                    MetaFile {
                        name: span.name,
                        first_position: span.first_position,
                        labels: span.labels,
                        durable_labels: 0,
                    }
                })
                .collect(),
            pow: layout.pow.map(|d| MetaPow {
                difficulty: hex::encode(d.0),
                lowest_solution: None,
                searched_to: None,
            }),
            timings: MetaTimings {
                created_unix_s: now,
                updated_unix_s: now,
                compute_seconds: 0.0,
            },
            providers_used: Vec::new(),
        }
    }

    /// Reads and parses `path`, refusing files of a newer schema.
    pub fn read(path: &Path) -> Result<Self, DataDirError> {
        let bad = |reason: String| DataDirError::BadMetadata {
            path: path.to_owned(),
            reason,
        };
        let text = fs::read(path).map_err(|e| bad(format!("it cannot be read ({e})")))?;
        // The version first, so that a newer layout is reported as such and not as damage.
        #[derive(Deserialize)]
        struct Version {
            schema_version: u64,
        }
        let version: Version = serde_json::from_slice(&text)
            .map_err(|e| bad(format!("it is not a PoS metadata file ({e})")))?;
        if version.schema_version > SCHEMA_VERSION as u64 {
            return Err(DataDirError::NewerSchema {
                path: path.to_owned(),
                found: version.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        serde_json::from_slice(&text).map_err(|e| bad(format!("it is damaged ({e})")))
    }

    /// The layout this metadata describes, with its files named by `naming`, after
    /// checking that every field agrees with every other one; `path` names the file in
    /// errors.
    pub fn layout(
        &self,
        path: &Path,
        naming: &FileNaming,
    ) -> Result<(DataLayout, Geometry), DataDirError> {
        let bad = |reason: String| DataDirError::BadMetadata {
            path: path.to_owned(),
            reason,
        };
        let p = &self.params;
        let params = LabelParams {
            id: parse_hex32("id", &p.id).map_err(|e| bad(e.to_string()))?,
            salt: parse_hex32("salt", &p.salt).map_err(|e| bad(e.to_string()))?,
            n: ScryptN::new(p.n).map_err(|e| bad(e.to_string()))?,
            bits: LabelBits::new(p.label_bits).map_err(|e| bad(e.to_string()))?,
        };
        let pow = match &self.pow {
            Some(pow) => {
                Some(Difficulty::from_hex(&pow.difficulty).map_err(|e| bad(e.to_string()))?)
            }
            None => None,
        };
        let layout = DataLayout {
            params,
            total_labels: p.total_labels,
            max_file_bytes: p.max_file_bytes,
            pow,
            naming: naming.clone(),
        };
        let geometry = layout.geometry().map_err(|e| bad(e.to_string()))?;
        if geometry.labels_per_file() != p.labels_per_file {
            return Err(bad(format!(
                "it says {} labels per file, but files of {} bytes hold {}",
                p.labels_per_file,
                p.max_file_bytes,
                geometry.labels_per_file()
            )));
        }
        if self.files.len() != geometry.file_count() {
            return Err(bad(format!(
                "it lists {} data files, but the data takes {}",
                self.files.len(),
                geometry.file_count()
            )));
        }
        for (i, file) in self.files.iter().enumerate() {
            let span = geometry.span(i);
            if file.name != span.name
                || file.first_position != span.first_position
                || file.labels != span.labels
            {
                return Err(bad(format!(
                    "data file {i} is listed as {} with {} labels from position {}, but should be \
                     {} with {} labels from position {}",
                    file.name,
                    file.labels,
                    file.first_position,
                    span.name,
                    span.labels,
                    span.first_position
                )));
            }
            let whole_bytes =
                (file.durable_labels as u128 * p.label_bits as u128).is_multiple_of(8);
            if file.durable_labels > file.labels
                || (!whole_bytes && file.durable_labels != file.labels)
            {
                return Err(bad(format!(
                    "{} has a checkpoint of {} labels, which is not a valid point in a file of {} \
                     labels",
                    file.name, file.durable_labels, file.labels
                )));
            }
        }
        Ok((layout, geometry))
    }

    /// Replaces the metadata file in `folder` with this version: write a temporary
    /// file, fsync it, rename it over the old one, fsync the folder.
    ///
    /// A failure before the rename leaves the old version in place; a failure after it
    /// (the folder fsync) leaves this version in place, and says so
    /// ([`MetaWriteFailure::replaced`]): it is what the folder holds now, and what the
    /// data files must match.
    pub fn write_atomic(&self, folder: &Folder) -> Result<(), MetaWriteFailure> {
        let json = serde_json::to_vec_pretty(self).expect("metadata always serialises");
        replace_atomic(folder, &folder.meta_temp_path(), &folder.meta_path(), json)
    }

    pub fn durable_labels(&self) -> u64 {
        self.files.iter().map(|f| f.durable_labels).sum()
    }
}

/// Replaces `target` in `folder` with `json` (a newline is added): writes `temp`,
/// fsyncs it, renames it over `target`, fsyncs the folder. See
/// [`Metadata::write_atomic`] for what a failure leaves.
pub(crate) fn replace_atomic(
    folder: &Folder,
    temp: &Path,
    target: &Path,
    mut json: Vec<u8>,
) -> Result<(), MetaWriteFailure> {
    json.push(b'\n');
    let before = |failure| MetaWriteFailure {
        failure,
        replaced: false,
    };
    if let Err(e) = write_synced(temp, &json) {
        // A half-written temporary file is useless; leave no clutter behind.
        let _ = fs::remove_file(temp);
        return Err(before(e));
    }
    if let Err(e) =
        fault::check(Op::Rename, Target::Metadata, target).and_then(|()| fs::rename(temp, target))
    {
        let _ = fs::remove_file(temp);
        return Err(before(IoFailure::new("rename over", target, e)));
    }
    folder.sync().map_err(|e| MetaWriteFailure {
        failure: IoFailure::new("fsync the folder", folder.path(), e),
        replaced: true,
    })
}

/// A failed [`Metadata::write_atomic`].
#[derive(Debug)]
pub(crate) struct MetaWriteFailure {
    pub failure: IoFailure,
    /// The new version was renamed into place before the failure (the folder fsync):
    /// it is the metadata now.
    pub replaced: bool,
}

/// Creates (or truncates) `path` without following a link, writes `bytes` and fsyncs.
fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), IoFailure> {
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    no_follow(&mut options);
    let mut file = options
        .open(path)
        .map_err(|e| IoFailure::new("create", path, e))?;
    fault::write_all(&mut file, Target::Metadata, path, bytes)
        .map_err(|e| IoFailure::new("write", path, e))?;
    fault::check(Op::Fsync, Target::Metadata, path)
        .and_then(|()| file.sync_all())
        .map_err(|e| IoFailure::new("fsync", path, e))
}

/// The first field in which `existing` and `requested` differ, with both values as
/// people would read them, in the order the job wizard asks for them.
pub(crate) fn first_difference(
    existing: &DataLayout,
    requested: &DataLayout,
) -> Option<(&'static str, String, String)> {
    let (e, r) = (&existing.params, &requested.params);
    let pow = |p: &Option<Difficulty>| p.map_or("none".to_owned(), |d| hex::encode(d.0));
    let fields = [
        ("id", hex::encode(e.id), hex::encode(r.id)),
        ("salt", hex::encode(e.salt), hex::encode(r.salt)),
        ("N", e.n.to_string(), r.n.to_string()),
        ("label bits", e.bits.to_string(), r.bits.to_string()),
        (
            "total labels",
            existing.total_labels.to_string(),
            requested.total_labels.to_string(),
        ),
        (
            "max file size",
            format!("{} bytes", existing.max_file_bytes),
            format!("{} bytes", requested.max_file_bytes),
        ),
        ("difficulty", pow(&existing.pow), pow(&requested.pow)),
    ];
    fields.into_iter().find(|(_, e, r)| e != r)
}

impl DataDir {
    /// Applies `change` to a copy of the metadata, writes it, and only then makes it
    /// the current version: on a failure before the new version was in place nothing
    /// changed, on disk or in memory; after it (the folder fsync) the new version is
    /// current, on disk and in memory, and the error says what failed.
    pub(super) fn update_meta(
        &self,
        change: impl FnOnce(&mut Metadata),
    ) -> Result<(), DataDirError> {
        if let Some(shard) = &self.shard {
            return Err(DataDirError::BadRequest(format!(
                "shard {} writes only its files' checkpoints; open the folder whole for this",
                shard.shard
            )));
        }
        self.ensure_current()?;
        self.try_update_meta(change)
            .map_err(|f| self.failure(f.failure, &lock(&self.meta)))
    }

    pub(super) fn try_update_meta(
        &self,
        change: impl FnOnce(&mut Metadata),
    ) -> Result<(), MetaWriteFailure> {
        let mut meta = lock(&self.meta);
        let mut next = meta.clone();
        change(&mut next);
        next.timings.updated_unix_s = unix_now();
        let written = next.write_atomic(&self.folder);
        if written.is_ok() || written.as_ref().is_err_and(|f| f.replaced) {
            *meta = next;
        }
        written
    }
}
