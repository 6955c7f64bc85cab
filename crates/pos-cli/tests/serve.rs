//! `pos serve` as a person or a service manager runs it: the old server's config file,
//! the address and token rules, a tonic client, and a clean stop on SIGTERM that the
//! next start continues from. Servers listen on 127.0.0.1 and a port the system picks.

// Most tests here stop `pos serve` with signals or read file modes: on Windows only the
// config checks and the refusal of remote mode run, and the helpers wait for Unix.
#![cfg_attr(not(unix), allow(dead_code, unused_imports))]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pos_grpc::api::job::JobStatus;
use pos_grpc::api::pos_data_service_client::PosDataServiceClient;
use pos_grpc::api::{AddJobRequest, GetConfigRequest};
use tonic::transport::{Channel, Endpoint};

const POS: &str = env!("CARGO_BIN_EXE_pos");
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `pos serve`, killed when dropped; its stderr is printed if a test fails.
struct Served {
    child: Child,
    addr: String,
    log: PathBuf,
}

impl Served {
    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            eprintln!("--- pos serve's stderr ---\n{log}");
        }
    }
}

/// A config for data in `dir/data` on 127.0.0.1, a free port, plus `extra` keys.
fn write_config(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let path = dir.join(name);
    let data = dir.join("data");
    let json = format!(
        r#"{{"data_dir": {:?}, "host": "127.0.0.1", "port": 0{extra}}}"#,
        data.to_str().unwrap()
    );
    std::fs::write(&path, json).unwrap();
    path
}

fn serve(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Served {
    let log = dir.join(format!("serve-{}.log", Instant::now().elapsed().as_nanos()));
    let mut command = Command::new(POS);
    command
        .arg("serve")
        .arg("--no-gpu")
        .args(args)
        .env_remove("POS_SERVE_TOKEN")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap());
    let mut child = command.spawn().expect("pos starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let mut served = Served {
        child,
        addr: String::new(),
        log,
    };
    let line = rx
        .recv_timeout(PATIENCE)
        .expect("pos serve says where it listens");
    served.addr = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    served
}

async fn client(served: &Served) -> PosDataServiceClient<Channel> {
    let channel = Endpoint::from_shared(format!("http://{}", served.addr))
        .unwrap()
        .connect()
        .await
        .unwrap();
    PosDataServiceClient::new(channel)
}

fn job(size_bits: u64) -> AddJobRequest {
    AddJobRequest {
        client_id: vec![0x12, 0x15, 0xed, 0xa1, 0x21],
        post_size_bits: size_bits,
        start_index: 0,
        friendly_name: "long job".into(),
        pow_difficulty: Vec::new(),
        compute_pow_solution: false,
    }
}

#[test]
fn bad_configs_are_refused_before_anything_starts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut n = 0;
    let mut config = |extra: &str| {
        n += 1;
        write_config(tmp.path(), &format!("config{n}.json"), extra)
    };
    // Never bound: the rule refuses it first.
    let any_address = tmp.path().join("any.json");
    std::fs::write(&any_address, r#"{"host": "0.0.0.0", "port": 0}"#).unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["-c".into(), "/no/such/config.json".into()],
            "cannot read the config file",
        ),
        (
            vec!["-c".into(), config(", oops").display().to_string()],
            "is not valid",
        ),
        (
            vec!["-c".into(), config(r#", "r": 2"#).display().to_string()],
            "R must be 1",
        ),
        (
            vec![
                "-c".into(),
                config(r#", "salt": "abc""#).display().to_string(),
            ],
            "salt must be 64 hex digits",
        ),
        (
            vec!["-c".into(), any_address.display().to_string()],
            "not a loopback address",
        ),
        (
            vec![
                "--allow-remote".into(),
                "-c".into(),
                config("").display().to_string(),
            ],
            "--allow-remote needs a token of at least 32 random bytes",
        ),
        (
            vec![
                "--allow-remote".into(),
                "--token".into(),
                "correct-horse-battery-staple".into(),
                "-c".into(),
                config("").display().to_string(),
            ],
            "the token is 28 bytes; remote connections need one of at least 32 random bytes",
        ),
        (
            vec![
                "-c".into(),
                config(r#", "use_cpu_provider": false"#)
                    .display()
                    .to_string(),
            ],
            "nothing to compute with",
        ),
    ];
    for (args, says) in cases {
        let out = Command::new(POS)
            .arg("serve")
            .arg("--no-gpu")
            .args(&args)
            .env_remove("POS_SERVE_TOKEN")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says),
            "{args:?}: {stderr:?} should say {says:?}"
        );
        assert!(out.stdout.is_empty(), "{args:?} must not listen");
    }
    // Refused before the certificate was made.
    assert!(!tmp.path().join("data").join(pos_grpc::CERT_FILE).exists());
}

/// Adds `authorization: <value>` to every call.
#[derive(Clone)]
struct SendAuthorization(String);

impl tonic::service::Interceptor for SendAuthorization {
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

type AuthClient = PosDataServiceClient<
    tonic::service::interceptor::InterceptedService<Channel, SendAuthorization>,
>;

fn sending(channel: Channel, value: String) -> AuthClient {
    PosDataServiceClient::with_interceptor(channel, SendAuthorization(value))
}

/// Remote mode is TLS, built into `pos` for Linux (pos-grpc's `tls` module).
#[cfg(target_os = "linux")]
mod remote {
    use super::*;
    use tonic::transport::{Certificate, ClientTlsConfig};

    const FLAG_TOKEN: &str = "flag-token-0123456789abcdef0123456789";
    const ENV_TOKEN: &str = "env-token-0123456789abcdef0123456789";

    /// A TLS channel that trusts the certificate `pos serve` keeps in `data_dir`.
    async fn tls_channel(served: &Served, data_dir: &Path) -> Channel {
        let cert = std::fs::read_to_string(data_dir.join(pos_grpc::CERT_FILE)).unwrap();
        Endpoint::from_shared(format!("https://{}", served.addr))
            .unwrap()
            .tls_config(
                ClientTlsConfig::new()
                    .ca_certificate(Certificate::from_pem(cert))
                    .domain_name("localhost"),
            )
            .unwrap()
            .connect()
            .await
            .unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn remote_serving_is_tls_and_needs_the_token() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let config = write_config(tmp.path(), "config.json", "");
        let config = config.to_str().unwrap();
        // The flag wins over the environment.
        let served = serve(
            tmp.path(),
            &["--allow-remote", "--token", FLAG_TOKEN, "-c", config],
            &[("POS_SERVE_TOKEN", ENV_TOKEN)],
        );
        let stderr = served.stderr();
        assert!(
            stderr.contains("TLS with the new certificate") && stderr.contains("SHA-256"),
            "{stderr}"
        );
        let channel = tls_channel(&served, &data).await;
        let mut anonymous = PosDataServiceClient::new(channel.clone());
        let status = anonymous.get_config(GetConfigRequest {}).await.unwrap_err();
        assert_eq!(status.code(), tonic::Code::Unauthenticated);
        for (token, ok) in [(FLAG_TOKEN, true), (ENV_TOKEN, false)] {
            let mut client = sending(channel.clone(), format!("Bearer {token}"));
            let result = client.get_config(GetConfigRequest {}).await;
            assert_eq!(result.is_ok(), ok, "{token}: {result:?}");
        }
        drop(served);

        // From the environment alone; the certificate made before is kept.
        let served = serve(
            tmp.path(),
            &["--allow-remote", "-c", config],
            &[("POS_SERVE_TOKEN", ENV_TOKEN)],
        );
        assert!(
            served.stderr().contains("TLS with the kept certificate"),
            "{}",
            served.stderr()
        );
        let channel = tls_channel(&served, &data).await;
        let mut client = sending(channel, format!("Bearer {ENV_TOKEN}"));
        client.get_config(GetConfigRequest {}).await.unwrap();
    }
}

/// Elsewhere remote mode is refused before anything listens, with what to do instead.
#[cfg(not(target_os = "linux"))]
#[test]
fn remote_serving_is_refused_with_what_to_do_instead() {
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(tmp.path(), "config.json", "");
    let o = Command::new(POS)
        .args([
            "serve",
            "--no-gpu",
            "--allow-remote",
            "-c",
            config.to_str().unwrap(),
        ])
        .args(["--token", "flag-token-0123456789abcdef0123456789"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{stderr}");
    assert!(
        stderr.contains("for Linux only") && stderr.contains("SSH tunnel"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).is_empty(),
        "nothing listens"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_beside_the_job_list_is_the_users_only_while_serving() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(tmp.path(), "config.json", "");
    let mut served = serve(tmp.path(), &["-c", config.to_str().unwrap()], &[]);
    let cookie = tmp.path().join("data").join(pos_grpc::COOKIE_FILE);
    let mode = std::fs::metadata(&cookie).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    let token = pos_grpc::read_cookie(&cookie).unwrap();
    let channel = Endpoint::from_shared(format!("http://{}", served.addr))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut owner = sending(channel, format!("Bearer {token}"));
    owner.get_config(GetConfigRequest {}).await.unwrap();
    assert!(terminate(&mut served).success());
    assert!(
        !cookie.exists(),
        "pos serve removes its cookie when it stops"
    );
}

/// Sends SIGTERM and waits for the exit status.
#[cfg(unix)]
fn terminate(served: &mut Served) -> std::process::ExitStatus {
    let pid = served.child.id() as i32;
    // SAFETY: kill(2) with a child's pid and a signal number has no memory effects.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let start = Instant::now();
    loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            return status;
        }
        assert!(start.elapsed() < PATIENCE, "pos serve did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_at_a_checkpoint_and_the_next_start_continues() {
    use pos_grpc::api::{AbortJobRequest, GetJobStatusRequest, JobStatusStreamRequest};

    const SIZE_BITS: u64 = 8 << 22; // 4 Mi labels: far longer than this test waits
    let tmp = tempfile::tempdir().unwrap();
    let config = write_config(tmp.path(), "config.json", "");
    let config = config.to_str().unwrap();
    let mut served = serve(tmp.path(), &["-c", config], &[]);
    let mut api = client(&served).await;
    let id = api
        .add_job(job(SIZE_BITS))
        .await
        .unwrap()
        .into_inner()
        .job
        .unwrap()
        .id;
    let mut stream = api
        .subscribe_job_status_stream(JobStatusStreamRequest { id })
        .await
        .unwrap()
        .into_inner();
    loop {
        let message = tokio::time::timeout(PATIENCE, stream.message()).await;
        let job = message.unwrap().unwrap().unwrap().job.unwrap();
        if job.bits_written > 0 {
            break;
        }
    }
    let status = terminate(&mut served);
    assert!(status.success(), "{status:?}");
    // The open stream ended with the server.
    assert!(matches!(stream.message().await, Ok(None) | Err(_)));
    let data = tmp.path().join("data");
    let saved = std::fs::read_to_string(data.join("pos-serve-jobs.json")).unwrap();
    assert!(saved.contains(r#""state": "running""#), "{saved}");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join(format!("{id}.pos.meta.json"))).unwrap())
            .unwrap();
    let checkpoint = meta["files"][0]["durable_labels"].as_u64().unwrap();
    assert!(checkpoint > 0);
    drop(served);

    let served = serve(tmp.path(), &["-c", config], &[]);
    let mut api = client(&served).await;
    let start = Instant::now();
    loop {
        let job = api
            .get_job_status(GetJobStatusRequest { id })
            .await
            .unwrap()
            .into_inner()
            .job
            .unwrap();
        assert_eq!(job.status(), JobStatus::Started, "{job:?}");
        assert!(job.bits_written >= checkpoint * 8);
        if job.bits_written > checkpoint * 8 {
            break; // continued from the checkpoint
        }
        assert!(start.elapsed() < PATIENCE, "the job did not continue");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    api.abort_job(AbortJobRequest {
        id,
        delete_job: true,
        delete_data: true,
    })
    .await
    .unwrap();
    assert!(!data.join(format!("{id}.pos")).exists());
}
