//! Bearer tokens: with a token set, every call must carry the metadata
//! `authorization: Bearer <token>`; a missing or wrong one gets `UNAUTHENTICATED`.

use tonic::{Request, Status};

/// The metadata key old clients and gRPC tools use for credentials.
pub const AUTHORIZATION: &str = "authorization";

/// Checks calls against one token.
#[derive(Clone)]
pub(crate) struct TokenCheck {
    token: Option<String>,
}

impl TokenCheck {
    /// `None` lets every call through (loopback only; see `ServeConfig`).
    pub fn new(token: Option<String>) -> Self {
        Self { token }
    }

    pub fn check(&self, request: Request<()>) -> Result<Request<()>, Status> {
        let Some(expected) = &self.token else {
            return Ok(request);
        };
        let given = request
            .metadata()
            .get(AUTHORIZATION)
            .ok_or_else(|| {
                Status::unauthenticated(
                    "this server needs a token: send the metadata `authorization: Bearer <token>`",
                )
            })?
            .to_str()
            .ok()
            .and_then(bearer_token);
        match given {
            Some(given) if same(given.as_bytes(), expected.as_bytes()) => Ok(request),
            _ => Err(Status::unauthenticated(
                "the token is wrong; send the metadata `authorization: Bearer <token>` with the \
                 server's token",
            )),
        }
    }
}

/// The token of `Bearer <token>` (the scheme in any case, as RFC 9110 allows).
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Compares in time that depends only on the lengths, so that the time an answer
/// takes does not tell how much of a guessed token was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(value: Option<&str>) -> Request<()> {
        let mut request = Request::new(());
        if let Some(v) = value {
            request
                .metadata_mut()
                .insert(AUTHORIZATION, v.parse().unwrap());
        }
        request
    }

    #[test]
    fn only_the_right_bearer_token_passes() {
        let check = TokenCheck::new(Some("s3cret-token".into()));
        assert!(check.check(call(Some("Bearer s3cret-token"))).is_ok());
        assert!(check.check(call(Some("bearer  s3cret-token "))).is_ok());
        for wrong in [
            None,
            Some("Bearer s3cret-tokeN"),
            Some("Bearer s3cret"),
            Some("Basic s3cret-token"),
            Some("s3cret-token"),
            Some("Bearer "),
        ] {
            let status = check.check(call(wrong)).unwrap_err();
            assert_eq!(status.code(), tonic::Code::Unauthenticated, "{wrong:?}");
        }
    }

    #[test]
    fn without_a_token_every_call_passes() {
        assert!(TokenCheck::new(None).check(call(None)).is_ok());
    }
}
