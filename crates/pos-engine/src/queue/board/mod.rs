//! The queue's policy as a plain state machine: the jobs and their states, which task
//! a free processor takes next, which processors a job may use, and when a job is
//! complete. No threads, no files, no clocks: the [`JobQueue`](super::JobQueue) feeds
//! it what happened (a task ended, labels became durable, a person paused a job) and
//! carries out what it decides (start these tasks, cancel those, save, tell the
//! listeners), so every rule here is tested with plain unit tests.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::error::EngineError;
use crate::job::{FailureKind, JobId, JobSpec, JobState};
use crate::provider::ProviderId;

/// What a processor is doing for a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Task {
    /// Computing one batch that is checked on the CPU and thrown away, before the
    /// processor may write labels of this N and label size (it starts at file `.0`).
    Qualify(usize),
    /// Computing and writing one file.
    File(usize),
    /// No PoW solution in the data: searching past its end.
    PowSearch,
}

/// How a task ended, as the worker reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TaskOutcome {
    /// The file is written, the search found a solution, or the qualification passed.
    Done,
    Cancelled,
    /// The processor computed wrong labels or its library failed: it is taken off this
    /// job and every job of the same N and label size, with `reason` shown to the person.
    ProcessorFault {
        reason: String,
    },
    /// The job cannot go on whatever processor runs it (a full disk, an I/O error).
    JobFault {
        kind: FailureKind,
        message: String,
    },
    /// The data folder is not there any more (a drive unplugged): the job pauses and
    /// goes on by itself once the folder is back.
    FolderGone {
        message: String,
    },
}

/// What the board knows of one processor.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub id: ProviderId,
    pub is_cpu: bool,
    /// Part of what an automatic job uses (see `Processors::slots`).
    pub automatic: bool,
    /// The processor's name in messages ("NVIDIA H200").
    pub label: String,
    /// Switched off by the person.
    pub enabled: bool,
    pub busy: Option<(JobId, Task)>,
}

/// A task to start: the board has already marked the processor busy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Assignment {
    pub processor: ProviderId,
    pub job: JobId,
    pub task: Task,
}

/// Progress of one data file, as far as the board needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileProgress {
    pub labels: u64,
    pub durable: u64,
}

impl FileProgress {
    fn is_done(&self) -> bool {
        self.durable >= self.labels
    }
}

/// One job on the board.
#[derive(Debug, Clone)]
pub(crate) struct BoardJob {
    pub spec: JobSpec,
    pub state: JobState,
    /// `None` while the data folder is not open (missing drive, deleted folder).
    pub files: Option<Vec<FileProgress>>,
    /// The job searches for PoW and has found no solution yet.
    pub pow_pending: bool,
    pub created: u64,
    pub started: Option<u64>,
    pub finished: Option<u64>,
    claimed: HashSet<usize>,
    pow_search_claimed: bool,
    /// Processors taken off this job, with the reason.
    pub off: BTreeMap<ProviderId, String>,
    /// Paused because its folder went away; the message says so.
    pub folder_gone: Option<String>,
    /// Takes no new file: pauses once the files being written now are complete.
    pub pause_after_files: bool,
    /// The last verify or repair that was not stopped.
    pub last_check: Option<crate::job::JobCheck>,
}

impl BoardJob {
    pub fn new(spec: JobSpec, state: JobState, created: u64) -> Self {
        Self {
            spec,
            state,
            files: None,
            pow_pending: false,
            created,
            started: None,
            finished: None,
            claimed: HashSet::new(),
            pow_search_claimed: false,
            off: BTreeMap::new(),
            folder_gone: None,
            pause_after_files: false,
            last_check: None,
        }
    }

    fn key(&self) -> QualKey {
        let p = &self.spec.layout.params;
        (p.n.get(), p.bits.get())
    }

    fn all_durable(&self) -> bool {
        self.files
            .as_ref()
            .is_some_and(|f| f.iter().all(FileProgress::is_done))
    }

    pub fn has_labels(&self) -> bool {
        self.files
            .as_ref()
            .is_some_and(|f| f.iter().any(|f| f.durable > 0))
    }

    fn open_file(&self) -> Option<usize> {
        let files = self.files.as_ref()?;
        (0..files.len()).find(|i| !self.claimed.contains(i) && !files[*i].is_done())
    }

    fn idle(&self) -> bool {
        self.claimed.is_empty() && !self.pow_search_claimed
    }
}

/// N and label size: a processor that is wrong for one job is wrong for every job
/// with the same two.
type QualKey = (u32, u32);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Verdict {
    Passed,
    Failed(String),
}

/// What the queue must do after a change to the board.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Effects {
    /// Jobs whose status changed: tell the listeners.
    pub changed: BTreeSet<JobId>,
    /// The job list changed: save it.
    pub save: bool,
    /// Processors whose task must stop (its job no longer wants it).
    pub cancel: Vec<ProviderId>,
    /// Tasks to start.
    pub start: Vec<Assignment>,
    /// Jobs whose data folder went away: close it, so that resuming opens it anew.
    pub close_folder: Vec<JobId>,
}

/// The queue's state; see the [module documentation](self).
#[derive(Debug)]
pub(crate) struct Board {
    pub next_id: u64,
    pub order: Vec<JobId>,
    pub jobs: HashMap<JobId, BoardJob>,
    pub slots: Vec<Slot>,
    verdicts: HashMap<(ProviderId, QualKey), Verdict>,
    /// Set by shutdown: nothing new starts.
    pub closing: bool,
    /// Why no job may compute now (a pause rule: "on battery"); `None` when they may.
    pub hold: Option<String>,
    effects: Effects,
}

impl Board {
    pub fn new(slots: Vec<Slot>, next_id: u64) -> Self {
        Self {
            next_id,
            order: Vec::new(),
            jobs: HashMap::new(),
            slots,
            verdicts: HashMap::new(),
            closing: false,
            hold: None,
            effects: Effects::default(),
        }
    }

    /// What the changes since the last call require; the queue carries it out.
    pub fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.effects)
    }

    fn touch(&mut self, id: JobId) {
        self.effects.changed.insert(id);
    }

    pub fn job(&self, id: JobId) -> Result<&BoardJob, EngineError> {
        self.jobs.get(&id).ok_or(EngineError::NoSuchJob(id))
    }

    /// A new id for a job about to be added.
    pub fn reserve_id(&mut self) -> JobId {
        self.next_id += 1;
        self.effects.save = true;
        JobId(self.next_id - 1)
    }

    /// Puts a job at the end of the queue.
    pub fn insert(&mut self, id: JobId, job: BoardJob) {
        self.order.push(id);
        self.jobs.insert(id, job);
        self.touch(id);
        self.effects.save = true;
    }

    /// The job's data folder was opened (or reopened): how far each file got.
    pub fn set_files(&mut self, id: JobId, files: Vec<FileProgress>, pow_pending: bool) {
        if let Some(job) = self.jobs.get_mut(&id) {
            job.files = Some(files);
            job.pow_pending = pow_pending;
            self.touch(id);
        }
    }

    /// Labels of file `file` of job `id` are durable up to `durable`.
    pub fn labels_durable(&mut self, id: JobId, file: usize, durable: u64) {
        if let Some(f) = self
            .jobs
            .get_mut(&id)
            .and_then(|j| j.files.as_mut())
            .and_then(|f| f.get_mut(file))
        {
            f.durable = f.durable.max(durable);
        }
    }

    /// A verify or repair of job `id` read its labels to the end.
    pub fn record_check(&mut self, id: JobId, check: crate::job::JobCheck) {
        if let Some(job) = self.jobs.get_mut(&id) {
            job.last_check = Some(check);
            self.touch(id);
            self.effects.save = true;
        }
    }

    /// Labels durable in file `file` of job `id`, as far as the board was told.
    pub fn durable_in(&self, id: JobId, file: usize) -> u64 {
        self.jobs
            .get(&id)
            .and_then(|j| j.files.as_ref())
            .and_then(|f| f.get(file))
            .map_or(0, |f| f.durable)
    }

    /// Labels durable in every file of job `id`, as far as the board was told.
    pub fn durable_labels(&self, id: JobId) -> u64 {
        self.jobs
            .get(&id)
            .and_then(|j| j.files.as_ref())
            .map_or(0, |f| f.iter().map(|f| f.durable).sum())
    }

    /// Jobs paused because their folder went away.
    pub fn jobs_without_folder(&self) -> Vec<JobId> {
        self.order
            .iter()
            .copied()
            .filter(|id| {
                let job = &self.jobs[id];
                job.folder_gone.is_some() && job.state == JobState::Paused
            })
            .collect()
    }

    /// The job found its PoW solution.
    pub fn pow_found(&mut self, id: JobId) {
        if let Some(job) = self.jobs.get_mut(&id) {
            job.pow_pending = false;
        }
    }

    pub fn remove(&mut self, id: JobId) -> Option<BoardJob> {
        self.order.retain(|j| *j != id);
        self.effects.save = true;
        self.effects.changed.remove(&id);
        self.jobs.remove(&id)
    }

    pub fn processors_of(&self, id: JobId) -> Vec<ProviderId> {
        self.slots
            .iter()
            .filter(|s| s.busy.is_some_and(|(j, _)| j == id))
            .map(|s| s.id.clone())
            .collect()
    }

    fn set_state(&mut self, id: JobId, state: JobState) {
        let job = self.jobs.get_mut(&id).expect("checked by the caller");
        if job.state == state {
            return;
        }
        job.finished = state.is_finished().then_some(crate::queue::now_secs());
        job.state = state;
        let stops = !job.state.wants_providers();
        self.touch(id);
        self.effects.save = true;
        if stops {
            let busy = self.processors_of(id);
            self.effects.cancel.extend(busy);
        }
        self.schedule();
    }

    /// A task ended on `processor`.
    pub fn task_ended(
        &mut self,
        processor: &ProviderId,
        job_id: JobId,
        task: Task,
        outcome: TaskOutcome,
    ) {
        if let Some(slot) = self.slots.iter_mut().find(|s| &s.id == processor) {
            slot.busy = None;
        }
        let Some(job) = self.jobs.get_mut(&job_id) else {
            self.schedule();
            return;
        };
        match task {
            Task::File(i) => {
                job.claimed.remove(&i);
            }
            Task::PowSearch => job.pow_search_claimed = false,
            Task::Qualify(_) => {}
        }
        let key = job.key();
        match outcome {
            TaskOutcome::Done => {
                if let Task::Qualify(_) = task {
                    self.verdicts
                        .insert((processor.clone(), key), Verdict::Passed);
                }
            }
            TaskOutcome::Cancelled => {}
            TaskOutcome::ProcessorFault { reason } => {
                self.take_off(processor, key, reason);
            }
            TaskOutcome::FolderGone { message } => {
                if job.state.wants_providers() {
                    tracing::warn!(job = job_id.0, "{message}");
                    job.folder_gone = Some(message);
                    self.effects.close_folder.push(job_id);
                    self.set_state(job_id, JobState::Paused);
                }
            }
            TaskOutcome::JobFault { kind, message } => {
                if job.state.wants_providers() {
                    tracing::warn!(job = job_id.0, %processor, "job failed: {message}");
                    self.set_state(job_id, JobState::Failed { kind, message });
                }
            }
        }
        self.touch(job_id);
        self.schedule();
    }

    /// Gives every idle processor the next piece of work it may do, and completes jobs
    /// that have nothing left to do.
    pub fn schedule(&mut self) {
        if self.closing {
            return;
        }
        for s in 0..self.slots.len() {
            if self.hold.is_some() {
                break;
            }
            if self.slots[s].busy.is_some() || !self.slots[s].enabled {
                continue;
            }
            let Some((id, task)) = self.next_task_for(&self.slots[s]) else {
                continue;
            };
            let job = self.jobs.get_mut(&id).expect("scheduled jobs exist");
            match task {
                Task::File(i) => {
                    job.claimed.insert(i);
                }
                Task::PowSearch => job.pow_search_claimed = true,
                Task::Qualify(_) => {}
            }
            if job.state != JobState::Running {
                job.state = JobState::Running;
                job.started.get_or_insert_with(crate::queue::now_secs);
                self.effects.save = true;
            }
            let slot = &mut self.slots[s];
            slot.busy = Some((id, task));
            self.effects.start.push(Assignment {
                processor: slot.id.clone(),
                job: id,
                task,
            });
            self.touch(id);
        }
        self.settle();
    }

    /// Running jobs that no processor works on go back in line; jobs with everything
    /// durable and no PoW left to search are complete (a paused one too: its last batch
    /// landed as it was paused).
    fn settle(&mut self) {
        for id in self.order.clone() {
            let busy = !self.processors_of(id).is_empty();
            let job = self.jobs.get_mut(&id).expect("listed");
            let done = job.all_durable() && !job.pow_pending && job.idle() && !busy;
            let can_complete = job.state.wants_providers() || job.state == JobState::Paused;
            if done && can_complete {
                job.state = JobState::Completed;
                job.finished = Some(crate::queue::now_secs());
                self.effects.save = true;
                self.touch(id);
            } else if job.pause_after_files && job.state.wants_providers() && !busy {
                job.pause_after_files = false;
                job.state = JobState::Paused;
                self.effects.save = true;
                self.touch(id);
            } else if job.state == JobState::Running && !busy {
                job.state = JobState::Queued;
                self.touch(id);
            }
        }
    }

    fn next_task_for(&self, slot: &Slot) -> Option<(JobId, Task)> {
        for &id in &self.order {
            let job = &self.jobs[&id];
            if !job.state.wants_providers() || job.pause_after_files || !self.may_run(slot, id) {
                continue;
            }
            if let Some(i) = job.open_file() {
                let qualified = slot.is_cpu
                    || matches!(
                        self.verdicts.get(&(slot.id.clone(), job.key())),
                        Some(Verdict::Passed)
                    );
                return Some((
                    id,
                    if qualified {
                        Task::File(i)
                    } else {
                        Task::Qualify(i)
                    },
                ));
            }
            if job.all_durable() && job.idle() && job.pow_pending {
                return Some((id, Task::PowSearch));
            }
        }
        None
    }
}

fn invalid(id: JobId, state: &JobState, what: &'static str) -> EngineError {
    EngineError::InvalidState {
        id,
        state: state.name(),
        what,
    }
}

mod actions;
mod choice;
#[cfg(test)]
mod tests;
