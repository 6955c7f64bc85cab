use std::fmt;

use serde::{Deserialize, Serialize};

use crate::provider::ProviderId;

/// A job's number, unique within one engine (the gRPC API's `uint64 id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobId(pub u64);

impl fmt::Display for JobId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a job failed, for the UI to branch on (the message says it to a person).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FailureKind {
    /// No space left: free some and resume; everything up to the checkpoint is kept.
    DiskFull,
    /// Reading or writing the data folder failed.
    Io,
    /// A provider computed wrong labels or refused the work.
    Compute,
    /// The GPU library failed.
    Library,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum JobState {
    Queued,
    Running,
    Paused,
    Completed,
    Failed { kind: FailureKind, message: String },
    Cancelled,
}

impl JobState {
    /// Whether the scheduler may give the job to a provider.
    pub fn wants_providers(&self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }

    /// Whether nothing more will happen unless a person acts.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Self::Completed | Self::Failed { .. } | Self::Cancelled
        )
    }
}

/// A snapshot of one job, as events and listings carry it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobStatus {
    pub id: JobId,
    pub name: String,
    pub dir: std::path::PathBuf,
    pub state: JobState,
    /// Labels written and made durable.
    pub labels_done: u64,
    pub total_labels: u64,
    pub label_bits: u32,
    pub n: u32,
    /// Smoothed over the last several seconds; 0 when not running.
    pub labels_per_sec: f64,
    pub eta_secs: Option<u64>,
    pub providers: Vec<ProviderId>,
    pub pow_difficulty: Option<String>,
    pub pow_solution: Option<u64>,
    /// Unix seconds.
    pub created: u64,
    pub started: Option<u64>,
    pub finished: Option<u64>,
}
