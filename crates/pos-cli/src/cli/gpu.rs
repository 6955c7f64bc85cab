//! Where the GPUs come from: `pos providers`, and the options it shares with `pos job run`.

use std::path::PathBuf;

use clap::Args;
use pos_engine::provider::DiscoverySettings;

#[derive(Args)]
pub struct GpuArgs {
    /// The gpu-post library (the file, or a folder holding it; relative to the working
    /// folder). Tried first, before $POS_GPU_POST_LIB, the program's folder and the
    /// system's library folders (/usr/local/lib, /usr/lib, ...). Only full paths are
    /// loaded, never a bare file name looked up on a search path.
    #[arg(long, value_name = "PATH")]
    pub lib: Option<PathBuf>,
    /// Use no GPU: leave gpu-post and OpenCL alone and compute on the CPU.
    #[arg(long, conflicts_with = "lib")]
    pub no_gpu: bool,
}

impl GpuArgs {
    /// `cpu_threads` = 0 uses every logical core.
    pub fn discovery(&self, cpu_threads: usize) -> DiscoverySettings {
        DiscoverySettings {
            // The person named this file: a relative name means the working folder. (The
            // engine loads only absolute paths.)
            gpu_library: self
                .lib
                .as_ref()
                .map(|lib| std::path::absolute(lib).unwrap_or_else(|_| lib.clone())),
            resources_dir: None,
            cpu_threads,
            no_gpu: self.no_gpu,
        }
    }
}

#[derive(Args)]
pub struct ProvidersArgs {
    #[command(flatten)]
    pub gpu: GpuArgs,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}
