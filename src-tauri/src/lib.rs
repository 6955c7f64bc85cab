//! The PoS Desktop app: a thin Tauri layer over `pos-engine`. Commands delegate to the
//! engine (`commands.rs`), engine events become window events (`events.rs`), and the
//! tray, notifications, settings and single-instance handling live here.

mod api_server;
mod autostart;
mod commands;
mod diagnostics;
mod disks;
mod doctor;
mod error;
mod events;
mod keep_awake;
mod notify;
mod pause_rules;
mod repair;
mod settings;
mod state;
mod support_bundle;
mod system;
mod system_facts;
mod tray;
mod updater;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod contract;

use std::sync::Mutex;

use pos_engine::provider::{DiscoverySettings, discover};
use pos_engine::{JobQueue, StateStore};
use tauri::{AppHandle, Emitter, Manager, RunEvent, WindowEvent};
use tauri_plugin_log::{Target, TargetKind};

use crate::events::CONFIRM_QUIT;
use crate::notify::Notice;
use crate::state::AppState;

/// The app's name as people see it, in notifications. Not `package_info().name`: on Linux
/// the product name is `pos-desktop` (tauri.linux.conf.json), because Tauri derives the
/// .deb/.rpm package name from it and "PoS Desktop" would become `po-s-desktop`.
pub(crate) const APP_NAME: &str = "PoS Desktop";

pub fn run() {
    let context = tauri::generate_context!();
    let updates = updater::UpdateConfig::from_config(context.config());
    let builder = tauri::Builder::default()
        // First: a second launch hands over to the running app and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            show_main_window(app)
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .targets([
                    Target::new(TargetKind::LogDir { file_name: None }),
                    Target::new(TargetKind::Stdout),
                ])
                .level(log::LevelFilter::Info)
                .build(),
        )
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .plugin(tauri_plugin_window_state::Builder::new().build());
    let app = updater::setup(builder, updates)
        .setup(|app| {
            let handle = app.handle().clone();
            let state = start_engine(&handle)?;
            events::start(handle.clone(), &state.queue);
            state.api_server.apply(
                &state.settings(),
                &state.queue,
                &handle.path().app_data_dir()?,
            );
            app.manage(state);
            if let Err(e) = tray::build(&handle) {
                // No tray on this desktop: the app still works through its window.
                log::warn!("no tray icon: {e}");
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event
                && window.label() == "main"
            {
                let app = window.app_handle();
                let to_tray = app.state::<AppState>().settings().close_to_tray;
                if to_tray {
                    api.prevent_close();
                    let _ = window.hide();
                    tell_once_about_tray(app);
                } else {
                    api.prevent_close();
                    request_quit(app);
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::system_info,
            commands::list_providers,
            commands::benchmark_provider,
            commands::get_settings,
            commands::set_settings,
            commands::folder_info,
            commands::list_disks,
            commands::pick_folder,
            commands::pick_gpu_library,
            commands::open_gpu_post_page,
            commands::restart_app,
            commands::add_job,
            commands::add_existing_folder,
            commands::relocate_job,
            commands::list_jobs,
            commands::pause_job,
            commands::pause_job_after_file,
            commands::resume_job,
            commands::abort_job,
            commands::delete_job,
            commands::move_job,
            commands::verify_job,
            repair::repair_job,
            repair::stop_repair,
            commands::pause_all,
            commands::resume_all,
            commands::open_job_folder,
            commands::open_logs,
            commands::diagnostics,
            commands::quit_app,
            commands::request_quit,
            support_bundle::save_support_bundle,
            commands::run_doctor,
            commands::startup_notices,
            updater::update_status,
            updater::check_update,
            updater::install_update,
        ])
        .build(context)
        .expect("the app's configuration is valid");
    app.run(|app, event| {
        if let RunEvent::ExitRequested { .. } = event {
            // Stop at a checkpoint; running jobs resume at the next start.
            if let Some(state) = app.try_state::<AppState>() {
                state.queue.shutdown();
            }
        }
    });
}

/// Finds the providers and starts the job queue from the saved job list.
fn start_engine(app: &AppHandle) -> Result<AppState, Box<dyn std::error::Error>> {
    let settings = settings::load(app);
    let discovery = DiscoverySettings {
        gpu_library: settings.gpu_library_path.as_ref().map(Into::into),
        resources_dir: app.path().resource_dir().ok().map(|d| d.join("resources")),
        cpu_threads: cpu_threads_override(),
        no_gpu: false,
    };
    let found = discover(&discovery);
    log::info!(
        "providers: {:?}; GPU library: {:?}",
        found
            .providers
            .iter()
            .map(|p| p.info().id.clone())
            .collect::<Vec<_>>(),
        found.gpu_library
    );
    let data_dir = app.path().app_data_dir()?;
    let jobs_file = data_dir.join("jobs.json");
    let store = StateStore::File(jobs_file.clone());
    let mut startup_notices = Vec::new();
    let queue = match JobQueue::start(
        found.providers.clone(),
        store.clone(),
        settings.resume_on_start,
    ) {
        Ok(queue) => queue,
        Err(e) => {
            // Keep the damaged list for support, and start with an empty one.
            let aside = jobs_file.with_extension("json.damaged");
            log::error!("{e}; moved the job list to {}", aside.display());
            std::fs::rename(&jobs_file, &aside)?;
            startup_notices.push(damaged_job_list_notice(&e.to_string(), &aside));
            JobQueue::start(found.providers.clone(), store, settings.resume_on_start)?
        }
    };
    queue.set_disabled_processors(&settings.disabled_processor_ids());
    pos_engine::provider::set_compute_mode(settings.compute_mode);
    Ok(AppState {
        queue,
        providers: found.providers,
        gpu_library: found.gpu_library,
        opencl: found.opencl,
        settings: Mutex::new(settings),
        api_server: Default::default(),
        startup_notices,
        repairs: Default::default(),
    })
}

/// What the window says when the job list could not be read at start (damaged, or
/// written by a newer version) and was moved aside.
fn damaged_job_list_notice(error: &str, aside: &std::path::Path) -> String {
    format!(
        "The job list could not be read ({error}), so the app started with an empty list. \
         The old list is kept as {}; the data folders of its jobs were not touched. \
         If a newer version of PoS Desktop wrote it, update the app to see those jobs again.",
        aside.display()
    )
}

/// `POS_DESKTOP_CPU_THREADS` caps the CPU provider's threads (0 or unset: every core),
/// for machines where the app must leave cores to other work.
fn cpu_threads_override() -> usize {
    std::env::var("POS_DESKTOP_CPU_THREADS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0)
}

pub(crate) fn show_main_window(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.show();
        let _ = window.unminimize();
        let _ = window.set_focus();
    }
}

/// Quits at once when no job runs; otherwise shows the window, which asks first
/// (`app://confirm-quit`, answered by `quit_app`).
pub(crate) fn request_quit(app: &AppHandle) {
    let running = app.try_state::<AppState>().map_or(0, |state| {
        state
            .queue
            .list()
            .iter()
            .filter(|job| job.state == pos_engine::JobState::Running)
            .count()
    });
    if running == 0 {
        quit(app);
        return;
    }
    show_main_window(app);
    let payload = events::ConfirmQuitPayload {
        running: u32::try_from(running).unwrap_or(u32::MAX),
    };
    if let Err(e) = app.emit(CONFIRM_QUIT, payload) {
        // A window that cannot ask would leave Quit doing nothing.
        log::warn!("cannot ask the window before quitting ({e}); quitting");
        quit(app);
    }
}

/// Stops every job at a checkpoint and exits; they resume at the next start.
pub(crate) fn quit(app: &AppHandle) {
    if let Some(state) = app.try_state::<AppState>() {
        state.queue.shutdown();
    }
    app.exit(0);
}

fn tell_once_about_tray(app: &AppHandle) {
    let mut flags = settings::load_flags(app);
    if !flags.tray_notice_shown {
        notify::send(APP_NAME, Notice::StillRunningInTray);
        flags.tray_notice_shown = true;
        if let Err(e) = settings::save_flags(app, &flags) {
            log::warn!("{}", e.message);
        }
    }
}
