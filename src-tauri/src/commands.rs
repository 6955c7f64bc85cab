//! The commands the window calls. Each one hands its work to the engine or a small
//! helper module; long work runs on a blocking thread so the UI never waits on it.

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use pos_engine::data_dir::{DataDir, FolderCheck, VerifyReport};
use pos_engine::provider::BenchResult;
use pos_engine::{JobId, JobOrigin, JobRequest, JobStatus, ProviderId};
use pos_labels::{LabelBits, ScryptN};
use tauri::{AppHandle, Manager, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::settings::{self, AppSettings};
use crate::state::{AppState, ProvidersView};
use crate::system::{self, SystemInfo};

#[tauri::command]
pub fn system_info(app: AppHandle) -> SystemInfo {
    system::system_info(&app.package_info().version.to_string())
}

#[tauri::command]
pub fn list_providers(state: State<'_, AppState>) -> ProvidersView {
    state.providers_view()
}

/// Measures one processor for a few seconds at the given parameters; one that a job is
/// using is measured between the job's batches.
#[tauri::command]
pub async fn benchmark_provider(
    state: State<'_, AppState>,
    provider_id: String,
    n: u64,
    bits: u64,
    seconds: f64,
) -> CommandResult<BenchResult> {
    let n =
        ScryptN::new(n).map_err(|e| CommandError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let bits = LabelBits::new(bits)
        .map_err(|e| CommandError::new(ErrorCode::InvalidInput, e.to_string()))?;
    let seconds = Duration::from_secs_f64(seconds.clamp(0.5, 30.0));
    let queue = state.queue.clone();
    blocking(move || Ok(queue.benchmark(&ProviderId(provider_id), n, bits, seconds)?)).await
}

#[tauri::command]
pub fn get_settings(state: State<'_, AppState>) -> AppSettings {
    state.settings()
}

#[tauri::command]
pub async fn set_settings(
    app: AppHandle,
    state: State<'_, AppState>,
    settings: AppSettings,
) -> CommandResult<AppSettings> {
    settings.validate()?;
    crate::autostart::apply(&app, settings.start_at_login)?;
    settings::save(&app, &settings)?;
    *state.settings.lock().unwrap_or_else(|p| p.into_inner()) = settings.clone();
    pos_engine::provider::set_compute_mode(settings.compute_mode);
    // Off the main thread: switching off a busy GPU stops its batch (gpu-post's stop()
    // can take a second).
    let queue = state.queue.clone();
    let disabled = settings.disabled_processor_ids();
    blocking(move || {
        queue.set_disabled_processors(&disabled);
        Ok(())
    })
    .await?;
    state
        .api_server
        .apply(&settings, &state.queue, &app.path().app_data_dir()?);
    Ok(settings)
}

/// The engine's check of a folder that a job would write `bytes_needed` bytes to (0:
/// not known yet), the same one that job creation enforces.
#[tauri::command]
pub async fn folder_info(path: String, bytes_needed: u64) -> CommandResult<FolderCheck> {
    blocking(move || system::folder_info(&path, bytes_needed)).await
}

/// The disks the folder step offers, with a folder on each and the one to start with.
#[tauri::command]
pub async fn list_disks(app: AppHandle) -> CommandResult<crate::disks::DiskChoices> {
    let home = app.path().home_dir().ok();
    blocking(move || Ok(crate::disks::list(home.as_deref()))).await
}

/// Where gpu-post's releases are published (its own project page).
const GPU_POST_RELEASES: &str = "https://github.com/spacemeshos/gpu-post/releases";

/// The file picker for gpu-post's library, showing only files of this system's library
/// kind; `None` when the person cancels.
#[tauri::command]
pub async fn pick_gpu_library(app: AppHandle) -> Option<String> {
    let extension = std::env::consts::DLL_EXTENSION;
    let picked = app
        .dialog()
        .file()
        .set_title("Choose the gpu-post library")
        .add_filter(format!("gpu-post library (.{extension})"), &[extension])
        .blocking_pick_file();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Opens gpu-post's releases page in the browser (a fixed address: the window cannot ask
/// for any other).
#[tauri::command]
pub fn open_gpu_post_page(app: AppHandle) -> CommandResult<()> {
    app.opener()
        .open_url(GPU_POST_RELEASES, None::<&str>)
        .map_err(|e| {
            CommandError::new(
                ErrorCode::Io,
                format!("cannot open the browser ({e}); the page is {GPU_POST_RELEASES}"),
            )
        })
}

/// Restarts the app, so that a new gpu-post library is loaded: every job stops at a
/// checkpoint first, and running jobs go on after the start.
#[tauri::command]
pub fn restart_app(app: AppHandle, state: State<'_, AppState>) {
    state.queue.shutdown();
    app.restart();
}

/// The native folder picker; `None` when the person cancels.
#[tauri::command]
pub async fn pick_folder(app: AppHandle) -> Option<String> {
    let picked = app
        .dialog()
        .file()
        .set_title("Choose a folder for the PoS data")
        .blocking_pick_folder();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.display().to_string())
}

/// Quit after the window asked (`app://confirm-quit`): every job stops at a checkpoint
/// and goes on at the next start.
#[tauri::command]
pub fn quit_app(app: AppHandle) {
    crate::quit(&app);
}

/// The window's Quit button: the same request as the tray's Quit. It quits at once when
/// no job runs; otherwise the window asks first (`app://confirm-quit`, then `quit_app`).
#[tauri::command]
pub fn request_quit(app: AppHandle) {
    crate::request_quit(&app);
}

#[tauri::command]
pub async fn add_job(state: State<'_, AppState>, request: JobRequest) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    // Creating the folder checks free space and writes metadata: disk work.
    blocking(move || Ok(queue.add(request)?)).await
}

/// Adds a data folder made earlier (by the app, by `pos`, on another computer, moved, or
/// on a drive that got another letter) as a job. The folder is checked against its own
/// metadata when it is opened, and the job goes on from its last checkpoint; a
/// complete one is listed as completed.
#[tauri::command]
pub async fn add_existing_folder(
    state: State<'_, AppState>,
    path: String,
) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    blocking(move || {
        let path = typed_folder(&path)?;
        let status = DataDir::read_status(&path)?;
        // Split over machines (`pos job run --shard`) and being written there: say by
        // whom and how far, rather than only that the folder is in use.
        if let Some(writing) = status.shards_writing() {
            return Err(CommandError::new(
                ErrorCode::FolderInUse,
                format!("{writing}. Add the folder once they have finished or are stopped"),
            ));
        }
        let request = JobRequest::for_existing_folder(&status, JobOrigin::Window);
        Ok(queue.add(request)?)
    })
    .await
}

/// A folder the person typed or picked: a full path (a relative one would be taken from
/// the app's working folder, which means nothing to them).
fn typed_folder(path: &str) -> CommandResult<std::path::PathBuf> {
    let path = std::path::PathBuf::from(path.trim());
    if !path.is_absolute() {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "give the folder's full path, or choose it with Choose folder",
        ));
    }
    Ok(path)
}

/// Points a job whose folder is not where it was at where its data is now (checked
/// against the job) and resumes it.
#[tauri::command]
pub async fn relocate_job(
    state: State<'_, AppState>,
    id: u64,
    path: String,
) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    blocking(move || {
        let path = typed_folder(&path)?;
        Ok(queue.relocate(JobId(id), path)?)
    })
    .await
}

#[tauri::command]
pub fn list_jobs(state: State<'_, AppState>) -> Vec<JobStatus> {
    state.queue.list()
}

#[tauri::command]
pub async fn pause_job(state: State<'_, AppState>, id: u64) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    blocking(move || Ok(queue.pause(JobId(id))?)).await
}

/// Pauses once the files being written now are complete.
#[tauri::command]
pub async fn pause_job_after_file(state: State<'_, AppState>, id: u64) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    blocking(move || Ok(queue.pause_after_file(JobId(id))?)).await
}

#[tauri::command]
pub async fn resume_job(state: State<'_, AppState>, id: u64) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    blocking(move || Ok(queue.resume(JobId(id))?)).await
}

#[tauri::command]
pub async fn abort_job(state: State<'_, AppState>, id: u64) -> CommandResult<JobStatus> {
    let queue = state.queue.clone();
    blocking(move || Ok(queue.abort(JobId(id))?)).await
}

#[tauri::command]
pub async fn delete_job(state: State<'_, AppState>, id: u64, with_data: bool) -> CommandResult<()> {
    let queue = state.queue.clone();
    blocking(move || Ok(queue.delete(JobId(id), with_data)?)).await
}

#[tauri::command]
pub fn move_job(state: State<'_, AppState>, id: u64, index: usize) -> CommandResult<()> {
    Ok(state.queue.move_to(JobId(id), index)?)
}

#[tauri::command]
pub async fn verify_job(
    state: State<'_, AppState>,
    id: u64,
    fraction: f64,
) -> CommandResult<VerifyReport> {
    let queue = state.queue.clone();
    let fraction = fraction.clamp(0.0, 1.0);
    blocking(move || Ok(queue.verify(JobId(id), fraction, &|_, _| {}, &AtomicBool::new(false))?))
        .await
}

#[tauri::command]
pub async fn pause_all(state: State<'_, AppState>) -> CommandResult<()> {
    let queue = state.queue.clone();
    blocking(move || {
        queue.pause_all();
        Ok(())
    })
    .await
}

#[tauri::command]
pub async fn resume_all(state: State<'_, AppState>) -> CommandResult<()> {
    let queue = state.queue.clone();
    blocking(move || {
        queue.resume_all();
        Ok(())
    })
    .await
}

#[tauri::command]
pub fn open_job_folder(app: AppHandle, state: State<'_, AppState>, id: u64) -> CommandResult<()> {
    let job = state.queue.get(JobId(id))?;
    app.opener()
        .open_path(job.dir.display().to_string(), None::<&str>)
        .map_err(|e| {
            CommandError::new(
                ErrorCode::Io,
                format!("cannot open {}: {e}", job.dir.display()),
            )
        })
}

#[tauri::command]
pub fn open_logs(app: AppHandle) -> CommandResult<()> {
    let dir = app.path().app_log_dir()?;
    std::fs::create_dir_all(&dir).map_err(|e| {
        CommandError::new(
            ErrorCode::Io,
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    app.opener()
        .open_path(dir.display().to_string(), None::<&str>)
        .map_err(|e| {
            CommandError::new(ErrorCode::Io, format!("cannot open {}: {e}", dir.display()))
        })
}

/// Text for "Copy diagnostics": versions, system, providers, jobs.
#[tauri::command]
pub fn diagnostics(app: AppHandle, state: State<'_, AppState>) -> String {
    crate::diagnostics::report(&app, &state)
}

/// What went wrong while the app started (see [`AppState::startup_notices`]). A
/// command rather than an event: the window may open after the app started.
#[tauri::command]
pub fn startup_notices(state: State<'_, AppState>) -> Vec<String> {
    state.startup_notices.clone()
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CommandResult<T> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Internal, format!("the task stopped: {e}")))?
}

/// The Doctor page's checks: OpenCL, the GPU library, the GPUs and their drivers,
/// memory, each job's folder, sleep and the pause rules, each with what to do.
#[tauri::command]
pub async fn run_doctor(app: AppHandle) -> CommandResult<Vec<crate::doctor::DoctorCheck>> {
    blocking(move || {
        let state = app.state::<AppState>();
        Ok(crate::doctor::run(&app, &state))
    })
    .await
}
