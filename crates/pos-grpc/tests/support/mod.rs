//! An API server in this process over a CPU-only job queue, on 127.0.0.1 and a port
//! the system picks, and clients for it.

#![allow(dead_code)] // each test file uses its own part

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use pos_engine::provider::CpuProvider;
use pos_engine::{ComputeProvider, JobQueue, StateStore};
use pos_grpc::api::job::JobStatus;
use pos_grpc::api::pos_data_service_client::PosDataServiceClient;
use pos_grpc::api::{self, JobStatusStreamResponse};
use pos_grpc::{ApiConfig, ApiServer, ServeConfig, ServeError};
use pos_labels::{LabelBits, LabelParams, PositionRange, ScryptN, compute_labels};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::Streaming;
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::{Channel, Endpoint};

pub type Client = PosDataServiceClient<Channel>;
pub type AuthClient = PosDataServiceClient<InterceptedService<Channel, SendAuthorization>>;

/// Adds `authorization: <value>` to every call.
#[derive(Clone)]
pub struct SendAuthorization(pub &'static str);

impl Interceptor for SendAuthorization {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        request
            .metadata_mut()
            .insert("authorization", self.0.parse().unwrap());
        Ok(request)
    }
}

/// Long enough for any job of these tests on a busy 2-core machine.
pub const PATIENCE: Duration = Duration::from_secs(120);

pub struct TestServer {
    pub addr: SocketAddr,
    pub queue: JobQueue,
    pub data_dir: PathBuf,
    _tmp: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ServeError>>>,
}

pub fn local_config(data_dir: PathBuf) -> ServeConfig {
    ServeConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        allow_remote: false,
        token: None,
        api: ApiConfig {
            data_dir,
            ..ApiConfig::defaults_in(std::path::Path::new("/"))
        },
    }
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// `adjust` changes the configuration (token, remote) before the server binds.
    pub async fn start_with(adjust: impl FnOnce(&mut ServeConfig)) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let data_dir = tmp.path().join("data");
        let providers: Vec<Arc<dyn ComputeProvider>> =
            vec![Arc::new(CpuProvider::new(2, None, "test CPU"))];
        let queue = JobQueue::start(providers, StateStore::Memory, true).unwrap();
        let mut config = local_config(data_dir.clone());
        adjust(&mut config);
        let server = ApiServer::bind(queue.clone(), config).await.unwrap();
        let addr = server.local_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        Self {
            addr,
            queue,
            data_dir,
            _tmp: tmp,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn channel(&self) -> Channel {
        Endpoint::from_shared(format!("http://{}", self.addr))
            .unwrap()
            .connect()
            .await
            .unwrap()
    }

    pub async fn client(&self) -> Client {
        PosDataServiceClient::new(self.channel().await)
    }

    /// A client that sends `authorization: <value>` with every call.
    pub async fn client_sending(&self, value: &'static str) -> AuthClient {
        PosDataServiceClient::with_interceptor(self.channel().await, SendAuthorization(value))
    }

    /// Stops the server (open streams end) and then the queue's jobs, at a checkpoint.
    pub async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        let task = self.task.take().unwrap();
        tokio::time::timeout(PATIENCE, task)
            .await
            .expect("the server stops")
            .unwrap()
            .unwrap();
        let queue = self.queue.clone();
        tokio::task::spawn_blocking(move || queue.shutdown())
            .await
            .unwrap();
    }
}

/// The next message of a stream, failing the test after [`PATIENCE`].
pub async fn next_job(stream: &mut Streaming<JobStatusStreamResponse>) -> Option<api::Job> {
    tokio::time::timeout(PATIENCE, stream.message())
        .await
        .expect("a stream message in time")
        .unwrap()
        .map(|m| m.job.unwrap())
}

/// Messages for `id` until it is completed (or stopped, which fails the test).
pub async fn until_completed(
    stream: &mut Streaming<JobStatusStreamResponse>,
    id: u64,
) -> Vec<api::Job> {
    let mut seen = Vec::new();
    loop {
        let job = next_job(stream).await.expect("the stream goes on");
        if job.id != id {
            continue;
        }
        assert_ne!(job.status(), JobStatus::Stopped, "{job:?}");
        seen.push(job.clone());
        if job.status() == JobStatus::Completed {
            return seen;
        }
    }
}

/// A 5-byte client id, as the old server's tests sent.
pub fn short_client_id(seed: u8) -> Vec<u8> {
    vec![0x12, 0x15, 0xed, 0xa1, seed]
}

/// The label parameters of an API job with the default configuration.
pub fn default_params(client_id: &[u8]) -> LabelParams {
    let mut id = [0u8; 32];
    id[..client_id.len()].copy_from_slice(client_id);
    LabelParams {
        id,
        salt: pos_grpc::DEFAULT_SALT,
        n: ScryptN::new(pos_grpc::DEFAULT_N).unwrap(),
        bits: LabelBits::new(pos_grpc::DEFAULT_BITS_PER_INDEX).unwrap(),
    }
}

pub fn labels(params: &LabelParams, count: u64) -> Vec<u8> {
    let mut out = vec![0u8; params.bits.packed_len(count).unwrap()];
    let range = PositionRange::new(0, count).unwrap();
    compute_labels(params, range, &mut out, &Default::default()).unwrap();
    out
}

pub fn add_request(client_id: Vec<u8>, size_bits: u64) -> api::AddJobRequest {
    api::AddJobRequest {
        client_id,
        post_size_bits: size_bits,
        start_index: 0,
        friendly_name: "test job".into(),
        pow_difficulty: Vec::new(),
        compute_pow_solution: false,
    }
}
