//! The owner's token, kept in a file only the user can read, as Bitcoin Core keeps
//! its `.cookie`: a new random token on every start, removed again when the server
//! stops. A client that can read the file (the user's own programs) sends its content
//! as `authorization: Bearer <token>` and reaches every job; other users cannot read
//! it (mode 0600 on Unix; on Windows the file inherits the folder's access list, and
//! the app data folder is the user's own).

use std::io::Write;
use std::path::{Path, PathBuf};

/// The cookie's name in the app data folder (the app) or beside the job list
/// (`pos serve`).
pub const COOKIE_FILE: &str = "pos-api.cookie";

/// Random bytes in a token this crate makes (the owner's).
pub const TOKEN_BYTES: usize = 32;

/// A new token: [`TOKEN_BYTES`] bytes from the operating system's random source, as
/// 64 hex digits.
pub fn new_token() -> std::io::Result<String> {
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(|e| {
        std::io::Error::other(format!(
            "the operating system gave no random bytes for a token: {e}"
        ))
    })?;
    Ok(hex::encode(bytes))
}

/// Reads the token from a cookie file (what a client of the user's does).
pub fn read_cookie(path: &Path) -> std::io::Result<String> {
    Ok(std::fs::read_to_string(path)?.trim().to_owned())
}

/// Writes `contents` to `path` whole, readable and writable by the user only: into a
/// new file of that mode beside it, then renamed over `path`, so the content is never
/// readable by others, not even for a moment, whatever mode an old `path` had.
pub(crate) fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    // tempfile creates its files with mode 0600 on Unix.
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// A cookie file that this server wrote; dropping it removes the file, unless another
/// server has written its own there since.
#[derive(Debug)]
pub(crate) struct Cookie {
    path: PathBuf,
    token: String,
}

impl Cookie {
    pub fn create(path: &Path) -> std::io::Result<Self> {
        let token = new_token()?;
        write_private(path, token.as_bytes())?;
        Ok(Self {
            path: path.to_owned(),
            token,
        })
    }

    pub fn token(&self) -> &str {
        &self.token
    }
}

impl Drop for Cookie {
    fn drop(&mut self) {
        if read_cookie(&self.path).is_ok_and(|t| t == self.token)
            && let Err(e) = std::fs::remove_file(&self.path)
        {
            tracing::warn!(path = %self.path.display(), "cannot remove the API cookie: {e}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_holds_a_new_token_readable_by_the_user_only_until_dropped() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("folder").join(COOKIE_FILE);
        let first = Cookie::create(&path).unwrap();
        assert_eq!(first.token().len(), 2 * TOKEN_BYTES);
        assert!(first.token().bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(read_cookie(&path).unwrap(), first.token());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        let second = Cookie::create(&path).unwrap();
        assert_ne!(first.token(), second.token());
        // The older server's cookie is gone already: dropping it leaves the new one.
        drop(first);
        assert_eq!(read_cookie(&path).unwrap(), second.token());
        drop(second);
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn an_old_file_readable_by_others_is_replaced_by_a_private_one() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(COOKIE_FILE);
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let cookie = Cookie::create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        assert_eq!(read_cookie(&path).unwrap(), cookie.token());
    }
}
