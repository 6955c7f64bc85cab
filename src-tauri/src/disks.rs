//! The disks the setup's folder step offers, each with a folder for the data on it, and
//! the one it suggests: the disk with the most room that this user can write to, so a
//! first job needs no typing.
//!
//! Which mounts count as disks and where the folder goes is decided by [`choices`], a
//! plain function of what sysinfo lists and the home folder (tested below); [`list`]
//! reads the system and asks the engine's folder check whether each folder could be
//! created.

use std::path::{Path, PathBuf};

use pos_engine::data_dir::check_folder;
use serde::Serialize;

/// The name of the folder the app proposes on a disk.
pub const DATA_FOLDER_NAME: &str = "PoS";

/// One disk, as the folder step lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DiskChoice {
    /// What the system calls it ("Local Disk", "/dev/nvme0n1p2", "Backup").
    pub name: String,
    pub mount_point: String,
    /// Where the data would go on it: the home folder's `PoS` on the home folder's disk,
    /// else `PoS` at the top of the disk.
    pub folder: String,
    pub free_bytes: u64,
    pub total_bytes: u64,
    pub file_system: Option<String>,
    pub removable: bool,
    /// The home folder is on this disk.
    pub holds_home: bool,
    /// `folder` could be created and written now; `false` leaves the disk listed but
    /// not suggested (the folder check then says why when it is chosen).
    pub writable: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DiskChoices {
    /// The largest first.
    pub disks: Vec<DiskChoice>,
    /// The folder to start with: on the writable, fixed disk with the most free space
    /// (a removable one only when there is no other); `None` when no disk is writable.
    pub suggested: Option<String>,
}

/// A mounted file system as sysinfo lists it.
#[derive(Debug, Clone)]
pub struct MountedDisk {
    pub name: String,
    pub mount_point: PathBuf,
    pub file_system: String,
    pub free_bytes: u64,
    pub total_bytes: u64,
    pub removable: bool,
    pub read_only: bool,
}

/// File systems that hold no user data (memory, images, firmware, containers' layers).
const NOT_FOR_DATA: &[&str] = &[
    "tmpfs", "devtmpfs", "ramfs", "squashfs", "overlay", "efivarfs", "proc", "sysfs", "iso9660",
    "udf", "autofs",
];

/// Mount points below these are the system's own, never a place for data.
const SYSTEM_MOUNTS: &[&str] = &["/boot", "/snap", "/run/credentials", "/System/Volumes"];

/// The disks worth offering and the folder on each, largest first; `writable` is left
/// `true` for [`list`] to check.
pub fn choices(mounted: Vec<MountedDisk>, home: Option<&Path>) -> Vec<DiskChoice> {
    let home_mount = home.and_then(|home| {
        mounted
            .iter()
            .map(|d| d.mount_point.as_path())
            .filter(|mount| home.starts_with(mount))
            .max_by_key(|mount| mount.as_os_str().len())
            .map(Path::to_owned)
    });
    let mut seen = std::collections::HashSet::new();
    let mut disks: Vec<DiskChoice> = mounted
        .into_iter()
        .filter(|d| {
            !d.read_only
                && d.total_bytes > 0
                && !NOT_FOR_DATA.contains(&d.file_system.to_ascii_lowercase().as_str())
                && !SYSTEM_MOUNTS.iter().any(|m| d.mount_point.starts_with(m))
                && seen.insert(d.mount_point.clone())
        })
        .map(|d| {
            let holds_home = home_mount.as_deref() == Some(d.mount_point.as_path());
            let folder = match home {
                Some(home) if holds_home => home.join(DATA_FOLDER_NAME),
                _ => d.mount_point.join(DATA_FOLDER_NAME),
            };
            DiskChoice {
                name: d.name,
                mount_point: d.mount_point.display().to_string(),
                folder: folder.display().to_string(),
                free_bytes: d.free_bytes,
                total_bytes: d.total_bytes,
                file_system: (!d.file_system.is_empty()).then_some(d.file_system),
                removable: d.removable,
                holds_home,
                writable: true,
            }
        })
        .collect();
    disks.sort_by_key(|d| std::cmp::Reverse(d.free_bytes));
    disks
}

/// The suggested folder among `disks` (see [`DiskChoices::suggested`]).
pub fn suggestion(disks: &[DiskChoice]) -> Option<String> {
    let best = |removable: bool| {
        disks
            .iter()
            .filter(|d| d.writable && d.removable == removable)
            .max_by_key(|d| d.free_bytes)
    };
    best(false).or_else(|| best(true)).map(|d| d.folder.clone())
}

/// The disks of this computer, each folder checked for writing by the engine.
pub fn list(home: Option<&Path>) -> DiskChoices {
    let mounted = sysinfo::Disks::new_with_refreshed_list()
        .list()
        .iter()
        .map(|d| MountedDisk {
            name: d.name().to_string_lossy().into_owned(),
            mount_point: d.mount_point().to_owned(),
            file_system: d.file_system().to_string_lossy().into_owned(),
            free_bytes: d.available_space(),
            total_bytes: d.total_space(),
            removable: d.is_removable(),
            read_only: d.is_read_only(),
        })
        .collect();
    let mut disks = choices(mounted, home);
    for disk in &mut disks {
        disk.writable = check_folder(&disk.folder, 0).is_ok_and(|c| c.writable);
    }
    let suggested = suggestion(&disks);
    DiskChoices { disks, suggested }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disk(mount: &str, fs: &str, free_gib: u64) -> MountedDisk {
        MountedDisk {
            name: format!("disk at {mount}"),
            mount_point: PathBuf::from(mount),
            file_system: fs.into(),
            free_bytes: free_gib << 30,
            total_bytes: (free_gib + 10) << 30,
            removable: false,
            read_only: false,
        }
    }

    #[test]
    fn the_home_disk_gets_a_folder_in_home_and_others_one_at_their_top() {
        let home = Path::new("/home/ann");
        let disks = choices(
            vec![disk("/", "ext4", 50), disk("/mnt/big", "xfs", 900)],
            Some(home),
        );
        assert_eq!(disks.len(), 2);
        assert_eq!(disks[0].mount_point, "/mnt/big", "largest first");
        assert_eq!(disks[0].folder, "/mnt/big/PoS");
        assert!(!disks[0].holds_home);
        assert_eq!(disks[1].folder, "/home/ann/PoS");
        assert!(disks[1].holds_home);
        assert_eq!(suggestion(&disks).as_deref(), Some("/mnt/big/PoS"));
    }

    #[test]
    fn a_separate_home_partition_is_the_home_disk() {
        let home = Path::new("/home/ann");
        let disks = choices(
            vec![disk("/", "ext4", 20), disk("/home", "ext4", 300)],
            Some(home),
        );
        let home_disk = disks.iter().find(|d| d.holds_home).unwrap();
        assert_eq!(home_disk.mount_point, "/home");
        assert_eq!(home_disk.folder, "/home/ann/PoS");
        assert!(
            !disks
                .iter()
                .find(|d| d.mount_point == "/")
                .unwrap()
                .holds_home
        );
    }

    #[test]
    fn memory_images_system_read_only_and_repeated_mounts_are_left_out() {
        let mut read_only = disk("/media/cd", "ext4", 1);
        read_only.read_only = true;
        let disks = choices(
            vec![
                disk("/", "ext4", 20),
                disk("/dev/shm", "tmpfs", 12),
                disk("/snap/core/1", "squashfs", 0),
                disk("/boot/efi", "vfat", 1),
                disk("/var/lib/docker/overlay2/x", "overlay", 40),
                read_only,
                disk("/", "ext4", 20),
            ],
            None,
        );
        let mounts: Vec<_> = disks.iter().map(|d| d.mount_point.as_str()).collect();
        assert_eq!(mounts, ["/"]);
        assert_eq!(
            disks[0].folder, "/PoS",
            "without a home, the top of the disk"
        );
    }

    #[test]
    fn a_fixed_writable_disk_is_suggested_before_a_larger_removable_or_unwritable_one() {
        let mut usb = disk("/media/ann/USB", "exfat", 2000);
        usb.removable = true;
        let mut disks = choices(
            vec![disk("/", "ext4", 20), usb, disk("/data", "ext4", 800)],
            Some(Path::new("/home/ann")),
        );
        disks
            .iter_mut()
            .find(|d| d.mount_point == "/data")
            .unwrap()
            .writable = false;
        assert_eq!(suggestion(&disks).as_deref(), Some("/home/ann/PoS"));
        // Only removable disks are writable: the removable one, then none at all.
        disks.iter_mut().find(|d| d.holds_home).unwrap().writable = false;
        assert_eq!(suggestion(&disks).as_deref(), Some("/media/ann/USB/PoS"));
        for d in &mut disks {
            d.writable = false;
        }
        assert_eq!(suggestion(&disks), None);
    }

    #[test]
    fn this_computer_lists_the_disk_of_a_writable_home_and_suggests_a_writable_folder() {
        // The source folder stands in for a home: on a real disk, and writable.
        let home = Path::new(env!("CARGO_MANIFEST_DIR"));
        let listed = list(Some(home));
        let home_disk = listed.disks.iter().find(|d| d.holds_home);
        assert!(home_disk.is_some_and(|d| d.writable), "{listed:?}");
        assert!(!listed.disks.is_empty(), "no disk listed");
        let suggested = listed.suggested.clone().expect("a writable disk");
        assert!(
            listed
                .disks
                .iter()
                .any(|d| d.folder == suggested && d.writable),
            "{listed:?}"
        );
    }
}
