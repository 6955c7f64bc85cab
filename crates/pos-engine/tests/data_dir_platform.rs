//! Data folders where Windows behaves unlike Unix, run on every platform and, by
//! scripts/test.sh, on Windows code under Wine: folders deeper than Windows' old 260
//! character limit (MAX_PATH), the checkpoint replaced while another program holds the
//! metadata open, the lock file that nobody can open while it is held (share mode 0 on
//! Windows), and free space.

use std::fs;
use std::path::{Path, PathBuf};

use pos_engine::data_dir::{
    BatchRecord, DataDir, DataDirError, DataLayout, FileNaming, LOCK_FILE, META_FILE, check_folder,
};
use pos_labels::{ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};

fn layout(total_labels: u64, max_file_bytes: u64) -> DataLayout {
    DataLayout {
        params: LabelParams {
            id: [3; 32],
            salt: [5; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(8).unwrap(),
        },
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

/// Writes every file of `data` in batches of 64 labels; returns the whole stream.
fn fill(data: &DataDir) -> Vec<u8> {
    let params = data.layout().params.clone();
    let mut all = Vec::new();
    for index in 0.. {
        let Some(span) = data.file_span(index) else {
            break;
        };
        let mut done = data.durable_labels_in(index);
        while done < span.labels {
            let count = 64.min(span.labels - done);
            let mut bytes = vec![0u8; params.bits.packed_len(count).unwrap()];
            let range = PositionRange::new(span.first_position + done, count).unwrap();
            compute_labels(&params, range, &mut bytes, &ComputeOptions::default()).unwrap();
            data.append_durable(index, done, &bytes, count, NONE)
                .unwrap();
            all.extend_from_slice(&bytes);
            done += count;
        }
    }
    all
}

/// The data files of `dir`, concatenated in order.
fn on_disk(dir: &Path, files: usize) -> Vec<u8> {
    (0..files)
        .flat_map(|i| fs::read(dir.join(pos_engine::data_dir::data_file_name(i))).unwrap())
        .collect()
}

/// A folder whose absolute path is longer than `chars` characters.
fn deep_folder(root: &Path, chars: usize) -> PathBuf {
    let mut dir = root.to_owned();
    let mut i = 0;
    while dir.as_os_str().len() <= chars {
        dir.push(format!("a-folder-name-of-forty-characters-{i:05}"));
        i += 1;
    }
    dir
}

#[test]
fn a_folder_deeper_than_260_characters_is_created_filled_reopened_and_deleted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = deep_folder(tmp.path(), 300);
    assert!(dir.as_os_str().len() > 260);
    let data = DataDir::create_or_open(&dir, &layout(500, 200)).unwrap();
    let written = fill(&data);
    drop(data);
    assert_eq!(on_disk(&dir, 3), written);

    let reopened = DataDir::open(&dir).unwrap();
    assert!(reopened.status().is_complete());
    let status = DataDir::read_status(&dir).unwrap();
    assert_eq!(status.durable_labels, 500);
    reopened.delete().unwrap();
    assert!(!dir.join(META_FILE).exists());
}

#[test]
#[cfg_attr(
    windows,
    ignore = "Wine 8 renames without POSIX semantics (FileRenameInfoEx), so a file another handle holds open cannot be replaced; Windows 10 1809+ on NTFS can"
)]
fn the_checkpoint_is_replaced_while_another_program_has_it_open() {
    // Another program (a backup tool, an editor) reading pos-meta.json as std opens
    // files: on Windows with FILE_SHARE_READ | WRITE | DELETE, which lets the engine
    // rename the new checkpoint over it.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let data = DataDir::create_or_open(&dir, &layout(256, 1 << 20)).unwrap();
    let reader = fs::File::open(dir.join(META_FILE)).unwrap();
    let written = fill(&data);
    assert_eq!(data.status().durable_labels, 256);
    drop(reader);
    drop(data);
    assert_eq!(DataDir::read_status(&dir).unwrap().durable_labels, 256);
    assert_eq!(on_disk(&dir, 1), written);
}

#[test]
fn a_held_folder_is_refused_to_a_second_writer_and_free_again_after() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let data = DataDir::create_or_open(&dir, &layout(64, 1 << 20)).unwrap();
    match DataDir::open(&dir) {
        Err(DataDirError::InUse { .. }) => {}
        Err(other) => panic!("expected InUse, got {other}"),
        Ok(_) => panic!("a second writer opened a held folder"),
    }
    // Windows: the lock file was opened with share mode 0, so no other open succeeds,
    // and the error is a sharing violation (ERROR_SHARING_VIOLATION, 32).
    #[cfg(windows)]
    {
        let other = fs::OpenOptions::new().read(true).open(dir.join(LOCK_FILE));
        assert_eq!(other.unwrap_err().raw_os_error(), Some(32));
    }
    #[cfg(not(windows))]
    assert!(dir.join(LOCK_FILE).is_file());
    drop(data);
    DataDir::open(&dir).unwrap();
}

#[test]
fn free_space_and_size_of_the_folders_disk_are_known() {
    let tmp = tempfile::tempdir().unwrap();
    let check = check_folder(tmp.path(), 1).unwrap();
    assert!(check.writable, "{:?}", check.not_writable_reason);
    assert!(check.free_bytes > 0, "{check:?}");
    assert!(check.total_bytes >= check.free_bytes, "{check:?}");
    assert!(check.enough_space());
    let data = DataDir::create_or_open(tmp.path().join("d"), &layout(64, 1 << 20)).unwrap();
    assert!(data.available_bytes().unwrap() > 0);
    data.check_space().unwrap();
}
