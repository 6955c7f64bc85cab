//! The text behind "Copy diagnostics": what support needs, nothing personal beyond paths.

use std::fmt::Write;

use tauri::{AppHandle, Manager};

use crate::state::AppState;

pub fn report(app: &AppHandle, state: &AppState) -> String {
    let info = crate::system::system_info(&app.package_info().version.to_string());
    let mut out = String::new();
    let _ = writeln!(out, "PoS Desktop {}", info.app_version);
    let _ = writeln!(out, "OS: {} {}", info.os, info.os_version);
    let _ = writeln!(
        out,
        "CPU: {} ({} logical cores)",
        info.cpu_model, info.cpu_cores
    );
    let _ = writeln!(out, "Memory: {} MiB", info.memory_bytes >> 20);
    let _ = writeln!(out, "SIMD: {:?}", pos_labels::Backend::available());
    let _ = writeln!(out, "GPU library: {:?}", state.gpu_library);
    for p in &state.providers {
        let i = p.info();
        let _ = writeln!(
            out,
            "Processor {}: {:?} {} ({})",
            i.id, i.kind, i.model, i.detail
        );
    }
    for job in state.queue.list() {
        let _ = writeln!(
            out,
            "Job {} {:?}: {:?}, {}/{} labels, N = {}, {} bits, {}",
            job.id,
            job.name,
            job.state,
            job.labels_done,
            job.total_labels,
            job.n,
            job.label_bits,
            job.dir.display()
        );
    }
    for check in crate::doctor::run(app, state) {
        let _ = writeln!(
            out,
            "Doctor {} ({:?}): {}{}",
            check.id,
            check.status,
            check.summary,
            check
                .fix
                .map(|f| format!(" What to do: {f}"))
                .unwrap_or_default()
        );
    }
    if let Ok(dir) = app.path().app_log_dir() {
        let _ = writeln!(out, "Logs: {}", dir.display());
    }
    out
}
