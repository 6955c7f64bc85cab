//! `pos pow`: the lowest position at or after --start whose hash is below the difficulty.

use pos_labels::{ComputeError, LabelBits, PositionRange, find_pow};

use crate::cli::PowArgs;
use crate::failure::Failure;

pub fn run(args: PowArgs) -> Result<(), Failure> {
    // The label size plays no part in PoW; any valid value will do.
    let params = super::label_params(&args.identity, LabelBits::new(8).expect("8 is valid"));
    let options = super::compute_options(&args.threads)?;
    super::stop_on_ctrl_c();
    // Windows of about a second of work; a window stops early once it has a solution.
    let window = ((1u64 << 26) / params.n.get() as u64).max(64);
    let bar = indicatif::ProgressBar::new_spinner();
    let mut start = args.start;
    loop {
        let count = window.min(u64::MAX - start);
        if count == 0 {
            return Err(Failure::failed(format!(
                "no solution at or after position {}",
                args.start
            )));
        }
        let range = PositionRange::new(start, count).expect("count fits");
        match find_pow(&params, range, &args.difficulty, &options) {
            Ok(Some(index)) => {
                bar.finish_and_clear();
                println!("{index}");
                return Ok(());
            }
            Ok(None) => {}
            Err(ComputeError::Stopped) => {
                bar.finish_and_clear();
                return Err(Failure::interrupted(format!(
                    "interrupted; no solution below position {start}"
                )));
            }
            Err(e) => return Err(Failure::failed(e)),
        }
        start += count;
        bar.set_message(format!("no solution below position {start} yet"));
        bar.tick();
    }
}
