//! "Start at login", through tauri-plugin-autostart.

use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::ManagerExt;

use crate::error::{CommandError, CommandResult, ErrorCode};

pub fn apply<R: Runtime>(app: &AppHandle<R>, enabled: bool) -> CommandResult<()> {
    let launcher = app.autolaunch();
    let now = launcher.is_enabled().unwrap_or(false);
    let result = match (enabled, now) {
        (true, false) => launcher.enable(),
        (false, true) => launcher.disable(),
        _ => Ok(()),
    };
    result
        .map_err(|e| CommandError::new(ErrorCode::Io, format!("cannot change start at login: {e}")))
}
