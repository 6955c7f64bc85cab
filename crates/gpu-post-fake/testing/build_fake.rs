//! Builds the fake gpu-post library for the tests of the crates that load it:
//! `cargo test` does not build a `cdylib` that nothing links to, so a test runs cargo
//! itself (then a fresh clone needs no manual step). Include this file by path,
//! `#[path = ".../gpu-post-fake/testing/build_fake.rs"] mod build_fake;`, from a test
//! of a crate beside `gpu-post-fake`: a dev-dependency on the fake would link its
//! exported C functions into the test binary itself.
//!
//! Needs `serde_json` as a dev-dependency of the including crate.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct FakeLibraries {
    /// The full fake, as cargo named it (`libgpu_setup.so` on Linux).
    pub library: PathBuf,
    /// A library with `scryptPositions` but no `stop`.
    pub partial: PathBuf,
}

/// Names prebuilt fake libraries (full paths): set where a test cannot run cargo (under
/// Wine, `scripts/test.sh`) and by a test for the child processes it starts.
pub const FAKE_PATH_VAR: &str = "POS_TEST_FAKE_LIBRARY";
pub const PARTIAL_PATH_VAR: &str = "POS_TEST_PARTIAL_LIBRARY";

/// The libraries named by [`FAKE_PATH_VAR`] and [`PARTIAL_PATH_VAR`] when both are set,
/// else [`build_fake_libraries`].
pub fn prebuilt_or_built() -> FakeLibraries {
    match (
        std::env::var_os(FAKE_PATH_VAR),
        std::env::var_os(PARTIAL_PATH_VAR),
    ) {
        (Some(library), Some(partial)) => FakeLibraries {
            library: library.into(),
            partial: partial.into(),
        },
        _ => build_fake_libraries(),
    }
}

/// Runs `cargo build` for the fake and its partial example, in the profile of the
/// running test, and reads the paths of the two libraries from cargo's JSON messages.
pub fn build_fake_libraries() -> FakeLibraries {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gpu-post-fake/Cargo.toml");
    let mut command = Command::new(cargo);
    command
        // --locked, as every other cargo command of the tests: never update Cargo.lock.
        .args([
            "build",
            "--locked",
            "--lib",
            "--example",
            "gpu_post_partial",
        ])
        .arg("--message-format=json-render-diagnostics")
        .arg("--manifest-path")
        .arg(&manifest);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "building the fake gpu-post library failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let library_of = |target: &str| -> PathBuf {
        let stdout = String::from_utf8_lossy(&output.stdout);
        stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == target)
            .flat_map(|m| {
                m["filenames"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|f| f.as_str().map(PathBuf::from))
            })
            .find(|f| f.to_string_lossy().ends_with(std::env::consts::DLL_SUFFIX))
            .unwrap_or_else(|| panic!("cargo reported no library for {target}:\n{stdout}"))
    };
    FakeLibraries {
        library: library_of("gpu_setup"),
        partial: library_of("gpu_post_partial"),
    }
}
