//! Remote connections need a bearer token: a call without it or with a wrong one is
//! UNAUTHENTICATED, with the right one it works. (The servers here allow remote
//! connections but still listen on 127.0.0.1 only.)

mod support;

use pos_engine::{JobQueue, StateStore};
use pos_grpc::api::{GetConfigRequest, JobStatusStreamRequest};
use pos_grpc::{ApiServer, ServeError};
use support::*;
use tonic::Code;

const TOKEN: &str = "correct-horse-battery-staple";

async fn remote_server() -> TestServer {
    TestServer::start_with(|config| {
        config.allow_remote = true;
        config.token = Some(TOKEN.into());
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_or_wrong_token_is_unauthenticated() {
    let server = remote_server().await;
    let mut anonymous = server.client().await;
    let status = anonymous.get_config(GetConfigRequest {}).await.unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);
    assert!(status.message().contains("Bearer"), "{status:?}");
    let status = anonymous
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap_err();
    assert_eq!(status.code(), Code::Unauthenticated);

    for wrong in [
        "Bearer correct-horse-battery-stapl",
        "Bearer wrong",
        "Basic correct-horse-battery-staple",
        "correct-horse-battery-staple",
    ] {
        let mut client = server.client_sending(wrong).await;
        let status = client.get_config(GetConfigRequest {}).await.unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated, "{wrong}");
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_right_token_works() {
    let server = remote_server().await;
    let mut client = server
        .client_sending("Bearer correct-horse-battery-staple")
        .await;
    client.get_config(GetConfigRequest {}).await.unwrap();
    let mut stream = client
        .subscribe_job_status_stream(JobStatusStreamRequest { id: 0 })
        .await
        .unwrap()
        .into_inner();
    let id = client
        .add_job(add_request(short_client_id(9), 8 * 1024))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap()
        .id;
    until_completed(&mut stream, id).await;
    server.stop().await;
}

#[tokio::test]
async fn the_address_rules_are_checked_before_binding() {
    let queue = JobQueue::start(Vec::new(), StateStore::Memory, true).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    type Spoiler = (fn(&mut pos_grpc::ServeConfig), &'static str);
    let cases: [Spoiler; 3] = [
        // TEST-NET-1: never bound, the rule refuses it first.
        (
            |c| c.addr = "192.0.2.1:6667".parse().unwrap(),
            "not a loopback address",
        ),
        (|c| c.allow_remote = true, "need a token"),
        (|c| c.token = Some("  ".into()), "token is empty"),
    ];
    for (spoil, says) in cases {
        let mut config = local_config(tmp.path().to_owned());
        spoil(&mut config);
        let err = ApiServer::bind(queue.clone(), config).await.err().unwrap();
        assert!(err.to_string().contains(says), "{err} should say {says}");
        assert!(!matches!(err, ServeError::Bind { .. }));
    }
}
