//! What a person does to a job: move, pause (now, or after the files being written),
//! resume, abort, and stopping it to delete it. Each is refused when the job's state does not allow it (`JobState::actions`).

use super::{Board, BoardJob, invalid};
use crate::error::EngineError;
use crate::job::{JobId, JobState};
use crate::provider::ProviderId;

impl Board {
    pub fn move_to(&mut self, id: JobId, index: usize) -> Result<(), EngineError> {
        let job = self.job(id)?;
        if !job.state.actions(job.has_labels()).reorder {
            return Err(invalid(
                id,
                &job.state,
                "only queued or paused jobs can be moved",
            ));
        }
        let at = self.order.iter().position(|j| *j == id).expect("listed");
        self.order.remove(at);
        let index = index.min(self.order.len());
        self.order.insert(index, id);
        self.effects.save = true;
        self.schedule();
        Ok(())
    }

    pub fn pause(&mut self, id: JobId) -> Result<(), EngineError> {
        let job = self.job(id)?;
        if job.state == JobState::Paused {
            return Ok(());
        }
        self.pausable(id)?.pause_after_files = false;
        self.set_state(id, JobState::Paused);
        Ok(())
    }

    /// Lets the files being written now complete, gives the job no new one, and pauses
    /// it then. A job with nothing being written pauses at once.
    pub fn pause_after_files(&mut self, id: JobId) -> Result<(), EngineError> {
        self.pausable(id)?.pause_after_files = true;
        self.touch(id);
        self.schedule();
        Ok(())
    }

    /// The job, when its state allows a pause.
    fn pausable(&mut self, id: JobId) -> Result<&mut BoardJob, EngineError> {
        let job = self.jobs.get_mut(&id).ok_or(EngineError::NoSuchJob(id))?;
        if !job.state.actions(job.has_labels()).pause {
            return Err(invalid(
                id,
                &job.state,
                "only queued or running jobs can be paused",
            ));
        }
        Ok(job)
    }

    /// Points the job at `dir`, where its data is now; the caller opened it there.
    pub fn relocate(&mut self, id: JobId, dir: std::path::PathBuf) -> Result<(), EngineError> {
        let job = self.jobs.get_mut(&id).ok_or(EngineError::NoSuchJob(id))?;
        job.spec.request.dir = dir.clone();
        job.spec.dir = dir;
        self.effects.save = true;
        self.touch(id);
        Ok(())
    }

    /// Resumes a paused or failed job. The caller has reopened its folder and checked
    /// the free space.
    pub fn resume(&mut self, id: JobId) -> Result<(), EngineError> {
        let job = self.job(id)?;
        if job.state.wants_providers() {
            return Ok(());
        }
        if !job.state.actions(job.has_labels()).resume {
            return Err(invalid(
                id,
                &job.state,
                "only paused or failed jobs can be resumed",
            ));
        }
        // Processors taken off stay off for the session: they were wrong for this N and
        // label size, and would be again.
        if let Some(job) = self.jobs.get_mut(&id) {
            job.folder_gone = None;
            job.pause_after_files = false;
        }
        self.set_state(id, JobState::Queued);
        Ok(())
    }

    pub fn abort(&mut self, id: JobId) -> Result<(), EngineError> {
        let job = self.job(id)?;
        if job.state == JobState::Cancelled {
            return Ok(());
        }
        if !job.state.actions(job.has_labels()).abort {
            return Err(invalid(id, &job.state, "it is already complete"));
        }
        self.set_state(id, JobState::Cancelled);
        Ok(())
    }

    /// Stops a job that is about to be deleted: nothing may pick it up meanwhile.
    /// Returns the processors working on it.
    pub fn stop_for_delete(&mut self, id: JobId) -> Result<Vec<ProviderId>, EngineError> {
        let job = self.job(id)?;
        if !job.state.is_finished() {
            self.set_state(id, JobState::Cancelled);
        }
        Ok(self.processors_of(id))
    }
}
