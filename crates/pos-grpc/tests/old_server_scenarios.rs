//! The old pos server's own scenarios, run by a tonic client against this API: one
//! CPU job without PoW, three queued jobs with PoW, a stream that sees every state,
//! and abort with delete.

mod support;

use pos_engine::JobId;
use pos_grpc::api::job::JobStatus;
use pos_grpc::api::provider::Class;
use pos_grpc::api::{
    AbortJobRequest, GetAllJobsStatusRequest, GetConfigRequest, GetJobStatusRequest,
    GetProvidersRequest, JobStatusStreamRequest,
};
use pos_grpc::{NO_POW_SOLUTION, NO_PROVIDER};
use pos_labels::{Difficulty, PositionRange, find_pow};
use support::*;

/// 0x00ff..ff: about one label in 256 is a solution.
fn easy_difficulty() -> Vec<u8> {
    let mut d = vec![0xff; 32];
    d[0] = 0;
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_cpu_job_without_pow_writes_the_labels_of_pos_labels() {
    const SIZE_BITS: u64 = 8192 * 64;
    let server = TestServer::start().await;
    let mut client = server.client().await;

    let providers = client
        .get_providers(GetProvidersRequest {})
        .await
        .unwrap()
        .into_inner()
        .providers;
    assert_eq!(providers.len(), 1);
    assert_eq!((providers[0].id, providers[0].class()), (0, Class::X86));
    let config = client
        .get_config(GetConfigRequest {})
        .await
        .unwrap()
        .into_inner()
        .config
        .unwrap();
    assert_eq!(config.data_dir, server.data_dir.to_str().unwrap());
    assert_eq!((config.n, config.r, config.p), (512, 1, 1));

    let mut stream = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap()
        .into_inner();
    let mut request = add_request(short_client_id(0x21), SIZE_BITS);
    request.friendly_name = "world's first pos".into();
    let added = client
        .add_job(request)
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap();
    assert_eq!(added.size_bits, SIZE_BITS);
    assert_eq!(added.friendly_name, "world's first pos");
    assert!(added.submitted > 0);
    // Jobs from the API are the engine's jobs.
    assert!(server.queue.get(JobId(added.id)).is_ok());

    let seen = until_completed(&mut stream, added.id).await;
    let done = seen.last().unwrap();
    assert_eq!(done.bits_written, SIZE_BITS);
    assert_eq!(done.pow_solution_index, NO_POW_SOLUTION);
    assert!(!done.compute_pow_solution && done.pow_difficulty.is_empty());
    assert_eq!(done.compute_provider_id, NO_PROVIDER);
    assert!(done.started >= done.submitted && done.stopped >= done.started);
    assert_eq!(done.last_error, None);
    let mut padded = short_client_id(0x21);
    padded.resize(32, 0);
    assert_eq!(done.client_id, padded);

    let file = server.data_dir.join(format!("{}.pos", added.id));
    let expected = labels(&default_params(&short_client_id(0x21)), SIZE_BITS / 8);
    assert!(std::fs::read(&file).unwrap() == expected, "{file:?}");
    assert!(
        server
            .data_dir
            .join(format!("{}.pos.meta.json", added.id))
            .is_file()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_queued_jobs_with_pow_complete_with_the_lowest_solutions() {
    const SIZE_BITS: u64 = 8192 * 32;
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut stream = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap()
        .into_inner();
    let mut ids = Vec::new();
    for i in 0..3u8 {
        let mut request = add_request(short_client_id(i), SIZE_BITS);
        request.friendly_name = format!("job {i}");
        request.pow_difficulty = easy_difficulty();
        request.compute_pow_solution = true;
        let job = client.add_job(request).await.unwrap().into_inner().job;
        ids.push(job.unwrap().id);
    }
    let all = client
        .get_all_jobs_statuses(GetAllJobsStatusRequest {})
        .await
        .unwrap()
        .into_inner()
        .jobs;
    assert_eq!(all.len(), 3);
    // One CPU provider: the last job waits for the others.
    assert_eq!(all[2].status(), JobStatus::Queued);

    let mut completed = Vec::new();
    while completed.len() < 3 {
        let job = next_job(&mut stream).await.unwrap();
        assert_ne!(job.status(), JobStatus::Stopped, "{job:?}");
        if job.status() == JobStatus::Completed {
            completed.push(job);
        }
    }
    for (i, id) in ids.iter().enumerate() {
        let job = completed.iter().find(|j| j.id == *id).unwrap();
        assert_eq!(job.bits_written, SIZE_BITS);
        assert!(job.compute_pow_solution);
        assert_eq!(job.pow_difficulty, easy_difficulty());
        let params = default_params(&short_client_id(i as u8));
        let solution = job.pow_solution_index;
        assert_ne!(solution, NO_POW_SOLUTION, "job {id} found no solution");
        // The lowest: no position before it solves the difficulty.
        let difficulty = Difficulty(easy_difficulty().try_into().unwrap());
        let range = PositionRange::new(0, solution + 1).unwrap();
        let lowest = find_pow(&params, range, &difficulty, &Default::default()).unwrap();
        assert_eq!(lowest, Some(solution), "job {id}");
        let file = server.data_dir.join(format!("{id}.pos"));
        assert!(std::fs::read(&file).unwrap() == labels(&params, SIZE_BITS / 8));
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscriber_sees_every_state_and_the_progress() {
    const SIZE_BITS: u64 = 8 * 65536;
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut every = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap()
        .into_inner();
    let id = client
        .add_job(add_request(short_client_id(1), SIZE_BITS))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap()
        .id;
    // A stream for this job alone starts from where the job is now.
    let mut one = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id })
        .await
        .unwrap()
        .into_inner();

    let seen = until_completed(&mut every, id).await;
    let mut states: Vec<JobStatus> = seen.iter().map(|j| j.status()).collect();
    states.dedup();
    assert_eq!(
        states,
        [JobStatus::Queued, JobStatus::Started, JobStatus::Completed]
    );
    let written: Vec<u64> = seen.iter().map(|j| j.bits_written).collect();
    assert!(written.is_sorted(), "{written:?}");
    assert!(
        written.iter().any(|b| *b > 0 && *b < SIZE_BITS),
        "progress between start and end: {written:?}"
    );
    assert!(
        seen.iter()
            .any(|j| j.status() == JobStatus::Started && j.compute_provider_id == 0),
        "the CPU (provider 0) was named while it worked"
    );

    let from_one = until_completed(&mut one, id).await;
    assert_eq!(from_one.last().unwrap().bits_written, SIZE_BITS);
    // The stream of one job ends once the job is complete.
    assert!(next_job(&mut one).await.is_none());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paused_and_aborted_jobs_are_stopped_with_a_reason() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let id = client
        .add_job(add_request(short_client_id(2), 8 << 30))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap()
        .id;
    let mut stream = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id })
        .await
        .unwrap()
        .into_inner();
    while next_job(&mut stream).await.unwrap().status() != JobStatus::Started {}

    // Paused from elsewhere (the window): STOPPED, and the error says why.
    server.queue.pause(JobId(id)).unwrap();
    let paused = loop {
        let job = next_job(&mut stream).await.unwrap();
        if job.status() == JobStatus::Stopped {
            break job;
        }
    };
    assert!(paused.last_error.unwrap().message.contains("paused"));

    client
        .abort_job(AbortJobRequest {
            id,
            delete_job: false,
            delete_data: false,
        })
        .await
        .unwrap();
    let job = client
        .get_job_status(GetJobStatusRequest { id })
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap();
    assert_eq!(job.status(), JobStatus::Stopped);
    assert_eq!(job.last_error.unwrap().message, "aborted");
    assert!(job.stopped > 0);
    // Its data stays until it is deleted.
    assert!(
        server
            .data_dir
            .join(format!("{id}.pos.meta.json"))
            .is_file()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abort_with_delete_removes_the_job_and_its_data() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut ids = Vec::new();
    for i in 0..3u8 {
        let request = add_request(short_client_id(i), 8 << 30);
        ids.push(
            client
                .add_job(request)
                .await
                .unwrap()
                .into_inner()
                .job
                .unwrap()
                .id,
        );
    }
    let mut first = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id: ids[0] })
        .await
        .unwrap()
        .into_inner();
    while next_job(&mut first).await.unwrap().status() != JobStatus::Started {}

    // The running job, with its data.
    client
        .abort_job(AbortJobRequest {
            id: ids[0],
            delete_job: true,
            delete_data: true,
        })
        .await
        .unwrap();
    let gone = client
        .get_job_status(GetJobStatusRequest { id: ids[0] })
        .await
        .unwrap_err();
    assert_eq!(gone.code(), tonic::Code::NotFound);
    assert!(!server.data_dir.join(format!("{}.pos", ids[0])).exists());
    assert!(
        !server
            .data_dir
            .join(format!("{}.pos.meta.json", ids[0]))
            .exists()
    );
    // Its stream ends with it.
    while next_job(&mut first).await.is_some() {}

    // Every other job, keeping their data: id 0, then delete_Job alone.
    client
        .abort_job(AbortJobRequest {
            id: 0,
            delete_job: false,
            delete_data: false,
        })
        .await
        .unwrap();
    for job in client
        .get_all_jobs_statuses(GetAllJobsStatusRequest {})
        .await
        .unwrap()
        .into_inner()
        .jobs
    {
        assert_eq!(job.status(), JobStatus::Stopped);
    }
    client
        .abort_job(AbortJobRequest {
            id: 0,
            delete_job: true,
            delete_data: false,
        })
        .await
        .unwrap();
    assert!(server.queue.list().is_empty());
    for id in &ids[1..] {
        assert!(
            server
                .data_dir
                .join(format!("{id}.pos.meta.json"))
                .is_file()
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_server_ends_open_streams() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let mut stream = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap()
        .into_inner();
    // stop() waits for the server, which waits for this stream to end.
    server.stop().await;
    match tokio::time::timeout(PATIENCE, stream.message())
        .await
        .unwrap()
    {
        Ok(None) | Err(_) => {}
        Ok(Some(m)) => panic!("a message after the server stopped: {m:?}"),
    }
}
