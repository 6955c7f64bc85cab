//! `pos job run` stopped the hard ways: killed (SIGKILL) at random moments, Ctrl-C
//! (SIGINT), a file size limit and a full disk. Every time the data up to the checkpoint
//! must be intact, and a later run must finish it byte-identical to `pos compute`.
#![cfg(unix)]

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rand::RngExt;
use support::{
    JobSpec, POS, assert_complete_and_correct, assert_durable_data_correct, assert_fails,
    assert_success, durable_labels, path_arg, pos, pos_command, stderr, stdout,
};

/// Slow enough (N = 4096) that a run is stopped mid-job: a few thousand labels a second
/// on one thread, 40,000 labels in 4 files.
const SLOW_JOB: JobSpec = JobSpec {
    n: 4096,
    bits: 5,
    labels: 40_000,
    max_file_size: Some("8KiB"),
};

fn slow_job_expected() -> &'static [u8] {
    static EXPECTED: OnceLock<Vec<u8>> = OnceLock::new();
    EXPECTED.get_or_init(|| SLOW_JOB.expected())
}

/// `pos job run DIR --threads 1`, its stderr kept for the checks.
fn spawn_run(dir: &Path) -> Child {
    pos_command()
        .args(["job", "run", path_arg(dir), "--threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pos job run starts")
}

/// Waits until the running job has made durable labels beyond `beyond`, as `pos job
/// status` (run meanwhile, from another process) sees them.
fn wait_for_progress(child: &mut Child, dir: &Path, beyond: u64) -> u64 {
    let started = Instant::now();
    loop {
        let now = durable_labels(dir);
        if now > beyond {
            return now;
        }
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
            panic!("pos job run ended ({status}) before it made progress: {err}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "pos job run made no progress past {beyond} labels in 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn killed_at_random_moments_it_resumes_to_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    SLOW_JOB.create(&dir);
    let expected = slow_job_expected();
    let mut rng = rand::rng();
    let mut durable = 0;
    for trial in 0..5 {
        let mut child = spawn_run(&dir);
        // Once this run has moved the checkpoint, so that it is past its start (opening
        // the folder, cutting it back) and mid-job; then a random moment in its cycle
        // of computing, writing, fsyncing and renaming the metadata.
        wait_for_progress(&mut child, &dir, durable);
        let delay = Duration::from_millis(rng.random_range(0..400));
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            None,
            "trial {trial}: pos ended before the kill"
        );

        let now = assert_durable_data_correct(&dir, expected);
        eprintln!("trial {trial}: killed {delay:?} after progress, at {now} durable labels");
        assert!(now > durable, "trial {trial}: the checkpoint went back");
        assert!(
            now < SLOW_JOB.labels,
            "trial {trial}: the job completed before the kill; make it longer"
        );
        durable = now;
    }
    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&o, "the final pos job run");
    assert_complete_and_correct(&dir, expected);
}

/// What the computer's sleep does to a running job: every thread stops, in the middle
/// of whatever it did, and goes on after wake. Stood in for by SIGSTOP and SIGCONT
/// (sleep freezes the process the same way, for a job seconds or hours): the job goes on
/// where it was and completes with the right data.
#[test]
fn a_job_frozen_as_by_sleep_goes_on_after_wake_to_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    SLOW_JOB.create(&dir);
    let mut child = spawn_run(&dir);
    wait_for_progress(&mut child, &dir, 0);
    let signal = |sig| {
        // SAFETY: a plain signal to the child we started and have not reaped.
        let sent = unsafe { libc::kill(child.id() as libc::pid_t, sig) };
        assert_eq!(sent, 0, "kill failed");
    };
    signal(libc::SIGSTOP);
    let frozen_at = durable_labels(&dir);
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        durable_labels(&dir),
        frozen_at,
        "nothing moves while asleep"
    );
    signal(libc::SIGCONT);
    let o = child.wait_with_output().unwrap();
    assert_success(&o, "pos job run after wake");
    assert_complete_and_correct(&dir, slow_job_expected());
}

#[test]
fn ctrl_c_pauses_at_a_checkpoint_and_a_rerun_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    SLOW_JOB.create(&dir);
    let expected = slow_job_expected();
    let mut child = spawn_run(&dir);
    wait_for_progress(&mut child, &dir, 0);

    // While it runs: status reads the metadata without the lock; verify and a second
    // run are refused, clearly.
    let o = pos(&["job", "status", path_arg(&dir)]);
    assert_success(&o, "pos job status while running");
    assert!(stdout(&o).contains("incomplete"), "{}", stdout(&o));
    let o = pos(&["job", "verify", path_arg(&dir)]);
    assert_fails(&o, 1, &["in use", "wait for it to finish or stop it"]);
    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_fails(&o, 1, &["in use"]);

    // SAFETY: a plain signal to the child we started and have not reaped.
    let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(sent, 0, "kill -INT failed");
    let o = child.wait_with_output().unwrap();
    let at = durable_labels(&dir);
    assert!(
        0 < at && at < SLOW_JOB.labels,
        "paused at {at}: not mid-job"
    );
    assert_fails(
        &o,
        130,
        &[&format!(
            "paused at label {at} of {}; run `pos job run {}` again to continue",
            SLOW_JOB.labels,
            dir.display()
        )],
    );
    assert_durable_data_correct(&dir, expected);

    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&o, "pos job run after Ctrl-C");
    assert_complete_and_correct(&dir, expected);
}

/// 195 KiB of fast labels in one file.
const FAST_JOB: JobSpec = JobSpec {
    n: 16,
    bits: 8,
    labels: 200_000,
    max_file_size: None,
};

/// `pos job run` under `ulimit -f` (512- or 1024-byte blocks, as the shell counts them:
/// 64 blocks are at most 64 KiB either way): writing past it fails with EFBIG, because
/// `pos` ignores SIGXFSZ, and the job stops at a checkpoint. Without the limit it
/// completes.
fn file_size_limit_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    FAST_JOB.create(&dir);
    let expected = FAST_JOB.expected();
    let o = Command::new("sh")
        .args(["-c", r#"ulimit -f 64 && exec "$0" job run "$1""#, POS])
        .arg(&dir)
        .env_remove("POS_GPU_POST_LIB")
        .output()
        .unwrap();
    assert_fails(
        &o,
        1,
        &[
            "reached the largest size this system allows for one file",
            "the data written so far is safe",
            &format!("pos job run {}", dir.display()),
        ],
    );
    let at = assert_durable_data_correct(&dir, &expected);
    assert!(
        0 < at && at <= 64 << 10,
        "{at} labels durable under a 64 KiB limit"
    );
    eprintln!(
        "file size limit reached at {at} labels: {}",
        stderr(&o).trim()
    );

    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&o, "pos job run without the limit");
    assert_complete_and_correct(&dir, &expected);
}

#[test]
fn a_file_size_limit_stops_the_job_at_a_checkpoint() {
    file_size_limit_scenario();
}

struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let ok = Command::new("umount")
            .arg(&self.0)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            let _ = Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
}

fn mount_tmpfs(at: &Path, size: &str) -> Result<Mount, String> {
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output()
        .map_err(|e| format!("cannot run mount: {e}"))?;
    if out.status.success() {
        Ok(Mount(at.to_owned()))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// A real full disk: a 256 KiB tmpfs that another file fills while the job still needs
/// room. Mounting needs root: as root a failed mount fails the test; as another user it
/// says NOT RUN (and fails when `POS_TEST_REQUIRE_TMPFS` is set). `job_faults.rs`
/// covers ENOSPC and EIO for every user, by injection.
#[test]
fn a_full_disk_stops_the_job_at_a_checkpoint_and_it_resumes_after_space_is_freed() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        assert!(
            std::env::var_os("POS_TEST_REQUIRE_TMPFS").is_none(),
            "POS_TEST_REQUIRE_TMPFS is set, but mounting a tmpfs needs root"
        );
        eprintln!("NOT RUN: the real full disk needs root to mount a tmpfs");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let _mount = mount_tmpfs(&mnt, "256k")
        .unwrap_or_else(|why| panic!("running as root, but no tmpfs could be mounted: {why}"));
    // 160 KiB of data at N = 1024 on one thread: it fits when the job starts (the
    // free space is checked then), and takes a few seconds.
    let job = JobSpec {
        n: 1024,
        labels: 160 << 10,
        ..FAST_JOB
    };
    let dir = mnt.join("data");
    job.create(&dir);
    let expected = job.expected();
    let run = Command::new(POS)
        .args(["job", "run", path_arg(&dir), "--threads", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while durable_labels(&dir) == 0 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the job made no progress"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Another program takes every byte that is left while the job runs.
    let filler = mnt.join("someone-elses-file");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        while f.write_all(&[1u8; 4096]).is_ok() {}
    }
    let o = run.wait_with_output().unwrap();
    assert_fails(
        &o,
        1,
        &[
            "is full",
            "the data written so far is safe",
            &format!("pos job run {}", dir.display()),
        ],
    );
    let at = assert_durable_data_correct(&dir, &expected);
    assert!(0 < at && at < job.labels, "{at} labels durable");
    eprintln!("disk full at {at} labels: {}", stderr(&o).trim());

    std::fs::remove_file(&filler).unwrap();
    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&o, "pos job run after space was freed");
    assert_complete_and_correct(&dir, &expected);
}
