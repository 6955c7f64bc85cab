//! The old pos server's gRPC API, served over the app's own job queue while the
//! "serve the API" setting is on (off by default), on the old server's address
//! `[::1]:6667`, loopback only. Jobs added through it show up in the window.
//!
//! API clients reach only the jobs made through the API, unless they send the token
//! in `<app data>/pos-api.cookie` (written at each start, readable by the user only)
//! or the person switches on "let API clients reach the window's jobs".

use std::path::Path;
use std::sync::Mutex;

use pos_engine::JobQueue;
use pos_grpc::{ApiConfig, COOKIE_FILE, DEFAULT_ADDR, EveryJobSwitch, ServeConfig};
use pos_labels::{LabelBits, ScryptN, parse_hex32};
use tokio::sync::oneshot;

use crate::settings::AppSettings;

/// Stops the running server when told to (or when dropped).
#[derive(Default)]
pub struct ApiServer {
    stop: Mutex<Option<oneshot::Sender<()>>>,
    /// Follows `api_reaches_window_jobs`, also while serving.
    every_job: EveryJobSwitch,
}

impl ApiServer {
    /// Starts or stops serving to match `settings.serve_api`, and lets API clients
    /// reach the window's jobs or not to match `settings.api_reaches_window_jobs`.
    pub fn apply(&self, settings: &AppSettings, queue: &JobQueue, app_data: &Path) {
        self.every_job.set(settings.api_reaches_window_jobs);
        let mut stop = self.stop.lock().unwrap_or_else(|p| p.into_inner());
        match (settings.serve_api, stop.is_some()) {
            (true, false) => match config(settings, app_data, self.every_job.clone()) {
                Ok(config) => {
                    let (tx, rx) = oneshot::channel::<()>();
                    let queue = queue.clone();
                    tauri::async_runtime::spawn(async move {
                        let addr = config.addr;
                        match pos_grpc::serve(queue, config, async {
                            let _ = rx.await;
                        })
                        .await
                        {
                            Ok(()) => log::info!("stopped serving the gRPC API on {addr}"),
                            Err(e) => log::error!("cannot serve the gRPC API on {addr}: {e}"),
                        }
                    });
                    *stop = Some(tx);
                }
                Err(e) => log::error!("not serving the gRPC API: {e}"),
            },
            (false, true) => {
                if let Some(tx) = stop.take() {
                    let _ = tx.send(());
                }
            }
            _ => {}
        }
    }
}

/// The API's defaults from the person's: their folder (else the app's), N, label
/// size and salt; the cookie in the app data folder.
pub fn config(
    settings: &AppSettings,
    app_data: &Path,
    every_job: EveryJobSwitch,
) -> Result<ServeConfig, String> {
    let data_dir = settings
        .default_folder
        .as_ref()
        .map_or_else(|| app_data.join("api-data"), Into::into);
    Ok(ServeConfig {
        addr: DEFAULT_ADDR,
        allow_remote: false,
        token: None,
        tls: None,
        cookie_file: Some(app_data.join(COOKIE_FILE)),
        every_job,
        api: ApiConfig {
            data_dir,
            indexes_per_compute_cycle: pos_grpc::DEFAULT_INDEXES_PER_COMPUTE_CYCLE,
            bits: LabelBits::new(settings.default_label_bits as u64).map_err(|e| e.to_string())?,
            salt: parse_hex32("salt", &settings.default_salt).map_err(|e| e.to_string())?,
            n: ScryptN::new(settings.default_n as u64).map_err(|e| e.to_string())?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_sets_the_switch_a_running_server_reads() {
        let server = ApiServer::default();
        let queue = JobQueue::start(Vec::new(), pos_engine::StateStore::Memory, false).unwrap();
        let tmp = std::env::temp_dir();
        let mut settings = AppSettings {
            api_reaches_window_jobs: true,
            ..AppSettings::default()
        };
        server.apply(&settings, &queue, &tmp);
        assert!(server.every_job.is_on());
        settings.api_reaches_window_jobs = false;
        server.apply(&settings, &queue, &tmp);
        assert!(!server.every_job.is_on());
    }

    #[test]
    fn the_api_uses_the_persons_defaults_on_loopback_only() {
        let mut settings = AppSettings {
            default_n: 1024,
            default_label_bits: 16,
            ..AppSettings::default()
        };
        let config = config(&settings, Path::new("/data/app"), EveryJobSwitch::default()).unwrap();
        config.check().unwrap();
        assert!(config.addr.ip().is_loopback() && !config.allow_remote);
        assert_eq!(config.api.data_dir, Path::new("/data/app/api-data"));
        assert_eq!(
            config.cookie_file.as_deref(),
            Some(Path::new("/data/app/pos-api.cookie"))
        );
        assert!(!config.every_job.is_on());
        assert_eq!((config.api.n.get(), config.api.bits.get()), (1024, 16));
        settings.default_folder = Some("/mnt/pos".into());
        assert_eq!(
            super::config(&settings, Path::new("/x"), EveryJobSwitch::default())
                .unwrap()
                .api
                .data_dir,
            Path::new("/mnt/pos")
        );
        settings.default_n = 3;
        assert!(super::config(&settings, Path::new("/x"), EveryJobSwitch::default()).is_err());
    }
}
