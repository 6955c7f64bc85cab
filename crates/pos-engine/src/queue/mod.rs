//! The job queue: the one owner of job rules for the app, `pos` and the gRPC API.
//!
//! The rules (which job a free processor takes, which processors a job may use, when a
//! job is complete) live in [`board`], a state machine without threads. This module is
//! the machinery around it: one mutex over the board and the open data folders, a
//! thread per running task ([`worker`]), cancel tokens, events, and the job list on
//! disk ([`store`]). Slow things never happen under the lock: saving the job list
//! (fsync) and cancelling (gpu-post's `stop()` can take a second) run after it is
//! released.

mod board;
mod checks;
mod effects;
mod folder_watch;
mod meter;
mod processors;
mod relocate;
mod store;
mod worker;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

use crate::data_dir::{DataDir, Shard};
use crate::error::EngineError;
use crate::events::EngineEvent;
use crate::job::{JobId, JobRequest, JobState, JobStatus};
use crate::provider::{BenchResult, CancelToken, ComputeProvider, ProviderId, ProviderInfo};

use board::{Board, BoardJob};
use meter::RateMeter;
use processors::{Processors, file_progress};
use store::JobListSaver;
pub use store::StateStore;

/// Progress events per job and second, at most.
pub const PROGRESS_EVENTS_PER_SEC: u32 = 4;
const PROGRESS_INTERVAL: Duration = Duration::from_millis(1000 / PROGRESS_EVENTS_PER_SEC as u64);
/// How long [`JobQueue::shutdown`] waits for running batches before it leaves them.
pub const SHUTDOWN_WAIT: Duration = Duration::from_secs(5);

/// A task's thread and the token that stops it.
struct Running {
    cancel: CancelToken,
    thread: Option<JoinHandle<()>>,
}

#[derive(Default)]
struct Meter {
    rate: RateMeter,
    /// Each processor's own labels made durable so far in this run, and its rate.
    processors: HashMap<ProviderId, (u64, RateMeter)>,
    last_progress: Option<Instant>,
}

struct Table {
    board: Board,
    /// Open data folders (each holds its folder's lock).
    data: HashMap<JobId, Arc<DataDir>>,
    meters: HashMap<JobId, Meter>,
    running: HashMap<ProviderId, Running>,
    /// Threads whose task ended but that may still be unwinding.
    exiting: Vec<JoinHandle<()>>,
    /// Counts job-list snapshots, so that an older one never overwrites a newer one.
    save_generation: u64,
}

struct Shared {
    processors: Processors,
    table: Mutex<Table>,
    /// Notified whenever a job's state changes or a task ends.
    changed: Condvar,
    events: broadcast::Sender<EngineEvent>,
    saver: JobListSaver,
}

/// The engine's job queue. Cheap to clone; every clone is the same queue.
#[derive(Clone)]
pub struct JobQueue {
    shared: Arc<Shared>,
}

pub(crate) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl JobQueue {
    /// Loads the job list and starts its jobs: those that were running when the
    /// process stopped are queued again when `resume_running` is set, else paused.
    pub fn start(
        providers: Vec<Arc<dyn ComputeProvider>>,
        store: StateStore,
        resume_running: bool,
    ) -> Result<Self, EngineError> {
        let saved = store.load().map_err(EngineError::JobList)?;
        let processors = Processors::new(providers);
        let mut table = Table {
            board: Board::new(processors.slots(), saved.next_id),
            data: HashMap::new(),
            meters: HashMap::new(),
            running: HashMap::new(),
            exiting: Vec::new(),
            save_generation: 0,
        };
        for stored in saved.jobs {
            store::reload(&mut table.board, &mut table.data, stored, resume_running)?;
        }
        let (events, _) = broadcast::channel(1024);
        let queue = Self {
            shared: Arc::new(Shared {
                processors,
                table: Mutex::new(table),
                changed: Condvar::new(),
                events,
                saver: JobListSaver::new(store),
            }),
        };
        let mut table = queue.lock();
        table.board.schedule();
        queue.apply(table);
        queue.watch_for_returning_folders();
        Ok(queue)
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.shared.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn subscribe(&self) -> broadcast::Receiver<EngineEvent> {
        self.shared.events.subscribe()
    }

    fn emit(&self, event: EngineEvent) {
        // No listener is fine.
        let _ = self.shared.events.send(event);
    }

    pub fn providers(&self) -> Vec<ProviderInfo> {
        self.shared.processors.infos()
    }

    /// Switches processors off (the settings' Processors page): no job of any kind
    /// (window, `pos`, gRPC) gets work on them; a task running on one stops at once
    /// and its file goes on elsewhere.
    pub fn set_disabled_processors(&self, disabled: &[ProviderId]) {
        let disabled: HashSet<ProviderId> = disabled.iter().cloned().collect();
        let mut table = self.lock();
        table.board.set_disabled(&disabled);
        self.apply(table);
    }

    /// Holds every job back for `reason` (the app's pause rules: "on battery"), or lets
    /// them go on (`None`). Running tasks stop at their next checkpoint; the jobs stay
    /// queued, their status says why ([`JobStatus::waiting_for`]), and they go on by
    /// themselves when the hold lifts. A job a person paused stays paused.
    pub fn set_hold(&self, reason: Option<String>) {
        let mut table = self.lock();
        table.board.set_hold(reason);
        self.apply(table);
    }

    /// Validates the request, creates or reopens its data folder (checking space and
    /// that it can write there) and queues the job. Nothing changes on an error.
    pub fn add(&self, request: JobRequest) -> Result<JobStatus, EngineError> {
        self.add_as(request, None)
    }

    /// [`add`](Self::add) for one shard of a job whose folder exists (made by `pos job
    /// create`): the job computes only that shard's files, beside the other shards
    /// ([`DataDir::open_shard`]), and is complete when they are.
    pub fn add_shard(&self, request: JobRequest, shard: Shard) -> Result<JobStatus, EngineError> {
        self.add_as(request, Some(shard))
    }

    fn add_as(
        &self,
        mut request: JobRequest,
        shard: Option<Shard>,
    ) -> Result<JobStatus, EngineError> {
        let spec = request.validate()?;
        // Files no larger than the folder's file system allows (FAT32: 4 GiB - 1), fixed
        // now so that the job list keeps the size the folder was made with.
        if request.max_file_bytes.is_none() && request.file_name.is_none() {
            request.max_file_bytes = Some(crate::data_dir::fitting_max_file_bytes(
                &request.dir,
                spec.layout.max_file_bytes,
            ));
        }
        self.shared.processors.check_choice(&spec.providers)?;
        // The id first, as the file name may hold it; a request that fails from here
        // on leaves a gap in the ids.
        let id = self.lock().board.reserve_id();
        let mut spec = request.for_job(id).validate()?;
        spec.shard = shard;
        let data = match shard {
            Some(_) => store::open_job_folder(&spec)?,
            None => DataDir::create_or_open(&spec.dir, &spec.layout)?,
        };
        // A folder being resumed was not checked by create_or_open: all the bytes still
        // to write must fit before the job starts.
        data.check_space()?;
        let mut table = self.lock();
        table
            .board
            .insert(id, BoardJob::new(spec, JobState::Queued, now_secs()));
        let (files, pow_pending) = file_progress(&data);
        table.board.set_files(id, files, pow_pending);
        table.data.insert(id, Arc::new(data));
        self.emit(EngineEvent::JobAdded {
            job: self.status_of(&table, id),
        });
        table.board.schedule();
        let status = self.status_of(&table, id);
        self.apply(table);
        Ok(status)
    }

    pub fn list(&self) -> Vec<JobStatus> {
        let table = self.lock();
        table
            .board
            .order
            .iter()
            .map(|id| self.status_of(&table, *id))
            .collect()
    }

    /// The request job `id` was added with, as the job list keeps it (its file name
    /// filled in): what the job is beyond its [`JobStatus`], such as its identity.
    pub fn request(&self, id: JobId) -> Result<JobRequest, EngineError> {
        Ok(self.lock().board.job(id)?.spec.request.clone())
    }

    pub fn get(&self, id: JobId) -> Result<JobStatus, EngineError> {
        let table = self.lock();
        table.board.job(id)?;
        Ok(self.status_of(&table, id))
    }

    /// Stops the job at its next checkpoint; it keeps its place in the queue.
    pub fn pause(&self, id: JobId) -> Result<JobStatus, EngineError> {
        self.change(id, |board| board.pause(id))
    }

    /// Lets the files being written now complete, starts no new one, and pauses the job
    /// then (at once when nothing of it is being written): a clean place to stop, with
    /// every file it touched complete.
    pub fn pause_after_file(&self, id: JobId) -> Result<JobStatus, EngineError> {
        self.change(id, |board| board.pause_after_files(id))
    }

    /// Queues a paused or failed job again; it continues from its checkpoint. A job
    /// whose folder could not be opened before tries again now.
    pub fn resume(&self, id: JobId) -> Result<JobStatus, EngineError> {
        let (spec, data) = {
            let table = self.lock();
            let job = table.board.job(id)?;
            (job.spec.clone(), table.data.get(&id).cloned())
        };
        let data = match data {
            Some(data) => data,
            None => {
                let data = Arc::new(store::open_job_folder(&spec)?);
                let mut table = self.lock();
                let (files, pow_pending) = file_progress(&data);
                table.board.set_files(id, files, pow_pending);
                table.data.entry(id).or_insert(data).clone()
            }
        };
        // After a full disk, resuming without room would only fail again.
        if data.progress().0 < data.progress().1 {
            data.check_space()?;
        }
        self.change(id, |board| board.resume(id))
    }

    /// Stops the job for good; its data stays until the job is deleted.
    pub fn abort(&self, id: JobId) -> Result<JobStatus, EngineError> {
        self.change(id, |board| board.abort(id))
    }

    /// Pauses every queued and running job (the tray's "Pause all").
    pub fn pause_all(&self) {
        self.change_all(|job| job.state.wants_providers(), Board::pause);
    }

    /// Resumes every paused job (the tray's "Resume all").
    pub fn resume_all(&self) {
        for id in self.ids_where(|job| job.state == JobState::Paused) {
            if let Err(e) = self.resume(id) {
                tracing::warn!(job = id.0, "cannot resume: {e}");
            }
        }
    }

    /// Removes the job from the list, stopping it first; with `with_data` its data
    /// files and metadata are deleted too (never other files in the folder). When the
    /// data cannot be deleted nothing changes.
    pub fn delete(&self, id: JobId, with_data: bool) -> Result<(), EngineError> {
        let spec = self.lock().board.job(id)?.spec.clone();
        let open = self.lock().data.get(&id).cloned();
        // Refuse before anything changes: a folder that is not there, or that holds
        // other data now, cannot be deleted.
        let unopened = match (&open, with_data) {
            (None, true) => Some(store::open_job_folder(&spec)?),
            _ => None,
        };
        drop(open);
        let (processors, cancels) = {
            let mut table = self.lock();
            let processors = table.board.stop_for_delete(id)?;
            let mut cancels: Vec<(CancelToken, Option<JoinHandle<()>>)> = Vec::new();
            for p in &processors {
                if let Some(r) = table.running.get_mut(p) {
                    cancels.push((r.cancel.clone(), r.thread.take()));
                }
            }
            self.apply(table);
            (processors, cancels)
        };
        tracing::debug!(job = id.0, ?processors, "stopping the job to delete it");
        for (cancel, thread) in cancels {
            cancel.cancel();
            if let Some(t) = thread {
                let _ = t.join();
            }
        }
        let data = self.lock().data.remove(&id);
        let data = match data.map(Arc::try_unwrap) {
            Some(Ok(data)) => Some(data),
            Some(Err(shared)) => {
                self.lock().data.insert(id, shared);
                return Err(EngineError::JobList(
                    "the job's data folder is still in use (a verify is running?); try again"
                        .into(),
                ));
            }
            None => unopened,
        };
        if with_data && let Some(data) = data {
            data.delete()?;
        }
        let mut table = self.lock();
        table.board.remove(id);
        table.meters.remove(&id);
        self.emit(EngineEvent::JobRemoved { id });
        self.apply(table);
        Ok(())
    }

    /// Moves a job to `index` in the queue (0 = first).
    pub fn move_to(&self, id: JobId, index: usize) -> Result<(), EngineError> {
        let mut table = self.lock();
        table.board.move_to(id, index)?;
        self.emit(EngineEvent::QueueReordered {
            order: table.board.order.clone(),
        });
        self.apply(table);
        Ok(())
    }

    /// Measures a processor for about `duration`. A processor busy with a job is
    /// measured between the job's batches, so the job goes on.
    pub fn benchmark(
        &self,
        processor: &ProviderId,
        n: pos_labels::ScryptN,
        bits: pos_labels::LabelBits,
        duration: Duration,
    ) -> Result<BenchResult, EngineError> {
        let provider =
            self.shared.processors.get(processor).ok_or_else(|| {
                EngineError::NoProvider(format!("there is no processor {processor}"))
            })?;
        let cancel = CancelToken::new();
        Ok(crate::provider::benchmark(
            provider.as_ref(),
            n,
            bits,
            duration,
            &cancel,
        )?)
    }

    /// Blocks until the job is completed, failed, cancelled or paused, and returns it.
    pub fn wait_until_settled(&self, id: JobId) -> Result<JobStatus, EngineError> {
        let mut table = self.lock();
        loop {
            let job = table.board.job(id)?;
            let busy = !table.board.processors_of(id).is_empty();
            if !job.state.wants_providers() && !busy {
                return Ok(self.status_of(&table, id));
            }
            table = self
                .shared
                .changed
                .wait(table)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Blocks until the job's status satisfies `ready` (checked at every change and
    /// every checkpoint) and returns it; `None` after `timeout`.
    pub fn wait_until(
        &self,
        id: JobId,
        timeout: Duration,
        ready: impl Fn(&JobStatus) -> bool,
    ) -> Result<Option<JobStatus>, EngineError> {
        let deadline = Instant::now() + timeout;
        let mut table = self.lock();
        loop {
            table.board.job(id)?;
            let status = self.status_of(&table, id);
            if ready(&status) {
                return Ok(Some(status));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            table = self
                .shared
                .changed
                .wait_timeout(table, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
    }

    /// Stops every running job at a checkpoint, keeping the saved states, so that the
    /// next start resumes them (Ctrl-C, SIGTERM, quit). Waits at most
    /// [`SHUTDOWN_WAIT`] for the batches in flight; a batch still running then (a GPU
    /// call that does not return) is left behind, and what is durable stays so.
    pub fn shutdown(&self) {
        let (cancels, mut threads) = {
            let mut table = self.lock();
            table.board.closing = true;
            let cancels: Vec<CancelToken> =
                table.running.values().map(|r| r.cancel.clone()).collect();
            let mut threads: Vec<JoinHandle<()>> = table
                .running
                .values_mut()
                .filter_map(|r| r.thread.take())
                .collect();
            threads.append(&mut table.exiting);
            (cancels, threads)
        };
        for c in cancels {
            c.cancel();
        }
        let deadline = Instant::now() + SHUTDOWN_WAIT;
        while !threads.is_empty() && Instant::now() < deadline {
            threads.retain(|t| !t.is_finished());
            std::thread::sleep(Duration::from_millis(10));
        }
        if !threads.is_empty() {
            tracing::warn!(
                left = threads.len(),
                "batches still running after {SHUTDOWN_WAIT:?}; leaving them"
            );
        }
        let data: Vec<Arc<DataDir>> = self.lock().data.values().cloned().collect();
        for d in data {
            if let Err(e) = d.flush() {
                tracing::warn!(
                    "cannot save the compute time of {}: {e}",
                    d.path().display()
                );
            }
        }
    }
}
