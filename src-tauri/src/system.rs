//! Facts about this computer for the About page and the setup's free-space checks.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sysinfo::{Disks, System};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DiskInfo {
    pub name: String,
    pub mount_point: String,
    pub total_bytes: u64,
    pub available_bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct SystemInfo {
    pub app_version: String,
    pub os: String,
    pub os_version: String,
    pub cpu_model: String,
    pub cpu_cores: u32,
    pub memory_bytes: u64,
    pub disks: Vec<DiskInfo>,
}

pub fn system_info(app_version: &str) -> SystemInfo {
    let mut sys = System::new();
    sys.refresh_memory();
    let disks = Disks::new_with_refreshed_list()
        .list()
        .iter()
        .map(|d| DiskInfo {
            name: d.name().to_string_lossy().into_owned(),
            mount_point: d.mount_point().display().to_string(),
            total_bytes: d.total_space(),
            available_bytes: d.available_space(),
        })
        .collect();
    SystemInfo {
        app_version: app_version.to_owned(),
        os: System::name().unwrap_or_else(|| std::env::consts::OS.into()),
        os_version: System::long_os_version().unwrap_or_default(),
        cpu_model: pos_engine::provider::CpuProvider::model_name(),
        cpu_cores: std::thread::available_parallelism().map_or(1, |n| n.get() as u32),
        memory_bytes: sys.total_memory(),
        disks,
    }
}

/// What the setup shows about a folder a person picked or typed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct FolderInfo {
    pub path: String,
    pub exists: bool,
    pub writable: bool,
    pub available_bytes: u64,
    pub total_bytes: u64,
    /// Why it cannot be used, in words a person can act on.
    pub error: Option<String>,
}

/// Checks a folder without changing anything a person can see: free space comes from
/// the nearest existing parent, and writing is tried with a probe file that is removed.
pub fn folder_info(path: &str) -> FolderInfo {
    let target = PathBuf::from(path.trim());
    let mut info = FolderInfo {
        path: target.display().to_string(),
        exists: target.is_dir(),
        writable: false,
        available_bytes: 0,
        total_bytes: 0,
        error: None,
    };
    if !target.is_absolute() {
        info.error =
            Some("choose a full folder path, for example with the Choose folder button".into());
        return info;
    }
    if target.exists() && !target.is_dir() {
        info.error = Some(format!("{} is a file, not a folder", target.display()));
        return info;
    }
    let Some(existing) = target.ancestors().find(|p| p.is_dir()) else {
        info.error = Some("no part of this path exists on this computer".into());
        return info;
    };
    if let Some((total, available)) = disk_space(existing) {
        info.total_bytes = total;
        info.available_bytes = available;
    }
    match probe_write(existing) {
        Ok(()) => info.writable = true,
        Err(e) => {
            info.error = Some(format!(
                "PoS Desktop cannot write in {}: {e}; choose another folder",
                existing.display()
            ))
        }
    }
    info
}

/// Total and available bytes of the disk holding `path` (the longest matching mount).
fn disk_space(path: &Path) -> Option<(u64, u64)> {
    let path = path.canonicalize().ok()?;
    let disks = Disks::new_with_refreshed_list();
    disks
        .list()
        .iter()
        .filter(|d| path.starts_with(d.mount_point()))
        .max_by_key(|d| d.mount_point().as_os_str().len())
        .map(|d| (d.total_space(), d.available_space()))
}

fn probe_write(dir: &Path) -> std::io::Result<()> {
    let probe = dir.join(format!(".pos-desktop-write-check-{}", std::process::id()));
    std::fs::write(&probe, b"ok")?;
    std::fs::remove_file(&probe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_folder_reports_space_and_leaves_nothing() {
        let dir = tempfile_dir();
        let info = folder_info(dir.to_str().unwrap());
        assert!(info.exists && info.writable, "{info:?}");
        assert!(info.available_bytes > 0);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let nested = folder_info(dir.join("a/b").to_str().unwrap());
        assert!(
            !nested.exists && nested.writable,
            "a missing folder under a writable one is fine"
        );
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn files_and_relative_paths_are_refused() {
        let dir = tempfile_dir();
        let file = dir.join("f");
        std::fs::write(&file, "x").unwrap();
        assert!(
            folder_info(file.to_str().unwrap())
                .error
                .unwrap()
                .contains("is a file")
        );
        assert!(folder_info("relative/path").error.is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "pos-folder-info-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
