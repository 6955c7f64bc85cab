//! The queue through its public API with real folders: the tray's pause and resume of
//! every job, a folder that goes away and comes back, job lists that cannot be read or
//! saved, and a processor that panics.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use pos_engine::provider::{CancelToken, CpuProvider, ProviderError};
use pos_engine::{
    ComputeProvider, EngineEvent, FailureKind, JobQueue, JobRequest, JobState, ProviderChoice,
    ProviderId, ProviderInfo, ProviderKind, StateStore,
};
use pos_labels::{BatchOutcome, Difficulty, LabelParams, PositionRange};

/// The 2,048 labels (N = 2^14, 8 bits) of the jobs that lose their folder mid-job.
fn expected_2048() -> Vec<u8> {
    let params = pos_labels::LabelParams {
        id: [7; 32],
        salt: [0xa1; 32],
        n: pos_labels::ScryptN::new(1 << 14).unwrap(),
        bits: pos_labels::LabelBits::new(8).unwrap(),
    };
    let mut expected = vec![0u8; 2048];
    pos_labels::compute_labels(
        &params,
        PositionRange::new(0, 2048).unwrap(),
        &mut expected,
        &Default::default(),
    )
    .unwrap();
    expected
}

/// `postdata_0.bin` and `postdata_1.bin` of `dir`, concatenated.
fn two_files_of(dir: &Path) -> Vec<u8> {
    (0..2)
        .flat_map(|i| std::fs::read(dir.join(format!("postdata_{i}.bin"))).unwrap())
        .collect()
}

fn request(dir: &Path, n: u64, total: u64) -> JobRequest {
    JobRequest {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        dir: dir.to_owned(),
        id: "07".repeat(32),
        salt: "a1".repeat(32),
        n,
        label_bits: 8,
        total_labels: total,
        pow_difficulty: None,
        providers: ProviderChoice::Automatic,
        max_file_bytes: Some(1024),
        file_name: None,
        origin: Default::default(),
    }
}

fn cpu() -> Vec<Arc<dyn ComputeProvider>> {
    vec![Arc::new(CpuProvider::new(1, None, "test CPU"))]
}

const LONG: Duration = Duration::from_secs(120);

#[test]
fn pause_all_and_resume_all_touch_every_job_that_can() {
    let root = tempfile::tempdir().unwrap();
    let queue = JobQueue::start(cpu(), StateStore::Memory, true).unwrap();
    // Slow enough (N = 2^14) that none completes before it is paused.
    let ids: Vec<_> = (0..3)
        .map(|i| {
            queue
                .add(request(&root.path().join(format!("j{i}")), 1 << 14, 4096))
                .unwrap()
                .id
        })
        .collect();
    queue.pause_all();
    for id in &ids {
        let s = queue.wait_until_settled(*id).unwrap();
        assert_eq!(s.state, JobState::Paused, "{s:?}");
        assert!(s.actions.resume && !s.actions.pause);
    }
    queue.resume_all();
    for id in &ids {
        let s = queue.get(*id).unwrap();
        assert!(s.state.wants_providers(), "{s:?}");
    }
    for id in &ids {
        assert_eq!(
            queue.wait_until_settled(*id).unwrap().state,
            JobState::Completed
        );
    }
    queue.shutdown();
}

#[test]
fn a_folder_that_vanished_fails_the_job_and_it_resumes_when_the_folder_is_back() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("usb").join("job");
    let store = StateStore::File(root.path().join("jobs.json"));
    let queue = JobQueue::start(cpu(), store.clone(), false).unwrap();
    let id = queue.add(request(&dir, 16, 2000)).unwrap().id;
    queue.pause(id).unwrap();
    queue.wait_until_settled(id).unwrap();
    queue.shutdown();
    drop(queue);

    // The drive is unplugged while the app is closed.
    let away = root.path().join("elsewhere");
    std::fs::rename(root.path().join("usb"), &away).unwrap();
    let queue = JobQueue::start(cpu(), store.clone(), true).unwrap();
    let s = queue.get(id).unwrap();
    match &s.state {
        JobState::Failed {
            kind: FailureKind::Io,
            message,
        } => assert!(message.contains("job"), "{message}"),
        other => panic!("expected a failure naming the folder, got {other:?}"),
    }
    assert!(queue.resume(id).is_err(), "still not there");

    std::fs::rename(&away, root.path().join("usb")).unwrap();
    queue.resume(id).unwrap();
    assert_eq!(
        queue.wait_until_settled(id).unwrap().state,
        JobState::Completed
    );
    queue.shutdown();
}

#[test]
fn a_damaged_or_newer_job_list_is_refused_with_what_to_do() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("jobs.json");
    std::fs::write(&path, b"{ not json").unwrap();
    let err = JobQueue::start(cpu(), StateStore::File(path.clone()), true)
        .err()
        .expect("a damaged list is refused");
    assert!(err.to_string().contains("damaged"), "{err}");
    assert_eq!(err.code(), pos_engine::ErrorCode::JobList);

    std::fs::write(
        &path,
        br#"{"schema_version": 99, "next_id": 1, "jobs": []}"#,
    )
    .unwrap();
    let err = JobQueue::start(cpu(), StateStore::File(path.clone()), true)
        .err()
        .expect("a newer list is refused");
    assert!(err.to_string().contains("newer version"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        br#"{"schema_version": 99, "next_id": 1, "jobs": []}"#,
        "the list is left as it was"
    );
}

#[test]
fn a_job_list_that_cannot_be_saved_is_told_to_the_listeners() {
    let root = tempfile::tempdir().unwrap();
    let list_dir = root.path().join("list");
    let queue = JobQueue::start(cpu(), StateStore::File(list_dir.join("jobs.json")), true).unwrap();
    // The list's folder becomes a file: every save fails, whoever runs the test.
    std::fs::write(&list_dir, b"").unwrap();
    let mut events = queue.subscribe();
    let id = queue
        .add(request(&root.path().join("job"), 16, 64))
        .unwrap()
        .id;
    queue.wait_until_settled(id).unwrap();
    let mut told = None;
    while let Ok(event) = events.try_recv() {
        if let EngineEvent::JobListNotSaved { message } = event {
            told = Some(message);
        }
    }
    let message = told.expect("a JobListNotSaved event");
    assert!(message.contains("cannot"), "{message}");
    queue.shutdown();
}

/// A processor whose every call panics, like a defect in a provider.
struct Panicking(ProviderInfo);

impl ComputeProvider for Panicking {
    fn info(&self) -> &ProviderInfo {
        &self.0
    }

    fn compute(
        &self,
        _: &LabelParams,
        _: PositionRange,
        _: Option<&mut [u8]>,
        _: Option<&Difficulty>,
        _: &CancelToken,
    ) -> Result<BatchOutcome, ProviderError> {
        panic!("the provider broke");
    }

    fn needs_spot_check(&self) -> bool {
        false
    }
}

#[test]
fn a_panic_in_a_task_fails_the_job_and_the_queue_goes_on() {
    let root = tempfile::tempdir().unwrap();
    let panicking: Arc<dyn ComputeProvider> = Arc::new(Panicking(ProviderInfo {
        id: ProviderId::cpu(),
        kind: ProviderKind::Cpu,
        model: "broken".into(),
        detail: String::new(),
    }));
    let queue = JobQueue::start(vec![panicking], StateStore::Memory, true).unwrap();
    let id = queue
        .add(request(&root.path().join("p"), 16, 64))
        .unwrap()
        .id;
    let s = queue.wait_until_settled(id).unwrap();
    match s.state {
        JobState::Failed {
            kind: FailureKind::Internal,
            message,
        } => assert!(message.contains("the provider broke"), "{message}"),
        other => panic!("expected an internal failure, got {other:?}"),
    }
    assert!(s.providers.is_empty());
    // The queue still takes and runs work.
    let other = queue
        .add(request(&root.path().join("q"), 16, 64))
        .unwrap()
        .id;
    assert!(
        queue
            .wait_until(other, LONG, |s| s.state.is_finished())
            .unwrap()
            .is_some()
    );
    queue.shutdown();
}

#[test]
fn delete_of_a_folder_that_holds_other_data_now_is_refused_and_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d");
    let store = StateStore::File(root.path().join("jobs.json"));
    let queue = JobQueue::start(cpu(), store.clone(), false).unwrap();
    let id = queue.add(request(&dir, 16, 64)).unwrap().id;
    queue.wait_until_settled(id).unwrap();
    queue.shutdown();
    drop(queue);
    // Another job's data now sits where this job's was (a drive letter reused).
    std::fs::remove_dir_all(&dir).unwrap();
    let other = JobQueue::start(cpu(), StateStore::Memory, true).unwrap();
    let mut theirs = request(&dir, 32, 64);
    theirs.name = "theirs".into();
    let their_id = other.add(theirs).unwrap().id;
    other.wait_until_settled(their_id).unwrap();
    other.shutdown();
    drop(other);

    let queue = JobQueue::start(cpu(), store, true).unwrap();
    assert!(matches!(
        queue.get(id).unwrap().state,
        JobState::Failed { .. }
    ));
    let err = queue.delete(id, true).unwrap_err();
    assert!(err.to_string().contains("N"), "{err}");
    assert!(queue.get(id).is_ok(), "the job is still listed");
    assert!(
        dir.join("pos-meta.json").exists() && dir.join("postdata_0.bin").exists(),
        "the other job's data is untouched"
    );
    queue.delete(id, false).unwrap();
    assert!(queue.get(id).is_err());
    assert!(dir.join("postdata_0.bin").exists());
    queue.shutdown();
}

/// Issue 13: the drive comes back under another letter (the folder is somewhere else):
/// the job is pointed at the new place, checked against its metadata first, and goes on
/// from its checkpoint there to the right data. Another job's folder is refused.
#[test]
fn a_job_whose_folder_moved_is_pointed_at_its_new_place_and_goes_on() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("d").join("job");
    let other = root.path().join("other");
    let queue = JobQueue::start(cpu(), StateStore::Memory, true).unwrap();
    let id = queue.add(request(&dir, 1 << 14, 2048)).unwrap().id;
    queue
        .wait_until(id, LONG, |s| s.labels_done > 0)
        .unwrap()
        .expect("first durable labels");
    let moved = root.path().join("e").join("job");
    std::fs::create_dir(root.path().join("e")).unwrap();
    std::fs::rename(&dir, &moved).unwrap();
    let paused = queue
        .wait_until(id, LONG, |s| s.state == JobState::Paused)
        .unwrap()
        .expect("the job pauses");
    assert!(paused.actions.find_folder, "{paused:?}");

    // Data of another job (another N) is not this job's.
    let mut request_other = request(&other, 1 << 4, 64);
    request_other.name = "other".into();
    let other_id = queue.add(request_other).unwrap().id;
    queue.wait_until_settled(other_id).unwrap();
    queue.delete(other_id, false).unwrap();
    let refused = queue.relocate(id, other.clone()).unwrap_err();
    assert!(
        refused.to_string().contains("already holds data with N 16"),
        "{refused}"
    );
    assert_eq!(
        queue.get(id).unwrap().dir,
        dir,
        "a refused folder changes nothing"
    );

    let resumed = queue.relocate(id, moved.clone()).unwrap();
    assert_eq!(resumed.dir, moved);
    assert!(!resumed.actions.find_folder);
    let done = queue
        .wait_until(id, LONG, |s| s.state == JobState::Completed)
        .unwrap()
        .expect("the job completes in its new place");
    assert_eq!(done.labels_done, 2048);
    assert!(
        two_files_of(&moved) == expected_2048(),
        "the data is right in its new place"
    );
    assert!(!dir.exists(), "nothing was made at the old place");
    queue.shutdown();
}

#[test]
fn a_folder_that_goes_away_mid_job_pauses_it_and_it_goes_on_when_the_folder_is_back() {
    let root = tempfile::tempdir().unwrap();
    let drive = root.path().join("usb");
    let dir = drive.join("job");
    let queue = JobQueue::start(cpu(), StateStore::Memory, true).unwrap();
    // N = 2^14 on one thread: seconds per batch, so the drive leaves mid-job.
    let id = queue.add(request(&dir, 1 << 14, 2048)).unwrap().id;
    queue
        .wait_until(id, LONG, |s| s.labels_done > 0)
        .unwrap()
        .expect("first durable labels");
    // The drive is unplugged: its folder is gone from the path.
    let away = root.path().join("unplugged");
    std::fs::rename(&drive, &away).unwrap();
    let paused = queue
        .wait_until(id, LONG, |s| s.state == JobState::Paused)
        .unwrap()
        .expect("the job pauses");
    let why = paused.waiting_for.clone().unwrap_or_default();
    assert!(why.contains("not there any more"), "{paused:?}");
    assert!(
        paused.labels_done > 0,
        "progress is still shown: {paused:?}"
    );
    // Plugged in again.
    std::fs::rename(&away, &drive).unwrap();
    let done = queue
        .wait_until(id, LONG, |s| s.state == JobState::Completed)
        .unwrap()
        .expect("the job goes on by itself and completes");
    assert_eq!(done.labels_done, 2048);
    assert!(
        two_files_of(&dir) == expected_2048(),
        "the data is right after the drive came back"
    );
    queue.shutdown();
}

#[test]
fn a_finished_jobs_checks_are_kept_in_its_status_and_across_a_restart() {
    let root = tempfile::tempdir().unwrap();
    let list = root.path().join("jobs.json");
    let dir = root.path().join("checked");
    let queue = JobQueue::start(cpu(), StateStore::File(list.clone()), true).unwrap();
    let id = queue.add(request(&dir, 512, 3000)).unwrap().id;
    assert_eq!(
        queue.wait_until_settled(id).unwrap().state,
        JobState::Completed
    );
    assert_eq!(queue.get(id).unwrap().last_check, None, "not checked yet");

    // About 100 labels drawn at random, plus the first and last of each file: a sample,
    // not the 3,000.
    let spot = queue.spot_check(id, 100).unwrap();
    assert!((50..=200).contains(&spot.labels_checked), "{spot:?}");
    let check = queue
        .get(id)
        .unwrap()
        .last_check
        .expect("the spot check is kept");
    assert_eq!(check.labels_checked, spot.labels_checked);
    assert_eq!(
        (check.mismatches, check.every_label, check.repaired),
        (0, false, false)
    );

    // Two damaged labels: a repair reads every label and writes those again.
    let file = dir.join("postdata_0.bin");
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[10] ^= 0xff;
    bytes[700] ^= 0xff;
    std::fs::write(&file, &bytes).unwrap();
    let repair = queue.repair(id, &|_, _| {}, &CancelToken::new()).unwrap();
    assert_eq!(repair.labels_repaired, 2);
    let check = queue.get(id).unwrap().last_check.unwrap();
    assert_eq!(
        (
            check.labels_checked,
            check.mismatches,
            check.every_label,
            check.repaired
        ),
        (3000, 2, true, true)
    );
    queue.shutdown();
    drop(queue);

    let again = JobQueue::start(cpu(), StateStore::File(list), true).unwrap();
    assert_eq!(again.get(id).unwrap().last_check, Some(check));
}
