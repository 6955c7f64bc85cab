//! `pos serve`: the old pos server's gRPC API, without a window.

use std::path::PathBuf;

use clap::Args;

use super::gpu::GpuArgs;

/// The environment variable that may hold the token (see `--token`).
pub const TOKEN_ENV: &str = "POS_SERVE_TOKEN";

#[derive(Args)]
pub struct ServeArgs {
    /// The old server's JSON config: data_dir ("./"), indexes_per_cycle (1024),
    /// bits_per_index (8), salt (hex), n (512), r (1), p (1), use_cpu_provider (true),
    /// host ("[::1]"), port (6667), token; any key may be left out.
    #[arg(short = 'c', long = "config", value_name = "CONFIG.json")]
    pub config: Option<PathBuf>,
    /// Accept connections from other machines (host may then be any address), over
    /// TLS with a certificate made on the first start in data_dir (its fingerprint is
    /// printed). Needs a token of at least 32 random bytes, which every call must send
    /// as `authorization: Bearer <token>`.
    #[arg(long)]
    pub allow_remote: bool,
    /// The token clients must send. Also read from $POS_SERVE_TOKEN or the config's
    /// "token" (in that order after this option); prefer those, as other users of the
    /// machine can read command lines. Jobs of another origin than the API stay out
    /// of reach unless a client sends the token in data_dir/pos-api.cookie instead.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    #[command(flatten)]
    pub gpu: GpuArgs,
}
