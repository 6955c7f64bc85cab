//! A job whose folder is somewhere else now: pointing it at the new place.

use std::sync::Arc;

use super::JobQueue;
use super::processors::file_progress;
use crate::data_dir::DataDir;
use crate::error::EngineError;
use crate::job::{JobId, JobStatus};

impl JobQueue {
    /// The job's folder is somewhere else now (moved, or on a drive that got another
    /// letter): opens `dir` expecting this job's data (its own metadata, the same id,
    /// salt, N, label size, size and files), points the job there and resumes it. Refused,
    /// changing nothing, when the job's folder is open where it was or `dir` holds other
    /// data.
    pub fn relocate(&self, id: JobId, dir: std::path::PathBuf) -> Result<JobStatus, EngineError> {
        let spec = {
            let table = self.lock();
            let job = table.board.job(id)?;
            if table.data.contains_key(&id) || !job.state.actions(true).resume {
                return Err(EngineError::InvalidState {
                    id,
                    state: job.state.name(),
                    what: "only a paused or failed job whose folder is not found can be pointed \
                           at another folder",
                });
            }
            job.spec.clone()
        };
        let data = Arc::new(DataDir::open_expecting(&dir, &spec.layout)?);
        {
            let mut table = self.lock();
            let (files, pow_pending) = file_progress(&data);
            table.board.relocate(id, data.path().to_owned())?;
            table.board.set_files(id, files, pow_pending);
            table.data.insert(id, data);
        }
        tracing::info!(
            job = id.0,
            "{} is where the job's data is now",
            dir.display()
        );
        self.resume(id)
    }
}
