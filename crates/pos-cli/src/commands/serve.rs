//! `pos serve`: the old pos server's gRPC API over the engine's job queue, without a
//! window. Its own tokio runtime runs the server; jobs run on the queue's threads.
//!
//! The job list is kept in `pos-serve-jobs.json` in the configured data_dir, so that
//! jobs continue after a restart; beside it are the owner's cookie (`pos-api.cookie`,
//! rewritten on every start) and, in remote mode, the TLS certificate and key. Ctrl-C
//! or SIGTERM stops the server (open streams end), then every running job at a
//! checkpoint, and exits with status 0.

mod config_file;

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use pos_engine::provider::discover;
use pos_engine::{ComputeProvider, EngineEvent, JobQueue, JobState, ProviderKind, StateStore};
use pos_grpc::{COOKIE_FILE, EveryJobSwitch, ServeConfig, ServeError, TlsIdentity};

use crate::cli::{ServeArgs, TOKEN_ENV};
use crate::failure::Failure;
use config_file::ConfigFile;

/// The job list's name in data_dir.
pub const JOBS_FILE: &str = "pos-serve-jobs.json";

pub fn run(args: ServeArgs) -> Result<(), Failure> {
    let file = match &args.config {
        Some(path) => ConfigFile::read(path)?,
        None => ConfigFile::default(),
    };
    for key in file.unknown.keys() {
        eprintln!("pos serve: ignoring the config key {key:?}, which this version does not use");
    }
    let config = serve_config(&args, &file)?;
    let providers = providers(&args, file.use_cpu_provider)?;
    let jobs_file = config.api.data_dir.join(JOBS_FILE);
    let queue =
        JobQueue::start(providers, StateStore::File(jobs_file), true).map_err(Failure::failed)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::failed(format!("cannot start the server's runtime: {e}")))?;
    let served = runtime.block_on(serve(queue.clone(), config));
    eprintln!(
        "pos serve: stopping; running jobs stop at a checkpoint and continue on the next start"
    );
    queue.shutdown();
    served
}

/// The configuration, the flags and the environment together; a bad value or a
/// forbidden address is bad input, reported before anything starts.
fn serve_config(args: &ServeArgs, file: &ConfigFile) -> Result<ServeConfig, Failure> {
    let base = std::env::current_dir()
        .map_err(|e| Failure::failed(format!("cannot read the working folder: {e}")))?;
    let in_config = |e: String| {
        Failure::usage(match &args.config {
            Some(path) => format!("{}: {e}", path.display()),
            None => e,
        })
    };
    let api = file.api(&base).map_err(in_config)?;
    let addr = file.addr().map_err(in_config)?;
    let token = args
        .token
        .clone()
        .or_else(|| std::env::var(TOKEN_ENV).ok().filter(|t| !t.is_empty()))
        .or_else(|| file.token.clone());
    let mut config = ServeConfig {
        addr,
        allow_remote: args.allow_remote,
        token,
        tls: None,
        cookie_file: Some(api.data_dir.join(COOKIE_FILE)),
        every_job: EveryJobSwitch::default(),
        api,
    };
    // Every rule but the certificate first, so that a bad token makes no files.
    match config.check() {
        Err(ServeError::RemoteWithoutTls) => {}
        checked => checked.map_err(refusal)?,
    }
    if config.allow_remote {
        config.tls = Some(tls_identity(&config)?);
    }
    config.check().map_err(refusal)?;
    Ok(config)
}

fn refusal(e: ServeError) -> Failure {
    Failure::usage(match e {
        ServeError::NotLoopback(addr) => format!(
            "{addr} is not a loopback address, so other machines could connect; use host \
             \"[::1]\" or \"127.0.0.1\", or pass --allow-remote with a token"
        ),
        ServeError::RemoteWithoutToken => format!(
            "--allow-remote needs a token of at least {} random bytes (such as the 64 hex \
             digits `openssl rand -hex 32` prints): pass --token, set ${TOKEN_ENV}, or put \
             \"token\" in the config",
            pos_grpc::MIN_REMOTE_TOKEN_BYTES
        ),
        other => other.to_string(),
    })
}

/// The certificate beside the job list, made on the first remote start for the
/// loopback names and the address served on; its fingerprint goes to stderr for the
/// person to compare with what clients are given.
fn tls_identity(config: &ServeConfig) -> Result<TlsIdentity, Failure> {
    let ip = config.addr.ip();
    let extra: Vec<String> = (!ip.is_unspecified() && !ip.is_loopback())
        .then(|| ip.to_string())
        .into_iter()
        .collect();
    let tls = TlsIdentity::load_or_create(&config.api.data_dir, &extra)
        .map_err(|e| Failure::failed(format!("cannot set up TLS: {e}")))?;
    eprintln!(
        "pos serve: TLS with the {} certificate {}; clients trust it (or its SHA-256 \
         fingerprint {})",
        if tls.created { "new" } else { "kept" },
        tls.cert_path.display(),
        tls.fingerprint()
    );
    Ok(tls)
}

/// The CPU (unless the config says `"use_cpu_provider": false`) and the GPUs.
fn providers(args: &ServeArgs, use_cpu: bool) -> Result<Vec<Arc<dyn ComputeProvider>>, Failure> {
    let set = discover(&args.gpu.discovery(0));
    let providers: Vec<_> = set
        .providers
        .into_iter()
        .filter(|p| use_cpu || p.info().kind != ProviderKind::Cpu)
        .collect();
    if providers.is_empty() {
        return Err(Failure::usage(format!(
            "nothing to compute with: use_cpu_provider is false and there is no GPU (GPU \
             library: {}; OpenCL: {})",
            super::providers::library_line(&set.gpu_library),
            super::providers::opencl_line(&set.opencl)
        )));
    }
    for p in &providers {
        let info = p.info();
        eprintln!(
            "pos serve: computing on {} ({}, {})",
            info.id, info.model, info.detail
        );
    }
    Ok(providers)
}

async fn serve(queue: JobQueue, config: ServeConfig) -> Result<(), Failure> {
    let config_cookie = config.cookie_file.clone();
    let server = pos_grpc::ApiServer::bind(queue.clone(), config)
        .await
        .map_err(Failure::failed)?;
    if let Some(cookie) = &config_cookie {
        eprintln!(
            "pos serve: clients that send the token in {} reach every job; others only the \
             jobs made through the API",
            cookie.display()
        );
    }
    // One line on stdout, for scripts (and tests) that start `pos serve` on port 0.
    println!("listening on {}", server.local_addr());
    let _ = std::io::stdout().flush();
    tokio::spawn(report_jobs(queue));
    server.run(stop_signal()).await.map_err(Failure::failed)
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
                return;
            }
            Err(e) => eprintln!("pos serve: cannot catch SIGTERM ({e}); stop it with Ctrl-C"),
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        eprintln!("pos serve: cannot catch Ctrl-C ({e}); the server runs until it is killed");
        std::future::pending::<()>().await;
    }
}

/// One line on stderr when a job is added and when it ends, for the person watching.
async fn report_jobs(queue: JobQueue) {
    let mut events = queue.subscribe();
    let mut last: HashMap<u64, &'static str> = HashMap::new();
    loop {
        let job = match events.recv().await {
            Ok(EngineEvent::JobAdded { job } | EngineEvent::JobChanged { job }) => job,
            Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
            Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
        };
        let state = state_name(&job.state);
        let previous = last.insert(job.id.0, state);
        if previous == Some(state) {
            continue;
        }
        let line = match &job.state {
            JobState::Queued if previous.is_none() => "queued".to_owned(),
            JobState::Completed => "completed".to_owned(),
            JobState::Cancelled => "aborted".to_owned(),
            JobState::Paused => "paused".to_owned(),
            JobState::Failed { message, .. } => format!("failed: {message}"),
            _ => continue,
        };
        eprintln!("pos serve: job {} ({}): {line}", job.id, job.name);
    }
}

fn state_name(state: &JobState) -> &'static str {
    match state {
        JobState::Queued => "queued",
        JobState::Running => "running",
        JobState::Paused => "paused",
        JobState::Completed => "completed",
        JobState::Failed { .. } => "failed",
        JobState::Cancelled => "cancelled",
    }
}
