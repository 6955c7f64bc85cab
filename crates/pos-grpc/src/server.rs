//! Listening: the address rules (loopback unless remote connections are allowed, and
//! then only over TLS with a long token), the owner's cookie, and a clean stop that
//! ends open streams.

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use pos_engine::JobQueue;
use thiserror::Error;
use tokio::sync::{oneshot, watch};
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;

use crate::api::pos_data_service_server::PosDataServiceServer;
use crate::auth::{Access, EveryJobSwitch};
use crate::config::ApiConfig;
use crate::cookie::Cookie;
use crate::service::PosDataApi;
use crate::tls::TlsIdentity;

/// The shortest token remote mode takes: as long as [`crate::TOKEN_BYTES`] random
/// bytes, so that it cannot be guessed over the network.
pub const MIN_REMOTE_TOKEN_BYTES: usize = 32;

/// How long connections may take to finish once the server is asked to stop; a
/// client that keeps a call open past it is cut off.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The old server's address.
pub const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), 6667);

/// How to serve the API.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// Port 0 picks a free port; [`ApiServer::local_addr`] says which.
    pub addr: SocketAddr,
    /// Serve other machines: `addr` may then be any address, and `token` (at least
    /// [`MIN_REMOTE_TOKEN_BYTES`]) and `tls` are required. Without it, `addr` must be
    /// a loopback address.
    pub allow_remote: bool,
    /// When set, every call must carry `authorization: Bearer <token>` (or the
    /// cookie's token).
    pub token: Option<String>,
    /// Serve TLS with this certificate (required for remote connections).
    pub tls: Option<TlsIdentity>,
    /// Where to write the owner's token when the server starts
    /// ([`crate::COOKIE_FILE`]); a call that carries it reaches every job. Without a
    /// cookie only `every_job` lets calls reach more than the API's own jobs.
    pub cookie_file: Option<PathBuf>,
    /// "Let API clients reach the window's jobs"; off by default.
    pub every_job: EveryJobSwitch,
    /// What `GetConfig` answers until a client calls `SetConfig`.
    pub api: ApiConfig,
}

impl ServeConfig {
    /// A loopback-only configuration: no token, no TLS, no cookie; the API's own
    /// jobs only.
    pub fn local(addr: SocketAddr, api: ApiConfig) -> Self {
        Self {
            addr,
            allow_remote: false,
            token: None,
            tls: None,
            cookie_file: None,
            every_job: EveryJobSwitch::default(),
            api,
        }
    }

    /// The address rules: loopback only unless remote connections are allowed, and
    /// then only over TLS with a long token. [`ApiServer::bind`] checks them too; this
    /// lets a caller refuse a configuration before it starts anything.
    pub fn check(&self) -> Result<(), ServeError> {
        if self.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(ServeError::EmptyToken);
        }
        if self.allow_remote {
            let Some(token) = &self.token else {
                return Err(ServeError::RemoteWithoutToken);
            };
            if token.len() < MIN_REMOTE_TOKEN_BYTES {
                return Err(ServeError::ShortToken { bytes: token.len() });
            }
            if self.tls.is_none() {
                return Err(ServeError::RemoteWithoutTls);
            }
        }
        if !self.allow_remote && !self.addr.ip().is_loopback() {
            return Err(ServeError::NotLoopback(self.addr));
        }
        Ok(())
    }
}

#[derive(Debug, Error)]
pub enum ServeError {
    #[error(
        "{0} is not a loopback address, so other machines could connect; serve on [::1] or \
         127.0.0.1, or allow remote connections and set a token"
    )]
    NotLoopback(SocketAddr),
    #[error("remote connections need a token; set one that clients send as `Bearer <token>`")]
    RemoteWithoutToken,
    #[error(
        "the token is {bytes} bytes; remote connections need one of at least \
         {MIN_REMOTE_TOKEN_BYTES} random bytes, such as the 64 hex digits that \
         `openssl rand -hex 32` prints"
    )]
    ShortToken { bytes: usize },
    #[error("remote connections are served over TLS only; give the server a certificate")]
    RemoteWithoutTls,
    #[error("cannot write the API cookie {}: {source}", path.display())]
    Cookie {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the token is empty; set a token of at least one character")]
    EmptyToken,
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the gRPC server stopped: {0}")]
    Transport(#[from] tonic::transport::Error),
}

/// The API bound to its address and ready to serve.
pub struct ApiServer {
    incoming: TcpIncoming,
    local_addr: SocketAddr,
    service: PosDataApi,
    access: Access,
    /// With TLS when configured.
    server: Server,
    /// Removed when the server stops.
    _cookie: Option<Cookie>,
    closing: watch::Sender<bool>,
}

impl ApiServer {
    /// Checks the address rules, binds, and then writes the cookie (so that a second
    /// server that cannot bind leaves the first one's cookie alone); nothing is served
    /// until [`run`](Self::run).
    pub async fn bind(queue: JobQueue, config: ServeConfig) -> Result<Self, ServeError> {
        config.check()?;
        #[allow(unused_mut)] // not changed where there is no TLS (tls_unavailable.rs)
        let mut server = Server::builder();
        #[cfg(target_os = "linux")]
        if let Some(tls) = &config.tls {
            server = server.tls_config(tls.server_config())?;
        }
        let bind_error = |source| ServeError::Bind {
            addr: config.addr,
            source,
        };
        let incoming = TcpIncoming::bind(config.addr)
            .map_err(bind_error)?
            .with_nodelay(Some(true));
        let local_addr = incoming.local_addr().map_err(bind_error)?;
        let cookie = config
            .cookie_file
            .as_deref()
            .map(|path| {
                Cookie::create(path).map_err(|source| ServeError::Cookie {
                    path: path.to_owned(),
                    source,
                })
            })
            .transpose()?;
        let owner = cookie.as_ref().map(|c| c.token().to_owned());
        let (closing, closing_rx) = watch::channel(false);
        Ok(Self {
            incoming,
            local_addr,
            service: PosDataApi::new(queue, config.api, closing_rx),
            access: Access::new(config.token, owner, config.every_job),
            server,
            _cookie: cookie,
            closing,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` completes, then ends open streams, lets calls in
    /// progress finish (for up to [`SHUTDOWN_GRACE`]) and returns. The job queue keeps
    /// running: stopping its jobs is the caller's choice (`JobQueue::shutdown`).
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> Result<(), ServeError> {
        let access = self.access;
        let service = PosDataServiceServer::with_interceptor(self.service, move |request| {
            access.check(request)
        });
        let closing = self.closing;
        let (signalled, grace) = oneshot::channel::<()>();
        let signal = async move {
            shutdown.await;
            // Streams never end by themselves; the server waits for them.
            let _ = closing.send(true);
            let _ = signalled.send(());
        };
        let grace = async move {
            if grace.await.is_ok() {
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } else {
                std::future::pending::<()>().await;
            }
        };
        tracing::info!(addr = %self.local_addr, "serving the pos gRPC API");
        let serving = self
            .server
            .serve_with_incoming_shutdown(service, self.incoming, signal);
        tokio::select! {
            served = serving => served?,
            () = grace => tracing::warn!("clients kept calls open past the grace period; cut off"),
        }
        Ok(())
    }
}

/// Binds and serves until `shutdown` completes: [`ApiServer::bind`] then
/// [`ApiServer::run`]. The desktop app can serve its own queue with this one call.
pub async fn serve(
    queue: JobQueue,
    config: ServeConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    ApiServer::bind(queue, config).await?.run(shutdown).await
}
