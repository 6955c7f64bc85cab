//! Facts about this computer for the About page, and the setup's folder check.

use std::path::PathBuf;

use pos_engine::data_dir::{FolderCheck, check_folder};
use serde::Serialize;
use sysinfo::{Disks, System};

use crate::error::{CommandError, CommandResult, ErrorCode};

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

/// The wizard's folder check: the engine's own [`check_folder`], the one that job
/// creation enforces, so the two never disagree. Only a relative path is refused here
/// (the engine would resolve it against the app's working folder, which means nothing
/// to the person typing it).
pub fn folder_info(path: &str, bytes_needed: u64) -> CommandResult<FolderCheck> {
    let target = PathBuf::from(path.trim());
    if !target.is_absolute() {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "choose a full folder path, for example with the Choose folder button",
        ));
    }
    Ok(check_folder(&target, bytes_needed)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writable_folder_reports_space_and_leaves_nothing() {
        let dir = tempfile_dir();
        let info = folder_info(dir.to_str().unwrap(), 1).unwrap();
        assert!(info.exists && info.writable, "{info:?}");
        assert!(info.free_bytes > 0 && info.enough_space());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        let nested = folder_info(dir.join("a/b").to_str().unwrap(), 0).unwrap();
        assert!(
            !nested.exists && nested.writable && nested.checked_at == dir,
            "a missing folder under a writable one is fine: {nested:?}"
        );
        std::fs::remove_dir(&dir).unwrap();
    }

    #[test]
    fn files_and_relative_paths_are_refused() {
        let dir = tempfile_dir();
        let file = dir.join("f");
        std::fs::write(&file, "x").unwrap();
        let err = folder_info(file.to_str().unwrap(), 0).unwrap_err();
        assert!(err.message.contains("is not a folder"), "{err:?}");
        let err = folder_info("relative/path", 0).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
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
