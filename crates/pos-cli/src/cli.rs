//! Command-line arguments. Values are parsed into the validated types of pos-labels
//! here, so a bad value is reported by clap before anything is computed or written.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use pos_labels::{Backend, Difficulty, LabelBits, ScryptN, parse_hex32};

mod gpu;
mod job;
mod serve;

pub use gpu::ProvidersArgs;
pub use job::{
    JobArgs, JobCommand, JobCreateArgs, JobMergeArgs, JobRepairArgs, JobRunArgs, JobStatusArgs,
    JobVerifyArgs,
};
pub use serve::{ServeArgs, TOKEN_ENV};

#[derive(Parser)]
#[command(
    name = "pos",
    version,
    about = "Create and check proof-of-space labels"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Write the packed labels of a range of positions to a file or stdout.
    Compute(ComputeArgs),
    /// Print the full 32-byte hash of one label in hex.
    Hash(HashArgs),
    /// Find the lowest position at or after --start whose hash is below --difficulty.
    Pow(PowArgs),
    /// Measure labels per second on this machine's CPU.
    Bench(BenchArgs),
    /// List the processors that can compute labels: the CPU and the GPUs gpu-post finds.
    Providers(ProvidersArgs),
    /// Create, run, check and verify a job's data folder.
    Job(JobArgs),
    /// Serve the old pos server's gRPC API without a window, until Ctrl-C or SIGTERM.
    Serve(ServeArgs),
}

/// The identity and cost of a data set.
#[derive(Args)]
pub struct IdentityArgs {
    /// Client id (commitment): 64 hex digits.
    #[arg(long, value_parser = parse_id)]
    pub id: [u8; 32],
    /// Salt: 64 hex digits.
    #[arg(long, value_parser = parse_salt)]
    pub salt: [u8; 32],
    /// Scrypt cost: a power of two from 2 to 1048576.
    #[arg(long = "n", value_name = "N", value_parser = parse_n)]
    pub n: ScryptN,
}

#[derive(Args)]
pub struct ThreadArgs {
    /// Worker threads (default: one per logical core).
    #[arg(long, default_value_t = 0, hide_default_value = true)]
    pub threads: usize,
    /// ROMix implementation: scalar, neon, avx2 or avx512 (default: the fastest here).
    #[arg(long)]
    pub backend: Option<Backend>,
}

#[derive(Args)]
pub struct ComputeArgs {
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// Label size in bits, 1 to 256.
    #[arg(long, value_parser = parse_bits)]
    pub bits: LabelBits,
    /// First position.
    #[arg(long, default_value_t = 0)]
    pub start: u64,
    /// Number of labels (at least 1).
    #[arg(long)]
    pub count: u64,
    /// Output file (default: stdout). Written as FILE.partial and renamed when complete.
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub threads: ThreadArgs,
}

#[derive(Args)]
pub struct HashArgs {
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// Position of the label.
    #[arg(long)]
    pub index: u64,
}

#[derive(Args)]
pub struct PowArgs {
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// Target: 64 hex digits; a hash below it (big-endian) is a solution.
    #[arg(long, value_parser = parse_difficulty)]
    pub difficulty: Difficulty,
    /// First position to try.
    #[arg(long, default_value_t = 0)]
    pub start: u64,
    #[command(flatten)]
    pub threads: ThreadArgs,
}

#[derive(Args)]
pub struct BenchArgs {
    /// Scrypt cost: a power of two from 2 to 1048576.
    #[arg(long = "n", value_name = "N", default_value = "512", value_parser = parse_n)]
    pub n: ScryptN,
    /// Label size in bits, 1 to 256.
    #[arg(long, default_value = "8", value_parser = parse_bits)]
    pub bits: LabelBits,
    /// How long to measure, in seconds.
    #[arg(long, default_value_t = 5.0, value_parser = parse_seconds)]
    pub seconds: f64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Measure this processor (an id from `pos providers`, e.g. opencl:0) instead of
    /// the CPU.
    #[arg(long, value_name = "ID")]
    pub provider: Option<String>,
    #[command(flatten)]
    pub threads: ThreadArgs,
}

fn parse_id(s: &str) -> Result<[u8; 32], String> {
    parse_hex32("id", s).map_err(|e| e.to_string())
}

fn parse_salt(s: &str) -> Result<[u8; 32], String> {
    parse_hex32("salt", s).map_err(|e| e.to_string())
}

fn parse_difficulty(s: &str) -> Result<Difficulty, String> {
    Difficulty::from_hex(s).map_err(|e| e.to_string())
}

fn parse_n(s: &str) -> Result<ScryptN, String> {
    let n = s
        .parse::<u64>()
        .map_err(|_| format!("N must be a power of two from 2 to 1048576, got {s:?}"))?;
    ScryptN::new(n).map_err(|e| e.to_string())
}

fn parse_bits(s: &str) -> Result<LabelBits, String> {
    let bits = s
        .parse::<u64>()
        .map_err(|_| format!("label size must be 1 to 256 bits, got {s:?}"))?;
    LabelBits::new(bits).map_err(|e| e.to_string())
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("seconds must be a positive number, got {s:?}")),
    }
}
