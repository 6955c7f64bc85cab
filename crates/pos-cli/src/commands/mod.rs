pub mod bench;
pub mod compute;
pub mod hash;
pub mod job;
pub mod pow;
pub mod providers;
pub mod serve;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use pos_labels::{Backend, ComputeOptions, LabelBits, LabelParams};

use crate::cli::{IdentityArgs, ThreadArgs};
use crate::failure::Failure;

/// Raised by Ctrl-C; the commands pass it to pos-labels as the stop flag.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C, and SIGTERM or SIGHUP (how schedulers such as Slurm and Kubernetes stop
/// a task), stop the computation cleanly instead of killing the process.
pub fn stop_on_ctrl_c() {
    // A second handler cannot be installed; one per process is all we need.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::Relaxed));
}

/// Blocks until Ctrl-C (`true`) or until `done` is raised (`false`). For work that stops
/// through a handle of its own (the engine's queue, a cancel token) rather than through
/// [`INTERRUPTED`]: a thread waits here and stops it. Call [`stop_on_ctrl_c`] first.
pub fn wait_for_ctrl_c(done: &AtomicBool) -> bool {
    loop {
        if INTERRUPTED.load(Ordering::Relaxed) {
            return true;
        }
        if done.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn label_params(identity: &IdentityArgs, bits: LabelBits) -> LabelParams {
    LabelParams {
        id: identity.id,
        salt: identity.salt,
        n: identity.n,
        bits,
    }
}

/// Options for pos-labels from the command line; an unavailable backend is bad input.
pub fn compute_options(args: &ThreadArgs) -> Result<ComputeOptions<'static>, Failure> {
    Ok(ComputeOptions {
        threads: args.threads,
        backend: checked_backend(args)?,
        stop: Some(&INTERRUPTED),
        ..Default::default()
    })
}

/// The backend asked for, if any; one this CPU cannot run is bad input.
pub fn checked_backend(args: &ThreadArgs) -> Result<Option<Backend>, Failure> {
    if let Some(backend) = args.backend.filter(|b| !b.is_available()) {
        let here: Vec<_> = Backend::available().iter().map(|b| b.name()).collect();
        return Err(Failure::usage(format!(
            "this CPU cannot run the {backend} backend; it can run: {}",
            here.join(", ")
        )));
    }
    Ok(args.backend)
}

/// A progress bar on stderr; hidden when stderr is not a terminal.
pub fn progress_bar(len: u64, unit: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{percent:>3}}% {{human_pos}}/{{human_len}} {unit} {{per_sec}} ETA {{eta}}"
        ))
        .expect("the template is valid"),
    );
    bar
}
