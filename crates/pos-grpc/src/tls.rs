//! TLS for remote mode: a self-signed certificate that the server makes on its first
//! start and keeps (beside its job list), and whose SHA-256 fingerprint it prints, so
//! that a client can check it has the right certificate before trusting it. Linux
//! only (see Cargo.toml); `tls_unavailable.rs` stands in elsewhere.

use std::fmt;
use std::path::{Path, PathBuf};

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::cookie::write_private;

/// The certificate's file name; clients that connect from other machines get a copy.
pub const CERT_FILE: &str = "pos-api-cert.pem";
/// The private key's file name, readable by the user only (0600 on Unix).
pub const KEY_FILE: &str = "pos-api-key.pem";

/// The names a new certificate is made for, besides the address the server listens
/// on: clients that connect by another name tell their TLS library to expect
/// `localhost` (grpcio: the channel option `grpc.ssl_target_name_override`).
pub const CERT_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

#[derive(Debug, Error)]
pub enum TlsError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{} exists but {} does not; restore it, or remove both to get a new certificate \
         (clients must then trust the new one)",
        present.display(),
        missing.display()
    )]
    HalfAPair { present: PathBuf, missing: PathBuf },
    #[error("{} holds no {what} in PEM form: {reason}", path.display())]
    BadPem {
        path: PathBuf,
        what: &'static str,
        reason: String,
    },
    #[error("cannot make a TLS certificate: {0}")]
    Generate(#[from] rcgen::Error),
}

/// A certificate and its private key, in PEM.
#[derive(Clone)]
pub struct TlsIdentity {
    cert_pem: String,
    key_pem: String,
    fingerprint: String,
    /// Where the certificate is kept, for the person to hand to clients.
    pub cert_path: PathBuf,
    /// True when this start made it (clients must be given the new one).
    pub created: bool,
}

impl fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never the key.
        f.debug_struct("TlsIdentity")
            .field("cert_path", &self.cert_path)
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

impl TlsIdentity {
    /// The certificate and key in `dir` ([`CERT_FILE`], [`KEY_FILE`]), or new ones
    /// for [`CERT_NAMES`] and `extra_names` when neither file exists yet.
    pub fn load_or_create(dir: &Path, extra_names: &[String]) -> Result<Self, TlsError> {
        let cert_path = dir.join(CERT_FILE);
        let key_path = dir.join(KEY_FILE);
        match (cert_path.exists(), key_path.exists()) {
            (true, true) => {
                let read = |path: &Path| {
                    std::fs::read_to_string(path).map_err(|source| TlsError::Io {
                        action: "read",
                        path: path.to_owned(),
                        source,
                    })
                };
                Self::from_pem(read(&cert_path)?, read(&key_path)?, cert_path, &key_path)
            }
            (false, false) => Self::create(&cert_path, &key_path, extra_names),
            (present, _) => {
                let (present, missing) = if present {
                    (cert_path, key_path)
                } else {
                    (key_path, cert_path)
                };
                Err(TlsError::HalfAPair { present, missing })
            }
        }
    }

    fn create(cert_path: &Path, key_path: &Path, extra: &[String]) -> Result<Self, TlsError> {
        let mut names: Vec<String> = CERT_NAMES.iter().map(|n| n.to_string()).collect();
        for name in extra {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        let mut params = rcgen::CertificateParams::new(names)?;
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "pos gRPC API (self-signed)");
        let key = rcgen::KeyPair::generate()?;
        let cert = params.self_signed(&key)?;
        let write = |path: &Path, pem: &str| {
            write_private(path, pem.as_bytes()).map_err(|source| TlsError::Io {
                action: "write",
                path: path.to_owned(),
                source,
            })
        };
        // The key first: a certificate without its key would stop every later start.
        write(key_path, &key.serialize_pem())?;
        write(cert_path, &cert.pem())?;
        let mut identity = Self::from_pem(
            cert.pem(),
            key.serialize_pem(),
            cert_path.to_owned(),
            key_path,
        )?;
        identity.created = true;
        Ok(identity)
    }

    fn from_pem(
        cert_pem: String,
        key_pem: String,
        cert_path: PathBuf,
        key_path: &Path,
    ) -> Result<Self, TlsError> {
        let bad = |path: &Path, what, e: rustls_pki_types::pem::Error| TlsError::BadPem {
            path: path.to_owned(),
            what,
            reason: e.to_string(),
        };
        let cert = CertificateDer::from_pem_slice(cert_pem.as_bytes())
            .map_err(|e| bad(&cert_path, "certificate", e))?;
        PrivateKeyDer::from_pem_slice(key_pem.as_bytes())
            .map_err(|e| bad(key_path, "private key", e))?;
        Ok(Self {
            fingerprint: fingerprint(&cert),
            cert_pem,
            key_pem,
            cert_path,
            created: false,
        })
    }

    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The SHA-256 of the certificate (DER), as `AB:CD:...`, the form
    /// `openssl x509 -noout -fingerprint -sha256 -in pos-api-cert.pem` prints.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub(crate) fn server_config(&self) -> tonic::transport::ServerTlsConfig {
        // tonic builds its rustls config from the process's default provider: make
        // sure there is one, whatever features other crates turn on in rustls.
        let _ = rustls::crypto::ring::default_provider().install_default();
        tonic::transport::ServerTlsConfig::new().identity(tonic::transport::Identity::from_pem(
            &self.cert_pem,
            &self.key_pem,
        ))
    }
}

fn fingerprint(cert: &CertificateDer<'_>) -> String {
    let digest = Sha256::digest(cert.as_ref());
    let hex: Vec<String> = digest.iter().map(|b| format!("{b:02X}")).collect();
    hex.join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_start_makes_a_pair_and_later_starts_keep_it() {
        let tmp = tempfile::tempdir().unwrap();
        let first = TlsIdentity::load_or_create(tmp.path(), &["192.0.2.7".into()]).unwrap();
        assert!(first.created);
        assert_eq!(first.fingerprint().len(), 32 * 3 - 1);
        assert!(first.cert_pem().starts_with("-----BEGIN CERTIFICATE-----"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(tmp.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        let again = TlsIdentity::load_or_create(tmp.path(), &[]).unwrap();
        assert!(!again.created);
        assert_eq!(again.fingerprint(), first.fingerprint());
        assert!(!format!("{again:?}").contains("PRIVATE KEY"));
    }

    #[test]
    fn half_a_pair_or_a_damaged_file_is_named() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join(CERT_FILE), "x").unwrap();
        let err = TlsIdentity::load_or_create(tmp.path(), &[]).unwrap_err();
        assert!(err.to_string().contains(KEY_FILE), "{err}");
        std::fs::write(tmp.path().join(KEY_FILE), "x").unwrap();
        let err = TlsIdentity::load_or_create(tmp.path(), &[]).unwrap_err();
        assert!(err.to_string().contains("no certificate"), "{err}");
    }
}
