//! The gpu-post layer through the real dynamic-loading path, against the stand-in
//! library of `crates/gpu-post-fake`.
//!
//! The fake is built by running cargo from here (`cargo test` does not build a
//! `cdylib` that nothing links to), so a fresh clone needs no manual step; the path
//! comes from cargo's own report of what it built. The fake reads its
//! `GPU_POST_FAKE_*` variables on every call, so scenarios that need them run in a
//! child process (this test binary again, with one test selected and the variables
//! set): nothing ever changes the environment of a process with threads in it.

#![warn(clippy::undocumented_unsafe_blocks)]

use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use pos_engine::gpu_post::ffi::{COMPUTE_LEAFS, COMPUTE_POW};
use pos_engine::gpu_post::{
    CandidateSource, ComputeApi, GpuPostError, GpuPostLibrary, LIBRARY_ENV_VAR, LIBRARY_FILE_NAME,
    LibrarySearch, STOP_WAIT, load_first,
};
use pos_labels::{
    ComputeOptions, Difficulty, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels,
    label_hash,
};

mod support;
use support::{fake, in_child, load_fake, run_in_child};

// ---------------------------------------------------------------------------------
// Inputs

fn params(n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id: std::array::from_fn(|i| i as u8),
        salt: [0xa5; 32],
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

fn range(start: u64, count: u64) -> PositionRange {
    PositionRange::new(start, count).unwrap()
}

fn expected_labels(p: &LabelParams, r: PositionRange) -> Vec<u8> {
    let mut out = vec![0u8; p.bits.packed_len(r.count()).unwrap()];
    compute_labels(p, r, &mut out, &ComputeOptions::default()).unwrap();
    out
}

/// A target that about a quarter of all hashes are below.
fn easy_target() -> Difficulty {
    let mut d = [0xff; 32];
    d[0] = 0x40;
    Difficulty(d)
}

fn solutions(p: &LabelParams, r: PositionRange, d: &Difficulty) -> Vec<u64> {
    (r.start()..=r.last())
        .filter(|&n| d.is_solved_by(&label_hash(p, n)))
        .collect()
}

/// The first GPU provider of the fake in its default setup (one CUDA GPU).
const GPU: u32 = 0;

// ---------------------------------------------------------------------------------
// Labels

#[test]
fn labels_are_identical_to_pos_labels() {
    let gpu_post = load_fake();
    for (n, bits, start, count) in [
        (512, 8, 0, 300),
        (512, 1, 5, 203),
        (512, 13, 1000, 77),
        (64, 7, 3, 500),
        (1024, 256, 0, 40),
        (16, 64, 1 << 40, 129),
    ] {
        let p = params(n, bits);
        let r = range(start, count);
        let mut out = vec![0xee; p.bits.packed_len(count).unwrap()];
        let outcome = gpu_post
            .compute(GPU, &p, r, Some(&mut out), None)
            .unwrap_or_else(|e| panic!("N {n}, {bits} bits: {e}"));
        assert_eq!(outcome.pow_solution, None);
        assert!(
            out == expected_labels(&p, r),
            "N {n}, {bits} bits, {start}+{count}"
        );
    }
}

#[test]
fn labels_match_gpu_posts_own_test_vector() {
    let vector = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pos-labels/tests/data/gpupost_zeros_n512_bits1_65536.bin");
    let vector = std::fs::read(&vector).expect("gpu-post's vector is in pos-labels");
    let p = LabelParams {
        id: [0; 32],
        salt: [0; 32],
        n: ScryptN::new(512).unwrap(),
        bits: LabelBits::new(1).unwrap(),
    };
    let mut out = vec![0u8; 512];
    load_fake()
        .compute(GPU, &p, range(0, 4096), Some(&mut out), None)
        .unwrap();
    assert_eq!(out, vector[..512]);
}

// ---------------------------------------------------------------------------------
// Proof of work

/// Calls the library directly, to see what it reports before normalisation.
fn raw_solution(gpu_post: &GpuPostLibrary, p: &LabelParams, r: PositionRange, leafs: bool) -> u64 {
    let mut out = vec![0u8; p.bits.packed_len(r.count()).unwrap()];
    let mut d = easy_target().0;
    let (mut idx, mut computed, mut speed) = (u64::MAX, 0u64, 0u64);
    // SAFETY: the pointers are to local arrays and integers of the sizes the header
    // asks for; `out` holds the whole packed range.
    let status = unsafe {
        (gpu_post.api().scrypt_positions)(
            GPU,
            p.id.as_ptr(),
            r.start(),
            r.last(),
            p.bits.get(),
            p.salt.as_ptr(),
            if leafs {
                COMPUTE_LEAFS | COMPUTE_POW
            } else {
                COMPUTE_POW
            },
            out.as_mut_ptr(),
            p.n.get(),
            1,
            1,
            d.as_mut_ptr(),
            &mut idx,
            &mut computed,
            &mut speed,
        )
    };
    assert!(status == 0 || status == 1, "status {status}");
    idx
}

#[test]
fn pow_is_the_lowest_solution_although_the_library_reports_the_last() {
    let gpu_post = load_fake();
    let p = params(32, 8);
    let r = range(100, 64);
    let found = solutions(&p, r, &easy_target());
    assert!(
        found.len() >= 3,
        "the test needs several solutions: {found:?}"
    );
    // gpu-post's behaviour, which the adapter must undo: with labels, the last one.
    assert_eq!(raw_solution(&gpu_post, &p, r, true), *found.last().unwrap());

    let mut out = vec![0u8; 64];
    let outcome = gpu_post
        .compute(GPU, &p, r, Some(&mut out), Some(&easy_target()))
        .unwrap();
    assert_eq!(outcome.pow_solution, Some(found[0]));
    assert_eq!(
        out,
        expected_labels(&p, r),
        "labels are unchanged by the PoW"
    );

    let pow_only = gpu_post
        .compute(GPU, &p, r, None, Some(&easy_target()))
        .unwrap();
    assert_eq!(pow_only.pow_solution, Some(found[0]));
}

#[test]
fn pow_without_a_solution_is_none() {
    let gpu_post = load_fake();
    let p = params(32, 8);
    let nothing = Difficulty([0; 32]);
    let mut out = vec![0u8; 50];
    let outcome = gpu_post
        .compute(GPU, &p, range(0, 50), Some(&mut out), Some(&nothing))
        .unwrap();
    assert_eq!(outcome.pow_solution, None);
    let outcome = gpu_post
        .compute(GPU, &p, range(0, 50), None, Some(&nothing))
        .unwrap();
    assert_eq!(outcome.pow_solution, None);
}

#[test]
fn pow_only_reporting_the_last_solution_is_normalised() {
    if !in_child() {
        return run_in_child(
            "pow_only_reporting_the_last_solution_is_normalised",
            &[("GPU_POST_FAKE_POW_LAST", "1")],
        );
    }
    let gpu_post = load_fake();
    let p = params(32, 8);
    let r = range(7, 80);
    let found = solutions(&p, r, &easy_target());
    assert!(
        found.len() >= 3,
        "the test needs several solutions: {found:?}"
    );
    assert_eq!(
        raw_solution(&gpu_post, &p, r, false),
        *found.last().unwrap()
    );
    let outcome = gpu_post
        .compute(GPU, &p, r, None, Some(&easy_target()))
        .unwrap();
    assert_eq!(outcome.pow_solution, Some(found[0]));
}

// ---------------------------------------------------------------------------------
// Devices

#[test]
fn devices_are_the_gpus_without_the_cpu_provider() {
    let gpu_post = load_fake();
    let devices = gpu_post.devices().unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!((devices[0].id, devices[0].api), (0, ComputeApi::Cuda));
    assert_eq!(devices[0].model, "Fake CUDA GPU 0");
    let all = gpu_post.providers().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!((all[1].id, all[1].api), (1, ComputeApi::Cpu));
}

#[test]
fn devices_follow_the_library() {
    if !in_child() {
        return run_in_child(
            "devices_follow_the_library",
            &[
                ("GPU_POST_FAKE_GPUS", "2"),
                ("GPU_POST_FAKE_VULKAN_GPUS", "1"),
            ],
        );
    }
    let gpu_post = load_fake();
    let devices: Vec<(u32, ComputeApi)> = gpu_post
        .devices()
        .unwrap()
        .iter()
        .map(|d| (d.id, d.api))
        .collect();
    assert_eq!(
        devices,
        [
            (0, ComputeApi::Cuda),
            (1, ComputeApi::Cuda),
            (2, ComputeApi::Vulkan)
        ]
    );
    let p = params(16, 8);
    let mut out = vec![0u8; 20];
    gpu_post
        .compute(2, &p, range(0, 20), Some(&mut out), None)
        .unwrap();
    assert_eq!(out, expected_labels(&p, range(0, 20)));
}

#[test]
fn a_failing_provider_list_is_an_error() {
    if !in_child() {
        return run_in_child(
            "a_failing_provider_list_is_an_error",
            &[("GPU_POST_FAKE_PROVIDERS_FAIL", "-1")],
        );
    }
    let err = load_fake().devices().unwrap_err();
    assert!(matches!(err, GpuPostError::Providers { code: -1 }), "{err}");
}

// ---------------------------------------------------------------------------------
// Loading and searching

#[test]
fn a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE_NAME);
    let err = GpuPostLibrary::load(&path).unwrap_err();
    assert!(matches!(&err, GpuPostError::MissingFile { path: p } if *p == path));
    let message = err.to_string();
    assert!(message.contains(&*path.to_string_lossy()), "{message}");
    assert!(
        message.contains(LIBRARY_ENV_VAR),
        "says what to do: {message}"
    );
}

#[test]
fn a_file_that_is_not_a_library_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(LIBRARY_FILE_NAME);
    std::fs::write(&path, b"this is a text file, not a library\n").unwrap();
    let err = GpuPostLibrary::load(&path).unwrap_err();
    assert!(matches!(&err, GpuPostError::NotALibrary { .. }), "{err}");
    assert!(err.to_string().contains("reinstall gpu-post"), "{err}");

    let err = GpuPostLibrary::load(dir.path()).unwrap_err();
    assert!(matches!(&err, GpuPostError::NotALibrary { .. }), "{err}");
}

#[test]
fn a_library_without_every_function_is_refused() {
    let err = GpuPostLibrary::load(&fake().partial).unwrap_err();
    match &err {
        GpuPostError::MissingSymbol { symbol, .. } => assert_eq!(*symbol, "stop"),
        other => panic!("expected a missing symbol, got: {other}"),
    }
    assert!(err.to_string().contains("current gpu-post"), "{err}");
}

#[test]
fn a_bare_name_not_on_the_search_path_is_a_clear_error() {
    let err = GpuPostLibrary::load("libgpu-setup-that-does-not-exist.so").unwrap_err();
    assert!(
        matches!(&err, GpuPostError::NotOnSearchPath { .. }),
        "{err}"
    );
}

#[test]
fn the_search_loads_the_first_that_works_and_keeps_why_others_failed() {
    let dir = tempfile::tempdir().unwrap();
    let not_a_library = dir.path().join("broken").join(LIBRARY_FILE_NAME);
    std::fs::create_dir(not_a_library.parent().unwrap()).unwrap();
    std::fs::write(&not_a_library, b"not a library").unwrap();
    let resources = dir.path().join("resources");
    std::fs::create_dir(&resources).unwrap();
    // The production file name, which cargo cannot give the fake itself.
    std::fs::copy(&fake().library, resources.join(LIBRARY_FILE_NAME)).unwrap();

    let search = LibrarySearch {
        setting: Some(dir.path().join("missing").join(LIBRARY_FILE_NAME)),
        environment: Some(not_a_library.clone()),
        resources_dir: Some(resources.clone()),
        executable_dir: Some(dir.path().join("unused")),
        standard_folders: true,
    };
    let loaded = search.load().unwrap();
    assert_eq!(loaded.candidate.source, CandidateSource::Resources);
    assert_eq!(loaded.library.path(), resources.join(LIBRARY_FILE_NAME));
    let skipped: Vec<_> = loaded.skipped.iter().map(|f| &f.error).collect();
    assert!(
        matches!(
            skipped[..],
            [
                GpuPostError::MissingFile { .. },
                GpuPostError::NotALibrary { .. }
            ]
        ),
        "{skipped:?}"
    );
    assert_eq!(loaded.library.devices().unwrap().len(), 1);

    // With nothing usable, every reason is in the error.
    let search = LibrarySearch {
        resources_dir: None,
        standard_folders: false,
        ..search
    };
    let err = load_first(&search.candidates()).unwrap_err();
    let GpuPostError::NotFound { attempts } = &err else {
        panic!("expected not found, got: {err}");
    };
    assert_eq!(attempts.len(), 3);
    let message = err.to_string();
    for needle in [
        "does not exist",
        "could not be loaded",
        "the program's folder",
    ] {
        assert!(
            message.contains(needle),
            "{needle:?} missing from: {message}"
        );
    }
}

#[test]
fn the_environment_variable_names_the_library() {
    if !in_child() {
        return run_in_child(
            "the_environment_variable_names_the_library",
            &[(LIBRARY_ENV_VAR, &fake().library.to_string_lossy())],
        );
    }
    let search = LibrarySearch::new(None, None);
    let candidates = search.candidates();
    assert_eq!(candidates[0].source, CandidateSource::Environment);
    assert_eq!(candidates[0].path, fake().library);
    // The system's library folders come last; Windows has none, so its program folder does.
    let last = if cfg!(windows) {
        CandidateSource::ExecutableFolder
    } else {
        CandidateSource::StandardFolder
    };
    assert_eq!(candidates.last().unwrap().source, last);
    let loaded = search.load().unwrap();
    assert_eq!(loaded.candidate.source, CandidateSource::Environment);
    assert!(loaded.skipped.is_empty());
}

// ---------------------------------------------------------------------------------
// Refused requests and library errors

#[test]
fn requests_are_checked_before_the_library_sees_them() {
    let gpu_post = load_fake();
    let p = params(16, 3);
    let mut short = vec![0u8; 3]; // 10 labels of 3 bits take 4 bytes
    let err = gpu_post
        .compute(GPU, &p, range(0, 10), Some(&mut short), None)
        .unwrap_err();
    assert!(
        matches!(
            err,
            GpuPostError::OutputSize {
                expected: 4,
                got: 3,
                ..
            }
        ),
        "{err}"
    );
    let err = gpu_post
        .compute(GPU, &p, range(0, 10), None, None)
        .unwrap_err();
    assert!(matches!(err, GpuPostError::NothingToCompute), "{err}");
    let mut out = vec![0u8; 4];
    let err = gpu_post
        .compute(42, &p, range(0, 10), Some(&mut out), None)
        .unwrap_err();
    assert!(
        matches!(err, GpuPostError::InvalidProvider { provider: 42 }),
        "{err}"
    );
}

/// The error each `GPU_POST_FAKE_FAIL` code must become.
fn expected_failure(code: i32, err: &GpuPostError) -> bool {
    use GpuPostError as E;
    match code {
        -1 => matches!(err, E::Failed { provider: GPU }),
        -2 => matches!(err, E::Timeout { provider: GPU }),
        -3 => matches!(err, E::Already),
        -4 => matches!(err, E::Cancelled),
        -5 => matches!(err, E::NoComputeOptions),
        -6 => matches!(err, E::InvalidParameter),
        -7 => matches!(err, E::InvalidProvider { provider: GPU }),
        // "Solution found" without saying where.
        1 => matches!(err, E::SolutionMissing),
        // "Done" without computing anything.
        0 => matches!(
            err,
            E::HashCount {
                asked: 16,
                computed: 0
            }
        ),
        code => matches!(err, E::UnknownStatus { code: c } if *c == code),
    }
}

const FAILURE_CODES: [i32; 10] = [-1, -2, -3, -4, -5, -6, -7, -42, 0, 1];

#[test]
fn every_failure_status_becomes_its_error() {
    if !in_child() {
        for code in FAILURE_CODES {
            run_in_child(
                "every_failure_status_becomes_its_error",
                &[("GPU_POST_FAKE_FAIL", &code.to_string())],
            );
        }
        return;
    }
    let code: i32 = std::env::var("GPU_POST_FAKE_FAIL")
        .unwrap()
        .parse()
        .unwrap();
    let gpu_post = load_fake();
    let p = params(16, 8);
    let mut out = vec![0u8; 16];
    let err = gpu_post
        .compute(GPU, &p, range(0, 16), Some(&mut out), Some(&easy_target()))
        .unwrap_err();
    assert!(expected_failure(code, &err), "status {code} became: {err}");
    assert!(!err.to_string().is_empty());
}

#[test]
fn a_short_hash_count_is_an_error() {
    if !in_child() {
        return run_in_child(
            "a_short_hash_count_is_an_error",
            &[("GPU_POST_FAKE_SHORT_BY", "1")],
        );
    }
    let gpu_post = load_fake();
    let p = params(16, 8);
    let mut out = vec![0u8; 40];
    let err = gpu_post
        .compute(GPU, &p, range(0, 40), Some(&mut out), None)
        .unwrap_err();
    assert!(
        matches!(
            err,
            GpuPostError::HashCount {
                asked: 40,
                computed: 39
            }
        ),
        "{err}"
    );
    // PoW alone with no solution must also have looked at every position.
    let err = gpu_post
        .compute(GPU, &p, range(0, 40), None, Some(&Difficulty([0; 32])))
        .unwrap_err();
    assert!(matches!(err, GpuPostError::HashCount { .. }), "{err}");
}

// ---------------------------------------------------------------------------------
// Stop

#[test]
fn stop_from_another_thread_aborts_a_slow_batch() {
    if !in_child() {
        return run_in_child(
            "stop_from_another_thread_aborts_a_slow_batch",
            &[("GPU_POST_FAKE_LABEL_DELAY_MS", "10")],
        );
    }
    let gpu_post = Arc::new(load_fake());
    let p = params(16, 8);
    // 100,000 labels at 10 ms each: over 15 minutes unless stopped.
    let count = 100_000;
    let started = Arc::new(Barrier::new(2));
    let worker = {
        let gpu_post = Arc::clone(&gpu_post);
        let p = p.clone();
        let started = Arc::clone(&started);
        std::thread::spawn(move || {
            let mut out = vec![0u8; count as usize];
            started.wait();
            let result = gpu_post.compute(GPU, &p, range(0, count), Some(&mut out), None);
            (result, Instant::now())
        })
    };
    // Time for the batch to claim its provider and get into the library.
    started.wait();
    std::thread::sleep(Duration::from_millis(300));
    assert!(!worker.is_finished(), "the batch should still be running");

    // One batch per provider: a second one on the same provider is refused.
    let mut small = vec![0u8; 4];
    let err = gpu_post
        .compute(GPU, &p, range(0, 4), Some(&mut small), None)
        .unwrap_err();
    assert!(
        matches!(err, GpuPostError::ProviderBusy { provider: GPU }),
        "{err}"
    );

    let asked = Instant::now();
    gpu_post.stop().expect("the batch stops within STOP_WAIT");
    let (result, ended) = worker.join().unwrap();
    assert!(matches!(result, Err(GpuPostError::Cancelled)), "{result:?}");
    // `stop` returning Ok already means the work ended within STOP_WAIT (1 s); the
    // bound here only catches a stop that claims success while the batch runs on.
    assert!(
        ended.duration_since(asked) <= STOP_WAIT + Duration::from_secs(2),
        "the batch ended {:?} after the stop",
        ended.duration_since(asked)
    );

    // The stop is over: later batches run normally.
    gpu_post
        .compute(GPU, &p, range(0, 4), Some(&mut small), None)
        .unwrap();
    assert_eq!(small, expected_labels(&p, range(0, 4)));
}

#[test]
fn stop_with_nothing_running_returns_at_once() {
    // In a child: the library's stop is process-wide and would cancel other tests.
    if !in_child() {
        return run_in_child("stop_with_nothing_running_returns_at_once", &[]);
    }
    let started = Instant::now();
    load_fake().stop().unwrap();
    assert!(started.elapsed() < STOP_WAIT);
}
