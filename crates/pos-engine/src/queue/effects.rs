//! Carrying out what the board decided, and what the workers report back: starting
//! tasks, events, cancelling and saving after the lock is released, progress, and the
//! status a job shows.

use std::sync::MutexGuard;
use std::time::Instant;

use super::board::{self, Board, BoardJob, Effects, Task, TaskOutcome};
use super::store::{StateFile, StoredJob};
use super::{JobQueue, PROGRESS_INTERVAL, Running, Table, worker};
use crate::error::EngineError;
use crate::events::EngineEvent;
use crate::job::{JobActions, JobId, JobState, JobStatus, ProcessorSpeed};
use crate::provider::{CancelToken, ProviderId};

impl JobQueue {
    pub(super) fn ids_where(&self, filter: impl Fn(&BoardJob) -> bool) -> Vec<JobId> {
        let table = self.lock();
        let board = &table.board;
        board
            .order
            .iter()
            .copied()
            .filter(|id| filter(&board.jobs[id]))
            .collect()
    }

    pub(super) fn change_all(
        &self,
        filter: impl Fn(&BoardJob) -> bool,
        change: impl Fn(&mut Board, JobId) -> Result<(), EngineError>,
    ) {
        let mut table = self.lock();
        for id in table.board.order.clone() {
            if filter(&table.board.jobs[&id]) {
                let _ = change(&mut table.board, id);
            }
        }
        self.apply(table);
    }

    pub(super) fn change(
        &self,
        id: JobId,
        change: impl FnOnce(&mut Board) -> Result<(), EngineError>,
    ) -> Result<JobStatus, EngineError> {
        let mut table = self.lock();
        let result = change(&mut table.board);
        let status = result.map(|()| self.status_of(&table, id));
        self.apply(table);
        status
    }

    /// Carries out what the board decided: starts tasks, tells the listeners, then
    /// (without the lock) cancels and saves.
    pub(super) fn apply(&self, mut table: MutexGuard<'_, Table>) {
        let mut cancels: Vec<CancelToken> = Vec::new();
        let mut save = false;
        loop {
            let effects: Effects = table.board.take_effects();
            if effects == Effects::default() {
                break;
            }
            save |= effects.save;
            for id in &effects.close_folder {
                table.data.remove(id);
            }
            for a in effects.start {
                self.start_task(&mut table, a);
            }
            for id in effects.changed {
                if table.board.jobs.contains_key(&id) {
                    self.emit(EngineEvent::JobChanged {
                        job: self.status_of(&table, id),
                    });
                }
            }
            cancels.extend(
                effects
                    .cancel
                    .iter()
                    .filter_map(|p| table.running.get(p).map(|r| r.cancel.clone())),
            );
        }
        let snapshot = save.then(|| {
            table.save_generation += 1;
            (table.save_generation, state_file(&table.board))
        });
        self.shared.changed.notify_all();
        drop(table);
        for c in cancels {
            c.cancel();
        }
        if let Some((generation, file)) = snapshot
            && let Err(message) = self.shared.saver.save(generation, &file)
        {
            tracing::error!("{message}");
            self.emit(EngineEvent::JobListNotSaved { message });
        }
    }

    pub(super) fn start_task(&self, table: &mut Table, a: board::Assignment) {
        let (Some(data), Some(provider)) = (
            table.data.get(&a.job).cloned(),
            self.shared.processors.get(&a.processor),
        ) else {
            // Only jobs with an open folder get work, and only from known processors.
            table.board.task_ended(
                &a.processor,
                a.job,
                a.task,
                TaskOutcome::JobFault {
                    kind: crate::job::FailureKind::Io,
                    message: "its data folder is not open; resume it".into(),
                },
            );
            return;
        };
        // The processor's speed counts from when it starts, so its first batch has one.
        let meter = table.meters.entry(a.job).or_default();
        let (written, rate) = meter.processors.entry(a.processor.clone()).or_default();
        rate.record(Instant::now(), *written);
        let cancel = CancelToken::new();
        let thread = worker::spawn(self.clone(), provider, a.job, a.task, data, cancel.clone());
        table.running.insert(
            a.processor,
            Running {
                cancel,
                thread: Some(thread),
            },
        );
    }

    /// Progress from a task's writer thread: `processor` made labels of `file` durable.
    pub(super) fn labels_durable(&self, job: JobId, file: usize, processor: &ProviderId) {
        let mut table = self.lock();
        let Some(data) = table.data.get(&job).cloned() else {
            return;
        };
        let before = table.board.durable_in(job, file);
        let durable = data.durable_labels_in(file);
        table.board.labels_durable(job, file, durable);
        if data.pow_solution().is_some() {
            table.board.pow_found(job);
        }
        let (done, total) = data.progress();
        let now = Instant::now();
        let busy = table.board.processors_of(job);
        let meter = table.meters.entry(job).or_default();
        meter.rate.record(now, done);
        let (written, rate) = meter.processors.entry(processor.clone()).or_default();
        *written += durable.saturating_sub(before);
        rate.record(now, *written);
        let due = meter
            .last_progress
            .is_none_or(|t| now.duration_since(t) >= PROGRESS_INTERVAL);
        self.shared.changed.notify_all();
        if due || done >= total {
            meter.last_progress = Some(now);
            let labels_per_sec = meter.rate.labels_per_sec();
            let eta_secs = meter.rate.eta_secs(total.saturating_sub(done));
            let processor_speeds = processor_speeds(&busy, meter);
            self.emit(EngineEvent::Progress {
                id: job,
                labels_done: done,
                total_labels: total,
                labels_per_sec,
                eta_secs,
                processor_speeds,
            });
        }
    }

    pub(super) fn task_ended(
        &self,
        processor: &ProviderId,
        job: JobId,
        task: Task,
        outcome: TaskOutcome,
    ) {
        let mut table = self.lock();
        if let Some(thread) = table.running.remove(processor).and_then(|r| r.thread) {
            table.exiting.retain(|t| !t.is_finished());
            table.exiting.push(thread);
        }
        if let Some(data) = table.data.get(&job).cloned()
            && data.pow_solution().is_some()
        {
            table.board.pow_found(job);
        }
        table.board.task_ended(processor, job, task, outcome);
        let stopped = table
            .board
            .jobs
            .get(&job)
            .is_none_or(|j| !j.state.wants_providers());
        if stopped && let Some(m) = table.meters.get_mut(&job) {
            m.rate.reset();
            m.processors.clear();
        }
        self.apply(table);
    }

    pub(super) fn status_of(&self, table: &Table, id: JobId) -> JobStatus {
        let board = &table.board;
        let job = &board.jobs[&id];
        let layout = &job.spec.layout;
        let data = table.data.get(&id);
        // A folder closed because it went away: the board still knows how far it got.
        let (done, total) = data.map_or_else(
            || (board.durable_labels(id), layout.total_labels),
            |d| d.progress(),
        );
        let running = job.state == JobState::Running;
        let meter = table.meters.get(&id).filter(|_| running);
        JobStatus {
            id,
            name: job.spec.name.clone(),
            dir: job.spec.dir.clone(),
            state: job.state.clone(),
            labels_done: done,
            total_labels: total,
            label_bits: layout.params.bits.get(),
            n: layout.params.n.get(),
            labels_per_sec: meter.map_or(0.0, |m| m.rate.labels_per_sec()),
            eta_secs: meter.and_then(|m| m.rate.eta_secs(total.saturating_sub(done))),
            processor_speeds: meter
                .map(|m| processor_speeds(&board.processors_of(id), m))
                .unwrap_or_default(),
            providers: board.processors_of(id),
            processors_off: board.processors_off(id),
            waiting_for: board.waiting_for(id),
            actions: JobActions {
                pause_after_file: job.state.actions(done > 0).pause_after_file
                    && !job.pause_after_files,
                find_folder: data.is_none() && job.state.actions(done > 0).resume,
                ..job.state.actions(done > 0)
            },
            pow_difficulty: layout.pow.map(|d| hex::encode(d.0)),
            pow_solution: data.and_then(|d| d.pow_solution()),
            last_check: job.last_check,
            created: job.created,
            started: job.started,
            finished: job.finished,
        }
    }
}

pub(super) fn state_file(board: &Board) -> StateFile {
    StateFile {
        schema_version: StateFile::default().schema_version,
        next_id: board.next_id,
        jobs: board
            .order
            .iter()
            .map(|id| {
                let job = &board.jobs[id];
                StoredJob {
                    id: *id,
                    request: job.spec.request.clone(),
                    state: job.state.clone(),
                    created: job.created,
                    started: job.started,
                    finished: job.finished,
                    last_check: job.last_check,
                }
            })
            .collect(),
    }
}

/// The speed of each processor busy on a job now (one that moved on keeps its meter for
/// when it comes back, but is not shown), in the order the board lists them.
fn processor_speeds(busy: &[ProviderId], meter: &super::Meter) -> Vec<ProcessorSpeed> {
    busy.iter()
        .map(|processor| ProcessorSpeed {
            processor: processor.clone(),
            labels_per_sec: meter
                .processors
                .get(processor)
                .map_or(0.0, |(_, rate)| rate.labels_per_sec()),
        })
        .collect()
}
