//! The `pos` binary as a user runs it: outputs against gpu-post's vectors and the
//! library, and every bad input rejected with one line, exit status 2 and no file.

use std::process::{Command, Output};

use pos_labels::{LabelBits, LabelParams, ScryptN, label_hash};

const POS: &str = env!("CARGO_BIN_EXE_pos");
const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../pos-labels/tests/data");
const FF: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
const SEQ: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fn pos(args: &[&str]) -> Output {
    Command::new(POS).args(args).output().expect("pos runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn compute_to_a_file_matches_gpu_post() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("labels.bin");
    let o = pos(&[
        "compute",
        "--id",
        FF,
        "--salt",
        SEQ,
        "--n",
        "1024",
        "--bits",
        "256",
        "--count",
        "256",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = std::fs::read(format!("{VECTORS}/ff_seq_n1024_bits256_256.bin")).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), expected);
    assert!(!dir.path().join("labels.bin.partial").exists());
}

#[test]
fn compute_to_stdout_in_several_batches_matches_gpu_post() {
    // 65,536 labels at N = 512 are several of pos's batches.
    let zeros = "0".repeat(64);
    let o = pos(&[
        "compute", "--id", &zeros, "--salt", &zeros, "--n", "512", "--bits", "1", "--count",
        "65536",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = std::fs::read(format!("{VECTORS}/gpupost_zeros_n512_bits1_65536.bin")).unwrap();
    assert!(
        o.stdout == expected,
        "stdout differs from gpu-post's vector"
    );
}

#[test]
fn compute_with_a_start_is_the_tail_of_a_longer_range() {
    let args = |start: &str, count: &str| {
        pos(&[
            "compute", "--id", SEQ, "--salt", FF, "--n", "16", "--bits", "8", "--start", start,
            "--count", count,
        ])
    };
    let all = args("0", "300");
    let tail = args("100", "200");
    assert!(all.status.success() && tail.status.success());
    assert_eq!(tail.stdout, all.stdout[100..]);
}

#[test]
fn hash_prints_the_full_hash() {
    let o = pos(&[
        "hash", "--id", FF, "--salt", SEQ, "--n", "1024", "--index", "0",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        "8cbf2d4f81fb11f713645e303a4d569bf8a9cee49b770d53fb31d392736c4fce"
    );
}

#[test]
fn pow_prints_the_lowest_solution_at_or_after_start() {
    let p = LabelParams {
        id: [0x11; 32],
        salt: [0x22; 32],
        n: ScryptN::new(32).unwrap(),
        bits: LabelBits::new(8).unwrap(),
    };
    // About one hash in 16 is below 0x10 00 .. 00.
    let difficulty = format!("10{}", "0".repeat(62));
    let start = 1000u64;
    let expected = (start..).find(|&i| label_hash(&p, i)[0] < 0x10).unwrap();
    let o = pos(&[
        "pow",
        "--id",
        &"11".repeat(32),
        "--salt",
        &"22".repeat(32),
        "--n",
        "32",
        "--difficulty",
        &difficulty,
        "--start",
        "1000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        expected.to_string()
    );
}

#[test]
fn bench_json_reports_the_measurement() {
    let o = pos(&[
        "bench",
        "--n",
        "64",
        "--bits",
        "16",
        "--threads",
        "1",
        "--seconds",
        "0.3",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["labels_per_sec"].as_f64().unwrap() > 0.0);
    let mib = report["labels_per_sec"].as_f64().unwrap() * 2.0 / 1048576.0;
    assert!((report["mib_per_sec"].as_f64().unwrap() - mib).abs() < 1e-9);
    assert_eq!(report["threads"], 1);
    assert_eq!(report["n"], 64);
    assert_eq!(report["bits"], 16);
}

/// Runs `pos compute` with one argument replaced and checks the rejection.
fn assert_rejected(replace: (&str, &str), expect_in_message: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.bin");
    let out_arg = out.to_str().unwrap().to_owned();
    let mut args = vec![
        ("--id", FF.to_owned()),
        ("--salt", SEQ.to_owned()),
        ("--n", "512".into()),
        ("--bits", "8".into()),
        ("--start", "0".into()),
        ("--count", "10".into()),
        ("--out", out_arg),
    ];
    for (flag, value) in &mut args {
        if *flag == replace.0 {
            *value = replace.1.to_owned();
        }
    }
    let mut cmd = Command::new(POS);
    cmd.arg("compute");
    for (flag, value) in &args {
        cmd.arg(flag).arg(value);
    }
    let o = cmd.output().unwrap();
    let message = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{replace:?}: {message}");
    assert_eq!(
        message.lines().count(),
        1,
        "{replace:?}: one line expected: {message}"
    );
    assert!(message.starts_with("pos: "), "{message}");
    assert!(
        message.contains(expect_in_message),
        "{replace:?}: {message}"
    );
    assert!(o.stdout.is_empty());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "{replace:?} wrote {left:?}");
}

#[test]
fn bad_input_is_rejected_with_one_line_and_writes_nothing() {
    assert_rejected(("--id", "abc"), "id must be 64 hex digits");
    assert_rejected(("--id", &"0".repeat(66)), "id must be 64 hex digits");
    assert_rejected(("--salt", &"g".repeat(64)), "salt must be 64 hex digits");
    for n in ["0", "3", "2097152", "x"] {
        assert_rejected(("--n", n), "N must be a power of two from 2 to 1048576");
    }
    for bits in ["0", "257"] {
        assert_rejected(("--bits", bits), "label size must be 1 to 256 bits");
    }
    assert_rejected(("--count", "0"), "count must be at least 1");
    assert_rejected(
        ("--start", &u64::MAX.to_string()),
        "does not fit in 64 bits",
    );
    assert_rejected(("--count", "ten"), "--count");
}

#[test]
fn unwritable_out_is_rejected_before_computing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("out.bin");
    for target in [missing.as_path(), dir.path()] {
        let o = pos(&[
            "compute",
            "--id",
            FF,
            "--salt",
            SEQ,
            "--n",
            "512",
            "--bits",
            "8",
            "--count",
            "10",
            "--out",
            target.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1);
        assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_and_leaves_no_file() {
    use std::path::Path;
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.bin");
    // Far more work than the test waits for.
    let child = Command::new(POS)
        .args([
            "compute", "--id", FF, "--salt", SEQ, "--n", "65536", "--bits", "8", "--count",
            "100000",
        ])
        .args(["--out", out.to_str().unwrap()])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let partial = Path::new(out.to_str().unwrap()).with_extension("bin.partial");
    for _ in 0..100 {
        if partial.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(partial.exists(), "pos did not start writing");
    std::thread::sleep(Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "files were left behind"
    );
}
