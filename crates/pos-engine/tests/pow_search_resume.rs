//! The PoW search past the end of the data keeps its frontier in the folder's
//! metadata (`pow.searched_to`), so a paused or interrupted search goes on from there.

use std::sync::Arc;

use pos_engine::data_dir::{BatchRecord, DataDir, DataLayout, FileNaming};
use pos_engine::provider::CpuProvider;
use pos_engine::{ComputeProvider, JobQueue, JobRequest, JobState, ProviderChoice, StateStore};
use pos_labels::{Difficulty, LabelBits, LabelParams, ScryptN, label_hash};

const ID: &str = "0707070707070707070707070707070707070707070707070707070707070707";
const SALT: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

#[test]
fn a_resumed_search_starts_at_its_saved_frontier() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("resumed");
    let params = LabelParams {
        id: pos_labels::parse_hex32("id", ID).unwrap(),
        salt: pos_labels::parse_hex32("salt", SALT).unwrap(),
        n: ScryptN::new(16).unwrap(),
        bits: LabelBits::new(8).unwrap(),
    };
    let total = 64u64;
    // The lowest hash of the data as the target: the data holds no solution.
    let target = Difficulty((0..total).map(|i| label_hash(&params, i)).min().unwrap());
    let mut past_end = (total..).filter(|&i| target.is_solved_by(&label_hash(&params, i)));
    let (first, second) = (past_end.next().unwrap(), past_end.next().unwrap());

    // An earlier run searched up to just past `first` and saved it (as after a pause
    // right when that batch ended; its solution is what a resumed run must not redo).
    let layout = DataLayout {
        params: params.clone(),
        total_labels: total,
        max_file_bytes: 1 << 20,
        pow: Some(target),
        naming: FileNaming::default(),
    };
    {
        let data = DataDir::create_or_open(&dir, &layout).unwrap();
        data.record_search(BatchRecord::default(), first + 1)
            .unwrap();
        assert_eq!(data.pow_searched_to(), Some(first + 1));
        // An earlier frontier never moves it back.
        data.record_search(BatchRecord::default(), total).unwrap();
        assert_eq!(data.pow_searched_to(), Some(first + 1));
    }
    let meta = std::fs::read_to_string(dir.join("pos-meta.json")).unwrap();
    assert!(meta.contains("\"searched_to\""), "{meta}");

    let cpu: Vec<Arc<dyn ComputeProvider>> = vec![Arc::new(CpuProvider::new(1, None, "CPU"))];
    let queue = JobQueue::start(cpu, StateStore::Memory, true).unwrap();
    let id = queue
        .add(JobRequest {
            name: "resumed".into(),
            dir: dir.clone(),
            id: ID.into(),
            salt: SALT.into(),
            n: 16,
            label_bits: 8,
            total_labels: total,
            pow_difficulty: Some(hex::encode(target.0)),
            providers: ProviderChoice::Automatic,
            max_file_bytes: Some(1 << 20),
            file_name: None,
            origin: Default::default(),
        })
        .unwrap()
        .id;
    let status = queue.wait_until_settled(id).unwrap();
    assert_eq!(status.state, JobState::Completed);
    assert_eq!(
        status.pow_solution,
        Some(second),
        "the search went on from {} (solutions past the end: {first}, {second})",
        first + 1
    );
}

#[test]
fn folders_written_before_the_frontier_existed_still_open() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("old");
    let layout = DataLayout {
        params: LabelParams {
            id: [1; 32],
            salt: [2; 32],
            n: ScryptN::new(16).unwrap(),
            bits: LabelBits::new(8).unwrap(),
        },
        total_labels: 8,
        max_file_bytes: 1 << 20,
        pow: Some(Difficulty([0x10; 32])),
        naming: FileNaming::default(),
    };
    drop(DataDir::create_or_open(&dir, &layout).unwrap());
    let path = dir.join("pos-meta.json");
    let meta = std::fs::read_to_string(&path).unwrap();
    assert!(
        !meta.contains("searched_to"),
        "no frontier before a search: {meta}"
    );
    let data = DataDir::open(&dir).unwrap();
    assert_eq!(data.pow_searched_to(), None);
}
