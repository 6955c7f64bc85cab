//! `pos job create | run | status | verify` as a user runs them, on real folders: the
//! data must be byte-identical to `pos compute` over the same range, damage must be
//! found and named, and bad input must change nothing.

mod support;

use std::path::Path;

use support::{
    ID, JobSpec, SALT, assert_complete_and_correct, assert_fails, assert_success, data_files,
    data_stream, path_arg, pos, status, stdout,
};

/// Creates, checks the empty status, runs, checks status and a full verify; returns
/// the expected data.
fn create_run_and_check(dir: &Path, job: &JobSpec, files: usize) -> Vec<u8> {
    let expected = job.expected();
    let created = pos(&job.create_args(dir));
    assert_success(&created, "pos job create");
    let summary = stdout(&created);
    assert!(summary.contains("Created job"), "{summary}");
    assert!(
        summary.contains(&format!("pos job run {}", dir.display())),
        "{summary}"
    );

    let before = status(dir);
    assert_eq!(before["complete"], false);
    assert_eq!(before["durable_labels"], 0);
    assert_eq!(before["total_labels"], job.labels);
    assert_eq!(before["total_bytes"], expected.len() as u64);
    assert_eq!(before["files"].as_array().unwrap().len(), files);
    assert_eq!(before["id"], ID);
    assert_eq!(before["salt"], SALT);

    let run = pos(&["job", "run", path_arg(dir)]);
    assert_success(&run, "pos job run");
    assert!(
        stdout(&run).contains(&format!("completed: {} labels", job.labels)),
        "{}",
        stdout(&run)
    );
    assert_complete_and_correct(dir, &expected);

    let after = status(dir);
    assert_eq!(after["durable_labels"], job.labels);
    assert_eq!(after["durable_bytes"], expected.len() as u64);
    assert_eq!(after["percent"], 100.0);
    assert_eq!(after["providers_used"], serde_json::json!(["cpu"]));
    assert!(after["compute_seconds"].as_f64().unwrap() > 0.0);

    let verified = pos(&["job", "verify", path_arg(dir), "--fraction", "1"]);
    assert_success(&verified, "pos job verify");
    assert_eq!(
        stdout(&verified).trim(),
        format!("verified {} labels: all correct", job.labels)
    );
    expected
}

#[test]
fn odd_label_size_in_several_files_matches_pos_compute() {
    let tmp = tempfile::tempdir().unwrap();
    // 512-byte files hold 1,360 labels of 3 bits: 4 files, the last one 920 labels.
    let job = JobSpec {
        n: 16,
        bits: 3,
        labels: 5000,
        max_file_size: Some("512"),
    };
    let dir = tmp.path().join("new").join("data");
    create_run_and_check(&dir, &job, 4);

    // Text status of a complete job, and a second run that has nothing left to do.
    let text = pos(&["job", "status", path_arg(&dir)]);
    assert_success(&text, "pos job status");
    let text = stdout(&text);
    assert!(text.contains("complete"), "{text}");
    assert!(text.contains("5,000 of 5,000 written (100.0%)"), "{text}");
    let again = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&again, "a second pos job run");
    assert!(stdout(&again).contains("completed: 5000 labels"));
}

/// Leaving room (half the CPU threads) changes the pace, never the labels.
#[test]
fn a_job_run_leaving_room_matches_pos_compute() {
    let tmp = tempfile::tempdir().unwrap();
    let job = JobSpec {
        n: 64,
        bits: 8,
        labels: 3000,
        max_file_size: Some("1KiB"),
    };
    let dir = tmp.path().join("data");
    job.create(&dir);
    let run = pos(&["job", "run", path_arg(&dir), "--leave-room"]);
    assert_success(&run, "pos job run --leave-room");
    support::assert_complete_and_correct(&dir, &job.expected());
}

#[test]
fn size_in_units_with_pow_matches_pos_compute_and_pos_pow() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    // About one hash in 16 is below 10 00 .. 00.
    let difficulty = format!("10{}", "0".repeat(62));
    let created = pos(&[
        "job",
        "create",
        path_arg(&dir),
        "--id",
        ID,
        "--salt",
        SALT,
        "--n",
        "512",
        "--bits",
        "8",
        "--size",
        "4KiB",
        "--max-file-size",
        "1KiB",
        "--difficulty",
        &difficulty,
        "--name",
        "four kibibytes",
    ]);
    assert_success(&created, "pos job create --size");
    assert!(stdout(&created).contains("Created job \"four kibibytes\""));
    let job = JobSpec {
        n: 512,
        bits: 8,
        labels: 4096,
        max_file_size: None,
    };
    let expected = job.expected();
    assert_eq!(status(&dir)["files"].as_array().unwrap().len(), 4);

    let run = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&run, "pos job run");
    assert_complete_and_correct(&dir, &expected);

    let lowest = pos(&[
        "pow",
        "--id",
        ID,
        "--salt",
        SALT,
        "--n",
        "512",
        "--difficulty",
        &difficulty,
    ]);
    assert_success(&lowest, "pos pow");
    let lowest: u64 = stdout(&lowest).trim().parse().unwrap();
    assert!(lowest < 4096, "the data should hold a solution");
    assert!(
        stdout(&run).contains(&format!("PoW solution: position {lowest}")),
        "{}",
        stdout(&run)
    );
    assert_eq!(status(&dir)["pow"]["lowest_solution"], lowest);
    assert_eq!(status(&dir)["pow"]["difficulty"], difficulty);
}

#[test]
fn verify_names_the_damaged_label_and_passes_once_it_is_repaired() {
    let tmp = tempfile::tempdir().unwrap();
    for bits in [3u64, 8] {
        let dir = tmp.path().join(format!("bits-{bits}"));
        let job = JobSpec {
            n: 16,
            bits,
            labels: 3000,
            max_file_size: Some("600"),
        };
        let files = (job.labels * bits).div_ceil(8).div_ceil(600) as usize;
        create_run_and_check(&dir, &job, files);

        let file = &data_files(&dir)[1];
        let first_position = status(&dir)["files"][1]["first_position"].as_u64().unwrap();
        let good = std::fs::read(file).unwrap();
        let byte = 100usize;
        let mut bad = good.clone();
        bad[byte] ^= 0xff;
        std::fs::write(file, &bad).unwrap();

        // Every bit of the byte is flipped: the first label hit is the one holding its bit 0.
        let label = byte as u64 * 8 / bits;
        let o = pos(&["job", "verify", path_arg(&dir), "--fraction", "1"]);
        assert_fails(
            &o,
            1,
            &[&format!(
                "label {label} of postdata_1.bin (position {}) is wrong",
                first_position + label
            )],
        );

        std::fs::write(file, &good).unwrap();
        let o = pos(&["job", "verify", path_arg(&dir)]);
        assert_success(&o, "pos job verify of repaired data");
        assert!(stdout(&o).contains("all correct"));
    }
}

/// Damage in two files (a changed byte, a zeroed stretch, the very last byte) is found and
/// written again: the folder is byte-identical to `pos compute` afterwards, a full verify
/// passes and a second repair finds nothing. A processor that is not there changes nothing.
#[test]
fn repair_gets_the_pos_compute_bytes_back_in_two_damaged_files() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("damaged");
    let job = JobSpec {
        n: 16,
        bits: 3,
        labels: 5000,
        max_file_size: Some("600"),
    };
    let files = (job.labels * job.bits).div_ceil(8).div_ceil(600) as usize;
    let expected = create_run_and_check(&dir, &job, files);
    let paths = data_files(&dir);
    let mut first = std::fs::read(&paths[0]).unwrap();
    first[17] ^= 0x5a;
    first[300..340].fill(0);
    std::fs::write(&paths[0], &first).unwrap();
    let last = paths.last().unwrap();
    let mut tail = std::fs::read(last).unwrap();
    *tail.last_mut().unwrap() ^= 0x80;
    std::fs::write(last, &tail).unwrap();
    let damaged = data_stream(&dir);
    assert_ne!(damaged, expected);

    let o = pos(&[
        "job",
        "repair",
        path_arg(&dir),
        "--no-gpu",
        "--provider",
        "gpu-post:0",
    ]);
    assert_fails(&o, 2, &["there is no processor \"gpu-post:0\"", "cpu"]);
    assert_eq!(data_stream(&dir), damaged, "a refused repair wrote nothing");

    let o = pos(&["job", "repair", path_arg(&dir), "--no-gpu"]);
    assert_success(&o, "pos job repair");
    let out = stdout(&o);
    let last_name = last.file_name().unwrap().to_str().unwrap();
    let last_label = tail.len() as u64 * 8 / job.bits - 1;
    assert!(out.contains("repaired"), "{out}");
    // 45..=47 hold byte 17's bits; the zeroed bytes 300..340 hold labels 800..=906, of
    // which some happen to be zero anyway.
    assert!(out.contains("postdata_0.bin: "), "{out}");
    assert!(out.contains("(45 to 47, 800 to "), "{out}");
    assert!(
        out.contains(&format!("{last_name}: 1 label ({last_label})")),
        "{out}"
    );
    assert!(out.contains("the data is whole again"), "{out}");
    assert_eq!(
        data_stream(&dir),
        expected,
        "the repaired data is pos compute's"
    );

    let o = pos(&["job", "verify", path_arg(&dir), "--fraction", "1"]);
    assert_success(&o, "pos job verify after the repair");
    let o = pos(&["job", "repair", path_arg(&dir), "--no-gpu"]);
    assert_success(&o, "a second pos job repair");
    assert!(stdout(&o).contains("none is damaged"), "{}", stdout(&o));
}

/// Runs `pos job create` with some arguments replaced, added, or removed (an empty
/// value), and checks that it fails with one line and leaves the folder as it was.
fn assert_create_rejected(tmp: &Path, changes: &[(&str, &str)], expect: &str) {
    let dir = tmp.join("new").join("data");
    let mut args: Vec<(&str, String)> = vec![
        ("--id", ID.into()),
        ("--salt", SALT.into()),
        ("--n", "16".into()),
        ("--bits", "8".into()),
        ("--labels", "1000".into()),
    ];
    for (flag, value) in changes {
        args.retain(|(f, _)| f != flag);
        if !value.is_empty() {
            args.push((flag, value.to_string()));
        }
    }
    let mut command = vec!["job".to_owned(), "create".into(), path_arg(&dir).into()];
    for (flag, value) in &args {
        command.push(flag.to_string());
        command.push(value.clone());
    }
    let before = listing(tmp);
    let o = pos(&command);
    assert_fails(&o, 2, &[expect]);
    assert!(o.stdout.is_empty(), "{changes:?}: {}", stdout(&o));
    assert_eq!(listing(tmp), before, "{changes:?} changed the folder");
}

/// Every path under `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            found.push(path.display().to_string());
        }
    }
    found.sort();
    found
}

#[test]
fn bad_input_to_create_is_one_line_exit_2_and_creates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let rejected =
        |changes: &[(&str, &str)], expect: &str| assert_create_rejected(t, changes, expect);
    rejected(&[("--id", "abc")], "id must be 64 hex digits");
    rejected(&[("--id", &"0".repeat(66))], "id must be 64 hex digits");
    rejected(&[("--salt", &"g".repeat(64))], "salt must be 64 hex digits");
    rejected(&[("--n", "3")], "N must be a power of two");
    rejected(&[("--n", "2097152")], "N must be a power of two");
    rejected(&[("--n", "many")], "--n");
    rejected(&[("--bits", "0")], "label size must be 1 to 256 bits");
    rejected(&[("--bits", "257")], "label size must be 1 to 256 bits");
    rejected(&[("--labels", "0")], "at least one label");
    rejected(
        &[("--difficulty", "12")],
        "difficulty must be 64 hex digits",
    );
    rejected(&[("--name", " ")], "needs a name");
    rejected(&[("--size", "1KiB")], "cannot be used with");
    rejected(&[("--labels", "")], "--labels <COUNT>|--size <SIZE>");
    for size in ["12parsecs", "4G", "1.5", "1.5.2", ""] {
        let size = if size.is_empty() { " " } else { size };
        rejected(&[("--labels", ""), ("--size", size)], "--size");
    }
    rejected(
        &[("--labels", ""), ("--size", "31"), ("--bits", "256")],
        "no whole label of 256 bits",
    );
    rejected(
        &[("--labels", ""), ("--size", "1KiB"), ("--bits", "0")],
        "label size must be 1 to 256 bits",
    );
    // A file of 15 bytes cannot hold 8 labels of 16 bits (the smallest whole-byte unit).
    rejected(
        &[("--bits", "16"), ("--max-file-size", "15")],
        "cannot hold 8 labels",
    );
    rejected(&[("--max-file-size", "lots")], "--max-file-size");
    // Valid, but larger than any disk here: the folders made for it are removed again.
    rejected(
        &[
            ("--labels", ""),
            ("--size", "1PiB"),
            ("--max-file-size", "1TiB"),
        ],
        "not enough free space",
    );
}

#[test]
fn a_file_or_another_job_in_the_way_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let job = JobSpec {
        n: 16,
        bits: 8,
        labels: 1000,
        max_file_size: None,
    };
    let o = pos(&job.create_args(&file));
    assert_fails(&o, 2, &["notes.txt", "not a folder"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

    let dir = tmp.path().join("data");
    job.create(&dir);
    let meta = std::fs::read(dir.join("pos-meta.json")).unwrap();
    let other = JobSpec { bits: 16, ..job };
    let o = pos(&other.create_args(&dir));
    assert_fails(&o, 2, &["already holds data with label bits 8"]);
    assert_eq!(std::fs::read(dir.join("pos-meta.json")).unwrap(), meta);

    // The same job again is fine: the folder is kept as it is.
    let o = pos(&job.create_args(&dir));
    assert_success(&o, "pos job create of the same job");
    assert!(stdout(&o).contains("already holds this job, 0 of 1,000 labels written"));

    // Commands on a folder that holds no job, or on nothing at all.
    for command in ["run", "status", "verify"] {
        let o = pos(&["job", command, path_arg(tmp.path())]);
        assert_fails(&o, 2, &["not a PoS data folder"]);
        let o = pos(&["job", command, path_arg(&tmp.path().join("missing"))]);
        assert_fails(&o, 2, &["does not exist"]);
        let o = pos(&["job", command, path_arg(&file)]);
        assert_fails(&o, 2, &["is a file"]);
    }
}
