//! `pos providers` and `pos job run` with GPUs: a broken library is reported and the
//! CPU still works; the fake gpu-post library (`crates/gpu-post-fake`, its GPUs chosen
//! by `GPU_POST_FAKE_GPUS` in the environment of the `pos` process only) is listed and
//! computes jobs whose data must match `pos compute`.

mod support;

use std::path::Path;
use std::process::Output;

use support::{
    JobSpec, assert_complete_and_correct, assert_fails, assert_success, fake_library, path_arg,
    pos, pos_command, status, stderr, stdout,
};

/// `pos ARGS` with the fake library listing `gpus` CUDA GPUs.
fn pos_with_fake_gpus(gpus: u32, args: &[&str]) -> Output {
    pos_command()
        .args(args)
        .env("GPU_POST_FAKE_GPUS", gpus.to_string())
        .output()
        .expect("pos runs")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("pos prints JSON")
}

#[test]
fn a_library_that_is_not_one_is_reported_and_the_cpu_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let text_file = tmp.path().join("libgpu-setup.so");
    std::fs::write(&text_file, "not a library\n").unwrap();
    let lib = path_arg(&text_file);

    let o = pos(&["providers", "--lib", lib]);
    assert_success(&o, "pos providers --lib TEXT");
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("DETAIL"),
        "{out}"
    );
    assert!(
        lines[1].starts_with("cpu ") && lines[1].contains("threads"),
        "{out}"
    );
    let library = lines.last().unwrap();
    assert!(library.starts_with("GPU library: unavailable: "), "{out}");
    assert!(
        library.contains(&format!("{lib} could not be loaded")),
        "{out}"
    );

    let o = pos(&["providers", "--lib", lib, "--json"]);
    assert_success(&o, "pos providers --lib TEXT --json");
    let report = json(&o);
    assert_eq!(report["providers"].as_array().unwrap().len(), 1, "{report}");
    assert_eq!(report["providers"][0]["id"], "cpu");
    assert_eq!(report["providers"][0]["kind"], "cpu");
    assert_eq!(report["gpu_library"]["status"], "unavailable");
    assert!(
        report["gpu_library"]["reason"]
            .as_str()
            .unwrap()
            .contains(lib),
        "{report}"
    );

    let o = pos(&["providers", "--no-gpu", "--json"]);
    assert_success(&o, "pos providers --no-gpu");
    assert_eq!(json(&o)["gpu_library"]["status"], "disabled");
}

#[test]
fn the_fake_library_s_gpus_are_listed() {
    let fake = fake_library();
    let lib = path_arg(fake);
    // As pos reports it: made absolute (on Windows with `\` throughout).
    let shown = std::path::absolute(fake).unwrap();
    let shown = shown.to_str().unwrap();
    let o = pos_with_fake_gpus(2, &["providers", "--lib", lib]);
    assert_success(&o, "pos providers with the fake");
    let out = stdout(&o);
    for i in 0..2 {
        let line = out
            .lines()
            .find(|l| l.starts_with(&format!("gpu-post:{i} ")))
            .unwrap_or_else(|| panic!("gpu-post:{i} missing:\n{out}"));
        assert!(
            line.contains("cuda") && line.contains(&format!("Fake CUDA GPU {i}")),
            "{line}"
        );
    }
    assert!(out.lines().any(|l| l.starts_with("cpu ")), "{out}");
    assert!(
        out.contains(&format!("GPU library: loaded from {shown} with 2 GPUs")),
        "{out}"
    );

    let o = pos_with_fake_gpus(2, &["providers", "--lib", lib, "--json"]);
    assert_success(&o, "pos providers --json with the fake");
    let report = json(&o);
    let ids: Vec<&str> = report["providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["cpu", "gpu-post:0", "gpu-post:1"]);
    assert_eq!(report["gpu_library"]["status"], "loaded");
    assert_eq!(report["gpu_library"]["devices"], 2);
    assert_eq!(report["gpu_library"]["path"], shown);
}

/// 4,096 labels of 8 bits in 4 files, so that two GPUs share the work.
const GPU_JOB: JobSpec = JobSpec {
    n: 512,
    bits: 8,
    labels: 4096,
    max_file_size: Some("1KiB"),
};

fn providers_used(dir: &Path) -> Vec<String> {
    status(dir)["providers_used"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_job_runs_on_the_fake_gpus_and_its_data_is_right() {
    let lib = path_arg(fake_library());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    GPU_JOB.create(&dir);
    let expected = GPU_JOB.expected();

    let o = pos_with_fake_gpus(2, &["job", "run", path_arg(&dir), "--lib", lib]);
    assert_success(&o, "pos job run on the fake GPUs");
    assert_complete_and_correct(&dir, &expected);
    // Automatic: every GPU, not the CPU; the two GPUs start on a file each at once.
    let mut used = providers_used(&dir);
    used.sort();
    assert_eq!(used, ["gpu-post:0", "gpu-post:1"]);
    let o = pos(&["job", "verify", path_arg(&dir), "--fraction", "1"]);
    assert_success(&o, "pos job verify of GPU data");
}

#[test]
fn chosen_providers_are_used_and_missing_ones_refused() {
    let lib = path_arg(fake_library());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    GPU_JOB.create(&dir);

    let o = pos_with_fake_gpus(
        2,
        &[
            "job",
            "run",
            path_arg(&dir),
            "--lib",
            lib,
            "--provider",
            "gpu-post:7",
        ],
    );
    assert_fails(
        &o,
        2,
        &[
            "gpu-post:7 is not available",
            "cpu, gpu-post:0, gpu-post:1",
            "pos providers",
        ],
    );
    assert_eq!(status(&dir)["durable_labels"], 0);

    let o = pos_with_fake_gpus(
        2,
        &[
            "job",
            "run",
            path_arg(&dir),
            "--lib",
            lib,
            "--provider",
            "cpu",
        ],
    );
    assert_success(&o, "pos job run --provider cpu");
    assert_eq!(providers_used(&dir), ["cpu"]);
    assert_complete_and_correct(&dir, &GPU_JOB.expected());
}

#[test]
fn a_broken_library_falls_back_to_the_cpu_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let text_file = tmp.path().join("gpu.so");
    std::fs::write(&text_file, "not a library\n").unwrap();
    let dir = tmp.path().join("data");
    let job = JobSpec {
        n: 16,
        bits: 7,
        labels: 3000,
        max_file_size: None,
    };
    job.create(&dir);
    let o = pos(&["job", "run", path_arg(&dir), "--lib", path_arg(&text_file)]);
    assert_success(&o, "pos job run with a broken --lib");
    assert!(
        stderr(&o).starts_with("pos: no GPU: ") && stderr(&o).contains("gpu.so"),
        "{}",
        stderr(&o)
    );
    assert_eq!(providers_used(&dir), ["cpu"]);
    assert_complete_and_correct(&dir, &job.expected());
}

#[test]
fn a_gpu_wrong_at_the_job_s_n_is_taken_off_before_it_writes_and_the_cpu_finishes() {
    let lib = path_arg(fake_library());
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let job = JobSpec {
        n: 32,
        bits: 8,
        labels: 512,
        max_file_size: Some("256"),
    };
    job.create(&dir);
    let o = pos_command()
        .args(["job", "run", path_arg(&dir), "--lib", lib])
        .env("GPU_POST_FAKE_GPUS", "1")
        .env("GPU_POST_FAKE_WRONG_ABOVE_N", "16")
        .output()
        .unwrap();
    assert_success(&o, "pos job run with a GPU wrong above N = 16");
    let err = stderr(&o);
    assert!(
        err.contains("gpu-post:0 was taken off this job")
            && err.contains("gpu-post computes wrong labels at N = 32"),
        "{err}"
    );
    assert_complete_and_correct(&dir, &job.expected());
    assert_eq!(providers_used(&dir), ["cpu"], "the GPU wrote nothing");
}
