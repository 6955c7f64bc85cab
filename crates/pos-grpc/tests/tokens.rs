//! Remote connections are TLS with a long bearer token: a call without it or with a
//! wrong one is UNAUTHENTICATED, with the right one it works; a short token or no
//! certificate is refused before anything is bound. (The servers here allow remote
//! connections but still listen on 127.0.0.1 only.) Remote mode is built for Linux only;
//! elsewhere `pos serve`'s test `remote_serving_is_refused_with_what_to_do_instead` runs.
#![cfg(target_os = "linux")]

mod support;

use pos_engine::{JobQueue, StateStore};
use pos_grpc::api::{GetConfigRequest, JobStatusStreamRequest};
use pos_grpc::{ApiServer, ServeError, TlsIdentity};
use support::*;
use tonic::Code;

/// 32 bytes, the shortest remote token.
const TOKEN: &str = "correct-horse-battery-staple-0123";

async fn remote_server() -> TestServer {
    let certs = tempfile::tempdir().unwrap();
    let tls = TlsIdentity::load_or_create(certs.path(), &[]).unwrap();
    TestServer::start_with(|config| {
        config.allow_remote = true;
        config.token = Some(TOKEN.into());
        config.tls = Some(tls);
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
        "Bearer correct-horse-battery-staple-012",
        "Bearer wrong",
        "Basic correct-horse-battery-staple-0123",
        "correct-horse-battery-staple-0123",
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
    let mut client = server.client_sending(format!("Bearer {TOKEN}")).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owners_cookie_token_also_passes_in_remote_mode() {
    let server = remote_server().await;
    let mut owner = server.owner_client().await;
    owner.get_config(GetConfigRequest {}).await.unwrap();
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plaintext_client_gets_no_answer_from_a_tls_server() {
    let server = remote_server().await;
    let plaintext = tonic::transport::Endpoint::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect()
        .await;
    if let Ok(channel) = plaintext {
        let mut client = pos_grpc::api::pos_data_service_client::PosDataServiceClient::new(channel);
        assert!(client.get_config(GetConfigRequest {}).await.is_err());
    }
    server.stop().await;
}

#[tokio::test]
async fn the_address_rules_are_checked_before_binding() {
    let queue = JobQueue::start(Vec::new(), StateStore::Memory, true).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let tls = TlsIdentity::load_or_create(&tmp.path().join("tls"), &[]).unwrap();
    type Spoiler = (fn(&mut pos_grpc::ServeConfig), &'static str);
    let cases: [Spoiler; 5] = [
        // TEST-NET-1: never bound, the rule refuses it first.
        (
            |c| c.addr = "192.0.2.1:6667".parse().unwrap(),
            "not a loopback address",
        ),
        (|c| c.allow_remote = true, "need a token"),
        (|c| c.token = Some("  ".into()), "token is empty"),
        (
            |c| {
                c.allow_remote = true;
                c.token = Some("correct-horse-battery-staple".into());
            },
            "the token is 28 bytes; remote connections need one of at least 32 random bytes",
        ),
        (
            |c| {
                c.allow_remote = true;
                c.token = Some(TOKEN.into());
                c.tls = None;
            },
            "served over TLS only",
        ),
    ];
    for (spoil, says) in cases {
        let mut config = local_config(tmp.path().to_owned());
        config.tls = Some(tls.clone());
        spoil(&mut config);
        let err = ApiServer::bind(queue.clone(), config).await.err().unwrap();
        assert!(err.to_string().contains(says), "{err} should say {says}");
        assert!(!matches!(err, ServeError::Bind { .. }));
    }
}
