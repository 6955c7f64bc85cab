//! A data folder against a second writer, planted links, files changed behind its
//! back, another job's folder in its place, and a checkpoint whose folder fsync
//! failed (issues 12 and 14).

mod data_support;

use std::fs;

use data_support::names_in;
use pos_engine::data_dir::fault::{self, Fault, Op, Rule, Target};
use pos_engine::data_dir::{
    BatchRecord, DataDir, DataDirError, DataLayout, FileNaming, LOCK_FILE, META_FILE,
    data_file_name,
};
use pos_labels::{ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};

const NONE: BatchRecord = BatchRecord {
    pow_solution: None,
    compute_secs: 0.0,
};

fn layout_with_id(id: u8) -> DataLayout {
    DataLayout {
        params: LabelParams {
            id: [id; 32],
            salt: [9; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(8).unwrap(),
        },
        // Files of 64 labels: 64 + 64 + 32.
        total_labels: 160,
        max_file_bytes: 64,
        pow: None,
        naming: FileNaming::Numbered,
    }
}

fn layout() -> DataLayout {
    layout_with_id(1)
}

fn stream(layout: &DataLayout) -> Vec<u8> {
    let mut out = vec![0u8; layout.params.bits.packed_len(layout.total_labels).unwrap()];
    let range = PositionRange::new(0, layout.total_labels).unwrap();
    compute_labels(&layout.params, range, &mut out, &ComputeOptions::default()).unwrap();
    out
}

/// Appends `count` labels to file `index` at its checkpoint.
fn append(dir: &DataDir, index: usize, count: u64) -> Result<(), DataDirError> {
    let all = stream(dir.layout());
    let span = dir.file_span(index).unwrap();
    let done = dir.durable_labels_in(index);
    let start = (span.first_position + done) as usize;
    dir.append_durable(
        index,
        done,
        &all[start..start + count as usize],
        count,
        NONE,
    )
}

fn fill(dir: &DataDir) {
    for i in 0..dir.file_count() {
        let left = dir.file_span(i).unwrap().labels - dir.durable_labels_in(i);
        append(dir, i, left).unwrap();
    }
}

fn assert_in_use(result: Result<DataDir, DataDirError>) {
    match result {
        Err(DataDirError::InUse { .. }) => {}
        Err(other) => panic!("expected InUse, got {other}"),
        Ok(_) => panic!("a second open of the same data was allowed"),
    }
}

// ---------------------------------------------------------------------------------
// A second writer

#[test]
fn a_second_open_in_the_same_process_is_refused_until_the_first_is_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let first = DataDir::create_or_open(&path, &layout()).unwrap();
    assert_in_use(DataDir::open(&path));
    assert_in_use(DataDir::create_or_open(&path, &layout()));
    assert_in_use(DataDir::open_expecting(&path, &layout()));
    // Another spelling of the same folder is the same folder.
    assert_in_use(DataDir::open(path.join("..").join("data")));
    // The status needs no lock.
    assert_eq!(DataDir::read_status(&path).unwrap().durable_labels, 0);
    drop(first);
    DataDir::open(&path).unwrap();
}

/// Where the OS lock does nothing inside one process (NFS, whose locks Linux keeps per
/// process) or at all (a file system without locks), the process's own registry still
/// refuses the second open.
#[test]
fn a_second_open_in_the_same_process_is_refused_where_the_file_system_cannot_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let no_locks = fault::inject(
        &path,
        Rule::always(Op::Lock, Target::Any, Fault::Unsupported),
    );
    let first = DataDir::create_or_open(&path, &layout()).unwrap();
    assert!(no_locks.fired() >= 1, "the lock was not even tried");
    assert_in_use(DataDir::open(&path));
    drop(first);
    let again = DataDir::open(&path).unwrap();
    fill(&again);
    assert!(again.is_complete());
}

/// The lock is the lock file's: a program that holds `pos-meta.lock` (another `pos`,
/// another computer on a network share) keeps every open out.
#[cfg(unix)]
#[test]
fn a_lock_held_on_the_lock_file_by_someone_else_refuses_the_open() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    drop(DataDir::create_or_open(&path, &layout()).unwrap());
    let lock_file = path.join(LOCK_FILE);
    assert!(
        lock_file.is_file(),
        "the lock file stays while the data does"
    );
    let other = fs::OpenOptions::new().write(true).open(&lock_file).unwrap();
    other.try_lock().unwrap();
    let err = DataDir::open(&path).err().expect("refused");
    assert!(matches!(err, DataDirError::InUse { .. }), "{err}");
    assert!(err.to_string().contains("in use"), "{err}");
    drop(other);
    DataDir::open(&path).unwrap();
}

#[test]
fn a_failed_open_leaves_no_lock_file_behind() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), b"mine").unwrap();
    let err = DataDir::open(tmp.path()).err().unwrap();
    assert!(matches!(err, DataDirError::NotADataFolder { .. }), "{err}");
    let single = FileNaming::SingleFile("1.pos".into());
    DataDir::open_named(tmp.path(), &single).err().unwrap();
    assert_eq!(names_in(tmp.path()), ["notes.txt"]);
}

// ---------------------------------------------------------------------------------
// Files that are not ours

/// Issue 12: opening a folder cut every data file back to its checkpoint, through a
/// symbolic link too.
#[cfg(unix)]
#[test]
fn a_symlinked_data_file_is_refused_and_its_target_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let dir = DataDir::create_or_open(&path, &layout()).unwrap();
    append(&dir, 0, 32).unwrap();
    drop(dir);
    // Someone replaces the data file by a link to a file of theirs (or of the user's).
    let victim = tmp.path().join("precious.txt");
    let precious = vec![7u8; 1000];
    fs::write(&victim, &precious).unwrap();
    fs::remove_file(path.join(data_file_name(0))).unwrap();
    std::os::unix::fs::symlink(&victim, path.join(data_file_name(0))).unwrap();

    let err = DataDir::open(&path).err().expect("refused");
    assert!(matches!(err, DataDirError::NotARegularFile { .. }), "{err}");
    assert_eq!(err.code(), "not_a_regular_file");
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(
        fs::read(&victim).unwrap(),
        precious,
        "the target was changed"
    );

    // Also for a file that has no bytes yet (it would be created and written to).
    fs::remove_file(path.join(data_file_name(0))).unwrap();
    fs::write(path.join(data_file_name(0)), &stream(&layout())[..32]).unwrap();
    std::os::unix::fs::symlink(&victim, path.join(data_file_name(1))).unwrap();
    let err = DataDir::open(&path).err().expect("refused");
    assert!(matches!(err, DataDirError::NotARegularFile { .. }), "{err}");
    assert_eq!(fs::read(&victim).unwrap(), precious);
}

/// A link planted after the folder was opened is refused at the first write to it.
#[cfg(unix)]
#[test]
fn a_link_planted_while_open_is_refused_at_the_write() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let dir = DataDir::create_or_open(&path, &layout()).unwrap();
    let victim = tmp.path().join("precious.txt");
    fs::write(&victim, b"").unwrap();
    std::os::unix::fs::symlink(&victim, path.join(data_file_name(1))).unwrap();
    let err = append(&dir, 1, 32).unwrap_err();
    assert!(matches!(err, DataDirError::NotARegularFile { .. }), "{err}");
    assert_eq!(fs::read(&victim).unwrap(), b"");
    assert_eq!(dir.durable_labels_in(1), 0);
}

#[test]
fn a_folder_where_a_data_file_should_be_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    drop(DataDir::create_or_open(&path, &layout()).unwrap());
    fs::create_dir(path.join(data_file_name(2))).unwrap();
    let err = DataDir::open(&path).err().expect("refused");
    assert!(matches!(err, DataDirError::NotARegularFile { .. }), "{err}");
}

/// Issue 14: never write when a data file's length is not where the write starts.
#[test]
fn a_data_file_changed_while_open_is_never_written_to() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let dir = DataDir::create_or_open(&path, &layout()).unwrap();
    append(&dir, 0, 16).unwrap();
    let file = path.join(data_file_name(0));

    // Another program appends to it.
    let mut grown = fs::read(&file).unwrap();
    grown.extend_from_slice(b"someone else's bytes");
    fs::write(&file, &grown).unwrap();
    let err = append(&dir, 0, 16).unwrap_err();
    assert!(
        matches!(err, DataDirError::UnexpectedFileLength { len, expected: 16, .. } if len == 36),
        "{err}"
    );
    assert_eq!(fs::read(&file).unwrap(), grown, "the file was changed");
    assert_eq!(dir.durable_labels_in(0), 16);

    // Another program cuts it short: nothing is written (and nothing grows it back).
    fs::write(&file, &grown[..8]).unwrap();
    let err = append(&dir, 0, 16).unwrap_err();
    assert!(
        matches!(err, DataDirError::UnexpectedFileLength { len: 8, .. }),
        "{err}"
    );
    assert_eq!(fs::read(&file).unwrap(), &grown[..8]);
    assert_eq!(DataDir::read_status(&path).unwrap().durable_labels, 16);

    // A file removed behind its back is not created again at the checkpoint.
    fs::remove_file(&file).unwrap();
    let err = append(&dir, 0, 16).unwrap_err();
    assert!(
        matches!(err, DataDirError::UnexpectedFileLength { len: 0, .. }),
        "{err}"
    );
    assert!(!file.exists());
}

// ---------------------------------------------------------------------------------
// This job's folder, and only this job's

/// Issue 14: reload and resume check that the folder holds this job's data, and
/// change nothing when it does not.
#[test]
fn open_expecting_refuses_another_jobs_data_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let b = DataDir::create_or_open(&path, &layout_with_id(2)).unwrap();
    append(&b, 0, 16).unwrap();
    drop(b);
    // Bytes past job B's checkpoint, which opening B would cut off.
    let file = path.join(data_file_name(0));
    let mut longer = fs::read(&file).unwrap();
    longer.extend_from_slice(&[1; 8]);
    fs::write(&file, &longer).unwrap();
    let meta_before = fs::read(path.join(META_FILE)).unwrap();

    let err = DataDir::open_expecting(&path, &layout_with_id(1))
        .err()
        .expect("job A must not open job B's data");
    match &err {
        DataDirError::ParamMismatch { field, .. } => assert_eq!(*field, "id"),
        other => panic!("expected ParamMismatch, got {other}"),
    }
    assert_eq!(fs::read(&file).unwrap(), longer, "B's file was cut");
    assert_eq!(fs::read(path.join(META_FILE)).unwrap(), meta_before);

    for (field, mut other) in [
        ("salt", layout_with_id(2)),
        ("N", layout_with_id(2)),
        ("label bits", layout_with_id(2)),
        ("total labels", layout_with_id(2)),
    ] {
        match field {
            "salt" => other.params.salt = [0; 32],
            "N" => other.params.n = ScryptN::new(32).unwrap(),
            "label bits" => other.params.bits = LabelBits::new(4).unwrap(),
            _ => other.total_labels += 8,
        }
        match DataDir::open_expecting(&path, &other).err().unwrap() {
            DataDirError::ParamMismatch { field: f, .. } => assert_eq!(f, field),
            e => panic!("{field}: {e}"),
        }
    }
    let b = DataDir::open_expecting(&path, &layout_with_id(2)).unwrap();
    assert_eq!(b.durable_labels(), 16);
}

/// Issue 14: a swapped drive must not make job A delete job B's folder. A's
/// `DataDir` is open when B's data takes the folder's place.
#[test]
fn delete_refuses_a_folder_that_now_holds_other_data() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let a = DataDir::create_or_open(&path, &layout_with_id(1)).unwrap();
    append(&a, 0, 16).unwrap();
    // Job B's drive now answers at A's path: B's metadata and data in the folder.
    let b_home = tmp.path().join("b");
    {
        let b = DataDir::create_or_open(&b_home, &layout_with_id(2)).unwrap();
        fill(&b);
    }
    fs::copy(b_home.join(META_FILE), path.join(META_FILE)).unwrap();
    for i in 0..3 {
        fs::copy(b_home.join(data_file_name(i)), path.join(data_file_name(i))).unwrap();
    }
    let before: Vec<Vec<u8>> = (0..3)
        .map(|i| fs::read(path.join(data_file_name(i))).unwrap())
        .collect();

    let err = a.delete().expect_err("A deleted B's data");
    assert!(matches!(err, DataDirError::FolderReplaced { .. }), "{err}");
    for (i, bytes) in before.iter().enumerate() {
        assert_eq!(&fs::read(path.join(data_file_name(i))).unwrap(), bytes);
    }
    assert!(path.join(META_FILE).is_file());
}

/// A drive swapped while the job runs: another folder answers at the job's path. The
/// job must not create its next file there, nor put its metadata over the other's.
#[cfg(unix)]
#[test]
fn a_folder_replaced_while_open_is_never_written_to() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let a = DataDir::create_or_open(&path, &layout_with_id(1)).unwrap();
    append(&a, 0, 64).unwrap();
    // B's folder, unopened, takes A's path (as a remounted drive would).
    let b_home = tmp.path().join("b");
    drop(DataDir::create_or_open(&b_home, &layout_with_id(2)).unwrap());
    fs::rename(&path, tmp.path().join("a-elsewhere")).unwrap();
    fs::rename(&b_home, &path).unwrap();
    let b_meta = fs::read(path.join(META_FILE)).unwrap();

    let err = append(&a, 1, 16).unwrap_err();
    assert!(matches!(err, DataDirError::FolderReplaced { .. }), "{err}");
    assert_eq!(err.code(), "folder_replaced");
    assert!(
        !path.join(data_file_name(1)).exists(),
        "A wrote into B's folder"
    );
    assert_eq!(fs::read(path.join(META_FILE)).unwrap(), b_meta);
    let err = a.flush().unwrap_err();
    assert!(matches!(err, DataDirError::FolderReplaced { .. }), "{err}");
    assert_eq!(fs::read(path.join(META_FILE)).unwrap(), b_meta);
}

/// Issue 12: delete removes only what the job created, never the folder while it
/// holds anything else.
#[test]
fn delete_removes_only_the_jobs_files() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("notes.txt"), b"mine").unwrap();
    fs::write(path.join("pos-meta.json.bak"), b"a backup").unwrap();
    fs::create_dir(path.join("sub")).unwrap();
    fs::write(path.join("sub").join("postdata_0.bin"), b"deeper").unwrap();
    let dir = DataDir::create_or_open(&path, &layout()).unwrap();
    // A data file's name, but past this job's three files.
    fs::write(path.join("postdata_7.bin"), b"not this job's").unwrap();
    fill(&dir);
    let outcome = dir.delete().unwrap();
    assert!(!outcome.folder_removed);
    let mut removed: Vec<String> = outcome
        .removed
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_owned())
        .collect();
    removed.sort();
    assert_eq!(
        removed,
        [
            META_FILE,
            LOCK_FILE,
            "postdata_0.bin",
            "postdata_1.bin",
            "postdata_2.bin"
        ]
    );
    assert_eq!(
        names_in(&path),
        ["notes.txt", "pos-meta.json.bak", "postdata_7.bin", "sub"]
    );
    assert_eq!(
        fs::read(path.join("sub").join("postdata_0.bin")).unwrap(),
        b"deeper"
    );

    // With nothing else there, the folder goes too, lock file and all.
    let alone = tmp.path().join("alone");
    let dir = DataDir::create_or_open(&alone, &layout()).unwrap();
    fill(&dir);
    assert!(dir.delete().unwrap().folder_removed);
    assert!(!alone.exists());
}

// ---------------------------------------------------------------------------------
// A checkpoint in place whose folder fsync failed

/// Issue 14: the metadata was renamed into place, then the folder fsync failed. The
/// new checkpoint is what the folder holds: it must be adopted, not undone by cutting
/// the data file under it (which left a file shorter than its checkpoint).
#[test]
fn a_checkpoint_renamed_into_place_is_adopted_when_the_folder_fsync_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let dir = DataDir::create_or_open(&path, &layout()).unwrap();
    append(&dir, 0, 16).unwrap();
    let failing = fault::inject(
        &path,
        Rule::once_after(Op::FsyncFolder, Target::Any, Fault::Io, 0),
    );
    let err = append(&dir, 0, 16).unwrap_err();
    assert_eq!(failing.fired(), 1);
    assert!(err.to_string().contains("fsync the folder"), "{err}");
    assert_eq!(
        dir.durable_labels_in(0),
        32,
        "the new checkpoint is current"
    );
    assert_eq!(DataDir::read_status(&path).unwrap().durable_labels, 32);
    assert_eq!(
        fs::metadata(path.join(data_file_name(0))).unwrap().len(),
        32
    );
    // The job goes on from there, in this process or after a reopen.
    append(&dir, 0, 16).unwrap();
    drop(dir);
    let dir = DataDir::open(&path).unwrap();
    assert_eq!(dir.durable_labels_in(0), 48);
    fill(&dir);
    let all: Vec<u8> = (0..3)
        .flat_map(|i| fs::read(path.join(data_file_name(i))).unwrap())
        .collect();
    assert_eq!(all, stream(&layout()));
}
