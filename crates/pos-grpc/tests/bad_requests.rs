//! Every bad request gets INVALID_ARGUMENT (or NOT_FOUND for a job that is not
//! there) with a message that names the problem, changes nothing, and the server
//! keeps serving.

mod support;

use pos_grpc::api::{
    AbortJobRequest, AddJobRequest, Config, GetAllJobsStatusRequest, GetConfigRequest,
    GetJobStatusRequest, JobStatusStreamRequest, SetConfigRequest,
};
use support::*;
use tonic::Code;

fn assert_rejected<T: std::fmt::Debug>(
    result: Result<tonic::Response<T>, tonic::Status>,
    code: Code,
    says: &str,
) {
    let status = result.expect_err("a bad request is refused");
    assert_eq!(status.code(), code, "{status:?}");
    assert!(
        status.message().contains(says),
        "{:?} should say {says:?}",
        status.message()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_jobs_are_invalid_arguments() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let good = || add_request(short_client_id(1), 8 * 2048);
    type Spoiler = (fn(&mut AddJobRequest), &'static str);
    let cases: [Spoiler; 9] = [
        (|r| r.client_id = vec![], "client_id must be 1 to 32 bytes"),
        (|r| r.client_id = vec![7; 33], "got 33 bytes"),
        (|r| r.start_index = 1, "start_index must be 0"),
        (|r| r.post_size_bits = 0, "whole number of bytes"),
        (|r| r.post_size_bits = 8 * 2048 + 4, "whole number of bytes"),
        (
            |r| r.post_size_bits = 8 * 1000,
            "fewer than indexes_per_compute_cycle",
        ),
        (
            |r| r.pow_difficulty = vec![0; 16],
            "pow_difficulty must be 32 bytes",
        ),
        (
            |r| r.compute_pow_solution = true,
            "needs a 32-byte pow_difficulty",
        ),
        (|r| r.post_size_bits = u64::MAX - 7, "not enough free space"),
    ];
    for (spoil, says) in cases {
        let mut request = good();
        spoil(&mut request);
        let code = if says.contains("space") {
            Code::ResourceExhausted
        } else {
            Code::InvalidArgument
        };
        assert_rejected(client.add_job(request).await, code, says);
    }
    let jobs = client
        .get_all_jobs_statuses(GetAllJobsStatusRequest {})
        .await
        .unwrap()
        .into_inner()
        .jobs;
    assert!(jobs.is_empty(), "{jobs:?}");

    // Still serving: a good job is accepted.
    let job = client.add_job(good()).await.unwrap().into_inner().job;
    assert_eq!(job.unwrap().size_bits, 8 * 2048);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_configs_are_invalid_arguments_and_change_nothing() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    let current = || async {
        let mut client = server.client().await;
        client
            .get_config(GetConfigRequest {})
            .await
            .unwrap()
            .into_inner()
            .config
            .unwrap()
    };
    let before = current().await;
    type Spoiler = (fn(&mut Config), &'static str);
    let cases: [Spoiler; 9] = [
        (|c| c.data_dir = String::new(), "data_dir is empty"),
        (
            |c| c.indexes_per_compute_cycle = 0,
            "indexes_per_compute_cycle",
        ),
        (|c| c.bits_per_index = 0, "bits_per_index"),
        (|c| c.bits_per_index = 300, "bits_per_index"),
        (|c| c.salt = vec![1, 2, 3], "salt must be 32 bytes"),
        (|c| c.n = 1000, "N must be a power of two"),
        (|c| c.n = 1 << 21, "N must be a power of two"),
        (|c| c.r = 8, "R must be 1"),
        (|c| c.p = 2, "P must be 1"),
    ];
    for (spoil, says) in cases {
        let mut config = before.clone();
        spoil(&mut config);
        let request = SetConfigRequest {
            config: Some(config),
        };
        assert_rejected(
            client.set_config(request).await,
            Code::InvalidArgument,
            says,
        );
    }
    let missing = SetConfigRequest { config: None };
    assert_rejected(
        client.set_config(missing).await,
        Code::InvalidArgument,
        "config is missing",
    );
    assert_eq!(current().await, before);

    // A good one is kept, and new jobs follow it.
    let mut config = before.clone();
    config.n = 16;
    config.bits_per_index = 4;
    config.indexes_per_compute_cycle = 64;
    client
        .set_config(SetConfigRequest {
            config: Some(config.clone()),
        })
        .await
        .unwrap();
    assert_eq!(current().await, config);
    let job = client
        .add_job(add_request(short_client_id(1), 4 * 64))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap();
    assert_eq!(job.size_bits, 256);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_jobs_are_not_found() {
    let server = TestServer::start().await;
    let mut client = server.client().await;
    assert_rejected(
        client.get_job_status(GetJobStatusRequest { id: 42 }).await,
        Code::NotFound,
        "no job 42",
    );
    assert_rejected(
        client
            .subscribe_job_status_stream(JobStatusStreamRequest { id: 42 })
            .await,
        Code::NotFound,
        "no job 42",
    );
    let abort = AbortJobRequest {
        id: 42,
        delete_job: true,
        delete_data: true,
    };
    assert_rejected(client.abort_job(abort).await, Code::NotFound, "no job 42");
    // Aborting every job of an empty list is fine.
    let every = AbortJobRequest {
        id: 0,
        delete_job: false,
        delete_data: false,
    };
    client.abort_job(every).await.unwrap();
    server.stop().await;
}
