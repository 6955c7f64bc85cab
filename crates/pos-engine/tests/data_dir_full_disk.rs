//! A disk that fills up or fails while a job writes: the write fails (`DiskFull` for
//! ENOSPC and EFBIG, `Io` for EIO), the checkpoint stays where it was, every file is
//! as long as its checkpoint, and the job resumes once the disk is fine again.
//!
//! - ENOSPC and EIO at every step of a checkpoint (data write, data fsync, metadata
//!   write, metadata fsync, rename), injected through `data_dir::fault`: runs as any
//!   user, everywhere;
//! - `RLIMIT_FSIZE` (EFBIG), set in a child process (this test binary run again with
//!   an environment variable) so that the limit never touches the other tests (Unix);
//! - a real full disk, a 256 KiB tmpfs, where the tests run as root (Linux). As root a
//!   mount that fails is a test failure; as another user the test says that it did not
//!   run, and fails too when `POS_TEST_REQUIRE_TMPFS` is set (CI that runs as root).

mod support;

use std::fs;
use std::path::Path;
#[cfg(unix)]
use std::process::Command;

use pos_engine::data_dir::fault::{self, Fault, Op, Rule, Target};
use pos_engine::data_dir::{
    BatchRecord, DataDir, DataDirError, DataLayout, FileNaming, META_FILE, data_file_name,
};
use pos_labels::{ComputeOptions, LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};
#[cfg(target_os = "linux")]
use support::mount_tmpfs;

const NONE: BatchRecord = BatchRecord {
    pow_solution: None,
    compute_secs: 0.0,
};

/// 160 KiB of 8-bit labels in files of 64 KiB (64 + 64 + 32).
fn layout() -> DataLayout {
    DataLayout {
        params: LabelParams {
            id: [3; 32],
            salt: [4; 32],
            n: ScryptN::new(2).unwrap(),
            bits: LabelBits::new(8).unwrap(),
        },
        total_labels: 160 << 10,
        max_file_bytes: 64 << 10,
        pow: None,
        naming: FileNaming::Numbered,
    }
}

fn expected_stream(layout: &DataLayout) -> Vec<u8> {
    let mut out = vec![0u8; layout.params.bits.packed_len(layout.total_labels).unwrap()];
    let range = PositionRange::new(0, layout.total_labels).unwrap();
    compute_labels(&layout.params, range, &mut out, &ComputeOptions::default()).unwrap();
    out
}

/// Appends every file from its checkpoint in batches of `batch` labels until done or
/// the first error, which it returns.
fn write_until_error(dir: &DataDir, stream: &[u8], batch: u64) -> Result<(), DataDirError> {
    for index in 0..dir.file_count() {
        let span = dir.file_span(index).unwrap();
        let mut done = dir.durable_labels_in(index);
        while done < span.labels {
            let count = batch.min(span.labels - done);
            let start = (span.first_position + done) as usize;
            dir.append_durable(
                index,
                done,
                &stream[start..start + count as usize],
                count,
                NONE,
            )?;
            done += count;
        }
    }
    Ok(())
}

fn file_lengths(path: &Path, files: usize) -> Vec<u64> {
    (0..files)
        .map(|i| fs::metadata(path.join(data_file_name(i))).map_or(0, |m| m.len()))
        .collect()
}

fn concatenated(path: &Path, files: usize) -> Vec<u8> {
    (0..files)
        .flat_map(|i| fs::read(path.join(data_file_name(i))).unwrap())
        .collect()
}

/// After a `DiskFull`: the checkpoint on disk is what the `DataDir` says, every file
/// is as long as its checkpoint (a partial write was cut off), and its bytes are right.
fn assert_intact(dir: &DataDir, stream: &[u8]) {
    let on_disk = DataDir::read_status(dir.path()).unwrap();
    let status = dir.status();
    assert_eq!(on_disk.durable_labels, status.durable_labels);
    assert!(status.durable_labels > 0 && !status.is_complete());
    let lengths = file_lengths(dir.path(), dir.file_count());
    for (file, len) in status.files.iter().zip(lengths) {
        assert_eq!(
            len, file.durable_bytes,
            "{}: length and checkpoint",
            file.name
        );
        let bytes = fs::read(dir.path().join(&file.name)).unwrap_or_default();
        let start = file.first_position as usize;
        assert_eq!(
            bytes[..],
            stream[start..start + len as usize],
            "{}",
            file.name
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_stops_the_job_at_a_checkpoint_and_it_resumes_after_space_is_freed() {
    let tmp = tempfile::tempdir().unwrap();
    let mnt = tmp.path().join("mnt");
    fs::create_dir(&mnt).unwrap();
    if !is_root() {
        assert!(
            std::env::var_os("POS_TEST_REQUIRE_TMPFS").is_none(),
            "POS_TEST_REQUIRE_TMPFS is set, but mounting a tmpfs needs root"
        );
        eprintln!(
            "NOT RUN: the real full disk needs root to mount a tmpfs; the injected ENOSPC \
             cases cover the same code"
        );
        return;
    }
    let _mount = mount_tmpfs(&mnt, "256k")
        .unwrap_or_else(|why| panic!("running as root, but no tmpfs could be mounted: {why}"));
    eprintln!("full disk: a 256 KiB tmpfs");
    let layout = layout();
    let stream = expected_stream(&layout);
    let path = mnt.join("data");
    let dir = DataDir::create_or_open(&path, &layout).unwrap();
    // Another program fills the disk: about 100 KiB stay free for 160 KiB of data.
    let filler = mnt.join("someone-elses-file");
    fs::write(&filler, vec![1u8; 150 << 10]).unwrap();
    assert!(matches!(
        dir.check_space(),
        Err(DataDirError::NotEnoughSpace { .. })
    ));

    let err = write_until_error(&dir, &stream, 5000).unwrap_err();
    match &err {
        DataDirError::DiskFull {
            file_size_limit,
            still_to_write,
            ..
        } => {
            assert!(!file_size_limit);
            assert_eq!(*still_to_write, dir.required_bytes());
        }
        other => panic!("expected DiskFull, got {other}"),
    }
    assert_eq!(err.code(), "disk_full");
    let message = err.to_string();
    eprintln!("disk full: {message}");
    assert!(
        message.contains("is full") && message.contains("Free some space"),
        "{message}"
    );
    assert_intact(&dir, &stream);
    // Still full: trying again fails the same way and changes nothing.
    let durable = dir.durable_labels();
    assert!(matches!(
        write_until_error(&dir, &stream, 5000),
        Err(DataDirError::DiskFull { .. })
    ));
    assert_eq!(dir.durable_labels(), durable);
    drop(dir);

    let dir = DataDir::open(&path).unwrap();
    assert_eq!(dir.durable_labels(), durable);
    assert_intact(&dir, &stream);
    fs::remove_file(&filler).unwrap();
    dir.check_space().unwrap();
    write_until_error(&dir, &stream, 5000).unwrap();
    assert!(dir.is_complete());
    assert_eq!(concatenated(&path, dir.file_count()), stream);
}

#[cfg(target_os = "linux")]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_stops_the_job_at_a_checkpoint_and_it_resumes_after_it_is_raised() {
    run_file_size_limit_child();
}

const CHILD_ENV: &str = "POS_DATA_DIR_FILE_SIZE_LIMIT_CHILD";
const CHILD_TEST: &str = "file_size_limit_child";

#[cfg(unix)]
/// Runs [`file_size_limit_child`] in a new process of this test binary and fails
/// unless it ran and passed there.
fn run_file_size_limit_child() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([CHILD_TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .output()
        .expect("cannot run this test binary again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success()
            && stdout.contains("1 passed")
            && stderr.contains("file size limit reached"),
        "the RLIMIT_FSIZE scenario failed or did not run ({}):\n{stdout}\n{stderr}",
        out.status
    );
}

/// The scenario itself; does nothing unless started by [`run_file_size_limit_child`].
#[cfg(unix)]
#[test]
fn file_size_limit_child() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    let layout = layout();
    let stream = expected_stream(&layout);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("data");
    let dir = DataDir::create_or_open(&path, &layout).unwrap();

    // Files may grow to 40 KiB; batches of 12 KiB end at 36 KiB, and the 4th writes
    // 4 KiB before EFBIG, a partial write that must not count.
    let hard = set_file_size_limit(40 << 10);
    let err = write_until_error(&dir, &stream, 12 << 10).unwrap_err();
    match &err {
        DataDirError::DiskFull {
            file_size_limit, ..
        } => assert!(file_size_limit, "{err}"),
        other => panic!("expected DiskFull (EFBIG), got {other}"),
    }
    assert!(err.to_string().contains("largest size"), "{err}");
    assert_eq!(dir.durable_labels_in(0), 36 << 10);
    assert_intact(&dir, &stream);
    eprintln!("file size limit reached: {err}");
    drop(dir);

    let dir = DataDir::open(&path).unwrap();
    assert_eq!(dir.durable_labels(), 36 << 10);
    set_file_size_limit(hard);
    write_until_error(&dir, &stream, 12 << 10).unwrap();
    assert!(dir.is_complete());
    assert_eq!(concatenated(&path, dir.file_count()), stream);
}

#[cfg(unix)]
/// Sets the soft `RLIMIT_FSIZE` (keeping the hard one, so it can be raised again) and
/// ignores SIGXFSZ so that writes past it fail with EFBIG instead of killing us.
/// Returns the hard limit.
fn set_file_size_limit(bytes: u64) -> u64 {
    // SAFETY: plain libc calls on values we own; this process runs only this test.
    unsafe {
        assert_ne!(libc::signal(libc::SIGXFSZ, libc::SIG_IGN), libc::SIG_ERR);
        let mut limit: libc::rlimit = std::mem::zeroed();
        assert_eq!(
            libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit),
            0,
            "getrlimit"
        );
        limit.rlim_cur = bytes as libc::rlim_t;
        let rc = libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
        assert_eq!(
            rc,
            0,
            "setrlimit(RLIMIT_FSIZE) failed: {}",
            std::io::Error::last_os_error()
        );
        limit.rlim_max as u64
    }
}

/// Every step of a checkpoint, failing with ENOSPC and with EIO after the job has made
/// progress: the error names the problem, nothing past the checkpoint stays, a retry
/// while the fault lasts changes nothing, and once it is gone the job completes with
/// the right bytes, in the same `DataDir` and after reopening.
#[test]
fn every_step_of_a_checkpoint_failing_with_enospc_or_eio_keeps_the_data_at_its_checkpoint() {
    let layout = layout();
    let stream = expected_stream(&layout);
    let steps = [
        (Op::Write, Target::Data),
        (Op::Fsync, Target::Data),
        (Op::Write, Target::Metadata),
        (Op::Fsync, Target::Metadata),
        (Op::Rename, Target::Metadata),
    ];
    for (op, target) in steps {
        for fault_kind in [Fault::NoSpace, Fault::Io] {
            let case = format!("{fault_kind:?} at {op:?} of {target:?}");
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().join("data");
            let dir = DataDir::create_or_open(&path, &layout).unwrap();
            // Three batches of 5000 labels go through first.
            let rule = Rule {
                after: 3,
                ..Rule::always(op, target, fault_kind)
            };
            let injected = fault::inject(&path, rule);
            let err = write_until_error(&dir, &stream, 5000).unwrap_err();
            assert_eq!(injected.fired(), 1, "{case}");
            match (&err, fault_kind) {
                (
                    DataDirError::DiskFull {
                        file_size_limit: false,
                        still_to_write,
                        ..
                    },
                    Fault::NoSpace,
                ) => {
                    assert_eq!(*still_to_write, dir.required_bytes(), "{case}");
                    assert!(err.to_string().contains("is full"), "{case}: {err}");
                }
                (DataDirError::Io { source, .. }, Fault::Io) => {
                    assert_eq!(source.raw_os_error(), Some(5), "{case}: {err}");
                }
                (other, _) => panic!("{case}: unexpected {other}"),
            }
            assert_eq!(dir.durable_labels(), 15000, "{case}");
            assert_intact(&dir, &stream);
            assert!(
                write_until_error(&dir, &stream, 5000).is_err(),
                "{case}: still failing"
            );
            assert_eq!(dir.durable_labels(), 15000, "{case}");
            assert_intact(&dir, &stream);
            assert!(
                !path.join(format!("{META_FILE}.tmp")).exists(),
                "{case}: the temporary metadata stayed"
            );
            drop(injected);

            let reopened_half_way = fault_kind == Fault::Io;
            let dir = if reopened_half_way {
                drop(dir);
                DataDir::open(&path).unwrap()
            } else {
                dir
            };
            assert_eq!(dir.durable_labels(), 15000, "{case}");
            write_until_error(&dir, &stream, 5000).unwrap();
            assert!(dir.is_complete(), "{case}");
            assert_eq!(concatenated(&path, dir.file_count()), stream, "{case}");
        }
    }
}
