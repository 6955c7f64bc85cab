//! `pos job run --provider opencl:0` on the OpenCL kernel (PoCL on CI, through
//! POS_OPENCL_ALLOW_CPU=1): the data must equal `pos compute`. Skips when the machine has
//! no OpenCL at all, unless POS_OPENCL_REQUIRE=1 (scripts/test.sh sets it).

mod support;

use support::{
    JobSpec, assert_complete_and_correct, assert_success, path_arg, pos_command, status,
};

fn opencl_listed() -> bool {
    let o = pos_command()
        .env("POS_OPENCL_ALLOW_CPU", "1")
        .args([
            "providers",
            "--json",
            "--lib",
            "/nonexistent/libgpu-setup.so",
        ])
        .output()
        .expect("pos runs");
    assert_success(&o, "pos providers --json");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = report["opencl"]["status"] == "found";
    if !found {
        assert_ne!(
            std::env::var("POS_OPENCL_REQUIRE").as_deref(),
            Ok("1"),
            "POS_OPENCL_REQUIRE=1 but OpenCL is {}",
            report["opencl"]
        );
        eprintln!("no OpenCL device, skipping: {}", report["opencl"]);
    }
    found
}

#[test]
fn a_job_on_opencl_matches_pos_compute() {
    if !opencl_listed() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    let job = JobSpec {
        n: 32,
        bits: 5,
        labels: 1500,
        max_file_size: Some("512"),
    };
    let expected = job.expected();
    job.create(&dir);
    let run = pos_command()
        .env("POS_OPENCL_ALLOW_CPU", "1")
        .env("POS_OPENCL_MAX_LANES", "256")
        .args(["job", "run", path_arg(&dir), "--provider", "opencl:0"])
        .output()
        .expect("pos runs");
    assert_success(&run, "pos job run --provider opencl:0");
    assert_complete_and_correct(&dir, &expected);
    assert_eq!(
        status(&dir)["providers_used"],
        serde_json::json!(["opencl:0"])
    );
}

#[test]
fn without_opencl_devices_the_providers_say_why_and_the_cpu_stays() {
    // An ICD loader with no vendor files finds no platform; without the loader itself
    // the reason names the missing library instead (pos-opencl's unit tests).
    let o = pos_command()
        .env("OCL_ICD_VENDORS", "/nonexistent")
        .env_remove("OCL_ICD_FILENAMES")
        .args(["providers", "--lib", "/nonexistent/libgpu-setup.so"])
        .output()
        .expect("pos runs");
    assert_success(&o, "pos providers");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("\ncpu "), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("OpenCL: "))
        .expect("an OpenCL line");
    assert!(line.starts_with("OpenCL: no GPU: "), "{line}");
    assert!(!text.contains("opencl:0"), "{text}");
}
