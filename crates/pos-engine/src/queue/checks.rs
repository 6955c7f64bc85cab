//! Checking and mending a job's data: verify (a sample, on the CPU) and repair (every
//! label, the damaged ones written again), whenever the job's state allows a verify.

use std::sync::Arc;

use super::JobQueue;
use crate::data_dir::{DataDir, VerifyReport};
use crate::error::EngineError;
use crate::job::{JobCheck, JobId};
use crate::provider::{CancelToken, ProviderId};

impl JobQueue {
    /// Recomputes a sample of the job's labels on the CPU and compares them with its
    /// files. Blocks; call it from a blocking thread.
    pub fn verify(
        &self,
        id: JobId,
        fraction: f64,
        progress: &dyn Fn(u64, u64),
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<VerifyReport, EngineError> {
        let data = self.data_to_check(id)?;
        let report = data.verify(fraction, rand::random(), progress, stop)?;
        if !report.stopped {
            self.record_check(
                id,
                report.labels_checked,
                report.mismatches,
                fraction >= 1.0,
                false,
            );
        }
        Ok(report)
    }

    /// A quick check of a finished job: about `labels` labels picked at random (all of
    /// a smaller job), recomputed on the CPU. Seconds, whatever the job's size.
    pub fn spot_check(&self, id: JobId, labels: u64) -> Result<VerifyReport, EngineError> {
        let total = self.lock().board.durable_labels(id).max(1);
        let fraction = (labels as f64 / total as f64).min(1.0);
        self.verify(
            id,
            fraction,
            &|_, _| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
    }

    /// Keeps a check that read to the end, as of now, as the job's last one, in its
    /// status and the saved job list.
    fn record_check(
        &self,
        id: JobId,
        labels_checked: u64,
        mismatches: u64,
        every_label: bool,
        repaired: bool,
    ) {
        let check = JobCheck {
            at: super::now_secs(),
            labels_checked,
            mismatches,
            every_label,
            repaired,
        };
        let mut table = self.lock();
        table.board.record_check(id, check);
        self.apply(table);
    }

    /// Reads every durable label of the job, recomputes it and writes the damaged ones
    /// again ([`crate::job::repair`]), whenever the job may be verified. On the CPU, so
    /// that a repair never takes a GPU from a running job (`pos job repair --provider`
    /// repairs on a GPU). Blocks; call it from a blocking thread.
    pub fn repair(
        &self,
        id: JobId,
        progress: &dyn Fn(u64, u64),
        cancel: &CancelToken,
    ) -> Result<crate::job::RepairReport, EngineError> {
        let data = self.data_to_check(id)?;
        let cpu = self
            .shared
            .processors
            .get(&ProviderId::cpu())
            .ok_or_else(|| EngineError::NoProvider("the CPU processor is not there".into()))?;
        let report = crate::job::repair(&data, cpu.as_ref(), progress, cancel)?;
        if !report.stopped {
            self.record_check(
                id,
                report.labels_checked,
                report.labels_repaired,
                true,
                true,
            );
        }
        Ok(report)
    }

    /// The open data folder of a job that may be verified or repaired now.
    fn data_to_check(&self, id: JobId) -> Result<Arc<DataDir>, EngineError> {
        let table = self.lock();
        let job = table.board.job(id)?;
        let refuse = |what| EngineError::InvalidState {
            id,
            state: job.state.name(),
            what,
        };
        if !job.state.actions(job.has_labels()).verify {
            return Err(refuse("pause it first, or wait until it has labels"));
        }
        table
            .data
            .get(&id)
            .cloned()
            .ok_or_else(|| refuse("its data folder is not open"))
    }
}
