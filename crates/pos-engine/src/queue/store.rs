//! The job list on disk, so that it survives restarts.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atomic_file::write_atomic;
use crate::job::{JobId, JobRequest, JobState};

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
