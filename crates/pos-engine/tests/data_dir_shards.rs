//! One job written by several shards at once (`DataDir::open_shard`): each writes only
//! its files, each file under its own lock and with its own checkpoint; readers add
//! them up, and opening the job whole folds them into the metadata. The processes of
//! `pos job run --shard` are in pos-cli's `tests/shards.rs`; these are the same rules
//! inside one process, where every step can be set up exactly.

mod data_support;

use std::fs;
use std::path::Path;

use data_support::{names_in, stream};
use pos_engine::data_dir::{
    BatchRecord, DataDir, DataDirError, DataLayout, FileNaming, META_FILE, Shard,
};
use pos_labels::{Difficulty, LabelBits, LabelParams, ScryptN};

fn layout(pow: Option<Difficulty>) -> DataLayout {
    DataLayout {
        params: LabelParams {
            id: [3; 32],
            salt: [4; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(8).unwrap(),
        },
        // 5 files of 64 labels and one of 40.
        total_labels: 360,
        max_file_bytes: 64,
        pow,
        naming: FileNaming::Numbered,
    }
}

fn shard(s: &str) -> Shard {
    s.parse().unwrap()
}

/// Claims file `index` and appends `count` labels at its checkpoint.
fn append(data: &DataDir, index: usize, count: u64, record: BatchRecord) {
    data.claim_file(index).unwrap();
    let span = data.file_span(index).unwrap();
    let done = data.durable_labels_in(index);
    let bytes = stream(&data.layout().params, span.first_position + done, count);
    data.append_durable(index, done, &bytes, count, record)
        .unwrap();
}

fn fill(data: &DataDir, index: usize) {
    let span = data.file_span(index).unwrap();
    let left = span.labels - data.durable_labels_in(index);
    if left > 0 {
        append(data, index, left, BatchRecord::default());
    }
}

fn created(dir: &Path, pow: Option<Difficulty>) -> DataLayout {
    let layout = layout(pow);
    drop(DataDir::create_or_open(dir, &layout).unwrap());
    layout
}

#[test]
fn shards_write_their_own_files_and_readers_add_their_checkpoints_up() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    let layout = created(&dir, None);
    let meta_before = fs::read(dir.join(META_FILE)).unwrap();
    let (a, b) = (
        DataDir::open_shard(&dir, &layout, shard("0/2")).unwrap(),
        DataDir::open_shard(&dir, &layout, shard("1/2")).unwrap(),
    );
    assert!(a.writes_file(0) && a.writes_file(4) && !a.writes_file(1));
    let record = |secs| BatchRecord {
        pow_solution: None,
        compute_secs: secs,
    };
    append(&a, 0, 64, record(1.5));
    append(&b, 1, 16, record(2.0));
    append(&a, 2, 8, record(0.5));
    // Each shard counts its own files.
    assert_eq!(a.progress(), (72, 64 * 3));
    assert_eq!(b.progress(), (16, 64 * 2 + 40));
    // pos-meta.json is not touched by shards; readers see every checkpoint.
    assert_eq!(fs::read(dir.join(META_FILE)).unwrap(), meta_before);
    let status = DataDir::read_status(&dir).unwrap();
    assert_eq!(status.durable_labels, 64 + 16 + 8);
    assert_eq!(status.compute_seconds, 4.0);
    let f1 = &status.files[1];
    assert!(f1.being_written, "shard 1/2 holds file 1");
    assert_eq!(f1.writer.as_ref().unwrap().shard, "1/2");
    assert_eq!(f1.writer.as_ref().unwrap().pid, std::process::id());
    assert!(!status.files[0].being_written, "a complete file is let go");
    let writing = status.shards_writing().unwrap();
    assert!(writing.contains("shard 1/2 (process"), "{writing}");
    assert!(writing.contains("writes postdata_1.bin"), "{writing}");
    assert!(writing.contains("1 of 6 files are complete"), "{writing}");

    // A shard writes a file only once it holds its lock.
    let unclaimed = a.append_durable(4, 0, &[0; 8], 8, BatchRecord::default());
    assert!(
        matches!(unclaimed, Err(DataDirError::BadRequest(_))),
        "{unclaimed:?}"
    );
    // A shard may not write another shard's files, nor the job's metadata.
    assert!(matches!(a.claim_file(1), Err(DataDirError::BadRequest(_))));
    assert!(matches!(
        a.record_search(BatchRecord::default(), 400),
        Err(DataDirError::BadRequest(_))
    ));

    // While shards run, the job cannot be opened whole; once they are gone it can, and
    // their checkpoints and locks are folded away.
    assert!(matches!(
        DataDir::open(&dir),
        Err(DataDirError::InUse { .. })
    ));
    for i in [0, 2, 4] {
        fill(&a, i);
    }
    for i in [1, 3, 5] {
        fill(&b, i);
    }
    drop((a, b));
    let done = DataDir::read_status(&dir).unwrap();
    assert!(done.is_complete());
    assert_eq!(done.shards_writing(), None);
    let whole = DataDir::open(&dir).unwrap();
    assert!(whole.is_complete());
    // The shards' locks are gone; their checkpoints stay (the labels are in
    // pos-meta.json now too), and keep the compute time.
    let left: Vec<String> = names_in(&dir)
        .into_iter()
        .filter(|n| n.ends_with(".lock") && n != "pos-meta.lock" || n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let folded = fs::read_to_string(dir.join(META_FILE)).unwrap();
    assert!(folded.contains("\"durable_labels\": 64"), "{folded}");
    assert!(dir.join("postdata_1.checkpoint.json").exists());
    assert_eq!(DataDir::read_status(&dir).unwrap().compute_seconds, 4.0);
    let data: Vec<u8> = (0..6)
        .flat_map(|i| fs::read(dir.join(format!("postdata_{i}.bin"))).unwrap())
        .collect();
    assert_eq!(data, stream(&layout.params, 0, 360));
    // And while it is open whole, no shard can open it.
    assert!(matches!(
        DataDir::open_shard(&dir, &layout, shard("0/2")),
        Err(DataDirError::InUse { .. })
    ));
    // Delete removes what the shards wrote too, and then the folder.
    let outcome = whole.delete().unwrap();
    assert!(outcome.folder_removed, "{:?}", outcome.removed);
}

#[test]
fn shards_files_copied_with_their_checkpoints_bring_their_labels() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, all) = (tmp.path().join("a"), tmp.path().join("all"));
    let layout = created(&a, None);
    created(&all, None);
    let shard = DataDir::open_shard(&a, &layout, shard("1/3")).unwrap();
    fill(&shard, 1);
    append(&shard, 4, 16, BatchRecord::default());
    drop(shard);
    // Opened whole once (verify, say): the checkpoints stay beside the files.
    drop(DataDir::open(&a).unwrap());
    for name in names_in(&a)
        .into_iter()
        .filter(|n| n.starts_with("postdata_"))
    {
        fs::copy(a.join(&name), all.join(&name)).unwrap();
    }
    let status = DataDir::read_status(&all).unwrap();
    assert_eq!(status.files[1].durable_labels, 64);
    assert_eq!(status.files[4].durable_labels, 16);
    let whole = DataDir::open(&all).unwrap();
    assert_eq!(whole.durable_labels(), 80);
    assert_eq!(
        fs::read(all.join("postdata_1.bin")).unwrap(),
        stream(&layout.params, 64, 64)
    );
}

#[test]
fn a_second_copy_of_a_shard_and_an_overlapping_shard_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    let layout = created(&dir, None);
    let running = DataDir::open_shard(&dir, &layout, shard("1/4")).unwrap();
    for (other, overlaps) in [
        ("1/4", true),
        ("1/2", true),
        ("3/8", false),
        ("5/8", true),
        ("0/4", false),
        ("2/2", false),
    ] {
        let Ok(other) = other.parse::<Shard>() else {
            // 2/2 is not a shard at all.
            continue;
        };
        match DataDir::open_shard(&dir, &layout, other) {
            Err(DataDirError::ShardOverlap { other: with, .. }) if overlaps => {
                assert_eq!(with, "1/4")
            }
            Ok(_) if !overlaps => {}
            result => panic!("{other}: {:?}", result.map(|_| ())),
        }
    }
    drop(running);
    assert!(DataDir::open_shard(&dir, &layout, shard("1/2")).is_ok());
}

#[test]
fn two_writers_never_write_one_file_even_when_the_shard_locks_are_got_round() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    let layout = created(&dir, None);
    let first = DataDir::open_shard(&dir, &layout, shard("0/2")).unwrap();
    append(&first, 0, 8, BatchRecord::default());
    // Someone removed the shard lock file: a shard of another count opens... On
    // Windows a held lock file cannot be removed (share mode 0): there is no way round.
    let removed = fs::remove_file(dir.join("pos-shard-0-of-2.lock"));
    if cfg!(windows) {
        assert!(removed.is_err(), "a held shard lock was removed on Windows");
        return;
    }
    removed.unwrap();
    let second = DataDir::open_shard(&dir, &layout, shard("0/3")).unwrap();
    // ...but the file that the first shard writes stays its own.
    match second.claim_file(0) {
        Err(DataDirError::FileInUse { writer, .. }) => {
            assert!(writer.contains("shard 0/2"), "{writer}")
        }
        other => panic!("{other:?}"),
    }
    // Once the first is gone, the second takes the file over from its checkpoint.
    drop(first);
    append(&second, 0, 8, BatchRecord::default());
    assert_eq!(second.durable_labels_in(0), 16);
}

#[test]
fn a_killed_shards_unrecorded_bytes_are_cut_when_its_file_is_taken_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    let layout = created(&dir, None);
    let data = DataDir::open_shard(&dir, &layout, shard("1/2")).unwrap();
    append(&data, 1, 16, BatchRecord::default());
    drop(data);
    // A write that the checkpoint never recorded (the process was killed).
    let path = dir.join("postdata_1.bin");
    let mut bytes = fs::read(&path).unwrap();
    bytes.extend_from_slice(&[0xee; 8]);
    fs::write(&path, &bytes).unwrap();
    let again = DataDir::open_shard(&dir, &layout, shard("1/2")).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        24,
        "not cut before the file is taken"
    );
    again.claim_file(1).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().len(), 16);
    fill(&again, 1);
    assert_eq!(fs::read(&path).unwrap(), stream(&layout.params, 64, 64));
}

#[test]
fn the_lowest_pow_solution_of_all_shards_is_the_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("job");
    let layout = created(&dir, Some(Difficulty([0xff; 32])));
    let (a, b) = (
        DataDir::open_shard(&dir, &layout, shard("0/2")).unwrap(),
        DataDir::open_shard(&dir, &layout, shard("1/2")).unwrap(),
    );
    let found = |position| BatchRecord {
        pow_solution: Some(position),
        compute_secs: 0.0,
    };
    append(&b, 1, 8, found(64));
    append(&a, 0, 8, found(0));
    append(&a, 2, 8, found(128));
    assert_eq!(DataDir::read_status(&dir).unwrap().pow_solution, Some(0));
    drop((a, b));
    assert_eq!(DataDir::open(&dir).unwrap().pow_solution(), Some(0));
}

#[test]
fn a_checkpoint_of_another_job_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, other) = (tmp.path().join("job"), tmp.path().join("other"));
    let layout = created(&dir, None);
    let mut other_layout = layout.clone();
    other_layout.params.salt = [9; 32];
    drop(DataDir::create_or_open(&other, &other_layout).unwrap());
    let data = DataDir::open_shard(&other, &other_layout, shard("0/1")).unwrap();
    append(&data, 0, 8, BatchRecord::default());
    drop(data);
    fs::copy(
        other.join("postdata_0.checkpoint.json"),
        dir.join("postdata_0.checkpoint.json"),
    )
    .unwrap();
    let err = DataDir::read_status(&dir).unwrap_err();
    assert!(matches!(err, DataDirError::BadMetadata { .. }), "{err}");
    assert!(err.to_string().contains("belongs to another job"), "{err}");
    assert!(DataDir::open(&dir).is_err(), "nothing is folded from it");
}

#[test]
fn shards_are_written_i_slash_k() {
    assert_eq!(shard("3/4"), Shard::new(3, 4).unwrap());
    assert_eq!(shard(" 0 / 1 ").to_string(), "0/1");
    for bad in ["4/4", "1/0", "a/4", "3", "-1/4", ""] {
        assert!(bad.parse::<Shard>().is_err(), "{bad}");
    }
    assert!(
        Shard::new(1, 4)
            .unwrap()
            .overlaps(&Shard::new(5, 8).unwrap())
    );
    assert!(
        !Shard::new(1, 4)
            .unwrap()
            .overlaps(&Shard::new(3, 8).unwrap())
    );
    assert!(
        Shard::new(0, 3)
            .unwrap()
            .overlaps(&Shard::new(1, 2).unwrap())
    );
}
