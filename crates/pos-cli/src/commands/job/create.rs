//! `pos job create`: a new data folder, checked exactly as the app checks a job.

use indicatif::HumanCount;
use pos_engine::data_dir::{DataDir, DataDirStatus, fitting_max_file_bytes, human_bytes};
use pos_engine::job::RequestError;
use pos_engine::{JobRequest, ProviderChoice};

use crate::cli::JobCreateArgs;
use crate::failure::Failure;

pub fn run(args: JobCreateArgs) -> Result<(), Failure> {
    let dir = super::absolute(&args.dir)?;
    let (total_labels, size) = match (args.amount.labels, args.amount.size) {
        (Some(labels), _) => (labels, None),
        (None, Some(bytes)) => (labels_in(bytes, args.bits), Some(bytes)),
        (None, None) => unreachable!("clap requires --labels or --size"),
    };
    let mut request = JobRequest {
        name: args
            .name
            .unwrap_or_else(|| pos_engine::job::default_job_name(&dir)),
        dir,
        id: args.id,
        salt: args.salt,
        n: args.n,
        label_bits: args.bits,
        total_labels,
        pow_difficulty: args.difficulty,
        providers: ProviderChoice::Automatic,
        max_file_bytes: args.max_file_size,
        file_name: None,
        origin: pos_engine::JobOrigin::Cli,
    };
    let invalid = |e| match (e, size) {
        (RequestError::NoLabels, Some(bytes)) => Failure::usage(format!(
            "--size {} holds no whole label of {} bits; give a larger size",
            human_bytes(bytes),
            args.bits
        )),
        (e, _) => Failure::usage(e),
    };
    let mut spec = request.validate().map_err(invalid)?;
    // Without --max-file-size, files no larger than the folder's file system allows
    // (FAT32: 4 GiB - 1 byte), as a job added in the app gets (JobQueue::add).
    if args.max_file_size.is_none() {
        request.max_file_bytes = Some(fitting_max_file_bytes(
            &request.dir,
            spec.layout.max_file_bytes,
        ));
        spec = request.validate().map_err(invalid)?;
    }
    let existed = DataDir::read_status(&spec.dir).is_ok();
    // Creates the folder (and its missing parents) or reopens the same job's folder;
    // on any error it removes what it created.
    let data = DataDir::create_or_open(&spec.dir, &spec.layout).map_err(super::data_dir_failure)?;
    let status = data.status();
    let free = data.available_bytes().ok();
    drop(data);

    let dir = super::shell_word(&status.path);
    if existed {
        println!(
            "{} already holds this job, {} of {} labels written:",
            status.path.display(),
            HumanCount(status.durable_labels),
            HumanCount(status.total_labels)
        );
    } else {
        println!(
            "Created job \"{}\" in {}:",
            spec.name,
            status.path.display()
        );
    }
    print!("{}", summary(&status, free));
    let verb = if existed { "Continue" } else { "Compute" };
    println!("{verb} it with: pos job run {dir}");
    Ok(())
}

/// Whole labels of `bits` bits in `bytes` bytes: floor(bytes * 8 / bits). 0 for a label
/// size of 0, which validation then rejects with its own message.
fn labels_in(bytes: u64, bits: u64) -> u64 {
    if bits == 0 {
        return 0;
    }
    u64::try_from(bytes as u128 * 8 / bits as u128).unwrap_or(u64::MAX)
}

/// Labels, files, size, free space and PoW, one per line.
fn summary(status: &DataDirStatus, free: Option<u64>) -> String {
    let layout = &status.layout;
    let files = status.files.len();
    let file_names = match files {
        1 => status.files[0].name.clone(),
        _ => format!(
            "{} .. {}",
            status.files[0].name,
            status.files[files - 1].name
        ),
    };
    let pow = match &layout.pow {
        Some(d) => format!("searched below {}", hex::encode(d.0)),
        None => "none".into(),
    };
    let free = free.map_or_else(|| "unknown".into(), human_bytes);
    super::fields(&[
        (
            "labels",
            format!(
                "{} of {} bits, N = {}",
                HumanCount(status.total_labels),
                layout.params.bits,
                layout.params.n
            ),
        ),
        (
            "files",
            format!(
                "{files} ({file_names}) of at most {} labels, {}",
                HumanCount(status.labels_per_file.min(status.total_labels)),
                human_bytes(status.files[0].bytes)
            ),
        ),
        (
            "size",
            format!(
                "{} ({} bytes)",
                human_bytes(status.total_bytes),
                HumanCount(status.total_bytes)
            ),
        ),
        ("free space", format!("{free} on its disk")),
        ("PoW", pow),
    ])
}

#[cfg(test)]
mod tests {
    use super::labels_in;

    #[test]
    fn whole_labels_in_a_size() {
        assert_eq!(labels_in(4096, 8), 4096);
        assert_eq!(labels_in(4096, 3), 10922);
        assert_eq!(labels_in(1, 256), 0);
        assert_eq!(labels_in(32, 256), 1);
        assert_eq!(labels_in(u64::MAX, 1), u64::MAX);
        assert_eq!(labels_in(100, 0), 0);
    }
}
