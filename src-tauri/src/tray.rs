//! The tray icon: overall progress in its tooltip, and a menu to open the window,
//! pause or resume every job, and quit.

use pos_engine::JobState;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem};
use tauri::tray::{MouseButton, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager};

use crate::state::AppState;

const TRAY_ID: &str = "main";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayAction {
    Open,
    PauseAll,
    ResumeAll,
    Quit,
}

impl TrayAction {
    pub const ALL: [Self; 4] = [Self::Open, Self::PauseAll, Self::ResumeAll, Self::Quit];

    pub fn id(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::PauseAll => "pause-all",
            Self::ResumeAll => "resume-all",
            Self::Quit => "quit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open PoS Desktop",
            Self::PauseAll => "Pause all jobs",
            Self::ResumeAll => "Resume all jobs",
            Self::Quit => "Quit",
        }
    }

    fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }
}

pub fn build(app: &AppHandle) -> tauri::Result<()> {
    let items = TrayAction::ALL
        .iter()
        .map(|a| MenuItem::with_id(app, a.id(), a.label(), true, None::<&str>))
        .collect::<tauri::Result<Vec<_>>>()?;
    let refs: Vec<&dyn tauri::menu::IsMenuItem<tauri::Wry>> =
        items.iter().map(|i| i as _).collect();
    let menu = Menu::with_items(app, &refs)?;
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

/// "PoS Desktop: 2 jobs running, 45%, about 3 h 10 min left" or "PoS Desktop: idle".
pub fn tooltip_text(jobs: &[pos_engine::JobStatus]) -> String {
    let running: Vec<_> = jobs
        .iter()
        .filter(|j| j.state == JobState::Running)
        .collect();
    if running.is_empty() {
        let waiting = jobs.iter().filter(|j| j.state == JobState::Queued).count();
        return match waiting {
            0 => "PoS Desktop: idle".into(),
            n => format!("PoS Desktop: {n} job(s) waiting"),
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

pub fn update_tooltip(app: &AppHandle) {
    let (Some(tray), Some(state)) = (app.tray_by_id(TRAY_ID), app.try_state::<AppState>()) else {
        return;
    };
    let _ = tray.set_tooltip(Some(tooltip_text(&state.queue.list())));
}
