//! The tray icon: how the jobs stand in its tooltip and, the same, as the first line of
//! its menu (Linux's tray shows no tooltip); a menu to open the window or the folder of
//! the job that finished last, pause or resume every job, and quit.

use pos_engine::{JobState, JobStatus};
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager};

use crate::state::AppState;

const TRAY_ID: &str = "main";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayAction {
    Open,
    OpenFinishedFolder,
    PauseAll,
    ResumeAll,
    Quit,
}

impl TrayAction {
    pub const ALL: [Self; 5] = [
        Self::Open,
        Self::OpenFinishedFolder,
        Self::PauseAll,
        Self::ResumeAll,
        Self::Quit,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::OpenFinishedFolder => "open-finished-folder",
            Self::PauseAll => "pause-all",
            Self::ResumeAll => "resume-all",
            Self::Quit => "quit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open PoS Desktop",
            // Named after the job once one has finished (`update_tooltip`).
            Self::OpenFinishedFolder => "Open the finished job's folder",
            Self::PauseAll => "Pause all jobs",
            Self::ResumeAll => "Resume all jobs",
            Self::Quit => "Quit",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }
}

/// The menu items that change with the jobs.
struct TrayMenu {
    status: MenuItem<tauri::Wry>,
    finished_folder: MenuItem<tauri::Wry>,
}

pub fn build(app: &AppHandle) -> tauri::Result<()> {
    let status = MenuItem::with_id(app, "status", "PoS Desktop: idle", false, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let items = TrayAction::ALL
        .iter()
        .map(|a| {
            let enabled = *a != TrayAction::OpenFinishedFolder;
            MenuItem::with_id(app, a.id(), a.label(), enabled, None::<&str>)
        })
        .collect::<tauri::Result<Vec<_>>>()?;
    let mut refs: Vec<&dyn tauri::menu::IsMenuItem<tauri::Wry>> = vec![&status, &separator];
    refs.extend(
        items
            .iter()
            .map(|i| i as &dyn tauri::menu::IsMenuItem<tauri::Wry>),
    );
    let menu = Menu::with_items(app, &refs)?;
    app.manage(TrayMenu {
        status: status.clone(),
        finished_folder: items[1].clone(),
    });
    let icon = Image::from_bytes(include_bytes!("../../icons/tray.png"))?;
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon)
        .tooltip("PoS Desktop")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| {
            if let Some(action) = TrayAction::from_id(event.id().as_ref()) {
                run(app, action);
            }
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                ..
            } = event
            {
                crate::show_main_window(tray.app_handle());
            }
        })
        .build(app)?;
    Ok(())
}

fn run(app: &AppHandle, action: TrayAction) {
    let state = app.state::<AppState>();
    match action {
        TrayAction::Open => crate::show_main_window(app),
        TrayAction::OpenFinishedFolder => {
            if let Some(job) = last_finished(&state.queue.list()) {
                use tauri_plugin_opener::OpenerExt;
                if let Err(e) = app
                    .opener()
                    .open_path(job.dir.display().to_string(), None::<&str>)
                {
                    log::warn!("cannot open {}: {e}", job.dir.display());
                }
            }
        }
        // Off the main thread: stopping a GPU (and resuming, which checks free space)
        // can take a second.
        TrayAction::PauseAll => {
            let queue = state.queue.clone();
            std::thread::spawn(move || queue.pause_all());
        }
        TrayAction::ResumeAll => {
            let queue = state.queue.clone();
            std::thread::spawn(move || queue.resume_all());
        }
        TrayAction::Quit => crate::request_quit(app),
    }
}

/// The completed job that finished last.
fn last_finished(jobs: &[JobStatus]) -> Option<&JobStatus> {
    jobs.iter()
        .filter(|j| j.state == JobState::Completed)
        .max_by_key(|j| j.finished)
}

/// "checked: all correct", as the job card says it in more words.
fn check_words(job: &JobStatus) -> &'static str {
    match job.last_check {
        None => "not checked yet",
        Some(c) if c.mismatches > 0 && !c.repaired => "some labels are wrong: open the app",
        Some(c) if c.every_label => "every label checked",
        Some(_) => "checked",
    }
}

/// "PoS Desktop: 2 jobs running, 45%, about 3 h 10 min left"; with nothing to do,
/// what finished last: "PoS Desktop: “Disk 1” is ready, 1.0 TiB, checked".
pub fn tooltip_text(jobs: &[JobStatus]) -> String {
    let running: Vec<_> = jobs
        .iter()
        .filter(|j| j.state == JobState::Running)
        .collect();
    if running.is_empty() {
        let waiting = jobs.iter().filter(|j| j.state == JobState::Queued).count();
        return match (waiting, last_finished(jobs)) {
            (0, None) => "PoS Desktop: idle".into(),
            (0, Some(job)) => format!(
                "PoS Desktop: “{}” is ready, {}, {}",
                job.name,
                crate::events::human_bytes(job_bytes(job)),
                check_words(job)
            ),
            (n, _) => format!("PoS Desktop: {n} job(s) waiting"),
        };
    }
    let done: u64 = running.iter().map(|j| j.labels_done).sum();
    let total: u64 = running.iter().map(|j| j.total_labels).sum();
    let percent = if total == 0 {
        100.0
    } else {
        done as f64 * 100.0 / total as f64
    };
    let eta = running.iter().filter_map(|j| j.eta_secs).max();
    let mut text = format!(
        "PoS Desktop: {} job(s) running, {percent:.0}%",
        running.len()
    );
    if let Some(eta) = eta {
        text.push_str(&format!(
            ", about {} left",
            crate::events::human_duration(eta)
        ));
    }
    text
}

fn job_bytes(job: &JobStatus) -> u64 {
    (job.total_labels as u128 * job.label_bits as u128).div_ceil(8) as u64
}

/// The tooltip, the menu's first line and its finished job's item, from the jobs now.
pub fn update_tooltip(app: &AppHandle) {
    let (Some(tray), Some(state)) = (app.tray_by_id(TRAY_ID), app.try_state::<AppState>()) else {
        return;
    };
    let jobs = state.queue.list();
    let text = tooltip_text(&jobs);
    let _ = tray.set_tooltip(Some(&text));
    if let Some(menu) = app.try_state::<TrayMenu>() {
        let _ = menu.status.set_text(&text);
        let finished = last_finished(&jobs);
        let _ = menu.finished_folder.set_enabled(finished.is_some());
        if let Some(job) = finished {
            let _ = menu
                .finished_folder
                .set_text(format!("Open the folder of “{}”", job.name));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pos_engine::JobCheck;

    fn job(name: &str, state: JobState, finished: Option<u64>) -> JobStatus {
        let mut job: JobStatus = serde_json::from_value(serde_json::json!({
            "id": 1, "name": name, "dir": "/data/pos", "state": {"state": "queued"},
            "labels_done": 0, "total_labels": 1u64 << 33, "label_bits": 8, "n": 512,
            "labels_per_sec": 0.0, "eta_secs": null, "processor_speeds": [], "providers": [],
            "processors_off": [], "waiting_for": null,
            "actions": {"pause": false, "pause_after_file": false, "resume": false,
                        "abort": false, "delete": true, "verify": true, "reorder": false,
                        "find_folder": false},
            "pow_difficulty": null, "pow_solution": null, "last_check": null,
            "created": 0, "started": null, "finished": finished,
        }))
        .expect("a JobStatus");
        job.state = state;
        job
    }

    #[test]
    fn with_nothing_to_do_the_tray_names_the_job_that_finished_last_and_its_check() {
        assert_eq!(tooltip_text(&[]), "PoS Desktop: idle");
        let older = job("Disk 1", JobState::Completed, Some(100));
        let mut newer = job("Disk 2", JobState::Completed, Some(200));
        assert_eq!(
            tooltip_text(&[newer.clone(), older.clone()]),
            "PoS Desktop: “Disk 2” is ready, 8.0 GiB, not checked yet"
        );
        newer.last_check = Some(JobCheck {
            at: 210,
            labels_checked: 1000,
            mismatches: 0,
            every_label: false,
            repaired: false,
        });
        assert!(tooltip_text(&[older.clone(), newer.clone()]).ends_with(", checked"));
        newer.last_check = newer.last_check.map(|c| JobCheck { mismatches: 2, ..c });
        assert!(tooltip_text(&[older, newer]).ends_with("some labels are wrong: open the app"));
    }

    #[test]
    fn waiting_and_running_jobs_come_before_finished_ones() {
        let done = job("Disk 1", JobState::Completed, Some(100));
        let waiting = job("Disk 2", JobState::Queued, None);
        assert_eq!(
            tooltip_text(&[done.clone(), waiting]),
            "PoS Desktop: 1 job(s) waiting"
        );
        let mut running = job("Disk 3", JobState::Running, None);
        running.labels_done = running.total_labels / 4;
        assert_eq!(
            tooltip_text(&[done, running]),
            "PoS Desktop: 1 job(s) running, 25%"
        );
    }
}
