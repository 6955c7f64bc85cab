//! The job queue and its scheduler.
//!
//! Every provider works on at most one job at a time. When a provider is idle it takes
//! the next file of the first job in queue order that wants it; a job's files are
//! independent, so one job can keep several GPUs busy. All state sits in one table
//! behind a mutex; provider work runs on its own blocking thread and reports back
//! through [`JobQueue::task_ended`], which also schedules what comes next.

mod meter;
mod store;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use thiserror::Error;
use tokio::sync::broadcast;

use crate::data_dir::{DataDir, DataDirError, VerifyReport};
use crate::events::EngineEvent;
use crate::job::{
    FailureKind, FileRun, JobId, JobRequest, JobSpec, JobState, JobStatus, ProviderChoice,
    RequestError, RunEnd, run_file, search_pow_past_end,
};
use crate::provider::{CancelToken, ComputeProvider, ProviderId, ProviderInfo, ProviderKind};

use meter::RateMeter;
pub use store::StateStore;
use store::{StateFile, StoredJob};

/// Progress events per job and second, at most.
pub const PROGRESS_EVENTS_PER_SEC: u32 = 4;
const PROGRESS_INTERVAL: Duration = Duration::from_millis(1000 / PROGRESS_EVENTS_PER_SEC as u64);

#[derive(Debug, Error)]
pub enum EngineError {
    #[error("there is no job {0}")]
    NoSuchJob(JobId),
    #[error(transparent)]
    Request(#[from] RequestError),
    #[error(transparent)]
    DataDir(#[from] DataDirError),
    #[error("job {id} is {state}; {what}")]
    InvalidState {
        id: JobId,
        state: &'static str,
        what: &'static str,
    },
    #[error("{0}")]
    JobList(String),
    #[error("no processor can run this job: {0}")]
    NoProvider(String),
}

impl EngineError {
    /// A stable code for the UI and the gRPC API to branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoSuchJob(_) => "no_such_job",
            Self::Request(_) => "invalid_request",
            Self::DataDir(e) => e.code(),
            Self::InvalidState { .. } => "invalid_state",
            Self::JobList(_) => "job_list",
            Self::NoProvider(_) => "no_provider",
        }
    }
}

/// What a provider is doing for a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Task {
    File(usize),
    /// No solution in the data: searching past its end.
    PowSearch,
}

struct Assignment {
    job: JobId,
    cancel: CancelToken,
    thread: Option<JoinHandle<()>>,
}

struct JobEntry {
    spec: JobSpec,
    state: JobState,
    /// Opened when the job is added or loaded; holds the folder's lock.
    data: Option<Arc<DataDir>>,
    created: u64,
    started: Option<u64>,
    finished: Option<u64>,
    claimed: HashSet<usize>,
    pow_search_claimed: bool,
    meter: RateMeter,
    last_progress: Option<Instant>,
}

struct Table {
    next_id: u64,
    order: Vec<JobId>,
    jobs: HashMap<JobId, JobEntry>,
    busy: HashMap<ProviderId, Assignment>,
    /// Threads whose task ended but that may still be unwinding (they hold a clone of
    /// the queue until they exit); `shutdown` joins them too.
    exiting: Vec<JoinHandle<()>>,
    /// Set by `shutdown`: nothing new starts.
    closing: bool,
}

struct Shared {
    providers: Vec<Arc<dyn ComputeProvider>>,
    table: Mutex<Table>,
    /// Notified whenever a job's state changes or a task ends.
    changed: Condvar,
    events: broadcast::Sender<EngineEvent>,
    store: StateStore,
}

/// The engine's job queue. Cheap to clone; every clone is the same queue.
#[derive(Clone)]
pub struct JobQueue {
    shared: Arc<Shared>,
}

fn now_secs() -> u64 {
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
        let (events, _) = broadcast::channel(1024);
        let mut table = Table {
            next_id: saved.next_id,
            order: Vec::new(),
            jobs: HashMap::new(),
            busy: HashMap::new(),
            exiting: Vec::new(),
            closing: false,
        };
        for stored in saved.jobs {
            let id = stored.id;
            let entry = Self::reload(stored, resume_running)?;
            table.order.push(id);
            table.jobs.insert(id, entry);
        }
        let queue = Self {
            shared: Arc::new(Shared {
                providers,
                table: Mutex::new(table),
                changed: Condvar::new(),
                events,
                store,
            }),
        };
        let mut table = queue.lock();
        queue.save(&table);
        queue.schedule(&mut table);
        drop(table);
        Ok(queue)
    }

    /// Rebuilds a job from the state file, reopening its data folder. A folder that
    /// cannot be opened (unplugged disk, deleted) fails the job with the reason; the
    /// person can resume it once the folder is back.
    fn reload(stored: StoredJob, resume_running: bool) -> Result<JobEntry, EngineError> {
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
        let data = match DataDir::open_named(&spec.dir, &spec.layout.naming) {
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
        Ok(JobEntry {
            spec,
            state,
            data,
            created: stored.created,
            started: stored.started,
            finished: stored.finished,
            claimed: HashSet::new(),
            pow_search_claimed: false,
            meter: RateMeter::default(),
            last_progress: None,
        })
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
        self.shared
            .providers
            .iter()
            .map(|p| p.info().clone())
            .collect()
    }

    /// Validates the request, creates or reopens its data folder (checking space and
    /// that it can write there) and queues the job. Nothing changes on an error.
    pub fn add(&self, request: JobRequest) -> Result<JobStatus, EngineError> {
        let spec = request.validate()?;
        self.allowed_providers(&spec.providers)?;
        // The id first, as the file name may hold it; a request that fails from here
        // on leaves a gap in the ids.
        let id = {
            let mut table = self.lock();
            table.next_id += 1;
            JobId(table.next_id - 1)
        };
        let spec = request.for_job(id).validate()?;
        let data = DataDir::create_or_open(&spec.dir, &spec.layout)?;
        // A folder being resumed was not checked by create_or_open: all the bytes still
        // to write must fit before the job starts.
        data.check_space()?;
        let mut table = self.lock();
        let entry = JobEntry {
            spec,
            state: JobState::Queued,
            data: Some(Arc::new(data)),
            created: now_secs(),
            started: None,
            finished: None,
            claimed: HashSet::new(),
            pow_search_claimed: false,
            meter: RateMeter::default(),
            last_progress: None,
        };
        table.order.push(id);
        table.jobs.insert(id, entry);
        self.emit(EngineEvent::JobAdded {
            job: self.status_of(&table, id),
        });
        self.save(&table);
        self.schedule(&mut table);
        Ok(self.status_of(&table, id))
    }

    pub fn list(&self) -> Vec<JobStatus> {
        let table = self.lock();
        table
            .order
            .iter()
            .map(|id| self.status_of(&table, *id))
            .collect()
    }

    /// The request job `id` was added with, as the job list keeps it (its file name
    /// filled in): what the job is beyond its [`JobStatus`], such as its identity.
    pub fn request(&self, id: JobId) -> Result<JobRequest, EngineError> {
        let table = self.lock();
        let entry = table.jobs.get(&id).ok_or(EngineError::NoSuchJob(id))?;
        Ok(entry.spec.request.clone())
    }

    pub fn get(&self, id: JobId) -> Result<JobStatus, EngineError> {
        let table = self.lock();
        if table.jobs.contains_key(&id) {
            Ok(self.status_of(&table, id))
        } else {
            Err(EngineError::NoSuchJob(id))
        }
    }

    /// Stops the job at its next checkpoint; it keeps its place in the queue.
    pub fn pause(&self, id: JobId) -> Result<JobStatus, EngineError> {
        self.change_state(id, |state| match state {
            JobState::Queued | JobState::Running => Ok(JobState::Paused),
            JobState::Paused => Ok(JobState::Paused),
            _ => Err("only queued or running jobs can be paused"),
        })
    }

    /// Queues a paused or failed job again; it continues from its checkpoint. A job
    /// whose folder could not be opened before tries again now.
    pub fn resume(&self, id: JobId) -> Result<JobStatus, EngineError> {
        let missing_dir = {
            let table = self.lock();
            let entry = table.jobs.get(&id).ok_or(EngineError::NoSuchJob(id))?;
            let spec = &entry.spec;
            entry
                .data
                .is_none()
                .then(|| (spec.dir.clone(), spec.layout.naming.clone()))
        };
        if let Some((dir, naming)) = missing_dir {
            let data = Arc::new(DataDir::open_named(&dir, &naming)?);
            if let Some(entry) = self.lock().jobs.get_mut(&id) {
                entry.data.get_or_insert(data);
            }
        }
        // After a full disk, resuming without room would only fail again.
        let data = self.lock().jobs.get(&id).and_then(|e| e.data.clone());
        if let Some(data) = data
            && data.durable_labels() < data.layout().total_labels
        {
            data.check_space()?;
        }
        self.change_state(id, |state| match state {
            JobState::Paused | JobState::Failed { .. } => Ok(JobState::Queued),
            JobState::Queued | JobState::Running => Ok(state.clone()),
            _ => Err("only paused or failed jobs can be resumed"),
        })
    }

    /// Stops the job for good; its data stays until the job is deleted.
    pub fn abort(&self, id: JobId) -> Result<JobStatus, EngineError> {
        self.change_state(id, |state| match state {
            JobState::Completed => Err("it is already complete"),
            _ => Ok(JobState::Cancelled),
        })
    }

    pub fn pause_all(&self) {
        for job in self.list() {
            if job.state.wants_providers() {
                let _ = self.pause(job.id);
            }
        }
    }

    pub fn resume_all(&self) {
        for job in self.list() {
            if job.state == JobState::Paused {
                let _ = self.resume(job.id);
            }
        }
    }

    fn change_state(
        &self,
        id: JobId,
        next: impl FnOnce(&JobState) -> Result<JobState, &'static str>,
    ) -> Result<JobStatus, EngineError> {
        let mut table = self.lock();
        let entry = table.jobs.get_mut(&id).ok_or(EngineError::NoSuchJob(id))?;
        let new_state = next(&entry.state).map_err(|what| EngineError::InvalidState {
            id,
            state: state_name(&entry.state),
            what,
        })?;
        if new_state != entry.state {
            if !new_state.wants_providers() {
                entry.meter.reset();
            }
            if new_state.is_finished() {
                entry.finished = Some(now_secs());
            } else {
                entry.finished = None;
            }
            entry.state = new_state;
            if !entry.state.wants_providers() {
                for a in table.busy.values().filter(|a| a.job == id) {
                    a.cancel.cancel();
                }
            }
            self.job_changed(&table, id);
            self.save(&table);
            self.schedule(&mut table);
        }
        Ok(self.status_of(&table, id))
    }

    /// Removes the job from the list, stopping it first; with `with_data` its data
    /// files and metadata are deleted too (never other files in the folder).
    pub fn delete(&self, id: JobId, with_data: bool) -> Result<(), EngineError> {
        let threads = {
            let mut table = self.lock();
            let entry = table.jobs.get_mut(&id).ok_or(EngineError::NoSuchJob(id))?;
            // Cancelled first, so that no provider picks the job up again meanwhile.
            if !entry.state.is_finished() {
                entry.state = JobState::Cancelled;
            }
            let mut threads = Vec::new();
            for a in table.busy.values_mut().filter(|a| a.job == id) {
                a.cancel.cancel();
                threads.extend(a.thread.take());
            }
            threads
        };
        // The job's threads take the lock when they end: wait for them without it.
        for t in threads {
            let _ = t.join();
        }
        let mut table = self.lock();
        let entry = table.jobs.remove(&id).ok_or(EngineError::NoSuchJob(id))?;
        table.order.retain(|j| *j != id);
        self.save(&table);
        drop(table);
        if let Some(data) = entry.data {
            let data = Arc::try_unwrap(data).map_err(|_| {
                EngineError::JobList("the job's data folder is still in use; try again".into())
            })?;
            if with_data {
                data.delete()?;
            }
        } else if with_data
            && let Ok(data) = DataDir::open_named(&entry.spec.dir, &entry.spec.layout.naming)
        {
            data.delete()?;
        }
        self.emit(EngineEvent::JobRemoved { id });
        self.shared.changed.notify_all();
        Ok(())
    }

    /// Moves a job to `index` in the queue (0 = first).
    pub fn move_to(&self, id: JobId, index: usize) -> Result<(), EngineError> {
        let mut table = self.lock();
        let at = table
            .order
            .iter()
            .position(|j| *j == id)
            .ok_or(EngineError::NoSuchJob(id))?;
        table.order.remove(at);
        let index = index.min(table.order.len());
        table.order.insert(index, id);
        self.emit(EngineEvent::QueueReordered {
            order: table.order.clone(),
        });
        self.save(&table);
        Ok(())
    }

    /// Recomputes a sample of the job's labels on the CPU and compares them with its
    /// files. Blocks; call it from a blocking thread.
    pub fn verify(
        &self,
        id: JobId,
        fraction: f64,
        progress: &dyn Fn(u64, u64),
        stop: &std::sync::atomic::AtomicBool,
    ) -> Result<VerifyReport, EngineError> {
        let data = {
            let table = self.lock();
            let entry = table.jobs.get(&id).ok_or(EngineError::NoSuchJob(id))?;
            entry.data.clone().ok_or(EngineError::InvalidState {
                id,
                state: state_name(&entry.state),
                what: "its data folder is not open",
            })?
        };
        Ok(data.verify(fraction, rand::random(), progress, stop)?)
    }

    /// Blocks until the job is completed, failed, cancelled or paused, and returns it.
    pub fn wait_until_settled(&self, id: JobId) -> Result<JobStatus, EngineError> {
        let mut table = self.lock();
        loop {
            let entry = table.jobs.get(&id).ok_or(EngineError::NoSuchJob(id))?;
            let busy = table.busy.values().any(|a| a.job == id);
            if !entry.state.wants_providers() && !busy {
                return Ok(self.status_of(&table, id));
            }
            table = self
                .shared
                .changed
                .wait(table)
                .unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Stops every running job at a checkpoint and waits for the providers, keeping
    /// the saved states, so that the next start resumes them (Ctrl-C, SIGTERM, quit).
    pub fn shutdown(&self) {
        let threads: Vec<JoinHandle<()>> = {
            let mut table = self.lock();
            table.closing = true;
            let mut threads: Vec<JoinHandle<()>> = table
                .busy
                .values_mut()
                .filter_map(|a| {
                    a.cancel.cancel();
                    a.thread.take()
                })
                .collect();
            threads.append(&mut table.exiting);
            threads
        };
        for t in threads {
            let _ = t.join();
        }
    }

    fn allowed_providers(&self, choice: &ProviderChoice) -> Result<Vec<ProviderId>, EngineError> {
        let all = &self.shared.providers;
        let ids: Vec<ProviderId> = match choice {
            ProviderChoice::Automatic => {
                let gpus: Vec<_> = all
                    .iter()
                    .filter(|p| p.info().kind != ProviderKind::Cpu)
                    .collect();
                let chosen = if gpus.is_empty() {
                    all.iter().collect()
                } else {
                    gpus
                };
                chosen.into_iter().map(|p| p.info().id.clone()).collect()
            }
            ProviderChoice::Specific(ids) => {
                if let Some(missing) = ids
                    .iter()
                    .find(|id| !all.iter().any(|p| &p.info().id == *id))
                {
                    return Err(EngineError::NoProvider(format!(
                        "{missing} is not available on this computer"
                    )));
                }
                ids.clone()
            }
        };
        if ids.is_empty() {
            return Err(EngineError::NoProvider(
                "this computer has no processor to compute with".into(),
            ));
        }
        Ok(ids)
    }

    /// Gives every idle provider the next piece of work it may do.
    fn schedule(&self, table: &mut Table) {
        if table.closing {
            return;
        }
        for provider in &self.shared.providers {
            let pid = provider.info().id.clone();
            if table.busy.contains_key(&pid) {
                continue;
            }
            let Some((job, task)) = self.next_task_for(table, &pid) else {
                continue;
            };
            let entry = table.jobs.get_mut(&job).expect("scheduled jobs exist");
            match task {
                Task::File(i) => {
                    entry.claimed.insert(i);
                }
                Task::PowSearch => entry.pow_search_claimed = true,
            }
            let newly_running = entry.state != JobState::Running;
            if newly_running {
                entry.state = JobState::Running;
                entry.started.get_or_insert_with(now_secs);
            }
            let data = entry
                .data
                .clone()
                .expect("jobs that want providers have their folder open");
            let cancel = CancelToken::new();
            let thread = self.spawn_task(provider.clone(), job, task, data, cancel.clone());
            table.busy.insert(
                pid,
                Assignment {
                    job,
                    cancel,
                    thread: Some(thread),
                },
            );
            self.job_changed(table, job);
            if newly_running {
                self.save(table);
            }
        }
        // Jobs whose files are all done and that need no PoW search are complete.
        let finished: Vec<JobId> = table
            .order
            .iter()
            .copied()
            .filter(|id| {
                let e = &table.jobs[id];
                e.state.wants_providers()
                    && e.claimed.is_empty()
                    && !e.pow_search_claimed
                    && e.data
                        .as_ref()
                        .is_some_and(|d| d.durable_labels() >= e.spec.layout.total_labels)
                    && !needs_pow_search(e)
            })
            .collect();
        for id in finished {
            let e = table.jobs.get_mut(&id).unwrap();
            e.state = JobState::Completed;
            e.finished = Some(now_secs());
            e.meter.reset();
            self.job_changed(table, id);
            self.save(table);
        }
        self.shared.changed.notify_all();
    }

    fn next_task_for(&self, table: &Table, provider: &ProviderId) -> Option<(JobId, Task)> {
        for id in &table.order {
            let e = &table.jobs[id];
            if !e.state.wants_providers() {
                continue;
            }
            let allowed = self
                .allowed_providers(&e.spec.providers)
                .unwrap_or_default();
            if !allowed.contains(provider) {
                continue;
            }
            let Some(data) = e.data.as_ref() else {
                continue;
            };
            let geometry = data.geometry();
            let open_file = (0..geometry.file_count()).find(|i| {
                !e.claimed.contains(i) && data.durable_labels_in(*i) < geometry.span(*i).labels
            });
            if let Some(i) = open_file {
                return Some((*id, Task::File(i)));
            }
            let all_durable = data.durable_labels() >= e.spec.layout.total_labels;
            if all_durable && e.claimed.is_empty() && !e.pow_search_claimed && needs_pow_search(e) {
                return Some((*id, Task::PowSearch));
            }
        }
        None
    }

    fn spawn_task(
        &self,
        provider: Arc<dyn ComputeProvider>,
        job: JobId,
        task: Task,
        data: Arc<DataDir>,
        cancel: CancelToken,
    ) -> JoinHandle<()> {
        let queue = self.clone();
        let name = format!("job-{job}-{}", provider.info().id);
        std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                let on_durable = |labels: u64| queue.labels_durable(job, labels);
                let result = match task {
                    Task::File(file_index) => run_file(FileRun {
                        data: &data,
                        file_index,
                        provider: provider.as_ref(),
                        cancel: &cancel,
                        on_durable: &on_durable,
                    }),
                    Task::PowSearch => search_pow_past_end(&data, provider.as_ref(), &cancel),
                };
                drop(data);
                queue.task_ended(&provider.info().id, job, task, result);
            })
            .expect("the OS can start a thread")
    }

    /// Progress from a provider's writer thread: `labels` more are durable.
    fn labels_durable(&self, job: JobId, _labels: u64) {
        let mut table = self.lock();
        let Some(entry) = table.jobs.get_mut(&job) else {
            return;
        };
        let now = Instant::now();
        let done = entry.data.as_ref().map_or(0, |d| d.durable_labels());
        entry.meter.record(now, done);
        let due = entry
            .last_progress
            .is_none_or(|t| now.duration_since(t) >= PROGRESS_INTERVAL);
        if due || done >= entry.spec.layout.total_labels {
            entry.last_progress = Some(now);
            let total = entry.spec.layout.total_labels;
            self.emit(EngineEvent::Progress {
                id: job,
                labels_done: done,
                total_labels: total,
                labels_per_sec: entry.meter.labels_per_sec(),
                eta_secs: entry.meter.eta_secs(total.saturating_sub(done)),
            });
        }
    }

    fn task_ended(
        &self,
        provider: &ProviderId,
        job: JobId,
        task: Task,
        result: Result<RunEnd, crate::job::RunFailure>,
    ) {
        let mut table = self.lock();
        if let Some(thread) = table.busy.remove(provider).and_then(|a| a.thread) {
            table.exiting.retain(|t| !t.is_finished());
            table.exiting.push(thread);
        }
        if let Some(entry) = table.jobs.get_mut(&job) {
            match task {
                Task::File(i) => {
                    entry.claimed.remove(&i);
                }
                Task::PowSearch => entry.pow_search_claimed = false,
            }
            if let Err(failure) = result
                && entry.state.wants_providers()
            {
                tracing::warn!(job = job.0, %provider, "job failed: {}", failure.message);
                entry.state = JobState::Failed {
                    kind: failure.kind,
                    message: failure.message,
                };
                entry.finished = Some(now_secs());
                entry.meter.reset();
                for a in table.busy.values().filter(|a| a.job == job) {
                    a.cancel.cancel();
                }
                self.save(&table);
            }
            let still_busy = table.busy.values().any(|a| a.job == job);
            let entry = table.jobs.get_mut(&job).expect("present above");
            if entry.state == JobState::Running && !still_busy {
                // Back in line until a provider takes it again (or it completes below).
                entry.state = JobState::Queued;
            }
            self.job_changed(&table, job);
        }
        self.schedule(&mut table);
    }

    fn job_changed(&self, table: &Table, id: JobId) {
        self.emit(EngineEvent::JobChanged {
            job: self.status_of(table, id),
        });
        self.shared.changed.notify_all();
    }

    fn save(&self, table: &Table) {
        let state = StateFile {
            schema_version: StateFile::default().schema_version,
            next_id: table.next_id,
            jobs: table
                .order
                .iter()
                .map(|id| {
                    let e = &table.jobs[id];
                    StoredJob {
                        id: *id,
                        request: e.spec.request.clone(),
                        state: e.state.clone(),
                        created: e.created,
                        started: e.started,
                        finished: e.finished,
                    }
                })
                .collect(),
        };
        if let Err(e) = self.shared.store.save(&state) {
            tracing::error!("{e}");
        }
    }

    fn status_of(&self, table: &Table, id: JobId) -> JobStatus {
        let e = &table.jobs[&id];
        let layout = &e.spec.layout;
        let done = e.data.as_ref().map_or(0, |d| d.durable_labels());
        let running = e.state == JobState::Running;
        JobStatus {
            id,
            name: e.spec.name.clone(),
            dir: e.spec.dir.clone(),
            state: e.state.clone(),
            labels_done: done,
            total_labels: layout.total_labels,
            label_bits: layout.params.bits.get(),
            n: layout.params.n.get(),
            labels_per_sec: if running {
                e.meter.labels_per_sec()
            } else {
                0.0
            },
            eta_secs: if running {
                e.meter.eta_secs(layout.total_labels.saturating_sub(done))
            } else {
                None
            },
            providers: table
                .busy
                .iter()
                .filter(|(_, a)| a.job == id)
                .map(|(p, _)| p.clone())
                .collect(),
            pow_difficulty: layout.pow.map(|d| hex::encode(d.0)),
            pow_solution: e.data.as_ref().and_then(|d| d.pow_solution()),
            created: e.created,
            started: e.started,
            finished: e.finished,
        }
    }
}

fn needs_pow_search(e: &JobEntry) -> bool {
    e.spec.layout.pow.is_some() && e.data.as_ref().is_some_and(|d| d.pow_solution().is_none())
}

fn state_name(state: &JobState) -> &'static str {
    match state {
        JobState::Queued => "queued",
        JobState::Running => "running",
        JobState::Paused => "paused",
        JobState::Completed => "completed",
        JobState::Failed { .. } => "failed",
        JobState::Cancelled => "cancelled",
    }
}
