//! A snapshot of a data folder for the UI and the job queue.

use std::path::{Path, PathBuf};

use super::checkpoint::FileWriter;
use super::layout::{DataLayout, Geometry};
use super::meta::Metadata;
use super::{DataDir, lock};

/// A data folder as its metadata last described it.
#[derive(Debug, Clone, PartialEq)]
pub struct DataDirStatus {
    pub path: PathBuf,
    pub layout: DataLayout,
    pub labels_per_file: u64,
    pub total_labels: u64,
    /// Labels written and fsynced, all files together.
    pub durable_labels: u64,
    pub total_bytes: u64,
    pub durable_bytes: u64,
    pub files: Vec<FileStatus>,
    /// The lowest PoW solution found so far.
    pub pow_solution: Option<u64>,
    /// Seconds since 1970-01-01 UTC.
    pub created_unix_s: u64,
    pub updated_unix_s: u64,
    pub compute_seconds: f64,
    pub providers_used: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStatus {
    pub index: usize,
    pub name: String,
    pub first_position: u64,
    pub labels: u64,
    pub durable_labels: u64,
    pub bytes: u64,
    pub durable_bytes: u64,
    /// Who writes the file, or last wrote it, when shards of the job wrote it
    /// ([`DataDir::open_shard`]); `None` for a job written whole.
    pub writer: Option<FileWriter>,
    /// A shard holds the file's lock now (read by [`DataDir::read_status`]).
    pub being_written: bool,
}

impl FileStatus {
    pub fn is_complete(&self) -> bool {
        self.durable_labels == self.labels
    }
}

impl DataDirStatus {
    pub(crate) fn new(
        path: &Path,
        layout: &DataLayout,
        geometry: &Geometry,
        meta: &Metadata,
    ) -> Self {
        let files: Vec<FileStatus> = meta
            .files
            .iter()
            .enumerate()
            .map(|(index, f)| {
                let span = geometry.span(index);
                FileStatus {
                    index,
                    name: span.name,
                    first_position: span.first_position,
                    labels: span.labels,
                    durable_labels: f.durable_labels,
                    bytes: span.bytes,
                    durable_bytes: geometry.packed_bytes(f.durable_labels),
                    writer: None,
                    being_written: false,
                }
            })
            .collect();
        Self {
            path: path.to_owned(),
            layout: layout.clone(),
            labels_per_file: geometry.labels_per_file(),
            total_labels: geometry.total_labels(),
            durable_labels: meta.durable_labels(),
            total_bytes: geometry.total_bytes(),
            durable_bytes: files
                .iter()
                .map(|f| f.durable_bytes)
                .fold(0, u64::saturating_add),
            files,
            pow_solution: meta.pow.as_ref().and_then(|p| p.lowest_solution),
            created_unix_s: meta.timings.created_unix_s,
            updated_unix_s: meta.timings.updated_unix_s,
            compute_seconds: meta.timings.compute_seconds,
            providers_used: meta.providers_used.clone(),
        }
    }

    /// Durable labels as a fraction of all labels, `0.0..=1.0`.
    pub fn progress(&self) -> f64 {
        self.durable_labels as f64 / self.total_labels as f64
    }

    pub fn is_complete(&self) -> bool {
        self.durable_labels == self.total_labels
    }

    /// When shards of the job write files now (on this or other computers,
    /// [`DataDir::open_shard`]): which, and how far the whole job is, in one sentence
    /// for a person who tries to open the folder meanwhile. `None` when none does.
    pub fn shards_writing(&self) -> Option<String> {
        const LISTED: usize = 4;
        let writing: Vec<&FileStatus> = self.files.iter().filter(|f| f.being_written).collect();
        if writing.is_empty() {
            return None;
        }
        let mut who: Vec<String> = writing
            .iter()
            .take(LISTED)
            .filter_map(|f| Some(format!("{} writes {}", f.writer.as_ref()?, f.name)))
            .collect();
        if writing.len() > LISTED {
            who.push(format!("{} more", writing.len() - LISTED));
        }
        let complete = self.files.iter().filter(|f| f.is_complete()).count();
        Some(format!(
            "shards of this job are writing it now: {}; {complete} of {} files are complete \
             ({:.1}% of the labels)",
            who.join(", "),
            self.files.len(),
            self.progress() * 100.0
        ))
    }
}

impl DataDir {
    pub fn status(&self) -> DataDirStatus {
        DataDirStatus::new(self.path(), &self.layout, &self.geometry, &lock(&self.meta))
    }

    /// `(durable labels, total labels)` of the files this `DataDir` writes: the whole
    /// job's, or a shard's.
    pub fn progress(&self) -> (u64, u64) {
        self.own_progress(&lock(&self.meta))
    }

    pub fn is_complete(&self) -> bool {
        lock(&self.meta).durable_labels() == self.layout.total_labels
    }
}
