//! A gpu-post library planted in the working folder is never loaded, even where the
//! system's own search would find it there (as Windows' search always does, and
//! Linux's does when LD_LIBRARY_PATH names the working folder, here "."). The scenario
//! runs in a child process (this test binary again) started in the planted folder,
//! since LD_LIBRARY_PATH is read when a process starts.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use pos_engine::gpu_post::{
    Candidate, CandidateSource, GpuPostError, LIBRARY_ENV_VAR, LIBRARY_FILE_NAME, LibrarySearch,
    load_first,
};

mod support;

const CHILD_VAR: &str = "POS_ENGINE_TEST_PLANTED_LIBRARY_CHILD";
const TEST: &str = "a_library_planted_in_the_working_folder_is_never_loaded";

#[test]
fn a_library_planted_in_the_working_folder_is_never_loaded() {
    if std::env::var_os(CHILD_VAR).is_none() {
        return run_in_planted_folder();
    }
    let planted = std::env::current_dir().unwrap().join(LIBRARY_FILE_NAME);
    assert!(
        planted.is_file(),
        "the child runs where the library is planted"
    );

    // The search of a process without a setting or POS_GPU_POST_LIB.
    let search = LibrarySearch::new(None, None);
    if let Ok(loaded) = search.load() {
        let path = loaded.library.path();
        assert!(
            path.is_absolute() && path != planted,
            "loaded {} from {}",
            path.display(),
            loaded.candidate.source
        );
    }
    // The bare file name, which dlopen would find here, is refused.
    let bare = Candidate {
        path: LIBRARY_FILE_NAME.into(),
        source: CandidateSource::Setting,
    };
    let err = load_first(&[bare]).unwrap_err();
    assert!(matches!(err, GpuPostError::NotFound { .. }), "{err}");

    // Nothing of the planted file was mapped into this process, not even briefly.
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    assert!(
        !maps.contains(planted.to_str().unwrap()),
        "{} is mapped:\n{maps}",
        planted.display()
    );
}

/// Plants the fake gpu-post under the production file name in a new folder, and runs
/// this test there with "." first on LD_LIBRARY_PATH.
fn run_in_planted_folder() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(
        &support::fake().library,
        folder.path().join(LIBRARY_FILE_NAME),
    )
    .unwrap();
    let library_path = match std::env::var("LD_LIBRARY_PATH") {
        Ok(old) if !old.is_empty() => format!(".:{old}"),
        _ => ".".to_owned(),
    };
    let out = Command::new(std::env::current_exe().unwrap())
        .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
        .current_dir(folder.path())
        .env(CHILD_VAR, "1")
        .env("LD_LIBRARY_PATH", library_path)
        .env_remove(LIBRARY_ENV_VAR)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("1 passed"),
        "the child ran no test:\n{stdout}"
    );
    assert!(Path::new(folder.path()).join(LIBRARY_FILE_NAME).exists());
}
