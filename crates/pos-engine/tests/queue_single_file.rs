//! Jobs whose labels go to one file named after the job (`JobRequest::file_name`, the
//! gRPC API's `<job id>.pos`): several in one folder, through a restart, and deleted.

use std::path::Path;
use std::sync::Arc;

use pos_engine::provider::CpuProvider;
use pos_engine::{ComputeProvider, JobQueue, JobRequest, JobState, ProviderChoice, StateStore};
use pos_labels::{LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};

const ID: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const SALT: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

fn request(dir: &Path, total_labels: u64) -> JobRequest {
    JobRequest {
        name: "single".into(),
        dir: dir.to_owned(),
        id: ID.into(),
        salt: SALT.into(),
        n: 16,
        label_bits: 8,
        total_labels,
        pow_difficulty: None,
        providers: ProviderChoice::Automatic,
        max_file_bytes: None,
        file_name: Some("{id}.pos".into()),
        origin: pos_engine::JobOrigin::Api,
    }
}

fn expected(total: u64) -> Vec<u8> {
    let params = LabelParams {
        id: pos_labels::parse_hex32("id", ID).unwrap(),
        salt: pos_labels::parse_hex32("salt", SALT).unwrap(),
        n: ScryptN::new(16).unwrap(),
        bits: LabelBits::new(8).unwrap(),
    };
    let mut out = vec![0; total as usize];
    let range = PositionRange::new(0, total).unwrap();
    compute_labels(&params, range, &mut out, &Default::default()).unwrap();
    out
}

fn cpu() -> Vec<Arc<dyn ComputeProvider>> {
    vec![Arc::new(CpuProvider::new(2, None, "test CPU"))]
}

#[test]
fn jobs_share_a_folder_with_one_file_each_and_survive_a_restart() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let store = StateStore::File(root.path().join("jobs.json"));
    let queue = JobQueue::start(cpu(), store.clone(), true).unwrap();
    let first = queue.add(request(&data, 3000)).unwrap().id;
    let second = queue.add(request(&data, 2000)).unwrap().id;
    assert_eq!(
        queue.request(first).unwrap().file_name.as_deref(),
        Some(format!("{first}.pos").as_str())
    );
    for (id, total) in [(first, 3000), (second, 2000)] {
        let status = queue.wait_until_settled(id).unwrap();
        assert_eq!(status.state, JobState::Completed, "{status:?}");
        let file = data.join(format!("{id}.pos"));
        assert!(std::fs::read(&file).unwrap() == expected(total), "{file:?}");
        assert!(data.join(format!("{id}.pos.meta.json")).is_file());
    }
    queue.shutdown();
    drop(queue);

    // The saved list reopens the same files; deleting one leaves the other.
    let queue = JobQueue::start(cpu(), store, true).unwrap();
    assert_eq!(queue.get(first).unwrap().state, JobState::Completed);
    assert_eq!(queue.get(first).unwrap().labels_done, 3000);
    queue.delete(first, true).unwrap();
    assert!(!data.join(format!("{first}.pos")).exists());
    assert!(!data.join(format!("{first}.pos.meta.json")).exists());
    assert!(data.join(format!("{second}.pos")).is_file());
    let third = queue.add(request(&data, 1000)).unwrap().id;
    assert!(third.0 > second.0, "ids are never reused");
}
