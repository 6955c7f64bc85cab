pub mod bench;
pub mod compute;
pub mod hash;
pub mod pow;

use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use pos_labels::{Backend, ComputeOptions, LabelBits, LabelParams};

use crate::cli::{IdentityArgs, ThreadArgs};
use crate::failure::Failure;

/// Raised by Ctrl-C; the commands pass it to pos-labels as the stop flag.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Makes Ctrl-C stop the computation cleanly instead of killing the process.
pub fn stop_on_ctrl_c() {
    // A second handler cannot be installed; one per process is all we need.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::Relaxed));
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
    if let Some(backend) = args.backend.filter(|b| !b.is_available()) {
        let here: Vec<_> = Backend::available().iter().map(|b| b.name()).collect();
        return Err(Failure::usage(format!(
            "this CPU cannot run the {backend} backend; it can run: {}",
            here.join(", ")
        )));
    }
    Ok(ComputeOptions {
        threads: args.threads,
        backend: args.backend,
        stop: Some(&INTERRUPTED),
        ..Default::default()
    })
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
