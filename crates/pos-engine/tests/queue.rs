//! The job queue end to end: real data folders, real threads, the CPU provider and
//! fake GPUs loaded through dlopen (scenarios with fake GPUs run in a child process,
//! see `support`).

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pos_engine::data_dir::DataDir;
use pos_engine::provider::{CpuProvider, DiscoverySettings, GpuLibraryStatus, discover};
use pos_engine::{
    ComputeProvider, EngineEvent, ErrorCode, JobId, JobQueue, JobRequest, JobState, JobStatus,
    ProviderChoice, ProviderKind, StateStore,
};
use pos_labels::{LabelBits, LabelParams, PositionRange, ScryptN, compute_labels, label_hash};
use support::{fake, in_child, run_in_child};

const ID: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const SALT: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

fn request(dir: &Path, n: u64, bits: u64, total: u64, max_file_bytes: u64) -> JobRequest {
    JobRequest {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        dir: dir.to_owned(),
        id: ID.into(),
        salt: SALT.into(),
        n,
        label_bits: bits,
        total_labels: total,
        pow_difficulty: None,
        providers: ProviderChoice::Automatic,
        max_file_bytes: Some(max_file_bytes),
        file_name: None,
        origin: pos_engine::JobOrigin::Window,
    }
}

fn params(n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id: pos_labels::parse_hex32("id", ID).unwrap(),
        salt: pos_labels::parse_hex32("salt", SALT).unwrap(),
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

/// The job's data files concatenated, in order.
fn data_stream(dir: &Path) -> Vec<u8> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("postdata_")
        })
        .collect();
    names.sort_by_key(|p| {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        name.trim_start_matches("postdata_").parse::<u64>().unwrap()
    });
    names
        .iter()
        .flat_map(|p| std::fs::read(p).unwrap())
        .collect()
}

fn assert_data_is_correct(dir: &Path, n: u64, bits: u64, total: u64) {
    let p = params(n, bits);
    let mut expected = vec![0; p.bits.packed_len(total).unwrap()];
    compute_labels(
        &p,
        PositionRange::new(0, total).unwrap(),
        &mut expected,
        &Default::default(),
    )
    .unwrap();
    let got = data_stream(dir);
    assert_eq!(got.len(), expected.len(), "{}", dir.display());
    assert!(
        got == expected,
        "data in {} differs from pos_labels",
        dir.display()
    );
}

fn cpu_only(threads: usize) -> Vec<Arc<dyn ComputeProvider>> {
    vec![Arc::new(CpuProvider::new(threads, None, "test CPU"))]
}

/// Waits (on the queue's own notifications, no polling) until the job's status is `ready`.
fn wait_for(
    queue: &JobQueue,
    id: JobId,
    what: &str,
    timeout: Duration,
    ready: impl Fn(&JobStatus) -> bool,
) -> JobStatus {
    queue
        .wait_until(id, timeout, ready)
        .unwrap()
        .unwrap_or_else(|| panic!("timed out waiting for {what}"))
}

/// Bytes of the job's data files on disk: with no task running, exactly its checkpoints.
fn bytes_on_disk(dir: &Path) -> usize {
    data_stream(dir).len()
}

#[test]
fn cpu_jobs_complete_with_labels_identical_to_pos_labels() {
    let root = tempfile::tempdir().unwrap();
    let queue = JobQueue::start(cpu_only(2), StateStore::Memory, true).unwrap();
    // Odd label sizes and small files: several files, none a whole number of words.
    let jobs = [
        (16, 3, 1000, 64),
        (32, 8, 700, 100),
        (16, 256, 130, 32 * 40),
    ];
    let mut ids = Vec::new();
    for (i, (n, bits, total, max_file)) in jobs.iter().enumerate() {
        let dir = root.path().join(format!("job{i}"));
        ids.push(
            queue
                .add(request(&dir, *n, *bits, *total, *max_file))
                .unwrap()
                .id,
        );
    }
    for (id, (i, (n, bits, total, _))) in ids.iter().zip(jobs.iter().enumerate()) {
        let status = queue.wait_until_settled(*id).unwrap();
        assert_eq!(status.state, JobState::Completed, "{status:?}");
        assert_eq!(status.labels_done, *total);
        assert_data_is_correct(&root.path().join(format!("job{i}")), *n, *bits, *total);
    }
}

#[test]
fn pow_reports_the_lowest_solution_of_the_job() {
    let root = tempfile::tempdir().unwrap();
    let p = params(16, 8);
    let total = 600;
    let hashes: Vec<[u8; 32]> = (0..total).map(|i| label_hash(&p, i)).collect();
    // The 3rd lowest hash as the target: exactly two labels are below it.
    let mut sorted = hashes.clone();
    sorted.sort();
    let difficulty = sorted[2];
    let lowest = (0..total)
        .find(|&i| hashes[i as usize] < difficulty)
        .unwrap();

    let queue = JobQueue::start(cpu_only(2), StateStore::Memory, true).unwrap();
    let mut r = request(&root.path().join("pow"), 16, 8, total, 200);
    r.pow_difficulty = Some(hex::encode(difficulty));
    let id = queue.add(r).unwrap().id;
    let status = queue.wait_until_settled(id).unwrap();
    assert_eq!(status.state, JobState::Completed);
    assert_eq!(status.pow_solution, Some(lowest));
}

#[test]
fn pow_search_goes_on_past_the_end_of_the_data() {
    let root = tempfile::tempdir().unwrap();
    let p = params(16, 8);
    let total = 64;
    let lowest_in_data = (0..total).map(|i| label_hash(&p, i)).min().unwrap();
    // Nothing in the data is below the lowest hash of the data itself.
    let expected = (total..)
        .find(|&i| label_hash(&p, i) < lowest_in_data)
        .unwrap();

    let queue = JobQueue::start(cpu_only(2), StateStore::Memory, true).unwrap();
    let mut r = request(&root.path().join("past-end"), 16, 8, total, 1 << 20);
    r.pow_difficulty = Some(hex::encode(lowest_in_data));
    let id = queue.add(r).unwrap().id;
    let status = queue.wait_until_settled(id).unwrap();
    assert_eq!(status.state, JobState::Completed);
    assert_eq!(status.pow_solution, Some(expected));
    assert_data_is_correct(&root.path().join("past-end"), 16, 8, total);
}

/// A job that takes several seconds on one CPU thread.
fn slow_cpu_job(dir: &Path) -> JobRequest {
    request(dir, 1 << 14, 8, 4096, 1024)
}

#[test]
fn pause_keeps_the_checkpoint_and_resume_finishes_the_job() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("paused");
    let queue = JobQueue::start(cpu_only(1), StateStore::Memory, true).unwrap();
    let id = queue.add(slow_cpu_job(&dir)).unwrap().id;
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );

    let paused = queue.pause(id).unwrap();
    assert_eq!(paused.state, JobState::Paused);
    let settled = queue.wait_until_settled(id).unwrap();
    assert!(
        settled.providers.is_empty(),
        "no provider works on a paused job"
    );
    assert!(settled.labels_done < 4096);
    assert_eq!(
        bytes_on_disk(&dir),
        settled.labels_done as usize,
        "no batch in flight while paused: the files end at the checkpoint"
    );

    queue.resume(id).unwrap();
    let done = queue.wait_until_settled(id).unwrap();
    assert_eq!(done.state, JobState::Completed);
    assert_data_is_correct(&dir, 1 << 14, 8, 4096);
}

/// Issue 13: "Pause after this file" lets the file being written complete, starts no new
/// one, and pauses: the job stops on a file boundary, with every file it touched whole.
#[test]
fn pausing_after_the_current_file_stops_on_a_file_boundary() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("after-file");
    let queue = JobQueue::start(cpu_only(1), StateStore::Memory, true).unwrap();
    // Four files of 1,024 labels; one CPU thread writes one file at a time.
    let id = queue.add(slow_cpu_job(&dir)).unwrap().id;
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );
    let asked = queue.pause_after_file(id).unwrap();
    assert!(!asked.actions.pause_after_file, "asked once");
    let settled = queue.wait_until_settled(id).unwrap();
    assert_eq!(settled.state, JobState::Paused);
    assert!(settled.labels_done < 4096, "{}", settled.labels_done);
    assert_eq!(settled.labels_done % 1024, 0, "whole files only");
    assert_eq!(bytes_on_disk(&dir), settled.labels_done as usize);

    queue.resume(id).unwrap();
    assert_eq!(
        queue.wait_until_settled(id).unwrap().state,
        JobState::Completed
    );
    assert_data_is_correct(&dir, 1 << 14, 8, 4096);
    queue.shutdown();
}

#[test]
fn abort_stops_a_cpu_job_within_a_second() {
    let root = tempfile::tempdir().unwrap();
    let queue = JobQueue::start(cpu_only(2), StateStore::Memory, true).unwrap();
    let id = queue
        .add(slow_cpu_job(&root.path().join("aborted")))
        .unwrap()
        .id;
    // Its first batch is durable: the abort lands in the middle of the next one.
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );
    let asked = Instant::now();
    assert_eq!(queue.abort(id).unwrap().state, JobState::Cancelled);
    let settled = queue.wait_until_settled(id).unwrap();
    let took = asked.elapsed();
    assert!(settled.providers.is_empty());
    assert!(took < Duration::from_secs(1), "abort took {took:?}");
    // Aborted is final: it cannot be resumed, only deleted.
    assert!(queue.resume(id).is_err());
}

#[test]
fn restart_keeps_the_list_and_resumes_running_jobs() {
    let root = tempfile::tempdir().unwrap();
    let state = StateStore::File(root.path().join("state").join("jobs.json"));
    let dir = root.path().join("restarted");
    let done_dir = root.path().join("small");
    let queue = JobQueue::start(cpu_only(1), state.clone(), true).unwrap();
    let small = queue
        .add(request(&done_dir, 16, 8, 64, 1 << 20))
        .unwrap()
        .id;
    assert_eq!(
        queue.wait_until_settled(small).unwrap().state,
        JobState::Completed
    );
    let id = queue.add(slow_cpu_job(&dir)).unwrap().id;
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );
    queue.shutdown();
    drop(queue);

    let again = JobQueue::start(cpu_only(2), state, true).unwrap();
    let listed: Vec<(JobId, String)> = again
        .list()
        .iter()
        .map(|j| (j.id, j.name.clone()))
        .collect();
    assert_eq!(
        listed,
        vec![(small, "small".to_owned()), (id, "restarted".to_owned())]
    );
    assert_eq!(again.get(small).unwrap().state, JobState::Completed);
    let done = again.wait_until_settled(id).unwrap();
    assert_eq!(done.state, JobState::Completed);
    assert_data_is_correct(&dir, 1 << 14, 8, 4096);

    // A new job after the restart gets a new number.
    let third = again
        .add(request(&root.path().join("third"), 16, 8, 8, 1 << 20))
        .unwrap()
        .id;
    assert!(third.0 > id.0);
}

#[test]
fn a_restart_without_resume_leaves_running_jobs_paused() {
    let root = tempfile::tempdir().unwrap();
    let state = StateStore::File(root.path().join("jobs.json"));
    let queue = JobQueue::start(cpu_only(1), state.clone(), true).unwrap();
    let id = queue
        .add(slow_cpu_job(&root.path().join("job")))
        .unwrap()
        .id;
    wait_for(&queue, id, "the job to run", Duration::from_secs(30), |s| {
        s.state == JobState::Running
    });
    queue.shutdown();
    drop(queue);
    let again = JobQueue::start(cpu_only(1), state, false).unwrap();
    assert_eq!(again.get(id).unwrap().state, JobState::Paused);
}

/// Spoils one field of a good request; the error must have the code.
type Spoiler = (fn(&mut JobRequest), ErrorCode);

#[test]
fn bad_requests_create_nothing() {
    let root = tempfile::tempdir().unwrap();
    let queue = JobQueue::start(cpu_only(1), StateStore::Memory, true).unwrap();
    let dir = root.path().join("never");
    let spoilers: Vec<Spoiler> = vec![
        (|r| r.id = "00".into(), ErrorCode::InvalidInput),
        (|r| r.n = 1000, ErrorCode::InvalidInput),
        (|r| r.label_bits = 0, ErrorCode::InvalidInput),
        (
            |r| {
                r.providers =
                    ProviderChoice::Specific(vec![pos_engine::ProviderId("gpu-post:9".into())])
            },
            ErrorCode::ProcessorUnavailable,
        ),
        // 16 TiB do not fit on this disk.
        (
            |r| {
                r.total_labels = 1 << 44;
                r.max_file_bytes = None;
            },
            ErrorCode::NotEnoughSpace,
        ),
    ];
    for (spoil, code) in spoilers {
        let mut r = request(&dir, 16, 8, 100, 1 << 20);
        spoil(&mut r);
        let err = queue.add(r).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(!dir.exists(), "{err} created {}", dir.display());
    }
    assert!(queue.list().is_empty());
}

#[test]
fn two_jobs_cannot_share_a_folder() {
    let root = tempfile::tempdir().unwrap();
    let queue = JobQueue::start(cpu_only(1), StateStore::Memory, true).unwrap();
    let dir = root.path().join("shared");
    queue.add(slow_cpu_job(&dir)).unwrap();
    assert!(queue.add(slow_cpu_job(&dir)).is_err());
    assert_eq!(queue.list().len(), 1);
}

#[test]
fn delete_with_data_removes_only_our_files() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("deleted");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let queue = JobQueue::start(cpu_only(1), StateStore::Memory, true).unwrap();
    let id = queue.add(slow_cpu_job(&dir)).unwrap().id;
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );
    queue.delete(id, true).unwrap();
    assert!(queue.list().is_empty());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("notes.txt")]);
}

#[test]
fn progress_events_are_throttled_and_complete() {
    let root = tempfile::tempdir().unwrap();
    let queue = JobQueue::start(cpu_only(2), StateStore::Memory, true).unwrap();
    let mut events = queue.subscribe();
    let started = Instant::now();
    let id = queue
        .add(request(
            &root.path().join("events"),
            1 << 10,
            8,
            6000,
            1 << 20,
        ))
        .unwrap()
        .id;
    queue.wait_until_settled(id).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let mut progress = Vec::new();
    let mut states = Vec::new();
    while let Ok(e) = events.try_recv() {
        match e {
            EngineEvent::Progress {
                id: pid,
                labels_done,
                total_labels,
                ..
            } if pid == id => {
                assert_eq!(total_labels, 6000);
                progress.push(labels_done);
            }
            EngineEvent::JobChanged { job } if job.id == id => states.push(job.state),
            _ => {}
        }
    }
    assert!(
        progress.windows(2).all(|w| w[0] <= w[1]),
        "progress never goes back: {progress:?}"
    );
    assert_eq!(
        progress.last(),
        Some(&6000),
        "the last progress event says done"
    );
    let allowed = (seconds * 4.0).ceil() as usize + 2;
    assert!(
        progress.len() <= allowed,
        "{} progress events in {seconds:.1} s",
        progress.len()
    );
    assert_eq!(states.first(), Some(&JobState::Running));
    assert_eq!(states.last(), Some(&JobState::Completed));
}

#[test]
fn a_broken_gpu_library_leaves_the_cpu_working() {
    let root = tempfile::tempdir().unwrap();
    let not_a_library = root.path().join("libgpu-setup.so");
    std::fs::write(&not_a_library, "this is text").unwrap();
    let set = discover(&DiscoverySettings {
        gpu_library: Some(not_a_library.clone()),
        cpu_threads: 1,
        ..Default::default()
    });
    match &set.gpu_library {
        GpuLibraryStatus::Unavailable { reason } => {
            assert!(
                reason.contains(&not_a_library.display().to_string()),
                "{reason}"
            )
        }
        other => panic!("a text file loaded as a library: {other:?}"),
    }
    assert_eq!(set.providers.len(), 1);
    assert_eq!(set.providers[0].info().kind, ProviderKind::Cpu);
    let queue = JobQueue::start(set.providers, StateStore::Memory, true).unwrap();
    let id = queue
        .add(request(&root.path().join("cpu"), 16, 8, 100, 1 << 20))
        .unwrap()
        .id;
    assert_eq!(
        queue.wait_until_settled(id).unwrap().state,
        JobState::Completed
    );
}

// ---------------------------------------------------------------------------------
// Fake GPUs (child processes)

fn gpu_queue() -> JobQueue {
    let set = discover(&DiscoverySettings {
        gpu_library: Some(fake().library.clone()),
        cpu_threads: 1,
        ..Default::default()
    });
    assert!(
        matches!(set.gpu_library, GpuLibraryStatus::Loaded { .. }),
        "{:?}",
        set.gpu_library
    );
    JobQueue::start(set.providers, StateStore::Memory, true).unwrap()
}

#[test]
fn five_jobs_on_two_gpus_one_job_per_provider() {
    if !in_child() {
        return run_in_child(
            "five_jobs_on_two_gpus_one_job_per_provider",
            &[
                ("GPU_POST_FAKE_GPUS", "2"),
                ("GPU_POST_FAKE_LABEL_DELAY_MS", "1"),
            ],
        );
    }
    let root = tempfile::tempdir().unwrap();
    let queue = gpu_queue();
    let gpus: Vec<_> = queue
        .providers()
        .into_iter()
        .filter(|p| p.kind != ProviderKind::Cpu)
        .collect();
    assert_eq!(gpus.len(), 2);
    let mut events = queue.subscribe();
    // The first job has 8 files, so both GPUs can work on it at once.
    let mut ids = vec![
        queue
            .add(request(&root.path().join("big"), 16, 8, 1024, 128))
            .unwrap()
            .id,
    ];
    for i in 0..4 {
        ids.push(
            queue
                .add(request(
                    &root.path().join(format!("job{i}")),
                    16,
                    8,
                    200,
                    1 << 20,
                ))
                .unwrap()
                .id,
        );
    }
    for id in &ids {
        assert_eq!(
            queue.wait_until_settled(*id).unwrap().state,
            JobState::Completed
        );
    }
    assert_data_is_correct(&root.path().join("big"), 16, 8, 1024);
    for i in 0..4 {
        assert_data_is_correct(&root.path().join(format!("job{i}")), 16, 8, 200);
    }

    // Replay the events: a provider never works on two jobs at once, the CPU never
    // works next to GPUs on an automatic job, and the big job had both GPUs at a time.
    let mut working: HashMap<JobId, Vec<pos_engine::ProviderId>> = HashMap::new();
    let mut big_had_both = false;
    let mut first_started = Vec::new();
    let mut big_speeds_of_both = false;
    while let Ok(e) = events.try_recv() {
        if let EngineEvent::Progress {
            id,
            processor_speeds,
            ..
        } = &e
        {
            assert!(
                processor_speeds
                    .iter()
                    .all(|s| s.labels_per_sec.is_finite() && s.labels_per_sec >= 0.0),
                "{processor_speeds:?}"
            );
            big_speeds_of_both |= *id == ids[0]
                && processor_speeds.len() == 2
                && processor_speeds.iter().all(|s| s.labels_per_sec > 0.0);
        }
        if let EngineEvent::JobChanged { job } = e {
            if job.state == JobState::Running && !first_started.contains(&job.id) {
                first_started.push(job.id);
            }
            working.insert(job.id, job.providers.clone());
            let mut all: Vec<_> = working.values().flatten().collect();
            let count = all.len();
            all.sort();
            all.dedup();
            assert_eq!(
                all.len(),
                count,
                "a provider on two jobs at once: {working:?}"
            );
            assert!(
                all.iter().all(|p| p.0 != "cpu"),
                "the CPU joined an automatic GPU job"
            );
            big_had_both |= job.id == ids[0] && job.providers.len() == 2;
        }
    }
    assert!(big_had_both, "the 8-file job never ran on both GPUs");
    assert!(
        big_speeds_of_both,
        "the 8-file job's progress never gave a speed for each of its two GPUs"
    );
    assert_eq!(
        first_started.first(),
        Some(&ids[0]),
        "jobs start in queue order"
    );
}

#[test]
fn abort_stops_a_gpu_batch_within_a_second() {
    if !in_child() {
        return run_in_child(
            "abort_stops_a_gpu_batch_within_a_second",
            &[("GPU_POST_FAKE_LABEL_DELAY_MS", "100")],
        );
    }
    let root = tempfile::tempdir().unwrap();
    let queue = gpu_queue();
    // One batch of 64 labels takes 6.4 s on this fake GPU.
    let id = queue
        .add(request(&root.path().join("slow"), 16, 8, 1000, 1 << 20))
        .unwrap()
        .id;
    wait_for(&queue, id, "the job to run", Duration::from_secs(10), |s| {
        s.state == JobState::Running
    });
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    queue.abort(id).unwrap();
    let settled = queue.wait_until_settled(id).unwrap();
    let took = asked.elapsed();
    assert_eq!(settled.state, JobState::Cancelled);
    assert!(took < Duration::from_secs(1), "abort took {took:?}");
}

#[test]
fn pausing_one_gpu_job_does_not_disturb_another() {
    if !in_child() {
        return run_in_child(
            "pausing_one_gpu_job_does_not_disturb_another",
            &[
                ("GPU_POST_FAKE_GPUS", "2"),
                ("GPU_POST_FAKE_LABEL_DELAY_MS", "5"),
            ],
        );
    }
    // gpu-post's stop() cancels every provider; the other job's batch must be redone,
    // not failed.
    let root = tempfile::tempdir().unwrap();
    let queue = gpu_queue();
    let a = queue
        .add(request(&root.path().join("a"), 16, 8, 600, 1 << 20))
        .unwrap()
        .id;
    let b = queue
        .add(request(&root.path().join("b"), 16, 8, 600, 1 << 20))
        .unwrap()
        .id;
    for id in [a, b] {
        wait_for(
            &queue,
            id,
            "both jobs to run",
            Duration::from_secs(10),
            |s| s.state == JobState::Running,
        );
    }
    queue.pause(a).unwrap();
    assert_eq!(
        queue.wait_until_settled(b).unwrap().state,
        JobState::Completed
    );
    assert_data_is_correct(&root.path().join("b"), 16, 8, 600);
    queue.resume(a).unwrap();
    assert_eq!(
        queue.wait_until_settled(a).unwrap().state,
        JobState::Completed
    );
    assert_data_is_correct(&root.path().join("a"), 16, 8, 600);
}

/// Runs a job on the fake GPUs (and the CPU) and checks that the GPU was taken off it
/// with a reason containing `reason`, before it wrote anything, and that the job was
/// completed on the CPU with correct labels.
fn gpu_taken_off_and_job_done_on_the_cpu(dir: &Path, reason: &str) {
    let queue = gpu_queue();
    let id = queue.add(request(dir, 16, 8, 1000, 1 << 20)).unwrap().id;
    let status = queue.wait_until_settled(id).unwrap();
    assert_eq!(status.state, JobState::Completed, "{status:?}");
    assert_eq!(status.processors_off.len(), 1, "{status:?}");
    let off = &status.processors_off[0];
    assert_eq!(off.processor.0, "gpu-post:0");
    assert!(off.reason.contains(reason), "{off:?}");
    assert!(off.reason.contains("this job continues on"), "{off:?}");
    let used = DataDir::read_status(dir).unwrap().providers_used;
    assert_eq!(used, vec!["cpu".to_owned()], "the GPU wrote nothing");
    assert_data_is_correct(dir, 16, 8, 1000);
}

#[test]
fn a_gpu_computing_wrong_labels_is_taken_off_before_it_writes() {
    if !in_child() {
        return run_in_child(
            "a_gpu_computing_wrong_labels_is_taken_off_before_it_writes",
            &[("GPU_POST_FAKE_CORRUPT", "1")],
        );
    }
    let root = tempfile::tempdir().unwrap();
    gpu_taken_off_and_job_done_on_the_cpu(&root.path().join("corrupt"), "computes wrong labels");
}

#[test]
fn a_failing_gpu_library_is_taken_off_with_its_reason() {
    if !in_child() {
        return run_in_child(
            "a_failing_gpu_library_is_taken_off_with_its_reason",
            &[("GPU_POST_FAKE_FAIL", "-1")],
        );
    }
    let root = tempfile::tempdir().unwrap();
    gpu_taken_off_and_job_done_on_the_cpu(&root.path().join("failing"), "Fake CUDA GPU");
}

#[test]
fn an_aborted_job_keeps_its_progress_across_a_restart() {
    let root = tempfile::tempdir().unwrap();
    let state = StateStore::File(root.path().join("jobs.json"));
    let queue = JobQueue::start(cpu_only(1), state.clone(), true).unwrap();
    let id = queue
        .add(slow_cpu_job(&root.path().join("aborted")))
        .unwrap()
        .id;
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );
    queue.abort(id).unwrap();
    let before = queue.wait_until_settled(id).unwrap();
    queue.shutdown();
    drop(queue);
    let again = JobQueue::start(cpu_only(1), state, true).unwrap();
    let after = again.get(id).unwrap();
    assert_eq!(after.state, JobState::Cancelled);
    assert_eq!(after.labels_done, before.labels_done);
}

#[cfg(target_os = "linux")]
#[test]
fn a_disk_that_fills_up_fails_the_job_and_it_resumes_once_there_is_space() {
    let root = tempfile::tempdir().unwrap();
    let disk = root.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    // Root in CI can mount; elsewhere the data_dir tests cover this through RLIMIT_FSIZE.
    let _mount = support::mount_tmpfs(&disk, "256k")
        .unwrap_or_else(|e| panic!("a small disk is needed: {e}"));
    let dir = disk.join("job");
    let queue = JobQueue::start(cpu_only(1), StateStore::Memory, true).unwrap();
    // 100 KiB of 8-bit labels at N = 1024: a few seconds on one thread.
    let id = queue
        .add(request(&dir, 1024, 8, 100_000, 1 << 20))
        .unwrap()
        .id;
    wait_for(
        &queue,
        id,
        "first durable labels",
        Duration::from_secs(60),
        |s| s.labels_done > 0,
    );

    // Another program takes every byte that is left.
    let filler = disk.join("someone-elses.bin");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        while f.write_all(&[7u8; 4096]).is_ok() {}
        let _ = f.sync_all();
    }
    let failed = queue.wait_until_settled(id).unwrap();
    match &failed.state {
        JobState::Failed {
            kind: pos_engine::FailureKind::DiskFull,
            message,
        } => assert!(message.contains("full"), "{message}"),
        other => panic!("expected disk full, got {other:?}"),
    }
    let kept = failed.labels_done;
    assert!(kept < 100_000);

    let refused = queue.resume(id).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::NotEnoughSpace, "{refused}");

    std::fs::remove_file(&filler).unwrap();
    queue.resume(id).unwrap();
    let done = queue.wait_until_settled(id).unwrap();
    assert_eq!(done.state, JobState::Completed);
    assert!(done.labels_done >= kept);
    assert_data_is_correct(&dir, 1024, 8, 100_000);
}

#[test]
fn measuring_a_gpu_that_a_job_uses_waits_for_its_batch_and_the_job_goes_on() {
    if !in_child() {
        return run_in_child(
            "measuring_a_gpu_that_a_job_uses_waits_for_its_batch_and_the_job_goes_on",
            &[("GPU_POST_FAKE_LABEL_DELAY_MS", "1")],
        );
    }
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("busy");
    let queue = gpu_queue();
    let gpu = pos_engine::ProviderId("gpu-post:0".into());
    let mut r = request(&dir, 16, 8, 2000, 1 << 20);
    r.providers = ProviderChoice::Specific(vec![gpu.clone()]);
    let id = queue.add(r).unwrap().id;
    wait_for(
        &queue,
        id,
        "the GPU to work on the job",
        Duration::from_secs(60),
        |s| s.providers.contains(&gpu),
    );
    // gpu-post refuses a second call on a device that is computing: through the queue
    // the measurement takes its turn between the job's batches instead.
    let bench = queue
        .benchmark(
            &gpu,
            ScryptN::new(16).unwrap(),
            LabelBits::new(8).unwrap(),
            Duration::from_millis(300),
        )
        .expect("the measurement waits for the batch");
    assert!(bench.labels_per_sec > 0.0);
    let done = queue.wait_until_settled(id).unwrap();
    assert_eq!(done.state, JobState::Completed, "{done:?}");
    assert_data_is_correct(&dir, 16, 8, 2000);
}
