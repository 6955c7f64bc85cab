//! The queue's rules as plain state changes: no threads, no files, no sleeps.

use super::*;
use crate::job::{JobRequest, ProviderChoice};

const CPU: &str = "cpu";
const GPU0: &str = "gpu:0";
const GPU1: &str = "gpu:1";

fn pid(s: &str) -> ProviderId {
    ProviderId(s.into())
}

fn slot(id: &str) -> Slot {
    Slot {
        id: pid(id),
        is_cpu: id == CPU,
        automatic: id != CPU,
        label: format!("{id} model"),
        enabled: true,
        busy: None,
    }
}

fn board(ids: &[&str]) -> Board {
    Board::new(ids.iter().map(|id| slot(id)).collect(), 1)
}

fn spec(n: u64, providers: ProviderChoice, pow: bool) -> JobSpec {
    JobRequest {
        name: "job".into(),
        dir: std::env::temp_dir().join("pos-board-test"),
        id: "ab".repeat(32),
        salt: "cd".repeat(32),
        n,
        label_bits: 8,
        total_labels: 1000,
        pow_difficulty: pow.then(|| "0f".repeat(32)),
        providers,
        max_file_bytes: None,
        file_name: None,
        origin: Default::default(),
    }
    .validate()
    .unwrap()
}

/// Adds a queued job of `files` files of 100 labels, none durable.
fn add(board: &mut Board, n: u64, choice: ProviderChoice, files: usize, pow: bool) -> JobId {
    let id = board.reserve_id();
    board.insert(id, BoardJob::new(spec(n, choice, pow), JobState::Queued, 0));
    let progress = vec![
        FileProgress {
            labels: 100,
            durable: 0
        };
        files
    ];
    board.set_files(id, progress, pow);
    id
}

fn started(effects: &Effects) -> Vec<(String, JobId, Task)> {
    effects
        .start
        .iter()
        .map(|a| (a.processor.0.clone(), a.job, a.task))
        .collect()
}

/// Ends `processor`'s task with `outcome`, marking the file durable when it was done.
fn end(board: &mut Board, processor: &str, outcome: TaskOutcome) {
    let (job, task) = board
        .slots
        .iter()
        .find(|s| s.id.0 == processor)
        .and_then(|s| s.busy)
        .expect("the processor is busy");
    if let (Task::File(i), TaskOutcome::Done) = (task, &outcome) {
        board.labels_durable(job, i, 100);
    }
    board.task_ended(&pid(processor), job, task, outcome);
}

fn fault(reason: &str) -> TaskOutcome {
    TaskOutcome::ProcessorFault {
        reason: reason.into(),
    }
}

fn state(board: &Board, id: JobId) -> &JobState {
    &board.jobs[&id].state
}

#[test]
fn automatic_means_every_gpu_each_qualified_first_and_not_the_cpu() {
    let mut b = board(&[CPU, GPU0, GPU1]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 3, false);
    b.schedule();
    let e = b.take_effects();
    assert_eq!(
        started(&e),
        vec![
            (GPU0.into(), job, Task::Qualify(0)),
            (GPU1.into(), job, Task::Qualify(0)),
        ]
    );
    assert_eq!(*state(&b, job), JobState::Running);
    end(&mut b, GPU0, TaskOutcome::Done);
    assert_eq!(
        started(&b.take_effects()),
        vec![(GPU0.into(), job, Task::File(0))]
    );
    end(&mut b, GPU1, TaskOutcome::Done);
    assert_eq!(
        started(&b.take_effects()),
        vec![(GPU1.into(), job, Task::File(1))],
        "files are shared out; a qualified processor is not qualified again"
    );
}

#[test]
fn the_cpu_needs_no_qualification() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.schedule();
    assert_eq!(
        started(&b.take_effects()),
        vec![(CPU.into(), job, Task::File(0))]
    );
}

#[test]
fn a_wrong_gpu_is_taken_off_every_job_of_that_n_and_the_cpu_comes_last() {
    let mut b = board(&[CPU, GPU0]);
    let big = add(&mut b, 8192, ProviderChoice::Automatic, 2, false);
    let other_big = add(&mut b, 8192, ProviderChoice::Automatic, 1, false);
    let small = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.schedule();
    b.take_effects();
    end(&mut b, GPU0, fault("gpu computes wrong labels at N = 8192"));
    let e = b.take_effects();
    assert!(
        started(&e).contains(&(CPU.into(), big, Task::File(0))),
        "the CPU takes over: {e:?}"
    );
    assert!(
        started(&e).contains(&(GPU0.into(), small, Task::Qualify(0))),
        "the GPU is still fine for N = 512: {e:?}"
    );
    assert!(e.save, "the exclusion is saved with the job list");
    for id in [big, other_big] {
        let off = b.processors_off(id);
        assert_eq!(off.len(), 1, "{off:?}");
        assert_eq!(off[0].processor, pid(GPU0));
        assert!(
            off[0].reason.contains("wrong labels at N = 8192"),
            "{off:?}"
        );
    }
    assert!(
        b.jobs[&big].off[&pid(GPU0)].contains("this job continues on cpu model"),
        "{:?}",
        b.jobs[&big].off
    );
    assert!(b.processors_off(small).is_empty());
    assert_eq!(b.processors_left(big), vec![pid(CPU)]);
}

#[test]
fn a_job_fails_only_when_no_processor_is_left() {
    let mut b = board(&[CPU, GPU0]);
    let job = add(
        &mut b,
        512,
        ProviderChoice::Specific(vec![pid(GPU0)]),
        1,
        false,
    );
    b.schedule();
    b.take_effects();
    end(&mut b, GPU0, fault("gpu broke"));
    assert_eq!(*state(&b, job), JobState::Running, "on the CPU now");
    end(&mut b, CPU, fault("cpu broke"));
    match state(&b, job) {
        JobState::Failed { kind, message } => {
            assert_eq!(*kind, FailureKind::Compute);
            assert!(message.contains("gpu broke") && message.contains("cpu broke"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn switched_off_processors_get_no_work_and_their_task_is_cancelled() {
    let mut b = board(&[CPU, GPU0]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 2, false);
    b.schedule();
    b.take_effects();
    b.set_disabled(&[pid(GPU0)].into());
    let e = b.take_effects();
    assert_eq!(e.cancel, vec![pid(GPU0)]);
    assert_eq!(
        started(&e),
        vec![(CPU.into(), job, Task::File(0))],
        "automatic: the CPU when no GPU is on"
    );
    end(&mut b, GPU0, TaskOutcome::Cancelled);
    assert!(started(&b.take_effects()).is_empty());
}

#[test]
fn a_hold_stops_every_task_says_why_and_lifts_by_itself() {
    let mut b = board(&[CPU, GPU0]);
    let running = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    let other = add(
        &mut b,
        1024,
        ProviderChoice::Specific(vec![pid(CPU)]),
        1,
        false,
    );
    b.schedule();
    assert_eq!(started(&b.take_effects()).len(), 2);
    b.set_hold(Some("on battery".into()));
    let e = b.take_effects();
    assert_eq!(e.cancel.len(), 2, "both tasks stop");
    assert!(started(&e).is_empty());
    end(&mut b, GPU0, TaskOutcome::Cancelled);
    end(&mut b, CPU, TaskOutcome::Cancelled);
    assert!(
        started(&b.take_effects()).is_empty(),
        "nothing starts while held"
    );
    for job in [running, other] {
        assert_eq!(*state(&b, job), JobState::Queued, "held, not paused");
        assert_eq!(b.waiting_for(job).as_deref(), Some("paused: on battery"));
    }
    // The same hold again changes nothing; lifting it starts both again.
    b.set_hold(Some("on battery".into()));
    assert!(b.take_effects().cancel.is_empty());
    b.set_hold(None);
    assert_eq!(started(&b.take_effects()).len(), 2);
    assert!(b.waiting_for(running).is_none());
}

#[test]
fn a_paused_job_stays_paused_when_a_hold_lifts() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.pause(job).unwrap();
    b.set_hold(Some("outside the hours you chose".into()));
    assert!(b.waiting_for(job).is_none(), "a person paused it");
    b.set_hold(None);
    assert!(started(&b.take_effects()).is_empty());
    assert_eq!(*state(&b, job), JobState::Paused);
}

#[test]
fn a_job_whose_processors_are_all_off_says_what_it_waits_for() {
    let mut b = board(&[CPU, GPU0]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.set_disabled(&[pid(GPU0), pid(CPU)].into());
    b.take_effects();
    assert_eq!(*state(&b, job), JobState::Queued);
    let why = b.waiting_for(job).expect("it waits");
    assert!(why.contains("switched off"), "{why}");
    b.set_disabled(&[pid(CPU)].into());
    assert!(b.waiting_for(job).is_none());
    assert_eq!(started(&b.take_effects()).len(), 1);
}

#[test]
fn pausing_cancels_its_tasks_and_a_pause_as_the_last_batch_lands_completes() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.schedule();
    b.take_effects();
    b.pause(job).unwrap();
    let e = b.take_effects();
    assert_eq!(e.cancel, vec![pid(CPU)]);
    assert!(e.save && e.changed.contains(&job));
    assert_eq!(*state(&b, job), JobState::Paused);
    // The file's last batch was written before the cancel was seen.
    end(&mut b, CPU, TaskOutcome::Done);
    assert_eq!(*state(&b, job), JobState::Completed);
    assert!(b.take_effects().save);
}

#[test]
fn a_paused_job_with_work_left_stays_paused_and_resumes() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 2, false);
    b.schedule();
    b.pause(job).unwrap();
    end(&mut b, CPU, TaskOutcome::Cancelled);
    assert_eq!(*state(&b, job), JobState::Paused);
    b.take_effects();
    b.resume(job).unwrap();
    assert_eq!(
        started(&b.take_effects()),
        vec![(CPU.into(), job, Task::File(0))]
    );
    assert!(b.pause(job).is_ok());
    assert!(b.pause(job).is_ok(), "pausing a paused job changes nothing");
}

#[test]
fn pausing_after_the_current_file_lets_it_complete_and_takes_no_new_one() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 3, false);
    b.schedule();
    b.take_effects();
    b.pause_after_files(job).unwrap();
    let e = b.take_effects();
    assert!(e.cancel.is_empty(), "the file being written goes on");
    assert_eq!(*state(&b, job), JobState::Running);
    assert!(
        b.waiting_for(job)
            .unwrap()
            .contains("pauses once the files")
    );
    end(&mut b, CPU, TaskOutcome::Done);
    let e = b.take_effects();
    assert!(started(&e).is_empty(), "no new file");
    assert_eq!(*state(&b, job), JobState::Paused);
    assert!(e.save);
    assert_eq!(b.waiting_for(job), None);
    b.resume(job).unwrap();
    assert_eq!(
        started(&b.take_effects()),
        vec![(CPU.into(), job, Task::File(1))]
    );
    assert_eq!(*state(&b, job), JobState::Running, "resumed as usual");
}

#[test]
fn pausing_after_the_last_file_completes_the_job_and_a_queued_job_pauses_at_once() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    let waiting = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.schedule();
    b.pause_after_files(job).unwrap();
    b.pause_after_files(waiting).unwrap();
    assert_eq!(
        *state(&b, waiting),
        JobState::Paused,
        "nothing of it was being written"
    );
    end(&mut b, CPU, TaskOutcome::Done);
    assert_eq!(*state(&b, job), JobState::Completed);
    assert!(
        b.pause_after_files(job).is_err(),
        "a complete job cannot be paused"
    );
}

#[test]
fn reordering_decides_which_job_runs_next() {
    let mut b = board(&[CPU]);
    b.set_disabled(&[pid(CPU)].into());
    let first = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    let second = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    let third = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.take_effects();
    b.move_to(third, 0).unwrap();
    assert_eq!(b.order, vec![third, first, second]);
    assert!(b.take_effects().save);
    b.set_disabled(&HashSet::new());
    let e = b.take_effects();
    assert_eq!(started(&e), vec![(CPU.into(), third, Task::File(0))]);
    assert!(
        b.move_to(third, 2).is_err(),
        "a running job keeps its place"
    );
    b.move_to(second, 99).unwrap();
    assert_eq!(b.order, vec![third, first, second]);
}

#[test]
fn pow_without_a_solution_in_the_data_searches_past_its_end() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, true);
    b.schedule();
    b.take_effects();
    end(&mut b, CPU, TaskOutcome::Done);
    assert_eq!(
        started(&b.take_effects()),
        vec![(CPU.into(), job, Task::PowSearch)]
    );
    b.pow_found(job);
    end(&mut b, CPU, TaskOutcome::Done);
    assert_eq!(*state(&b, job), JobState::Completed);
}

#[test]
fn a_job_fault_fails_the_job_and_stops_its_other_tasks() {
    let mut b = board(&[CPU, GPU0, GPU1]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 2, false);
    b.schedule();
    end(&mut b, GPU0, TaskOutcome::Done);
    end(&mut b, GPU1, TaskOutcome::Done);
    b.take_effects();
    end(
        &mut b,
        GPU0,
        TaskOutcome::JobFault {
            kind: FailureKind::DiskFull,
            message: "full".into(),
        },
    );
    let e = b.take_effects();
    assert_eq!(e.cancel, vec![pid(GPU1)]);
    assert!(matches!(
        state(&b, job),
        JobState::Failed {
            kind: FailureKind::DiskFull,
            ..
        }
    ));
    assert!(
        b.processors_off(job).is_empty(),
        "a full disk is not the GPU's fault"
    );
    assert!(b.resume(job).is_ok());
}

#[test]
fn the_actions_a_state_allows_are_the_ones_the_board_accepts() {
    let mut b = board(&[CPU]);
    let job = add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.schedule();
    end(&mut b, CPU, TaskOutcome::Done);
    assert_eq!(*state(&b, job), JobState::Completed);
    let actions = state(&b, job).actions(true);
    assert!(!actions.pause && !actions.resume && !actions.abort && actions.verify);
    assert!(!actions.pause_after_file);
    assert!(b.pause(job).is_err());
    assert!(b.pause_after_files(job).is_err());
    assert!(b.resume(job).is_err());
    assert!(b.abort(job).is_err());
    assert!(b.move_to(job, 0).is_err());
}

#[test]
fn nothing_starts_while_closing() {
    let mut b = board(&[CPU]);
    b.closing = true;
    add(&mut b, 512, ProviderChoice::Automatic, 1, false);
    b.schedule();
    assert!(b.take_effects().start.is_empty());
}

#[test]
fn automatic_leaves_out_gpus_it_is_told_to_but_they_can_be_chosen_by_name() {
    let mut gpu_post = slot("gpu-post:0");
    gpu_post.automatic = false;
    let mut b = Board::new(vec![slot(CPU), slot(GPU0), gpu_post], 1);
    let auto = add(&mut b, 512, ProviderChoice::Automatic, 2, false);
    let named = add(
        &mut b,
        512,
        ProviderChoice::Specific(vec![pid("gpu-post:0")]),
        1,
        false,
    );
    assert_eq!(b.processors_left(auto), vec![pid(GPU0)]);
    assert_eq!(b.processors_left(named), vec![pid("gpu-post:0")]);
}
