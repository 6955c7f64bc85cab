//! Data folders on real files: create, resume, refuse, cut back, lay out, verify,
//! delete. (A full disk is in `data_dir_full_disk.rs`.)

mod data_support;

use std::fs;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use data_support::{names_in, stream};
use pos_engine::data_dir::{
    BatchRecord, DataDir, DataDirError, DataLayout, FileNaming, LOCK_FILE, META_FILE,
    data_file_name, label_matches,
};
use pos_labels::{Difficulty, LabelBits, LabelParams, ScryptN};

fn params(bits: u64) -> LabelParams {
    LabelParams {
        id: [7; 32],
        salt: std::array::from_fn(|i| i as u8),
        n: ScryptN::new(16).unwrap(),
        bits: LabelBits::new(bits).unwrap(),
    }
}

fn layout(bits: u64, total_labels: u64, max_file_bytes: u64) -> DataLayout {
    DataLayout {
        params: params(bits),
        total_labels,
        max_file_bytes,
        pow: None,
        naming: FileNaming::Numbered,
    }
}

const NONE: BatchRecord = BatchRecord {
    pow_solution: None,
    compute_secs: 0.0,
};

/// Computes and appends file `index` from its checkpoint to its end, in batches whose
/// sizes cycle through `batches` (multiples of 8) and a shorter last one.
fn fill_file(dir: &DataDir, index: usize, batches: &[u64]) {
    let span = dir.file_span(index).unwrap();
    let mut done = dir.durable_labels_in(index);
    for &size in batches.iter().cycle() {
        if done == span.labels {
            break;
        }
        let count = size.min(span.labels - done);
        let bytes = stream(&dir.layout().params, span.first_position + done, count);
        dir.append_durable(index, done, &bytes, count, NONE)
            .unwrap();
        done += count;
        assert_eq!(dir.durable_labels_in(index), done);
    }
}

fn fill(dir: &DataDir, batches: &[u64]) {
    for i in 0..dir.file_count() {
        fill_file(dir, i, batches);
    }
}

fn concatenated(dir: &Path, files: usize) -> Vec<u8> {
    (0..files)
        .flat_map(|i| fs::read(dir.join(data_file_name(i))).unwrap())
        .collect()
}

#[test]
fn files_concatenate_to_the_packed_stream_for_every_label_size() {
    // (bits, max file bytes): files of 40, 16, 8 and 8 labels; 203 labels leave a
    // short last file whose last batch is not a whole number of bytes for L = 1, 3.
    for (bits, max) in [(1u64, 5u64), (3, 7), (8, 10), (256, 300)] {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("data");
        let layout = layout(bits, 203, max);
        let dir = DataDir::create_or_open(&path, &layout).unwrap();
        let lpf = layout.labels_per_file().unwrap();
        assert_eq!(dir.file_count() as u64, 203u64.div_ceil(lpf));
        fill(&dir, &[8, 24, 16, 64, 8, 40]);
        assert!(dir.is_complete());
        for i in 0..dir.file_count() {
            let len = fs::metadata(path.join(data_file_name(i))).unwrap().len();
            assert!(len <= max, "L={bits}: file {i} is {len} bytes, max {max}");
            assert_eq!(len, dir.file_span(i).unwrap().bytes);
        }
        let expected = stream(&layout.params, 0, 203);
        assert_eq!(concatenated(&path, dir.file_count()), expected, "L={bits}");
        let report = dir
            .verify(1.0, 1, &|_, _| {}, &AtomicBool::new(false))
            .unwrap();
        assert!(report.passed(), "L={bits}: {report:?}");
        assert_eq!(report.labels_checked, 203);
    }
}

#[test]
fn a_layout_whose_files_cannot_hold_8_labels_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let err = DataDir::create_or_open(tmp.path(), &layout(256, 10, 255))
        .err()
        .unwrap();
    assert!(matches!(err, DataDirError::InvalidLayout(_)), "{err}");
    assert!(err.to_string().contains("at least 256 bytes"), "{err}");
    assert!(names_in(tmp.path()).is_empty());
}

#[test]
fn create_then_resume_from_the_checkpoint() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("new").join("folder");
    let layout = layout(8, 100, 32);
    {
        let dir = DataDir::create_or_open(&path, &layout).unwrap();
        assert_eq!(dir.file_count(), 4);
        assert_eq!(dir.progress(), (0, 100));
        assert_eq!(dir.required_bytes(), 100);
        let bytes = stream(&layout.params, 0, 16);
        dir.append_durable(0, 0, &bytes, 16, NONE).unwrap();
        let bytes = stream(&layout.params, 32, 8);
        dir.append_durable(1, 0, &bytes, 8, NONE).unwrap();
        assert_eq!(dir.durable_labels(), 24);
        // Visible to a reader that takes no lock while the job holds the folder.
        assert_eq!(DataDir::read_status(&path).unwrap().durable_labels, 24);
    }
    let dir = DataDir::create_or_open(&path, &layout).unwrap();
    assert_eq!(dir.durable_labels_in(0), 16);
    assert_eq!(dir.durable_labels_in(1), 8);
    assert_eq!(dir.required_bytes(), 76);
    fill(&dir, &[8]);
    drop(dir);

    let dir = DataDir::open(&path).unwrap();
    assert_eq!(dir.layout(), &layout);
    let status = dir.status();
    assert!(status.is_complete());
    assert_eq!(status.progress(), 1.0);
    assert_eq!(status.files.len(), 4);
    assert_eq!(status.files[3].labels, 4);
    assert_eq!(concatenated(&path, 4), stream(&layout.params, 0, 100));
    assert_eq!(
        names_in(&path),
        [
            META_FILE,
            LOCK_FILE,
            "postdata_0.bin",
            "postdata_1.bin",
            "postdata_2.bin",
            "postdata_3.bin"
        ]
    );
}

#[test]
fn metadata_is_self_describing_json() {
    let tmp = tempfile::tempdir().unwrap();
    let mut layout = layout(3, 100, 7);
    let mut target = [0xffu8; 32];
    target[0] = 0x20;
    layout.pow = Some(Difficulty(target));
    let dir = DataDir::create_or_open(tmp.path(), &layout).unwrap();
    let record = BatchRecord {
        pow_solution: Some(12),
        compute_secs: 1.5,
    };
    dir.append_durable(0, 0, &stream(&layout.params, 0, 16), 16, record)
        .unwrap();
    dir.add_provider_used("cpu").unwrap();
    dir.add_provider_used("cpu").unwrap();
    dir.add_provider_used("gpu-post:2").unwrap();
    dir.set_pow_solution(Some(40)).unwrap();
    dir.set_pow_solution(Some(5)).unwrap();
    dir.set_pow_solution(None).unwrap();
    dir.add_compute_seconds(2.0);
    dir.flush().unwrap();

    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join(META_FILE)).unwrap()).unwrap();
    assert_eq!(json["schema_version"], 1);
    let p = &json["params"];
    assert_eq!(p["id"], "07".repeat(32));
    assert_eq!(p["salt"], hex_0_to_31());
    assert_eq!(
        (p["n"].as_u64(), p["label_bits"].as_u64()),
        (Some(16), Some(3))
    );
    assert_eq!(p["total_labels"], 100);
    assert_eq!(p["labels_per_file"], 16);
    assert_eq!(p["max_file_bytes"], 7);
    assert_eq!(json["files"].as_array().unwrap().len(), 7);
    assert_eq!(json["files"][0]["name"], "postdata_0.bin");
    assert_eq!(json["files"][0]["durable_labels"], 16);
    assert_eq!(json["files"][6]["labels"], 4);
    assert_eq!(json["pow"]["difficulty"], format!("20{}", "ff".repeat(31)));
    assert_eq!(json["pow"]["lowest_solution"], 5);
    assert_eq!(json["timings"]["compute_seconds"], 3.5);
    assert!(json["timings"]["created_unix_s"].as_u64().unwrap() > 1_600_000_000);
    assert_eq!(
        json["providers_used"],
        serde_json::json!(["cpu", "gpu-post:2"])
    );
    assert_eq!(dir.pow_solution(), Some(5));
}

fn hex_0_to_31() -> String {
    (0..32u8).map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_solution_without_pow_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::create_or_open(tmp.path(), &layout(8, 16, 16)).unwrap();
    assert!(matches!(
        dir.set_pow_solution(Some(3)),
        Err(DataDirError::BadRequest(_))
    ));
    let record = BatchRecord {
        pow_solution: Some(3),
        compute_secs: 0.0,
    };
    let err = dir.append_durable(0, 0, &[0; 8], 8, record).unwrap_err();
    assert!(matches!(err, DataDirError::BadRequest(_)), "{err}");
    assert_eq!(dir.durable_labels(), 0);
}

#[test]
fn different_parameters_name_the_field_that_differs() {
    let tmp = tempfile::tempdir().unwrap();
    let base = layout(8, 100, 32);
    drop(DataDir::create_or_open(tmp.path(), &base).unwrap());
    let meta_before = fs::read(tmp.path().join(META_FILE)).unwrap();

    let mut changes: Vec<(&str, DataLayout)> = Vec::new();
    let mut l = base.clone();
    l.params.id[0] = 1;
    changes.push(("id", l));
    let mut l = base.clone();
    l.params.salt[31] = 0;
    changes.push(("salt", l));
    let mut l = base.clone();
    l.params.n = ScryptN::new(32).unwrap();
    changes.push(("N", l));
    let mut l = base.clone();
    l.params.bits = LabelBits::new(4).unwrap();
    changes.push(("label bits", l));
    let mut l = base.clone();
    l.total_labels = 101;
    changes.push(("total labels", l));
    let mut l = base.clone();
    l.max_file_bytes = 64;
    changes.push(("max file size", l));
    let mut l = base.clone();
    l.pow = Some(Difficulty([0x10; 32]));
    changes.push(("difficulty", l));

    for (field, changed) in changes {
        let err = DataDir::create_or_open(tmp.path(), &changed).err().unwrap();
        match &err {
            DataDirError::ParamMismatch { field: f, .. } => assert_eq!(*f, field),
            other => panic!("{field}: {other}"),
        }
        assert!(err.to_string().contains(field), "{err}");
        assert_eq!(err.code(), "param_mismatch");
        assert_eq!(fs::read(tmp.path().join(META_FILE)).unwrap(), meta_before);
    }
}

#[test]
fn foreign_files_are_never_touched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path();
    fs::write(path.join("notes.txt"), b"mine").unwrap();
    fs::write(path.join("postdata_0.bin.bak"), b"also mine").unwrap();
    fs::create_dir(path.join("photos")).unwrap();
    let dir = DataDir::create_or_open(path, &layout(8, 40, 16)).unwrap();
    fill(&dir, &[8]);
    // Looks like ours, but this layout has 3 files.
    fs::write(path.join("postdata_9.bin"), b"not this job's").unwrap();
    drop(dir);
    let dir = DataDir::open(path).unwrap();
    assert!(
        dir.verify(1.0, 0, &|_, _| {}, &AtomicBool::new(false))
            .unwrap()
            .passed()
    );

    let outcome = dir.delete().unwrap();
    // Three data files, the metadata and the lock file.
    assert_eq!(outcome.removed.len(), 5, "{outcome:?}");
    assert!(!outcome.folder_removed);
    assert_eq!(
        names_in(path),
        [
            "notes.txt",
            "photos",
            "postdata_0.bin.bak",
            "postdata_9.bin"
        ]
    );
    assert_eq!(fs::read(path.join("notes.txt")).unwrap(), b"mine");
    assert_eq!(
        fs::read(path.join("postdata_9.bin")).unwrap(),
        b"not this job's"
    );
}

#[test]
fn delete_removes_a_folder_that_held_only_our_files() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let dir = DataDir::create_or_open(&path, &layout(8, 40, 16)).unwrap();
    fill_file(&dir, 0, &[16]);
    let outcome = dir.delete().unwrap();
    assert!(outcome.folder_removed);
    assert!(!path.exists());
}

#[test]
fn data_files_without_metadata_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("postdata_3.bin"), b"old data").unwrap();
    fs::write(tmp.path().join("postdata_12.bin"), b"old data").unwrap();
    let err = DataDir::create_or_open(tmp.path(), &layout(8, 40, 16))
        .err()
        .unwrap();
    assert!(
        matches!(err, DataDirError::DataWithoutMetadata { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("postdata_3.bin"), "{err}");
    let err = DataDir::open(tmp.path()).err().unwrap();
    assert!(
        matches!(err, DataDirError::DataWithoutMetadata { .. }),
        "{err}"
    );
    assert_eq!(names_in(tmp.path()), ["postdata_12.bin", "postdata_3.bin"]);
    assert_eq!(
        fs::read(tmp.path().join("postdata_3.bin")).unwrap(),
        b"old data"
    );
}

#[test]
fn a_folder_without_metadata_is_not_a_data_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let err = DataDir::open(tmp.path()).err().unwrap();
    assert!(matches!(err, DataDirError::NotADataFolder { .. }), "{err}");
    let err = DataDir::open(tmp.path().join("missing")).err().unwrap();
    assert!(matches!(err, DataDirError::Io { .. }), "{err}");
    let file = tmp.path().join("file");
    fs::write(&file, b"x").unwrap();
    let err = DataDir::create_or_open(&file, &layout(8, 40, 16))
        .err()
        .unwrap();
    assert!(matches!(err, DataDirError::NotAFolder { .. }), "{err}");
}

#[test]
fn damaged_or_newer_metadata_is_refused_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = layout(8, 40, 16);
    drop(DataDir::create_or_open(tmp.path(), &layout).unwrap());
    let meta = tmp.path().join(META_FILE);
    let good = fs::read_to_string(&meta).unwrap();

    let damaged: [&str; 3] = [
        "{ \"schema_version\": 1, \"params\": ",
        "not json",
        &good.replace("\"labels_per_file\": 16", "\"labels_per_file\": 8"),
    ];
    for text in damaged {
        fs::write(&meta, text).unwrap();
        let err = DataDir::create_or_open(tmp.path(), &layout).err().unwrap();
        assert!(matches!(err, DataDirError::BadMetadata { .. }), "{err}");
        assert_eq!(fs::read_to_string(&meta).unwrap(), text);
    }

    fs::write(
        &meta,
        good.replace("\"schema_version\": 1", "\"schema_version\": 2"),
    )
    .unwrap();
    let err = DataDir::open(tmp.path()).err().unwrap();
    assert!(
        matches!(err, DataDirError::NewerSchema { found: 2, .. }),
        "{err}"
    );
}

#[test]
fn an_over_long_file_is_cut_back_to_its_checkpoint_on_reopen() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path();
    let layout = layout(3, 64, 12); // 32 labels (12 bytes) per file
    let dir = DataDir::create_or_open(path, &layout).unwrap();
    dir.append_durable(0, 0, &stream(&layout.params, 0, 16), 16, NONE)
        .unwrap();
    drop(dir);
    // A crash after a write, before its checkpoint: file 0 has 6 bytes too many, and
    // file 1 was created and written with no checkpoint at all.
    let file0 = path.join("postdata_0.bin");
    let mut bytes = fs::read(&file0).unwrap();
    bytes.extend_from_slice(&[0xee; 6]);
    fs::write(&file0, &bytes).unwrap();
    fs::write(path.join("postdata_1.bin"), [0xee; 5]).unwrap();
    // And a temporary metadata file from an update the crash interrupted.
    fs::write(path.join("pos-meta.json.tmp"), b"{").unwrap();

    let dir = DataDir::open(path).unwrap();
    assert_eq!(fs::metadata(&file0).unwrap().len(), 6);
    assert_eq!(fs::metadata(path.join("postdata_1.bin")).unwrap().len(), 0);
    assert!(!path.join("pos-meta.json.tmp").exists());
    fill(&dir, &[8]);
    assert_eq!(concatenated(path, 2), stream(&layout.params, 0, 64));
}

#[test]
fn a_file_shorter_than_its_checkpoint_is_an_error_and_nothing_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path();
    let layout = layout(8, 32, 16);
    let dir = DataDir::create_or_open(path, &layout).unwrap();
    dir.append_durable(0, 0, &stream(&layout.params, 0, 8), 8, NONE)
        .unwrap();
    fill_file(&dir, 1, &[8]);
    drop(dir);
    let file0 = path.join("postdata_0.bin");
    fs::write(&file0, [1u8; 12]).unwrap(); // longer than its checkpoint of 8
    let file1 = path.join("postdata_1.bin");
    fs::write(&file1, [1u8; 15]).unwrap(); // shorter than its checkpoint of 16

    let err = DataDir::open(path).err().unwrap();
    match &err {
        DataDirError::FileShorterThanCheckpoint {
            path: p,
            len,
            expected,
        } => {
            assert_eq!((p.as_path(), *len, *expected), (file1.as_path(), 15, 16));
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("postdata_1.bin"), "{err}");
    assert_eq!(
        fs::metadata(&file0).unwrap().len(),
        12,
        "no file was changed"
    );

    fs::remove_file(&file1).unwrap();
    let err = DataDir::open(path).err().unwrap();
    assert!(
        matches!(err, DataDirError::FileShorterThanCheckpoint { len: 0, .. }),
        "{err}"
    );
}

#[test]
fn appends_must_continue_at_the_checkpoint_in_whole_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = layout(3, 37, 12); // files of 32 and 5 labels
    let dir = DataDir::create_or_open(tmp.path(), &layout).unwrap();
    let s = |start, count| stream(&layout.params, start, count);
    let refused = |r: Result<(), DataDirError>| {
        let err = r.unwrap_err();
        assert!(matches!(err, DataDirError::BadRequest(_)), "{err}");
    };
    refused(dir.append_durable(0, 8, &s(8, 8), 8, NONE));
    refused(dir.append_durable(0, 0, &s(0, 4), 4, NONE)); // 12 bits
    refused(dir.append_durable(0, 0, &s(0, 40), 40, NONE)); // past the end
    refused(dir.append_durable(0, 0, &s(0, 8)[..2], 8, NONE));
    refused(dir.append_durable(2, 0, &[], 0, NONE));
    assert_eq!(dir.durable_labels(), 0);
    dir.append_durable(0, 0, &s(0, 8), 8, NONE).unwrap();
    dir.append_durable(0, 8, &[], 0, NONE).unwrap();
    dir.append_durable(0, 8, &s(8, 24), 24, NONE).unwrap();
    // Only the last batch of a file may end inside a byte.
    refused(dir.append_durable(1, 0, &s(32, 3), 3, NONE));
    dir.append_durable(1, 0, &s(32, 5), 5, NONE).unwrap();
    refused(dir.append_durable(1, 5, &s(37, 1), 1, NONE));
    assert!(
        dir.verify(1.0, 0, &|_, _| {}, &AtomicBool::new(false))
            .unwrap()
            .passed()
    );
}

#[test]
fn different_files_are_written_from_several_threads_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = layout(8, 1000, 64);
    let dir = DataDir::create_or_open(tmp.path(), &layout).unwrap();
    std::thread::scope(|s| {
        for t in 0..4 {
            let dir = &dir;
            s.spawn(move || {
                for i in (t..dir.file_count()).step_by(4) {
                    fill_file(dir, i, &[8, 16, 32]);
                }
            });
        }
    });
    assert!(dir.is_complete());
    drop(dir);
    let dir = DataDir::open(tmp.path()).unwrap();
    assert!(dir.is_complete());
    assert_eq!(
        concatenated(tmp.path(), dir.file_count()),
        stream(&layout.params, 0, 1000)
    );
}

#[test]
fn a_data_dir_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<DataDir>();
}

#[cfg(unix)]
#[test]
fn a_folder_is_used_by_one_data_dir_at_a_time() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = layout(8, 40, 16);
    let dir = DataDir::create_or_open(tmp.path(), &layout).unwrap();
    let err = DataDir::open(tmp.path()).err().unwrap();
    assert!(matches!(err, DataDirError::InUse { .. }), "{err}");
    assert!(DataDir::read_status(tmp.path()).is_ok());
    drop(dir);
    DataDir::open(tmp.path()).unwrap();
}

#[test]
fn data_that_does_not_fit_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge");
    // 2^50 labels of 32 bytes, 32 PiB, in 32 files.
    let err = DataDir::create_or_open(&path, &layout(256, 1 << 50, 1 << 50))
        .err()
        .unwrap();
    match &err {
        DataDirError::NotEnoughSpace {
            needed, available, ..
        } => {
            assert!(*needed > 1 << 54, "{needed}");
            assert!(
                err.to_string()
                    .contains(&pos_engine::data_dir::human_bytes(*available))
            );
        }
        other => panic!("{other}"),
    }
    assert!(
        !path.exists(),
        "the folder made for a refused request is removed again"
    );

    let dir = DataDir::create_or_open(&path, &layout(8, 100, 32)).unwrap();
    assert!(dir.check_space().unwrap() >= 100);
    dir.check_writable().unwrap();
    assert_eq!(names_in(&path), [META_FILE, LOCK_FILE]);
}

#[test]
fn verify_finds_the_first_flipped_bit() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path();
    let layout = layout(3, 200, 12); // 32 labels per file, 7 files
    let dir = DataDir::create_or_open(path, &layout).unwrap();
    fill(&dir, &[16, 8]);
    let stop = AtomicBool::new(false);

    let calls = std::cell::Cell::new(0u64);
    let report = dir
        .verify(
            1.0,
            9,
            &|done, planned| {
                assert!(done <= planned);
                calls.set(calls.get() + 1);
            },
            &stop,
        )
        .unwrap();
    assert!(report.passed(), "{report:?}");
    assert_eq!((report.labels_checked, report.labels_planned), (200, 200));
    assert!(calls.get() >= 2);

    // Only the first and last label of each file (the last file has 8 labels).
    let ends = dir.verify(0.0, 9, &|_, _| {}, &stop).unwrap();
    assert_eq!(ends.labels_checked, 14);
    let sampled = dir.verify(0.25, 9, &|_, _| {}, &stop).unwrap();
    assert!(sampled.passed() && sampled.labels_checked > 14 && sampled.labels_checked < 200);
    assert_eq!(dir.verify(0.25, 9, &|_, _| {}, &stop).unwrap(), sampled);
    assert!(dir.verify(1.5, 9, &|_, _| {}, &stop).is_err());

    // Flip bit 0 of label 10 of file 2 (bits 30..=32 of that file: byte 3, bit 6) and
    // bit 0 of label 0 of file 4.
    for (file, byte, bit) in [(2usize, 3usize, 6u8), (4, 0, 0)] {
        let p = path.join(data_file_name(file));
        let mut bytes = fs::read(&p).unwrap();
        bytes[byte] ^= 1 << bit;
        fs::write(&p, bytes).unwrap();
    }
    let report = dir.verify(1.0, 9, &|_, _| {}, &stop).unwrap();
    assert!(!report.passed());
    assert_eq!(report.mismatches, 2);
    let first = report.first_mismatch.unwrap();
    assert_eq!(first.file_name, "postdata_2.bin");
    assert_eq!(
        (first.file_index, first.label_in_file, first.position),
        (2, 10, 74)
    );
    assert!(!dir.check_label_on_disk(2, 10).unwrap());
    assert!(dir.check_label_on_disk(2, 9).unwrap());
    assert!(dir.check_label_on_disk(2, 11).unwrap());

    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let stopped = dir.verify(1.0, 9, &|_, _| {}, &stop).unwrap();
    assert!(stopped.stopped && !stopped.passed());
}

#[test]
fn label_matches_compares_only_that_labels_bits() {
    for bits in [1u64, 3, 8, 13, 256] {
        let params = params(bits);
        let packed = stream(&params, 100, 24);
        for k in 0..24u64 {
            assert!(
                label_matches(&params, 100 + k, &packed, k),
                "L={bits} k={k}"
            );
        }
        let short = &packed[..(24 * bits as usize).div_ceil(8) - 1];
        assert!(
            !label_matches(&params, 123, short, 23),
            "L={bits}: too short"
        );
        assert!(!label_matches(&params, 124, &packed, 24), "past the end");
        // Flip one bit of label 5: only label 5 stops matching.
        let mut bad = packed.clone();
        let bit = 5 * bits as usize + (bits as usize - 1);
        bad[bit / 8] ^= 1 << (bit % 8);
        for k in 0..24u64 {
            assert_eq!(
                label_matches(&params, 100 + k, &bad, k),
                k != 5,
                "L={bits} k={k}"
            );
        }
    }
}
