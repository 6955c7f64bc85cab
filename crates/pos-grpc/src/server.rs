//! Listening: the address rules (loopback unless remote connections are allowed, and
//! then only with a token), and a clean stop that ends open streams.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use pos_engine::JobQueue;
use thiserror::Error;
use tokio::sync::{oneshot, watch};
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;

use crate::api::pos_data_service_server::PosDataServiceServer;
use crate::auth::TokenCheck;
use crate::config::ApiConfig;
use crate::service::PosDataApi;

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
    /// Serve other machines: `addr` may then be any address, and `token` is required.
    /// Without it, `addr` must be a loopback address.
    pub allow_remote: bool,
    /// When set, every call must carry `authorization: Bearer <token>`.
    pub token: Option<String>,
    /// What `GetConfig` answers until a client calls `SetConfig`.
    pub api: ApiConfig,
}

impl ServeConfig {
    /// The address rules: loopback only unless remote connections are allowed, and
    /// then only with a token. [`ApiServer::bind`] checks them too; this lets a caller
    /// refuse a configuration before it starts anything.
    pub fn check(&self) -> Result<(), ServeError> {
        if self.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(ServeError::EmptyToken);
        }
        if self.allow_remote && self.token.is_none() {
            return Err(ServeError::RemoteWithoutToken);
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
    token: TokenCheck,
    closing: watch::Sender<bool>,
}

impl ApiServer {
    /// Checks the address rules and binds; nothing is served until [`run`](Self::run).
    pub async fn bind(queue: JobQueue, config: ServeConfig) -> Result<Self, ServeError> {
        config.check()?;
        let bind_error = |source| ServeError::Bind {
            addr: config.addr,
            source,
        };
        let incoming = TcpIncoming::bind(config.addr)
            .map_err(bind_error)?
            .with_nodelay(Some(true));
        let local_addr = incoming.local_addr().map_err(bind_error)?;
        let (closing, closing_rx) = watch::channel(false);
        Ok(Self {
            incoming,
            local_addr,
            service: PosDataApi::new(queue, config.api, closing_rx),
            token: TokenCheck::new(config.token),
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
        let token = self.token;
        let service = PosDataServiceServer::with_interceptor(self.service, move |request| {
            token.check(request)
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
        let serving =
            Server::builder().serve_with_incoming_shutdown(service, self.incoming, signal);
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
