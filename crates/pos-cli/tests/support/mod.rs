//! What the tests of `pos job` and `pos providers` share: running `pos` as a user does
//! (a clean environment, real files), the expected data from `pos compute`, and the
//! fake gpu-post library.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

#[path = "../../../gpu-post-fake/testing/build_fake.rs"]
mod build_fake;

pub const POS: &str = env!("CARGO_BIN_EXE_pos");
pub const ID: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
pub const SALT: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// `pos` with no gpu-post or fake settings inherited from the environment, so that
/// every test decides which library (if any) its `pos` sees.
pub fn pos_command() -> Command {
    let mut command = Command::new(POS);
    for (key, _) in std::env::vars_os() {
        let key_text = key.to_string_lossy();
        if key_text == "POS_GPU_POST_LIB" || key_text.starts_with("GPU_POST_FAKE_") {
            command.env_remove(&key);
        }
    }
    command
}

pub fn pos<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
    pos_command().args(args).output().expect("pos runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn path_arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// Asserts that `pos` succeeded, showing its output when it did not.
pub fn assert_success(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed ({}):\n{}{}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// Asserts a failure as `pos` reports them: exit status `code` and one line
/// `pos: ...` on stderr that contains every one of `expect`. Returns the line.
pub fn assert_fails(o: &Output, code: i32, expect: &[&str]) -> String {
    let message = stderr(o);
    assert_eq!(o.status.code(), Some(code), "{message}");
    let line = message.trim_end();
    assert_eq!(line.lines().count(), 1, "one line expected:\n{message}");
    assert!(line.starts_with("pos: "), "{message}");
    for text in expect {
        assert!(line.contains(text), "{text:?} missing from: {line}");
    }
    line.to_owned()
}

/// A job as `pos job create` takes it.
#[derive(Debug, Clone)]
pub struct JobSpec {
    pub n: u64,
    pub bits: u64,
    pub labels: u64,
    /// `--max-file-size`, e.g. "512".
    pub max_file_size: Option<&'static str>,
}

impl JobSpec {
    pub fn create_args(&self, dir: &Path) -> Vec<String> {
        let mut args: Vec<String> = [
            "job",
            "create",
            path_arg(dir),
            "--id",
            ID,
            "--salt",
            SALT,
            "--n",
            &self.n.to_string(),
            "--bits",
            &self.bits.to_string(),
            "--labels",
            &self.labels.to_string(),
        ]
        .map(String::from)
        .to_vec();
        if let Some(size) = self.max_file_size {
            args.extend(["--max-file-size".into(), size.into()]);
        }
        args
    }

    /// Runs `pos job create` and checks that it succeeded.
    pub fn create(&self, dir: &Path) {
        assert_success(&pos(&self.create_args(dir)), "pos job create");
    }

    /// The packed labels of the whole job, from `pos compute` over the same range.
    pub fn expected(&self) -> Vec<u8> {
        let o = pos(&[
            "compute",
            "--id",
            ID,
            "--salt",
            SALT,
            "--n",
            &self.n.to_string(),
            "--bits",
            &self.bits.to_string(),
            "--count",
            &self.labels.to_string(),
        ]);
        assert_success(&o, "pos compute");
        assert_eq!(
            o.stdout.len() as u64,
            (self.labels * self.bits).div_ceil(8),
            "pos compute wrote the wrong length"
        );
        o.stdout
    }
}

/// `pos job status --json` of `dir`.
pub fn status(dir: &Path) -> serde_json::Value {
    let o = pos(&["job", "status", "--json", path_arg(dir)]);
    assert_success(&o, "pos job status --json");
    serde_json::from_slice(&o.stdout).expect("pos job status --json prints JSON")
}

pub fn durable_labels(dir: &Path) -> u64 {
    status(dir)["durable_labels"].as_u64().unwrap()
}

/// The data files of `dir` in order (as its status lists them), their paths.
pub fn data_files(dir: &Path) -> Vec<PathBuf> {
    status(dir)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| dir.join(f["name"].as_str().unwrap()))
        .collect()
}

/// The data files of `dir` concatenated, in order; a missing file counts as empty.
pub fn data_stream(dir: &Path) -> Vec<u8> {
    data_files(dir)
        .iter()
        .flat_map(|p| std::fs::read(p).unwrap_or_default())
        .collect()
}

/// Asserts that the durable part of every data file (its bytes up to its checkpoint)
/// is the expected stream's; bytes past a checkpoint are not looked at (the next open
/// cuts them off). Returns the durable labels.
pub fn assert_durable_data_correct(dir: &Path, expected: &[u8]) -> u64 {
    let status = status(dir);
    let mut offset = 0usize;
    for f in status["files"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let durable = f["durable_bytes"].as_u64().unwrap() as usize;
        let bytes = std::fs::read(dir.join(name)).unwrap_or_default();
        assert!(
            bytes.len() >= durable,
            "{name} is {} bytes, shorter than its checkpoint of {durable}",
            bytes.len()
        );
        assert!(
            bytes[..durable] == expected[offset..offset + durable],
            "{name} differs from pos compute before its checkpoint"
        );
        offset += f["bytes"].as_u64().unwrap() as usize;
    }
    status["durable_labels"].as_u64().unwrap()
}

/// Asserts that the job in `dir` is complete and its files, concatenated, are exactly
/// `expected`.
pub fn assert_complete_and_correct(dir: &Path, expected: &[u8]) {
    let status = status(dir);
    assert_eq!(status["complete"], true, "{status}");
    let got = data_stream(dir);
    assert_eq!(
        got.len(),
        expected.len(),
        "data length of {}",
        dir.display()
    );
    if let Some(at) = got.iter().zip(expected).position(|(a, b)| a != b) {
        panic!(
            "the data of {} differs from pos compute at byte {at}",
            dir.display()
        );
    }
}

/// The fake gpu-post library (`libgpu_setup.so` on Linux), built once per test binary.
pub fn fake_library() -> &'static Path {
    static FAKE: OnceLock<PathBuf> = OnceLock::new();
    FAKE.get_or_init(|| build_fake::prebuilt_or_built().library)
}
