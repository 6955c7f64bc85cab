//! Repairing a job's data from the window: `repair_job` runs the engine's repair on a
//! blocking thread and sends its progress as `jobs://repair-progress` (at most
//! [`MAX_REPAIR_EVENTS_PER_SEC`]); `stop_repair` stops it between rounds. What was
//! repaired before a stop stays repaired.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use pos_engine::JobId;
use pos_engine::job::RepairReport;
use pos_engine::provider::CancelToken;
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::AppState;

pub const REPAIR_PROGRESS: &str = "jobs://repair-progress";
const MAX_REPAIR_EVENTS_PER_SEC: u64 = 10;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RepairProgress {
    pub id: JobId,
    pub labels_checked: u64,
    pub labels_planned: u64,
}

/// The repairs running now, each with the token that stops it.
#[derive(Default)]
pub struct Repairs(Mutex<HashMap<JobId, CancelToken>>);

impl Repairs {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<JobId, CancelToken>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[tauri::command]
pub async fn repair_job(
    app: AppHandle,
    state: State<'_, AppState>,
    id: u64,
) -> CommandResult<RepairReport> {
    let id = JobId(id);
    let cancel = CancelToken::new();
    {
        let mut running = state.repairs.lock();
        if running.contains_key(&id) {
            return Err(CommandError::new(
                ErrorCode::InvalidState,
                format!("job {id} is being repaired already"),
            ));
        }
        running.insert(id, cancel.clone());
    }
    let queue = state.queue.clone();
    let outcome = tauri::async_runtime::spawn_blocking(move || {
        let last_sent = Mutex::new(None::<Instant>);
        let gap = Duration::from_millis(1000 / MAX_REPAIR_EVENTS_PER_SEC);
        let progress = |labels_checked: u64, labels_planned: u64| {
            let mut last = last_sent.lock().unwrap_or_else(|p| p.into_inner());
            let done = labels_checked >= labels_planned;
            if !done && last.is_some_and(|t| t.elapsed() < gap) {
                return;
            }
            *last = Some(Instant::now());
            let payload = RepairProgress {
                id,
                labels_checked,
                labels_planned,
            };
            if let Err(e) = app.emit(REPAIR_PROGRESS, payload) {
                tracing::warn!("cannot send the repair's progress to the window: {e}");
            }
        };
        queue.repair(id, &progress, &cancel)
    })
    .await;
    state.repairs.lock().remove(&id);
    let report = outcome
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("the repair stopped: {e}")))?;
    Ok(report?)
}

/// Stops the job's repair, if one runs; what it repaired so far stays.
#[tauri::command]
pub fn stop_repair(state: State<'_, AppState>, id: u64) {
    if let Some(cancel) = state.repairs.lock().get(&JobId(id)) {
        cancel.cancel();
    }
}
