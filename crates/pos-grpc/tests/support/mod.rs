//! An API server in this process over a CPU-only job queue, on 127.0.0.1 and a port
//! the system picks, and clients for it.

#![allow(dead_code)] // each test file uses its own part

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use pos_engine::provider::CpuProvider;
use pos_engine::{
    ComputeProvider, JobId, JobOrigin, JobQueue, JobRequest, ProviderChoice, StateStore,
};
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
use tonic::transport::{Certificate, Channel, ClientTlsConfig, Endpoint};

pub type Client = PosDataServiceClient<Channel>;
pub type AuthClient = PosDataServiceClient<InterceptedService<Channel, SendAuthorization>>;

/// Adds `authorization: <value>` to every call.
#[derive(Clone)]
pub struct SendAuthorization(pub String);

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
    /// Where the server wrote the owner's token (unless the test took the cookie out).
    pub cookie_file: PathBuf,
    /// The certificate clients trust when the server serves TLS.
    pub tls_cert: Option<String>,
    _tmp: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ServeError>>>,
}

pub fn local_config(data_dir: PathBuf) -> ServeConfig {
    ServeConfig::local(
        "127.0.0.1:0".parse().unwrap(),
        ApiConfig {
            data_dir,
            ..ApiConfig::defaults_in(std::path::Path::new("/"))
        },
    )
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// `adjust` changes the configuration (token, remote, TLS) before the server
    /// binds; it starts as a local server that writes a cookie, as the app's does.
    pub async fn start_with(adjust: impl FnOnce(&mut ServeConfig)) -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let data_dir = tmp.path().join("data");
        let cookie_file = tmp.path().join("app").join(pos_grpc::COOKIE_FILE);
        let providers: Vec<Arc<dyn ComputeProvider>> =
            vec![Arc::new(CpuProvider::new(2, None, "test CPU"))];
        let queue = JobQueue::start(providers, StateStore::Memory, true).unwrap();
        let mut config = local_config(data_dir.clone());
        config.cookie_file = Some(cookie_file.clone());
        adjust(&mut config);
        let tls_cert = config.tls.as_ref().map(|t| t.cert_pem().to_owned());
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
            cookie_file,
            tls_cert,
            _tmp: tmp,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Over TLS, trusting the server's certificate, when it serves TLS.
    pub async fn channel(&self) -> Channel {
        let endpoint = match &self.tls_cert {
            None => Endpoint::from_shared(format!("http://{}", self.addr)).unwrap(),
            Some(cert) => Endpoint::from_shared(format!("https://{}", self.addr))
                .unwrap()
                .tls_config(
                    ClientTlsConfig::new()
                        .ca_certificate(Certificate::from_pem(cert))
                        .domain_name("localhost"),
                )
                .unwrap(),
        };
        endpoint.connect().await.unwrap()
    }

    pub async fn client(&self) -> Client {
        PosDataServiceClient::new(self.channel().await)
    }

    /// A client that sends `authorization: <value>` with every call.
    pub async fn client_sending(&self, value: impl Into<String>) -> AuthClient {
        PosDataServiceClient::with_interceptor(
            self.channel().await,
            SendAuthorization(value.into()),
        )
    }

    /// A client of the user's: it read the cookie file and sends its token.
    pub async fn owner_client(&self) -> AuthClient {
        let token = pos_grpc::read_cookie(&self.cookie_file).expect("the server wrote its cookie");
        self.client_sending(format!("Bearer {token}")).await
    }

    /// A job made in the app's window (not through the API), paused at once so that it
    /// stays as it is until someone changes it; its folder exists.
    pub fn window_job(&self, name: &str) -> (JobId, PathBuf) {
        let dir = self.data_dir.join(name);
        let request = JobRequest {
            name: name.into(),
            dir: dir.clone(),
            id: "ab".repeat(32),
            salt: hex::encode(pos_grpc::DEFAULT_SALT),
            n: 1 << 14,
            label_bits: 8,
            total_labels: 1 << 20,
            pow_difficulty: None,
            providers: ProviderChoice::Automatic,
            max_file_bytes: None,
            file_name: None,
            origin: JobOrigin::Window,
        };
        let id = self.queue.add(request).unwrap().id;
        self.queue.pause(id).unwrap();
        self.queue.wait_until_settled(id).unwrap();
        assert!(folder_entries(&dir) > 0, "the job made its folder");
        (id, dir)
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

/// How many entries `dir` holds (0 when it is gone).
pub fn folder_entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| entries.count())
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
