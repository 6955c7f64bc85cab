//! The person's settings, kept with tauri-plugin-store in the app's config folder.

use pos_engine::defaults;
use pos_engine::provider::ComputeMode;
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

use crate::error::{CommandError, CommandResult, ErrorCode};

const STORE_FILE: &str = "settings.json";
const KEY: &str = "settings";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default)]
pub struct AppSettings {
    pub default_folder: Option<String>,
    /// An explicit gpu-post library; otherwise the usual search (resources, ...).
    pub gpu_library_path: Option<String>,
    pub default_n: u32,
    pub default_label_bits: u32,
    pub default_salt: String,
    pub default_max_file_bytes: u64,
    /// Providers the person switched off on the Processors page.
    pub disabled_providers: Vec<String>,
    pub notifications: bool,
    /// Closing the window keeps the jobs running in the tray.
    pub close_to_tray: bool,
    pub start_at_login: bool,
    pub resume_on_start: bool,
    /// Keep the computer from sleeping when idle while a job runs.
    pub keep_awake: bool,
    /// Full speed, or leave room for the person using the computer.
    pub compute_mode: ComputeMode,
    /// Pause rule (`pause_rules.rs`): every job waits while the computer runs on its
    /// battery.
    pub pause_on_battery: bool,
    /// Pause rule: every job waits while someone used the computer in the last
    /// `in_use_minutes` minutes.
    pub pause_while_in_use: bool,
    /// Keyboard or mouse input this recent means someone is using the computer.
    pub in_use_minutes: u32,
    /// Pause rule: jobs compute only from `hours_from` until `hours_to`.
    pub hours_only: bool,
    /// "HH:MM", local time; the hours run across midnight when it is later than
    /// `hours_to`.
    pub hours_from: String,
    pub hours_to: String,
    /// Serve the old pos server's gRPC API while the app runs.
    pub serve_api: bool,
    /// Let every API client reach the window's jobs, not only those with the cookie's token.
    pub api_reaches_window_jobs: bool,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            default_folder: None,
            gpu_library_path: None,
            default_n: defaults::DEFAULT_N,
            default_label_bits: defaults::DEFAULT_LABEL_BITS,
            default_salt: hex::encode(defaults::DEFAULT_SALT),
            default_max_file_bytes: defaults::DEFAULT_MAX_FILE_BYTES,
            disabled_providers: Vec::new(),
            notifications: true,
            close_to_tray: true,
            start_at_login: false,
            resume_on_start: true,
            keep_awake: true,
            compute_mode: ComputeMode::Full,
            pause_on_battery: true,
            pause_while_in_use: false,
            in_use_minutes: 5,
            hours_only: false,
            hours_from: "22:00".into(),
            hours_to: "07:00".into(),
            serve_api: false,
            api_reaches_window_jobs: false,
        }
    }
}

impl AppSettings {
    /// The processors switched off, for [`pos_engine::JobQueue::set_disabled_processors`].
    pub fn disabled_processor_ids(&self) -> Vec<pos_engine::ProviderId> {
        self.disabled_providers
            .iter()
            .map(|id| pos_engine::ProviderId(id.clone()))
            .collect()
    }

    /// Checks values a person can type, before anything is saved.
    pub fn validate(&self) -> CommandResult<()> {
        let invalid = |m: String| Err(CommandError::new(ErrorCode::InvalidInput, m));
        if let Err(e) = pos_labels::ScryptN::new(self.default_n as u64) {
            return invalid(e.to_string());
        }
        if let Err(e) = pos_labels::LabelBits::new(self.default_label_bits as u64) {
            return invalid(e.to_string());
        }
        if let Err(e) = pos_labels::parse_hex32("salt", &self.default_salt) {
            return invalid(e.to_string());
        }
        if !(1..=24 * 60).contains(&self.in_use_minutes) {
            return invalid(format!(
                "\"in use\" must mean input in the last 1 to 1,440 minutes, not {}",
                self.in_use_minutes
            ));
        }
        for (what, time) in [("from", &self.hours_from), ("until", &self.hours_to)] {
            if crate::pause_rules::minute_of_day(time).is_none() {
                return invalid(format!(
                    "the hours to compute {what} must be a time such as 22:00, not {time:?}"
                ));
            }
        }
        if self.default_max_file_bytes < defaults::MIN_MAX_FILE_BYTES {
            return invalid(format!(
                "the maximum file size must be at least {}",
                pos_engine::data_dir::human_bytes(defaults::MIN_MAX_FILE_BYTES)
            ));
        }
        Ok(())
    }
}

/// Flags the app keeps for itself, beside the settings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AppFlags {
    /// The "still running in the tray" notice was shown once.
    pub tray_notice_shown: bool,
}

pub fn load<R: Runtime>(app: &AppHandle<R>) -> AppSettings {
    read(app, KEY).unwrap_or_default()
}

pub fn save<R: Runtime>(app: &AppHandle<R>, settings: &AppSettings) -> CommandResult<()> {
    write(app, KEY, settings)
}

pub fn load_flags<R: Runtime>(app: &AppHandle<R>) -> AppFlags {
    read(app, "flags").unwrap_or_default()
}

pub fn save_flags<R: Runtime>(app: &AppHandle<R>, flags: &AppFlags) -> CommandResult<()> {
    write(app, "flags", flags)
}

fn read<R: Runtime, T: for<'de> Deserialize<'de>>(app: &AppHandle<R>, key: &str) -> Option<T> {
    let store = app
        .store(STORE_FILE)
        .map_err(|e| log::error!("cannot open {STORE_FILE}: {e}"))
        .ok()?;
    let value = store.get(key)?;
    serde_json::from_value(value)
        .map_err(|e| log::warn!("ignoring damaged {key} in {STORE_FILE}: {e}"))
        .ok()
}

fn write<R: Runtime, T: Serialize>(app: &AppHandle<R>, key: &str, value: &T) -> CommandResult<()> {
    let store = app.store(STORE_FILE).map_err(|e| {
        CommandError::new(ErrorCode::Io, format!("cannot open the settings file: {e}"))
    })?;
    store.set(
        key,
        serde_json::to_value(value).expect("settings serialise"),
    );
    store.save().map_err(|e| {
        CommandError::new(
            ErrorCode::Io,
            format!("cannot save the settings: {e}; is the disk full?"),
        )
    })
}
