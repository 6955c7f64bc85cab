//! gpu-post as it really behaves: the fake switched to each of the real library's
//! behaviours (chunks that run past the end, racing PoW reports, wrong labels above an
//! N, a failed initialisation, a call that never returns), and the real library built
//! without CUDA (its CPU provider, through the real C API) when
//! `POS_GPU_POST_REAL_LIB` names it (`scripts/build-gpu-post-cpu.sh` builds it;
//! `npm test` sets it). Every PoW answer is compared with the CPU's (`find_pow`, what
//! `pos pow` prints).

#![warn(clippy::undocumented_unsafe_blocks)]

mod support;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use pos_engine::gpu_post::{ALLOW_CPU_ENV_VAR, ComputeApi, GpuPostError, GpuPostLibrary};
use pos_engine::provider::{DiscoverySettings, GpuLibraryStatus, GpuProvider, discover};
use pos_engine::{
    ComputeProvider, JobQueue, JobRequest, JobState, ProviderChoice, ProviderId, StateStore,
};
use pos_labels::{
    ComputeOptions, Difficulty, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels,
    find_pow,
};
use support::{fake, in_child, load_fake, run_in_child};

const REAL_LIB_VAR: &str = "POS_GPU_POST_REAL_LIB";
/// Set by `npm test`: then a missing real library fails instead of skipping.
const REAL_LIB_REQUIRED_VAR: &str = "POS_GPU_POST_REAL_LIB_REQUIRED";

fn params(n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id: std::array::from_fn(|i| i as u8),
        salt: std::array::from_fn(|i| 0x80 | i as u8),
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

/// A target that a hash meets with probability about `first_byte / 256`.
fn target(first_byte: u8) -> Difficulty {
    let mut d = [0xff; 32];
    d[0] = first_byte;
    Difficulty(d)
}

fn cpu_lowest(p: &LabelParams, r: PositionRange, d: &Difficulty) -> Option<u64> {
    find_pow(p, r, d, &ComputeOptions::default()).unwrap()
}

fn cpu_labels(p: &LabelParams, r: PositionRange) -> Vec<u8> {
    let mut out = vec![0u8; p.bits.packed_len(r.count()).unwrap()];
    compute_labels(p, r, &mut out, &ComputeOptions::default()).unwrap();
    out
}

/// Every difficulty, start and batch size of the sweep: the library's lowest solution
/// and labels equal the CPU's, with labels and without.
fn sweep_pow(library: &GpuPostLibrary, provider: u32, n: u64) {
    let p = params(n, 8);
    for first_byte in [0x60, 0x10, 0x02] {
        let d = target(first_byte);
        for start in [0u64, 5, 129] {
            for count in [1u64, 7, 64, 65, 300] {
                let r = PositionRange::new(start, count).unwrap();
                let expected = cpu_lowest(&p, r, &d);
                let alone = library.compute(provider, &p, r, None, Some(&d)).unwrap();
                assert_eq!(
                    alone.pow_solution, expected,
                    "PoW alone, target {first_byte:#x}, {start}+{count}"
                );
                let mut out = vec![0u8; p.bits.packed_len(count).unwrap()];
                let with = library
                    .compute(provider, &p, r, Some(&mut out), Some(&d))
                    .unwrap();
                assert_eq!(
                    with.pow_solution, expected,
                    "with labels, target {first_byte:#x}, {start}+{count}"
                );
                assert!(out == cpu_labels(&p, r), "labels of {start}+{count}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// The fake in each behaviour

/// The behaviours of the fake that PoW is checked against.
const BEHAVIOURS: [&[(&str, &str)]; 5] = [
    &[],
    &[("GPU_POST_FAKE_POW_LAST", "1")],
    &[
        ("GPU_POST_FAKE_CHUNK", "7"),
        ("GPU_POST_FAKE_RACE_SEED", "1"),
    ],
    &[
        ("GPU_POST_FAKE_CHUNK", "64"),
        ("GPU_POST_FAKE_RACE_SEED", "2"),
    ],
    &[
        ("GPU_POST_FAKE_CHUNK", "1000"),
        ("GPU_POST_FAKE_RACE_SEED", "3"),
    ],
];

#[test]
fn pow_is_the_cpus_lowest_in_every_behaviour_of_the_fake() {
    if !in_child() {
        for vars in BEHAVIOURS {
            run_in_child(
                "pow_is_the_cpus_lowest_in_every_behaviour_of_the_fake",
                vars,
            );
        }
        return;
    }
    sweep_pow(&load_fake(), 0, 16);
}

#[test]
fn a_failed_initialisation_takes_the_device_out_of_the_run() {
    if !in_child() {
        return run_in_child(
            "a_failed_initialisation_takes_the_device_out_of_the_run",
            &[("GPU_POST_FAKE_INIT_FAIL", "1")],
        );
    }
    let library = load_fake();
    let p = params(16, 8);
    let r = PositionRange::new(0, 10).unwrap();
    let mut out = vec![0u8; 10];
    let first = library.compute(0, &p, r, Some(&mut out), None).unwrap_err();
    assert!(
        matches!(first, GpuPostError::Failed { provider: 0 }),
        "{first}"
    );
    // The fake aborts this process if the device is called again.
    let again = library.compute(0, &p, r, Some(&mut out), None).unwrap_err();
    assert!(
        matches!(again, GpuPostError::Disabled { provider: 0, .. }),
        "{again}"
    );
    assert!(again.to_string().contains("status -1"), "{again}");
    assert!(library.disabled_reason(0).is_some());

    // As a provider of the engine: out of the run, and saying why.
    let device = library.devices().unwrap().remove(0);
    let provider = GpuProvider::new(Arc::new(library), device);
    assert!(provider.unusable_reason().is_some());
    let cancel = pos_engine::provider::CancelToken::default();
    let err = provider
        .compute(&p, r, Some(&mut out), None, &cancel)
        .unwrap_err();
    assert!(err.to_string().contains("not used again"), "{err}");
}

#[test]
fn a_call_that_never_returns_is_given_up_on() {
    if !in_child() {
        return run_in_child(
            "a_call_that_never_returns_is_given_up_on",
            &[
                ("GPU_POST_FAKE_HANG", "1"),
                ("POS_GPU_POST_CALL_TIMEOUT_MS", "300"),
            ],
        );
    }
    let library = load_fake();
    let p = params(16, 8);
    let r = PositionRange::new(0, 10).unwrap();
    let mut out = vec![0u8; 10];
    let started = Instant::now();
    let err = library.compute(0, &p, r, Some(&mut out), None).unwrap_err();
    assert!(
        matches!(err, GpuPostError::CallTimeout { provider: 0, .. }),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let again = library.compute(0, &p, r, Some(&mut out), None).unwrap_err();
    assert!(matches!(again, GpuPostError::Disabled { .. }), "{again}");
    // A later stop (a pause, quitting) does not wait for the abandoned call.
    let stop = Instant::now();
    library.stop().unwrap();
    assert!(stop.elapsed() < Duration::from_secs(3));
}

#[test]
fn a_hung_call_does_not_keep_a_stop_waiting() {
    if !in_child() {
        return run_in_child(
            "a_hung_call_does_not_keep_a_stop_waiting",
            &[("GPU_POST_FAKE_HANG", "1")],
        );
    }
    let library = Arc::new(load_fake());
    let worker = {
        let library = library.clone();
        std::thread::spawn(move || {
            let p = params(16, 8);
            let mut out = vec![0u8; 10];
            library.compute(
                0,
                &p,
                PositionRange::new(0, 10).unwrap(),
                Some(&mut out),
                None,
            )
        })
    };
    // Stop once the call is on its way into the library (a stop before the batch
    // began would only cancel it, which is not what this test is about).
    let started = Instant::now();
    while library.calls_in_flight() == 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "no call began");
        std::thread::yield_now();
    }
    let stopped = Instant::now();
    let stop = library.stop();
    assert!(
        matches!(stop, Err(GpuPostError::StopTimeout { .. })),
        "{stop:?}"
    );
    let err = worker.join().unwrap().unwrap_err();
    assert!(
        stopped.elapsed() < Duration::from_secs(5),
        "{:?}",
        stopped.elapsed()
    );
    assert_eq!(
        library.calls_in_flight(),
        0,
        "the call given up on no longer counts"
    );
    assert!(
        matches!(err, GpuPostError::IgnoredStop { provider: 0 }),
        "{err}"
    );
}

#[test]
fn one_stop_ends_the_calls_on_every_device() {
    if !in_child() {
        return run_in_child(
            "one_stop_ends_the_calls_on_every_device",
            &[
                ("GPU_POST_FAKE_GPUS", "2"),
                ("GPU_POST_FAKE_CHUNK", "64"),
                // 64 labels take 6.4 s per chunk: only a stop ends them soon.
                ("GPU_POST_FAKE_LABEL_DELAY_MS", "100"),
            ],
        );
    }
    let library = Arc::new(load_fake());
    let workers: Vec<_> = (0..2)
        .map(|device| {
            let library = library.clone();
            std::thread::spawn(move || {
                let p = params(16, 8);
                let mut out = vec![0u8; 640];
                let r = PositionRange::new(0, 640).unwrap();
                library.compute(device, &p, r, Some(&mut out), None)
            })
        })
        .collect();
    let started = Instant::now();
    // A stop before a call began does not concern it: stop until both have ended.
    while workers.iter().any(|w| !w.is_finished()) {
        let _ = library.stop();
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "a call outlived the stops"
        );
    }
    for worker in workers {
        let result = worker.join().unwrap();
        assert!(matches!(result, Err(GpuPostError::Cancelled)), "{result:?}");
    }
}

#[test]
fn labels_in_flight_is_the_librarys_chunk() {
    if !in_child() {
        return run_in_child(
            "labels_in_flight_is_the_librarys_chunk",
            &[("GPU_POST_FAKE_CHUNK", "100")],
        );
    }
    let library = Arc::new(load_fake());
    let device = library.devices().unwrap().remove(0);
    let provider = GpuProvider::new(library.clone(), device);
    assert_eq!(provider.labels_in_flight(&params(16, 8)), 100);
    // Learnt once: a PoW batch after it uses the same size.
    let r = PositionRange::new(0, 300).unwrap();
    let d = target(0x40);
    let found = library
        .compute(0, &params(16, 8), r, None, Some(&d))
        .unwrap();
    assert_eq!(found.pow_solution, cpu_lowest(&params(16, 8), r, &d));
}

#[test]
fn gpu_posts_cpu_provider_is_listed_only_when_allowed() {
    if !in_child() {
        run_in_child("gpu_posts_cpu_provider_is_listed_only_when_allowed", &[]);
        return run_in_child(
            "gpu_posts_cpu_provider_is_listed_only_when_allowed",
            &[(ALLOW_CPU_ENV_VAR, "1")],
        );
    }
    let allowed = std::env::var(ALLOW_CPU_ENV_VAR).is_ok();
    let devices = load_fake().devices().unwrap();
    let cpu = devices.iter().any(|d| d.api == ComputeApi::Cpu);
    assert_eq!(cpu, allowed, "{devices:?}");
}

#[test]
fn labels_are_wrong_above_the_chosen_n() {
    if !in_child() {
        return run_in_child(
            "labels_are_wrong_above_the_chosen_n",
            &[("GPU_POST_FAKE_WRONG_ABOVE_N", "32")],
        );
    }
    let library = load_fake();
    let r = PositionRange::new(3, 40).unwrap();
    for (n, right) in [(16, true), (32, true), (64, false)] {
        let p = params(n, 5);
        let mut out = vec![0u8; p.bits.packed_len(40).unwrap()];
        library.compute(0, &p, r, Some(&mut out), None).unwrap();
        assert_eq!(out == cpu_labels(&p, r), right, "N = {n}");
    }
}

// ---------------------------------------------------------------------------------
// Jobs on a gpu-post device, equal to the CPU

const ID: &str = "0001020304050607080910111213141516171819202122232425262728293031";
const SALT: &str = "8081828384858687888990919293949596979899a0a1a2a3a4a5a6a7a8a9aaab";

fn job_params(n: u64, bits: u64) -> LabelParams {
    LabelParams {
        id: pos_labels::parse_hex32("id", ID).unwrap(),
        salt: pos_labels::parse_hex32("salt", SALT).unwrap(),
        n: ScryptN::new(n).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

fn pow_job(dir: &Path, total: u64, difficulty: &Difficulty, provider: &str) -> JobRequest {
    JobRequest {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        dir: dir.to_owned(),
        id: ID.into(),
        salt: SALT.into(),
        n: 16,
        label_bits: 8,
        total_labels: total,
        pow_difficulty: Some(hex::encode(difficulty.0)),
        providers: ProviderChoice::Specific(vec![ProviderId(provider.into())]),
        max_file_bytes: Some(1000),
        file_name: None,
        origin: Default::default(),
    }
}

/// PoW jobs on `provider` of `library`: one whose data holds solutions and one whose
/// search goes on past the end; both end with the CPU's lowest solution and labels.
fn pow_jobs_equal_the_cpu(library: PathBuf, provider: &str) {
    let set = discover(&DiscoverySettings {
        gpu_library: Some(library),
        cpu_threads: 1,
        ..Default::default()
    });
    assert!(
        matches!(set.gpu_library, GpuLibraryStatus::Loaded { .. }),
        "{:?}",
        set.gpu_library
    );
    let queue = JobQueue::start(set.providers, StateStore::Memory, true).unwrap();
    let root = tempfile::tempdir().unwrap();
    let p = job_params(16, 8);
    let total = 2500;
    let whole = PositionRange::new(0, total).unwrap();
    let in_data = target(0x01);
    let in_data_lowest = cpu_lowest(&p, whole, &in_data);
    assert!(
        in_data_lowest.is_some(),
        "the test needs a solution in the data"
    );
    // The lowest hash of the data as the target: no label of the data is below it.
    let past_end = {
        let mut lowest = [0xffu8; 32];
        for i in 0..total {
            lowest = lowest.min(pos_labels::label_hash(&p, i));
        }
        Difficulty(lowest)
    };
    let past_end_lowest = (total..)
        .find(|&i| past_end.is_solved_by(&pos_labels::label_hash(&p, i)))
        .unwrap();
    for (name, d, expected) in [
        ("in-data", in_data, in_data_lowest),
        ("past-end", past_end, Some(past_end_lowest)),
    ] {
        let dir = root.path().join(name);
        let id = queue.add(pow_job(&dir, total, &d, provider)).unwrap().id;
        let status = queue.wait_until_settled(id).unwrap();
        assert_eq!(status.state, JobState::Completed, "{name}: {status:?}");
        assert_eq!(status.pow_solution, expected, "{name}");
        let mut data = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|f| {
                f.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("postdata_")
            })
            .collect();
        files.sort_by_key(|f| {
            let stem = f.file_stem().unwrap().to_string_lossy().into_owned();
            stem.trim_start_matches("postdata_").parse::<u64>().unwrap()
        });
        for f in files {
            data.extend(std::fs::read(f).unwrap());
        }
        assert!(
            data == cpu_labels(&p, whole),
            "{name}: data differs from the CPU's"
        );
    }
}

#[test]
fn pow_jobs_on_the_fake_equal_the_cpu_in_every_behaviour() {
    if !in_child() {
        // Not POW_LAST: it makes PoW alone compute its whole range, and the engine
        // learns a chunk size from a PoW-only call over 2^20 positions.
        let behaviours = BEHAVIOURS
            .iter()
            .filter(|vars| !vars.iter().any(|(name, _)| name.contains("POW_LAST")));
        for vars in behaviours {
            run_in_child(
                "pow_jobs_on_the_fake_equal_the_cpu_in_every_behaviour",
                vars,
            );
        }
        return;
    }
    pow_jobs_equal_the_cpu(fake().library.clone(), "gpu-post:0");
}

// ---------------------------------------------------------------------------------
// The real library, built without CUDA: its CPU provider through the real C API

/// The real library and its CPU provider's id, or `None` (with a note) when the
/// environment names none.
fn real_library() -> Option<(GpuPostLibrary, u32)> {
    let Some(path) = std::env::var_os(REAL_LIB_VAR) else {
        assert!(
            std::env::var_os(REAL_LIB_REQUIRED_VAR).is_none(),
            "{REAL_LIB_REQUIRED_VAR} is set but {REAL_LIB_VAR} is not"
        );
        eprintln!("{REAL_LIB_VAR} is not set: skipped (scripts/build-gpu-post-cpu.sh builds it)");
        return None;
    };
    let library = GpuPostLibrary::load(&path).expect("the real gpu-post loads");
    let cpu = library
        .providers()
        .unwrap()
        .into_iter()
        .find(|p| p.api == ComputeApi::Cpu)
        .expect("gpu-post built without CUDA lists its CPU provider");
    Some((library, cpu.id))
}

/// One raw `scryptPositions` call: (status, idx_solution, hashes_computed).
fn raw_call(
    library: &GpuPostLibrary,
    provider: u32,
    p: &LabelParams,
    r: PositionRange,
    options: u32,
    d: Option<&Difficulty>,
    rp: (u32, u32),
) -> (i32, u64, u64) {
    let mut out = vec![0u8; p.bits.packed_len(r.count()).unwrap()];
    let mut d = d.map(|d| d.0);
    let d_ptr = d.as_mut().map_or(std::ptr::null_mut(), |d| d.as_mut_ptr());
    let (mut idx, mut computed, mut speed) = (u64::MAX, 0u64, 0u64);
    // SAFETY: id and salt are 32-byte arrays, `out` holds the whole packed range,
    // `d_ptr` is null or a local 32-byte copy, the rest point to local integers.
    let status = unsafe {
        (library.api().scrypt_positions)(
            provider,
            p.id.as_ptr(),
            r.start(),
            r.last(),
            p.bits.get(),
            p.salt.as_ptr(),
            options,
            out.as_mut_ptr(),
            p.n.get(),
            rp.0,
            rp.1,
            d_ptr,
            &mut idx,
            &mut computed,
            &mut speed,
        )
    };
    (status, idx, computed)
}

#[test]
fn real_library_status_codes_and_idx_solution() {
    let Some((library, cpu)) = real_library() else {
        return;
    };
    use pos_engine::gpu_post::ffi::{COMPUTE_LEAFS, COMPUTE_POW};
    let p = params(16, 8);
    let r = PositionRange::new(10, 50).unwrap();
    let d = target(0x20);
    assert_eq!(raw_call(&library, cpu, &p, r, 0, None, (1, 1)).0, -5);
    assert_eq!(
        raw_call(&library, cpu, &p, r, COMPUTE_LEAFS, None, (2, 1)).0,
        -6
    );
    assert_eq!(
        raw_call(&library, cpu, &p, r, COMPUTE_POW, None, (1, 1)).0,
        -6
    );
    assert_eq!(
        raw_call(&library, 99, &p, r, COMPUTE_LEAFS, None, (1, 1)).0,
        -7
    );
    let (status, idx, computed) = raw_call(&library, cpu, &p, r, COMPUTE_LEAFS, None, (1, 1));
    assert_eq!(
        (status, idx, computed),
        (0, u64::MAX, 50),
        "idx_solution untouched"
    );
    // PoW alone stops at the first solution, counting the positions before it.
    let lowest = cpu_lowest(&p, r, &d).expect("a solution in 10..60");
    let (status, idx, computed) = raw_call(&library, cpu, &p, r, COMPUTE_POW, Some(&d), (1, 1));
    assert_eq!((status, idx, computed), (1, lowest, lowest - 10));
}

#[test]
fn real_library_labels_and_pow_equal_the_cpu() {
    let Some((library, cpu)) = real_library() else {
        return;
    };
    for (n, bits, start, count) in [
        (16, 1, 0, 77),
        (16, 5, 3, 40),
        (64, 8, 1000, 33),
        (16, 256, 7, 9),
    ] {
        let p = params(n, bits);
        let r = PositionRange::new(start, count).unwrap();
        let mut out = vec![0xaau8; p.bits.packed_len(count).unwrap()];
        library.compute(cpu, &p, r, Some(&mut out), None).unwrap();
        assert!(
            out == cpu_labels(&p, r),
            "N {n}, {bits} bits, {start}+{count}"
        );
    }
    sweep_pow(&library, cpu, 16);
}

#[test]
fn real_library_stop_ends_a_call_from_another_thread() {
    let Some((library, cpu)) = real_library() else {
        return;
    };
    let library = Arc::new(library);
    let worker = {
        let library = library.clone();
        std::thread::spawn(move || {
            // Minutes of work for gpu-post's scalar CPU code.
            let p = params(1024, 8);
            let r = PositionRange::new(0, 1 << 22).unwrap();
            let mut out = vec![0u8; 1 << 22];
            library.compute(cpu, &p, r, Some(&mut out), None)
        })
    };
    // Stop once the call is on its way into the library: gpu-post's own stop ends
    // only calls busy when it looks, and ours keeps stopping until this one ended.
    let started = Instant::now();
    while library.calls_in_flight() == 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "no call began");
        std::thread::yield_now();
    }
    library.stop().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let result = worker.join().unwrap();
    assert!(matches!(result, Err(GpuPostError::Cancelled)), "{result:?}");
}

#[test]
fn real_library_pow_jobs_equal_the_cpu() {
    if std::env::var_os(REAL_LIB_VAR).is_none() {
        let _ = real_library();
        return;
    }
    if !in_child() {
        return run_in_child(
            "real_library_pow_jobs_equal_the_cpu",
            &[(ALLOW_CPU_ENV_VAR, "1")],
        );
    }
    let (library, cpu) = real_library().unwrap();
    let path = library.path().to_owned();
    pow_jobs_equal_the_cpu(path, &format!("gpu-post:{cpu}"));
}

#[test]
fn quitting_works_while_a_gpu_call_hangs() {
    if !in_child() {
        return run_in_child(
            "quitting_works_while_a_gpu_call_hangs",
            &[("GPU_POST_FAKE_HANG", "1")],
        );
    }
    let set = discover(&DiscoverySettings {
        gpu_library: Some(fake().library.clone()),
        cpu_threads: 1,
        ..Default::default()
    });
    let queue = JobQueue::start(set.providers, StateStore::Memory, true).unwrap();
    let root = tempfile::tempdir().unwrap();
    let mut request = pow_job(&root.path().join("hung"), 500, &target(1), "gpu-post:0");
    request.pow_difficulty = None;
    let id = queue.add(request).unwrap().id;
    let started = Instant::now();
    while queue.get(id).unwrap().state != JobState::Running {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the job never ran"
        );
        std::thread::yield_now();
    }
    // Whenever the quit comes, before or during the library call, it must not wait
    // for the call (which never returns) beyond the stop's grace.
    let quitting = Instant::now();
    queue.shutdown();
    assert!(
        quitting.elapsed() < Duration::from_secs(10),
        "shutdown took {:?}",
        quitting.elapsed()
    );
}
