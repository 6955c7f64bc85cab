//! Bringing the shards of a job together when they ran on separate disks
//! (`pos job merge DEST SRC...`): each source folder holds the same job (its own
//! metadata, the same values) with some files written; whatever a source holds beyond
//! the destination's checkpoint of a file is copied, durably, as a job writes it.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::meta::first_difference;
use super::{BatchRecord, DataDir, DataDirError, label_matches};

/// Labels copied per durable append: a multiple of 8, so every append but a file's
/// last ends on a whole byte; 8 Mi labels is at most 256 MiB at 256 bits.
const LABELS_PER_COPY: u64 = 8 << 20;

/// What [`DataDir::merge_from`] copied from one source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub source: PathBuf,
    /// Names of the data files that got labels from the source.
    pub files: Vec<String>,
    pub labels: u64,
    pub bytes: u64,
}

impl DataDir {
    /// Copies into this (whole) data set every label that the data folder `source`
    /// holds beyond this one's checkpoints, and its PoW solution when it is lower.
    /// `source` must hold the same job ([`DataDirError::ParamMismatch`] otherwise, with
    /// nothing copied) and must not be written while it is read: it is read from its
    /// checkpoints, the shards' too. The first and last label copied into each file
    /// are recomputed and compared, so a source file that is not what its checkpoint
    /// says is refused before it is written here.
    pub fn merge_from(
        &self,
        source: impl AsRef<Path>,
        on_labels: &dyn Fn(u64),
    ) -> Result<MergeReport, DataDirError> {
        let from = DataDir::read_status(source.as_ref())?;
        if self.shard().is_some() {
            return Err(DataDirError::BadRequest(
                "merge into a folder opened whole, not as a shard".into(),
            ));
        }
        if let Some((field, existing, requested)) = first_difference(&self.layout, &from.layout) {
            return Err(DataDirError::ParamMismatch {
                dir: from.path.clone(),
                field,
                existing,
                requested,
            });
        }
        let mut report = MergeReport {
            source: from.path.clone(),
            ..MergeReport::default()
        };
        for file in &from.files {
            let here = self.durable_labels_in(file.index);
            if file.durable_labels <= here {
                continue;
            }
            let copied = self.copy_range(
                &from.path.join(&file.name),
                file.index,
                here,
                file.durable_labels,
                on_labels,
            )?;
            report.files.push(file.name.clone());
            report.labels += file.durable_labels - here;
            report.bytes += copied;
        }
        if from.pow_solution.is_some() {
            self.set_pow_solution(from.pow_solution)?;
        }
        self.add_compute_seconds(from.compute_seconds);
        for p in &from.providers_used {
            self.add_provider_used(p)?;
        }
        self.flush()?;
        Ok(report)
    }

    /// Appends labels `from..to` of data file `index`, read from `path`; the bytes copied.
    fn copy_range(
        &self,
        path: &Path,
        index: usize,
        from: u64,
        to: u64,
        on_labels: &dyn Fn(u64),
    ) -> Result<u64, DataDirError> {
        let span = self.geometry.span(index);
        let params = &self.layout.params;
        let mut source = File::open(path).map_err(|e| DataDirError::io("open", path, e))?;
        let mut at = from;
        let mut copied = 0;
        while at < to {
            let labels = (to - at).min(LABELS_PER_COPY);
            let mut bytes = vec![0; self.geometry.packed_bytes(labels) as usize];
            source
                .seek(SeekFrom::Start(self.geometry.packed_bytes(at)))
                .and_then(|_| source.read_exact(&mut bytes))
                .map_err(|e| DataDirError::io("read", path, e))?;
            let first = span.first_position + at;
            for k in [0, labels - 1] {
                if !label_matches(params, first + k, &bytes, k) {
                    return Err(DataDirError::BadRequest(format!(
                        "{} holds a wrong label at position {}: it is damaged, or is not this \
                         job's data; nothing more was copied from it",
                        path.display(),
                        first + k
                    )));
                }
            }
            self.append_durable(index, at, &bytes, labels, BatchRecord::default())?;
            copied += bytes.len() as u64;
            at += labels;
            on_labels(labels);
        }
        Ok(copied)
    }
}
