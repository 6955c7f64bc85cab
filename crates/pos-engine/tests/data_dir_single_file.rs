//! Single-file data sets (`FileNaming::SingleFile`): every label in one named file
//! with its metadata beside it, several of them in one folder, as the old pos server
//! laid out `<job id>.pos`.

mod data_support;

use std::fs;
use std::sync::atomic::AtomicBool;

use data_support::names_in;
use pos_engine::data_dir::{BatchRecord, DataDir, DataDirError, DataLayout, FileNaming, META_FILE};
use pos_labels::{ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};

fn params(id: u8) -> LabelParams {
    LabelParams {
        id: [id; 32],
        salt: [9; 32],
        n: ScryptN::new(16).unwrap(),
        bits: LabelBits::new(3).unwrap(),
    }
}

fn single(name: &str, id: u8, total_labels: u64) -> DataLayout {
    DataLayout {
        max_file_bytes: u64::MAX,
        naming: FileNaming::SingleFile(name.into()),
        ..DataLayout::new(params(id), total_labels)
    }
}

fn stream(params: &LabelParams, count: u64) -> Vec<u8> {
    let mut out = vec![0u8; params.bits.packed_len(count).unwrap()];
    let range = PositionRange::new(0, count).unwrap();
    compute_labels(params, range, &mut out, &ComputeOptions::default()).unwrap();
    out
}

const NONE: BatchRecord = BatchRecord {
    pow_solution: None,
    compute_secs: 0.0,
};

/// Appends labels `from..to` of the data set's only file.
fn append(dir: &DataDir, from: u64, to: u64) {
    let all = stream(&dir.layout().params, to);
    let bits = dir.layout().params.bits.get() as u64;
    let bytes = &all[(from * bits / 8) as usize..];
    dir.append_durable(0, from, bytes, to - from, NONE).unwrap();
}

#[test]
fn the_labels_go_to_one_file_with_the_metadata_beside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let layout = single("7.pos", 1, 1000);
    let dir = DataDir::create_or_open(tmp.path(), &layout).unwrap();
    assert_eq!(dir.file_count(), 1);
    assert_eq!(dir.file_span(0).unwrap().name, "7.pos");
    append(&dir, 0, 504);
    append(&dir, 504, 1000);
    assert!(dir.is_complete());
    assert_eq!(
        names_in(tmp.path()),
        ["7.pos", "7.pos.lock", "7.pos.meta.json"]
    );
    assert_eq!(
        fs::read(tmp.path().join("7.pos")).unwrap(),
        stream(&layout.params, 1000)
    );
    let report = dir
        .verify(1.0, 1, &|_, _| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(report.passed(), "{report:?}");

    let meta: serde_json::Value =
        serde_json::from_slice(&fs::read(tmp.path().join("7.pos.meta.json")).unwrap()).unwrap();
    assert_eq!(meta["files"][0]["name"], "7.pos");
    assert_eq!(meta["params"]["max_file_bytes"], u64::MAX);
    let status = DataDir::read_status_named(tmp.path(), &layout.naming).unwrap();
    assert!(status.is_complete());
}

#[test]
fn data_sets_share_a_folder_and_resume_from_their_checkpoints() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let one = single("1.pos", 1, 800);
    let two = single("2.pos", 2, 800);
    let first = DataDir::create_or_open(tmp.path(), &one).unwrap();
    let second = DataDir::create_or_open(tmp.path(), &two).unwrap();
    append(&first, 0, 400);
    append(&second, 0, 800);
    drop((first, second));

    // A crash after a write but before its checkpoint: the bytes past it are cut off.
    let file = tmp.path().join("1.pos");
    let mut bytes = fs::read(&file).unwrap();
    bytes.extend([0xAA; 17]);
    fs::write(&file, bytes).unwrap();

    let first = DataDir::open_named(tmp.path(), &one.naming).unwrap();
    assert_eq!(first.durable_labels(), 400);
    assert_eq!(fs::metadata(&file).unwrap().len(), 400 * 3 / 8);
    append(&first, 400, 800);
    assert_eq!(fs::read(&file).unwrap(), stream(&one.params, 800));
    // The other data set is untouched, and the folder is no numbered data folder.
    assert_eq!(
        fs::read(tmp.path().join("2.pos")).unwrap(),
        stream(&two.params, 800)
    );
    let err = DataDir::open(tmp.path()).err().unwrap();
    assert!(matches!(err, DataDirError::NotADataFolder { .. }), "{err}");
    assert!(err.to_string().contains(META_FILE), "{err}");
}

#[test]
fn another_layout_under_the_same_name_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    drop(DataDir::create_or_open(tmp.path(), &single("1.pos", 1, 800)).unwrap());
    let err = DataDir::create_or_open(tmp.path(), &single("1.pos", 2, 800))
        .err()
        .unwrap();
    assert!(
        matches!(err, DataDirError::ParamMismatch { field: "id", .. }),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn one_data_set_is_opened_once_while_its_neighbours_stay_free() {
    let tmp = tempfile::tempdir().unwrap();
    let one = single("1.pos", 1, 800);
    let held = DataDir::create_or_open(tmp.path(), &one).unwrap();
    let err = DataDir::open_named(tmp.path(), &one.naming).err().unwrap();
    assert!(matches!(err, DataDirError::InUse { .. }), "{err}");
    assert!(err.to_string().contains("1.pos"), "{err}");
    // A neighbour and a numbered data set in the same folder open meanwhile.
    let two = DataDir::create_or_open(tmp.path(), &single("2.pos", 2, 800)).unwrap();
    let numbered = DataLayout::new(params(3), 80);
    drop(DataDir::create_or_open(tmp.path(), &numbered).unwrap());
    drop((held, two));
    DataDir::open_named(tmp.path(), &one.naming).unwrap();
}

#[test]
fn a_file_without_our_metadata_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("1.pos");
    fs::write(&old, b"labels of the old server").unwrap();
    let err = DataDir::create_or_open(tmp.path(), &single("1.pos", 1, 800))
        .err()
        .unwrap();
    assert!(
        matches!(err, DataDirError::DataWithoutMetadata { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("1.pos.meta.json"), "{err}");
    assert_eq!(fs::read(&old).unwrap(), b"labels of the old server");
    assert_eq!(names_in(tmp.path()), ["1.pos"]);

    // An empty file (a crash between creating and describing it) holds nothing.
    fs::write(&old, b"").unwrap();
    DataDir::create_or_open(tmp.path(), &single("1.pos", 1, 800)).unwrap();
}

#[test]
fn delete_removes_the_file_and_its_metadata_but_never_the_shared_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = DataDir::create_or_open(tmp.path(), &single("1.pos", 1, 800)).unwrap();
    append(&dir, 0, 800);
    let outcome = dir.delete().unwrap();
    assert!(!outcome.folder_removed);
    // The data file, its metadata and its lock file.
    assert_eq!(outcome.removed.len(), 3, "{outcome:?}");
    assert!(names_in(tmp.path()).is_empty());
    assert!(tmp.path().is_dir());
}

#[test]
fn single_files_must_fit_one_file_and_have_plain_names() {
    let tmp = tempfile::tempdir().unwrap();
    let mut split = single("1.pos", 1, 800);
    split.max_file_bytes = 64;
    let cases = [
        (split, "must be one file"),
        (single("", 1, 8), "not a file name"),
        (single("..", 1, 8), "not a file name"),
        (single("../1.pos", 1, 8), "path separator"),
        (single("a\\b", 1, 8), "path separator"),
        (single("c:x", 1, 8), "colon"),
        (single("pos-meta.json", 1, 8), "reserved"),
        (single("postdata_0.bin", 1, 8), "reserved"),
        (single("1.pos.meta.json", 1, 8), "reserved"),
        (single(&"x".repeat(201), 1, 8), "longer than 200 bytes"),
    ];
    for (layout, message) in cases {
        let err = DataDir::create_or_open(tmp.path(), &layout).err().unwrap();
        assert!(matches!(err, DataDirError::InvalidLayout(_)), "{err}");
        assert!(
            err.to_string().contains(message),
            "{err} should say {message}"
        );
    }
    assert!(names_in(tmp.path()).is_empty());
}
