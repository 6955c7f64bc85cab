//! "Save a support bundle": one zip that a person can attach to a report. It holds the
//! diagnostics (the app, the system, the processors, the GPU library, each job's state
//! without its id), the settings (which hold no secret) and the newest logs, each cut to
//! its last [`MAX_LOG_BYTES`] and all together to [`MAX_LOGS_BYTES`]. Nothing that names a
//! person's identity or opens the API goes in: runs of 32 or more hex digits (a job's id,
//! a token) are replaced in every text, and neither the job list nor the API's cookie is
//! included.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use zip::write::SimpleFileOptions;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::state::AppState;

/// The end of each log file that goes in.
pub const MAX_LOG_BYTES: u64 = 2 << 20;
/// All logs together, newest first.
pub const MAX_LOGS_BYTES: u64 = 8 << 20;
/// Hex digits in a row from which a run is taken for an id or a token.
const REDACT_HEX_RUN: usize = 32;

/// Saves a support bundle where the person chooses (`path`, or a save dialog when it is
/// null); resolves to where it was saved, or null when the dialog was cancelled.
#[tauri::command]
pub async fn save_support_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    path: Option<String>,
) -> CommandResult<Option<String>> {
    let path = match path {
        Some(path) => PathBuf::from(path),
        None => {
            let picked = app
                .dialog()
                .file()
                .set_title("Save a support bundle")
                .set_file_name("pos-desktop-support.zip")
                .add_filter("Zip archive", &["zip"])
                .blocking_save_file();
            match picked.and_then(|p| p.into_path().ok()) {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    let diagnostics = crate::diagnostics::report(&app, &state);
    let settings = state
        .settings
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    let settings_json = serde_json::to_string_pretty(&settings)
        .map_err(|e| CommandError::new(ErrorCode::Internal, e.to_string()))?;
    let log_dir = app.path().app_log_dir().ok();
    let saved = path.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let contents = BundleContents {
            diagnostics: &diagnostics,
            settings_json: &settings_json,
            log_dir: log_dir.as_deref(),
        };
        write_bundle(&saved, &contents)
    })
    .await
    .map_err(|e| CommandError::new(ErrorCode::Internal, format!("the task stopped: {e}")))?
    .map_err(|e| {
        CommandError::new(
            ErrorCode::Io,
            format!(
                "cannot write the support bundle to {}: {e}; choose another folder",
                path.display()
            ),
        )
    })?;
    Ok(Some(path.display().to_string()))
}

/// What goes into the bundle.
pub struct BundleContents<'a> {
    pub diagnostics: &'a str,
    pub settings_json: &'a str,
    pub log_dir: Option<&'a Path>,
}

/// Writes the bundle to `path` (through a temporary file beside it, so a failed write
/// leaves nothing half-written) and returns the names of its entries.
pub fn write_bundle(path: &Path, contents: &BundleContents<'_>) -> io::Result<Vec<String>> {
    let partial = path.with_extension("zip.partial");
    let written = write_zip(&partial, contents).and_then(|names| {
        std::fs::rename(&partial, path)?;
        Ok(names)
    });
    if written.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    written
}

fn write_zip(path: &Path, contents: &BundleContents<'_>) -> io::Result<Vec<String>> {
    let file = File::create(path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut names = Vec::new();
    let mut add = |zip: &mut zip::ZipWriter<File>, name: String, text: &str| -> io::Result<()> {
        zip.start_file(name.as_str(), options)
            .map_err(io::Error::other)?;
        zip.write_all(redact(text).as_bytes())?;
        names.push(name);
        Ok(())
    };
    add(&mut zip, "diagnostics.txt".into(), contents.diagnostics)?;
    add(&mut zip, "settings.json".into(), contents.settings_json)?;
    let mut logs_left = MAX_LOGS_BYTES;
    for log in contents.log_dir.map(newest_logs).unwrap_or_default() {
        if logs_left == 0 {
            break;
        }
        let Some(file_name) = log.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let text = tail(&log, MAX_LOG_BYTES.min(logs_left))?;
        logs_left = logs_left.saturating_sub(text.len() as u64);
        add(&mut zip, format!("logs/{file_name}"), &text)?;
    }
    zip.finish().map_err(io::Error::other)?.sync_all()?;
    Ok(names)
}

/// The regular files of `dir`, the most recently changed first.
fn newest_logs(dir: &Path) -> Vec<PathBuf> {
    let mut logs: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let meta = entry.metadata().ok()?;
            meta.is_file().then(|| {
                (
                    meta.modified().unwrap_or(std::time::UNIX_EPOCH),
                    entry.path(),
                )
            })
        })
        .collect();
    logs.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    logs.into_iter().map(|(_, path)| path).collect()
}

/// The last `max` bytes of a file as text, from the first whole line.
fn tail(path: &Path, max: u64) -> io::Result<String> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    let start = len.saturating_sub(max);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(match (start > 0, text.find('\n')) {
        (true, Some(newline)) => text[newline + 1..].to_owned(),
        _ => text,
    })
}

/// `text` with every run of [`REDACT_HEX_RUN`] or more hex digits replaced.
fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= REDACT_HEX_RUN {
            out.push_str("[hex removed]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(path: &Path) -> Vec<(String, String)> {
        let mut archive = zip::ZipArchive::new(File::open(path).unwrap()).unwrap();
        (0..archive.len())
            .map(|i| {
                let mut entry = archive.by_index(i).unwrap();
                let mut text = String::new();
                entry.read_to_string(&mut text).unwrap();
                (entry.name().unwrap().to_string(), text)
            })
            .collect()
    }

    #[test]
    fn the_bundle_holds_the_diagnostics_settings_and_newest_logs_without_ids() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir(&logs).unwrap();
        let id = "a1".repeat(32);
        std::fs::write(logs.join("old.log"), "old line\n").unwrap();
        // Newer, and longer than one log may be: only its end goes in.
        let mut big = format!("first line with id {id}\n");
        while (big.len() as u64) < MAX_LOG_BYTES + 1000 {
            big.push_str("a line of the log that repeats\n");
        }
        big.push_str(&format!("last line, job {id}\n"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(logs.join("pos-desktop.log"), &big).unwrap();
        let out = dir.path().join("bundle.zip");
        let diagnostics = format!("PoS Desktop 0.1.0\nJob 1 with {id}\n");
        let names = write_bundle(
            &out,
            &BundleContents {
                diagnostics: &diagnostics,
                settings_json: "{\"notifications\": true}",
                log_dir: Some(&logs),
            },
        )
        .unwrap();
        assert_eq!(
            names,
            [
                "diagnostics.txt",
                "settings.json",
                "logs/pos-desktop.log",
                "logs/old.log"
            ]
        );
        let found = entries(&out);
        assert_eq!(found.len(), 4);
        for (name, text) in &found {
            assert!(!text.contains(&id), "{name} holds the id");
        }
        let log = &found[2].1;
        assert!(log.len() as u64 <= MAX_LOG_BYTES, "{}", log.len());
        assert!(log.ends_with("last line, job [hex removed]\n"));
        assert!(!log.contains("first line"), "the log's start is cut off");
        assert!(found[0].1.contains("Job 1 with [hex removed]"));
        assert!(!dir.path().join("bundle.zip.partial").exists());
    }

    #[test]
    fn short_hex_such_as_sizes_and_versions_stays() {
        assert_eq!(
            redact("N = 8192, 0xdeadbeef, v2.14"),
            "N = 8192, 0xdeadbeef, v2.14"
        );
        assert_eq!(redact(&"f".repeat(31)), "f".repeat(31));
        assert_eq!(redact(&format!("[{}]", "0".repeat(32))), "[[hex removed]]");
    }

    #[test]
    fn a_bundle_that_cannot_be_written_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("missing-folder").join("bundle.zip");
        let contents = BundleContents {
            diagnostics: "d",
            settings_json: "{}",
            log_dir: None,
        };
        assert!(write_bundle(&out, &contents).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
