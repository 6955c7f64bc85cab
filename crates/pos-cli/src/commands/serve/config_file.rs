//! The old pos server's JSON config file, key for key, with its defaults: any key may
//! be left out, and keys this version does not know are reported and ignored (old
//! files may carry keys of the old server).

use std::collections::BTreeMap;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::Path;

use pos_grpc::{ApiConfig, RawConfig};
use serde::Deserialize;

use crate::failure::Failure;

#[derive(Debug, Deserialize)]
#[serde(default)]
pub struct ConfigFile {
    pub data_dir: String,
    pub indexes_per_cycle: u64,
    pub bits_per_index: u64,
    /// 64 hex digits.
    pub salt: String,
    pub n: u64,
    pub r: u64,
    pub p: u64,
    pub use_cpu_provider: bool,
    /// A name or an address; IPv6 addresses in brackets, as the old default "[::1]".
    pub host: String,
    pub port: u16,
    pub token: Option<String>,
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

impl Default for ConfigFile {
    fn default() -> Self {
        let api = RawConfig::default();
        Self {
            data_dir: api.data_dir,
            indexes_per_cycle: api.indexes_per_compute_cycle,
            bits_per_index: api.bits_per_index,
            salt: hex::encode(api.salt),
            n: api.n,
            r: api.r,
            p: api.p,
            use_cpu_provider: true,
            host: "[::1]".into(),
            port: pos_grpc::DEFAULT_ADDR.port(),
            token: None,
            unknown: BTreeMap::new(),
        }
    }
}

impl ConfigFile {
    pub fn read(path: &Path) -> Result<Self, Failure> {
        let text = std::fs::read(path).map_err(|e| {
            Failure::usage(format!(
                "cannot read the config file {}: {e}",
                path.display()
            ))
        })?;
        serde_json::from_slice(&text).map_err(|e| {
            Failure::usage(format!(
                "the config file {} is not valid: {e}",
                path.display()
            ))
        })
    }

    /// The API's configuration; a relative data_dir is relative to `base` (the
    /// working folder, as for the old server).
    pub fn api(&self, base: &Path) -> Result<ApiConfig, String> {
        let salt = pos_labels::parse_hex32("salt", &self.salt).map_err(|e| e.to_string())?;
        RawConfig {
            data_dir: self.data_dir.clone(),
            indexes_per_compute_cycle: self.indexes_per_cycle,
            bits_per_index: self.bits_per_index,
            salt: salt.to_vec(),
            n: self.n,
            r: self.r,
            p: self.p,
        }
        .validate(base)
        .map_err(|e| e.replace("indexes_per_compute_cycle", "indexes_per_cycle"))
    }

    /// `host:port`, resolved; the first address when a name has several.
    pub fn addr(&self) -> Result<SocketAddr, String> {
        let text = format!("{}:{}", self.host, self.port);
        let bad = |why: String| format!("host {:?} and port {}: {why}", self.host, self.port);
        text.to_socket_addrs()
            .map_err(|e| bad(e.to_string()))?
            .next()
            .ok_or_else(|| bad("the name has no address".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn left_out_keys_take_the_old_defaults() {
        let file: ConfigFile = serde_json::from_str(r#"{"port": 7000, "gpu_lib": "x"}"#).unwrap();
        assert_eq!(file.addr().unwrap(), "[::1]:7000".parse().unwrap());
        assert!(file.use_cpu_provider);
        assert_eq!(file.unknown.keys().collect::<Vec<_>>(), ["gpu_lib"]);
        let api = file.api(Path::new("/srv")).unwrap();
        assert_eq!(api, ApiConfig::defaults_in(Path::new("/srv")));
    }

    #[test]
    fn bad_values_say_which_key() {
        let cases = [
            (r#"{"salt": "12"}"#, "salt must be 64 hex digits"),
            (r#"{"r": 2}"#, "R must be 1"),
            (r#"{"n": 3}"#, "N must be a power of two"),
            (r#"{"indexes_per_cycle": 0}"#, "indexes_per_cycle must be"),
            (r#"{"bits_per_index": 0}"#, "bits_per_index"),
        ];
        for (json, says) in cases {
            let file: ConfigFile = serde_json::from_str(json).unwrap();
            let err = file.api(Path::new("/")).unwrap_err();
            assert!(err.contains(says), "{err:?} should say {says:?}");
        }
        let file: ConfigFile = serde_json::from_str(r#"{"host": "no such host."}"#).unwrap();
        assert!(file.addr().unwrap_err().contains("no such host."));
    }
}
