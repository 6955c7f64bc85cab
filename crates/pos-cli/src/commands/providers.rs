//! `pos providers`: the processors this machine can compute labels on. A GPU library
//! or OpenCL that is missing or broken is reported, not an error: the CPU is always there.

use pos_engine::provider::{GpuLibraryStatus, OpenClStatus, discover};
use pos_engine::{ProviderInfo, ProviderKind};

use crate::cli::ProvidersArgs;
use crate::failure::Failure;

pub fn run(args: ProvidersArgs) -> Result<(), Failure> {
    let set = discover(&args.gpu.discovery(0));
    let providers: Vec<&ProviderInfo> = set.providers.iter().map(|p| p.info()).collect();
    if args.json {
        let report = serde_json::json!({
            "providers": providers,
            "gpu_library": set.gpu_library,
            "opencl": set.opencl,
        });
        println!("{report}");
    } else {
        print!("{}", table(&providers));
        println!();
        println!("OpenCL: {}", opencl_line(&set.opencl));
        println!("GPU library: {}", library_line(&set.gpu_library));
    }
    Ok(())
}

/// The status of the GPU library in one line.
pub fn library_line(status: &GpuLibraryStatus) -> String {
    match status {
        GpuLibraryStatus::Disabled => "not used (--no-gpu)".into(),
        GpuLibraryStatus::Loaded { path, devices } => format!(
            "loaded from {} with {devices} GPU{}",
            path.display(),
            if *devices == 1 { "" } else { "s" }
        ),
        GpuLibraryStatus::Unavailable { reason } => format!("unavailable: {reason}"),
    }
}

/// The status of OpenCL in one line.
pub fn opencl_line(status: &OpenClStatus) -> String {
    match status {
        OpenClStatus::Disabled => "not used (--no-gpu)".into(),
        OpenClStatus::Found { platforms, devices } => format!(
            "{devices} device{} on {platforms} platform{}",
            if *devices == 1 { "" } else { "s" },
            if *platforms == 1 { "" } else { "s" }
        ),
        OpenClStatus::Unavailable { reason } => format!("no GPU: {reason}"),
    }
}

/// Id, kind, model and detail in aligned columns, with a header.
fn table(providers: &[&ProviderInfo]) -> String {
    let rows: Vec<[String; 4]> = providers
        .iter()
        .map(|p| {
            [
                p.id.to_string(),
                kind_name(p.kind).to_owned(),
                p.model.clone(),
                p.detail.clone(),
            ]
        })
        .collect();
    let header = ["ID", "KIND", "MODEL", "DETAIL"].map(String::from);
    let mut widths = [0usize; 4];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let line = format!(
            "{:w0$}  {:w1$}  {:w2$}  {}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// As in the JSON output.
fn kind_name(kind: ProviderKind) -> &'static str {
    match kind {
        ProviderKind::Cpu => "cpu",
        ProviderKind::Cuda => "cuda",
        ProviderKind::Vulkan => "vulkan",
        ProviderKind::OpenCl => "opencl",
        ProviderKind::Other => "other",
    }
}
