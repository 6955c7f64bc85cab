//! One job over several processes: `pos job run --shard I/K` on one folder, as the
//! array tasks of a scheduler run it, killed and resumed at random; shards on separate
//! folders brought together by `pos job merge`. The data must come out byte-identical
//! to `pos compute`.
#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use rand::RngExt;
use support::{
    JobSpec, assert_complete_and_correct, assert_durable_data_correct, assert_fails,
    assert_success, path_arg, pos, pos_command, status, stdout,
};

/// 12 files of 1,024 labels at N = 8192: about a second per file on one thread, so
/// that four shards run side by side for a while and can be killed mid-file.
const JOB: JobSpec = JobSpec {
    n: 8192,
    bits: 8,
    labels: 12_000,
    max_file_size: Some("1KiB"),
};

fn spawn_shard(dir: &Path, shard: &str) -> Child {
    pos_command()
        .args([
            "job",
            "run",
            path_arg(dir),
            "--threads",
            "1",
            "--shard",
            shard,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pos job run --shard starts")
}

/// Files of `dir` that `pos job status --json` says a shard is writing now, by shard.
fn shards_writing(dir: &Path) -> Vec<String> {
    let status = status(dir);
    let mut shards: Vec<String> = status["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["being_written"] == true)
        .map(|f| f["writer"]["shard"].as_str().unwrap().to_owned())
        .collect();
    shards.sort();
    shards
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{what}: not within 2 minutes"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn four_shards_at_once_killed_and_resumed_at_random_give_the_jobs_data() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    JOB.create(&dir);
    let expected = JOB.expected();
    let shards = ["0/4", "1/4", "2/4", "3/4"];
    let mut running: Vec<Child> = shards.iter().map(|s| spawn_shard(&dir, s)).collect();

    // All four write at once, each its own file, and status says who writes what.
    wait_until("four shards writing", || {
        let all_running = running.iter_mut().all(|c| c.try_wait().unwrap().is_none());
        assert!(all_running, "a shard ended before all four were writing");
        shards_writing(&dir).len() == 4
    });
    let writing = shards_writing(&dir);
    assert_eq!(writing, shards, "{}", status(&dir));
    let host = status(&dir)["files"][0]["writer"]["host"].clone();
    assert!(host.as_str().is_some_and(|h| !h.is_empty()), "{host}");

    // A fifth shard that shares files with one of them, and a second copy of one, are
    // refused at the start, and change nothing.
    for (other, says) in [
        // 1/2 shares files with both 1/4 and 3/4.
        ("1/2", "shard 1/2 shares data files with shard"),
        ("3/4", "shard 3/4 of"),
    ] {
        let o = pos(&["job", "run", path_arg(&dir), "--shard", other]);
        assert_fails(&o, 1, &[says, "is running"]);
    }
    // So is the whole job while shards run.
    let o = pos(&["job", "run", path_arg(&dir)]);
    assert_fails(&o, 1, &["in use"]);

    // Kill shards at random moments and start them again, each time on whichever
    // shard was killed, until every one has finished on its own.
    let mut rng = rand::rng();
    for _ in 0..6 {
        std::thread::sleep(Duration::from_millis(rng.random_range(100..900)));
        let victim = rng.random_range(0..shards.len());
        if running[victim].try_wait().unwrap().is_none() {
            running[victim].kill().unwrap();
            running[victim].wait().unwrap();
            assert_durable_data_correct(&dir, &expected);
            running[victim] = spawn_shard(&dir, shards[victim]);
        }
    }
    for (child, shard) in running.into_iter().zip(shards) {
        let o = child.wait_with_output().unwrap();
        assert_success(&o, &format!("pos job run --shard {shard}"));
        assert!(
            stdout(&o).contains(&format!("shard {shard} completed")),
            "{}",
            stdout(&o)
        );
    }
    assert_complete_and_correct(&dir, &expected);
    assert!(shards_writing(&dir).is_empty());

    // Verify opens the job whole: the shards' checkpoints go into pos-meta.json, and
    // their locks away.
    assert_success(
        &pos(&["job", "verify", path_arg(&dir), "--fraction", "1"]),
        "pos job verify",
    );
    let left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".lock") && n != "pos-meta.lock")
        .collect();
    assert!(left.is_empty(), "left after verify: {left:?}");
    assert_complete_and_correct(&dir, &expected);
}

#[test]
fn shards_on_separate_folders_are_merged_into_one_job() {
    let tmp = tempfile::tempdir().unwrap();
    let job = JobSpec { n: 64, ..JOB };
    let (a, b, merged) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("all"),
    );
    job.create(&a);
    job.create(&b);
    for (dir, shard) in [(&a, "0/2"), (&b, "1/2")] {
        let o = pos(&["job", "run", path_arg(dir), "--shard", shard]);
        assert_success(&o, "pos job run --shard");
        assert!(
            stdout(&o).contains("other shards are still to run"),
            "{}",
            stdout(&o)
        );
    }
    let o = pos(&[
        "job",
        "merge",
        path_arg(&merged),
        path_arg(&a),
        path_arg(&b),
    ]);
    assert_success(&o, "pos job merge");
    assert!(
        stdout(&o).contains("12 of 12 files complete"),
        "{}",
        stdout(&o)
    );
    let expected = job.expected();
    assert_complete_and_correct(&merged, &expected);

    // Or by hand: the postdata_* files (data and checkpoints) copied into a folder of
    // the job.
    let copied = tmp.path().join("copied");
    job.create(&copied);
    for dir in [&a, &b] {
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name();
            if name.to_string_lossy().starts_with("postdata_") {
                std::fs::copy(dir.join(&name), copied.join(&name)).unwrap();
            }
        }
    }
    assert_complete_and_correct(&copied, &expected);
    assert_success(
        &pos(&["job", "verify", path_arg(&copied)]),
        "pos job verify of the copied files",
    );

    // A folder of another job is refused, and the destination is left as it was.
    let other = tmp.path().join("other");
    JobSpec { bits: 4, ..job }.create(&other);
    let before = status(&merged);
    let o = pos(&["job", "merge", path_arg(&merged), path_arg(&other)]);
    assert_fails(&o, 2, &["label bits"]);
    assert_eq!(status(&merged)["files"], before["files"]);
}

/// Schedulers stop a task with SIGTERM (`scancel`, a Kubernetes pod deleted or
/// preempted): the shard pauses at its checkpoint and says how to continue.
#[test]
fn a_shard_stopped_by_sigterm_pauses_at_its_checkpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    JOB.create(&dir);
    let child = spawn_shard(&dir, "1/4");
    wait_until("the shard writing", || shards_writing(&dir) == ["1/4"]);
    let term = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let o = child.wait_with_output().unwrap();
    assert_fails(&o, 130, &["paused at label", "--shard 1/4"]);
    assert_durable_data_correct(&dir, &JOB.expected());
}

#[test]
fn a_bad_shard_is_refused_with_the_form_it_takes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    JOB.create(&dir);
    for bad in ["4/4", "1/0", "one/4", "3"] {
        let o = pos(&["job", "run", path_arg(&dir), "--shard", bad]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", support::stderr(&o));
        assert!(
            support::stderr(&o).contains("I/K") || support::stderr(&o).contains("numbered 0 to")
        );
    }
    assert_eq!(status(&dir)["durable_labels"], 0);
}
