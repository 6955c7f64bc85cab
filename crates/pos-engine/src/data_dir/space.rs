//! Free space and writability of the folder, checked before a job starts so that it
//! does not fail hours later (a disk that other programs fill up is still handled as
//! [`DataDirError::DiskFull`] while writing).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use super::DataDirError;

/// Bytes that the file system holding `dir` lets this process write (`f_bavail`).
pub(crate) fn available_space(dir: &Path) -> Result<u64, DataDirError> {
    fs4::available_space(dir).map_err(|e| DataDirError::io("read the free space of", dir, e))
}

/// Whether the file system holding `dir` gives no size at all (`statvfs` reports 0
/// blocks): some FUSE file systems do not implement it (fusefat, the FAT driver where
/// the kernel has no vfat module, answers 0 total and 0 free). Its free space is then
/// unknown rather than 0, and a full disk is still found while writing
/// ([`DataDirError::DiskFull`]).
pub(crate) fn reports_no_size(dir: &Path) -> bool {
    fs4::total_space(dir).is_ok_and(|total| total == 0)
}

/// `NotEnoughSpace` unless `needed` bytes fit on the disk holding `dir` (or the file
/// system does not tell its size, see [`reports_no_size`]).
pub(crate) fn ensure_space(dir: &Path, needed: u64) -> Result<u64, DataDirError> {
    let available = available_space(dir)?;
    if needed > available && !reports_no_size(dir) {
        return Err(DataDirError::NotEnoughSpace {
            dir: dir.to_owned(),
            needed: needed - available,
            available,
        });
    }
    Ok(available)
}

/// Creates, writes and removes a probe file with a random name that no person would
/// use, so that a folder we may not write to is found before any data is computed.
pub(crate) fn ensure_writable(dir: &Path) -> Result<(), DataDirError> {
    let probe = dir.join(format!(".pos-write-probe-{:016x}", rand::random::<u64>()));
    let result = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|mut f| f.write_all(b"pos"));
    // Remove it even when the write failed (a full disk, for example).
    let removed = std::fs::remove_file(&probe);
    match (result, removed) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(source), _) | (Ok(()), Err(source)) => Err(DataDirError::NotWritable {
            dir: dir.to_owned(),
            source,
        }),
    }
}

/// `1.2 GiB`, `512 B`: sizes for people, in binary units.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1024), "1.0 KiB");
        assert_eq!(human_bytes(1288490189), "1.2 GiB");
        assert_eq!(human_bytes(u64::MAX), "16.0 EiB");
    }

    #[test]
    fn probe_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        ensure_writable(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let missing = dir.path().join("missing");
        let err = ensure_writable(&missing).unwrap_err();
        assert!(matches!(err, DataDirError::NotWritable { .. }), "{err}");
    }
}
