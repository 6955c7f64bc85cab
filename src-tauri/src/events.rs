//! Forwards engine events to the window as Tauri events, shows notifications when a
//! job completes or fails, and keeps the tray tooltip current.
//!
//! Progress is throttled to [`MAX_PROGRESS_EVENTS_PER_SEC`] in total: the latest
//! progress of each job waits in a map and one job's is sent per tick, the longest
//! waiting first. Everything else is rare and goes out at once.

use std::collections::HashMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use pos_engine::{EngineEvent, JobId, JobQueue, JobState, JobStatus};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::keep_awake::{KeepAwake, SystemInhibitor};
use crate::notify::{self, Notice};
use crate::state::AppState;

pub const JOB_ADDED: &str = "jobs://added";
pub const JOB_CHANGED: &str = "jobs://changed";
pub const JOB_REMOVED: &str = "jobs://removed";
pub const JOB_PROGRESS: &str = "jobs://progress";
pub const QUEUE_REORDERED: &str = "jobs://reordered";
pub const JOB_LIST_NOT_SAVED: &str = "jobs://not-saved";
/// Quit was asked for (the tray, the window's Quit button, closing the window) while jobs
/// run: the window asks.
pub const CONFIRM_QUIT: &str = "app://confirm-quit";

pub const MAX_PROGRESS_EVENTS_PER_SEC: u32 = 10;
const TICK: Duration = Duration::from_millis(1000 / MAX_PROGRESS_EVENTS_PER_SEC as u64);
const TRAY_INTERVAL: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct JobProgress {
    pub id: JobId,
    pub labels_done: u64,
    pub total_labels: u64,
    pub labels_per_sec: f64,
    pub eta_secs: Option<u64>,
    /// Each processor working on the job, with its own speed.
    pub processor_speeds: Vec<pos_engine::ProcessorSpeed>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct JobPayload {
    pub job: JobStatus,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct JobRemovedPayload {
    pub id: JobId,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct QueueOrderPayload {
    pub order: Vec<JobId>,
}

/// How many jobs would stop if the app quit now.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ConfirmQuitPayload {
    pub running: u32,
}

/// The job list could not be saved; the message says why and what to do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct JobListNotSavedPayload {
    pub message: String,
}

/// Starts the two threads of the bridge: one takes engine events off the broadcast
/// channel, the other sends them on with the throttle.
pub fn start(app: AppHandle, queue: &JobQueue) {
    let mut engine_events = queue.subscribe();
    let (tx, rx) = mpsc::channel::<EngineEvent>();
    std::thread::Builder::new()
        .name("engine-events".into())
        .spawn(move || {
            loop {
                match engine_events.blocking_recv() {
                    Ok(e) => {
                        if tx.send(e).is_err() {
                            return;
                        }
                    }
                    // Missed some: the next events carry complete states again.
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                        log::warn!("the window missed {n} engine events")
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        })
        .expect("the OS starts a thread");
    std::thread::Builder::new()
        .name("window-events".into())
        .spawn(move || Bridge::new(app).run(rx))
        .expect("the OS starts a thread");
}

struct Bridge {
    app: AppHandle,
    /// Latest unsent progress per job, with when it first waited.
    pending: HashMap<JobId, (Instant, JobProgress)>,
    last_progress_sent: Instant,
    last_tray_update: Instant,
    /// Last state seen per job, to notify on transitions only.
    states: HashMap<JobId, JobState>,
    /// Held while a job runs (and the setting is on), checked with the tray's tooltip.
    awake: KeepAwake<SystemInhibitor>,
}

impl Bridge {
    fn new(app: AppHandle) -> Self {
        let long_ago = Instant::now() - Duration::from_secs(60);
        Self {
            app,
            pending: HashMap::new(),
            last_progress_sent: long_ago,
            last_tray_update: long_ago,
            states: HashMap::new(),
            awake: KeepAwake::new(SystemInhibitor),
        }
    }

    fn run(mut self, rx: mpsc::Receiver<EngineEvent>) {
        loop {
            let wait = if self.pending.is_empty() {
                Duration::from_secs(1)
            } else {
                TICK.saturating_sub(self.last_progress_sent.elapsed())
            };
            match rx.recv_timeout(wait) {
                Ok(event) => self.forward(event),
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            if !self.pending.is_empty() && self.last_progress_sent.elapsed() >= TICK {
                self.send_oldest_progress();
            }
            if self.last_tray_update.elapsed() >= TRAY_INTERVAL {
                self.last_tray_update = Instant::now();
                crate::tray::update_tooltip(&self.app);
                self.keep_awake_while_a_job_runs();
                self.apply_pause_rules();
            }
        }
    }

    fn keep_awake_while_a_job_runs(&mut self) {
        let Some(state) = self.app.try_state::<AppState>() else {
            return;
        };
        let keep_awake = state
            .settings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .keep_awake;
        let wanted = keep_awake
            && state
                .queue
                .list()
                .iter()
                .any(|job| job.state == JobState::Running);
        self.awake.update(wanted);
    }

    /// Holds every job while a pause rule says so (on battery, in use, outside the
    /// hours), and lets them go on when none does; checked each second.
    fn apply_pause_rules(&mut self) {
        let Some(state) = self.app.try_state::<AppState>() else {
            return;
        };
        let settings = state.settings();
        let facts = crate::system_facts::read(&settings);
        state
            .queue
            .set_hold(crate::pause_rules::hold_reason(&settings, &facts));
    }

    fn forward(&mut self, event: EngineEvent) {
        match event {
            EngineEvent::Progress {
                id,
                labels_done,
                total_labels,
                labels_per_sec,
                eta_secs,
                processor_speeds,
            } => {
                let since = self.pending.get(&id).map_or_else(Instant::now, |(t, _)| *t);
                let progress = JobProgress {
                    id,
                    labels_done,
                    total_labels,
                    labels_per_sec,
                    eta_secs,
                    processor_speeds,
                };
                self.pending.insert(id, (since, progress));
            }
            EngineEvent::JobAdded { job } => {
                self.states.insert(job.id, job.state.clone());
                self.emit(JOB_ADDED, JobPayload { job });
            }
            EngineEvent::JobChanged { job } => {
                self.notify_transition(&job);
                self.emit(JOB_CHANGED, JobPayload { job });
            }
            EngineEvent::JobRemoved { id } => {
                self.pending.remove(&id);
                self.states.remove(&id);
                self.emit(JOB_REMOVED, JobRemovedPayload { id });
            }
            EngineEvent::QueueReordered { order } => {
                self.emit(QUEUE_REORDERED, QueueOrderPayload { order })
            }
            EngineEvent::JobListNotSaved { message } => {
                self.emit(JOB_LIST_NOT_SAVED, JobListNotSavedPayload { message })
            }
        }
    }

    fn send_oldest_progress(&mut self) {
        let Some(id) = self
            .pending
            .iter()
            .min_by_key(|(_, (t, _))| *t)
            .map(|(id, _)| *id)
        else {
            return;
        };
        let (_, progress) = self.pending.remove(&id).expect("found above");
        self.last_progress_sent = Instant::now();
        self.emit(JOB_PROGRESS, progress);
    }

    fn emit<T: Serialize + Clone>(&self, name: &str, payload: T) {
        if let Err(e) = self.app.emit(name, payload) {
            log::warn!("cannot send {name} to the window: {e}");
        }
    }

    fn notify_transition(&mut self, job: &JobStatus) {
        let before = self.states.insert(job.id, job.state.clone());
        if before.as_ref() == Some(&job.state) {
            return;
        }
        if job.state == JobState::Completed && job.last_check.is_none() {
            self.check_finished_job(job.id);
        }
        let notice = match &job.state {
            JobState::Completed => Notice::JobCompleted {
                name: job.name.clone(),
                size: human_bytes(packed_bytes(job)),
                took: job.started.zip(job.finished).map_or_else(
                    || "no time".into(),
                    |(s, f)| human_duration(f.saturating_sub(s)),
                ),
            },
            JobState::Failed { message, .. } => Notice::JobFailed {
                name: job.name.clone(),
                reason: message.clone(),
            },
            _ => return,
        };
        let enabled = self
            .app
            .try_state::<AppState>()
            .is_some_and(|s| s.settings().notifications);
        if enabled {
            notify::send(crate::APP_NAME, notice);
        }
    }
}

impl Bridge {
    /// A job just finished: recompute a sample of its labels on the CPU, in the
    /// background, so its card can say the data was checked (the engine keeps the result).
    fn check_finished_job(&self, id: pos_engine::JobId) {
        let Some(state) = self.app.try_state::<AppState>() else {
            return;
        };
        let queue = state.queue.clone();
        tauri::async_runtime::spawn_blocking(move || {
            match queue.spot_check(id, pos_engine::defaults::SPOT_CHECK_LABELS) {
                Ok(report) if report.mismatches > 0 => log::warn!(
                    "job {id}: {} of {} labels checked after it finished are wrong",
                    report.mismatches,
                    report.labels_checked
                ),
                Ok(_) => {}
                Err(e) => log::warn!("job {id}: the check after it finished failed: {e}"),
            }
        });
    }
}

fn packed_bytes(job: &JobStatus) -> u64 {
    (job.total_labels as u128 * job.label_bits as u128).div_ceil(8) as u64
}

pub fn human_bytes(bytes: u64) -> String {
    pos_engine::data_dir::human_bytes(bytes)
}

/// "3 h 05 min", "4 min 10 s", "12 s".
pub fn human_duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min {:02} s", secs / 60, secs % 60),
        _ => format!("{} h {:02} min", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(12), "12 s");
        assert_eq!(human_duration(250), "4 min 10 s");
        assert_eq!(human_duration(3 * 3600 + 5 * 60 + 9), "3 h 05 min");
    }
}
