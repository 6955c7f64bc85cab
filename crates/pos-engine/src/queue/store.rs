//! The job list on disk, so that it survives restarts, and reopening its jobs' folders.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::board::{Board, BoardJob};
use crate::atomic_file::write_atomic;
use crate::data_dir::DataDir;
use crate::error::EngineError;
use crate::job::{FailureKind, JobId, JobRequest, JobSpec, JobState};

const SCHEMA_VERSION: u32 = 1;

/// Where the job list lives: a file in the app's data folder, or nowhere (one-shot
/// runs such as `pos job run`).
#[derive(Debug, Clone)]
pub enum StateStore {
    Memory,
    File(PathBuf),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredJob {
    pub id: JobId,
    pub request: JobRequest,
    pub state: JobState,
    pub created: u64,
    pub started: Option<u64>,
    pub finished: Option<u64>,
    /// Absent in job lists written before checks were kept.
    #[serde(default)]
    pub last_check: Option<crate::job::JobCheck>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StateFile {
    pub schema_version: u32,
    pub next_id: u64,
    /// In queue order.
    pub jobs: Vec<StoredJob>,
}

impl Default for StateFile {
    fn default() -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            next_id: 1,
            jobs: Vec::new(),
        }
    }
}

impl StateStore {
    pub(crate) fn load(&self) -> Result<StateFile, String> {
        let Self::File(path) = self else {
            return Ok(StateFile::default());
        };
        match std::fs::read(path) {
            Ok(bytes) => {
                let state: StateFile = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("the job list {} is damaged ({e}); move it away to start with an empty list", path.display()))?;
                if state.schema_version > SCHEMA_VERSION {
                    return Err(format!(
                        "the job list {} was written by a newer version of PoS Desktop; update the app",
                        path.display()
                    ));
                }
                Ok(state)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(StateFile::default()),
            Err(e) => Err(format!("cannot read the job list {}: {e}", path.display())),
        }
    }

    pub(crate) fn save(&self, state: &StateFile) -> Result<(), String> {
        let Self::File(path) = self else {
            return Ok(());
        };
        let bytes = serde_json::to_vec_pretty(state).expect("the state serialises");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        write_atomic(path, &bytes)
            .map_err(|e| format!("cannot save the job list {}: {e}", path.display()))
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Self::Memory => None,
            Self::File(p) => Some(p),
        }
    }
}

/// Writes job-list snapshots in order, outside the queue's lock: a snapshot older than
/// the last one written is dropped, as the newer one holds its changes too.
pub(crate) struct JobListSaver {
    store: StateStore,
    written: std::sync::Mutex<u64>,
}

impl JobListSaver {
    pub fn new(store: StateStore) -> Self {
        Self {
            store,
            written: std::sync::Mutex::new(0),
        }
    }

    pub fn save(&self, generation: u64, state: &StateFile) -> Result<(), String> {
        let mut written = self.written.lock().unwrap_or_else(|p| p.into_inner());
        if generation <= *written {
            return Ok(());
        }
        self.store.save(state)?;
        *written = generation;
        Ok(())
    }
}

/// Opens a job's data folder and checks that it still holds the job's data: a folder
/// whose drive letter now belongs to another disk, or that was replaced, must not be
/// written or deleted as if it were this job's.
pub(crate) fn open_job_folder(spec: &JobSpec) -> Result<DataDir, EngineError> {
    Ok(match spec.shard {
        Some(shard) => DataDir::open_shard(&spec.dir, &spec.layout, shard)?,
        None => DataDir::open_expecting(&spec.dir, &spec.layout)?,
    })
}

/// Rebuilds a job from the job list, reopening its data folder. A folder that cannot
/// be opened (unplugged disk, deleted, other data now) fails the job with the reason;
/// the person can resume it once the folder is back.
pub(crate) fn reload(
    board: &mut Board,
    data: &mut HashMap<JobId, Arc<DataDir>>,
    stored: StoredJob,
    resume_running: bool,
) -> Result<(), EngineError> {
    let spec = stored.request.validate().map_err(|e| {
        EngineError::JobList(format!(
            "job {} in the saved job list is invalid ({e}); move the list away",
            stored.id
        ))
    })?;
    let mut state = match stored.state {
        JobState::Running if resume_running => JobState::Queued,
        JobState::Running => JobState::Paused,
        other => other,
    };
    // Cancelled jobs keep their folder open too, so their progress stays visible;
    // only for jobs that could still run is a missing folder a failure.
    let opened = match open_job_folder(&spec) {
        Ok(d) => Some(Arc::new(d)),
        Err(_) if state == JobState::Cancelled => None,
        Err(e) => {
            state = JobState::Failed {
                kind: FailureKind::Io,
                message: e.to_string(),
            };
            None
        }
    };
    let mut job = BoardJob::new(spec, state, stored.created);
    job.started = stored.started;
    job.finished = stored.finished;
    job.last_check = stored.last_check;
    board.insert(stored.id, job);
    if let Some(d) = opened {
        let (files, pow_pending) = super::processors::file_progress(&d);
        board.set_files(stored.id, files, pow_pending);
        data.insert(stored.id, d);
    }
    Ok(())
}
