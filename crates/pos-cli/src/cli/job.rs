//! `pos job ...`: the engine's data folders and jobs.
//!
//! Job values (id, salt, N, label size, difficulty) stay plain strings and numbers here:
//! `pos job create` checks them with the engine's `JobRequest::validate`, so that the
//! command accepts exactly what the app accepts.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use pos_engine::data_dir::{DEFAULT_VERIFY_FRACTION, Shard};

use super::gpu::GpuArgs;
use crate::size::parse_size;

#[derive(Args)]
pub struct JobArgs {
    #[command(subcommand)]
    pub command: JobCommand,
}

#[derive(Subcommand)]
pub enum JobCommand {
    /// Create the data folder of a job: checks every value and the free space, then writes
    /// its metadata (no labels yet).
    Create(JobCreateArgs),
    /// Compute a job's labels into its folder, continuing from its last checkpoint.
    Run(JobRunArgs),
    /// Show how far a job got; works while `pos job run` writes to the folder.
    Status(JobStatusArgs),
    /// Recompute a sample of the labels on the CPU and compare them with the files.
    Verify(JobVerifyArgs),
    /// Recompute every written label and write the damaged ones again.
    Repair(JobRepairArgs),
    /// Bring together a job whose shards ran on separate disks: copies into DEST what
    /// each SRC folder holds beyond DEST's checkpoints (DEST is created when missing).
    Merge(JobMergeArgs),
}

#[derive(Args)]
pub struct JobCreateArgs {
    /// The data folder: created if missing; other files in it are left alone.
    pub dir: PathBuf,
    /// Client id (commitment): 64 hex digits.
    #[arg(long)]
    pub id: String,
    /// Salt: 64 hex digits.
    #[arg(long)]
    pub salt: String,
    /// Scrypt cost: a power of two from 2 to 1048576.
    #[arg(long = "n", value_name = "N")]
    pub n: u64,
    /// Label size in bits, 1 to 256.
    #[arg(long, value_name = "L")]
    pub bits: u64,
    #[command(flatten)]
    pub amount: AmountArgs,
    /// PoW target: 64 hex digits; the lowest position whose hash is below it is searched.
    #[arg(long, value_name = "HEX64")]
    pub difficulty: Option<String>,
    /// Largest data file, e.g. 4GiB (the default); the data is split into files of at
    /// most this size.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_size: Option<u64>,
    /// A name for the job (default: the folder's name), checked as the app checks it. A
    /// data folder stores no name, so only this command's summary shows it.
    #[arg(long)]
    pub name: Option<String>,
}

/// How much data: a label count, or a size that is turned into one.
#[derive(Args)]
#[group(required = true, multiple = false)]
pub struct AmountArgs {
    /// Number of labels.
    #[arg(long, value_name = "COUNT")]
    pub labels: Option<u64>,
    /// Size of the data, e.g. 512MiB, 4GiB or 1.5GB: as many whole labels as fit.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub size: Option<u64>,
}

#[derive(Args)]
pub struct JobRunArgs {
    /// The data folder (made by `pos job create`).
    pub dir: PathBuf,
    #[command(flatten)]
    pub gpu: GpuArgs,
    /// Compute only on this processor (an id from `pos providers`); repeat for several.
    /// Default: every GPU, or the CPU when there is none.
    #[arg(long = "provider", value_name = "ID")]
    pub providers: Vec<String>,
    /// CPU worker threads (default: one per logical core).
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// Compute only shard I of K: the data files whose index is I modulo K, beside the
    /// other shards on this or other computers that share the folder (a Slurm array
    /// task, a Kubernetes indexed pod). Each file is locked by the shard writing it.
    #[arg(long, value_name = "I/K")]
    pub shard: Option<Shard>,
    /// Leave room for the person using the computer: half the CPU threads, GPUs at
    /// about half speed (gpu-post's throttled mode; our OpenCL kernel rests between
    /// launches).
    #[arg(long)]
    pub leave_room: bool,
}

#[derive(Args)]
pub struct JobStatusArgs {
    /// The data folder.
    pub dir: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct JobVerifyArgs {
    /// The data folder.
    pub dir: PathBuf,
    /// Share of the labels to recompute, 0 to 1 (1 checks every label); the first and
    /// last label of every file are always checked.
    #[arg(long, value_name = "F", default_value_t = DEFAULT_VERIFY_FRACTION, value_parser = parse_fraction)]
    pub fraction: f64,
}

#[derive(Args)]
pub struct JobRepairArgs {
    /// The data folder.
    pub dir: PathBuf,
    #[command(flatten)]
    pub gpu: GpuArgs,
    /// The processor that recomputes the labels (an id from `pos providers`); its labels
    /// are checked on the CPU before any is written. Default: the CPU.
    #[arg(long = "provider", value_name = "ID", default_value = "cpu")]
    pub provider: String,
    /// CPU worker threads (default: one per logical core).
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
}

#[derive(Args)]
pub struct JobMergeArgs {
    /// The folder that gets the labels: a folder of the same job, or a new one.
    pub dest: PathBuf,
    /// Folders of the same job (made by `pos job create` with the same values) whose
    /// shards ran elsewhere; nothing may write to them while they are read.
    #[arg(required = true, value_name = "SRC")]
    pub sources: Vec<PathBuf>,
}

fn parse_fraction(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("the share must be a number from 0 to 1, got {s:?}")),
    }
}
