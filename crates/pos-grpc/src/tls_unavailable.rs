//! Remote mode's TLS where this build has none (every system but Linux; see
//! Cargo.toml): the same names as `tls.rs`, but no certificate can be made or loaded,
//! so [`crate::ServeConfig::check`] refuses remote mode for want of one.

use std::convert::Infallible;
use std::path::{Path, PathBuf};

use thiserror::Error;

pub const CERT_FILE: &str = "pos-api-cert.pem";
pub const KEY_FILE: &str = "pos-api-key.pem";
pub const CERT_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

#[derive(Debug, Error)]
pub enum TlsError {
    #[error(
        "remote mode (TLS) is built into pos for Linux only; on this system serve on a \
         loopback address and reach it through an SSH tunnel, or run pos serve on Linux"
    )]
    Unavailable,
}

/// Never made here: [`load_or_create`](Self::load_or_create) always fails.
#[derive(Debug, Clone)]
pub struct TlsIdentity {
    pub cert_path: PathBuf,
    pub created: bool,
    never: Infallible,
}

impl TlsIdentity {
    pub fn load_or_create(_dir: &Path, _extra_names: &[String]) -> Result<Self, TlsError> {
        Err(TlsError::Unavailable)
    }

    pub fn cert_pem(&self) -> &str {
        match self.never {}
    }

    pub fn fingerprint(&self) -> &str {
        match self.never {}
    }
}
