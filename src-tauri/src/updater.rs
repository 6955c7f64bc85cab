//! Updates through tauri-plugin-updater: the release's `latest.json`, installers signed with
//! the release key. Only builds that carry the key's public half check for updates: the
//! release workflow adds `plugins.updater` (public key, endpoint) to the configuration when
//! it has the signing key. Every other build, `npm run build` included, has no updater and
//! the About page says so. "Restart to update" is offered, and done, only while no job runs.

use pos_engine::JobStatus;
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_plugin_updater::UpdaterExt;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::AppState;

/// What this build knows about updates, read once from its configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateConfig {
    /// Where `latest.json` comes from; `None` when updates are off.
    pub endpoint: Option<String>,
}

impl UpdateConfig {
    pub fn from_config(config: &tauri::Config) -> Self {
        Self::from_plugin_section(config.plugins.0.get("updater"))
    }

    /// On with a public key and an endpoint in `plugins.updater`; the plugin itself refuses
    /// to start without that section, so it is registered only when this is on.
    pub fn from_plugin_section(section: Option<&serde_json::Value>) -> Self {
        let Some(section) = section else {
            return Self::default();
        };
        let pubkey = section.get("pubkey").and_then(|v| v.as_str()).unwrap_or("");
        let endpoint = section
            .get("endpoints")
            .and_then(|v| v.as_array())
            .and_then(|list| list.first())
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        Self {
            endpoint: endpoint.filter(|_| !pubkey.trim().is_empty()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.endpoint.is_some()
    }
}

/// Whether this build checks for updates, in words for the About page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UpdateStatus {
    pub enabled: bool,
    pub message: String,
    pub current_version: String,
    /// The `latest.json` this build asks; null when updates are off.
    pub endpoint: Option<String>,
}

/// The answer to "Check for updates".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UpdateCheck {
    /// The newer version on offer; null when this one is the newest.
    pub version: Option<String>,
    /// The release notes of that version, as the release states them.
    pub notes: Option<String>,
    /// Whether "Restart to update" may be offered: a newer version and no job running or
    /// waiting to run (a restart would stop them).
    pub can_restart: bool,
    pub message: String,
}

pub fn status(config: &UpdateConfig, current_version: &str) -> UpdateStatus {
    let message = match &config.endpoint {
        Some(endpoint) => format!(
            "This app looks for new versions at {endpoint} and installs one only when it is \
             signed with the PoS Desktop release key."
        ),
        None => "Automatic updates are off in this build: it carries no update signing key. \
                 To update, download the newest release and install it over this one; your \
                 jobs and settings stay."
            .to_owned(),
    };
    UpdateStatus {
        enabled: config.enabled(),
        message,
        current_version: current_version.to_owned(),
        endpoint: config.endpoint.clone(),
    }
}

/// Jobs that a restart would interrupt: running, or queued to run.
pub fn active_jobs(jobs: &[JobStatus]) -> usize {
    jobs.iter().filter(|j| j.state.wants_providers()).count()
}

pub fn offer(
    current_version: &str,
    version: Option<String>,
    notes: Option<String>,
    active: usize,
) -> UpdateCheck {
    let message = match (&version, active) {
        (None, _) => format!("PoS Desktop {current_version} is the newest version."),
        (Some(v), 0) => {
            format!("Version {v} is available. Restart to update; your jobs and settings stay.")
        }
        (Some(v), n) => format!(
            "Version {v} is available. {} running: pause {} or let {} finish, then restart \
             to update.",
            if n == 1 {
                "1 job is".to_owned()
            } else {
                format!("{n} jobs are")
            },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        ),
    };
    UpdateCheck {
        can_restart: version.is_some() && active == 0,
        version,
        notes,
        message,
    }
}

fn update_error(e: tauri_plugin_updater::Error) -> CommandError {
    CommandError::new(ErrorCode::Io, format!("the update failed: {e}"))
}

fn updates_off() -> CommandError {
    CommandError::new(
        ErrorCode::InvalidState,
        "automatic updates are off in this build: download the newest release instead",
    )
}

fn jobs_running(active: usize) -> CommandError {
    CommandError::new(
        ErrorCode::InvalidState,
        format!(
            "{active} job(s) would stop: pause them or let them finish, then restart to update"
        ),
    )
}

#[tauri::command]
pub fn update_status(app: AppHandle, config: State<'_, UpdateConfig>) -> UpdateStatus {
    status(&config, &app.package_info().version.to_string())
}

#[tauri::command]
pub async fn check_update(
    app: AppHandle,
    config: State<'_, UpdateConfig>,
    state: State<'_, AppState>,
) -> CommandResult<UpdateCheck> {
    if !config.enabled() {
        return Err(updates_off());
    }
    let update = app
        .updater()
        .map_err(update_error)?
        .check()
        .await
        .map_err(update_error)?;
    let (version, notes) = match update {
        Some(u) => (Some(u.version), u.body),
        None => (None, None),
    };
    let current = app.package_info().version.to_string();
    Ok(offer(
        &current,
        version,
        notes,
        active_jobs(&state.queue.list()),
    ))
}

/// Downloads the update (signature checked), installs it and restarts the app. Refused
/// while a job runs or waits, before the download and again before installing.
#[tauri::command]
pub async fn install_update(
    app: AppHandle,
    config: State<'_, UpdateConfig>,
    state: State<'_, AppState>,
) -> CommandResult<()> {
    if !config.enabled() {
        return Err(updates_off());
    }
    let queue = state.queue.clone();
    let active = active_jobs(&queue.list());
    if active > 0 {
        return Err(jobs_running(active));
    }
    let update = app
        .updater()
        .map_err(update_error)?
        .check()
        .await
        .map_err(update_error)?
        .ok_or_else(|| CommandError::new(ErrorCode::InvalidState, "there is no newer version"))?;
    let bytes = update
        .download(|_, _| {}, || {})
        .await
        .map_err(update_error)?;
    // A job may have started during the download.
    let active = active_jobs(&queue.list());
    if active > 0 {
        return Err(jobs_running(active));
    }
    log::info!("installing version {}", update.version);
    // On Windows the installer takes over and this process exits here.
    update.install(bytes).map_err(update_error)?;
    queue.shutdown();
    app.restart();
}

/// Registers the updater plugin when this build has an update key, and the configuration
/// the commands read either way.
pub fn setup<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    config: UpdateConfig,
) -> tauri::Builder<R> {
    let builder = if config.enabled() {
        builder.plugin(tauri_plugin_updater::Builder::new().build())
    } else {
        builder
    };
    builder.manage(config)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn off_without_a_section_a_key_or_an_endpoint() {
        assert!(!UpdateConfig::from_plugin_section(None).enabled());
        let no_key = json!({"pubkey": "", "endpoints": ["https://example.org/latest.json"]});
        assert!(!UpdateConfig::from_plugin_section(Some(&no_key)).enabled());
        let no_endpoint = json!({"pubkey": "dW50cnVzdGVk"});
        assert!(!UpdateConfig::from_plugin_section(Some(&no_endpoint)).enabled());
    }

    #[test]
    fn on_with_a_key_and_an_endpoint() {
        let section = json!({
            "pubkey": "dW50cnVzdGVk",
            "endpoints": ["https://github.com/o/r/releases/latest/download/latest.json"]
        });
        let config = UpdateConfig::from_plugin_section(Some(&section));
        assert_eq!(
            config.endpoint.as_deref(),
            Some("https://github.com/o/r/releases/latest/download/latest.json")
        );
        let status = status(&config, "1.2.3");
        assert!(status.enabled);
        assert!(
            status.message.contains("/latest.json"),
            "{}",
            status.message
        );
    }

    #[test]
    fn the_committed_configuration_has_no_key_so_updates_are_off() {
        // tauri.conf.json carries no updater section; only the release workflow adds one.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json");
        let conf: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let config = UpdateConfig::from_plugin_section(conf.pointer("/plugins/updater"));
        let status = status(&config, "0.1.0");
        assert!(!status.enabled);
        assert!(status.message.starts_with("Automatic updates are off"));
    }

    #[test]
    fn restart_is_offered_only_with_a_newer_version_and_no_active_job() {
        let none = offer("1.0.0", None, None, 0);
        assert!(!none.can_restart);
        assert_eq!(none.message, "PoS Desktop 1.0.0 is the newest version.");

        let idle = offer("1.0.0", Some("1.1.0".into()), Some("notes".into()), 0);
        assert!(idle.can_restart);
        assert!(idle.message.contains("Restart to update"));

        let busy = offer("1.0.0", Some("1.1.0".into()), None, 2);
        assert!(!busy.can_restart);
        assert!(
            busy.message.contains("2 jobs are running"),
            "{}",
            busy.message
        );
        assert!(
            offer("1.0.0", Some("1.1.0".into()), None, 1)
                .message
                .contains("1 job is running: pause it")
        );
    }
}
