//! `pos job create | run` on a real FAT32 file system: a 64 MiB image made by
//! `mkfs.vfat -F 32` and mounted through FUSE by `fusefat` (this kernel has no vfat
//! module, and loop devices need privileges CI may not have). FAT32 holds files of at
//! most 4 GiB - 1 byte, one byte less than the default largest file, so a default job
//! there must get files of 4 GiB - 1 byte, and its data must still be what
//! `pos compute` gives.
//!
//! Needs `mkfs.vfat` (dosfstools), `fusefat` and `fusermount` (fuse), which
//! scripts/setup.sh installs: without them the test fails, naming them. Without
//! /dev/fuse (a container without FUSE) it prints NOT RUN and passes.
#![cfg(target_os = "linux")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{
    ID, JobSpec, SALT, assert_complete_and_correct, assert_fails, assert_success, path_arg, pos,
    status, stdout,
};

/// FAT's largest file, as `pos job status --json` must report the folder's
/// `max_file_bytes` there.
const FAT_MAX_FILE_BYTES: u64 = (4 << 30) - 1;
const DEFAULT_MAX_FILE_BYTES: u64 = 4 << 30;

/// Files of `bytes` (8-bit labels: as many labels) fit FAT32 and are as large as it
/// allows, give or take the engine's rounding of labels per file (a few bytes).
fn assert_fits_fat(bytes: u64) {
    assert!(
        bytes <= FAT_MAX_FILE_BYTES && bytes > FAT_MAX_FILE_BYTES - 64,
        "files of {bytes} bytes on FAT32, whose largest is {FAT_MAX_FILE_BYTES}"
    );
}

/// A FAT32 image mounted with fusefat; unmounted when dropped.
struct FatMount {
    _tmp: tempfile::TempDir,
    mount: PathBuf,
}

impl FatMount {
    /// `None` (after printing NOT RUN) only when this machine has no FUSE device.
    fn new() -> Option<Self> {
        if !Path::new("/dev/fuse").exists() {
            eprintln!("NOT RUN: /dev/fuse is absent, so no FAT32 image can be mounted here");
            return None;
        }
        let tmp = tempfile::tempdir().unwrap();
        let image = tmp.path().join("fat32.img");
        let mount = tmp.path().join("mnt");
        std::fs::create_dir(&mount).unwrap();
        // 65,536 blocks of 1 KiB: large enough for FAT32's minimum cluster count.
        run(
            Command::new("mkfs.vfat")
                .args(["-F", "32", "-n", "POSTEST", "-C"])
                .arg(&image)
                .arg("65536"),
            "mkfs.vfat (Debian package dosfstools)",
        );
        run(
            Command::new("fusefat")
                .args(["-o", "rw+"])
                .arg(&image)
                .arg(&mount),
            "fusefat (Debian package fusefat)",
        );
        let fat = FatMount { _tmp: tmp, mount };
        let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
        let line = mounts
            .lines()
            .find(|l| l.split(' ').nth(1) == Some(fat.mount.to_str().unwrap()))
            .unwrap_or_else(|| {
                panic!(
                    "fusefat returned but {} is not mounted",
                    fat.mount.display()
                )
            });
        assert!(line.contains("fuse.fusefat"), "unexpected mount: {line}");
        Some(fat)
    }
}

impl Drop for FatMount {
    fn drop(&mut self) {
        let unmounted = Command::new("fusermount")
            .arg("-u")
            .arg(&self.mount)
            .status();
        if !unmounted.is_ok_and(|s| s.success()) {
            eprintln!(
                "could not unmount {}: run fusermount -u on it",
                self.mount.display()
            );
        }
    }
}

/// Runs `command`, failing loudly (with what to install) when it is missing or fails.
fn run(command: &mut Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what} could not be run ({e}): scripts/setup.sh installs it"));
    assert!(
        output.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn default_job_on_fat32_gets_files_that_fit_and_matches_pos_compute() {
    let Some(fat) = FatMount::new() else { return };

    // A small job: its one file is small, but the folder keeps the largest file size
    // it was made with, and on FAT32 that must be 4 GiB - 1, not the default 4 GiB.
    let job = JobSpec {
        n: 16,
        bits: 8,
        labels: 3000,
        max_file_size: None,
    };
    let dir = fat.mount.join("small");
    job.create(&dir);
    let created = status(&dir);
    assert_eq!(created["max_file_bytes"], FAT_MAX_FILE_BYTES);
    assert_fits_fat(created["labels_per_file"].as_u64().unwrap());

    let expected = job.expected();
    let run = pos(&["job", "run", path_arg(&dir)]);
    assert_success(&run, "pos job run on FAT32");
    assert!(
        stdout(&run).contains("completed: 3000 labels"),
        "{}",
        stdout(&run)
    );
    assert_complete_and_correct(&dir, &expected);
    let verified = pos(&["job", "verify", path_arg(&dir), "--fraction", "1"]);
    assert_success(&verified, "pos job verify on FAT32");

    // The same job on the test's own disk keeps the default: the limit is FAT's only.
    let elsewhere = tempfile::tempdir().unwrap();
    job.create(&elsewhere.path().join("data"));
    assert_eq!(
        status(&elsewhere.path().join("data"))["max_file_bytes"],
        DEFAULT_MAX_FILE_BYTES
    );
}

#[test]
fn job_over_4_gib_on_fat32_is_split_into_files_fat32_can_hold() {
    let Some(fat) = FatMount::new() else { return };
    // 5 GiB of 8-bit labels. Creating writes no data (fusefat reports no size, so the
    // free space is not checked; a full disk would be found while writing).
    let labels = (5u64 << 30).to_string();
    let dir = fat.mount.join("large");
    let create = |extra: &[&str]| {
        let mut args = vec![
            "job",
            "create",
            path_arg(&dir),
            "--id",
            ID,
            "--salt",
            SALT,
            "--n",
            "16",
            "--bits",
            "8",
            "--labels",
            &labels,
        ];
        args.extend_from_slice(extra);
        pos(&args)
    };

    // Asking for 4 GiB files there is refused before anything is made, naming FAT's limit.
    let refused = create(&["--max-file-size", "4294967296"]);
    assert_fails(&refused, 2, &["4294967295"]);
    assert!(!dir.exists(), "a refused job left {}", dir.display());

    let made = create(&[]);
    assert_success(&made, "pos job create (default file size) on FAT32");
    let created = status(&dir);
    assert_eq!(created["max_file_bytes"], FAT_MAX_FILE_BYTES);
    let files = created["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{created}");
    let first = files[0]["bytes"].as_u64().unwrap();
    assert_fits_fat(first);
    assert_eq!(
        created["labels_per_file"], first,
        "8-bit labels: one byte each"
    );
    assert_eq!(files[1]["bytes"], (5u64 << 30) - first);
}
