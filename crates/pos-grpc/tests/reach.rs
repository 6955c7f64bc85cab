//! A second local client (another user's program, say) reaches only the jobs made
//! through the API: the window's jobs are not listed, cannot be followed, aborted or
//! deleted, not even by `AbortJob(id = 0, delete_data = true)`. A client that sends
//! the token from the cookie file, or any client once the owner switches on "let API
//! clients reach the window's jobs", reaches them.

mod support;

use pos_engine::{JobId, JobState};
use pos_grpc::api::{
    AbortJobRequest, GetAllJobsStatusRequest, GetJobStatusRequest, JobStatusStreamRequest,
};
use pos_grpc::{EveryJobSwitch, api};
use support::*;
use tonic::Code;

fn abort(id: u64, delete_data: bool) -> AbortJobRequest {
    AbortJobRequest {
        id,
        delete_job: false,
        delete_data,
    }
}

fn listed(response: tonic::Response<api::GetAllJobsStatusResponse>) -> Vec<u64> {
    response.into_inner().jobs.iter().map(|j| j.id).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_without_the_token_cannot_see_abort_or_delete_a_window_job() {
    let server = TestServer::start().await;
    let (window, dir) = server.window_job("window job");
    let files = folder_entries(&dir);
    let mut other = server.client().await;
    let api_job = other
        .add_job(add_request(short_client_id(1), 8 * 1024 * 64))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap()
        .id;

    let jobs = listed(
        other
            .get_all_jobs_statuses(GetAllJobsStatusRequest {})
            .await
            .unwrap(),
    );
    assert_eq!(jobs, [api_job], "only the API's own job is listed");
    let status = other
        .get_job_status(GetJobStatusRequest { id: window.0 })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    let status = other
        .subscribe_job_status_stream(JobStatusStreamRequest { id: window.0 })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    for delete_data in [false, true] {
        let status = other
            .abort_job(abort(window.0, delete_data))
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound, "{status:?}");
    }

    // Every job, with its data: every job of the API's, and nothing else.
    other.abort_job(abort(0, true)).await.unwrap();
    assert_eq!(server.queue.get(window).unwrap().state, JobState::Paused);
    assert_eq!(
        folder_entries(&dir),
        files,
        "the window job's files are kept"
    );
    assert!(
        server.queue.get(JobId(api_job)).is_err(),
        "the API's job is gone"
    );
    assert!(!server.data_dir.join(format!("{api_job}.pos")).exists());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_of_every_job_leaves_the_window_jobs_out() {
    let server = TestServer::start().await;
    let mut other = server.client().await;
    let mut stream = other
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap()
        .into_inner();
    server.window_job("window job");
    // Added after the window job: the stream's first message is about this one.
    let api_job = other
        .add_job(add_request(short_client_id(2), 8 * 1024))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap()
        .id;
    let first = next_job(&mut stream).await.unwrap();
    assert_eq!(first.id, api_job, "{first:?}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookies_token_reaches_the_window_jobs() {
    let server = TestServer::start().await;
    let (paused, _) = server.window_job("aborted");
    let (deleted, deleted_dir) = server.window_job("deleted");
    let mut owner = server.owner_client().await;
    let jobs = listed(
        owner
            .get_all_jobs_statuses(GetAllJobsStatusRequest {})
            .await
            .unwrap(),
    );
    assert_eq!(jobs, [paused.0, deleted.0]);

    owner.abort_job(abort(paused.0, false)).await.unwrap();
    assert_eq!(server.queue.get(paused).unwrap().state, JobState::Cancelled);
    owner.abort_job(abort(deleted.0, true)).await.unwrap();
    assert!(server.queue.get(deleted).is_err());
    assert_eq!(folder_entries(&deleted_dir), 0, "its data is deleted");
    owner.abort_job(abort(0, true)).await.unwrap();
    assert!(server.queue.list().is_empty());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owners_switch_lets_every_client_reach_the_window_jobs() {
    let switch = EveryJobSwitch::default();
    let server = TestServer::start_with(|config| config.every_job = switch.clone()).await;
    let (window, _) = server.window_job("window job");
    let mut other = server.client().await;
    let request = || GetJobStatusRequest { id: window.0 };
    assert_eq!(
        other.get_job_status(request()).await.unwrap_err().code(),
        Code::NotFound
    );
    switch.set(true);
    other.get_job_status(request()).await.unwrap();
    other.abort_job(abort(0, false)).await.unwrap();
    assert_eq!(server.queue.get(window).unwrap().state, JobState::Cancelled);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_is_the_users_only_and_goes_when_the_server_stops() {
    let server = TestServer::start().await;
    let token = pos_grpc::read_cookie(&server.cookie_file).unwrap();
    assert_eq!(token.len(), 2 * pos_grpc::TOKEN_BYTES);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&server.cookie_file)
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    // A guessed token is refused, not taken for an anonymous call.
    let mut guess = server
        .client_sending(format!("Bearer {}", "0".repeat(64)))
        .await;
    let status = guess
        .get_all_jobs_statuses(GetAllJobsStatusRequest {})
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    let cookie = server.cookie_file.clone();
    server.stop().await;
    assert!(
        !cookie.exists(),
        "the cookie is removed when the server stops"
    );
}
