//! The engine's jobs and providers as the API's messages.

use pos_engine::{FailureKind, JobQueue, JobRequest, JobState, JobStatus, ProviderInfo};
use pos_engine::{JobId, ProviderKind};

use crate::api::{self, job::JobStatus as ApiStatus, job_error::Error, provider::Class};
use crate::auth::Reach;

/// `compute_provider_id` of a job that no provider is working on.
pub const NO_PROVIDER: u32 = u32::MAX;
/// `pow_solution_index` while there is no solution.
pub const NO_POW_SOLUTION: u64 = u64::MAX;

/// Providers are numbered by their place in the queue's list (the CPU first); the
/// numbers hold for as long as the server runs.
pub(crate) fn provider_message(index: usize, info: &ProviderInfo) -> api::Provider {
    let class = match info.kind {
        ProviderKind::Cpu => Class::X86,
        ProviderKind::Cuda => Class::Cuda,
        // OpenCL and a GPU API that gpu-post reports and we do not know: the generic GPU class.
        ProviderKind::Vulkan | ProviderKind::OpenCl | ProviderKind::Other => Class::Vulkan,
    };
    api::Provider {
        id: index as u32,
        model: info.model.clone(),
        class: class.into(),
    }
}

/// The job as the API shows it, or `None` when it was removed meanwhile or is out of
/// the caller's reach (which the caller must not be able to tell apart).
pub(crate) fn job_by_id(queue: &JobQueue, id: JobId, reach: Reach) -> Option<api::Job> {
    let request = queue.request(id).ok()?;
    if !reach.includes(request.origin) {
        return None;
    }
    let status = queue.get(id).ok()?;
    Some(job_message(&status, &request, &queue.providers()))
}

/// Every job within reach, in queue order.
pub(crate) fn all_jobs(queue: &JobQueue, reach: Reach) -> Vec<api::Job> {
    let providers = queue.providers();
    queue
        .list()
        .iter()
        .filter_map(|status| {
            let request = queue.request(status.id).ok()?;
            reach
                .includes(request.origin)
                .then(|| job_message(status, &request, &providers))
        })
        .collect()
}

/// The ids of every job within reach, in queue order.
pub(crate) fn ids_within(queue: &JobQueue, reach: Reach) -> Vec<JobId> {
    queue
        .list()
        .iter()
        .map(|status| status.id)
        .filter(|&id| {
            queue
                .request(id)
                .is_ok_and(|request| reach.includes(request.origin))
        })
        .collect()
}

pub(crate) fn job_message(
    status: &JobStatus,
    request: &JobRequest,
    providers: &[ProviderInfo],
) -> api::Job {
    let bits = u64::from(status.label_bits);
    let compute_provider_id = status
        .providers
        .first()
        .and_then(|working| providers.iter().position(|p| &p.id == working))
        .map_or(NO_PROVIDER, |i| i as u32);
    let pow_difficulty = status
        .pow_difficulty
        .as_deref()
        .and_then(|hex| hex::decode(hex).ok())
        .unwrap_or_default();
    api::Job {
        id: status.id.0,
        bits_written: status.labels_done.saturating_mul(bits),
        size_bits: status.total_labels.saturating_mul(bits),
        started: status.started.unwrap_or(0),
        submitted: status.created,
        stopped: status.finished.unwrap_or(0),
        status: api_status(&status.state, status.started.is_some()).into(),
        last_error: last_error(&status.state),
        friendly_name: status.name.clone(),
        client_id: hex::decode(&request.id).unwrap_or_default(),
        compute_provider_id,
        compute_pow_solution: !pow_difficulty.is_empty(),
        pow_difficulty,
        pow_solution_index: status.pow_solution.unwrap_or(NO_POW_SOLUTION),
    }
}

/// Paused, failed and cancelled jobs are all STOPPED; `last_error` tells them apart.
///
/// A job that has started stays STARTED while it waits for a provider again: the
/// engine queues a job for a moment between its tasks (before completing it or
/// searching PoW past its end), and old clients know QUEUED only as "not started".
fn api_status(state: &JobState, started: bool) -> ApiStatus {
    match state {
        JobState::Queued if started => ApiStatus::Started,
        JobState::Queued => ApiStatus::Queued,
        JobState::Running => ApiStatus::Started,
        JobState::Completed => ApiStatus::Completed,
        JobState::Paused | JobState::Failed { .. } | JobState::Cancelled => ApiStatus::Stopped,
    }
}

fn last_error(state: &JobState) -> Option<api::JobError> {
    let (error, message) = match state {
        JobState::Failed { kind, message } => (error_class(*kind), message.clone()),
        JobState::Paused => (
            Error::Unknown,
            "paused; the job continues from its checkpoint when it is resumed".to_owned(),
        ),
        JobState::Cancelled => (Error::Unknown, "aborted".to_owned()),
        _ => return None,
    };
    Some(api::JobError {
        error: error.into(),
        message,
    })
}

fn error_class(kind: FailureKind) -> Error {
    match kind {
        FailureKind::Io | FailureKind::DiskFull | FailureKind::Internal => Error::IoError,
        FailureKind::Compute | FailureKind::Library => Error::GpuComputeError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopped_states_carry_the_reason() {
        let failed = |kind| JobState::Failed {
            kind,
            message: "why".into(),
        };
        let cases = [
            (failed(FailureKind::Io), Error::IoError),
            (failed(FailureKind::DiskFull), Error::IoError),
            (failed(FailureKind::Compute), Error::GpuComputeError),
            (failed(FailureKind::Library), Error::GpuComputeError),
            (JobState::Paused, Error::Unknown),
            (JobState::Cancelled, Error::Unknown),
        ];
        for (state, error) in cases {
            assert_eq!(api_status(&state, true), ApiStatus::Stopped);
            let e = last_error(&state).unwrap();
            assert_eq!(e.error(), error, "{state:?}");
            assert!(!e.message.is_empty());
        }
        for state in [JobState::Queued, JobState::Running, JobState::Completed] {
            assert_eq!(last_error(&state), None);
        }
    }

    #[test]
    fn a_started_job_waiting_for_a_provider_is_still_started() {
        assert_eq!(api_status(&JobState::Queued, false), ApiStatus::Queued);
        assert_eq!(api_status(&JobState::Queued, true), ApiStatus::Started);
        assert_eq!(api_status(&JobState::Running, true), ApiStatus::Started);
        assert_eq!(api_status(&JobState::Completed, true), ApiStatus::Completed);
    }
}
