//! What every backend's HTTP has in common: a client with timeouts, a size limit on every
//! answer, `Retry-After`, whether the server answered at all, and an error text that names the
//! host but never a path, query or header (they can carry tokens).

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, RETRY_AFTER};

use super::BackendError;

/// Largest response body read from a backend; larger ones are refused as malformed.
pub(crate) const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// An HTTP client for one backend, built on first use: `timeout` bounds every request,
/// redirects as `redirects` says. Building one loads the TLS roots and the TLS stack, which an
/// idle daemon (or an app nobody uses) never needs.
pub(crate) struct LazyClient {
    timeout: Duration,
    redirects: fn() -> reqwest::redirect::Policy,
    built: std::sync::OnceLock<reqwest::Client>,
}

impl LazyClient {
    pub(crate) fn new(timeout: Duration, redirects: fn() -> reqwest::redirect::Policy) -> Self {
        Self {
            timeout,
            redirects,
            built: std::sync::OnceLock::new(),
        }
    }

    /// The client, built now if this is its first use.
    ///
    /// # Errors
    /// The TLS roots cannot be loaded.
    pub(crate) fn get(&self) -> Result<&reqwest::Client, BackendError> {
        if let Some(client) = self.built.get() {
            return Ok(client);
        }
        let client = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.timeout.min(Duration::from_secs(10)))
            .redirect((self.redirects)())
            .pool_max_idle_per_host(IDLE_CONNECTIONS)
            .pool_idle_timeout(IDLE_CONNECTION_TIMEOUT)
            .user_agent(concat!("latchkey/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| {
                BackendError::Unreachable(format!(
                    "cannot make an HTTP client: {}; are the system's TLS roots installed (Debian: ca-certificates)?",
                    latchkey_client::socket::innermost(&err)
                ))
            })?;
        Ok(self.built.get_or_init(|| client))
    }
}

/// Idle connections kept open to one backend host. A burst of logins opens as many as it has
/// requests in flight (hundreds in the benchmark, each with its buffers: about 18 KB); kept idle
/// they would hold megabytes for nothing. The scheduler's refreshes (32 at once at most) reuse
/// these; the rest are closed when their request is done.
const IDLE_CONNECTIONS: usize = 8;

/// How long an idle connection to a backend is kept for the next request.
const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(30);

/// No redirect followed (OpenID Connect requests).
pub(crate) fn no_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::none()
}

/// The redirects a backend request follows: at most five, never from https to http, and
/// never to another host (a login body carries a password, a request a bearer token).
pub(crate) fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let origin = attempt.previous().first().cloned();
        let next = attempt.url();
        let allowed = origin.is_some_and(|origin| {
            origin.host_str() == next.host_str()
                && origin.port_or_known_default() == next.port_or_known_default()
                && !(origin.scheme() == "https" && next.scheme() != "https")
        });
        if attempt.previous().len() > 5 {
            attempt.error("more than 5 redirects")
        } else if allowed {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Whether a backend's last request got an HTTP answer.
#[derive(Debug, Default)]
pub(crate) struct Reachability(AtomicU8);

impl Reachability {
    /// `None` before the first request.
    pub(crate) fn get(&self) -> Option<bool> {
        match self.0.load(Ordering::Relaxed) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        }
    }

    fn set(&self, answered: bool) {
        self.0
            .store(if answered { 1 } else { 2 }, Ordering::Relaxed);
    }
}

/// An HTTP answer, read whole (within [`MAX_RESPONSE_BYTES`]).
pub(crate) struct Answer {
    pub status: u16,
    /// `Retry-After` in seconds, when sent.
    pub retry_after: Option<Duration>,
    /// Whether the body says it is JSON.
    pub is_json: bool,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body as JSON, when it is JSON.
    pub(crate) fn json(&self) -> Option<serde_json::Value> {
        if self.bytes.is_empty() {
            return None;
        }
        serde_json::from_slice(&self.bytes).ok()
    }

    /// Whether the body is empty or only whitespace.
    pub(crate) fn is_blank(&self) -> bool {
        self.bytes.iter().all(u8::is_ascii_whitespace)
    }
}

/// Reads a response with the size limit; records whether the server answered.
///
/// # Errors
/// No answer ([`BackendError::Unreachable`]), or a body over the limit.
pub(crate) async fn receive(
    response: Result<reqwest::Response, reqwest::Error>,
    reach: &Reachability,
) -> Result<Answer, BackendError> {
    let mut response = match response {
        Ok(response) => response,
        Err(err) => {
            reach.set(false);
            return Err(BackendError::Unreachable(describe(&err)));
        }
    };
    reach.set(true);
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            let value = value.trim_start();
            value.starts_with("application/json") || value.starts_with("application/jwk-set+json")
        });
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
                    return Err(BackendError::Malformed(format!(
                        "response larger than {MAX_RESPONSE_BYTES} bytes"
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(err) => return Err(BackendError::Unreachable(describe(&err))),
        }
    }
    Ok(Answer {
        status,
        retry_after,
        is_json,
        bytes,
    })
}

/// What went wrong with a request, without its URL's path or query or any header.
pub(crate) fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    match err.url() {
        Some(url) => format!(
            "{kind}: {}://{}{}",
            url.scheme(),
            url.host_str().unwrap_or(""),
            url.port()
                .map(|port| format!(":{port}"))
                .unwrap_or_default()
        ),
        None => kind.to_owned(),
    }
}
