//! `pos job run` against a disk that fills up or fails, as any user: the `pos` these
//! tests run is built with the engine's fault injection (see the dev-dependency in
//! Cargo.toml), armed through `POS_ENGINE_FAULTS`. And two `pos job run` of one folder
//! at once: the second is refused, the first finishes, the data is right.

mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::{
    JobSpec, assert_complete_and_correct, assert_durable_data_correct, assert_fails,
    assert_success, durable_labels, path_arg, pos, pos_command, stdout,
};

/// Quick, but in 5 files, so at least 5 checkpoints whatever the batch sizes.
const JOB: JobSpec = JobSpec {
    n: 64,
    bits: 8,
    labels: 20_000,
    max_file_size: Some("4KiB"),
};

/// A few seconds of work at N = 1024 on one thread: long enough for a second run to
/// start while the first one writes.
const LONG_JOB: JobSpec = JobSpec {
    n: 1024,
    bits: 8,
    labels: 60_000,
    max_file_size: Some("16KiB"),
};

/// `pos job run DIR --threads 1` with `faults` armed in that `pos`.
fn run_with_faults(dir: &Path, faults: &str) -> Output {
    pos_command()
        .args(["job", "run", path_arg(dir), "--threads", "1"])
        .env("POS_ENGINE_FAULTS", faults)
        .output()
        .expect("pos job run starts")
}

/// Runs the job with `faults` (each lets a call or two through, then fails), checks
/// that `pos` says `expect` and that the data up to the checkpoint is intact, then
/// runs it again without faults to completion.
fn fails_and_resumes(faults: &str, expect: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    JOB.create(&dir);
    let expected = JOB.expected();
    let o = run_with_faults(&dir, faults);
    let line = assert_fails(&o, 1, expect);
    let at = assert_durable_data_correct(&dir, &expected);
    assert!(0 < at && at < JOB.labels, "{faults}: {at} labels durable");
    eprintln!("{faults}: stopped at {at} labels: {line}");
    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&o, "pos job run without faults");
    assert_complete_and_correct(&dir, &expected);
}

#[test]
fn a_full_disk_at_a_data_write_stops_the_job_at_a_checkpoint_and_it_resumes() {
    fails_and_resumes(
        "write:data:nospace:1",
        &["is full", "the data written so far is safe", "pos job run"],
    );
}

#[test]
fn a_full_disk_at_the_checkpoint_rename_stops_the_job_and_it_resumes() {
    fails_and_resumes(
        // The first renames record the provider and the first checkpoint.
        "rename:metadata:nospace:2",
        &["is full", "the data written so far is safe"],
    );
}

#[test]
fn a_failing_disk_at_an_fsync_stops_the_job_at_a_checkpoint_and_it_resumes() {
    // The system's own code for a failing device (pos-engine's data_dir/fault.rs).
    let device_error = if cfg!(windows) {
        "os error 1117"
    } else {
        "os error 5"
    };
    fails_and_resumes(
        "fsync:data:io:1",
        &["could not fsync", "postdata_0.bin", device_error],
    );
}

/// Issue 14: a second writer on one data folder. While one `pos job run` writes, a
/// second is refused with "in use", `pos job status` still reads it, the lock is the
/// lock file's (what another computer on a network share sees too), and the first
/// run completes to the right data.
#[test]
fn two_runs_of_one_folder_at_once_the_second_is_refused_and_the_data_is_right() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    LONG_JOB.create(&dir);
    let expected = LONG_JOB.expected();
    // A slow disk keeps the first run going while the test looks (spawning `pos` takes
    // long under Wine): every data write takes 100 ms longer.
    let mut first = pos_command()
        .args(["job", "run", path_arg(&dir), "--threads", "1"])
        .env("POS_ENGINE_FAULTS", "write:data:slow")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while durable_labels(&dir) == 0 {
        if let Some(status) = first.try_wait().unwrap() {
            let mut stderr = String::new();
            first
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            panic!("the first run ended ({status}) before it made progress:\n{stderr}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no progress in a minute"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let second = pos(&["job", "run", path_arg(&dir)]);
    assert_fails(&second, 1, &["in use", "wait for it to finish or stop it"]);
    let status = pos(&["job", "status", path_arg(&dir)]);
    assert_success(&status, "pos job status while running");
    assert!(
        stdout(&status).contains("incomplete"),
        "{}",
        stdout(&status)
    );
    let lock_file = std::fs::File::open(dir.join("pos-meta.lock"));
    if first.try_wait().unwrap().is_none() {
        if cfg!(windows) {
            // Held open with share mode 0: no other program can even open it.
            const ERROR_SHARING_VIOLATION: i32 = 32;
            assert_eq!(
                lock_file.err().and_then(|e| e.raw_os_error()),
                Some(ERROR_SHARING_VIOLATION),
                "the running job does not hold pos-meta.lock"
            );
        } else {
            assert!(
                matches!(
                    lock_file.unwrap().try_lock(),
                    Err(std::fs::TryLockError::WouldBlock)
                ),
                "the running job does not hold pos-meta.lock"
            );
        }
    }
    let o = first.wait_with_output().unwrap();
    assert_success(&o, "the first pos job run");
    assert_complete_and_correct(&dir, &expected);
    std::fs::File::open(dir.join("pos-meta.lock"))
        .expect("the lock file is free to open once the job ended")
        .try_lock()
        .expect("the lock is released at the end");
}

/// The fault injection is really in the `pos` these tests run: a test build that
/// lost it would pass the tests above for the wrong reason (it fails them loudly).
#[test]
fn the_pos_under_test_has_fault_injection() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    JobSpec {
        labels: 800,
        max_file_size: None,
        ..JOB
    }
    .create(&dir);
    let o = Command::new(support::POS)
        .args(["job", "run", path_arg(&dir)])
        .env("POS_ENGINE_FAULTS", "lock:any:nonsense")
        .output()
        .unwrap();
    assert!(
        !o.status.success() && support::stderr(&o).contains("POS_ENGINE_FAULTS"),
        "the pos under test ignores POS_ENGINE_FAULTS: it was built without fault-injection"
    );
}
