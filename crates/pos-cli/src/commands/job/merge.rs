//! `pos job merge DEST SRC...`: a job whose shards ran on separate disks, brought
//! together in one folder. DEST takes the folder's lock like a job; each source is read
//! from its checkpoints (its shards' too) and must not be written meanwhile.

use indicatif::HumanCount;
use pos_engine::data_dir::{DataDir, human_bytes};

use crate::cli::JobMergeArgs;
use crate::commands::progress_bar;
use crate::failure::Failure;

pub fn run(args: JobMergeArgs) -> Result<(), Failure> {
    let sources = args
        .sources
        .iter()
        .map(|s| super::existing_folder(s))
        .collect::<Result<Vec<_>, _>>()?;
    let first = DataDir::read_status(&sources[0]).map_err(super::data_dir_failure)?;
    let dest = super::absolute(&args.dest)?;
    if sources.iter().any(|s| same_folder(s, &dest)) {
        return Err(Failure::usage(format!(
            "{} is both the destination and a source; name each folder once",
            dest.display()
        )));
    }
    // The destination: this job's folder, or a new one made for it.
    let data = DataDir::create_or_open(&dest, &first.layout).map_err(super::data_dir_failure)?;
    let bar = progress_bar(0, "labels copied");
    for source in &sources {
        let status = DataDir::read_status(source).map_err(super::data_dir_failure)?;
        let missing: u64 = status
            .files
            .iter()
            .map(|f| {
                f.durable_labels
                    .saturating_sub(data.durable_labels_in(f.index))
            })
            .sum();
        bar.set_length(bar.length().unwrap_or(0) + missing);
        let report = data
            .merge_from(source, &|labels| bar.inc(labels))
            .map_err(super::data_dir_failure)?;
        bar.suspend(|| {
            println!(
                "from {}: {} labels ({}) in {} file{}",
                report.source.display(),
                HumanCount(report.labels),
                human_bytes(report.bytes),
                report.files.len(),
                if report.files.len() == 1 { "" } else { "s" }
            )
        });
    }
    bar.finish_and_clear();
    let status = data.status();
    let complete = status.files.iter().filter(|f| f.is_complete()).count();
    let folder = super::shell_word(data.path());
    println!(
        "{}: {complete} of {} files complete",
        data.path().display(),
        status.files.len()
    );
    if status.is_complete() {
        println!("check the data with `pos job verify {folder}`");
    } else {
        println!("`pos job run {folder}` computes the rest");
    }
    Ok(())
}

fn same_folder(a: &std::path::Path, b: &std::path::Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
