//! The folder check that the wizard shows and job creation enforces (issue 14), and
//! the file size that fits the file system (issue 10: FAT32 allows 4 GiB - 1 byte).

use std::fs;

use pos_engine::data_dir::fault;
use pos_engine::data_dir::{
    DataDir, DataDirError, DataLayout, FileNaming, check_folder, fit_max_file_bytes,
    fitting_max_file_bytes,
};
use pos_labels::{LabelBits, LabelParams, ScryptN};

const FAT32_MAX: u64 = (4 << 30) - 1;

fn layout(total_labels: u64, max_file_bytes: u64) -> DataLayout {
    DataLayout {
        params: LabelParams {
            id: [1; 32],
            salt: [2; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(8).unwrap(),
        },
        total_labels,
        max_file_bytes,
        pow: None,
        naming: FileNaming::Numbered,
    }
}

#[test]
fn an_existing_folder_is_checked_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let check = check_folder(tmp.path(), 1000).unwrap();
    assert!(check.exists);
    // Not FAT here (the test folders are on the system disk).
    assert_eq!(fitting_max_file_bytes(tmp.path(), 4 << 30), 4 << 30);
    assert_eq!(check.checked_at, tmp.path());
    assert!(check.writable, "{:?}", check.not_writable_reason);
    assert!(check.free_bytes > 1000 && check.total_bytes >= check.free_bytes);
    assert!(check.enough_space());
    check.ensure_usable().unwrap();
    #[cfg(any(target_os = "linux", target_os = "macos", windows))]
    assert!(check.file_system.is_some(), "{check:?}");
    assert_eq!(check.network, Some(false), "{check:?}");
    // The probe leaves nothing behind.
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn a_folder_to_be_created_is_checked_where_it_would_be_made_and_not_made() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("a").join("b");
    let check = check_folder(&path, 10).unwrap();
    assert!(!check.exists);
    assert_eq!(check.path, path);
    assert_eq!(check.checked_at, tmp.path());
    assert!(check.writable);
    assert!(!tmp.path().join("a").exists());

    let err = check_folder(&path, u64::MAX).unwrap().ensure_usable();
    assert!(
        matches!(err, Err(DataDirError::NotEnoughSpace { .. })),
        "{err:?}"
    );

    fs::write(tmp.path().join("file"), b"x").unwrap();
    let err = check_folder(tmp.path().join("file"), 1).unwrap_err();
    assert!(matches!(err, DataDirError::NotAFolder { .. }), "{err}");
    let err = check_folder(tmp.path().join("file").join("below"), 1).unwrap_err();
    assert!(matches!(err, DataDirError::NotAFolder { .. }), "{err}");
}

/// Even root cannot create files in /proc.
#[cfg(target_os = "linux")]
#[test]
fn a_folder_nobody_can_write_to_is_reported_with_its_reason() {
    let check = check_folder("/proc/pos-data", 1).unwrap();
    assert!(!check.exists);
    assert_eq!(check.checked_at, std::path::Path::new("/proc"));
    assert!(!check.writable);
    assert!(check.not_writable_reason.is_some());
    assert_eq!(check.file_system.as_deref(), Some("proc"));
    let err = check.ensure_usable().unwrap_err();
    assert!(matches!(err, DataDirError::NotWritable { .. }), "{err}");
}

#[test]
fn the_file_size_fits_the_file_system() {
    assert_eq!(fit_max_file_bytes(4 << 30, Some(FAT32_MAX)), FAT32_MAX);
    assert_eq!(fit_max_file_bytes(1 << 30, Some(FAT32_MAX)), 1 << 30);
    assert_eq!(fit_max_file_bytes(4 << 30, None), 4 << 30);

    let tmp = tempfile::tempdir().unwrap();
    let _fat = fault::pretend_file_system(tmp.path(), "vfat");
    let check = check_folder(tmp.path(), 0).unwrap();
    assert_eq!(check.file_system.as_deref(), Some("vfat"));
    assert_eq!(check.max_file_bytes, Some(FAT32_MAX));
    assert_eq!(check.fit_max_file_bytes(4 << 30), FAT32_MAX);
    // What request validation calls, also for a folder still to be created.
    assert_eq!(
        fitting_max_file_bytes(tmp.path().join("new").join("data"), 4 << 30),
        FAT32_MAX
    );
    assert_eq!(fitting_max_file_bytes(tmp.path(), 1 << 20), 1 << 20);
    // The fitted size is a valid layout: files of 4 GiB - 8 labels of 8 bits.
    let fitted = layout(5 << 30, check.fit_max_file_bytes(4 << 30));
    assert_eq!(fitted.geometry().unwrap().span(0).bytes, (4 << 30) - 8);
}

/// Issue 10: a default job (4 GiB files) on FAT32 failed after 4 GiB, and again on
/// every resume. Creation refuses it at once, before anything is written, and names
/// the size that fits; a job whose files all fit is fine.
#[test]
fn creation_refuses_files_larger_than_the_file_system_allows() {
    let tmp = tempfile::tempdir().unwrap();
    let _fat = fault::pretend_file_system(tmp.path(), "vfat");
    let path = tmp.path().join("data");
    // 5 GiB of labels in files of up to 8 GiB: one file of 5 GiB.
    let err = DataDir::create_or_open(&path, &layout(5 << 30, 8 << 30))
        .err()
        .expect("refused");
    match &err {
        DataDirError::FileTooLargeForFileSystem {
            file_system,
            limit,
            largest,
            ..
        } => {
            assert_eq!((file_system.as_str(), *limit), ("vfat", FAT32_MAX));
            assert_eq!(*largest, 5 << 30);
        }
        other => panic!("expected FileTooLargeForFileSystem, got {other}"),
    }
    assert!(err.to_string().contains("4294967295 bytes"), "{err}");
    assert!(!path.exists(), "a refused request left its folder");

    // A small job with the default 4 GiB maximum has files far below the limit.
    let small = DataDir::create_or_open(&path, &layout(1000, 4 << 30)).unwrap();
    assert_eq!(small.file_count(), 1);
}
