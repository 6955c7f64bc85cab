//! Test support shared by the engine's integration tests: the fake gpu-post library,
//! built by running cargo from the test (see `gpu-post-fake/testing/build_fake.rs`,
//! shared with the `pos` command's tests), and scenarios run in a
//! child process so that `GPU_POST_FAKE_*` variables never change the environment of a
//! process with threads in it.

#![allow(dead_code)]

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pos_engine::gpu_post::GpuPostLibrary;

// ---------------------------------------------------------------------------------
// The fake libraries

#[path = "../../../gpu-post-fake/testing/build_fake.rs"]
mod build_fake;

pub use build_fake::FakeLibraries;
use build_fake::{FAKE_PATH_VAR, PARTIAL_PATH_VAR};

/// The fake libraries; child processes get their paths, so that they do not run cargo again.
pub fn fake() -> &'static FakeLibraries {
    static FAKE: OnceLock<FakeLibraries> = OnceLock::new();
    FAKE.get_or_init(build_fake::prebuilt_or_built)
}

pub fn load_fake() -> GpuPostLibrary {
    GpuPostLibrary::load(&fake().library).expect("the fake library loads")
}

// ---------------------------------------------------------------------------------
// Scenarios in a child process

const CHILD_VAR: &str = "POS_ENGINE_TEST_CHILD";

pub fn in_child() -> bool {
    std::env::var_os(CHILD_VAR).is_some()
}

/// A child that runs longer than this is stuck (a stop that does not stop, say).
const CHILD_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs test `name` of this binary in a child process with `vars` set, and fails if
/// it fails. The test itself checks [`in_child`] to know which side it is on.
pub fn run_in_child(name: &str, vars: &[(&str, &str)]) {
    let fake = fake();
    let mut command = Command::new(std::env::current_exe().expect("the test binary's path"));
    command
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_VAR, "1")
        .env(FAKE_PATH_VAR, &fake.library)
        .env(PARTIAL_PATH_VAR, &fake.partial);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("GPU_POST_FAKE_") {
            command.env_remove(key);
        }
    }
    command.envs(vars.iter().copied());
    // Files rather than pipes: nothing has to drain them while we wait.
    let mut stdout = tempfile::tempfile().unwrap();
    let mut stderr = tempfile::tempfile().unwrap();
    command
        .stdout(stdout.try_clone().unwrap())
        .stderr(stderr.try_clone().unwrap());
    let mut child = command.spawn().expect("the test binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > CHILD_TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |file: &mut std::fs::File| {
        let mut text = String::new();
        file.seek(SeekFrom::Start(0)).unwrap();
        file.read_to_string(&mut text).unwrap();
        text
    };
    let (stdout, stderr) = (read(&mut stdout), read(&mut stderr));
    assert!(
        status.is_some_and(|s| s.success()),
        "{name} with {vars:?} {}:\n{stdout}\n{stderr}",
        if status.is_none() {
            "timed out"
        } else {
            "failed"
        }
    );
    // A filter that matched nothing would pass silently: make sure the test ran.
    assert!(
        stdout.contains("1 passed"),
        "{name} did not run in the child:\n{stdout}"
    );
}

/// A tmpfs mounted for a test, unmounted when dropped.
pub struct Mount(pub PathBuf);

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

/// Mounts a tmpfs of `size` ("256k") at `at`; needs root and permission to mount.
pub fn mount_tmpfs(at: &Path, size: &str) -> Result<Mount, String> {
    let out = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(at)
        .output()
        .map_err(|e| format!("cannot run mount: {e}"))?;
    if out.status.success() {
        Ok(Mount(at.to_owned()))
    } else {
        Err(format!(
            "mount failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
