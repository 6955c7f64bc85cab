//! Who may call, and which jobs a call reaches.
//!
//! - With a token set (remote mode needs one), every call must carry the metadata
//!   `authorization: Bearer <token>`; a missing or wrong one gets `UNAUTHENTICATED`.
//! - A call reaches only the jobs made through the API, unless it carries the owner's
//!   token (the one in the cookie file, see [`crate::cookie`]) or the owner switched
//!   [`EveryJobSwitch`] on. So another user's program on the same computer can use the
//!   API as old clients did, but cannot see, abort or delete the window's jobs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pos_engine::JobOrigin;
use tonic::{Request, Status};

/// The metadata key old clients and gRPC tools use for credentials.
pub const AUTHORIZATION: &str = "authorization";

/// Which jobs a call may see, abort and delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Only jobs made through the API.
    ApiJobs,
    /// Every job in the queue: the window's and the `pos` command's too.
    EveryJob,
}

impl Reach {
    pub fn includes(self, origin: JobOrigin) -> bool {
        self == Self::EveryJob || origin == JobOrigin::Api
    }

    /// What [`Access::check`] decided for this call; the narrow reach if it did not run.
    pub fn of<T>(request: &Request<T>) -> Self {
        request
            .extensions()
            .get::<Reach>()
            .copied()
            .unwrap_or(Self::ApiJobs)
    }
}

/// "Let API clients reach the window's jobs": off by default. Clones share one
/// switch, so the app can flip it while the server runs; calls check it as they come.
#[derive(Debug, Clone, Default)]
pub struct EveryJobSwitch(Arc<AtomicBool>);

impl EveryJobSwitch {
    pub fn new(on: bool) -> Self {
        Self(Arc::new(AtomicBool::new(on)))
    }

    pub fn set(&self, on: bool) {
        self.0.store(on, Ordering::Relaxed);
    }

    pub fn is_on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Checks each call's token and records its [`Reach`] in the request's extensions.
#[derive(Clone)]
pub(crate) struct Access {
    /// Every call must carry this one (or the owner's); `None` lets calls without a
    /// token through (loopback only; see `ServeConfig`).
    required: Option<String>,
    /// The owner's token: it reaches every job.
    owner: Option<String>,
    every_job: EveryJobSwitch,
}

impl Access {
    pub fn new(required: Option<String>, owner: Option<String>, every_job: EveryJobSwitch) -> Self {
        Self {
            required,
            owner,
            every_job,
        }
    }

    pub fn check(&self, mut request: Request<()>) -> Result<Request<()>, Status> {
        let given = match request.metadata().get(AUTHORIZATION) {
            None => None,
            Some(value) => Some(
                value
                    .to_str()
                    .ok()
                    .and_then(bearer_token)
                    .ok_or_else(wrong_token)?
                    .to_owned(),
            ),
        };
        let matches = |token: &Option<String>, given: &str| {
            token
                .as_deref()
                .is_some_and(|t| same(t.as_bytes(), given.as_bytes()))
        };
        let granted = if self.every_job.is_on() {
            Reach::EveryJob
        } else {
            Reach::ApiJobs
        };
        let reach = match given.as_deref() {
            Some(given) if matches(&self.owner, given) => Reach::EveryJob,
            Some(given) if matches(&self.required, given) => granted,
            None if self.required.is_none() => granted,
            None => {
                return Err(Status::unauthenticated(
                    "this server needs a token: send the metadata `authorization: Bearer <token>`",
                ));
            }
            Some(_) => return Err(wrong_token()),
        };
        request.extensions_mut().insert(reach);
        Ok(request)
    }
}

fn wrong_token() -> Status {
    Status::unauthenticated(
        "the token is wrong; send the metadata `authorization: Bearer <token>` with the \
         server's token, or the one in its cookie file",
    )
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

    fn reach(access: &Access, value: Option<&str>) -> Result<Reach, tonic::Code> {
        access
            .check(call(value))
            .map(|r| Reach::of(&r))
            .map_err(|s| s.code())
    }

    #[test]
    fn only_the_right_bearer_token_passes() {
        let access = Access::new(Some("s3cret-token".into()), None, EveryJobSwitch::default());
        assert!(access.check(call(Some("Bearer s3cret-token"))).is_ok());
        assert!(access.check(call(Some("bearer  s3cret-token "))).is_ok());
        for wrong in [
            None,
            Some("Bearer s3cret-tokeN"),
            Some("Bearer s3cret"),
            Some("Basic s3cret-token"),
            Some("s3cret-token"),
            Some("Bearer "),
        ] {
            let status = access.check(call(wrong)).unwrap_err();
            assert_eq!(status.code(), tonic::Code::Unauthenticated, "{wrong:?}");
        }
    }

    #[test]
    fn without_a_token_calls_reach_the_api_jobs_and_the_owner_every_job() {
        let switch = EveryJobSwitch::default();
        let access = Access::new(None, Some("owner".into()), switch.clone());
        assert_eq!(reach(&access, None), Ok(Reach::ApiJobs));
        assert_eq!(reach(&access, Some("Bearer owner")), Ok(Reach::EveryJob));
        // A client that thinks it holds the owner's token learns that it does not.
        assert_eq!(
            reach(&access, Some("Bearer 0wner")),
            Err(tonic::Code::Unauthenticated)
        );
        switch.set(true);
        assert_eq!(reach(&access, None), Ok(Reach::EveryJob));
    }

    #[test]
    fn with_a_required_token_the_owners_also_passes() {
        let access = Access::new(
            Some("remote".into()),
            Some("owner".into()),
            EveryJobSwitch::default(),
        );
        assert_eq!(reach(&access, Some("Bearer remote")), Ok(Reach::ApiJobs));
        assert_eq!(reach(&access, Some("Bearer owner")), Ok(Reach::EveryJob));
        assert_eq!(reach(&access, None), Err(tonic::Code::Unauthenticated));
    }

    #[test]
    fn only_api_jobs_are_in_the_narrow_reach() {
        assert!(Reach::ApiJobs.includes(JobOrigin::Api));
        assert!(!Reach::ApiJobs.includes(JobOrigin::Window));
        assert!(!Reach::ApiJobs.includes(JobOrigin::Cli));
        assert!(Reach::EveryJob.includes(JobOrigin::Window));
        assert_eq!(Reach::of(&Request::new(())), Reach::ApiJobs);
    }
}
