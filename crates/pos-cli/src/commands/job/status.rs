//! `pos job status`: how far a job got, from its folder's metadata alone. It takes no
//! lock and changes nothing, so it works while `pos job run` (or the app) writes there;
//! the figures are those of the last checkpoint.

use indicatif::{HumanCount, HumanDuration};
use std::time::Duration;

use pos_engine::data_dir::{DataDir, DataDirStatus, FileStatus, human_bytes};

use crate::cli::JobStatusArgs;
use crate::failure::Failure;

pub fn run(args: JobStatusArgs) -> Result<(), Failure> {
    let dir = super::existing_folder(&args.dir)?;
    let status = DataDir::read_status(&dir).map_err(super::data_dir_failure)?;
    if args.json {
        println!("{}", json(&status));
    } else {
        print!("{}", text(&status));
    }
    Ok(())
}

fn percent(status: &DataDirStatus) -> f64 {
    status.progress() * 100.0
}

fn json(status: &DataDirStatus) -> serde_json::Value {
    let layout = &status.layout;
    let files: Vec<serde_json::Value> = status
        .files
        .iter()
        .map(|f| {
            serde_json::json!({
                "name": f.name,
                "state": file_state(f),
                "first_position": f.first_position,
                "labels": f.labels,
                "durable_labels": f.durable_labels,
                "bytes": f.bytes,
                "durable_bytes": f.durable_bytes,
                "being_written": f.being_written,
                "writer": f.writer.as_ref().map(|w| serde_json::json!({
                    "host": w.host,
                    "pid": w.pid,
                    "shard": w.shard,
                })),
            })
        })
        .collect();
    serde_json::json!({
        "path": status.path,
        "complete": status.is_complete(),
        "durable_labels": status.durable_labels,
        "total_labels": status.total_labels,
        "durable_bytes": status.durable_bytes,
        "total_bytes": status.total_bytes,
        "percent": percent(status),
        "id": hex::encode(layout.params.id),
        "salt": hex::encode(layout.params.salt),
        "n": layout.params.n.get(),
        "label_bits": layout.params.bits.get(),
        "labels_per_file": status.labels_per_file,
        "max_file_bytes": layout.max_file_bytes,
        "files_complete": status.files.iter().filter(|f| f.is_complete()).count(),
        "files_being_written": status.files.iter().filter(|f| f.being_written).count(),
        "files": files,
        "pow": layout.pow.map(|d| serde_json::json!({
            "difficulty": hex::encode(d.0),
            "lowest_solution": status.pow_solution,
        })),
        "compute_seconds": status.compute_seconds,
        "providers_used": status.providers_used,
        "created_unix_s": status.created_unix_s,
        "updated_unix_s": status.updated_unix_s,
    })
}

/// `complete`, `writing` (a shard holds it now), `partial` or `empty`.
fn file_state(f: &FileStatus) -> &'static str {
    if f.is_complete() {
        "complete"
    } else if f.being_written {
        "writing"
    } else if f.durable_labels > 0 {
        "partial"
    } else {
        "empty"
    }
}

fn text(status: &DataDirStatus) -> String {
    let layout = &status.layout;
    let state = if status.is_complete() {
        "complete".to_owned()
    } else {
        format!(
            "incomplete; `pos job run {}` computes the rest",
            super::shell_word(&status.path)
        )
    };
    let pow = match (&layout.pow, status.pow_solution) {
        (None, _) => "not searched".to_owned(),
        (Some(_), Some(position)) => format!("solution at position {position}"),
        (Some(_), None) => "no solution found yet".to_owned(),
    };
    let providers = if status.providers_used.is_empty() {
        "none yet".to_owned()
    } else {
        status.providers_used.join(", ")
    };
    let mut out = format!("{}\n", status.path.display());
    out += &super::fields(&[
        ("state", state),
        (
            "labels",
            format!(
                "{} of {} written ({:.1}%), {} bits each, N = {}",
                HumanCount(status.durable_labels),
                HumanCount(status.total_labels),
                percent(status),
                layout.params.bits,
                layout.params.n
            ),
        ),
        (
            "bytes",
            format!(
                "{} of {}",
                human_bytes(status.durable_bytes),
                human_bytes(status.total_bytes)
            ),
        ),
        ("PoW", pow),
        (
            "compute time",
            format!(
                "{}",
                HumanDuration(Duration::from_secs_f64(status.compute_seconds.max(0.0)))
            ),
        ),
        ("computed on", providers),
        ("files", files_line(status)),
    ]);
    // Every file when there are few; else those partly written (complete and empty
    // ones are counted in the line above).
    let listed: Vec<&FileStatus> = status
        .files
        .iter()
        .filter(|f| {
            status.files.len() <= MAX_FILES_LISTED
                || f.durable_labels % f.labels != 0
                || f.being_written
        })
        .collect();
    let name_width = listed.iter().map(|f| f.name.len()).max().unwrap_or(0);
    for f in listed {
        let done = if f.is_complete() {
            "complete".to_owned()
        } else {
            format!(
                "{} of {} labels",
                HumanCount(f.durable_labels),
                HumanCount(f.labels)
            )
        };
        let writer = match (&f.writer, f.being_written) {
            (Some(w), true) => format!(", being written by {w}"),
            (Some(w), false) if !f.is_complete() => format!(", last written by {w}"),
            _ => String::new(),
        };
        out += &format!(
            "    {:name_width$}  {:>10}  {done}{writer}\n",
            f.name,
            human_bytes(f.durable_bytes),
        );
    }
    out
}

/// Above this many files only the partly written ones are listed.
const MAX_FILES_LISTED: usize = 16;

fn files_line(status: &DataDirStatus) -> String {
    let complete = status.files.iter().filter(|f| f.is_complete()).count();
    let empty = status
        .files
        .iter()
        .filter(|f| f.durable_labels == 0)
        .count();
    let partial = status.files.len() - complete - empty;
    let writing = status.files.iter().filter(|f| f.being_written).count();
    let writing = match writing {
        0 => String::new(),
        n => format!(", {n} being written by shards now"),
    };
    format!(
        "{} ({complete} complete, {partial} partly written, {empty} not started{writing})",
        status.files.len()
    )
}
