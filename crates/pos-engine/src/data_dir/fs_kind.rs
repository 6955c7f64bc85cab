//! Which file system a folder is on, and what that means for data files: its own
//! largest file (FAT32: 4 GiB - 1 byte), and whether it is a network share.
//!
//! Linux: `statfs` `f_type` (and, for FUSE, the mount's type in /proc/self/mounts);
//! macOS: `statfs` `f_fstypename` and `MNT_LOCAL`; Windows: `GetVolumeInformationW`
//! and `GetDriveTypeW`. Whether the disk is removable comes from sysinfo's disk list
//! (USB and SD drives), which the engine uses already.

use std::path::Path;

/// What is known about the file system holding a folder; every field may be unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FileSystemKind {
    /// As the system names it: "ext4", "vfat", "NTFS", "FAT32", "apfs", "nfs", ...
    pub name: Option<String>,
    pub network: Option<bool>,
    pub removable: Option<bool>,
}

/// FAT's largest file, 4 GiB - 1 byte: its directory entries hold sizes in 32 bits.
pub const FAT_MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// The largest file that the file system named `name` (as [`check_folder`] reports it)
/// can hold, where it is smaller than any data file is likely to be: FAT12/16/32 (all
/// names: "vfat", "msdos", "FAT32", "fuse.fusefat", ...). `None` for every other file
/// system (exFAT, NTFS, APFS, ext4, XFS, ... allow far larger files).
///
/// [`check_folder`]: super::check_folder
pub fn file_system_max_file_bytes(name: &str) -> Option<u64> {
    let name = name.to_ascii_lowercase();
    let base = name.rsplit(['.', '/']).next().unwrap_or(&name);
    let fat = matches!(
        base,
        "vfat" | "msdos" | "fat" | "fat12" | "fat16" | "fat32" | "fusefat" | "umsdos"
    );
    fat.then_some(FAT_MAX_FILE_BYTES)
}

/// Network file systems by name (for FUSE mounts, the part after "fuse.").
fn is_network_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    let base = name.strip_prefix("fuse.").unwrap_or(&name);
    matches!(
        base,
        "nfs"
            | "nfs4"
            | "cifs"
            | "smb"
            | "smb2"
            | "smb3"
            | "smbfs"
            | "afpfs"
            | "webdav"
            | "davfs"
            | "9p"
            | "sshfs"
            | "rclone"
            | "s3fs"
            | "ceph"
            | "glusterfs"
            | "lustre"
            | "gpfs"
            | "beegfs"
    )
}

/// The file system holding `dir`, an existing folder; `removable` only when
/// `with_removable` (it lists every disk, which costs more than the rest).
pub(crate) fn file_system_of(dir: &Path, with_removable: bool) -> FileSystemKind {
    let mut kind = platform::file_system_of(dir);
    if let Some(name) = super::fault::pretended_file_system(dir) {
        kind.name = Some(name);
    }
    if kind.network.is_none() {
        kind.network = kind.name.as_deref().map(is_network_name);
    }
    if kind.removable.is_none() && with_removable {
        kind.removable = removable(dir);
    }
    kind
}

/// Whether the disk holding `dir` is removable, from sysinfo's list of disks (the one
/// whose mount point is the longest prefix of `dir`).
fn removable(dir: &Path) -> Option<bool> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let disks = sysinfo::Disks::new_with_refreshed_list();
    disks
        .list()
        .iter()
        .filter(|d| dir.starts_with(d.mount_point()))
        .max_by_key(|d| d.mount_point().as_os_str().len())
        .map(|d| d.is_removable())
}

#[cfg(target_os = "linux")]
mod platform {
    use super::FileSystemKind;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    const FUSE: u32 = 0x6573_5546;

    /// `f_type` magic numbers (linux/magic.h and the file systems' own headers).
    fn name_of(magic: u32) -> Option<&'static str> {
        Some(match magic {
            0xEF53 => "ext4",
            0x4d44 => "vfat",
            0x2011_BAB0 => "exfat",
            0x5346_544e => "ntfs",
            0x7366_746e => "ntfs3",
            0x0102_1994 => "tmpfs",
            0x8584_58f6 => "ramfs",
            0x9123_683E => "btrfs",
            0x5846_5342 => "xfs",
            0x2FC1_2FC1 => "zfs",
            0xF2F5_2010 => "f2fs",
            0xCA45_1A4E => "bcachefs",
            0x794c_7630 => "overlay",
            0x482b => "hfsplus",
            0x1501_3346 => "udf",
            0x9660 => "iso9660",
            0x6969 => "nfs",
            0x517B => "smb",
            0xFF53_4D42 => "cifs",
            0xFE53_4D42 => "smb2",
            0x0102_1997 => "9p",
            0x00C3_6400 => "ceph",
            0x0BD0_0BD0 => "lustre",
            0x4750_4653 => "gpfs",
            FUSE => "fuse",
            _ => return None,
        })
    }

    pub fn file_system_of(dir: &Path) -> FileSystemKind {
        let Ok(path) = CString::new(dir.as_os_str().as_bytes()) else {
            return FileSystemKind::default();
        };
        // SAFETY: statfs writes into the zeroed struct we own; the path is a valid C string.
        let magic = unsafe {
            let mut stats: libc::statfs = std::mem::zeroed();
            if libc::statfs(path.as_ptr(), &mut stats) != 0 {
                return FileSystemKind::default();
            }
            // Every magic number fits in 32 bits; f_type's width differs by architecture.
            stats.f_type as u32
        };
        let name = match magic {
            // FUSE says nothing about what it serves; the mount table does ("fuse.sshfs").
            FUSE => mount_type(dir).or(Some("fuse".to_owned())),
            other => name_of(other)
                .map(str::to_owned)
                .or_else(|| mount_type(dir))
                .or(Some(format!("0x{other:x}"))),
        };
        FileSystemKind {
            name,
            ..FileSystemKind::default()
        }
    }

    /// The type of the mount whose mount point is the longest prefix of `dir`.
    fn mount_type(dir: &Path) -> Option<String> {
        let dir = std::fs::canonicalize(dir).ok()?;
        let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
        mounts
            .lines()
            .filter_map(|line| {
                let mut fields = line.split(' ');
                let _device = fields.next()?;
                // Spaces, tabs and newlines in mount points are octal escapes.
                let point = fields
                    .next()?
                    .replace("\\040", " ")
                    .replace("\\011", "\t")
                    .replace("\\012", "\n")
                    .replace("\\134", "\\");
                let kind = fields.next()?;
                dir.starts_with(&point)
                    .then(|| (point.len(), kind.to_owned()))
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, kind)| kind)
    }
}

#[cfg(target_os = "macos")]
mod platform {
    use super::FileSystemKind;
    use std::ffi::{CStr, CString};
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    pub fn file_system_of(dir: &Path) -> FileSystemKind {
        let Ok(path) = CString::new(dir.as_os_str().as_bytes()) else {
            return FileSystemKind::default();
        };
        // SAFETY: statfs writes into the zeroed struct we own; f_fstypename is a
        // NUL-terminated array inside it.
        unsafe {
            let mut stats: libc::statfs = std::mem::zeroed();
            if libc::statfs(path.as_ptr(), &mut stats) != 0 {
                return FileSystemKind::default();
            }
            let name = CStr::from_ptr(stats.f_fstypename.as_ptr())
                .to_string_lossy()
                .into_owned();
            FileSystemKind {
                name: Some(name),
                network: Some((stats.f_flags & libc::MNT_LOCAL as u32) == 0),
                removable: None,
            }
        }
    }
}

#[cfg(windows)]
mod platform {
    use super::FileSystemKind;
    use std::os::windows::ffi::{OsStrExt, OsStringExt};
    use std::path::Path;
    use windows_sys::Win32::Storage::FileSystem::{
        GetDriveTypeW, GetVolumeInformationW, GetVolumePathNameW,
    };

    const DRIVE_REMOVABLE: u32 = 2;
    const DRIVE_REMOTE: u32 = 4;

    pub fn file_system_of(dir: &Path) -> FileSystemKind {
        let wide: Vec<u16> = dir.as_os_str().encode_wide().chain([0]).collect();
        let mut root = vec![0u16; wide.len().max(64) + 1];
        // SAFETY: both buffers are ours, NUL-terminated where the API reads, and their
        // lengths are passed as they are.
        unsafe {
            if GetVolumePathNameW(wide.as_ptr(), root.as_mut_ptr(), root.len() as u32) == 0 {
                return FileSystemKind::default();
            }
            let drive = GetDriveTypeW(root.as_ptr());
            let mut name = [0u16; 64];
            let ok = GetVolumeInformationW(
                root.as_ptr(),
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                name.as_mut_ptr(),
                name.len() as u32,
            ) != 0;
            let len = name.iter().position(|&c| c == 0).unwrap_or(name.len());
            FileSystemKind {
                name: ok.then(|| {
                    std::ffi::OsString::from_wide(&name[..len])
                        .to_string_lossy()
                        .into_owned()
                }),
                network: Some(drive == DRIVE_REMOTE),
                removable: Some(drive == DRIVE_REMOVABLE),
            }
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
mod platform {
    use super::FileSystemKind;
    use std::path::Path;

    pub fn file_system_of(_dir: &Path) -> FileSystemKind {
        FileSystemKind::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fat_limits_by_every_name_it_goes_by() {
        for fat in ["vfat", "msdos", "FAT32", "FAT", "fuse.fusefat", "fat16"] {
            assert_eq!(
                file_system_max_file_bytes(fat),
                Some((4 << 30) - 1),
                "{fat}"
            );
        }
        for big in [
            "exfat", "exFAT", "NTFS", "ntfs3", "apfs", "ext4", "xfs", "nfs", "tmpfs",
        ] {
            assert_eq!(file_system_max_file_bytes(big), None, "{big}");
        }
    }

    #[test]
    fn network_names() {
        for net in ["nfs", "nfs4", "cifs", "smb2", "fuse.sshfs", "smbfs"] {
            assert!(is_network_name(net), "{net}");
        }
        for local in ["ext4", "vfat", "fuse.fusefat", "apfs", "NTFS"] {
            assert!(!is_network_name(local), "{local}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_file_system_of_proc_is_named() {
        let kind = file_system_of(Path::new("/proc"), false);
        assert_eq!(kind.name.as_deref(), Some("proc"));
        assert_eq!(kind.network, Some(false));
    }
}
