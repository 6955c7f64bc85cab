//! The Doctor page: what could stop or slow the jobs on this computer, each with what
//! to do about it. The checks are a plain function of what was read ([`Inputs`]), so
//! every verdict is tested without the machine that would give it.

use std::path::PathBuf;

use pos_engine::data_dir::{FolderCheck, human_bytes};
use pos_engine::provider::{GpuLibraryStatus, OpenClStatus, ProviderInfo, ProviderKind};
use serde::Serialize;
use tauri::AppHandle;

use crate::settings::AppSettings;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum CheckStatus {
    Ok,
    /// Works, but slower or less safe than it could be.
    Warning,
    /// Stops a job, or will.
    Problem,
    /// Nothing to do.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct DoctorCheck {
    /// Stable, for tests and links: "opencl", "gpu_library", "gpus", "memory",
    /// "folder", "sleep", "pause_rules".
    pub id: String,
    pub title: String,
    pub status: CheckStatus,
    pub summary: String,
    /// What to do, when there is something to do.
    pub fix: Option<String>,
}

/// A data folder to check: a job's, or the default one, with the bytes still to write.
pub struct FolderToCheck {
    pub label: String,
    pub bytes_left: u64,
    pub check: Result<FolderCheck, String>,
}

/// Everything the checks look at.
pub struct Inputs {
    pub opencl: OpenClStatus,
    pub gpu_library: GpuLibraryStatus,
    pub providers: Vec<ProviderInfo>,
    pub memory_total: u64,
    pub memory_available: u64,
    pub folders: Vec<FolderToCheck>,
    pub settings: AppSettings,
    /// Whether the system answers how long since the last input (not on Wayland).
    pub idle_readable: bool,
    pub os: &'static str,
}

pub fn run(app: &AppHandle, state: &AppState) -> Vec<DoctorCheck> {
    let _ = app;
    checks(&read(state))
}

fn read(state: &AppState) -> Inputs {
    let mut sys = sysinfo::System::new();
    sys.refresh_memory();
    let settings = state.settings();
    let mut folders: Vec<FolderToCheck> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for job in state.queue.list() {
        if job.state.is_finished() || seen.contains(&job.dir) {
            continue;
        }
        seen.push(job.dir.clone());
        let left =
            job.total_labels.saturating_sub(job.labels_done) as u128 * job.label_bits as u128;
        let bytes_left = left.div_ceil(8) as u64;
        folders.push(FolderToCheck {
            label: format!("“{}” in {}", job.name, job.dir.display()),
            bytes_left,
            check: pos_engine::data_dir::check_folder(&job.dir, bytes_left)
                .map_err(|e| e.to_string()),
        });
    }
    if let Some(folder) = settings.default_folder.as_deref().filter(|f| !f.is_empty()) {
        folders.push(FolderToCheck {
            label: format!("the default folder {folder}"),
            bytes_left: 0,
            check: pos_engine::data_dir::check_folder(folder, 0).map_err(|e| e.to_string()),
        });
    }
    Inputs {
        opencl: state.opencl.clone(),
        gpu_library: state.gpu_library.clone(),
        providers: state.providers.iter().map(|p| p.info().clone()).collect(),
        memory_total: sys.total_memory(),
        memory_available: sys.available_memory(),
        folders,
        idle_readable: user_idle::UserIdle::get_time().is_ok(),
        settings,
        os: std::env::consts::OS,
    }
}

fn check(
    id: &str,
    title: &str,
    status: CheckStatus,
    summary: String,
    fix: Option<&str>,
) -> DoctorCheck {
    DoctorCheck {
        id: id.into(),
        title: title.into(),
        status,
        summary,
        fix: fix.map(str::to_owned),
    }
}

/// The page's checks, in the order a person would fix them.
pub fn checks(inputs: &Inputs) -> Vec<DoctorCheck> {
    let gpus: Vec<&ProviderInfo> = inputs
        .providers
        .iter()
        .filter(|p| p.kind != ProviderKind::Cpu)
        .collect();
    let mut out = vec![opencl(inputs), gpu_library(inputs, !gpus.is_empty())];
    out.push(gpu_list(&gpus));
    out.push(memory(inputs));
    if inputs.folders.is_empty() {
        out.push(check(
            "folder",
            "Data folders",
            CheckStatus::Info,
            "No job is running or waiting, and no default folder is set.".into(),
            None,
        ));
    }
    out.extend(inputs.folders.iter().map(folder));
    out.push(sleep(inputs));
    out.push(pause_rules(inputs));
    out
}

fn opencl(inputs: &Inputs) -> DoctorCheck {
    let driver_hint = match inputs.os {
        "linux" => {
            "Install your graphics card's driver with its OpenCL part (NVIDIA: the driver package; AMD: ROCm; Intel: intel-opencl-icd) and the OpenCL loader (ocl-icd-libopencl1), then restart the app."
        }
        "macos" => "macOS brings OpenCL itself; if no GPU is listed, update macOS.",
        _ => {
            "Install or update your graphics card's driver from NVIDIA, AMD or Intel, then restart the app."
        }
    };
    match &inputs.opencl {
        OpenClStatus::Found { devices, platforms } => check(
            "opencl",
            "OpenCL",
            CheckStatus::Ok,
            format!(
                "OpenCL finds {devices} GPU{} on {platforms} platform{}: the built-in GPU provider uses {}.",
                plural(*devices),
                plural(*platforms),
                if *devices == 1 { "it" } else { "them" }
            ),
            None,
        ),
        OpenClStatus::Unavailable { reason } => check(
            "opencl",
            "OpenCL",
            CheckStatus::Warning,
            format!("No GPU through OpenCL: {reason}. Jobs compute on the CPU, far slower."),
            Some(driver_hint),
        ),
        OpenClStatus::Disabled => check(
            "opencl",
            "OpenCL",
            CheckStatus::Info,
            "The built-in GPU provider is switched off.".into(),
            None,
        ),
    }
}

fn gpu_library(inputs: &Inputs, any_gpu: bool) -> DoctorCheck {
    match &inputs.gpu_library {
        GpuLibraryStatus::Loaded { path, devices } => check(
            "gpu_library",
            "gpu-post library",
            CheckStatus::Ok,
            format!("Loaded from {}, with {devices} GPU{}.", path.display(), plural(*devices)),
            None,
        ),
        GpuLibraryStatus::Unavailable { reason } => check(
            "gpu_library",
            "gpu-post library",
            if any_gpu { CheckStatus::Info } else { CheckStatus::Warning },
            // The search's every place is on the Processors page; here only the verdict.
            match reason.split_once("; tried") {
                Some((verdict, _)) => {
                    format!("Not loaded: {verdict} (the Processors page lists the places tried).")
                }
                None => format!("Not loaded: {reason}."),
            },
            (!any_gpu).then_some(
                "It is only needed for NVIDIA cards without OpenCL; the installers bring it. Set its path in Settings if you have it elsewhere.",
            ),
        ),
        GpuLibraryStatus::Disabled => check(
            "gpu_library",
            "gpu-post library",
            CheckStatus::Info,
            "Not used (switched off).".into(),
            None,
        ),
    }
}

fn gpu_list(gpus: &[&ProviderInfo]) -> DoctorCheck {
    if gpus.is_empty() {
        return check(
            "gpus",
            "Graphics cards and drivers",
            CheckStatus::Warning,
            "No graphics card can compute here; the CPU does all the work.".into(),
            Some("See OpenCL above."),
        );
    }
    let integrated = gpus.iter().any(|g| g.detail.contains("integrated GPU"));
    let list: Vec<String> = gpus
        .iter()
        .map(|g| format!("{} ({}: {})", g.model, g.id, g.detail))
        .collect();
    check(
        "gpus",
        "Graphics cards and drivers",
        if integrated { CheckStatus::Warning } else { CheckStatus::Ok },
        list.join("; "),
        integrated.then_some(
            "An integrated GPU shares the computer's memory and is much slower than a separate graphics card; if the computer has both, switch the integrated one off on the Processors page.",
        ),
    )
}

fn memory(inputs: &Inputs) -> DoctorCheck {
    const LOW: u64 = 2 << 30;
    let low = inputs.memory_available < LOW;
    check(
        "memory",
        "Memory",
        if low { CheckStatus::Warning } else { CheckStatus::Ok },
        format!(
            "{} free of {}. The CPU provider uses at most half of what is free when the app starts.",
            human_bytes(inputs.memory_available),
            human_bytes(inputs.memory_total)
        ),
        low.then_some("Close other programs: with little free memory the CPU computes with fewer lanes, and a large N may not fit."),
    )
}

fn folder(f: &FolderToCheck) -> DoctorCheck {
    let title = "Data folder";
    let c = match &f.check {
        Ok(c) => c,
        Err(e) => {
            return check(
                "folder",
                title,
                CheckStatus::Problem,
                format!("{}: {e}", f.label),
                Some("Connect the drive, or find the folder from its job card."),
            );
        }
    };
    let fs = c
        .file_system
        .clone()
        .unwrap_or_else(|| "an unknown file system".into());
    let mut summary = format!("{}: {fs}, {} free", f.label, human_bytes(c.free_bytes));
    if f.bytes_left > 0 {
        summary += &format!(", {} still to write", human_bytes(f.bytes_left));
    }
    summary.push('.');
    let (status, fix) = if !c.writable {
        (
            CheckStatus::Problem,
            Some("Choose a folder you can write to, or fix its permissions."),
        )
    } else if f.bytes_left > c.free_bytes {
        (
            CheckStatus::Problem,
            Some(
                "Free some space on that disk, or move the job's folder to a larger one and use Find folder.",
            ),
        )
    } else if c.network == Some(true) {
        (
            CheckStatus::Warning,
            Some(
                "A network share is slower and can drop out; a local disk is safer for data that takes days to make.",
            ),
        )
    } else if c.max_file_bytes.is_some_and(|m| m < 4 << 30) {
        (
            CheckStatus::Info,
            Some(
                "This file system limits the size of one file; the app already makes the files small enough.",
            ),
        )
    } else {
        (CheckStatus::Ok, None)
    };
    check("folder", title, status, summary, fix)
}

fn sleep(inputs: &Inputs) -> DoctorCheck {
    if inputs.settings.keep_awake {
        check(
            "sleep",
            "Sleep",
            CheckStatus::Ok,
            "The computer is kept from sleeping on its own while a job runs; closing a laptop's lid still follows the system's settings.".into(),
            None,
        )
    } else {
        check(
            "sleep",
            "Sleep",
            CheckStatus::Warning,
            "The computer may go to sleep while a job runs; the job then waits until it wakes."
                .into(),
            Some(
                "Switch on “Keep the computer awake while a job runs” in Settings, or set the system never to sleep while plugged in.",
            ),
        )
    }
}

fn pause_rules(inputs: &Inputs) -> DoctorCheck {
    let s = &inputs.settings;
    let mut on = Vec::new();
    if s.pause_on_battery {
        on.push("on battery".to_owned());
    }
    if s.pause_while_in_use {
        on.push(format!(
            "while the computer is used (within {} min)",
            s.in_use_minutes
        ));
    }
    if s.hours_only {
        on.push(format!("outside {} to {}", s.hours_from, s.hours_to));
    }
    let leave_room = s.compute_mode == pos_engine::provider::ComputeMode::LeaveRoom;
    let mut summary = if on.is_empty() {
        "Jobs never pause on their own.".to_owned()
    } else {
        format!("Jobs pause {}.", on.join(", "))
    };
    if leave_room {
        summary += " They leave room for you: half the CPU, GPUs at about half speed.";
    }
    if s.pause_while_in_use && !inputs.idle_readable {
        return check(
            "pause_rules",
            "When to compute",
            CheckStatus::Warning,
            summary
                + " This system does not tell how long the keyboard and mouse were left alone (Wayland), so “while I use the computer” cannot work here.",
            Some("Use the hours instead, or log in to an X11 session."),
        );
    }
    check(
        "pause_rules",
        "When to compute",
        CheckStatus::Info,
        summary,
        None,
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests;
