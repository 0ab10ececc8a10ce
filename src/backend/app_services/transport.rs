//! HTTP to one App Services app: the location lookup and host rewrite of spec §1, the exact
//! headers of §2, a size limit on every answer, and the error mapping of §7.2, with every error
//! classified ([`super::wire::error_kind`]) before it leaves.
//!
//! Never logs request or response bodies: they carry tokens and passwords.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde_json::Value;
use tokio::sync::Mutex;

use super::wire;
use crate::backend::BackendError;
use crate::secret::Secret;

/// Largest response body read from the backend; larger ones are refused as malformed.
const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// Where a request goes: under the app's route or directly under the client API.
pub(super) enum Route<'a> {
    /// `/api/client/v2.0/app/{app_id}{suffix}`: location, login, email/password, functions.
    App(&'a str),
    /// `/api/client/v2.0{suffix}`: profile, session, delete, API keys (app known from the token).
    Client(&'a str),
}

/// The token a request carries, which decides what a 401 means.
#[derive(Clone, Copy)]
pub(super) enum Bearer<'a> {
    None,
    Access(&'a Secret),
    Refresh(&'a Secret),
}

/// The HTTP side of an App Services client.
pub(super) struct Transport {
    /// Shared connection pool; carries the request timeout.
    http: reqwest::Client,
    /// Configured base URL, trailing slashes stripped.
    base_url: String,
    app_id: String,
    /// The `hostname` of the location answer, fetched lazily before the first request and kept
    /// for the client's lifetime (spec §1.3). The lock makes concurrent first requests share one
    /// lookup.
    hostname: Mutex<Option<String>>,
    /// 0 = not contacted yet, 1 = last request answered, 2 = last request unanswered.
    reachable: AtomicU8,
}

impl Transport {
    pub(super) fn new(
        base_url: &str,
        app_id: &str,
        timeout: Duration,
    ) -> Result<Self, BackendError> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .redirect(reqwest::redirect::Policy::limited(20))
            .user_agent(concat!("latchkey/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| BackendError::Unreachable(format!("HTTP client: {err}")))?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            app_id: app_id.to_owned(),
            hostname: Mutex::new(None),
            reachable: AtomicU8::new(0),
        })
    }

    pub(super) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(super) fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Whether the last request got an HTTP answer.
    pub(super) fn reachable(&self) -> Option<bool> {
        match self.reachable.load(Ordering::Relaxed) {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        }
    }

    /// The host requests go to: the location's `hostname`, fetched on first use.
    async fn host(&self) -> Result<String, BackendError> {
        let mut cached = self.hostname.lock().await;
        if let Some(host) = cached.as_ref() {
            return Ok(host.clone());
        }
        let url = format!(
            "{}/api/client/v2.0/app/{}/location",
            self.base_url, self.app_id
        );
        // The location request carries no headers at all (spec §1.2).
        let response = self.http.get(url).send().await;
        let body = self.read(response, Bearer::None).await?;
        let host = wire::location_host(&body, &self.base_url)?;
        *cached = Some(host.clone());
        Ok(host)
    }

    /// One request of the client API; the answer's JSON (`Null` for an empty body).
    pub(super) async fn call(
        &self,
        method: Method,
        route: Route<'_>,
        bearer: Bearer<'_>,
        body: Option<&Value>,
    ) -> Result<Value, BackendError> {
        let host = self.host().await?;
        let url = match route {
            Route::App(suffix) => format!("{host}/api/client/v2.0/app/{}{suffix}", self.app_id),
            Route::Client(suffix) => format!("{host}/api/client/v2.0{suffix}"),
        };
        let mut request = self
            .http
            .request(method, url)
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json;charset=utf-8"),
            )
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if let Bearer::Access(token) | Bearer::Refresh(token) = bearer {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| BackendError::Malformed("a token is not a header value".to_owned()))?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        self.read(request.send().await, bearer).await
    }

    /// Reads a response with a size limit and applies spec §7.2: a JSON body with `error_code`
    /// or `error` is an error whatever the status; otherwise a non-2xx status is one.
    async fn read(
        &self,
        response: Result<reqwest::Response, reqwest::Error>,
        bearer: Bearer<'_>,
    ) -> Result<Value, BackendError> {
        let mut response = match response {
            Ok(response) => response,
            Err(err) => {
                self.reachable.store(2, Ordering::Relaxed);
                return Err(BackendError::Unreachable(describe(&err)));
            }
        };
        self.reachable.store(1, Ordering::Relaxed);
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
            .is_some_and(|value| value.trim_start().starts_with("application/json"));
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
        let json = if is_json && !bytes.is_empty() {
            serde_json::from_slice::<Value>(&bytes).ok()
        } else {
            None
        };
        if let Some(Value::Object(map)) = &json {
            let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
            let code = text("error_code").filter(|code| !code.is_empty());
            if code.is_some() || map.contains_key("error") {
                let code = code.unwrap_or_default();
                return Err(BackendError::Service {
                    kind: wire::error_kind(status, &code, bearer),
                    status,
                    code,
                    message: text("error").unwrap_or_else(|| "no error message".to_owned()),
                    link: text("link"),
                    retry_after,
                });
            }
        }
        if !(200..300).contains(&status) {
            return Err(BackendError::Http {
                kind: wire::error_kind(status, "", bearer),
                status,
                retry_after,
            });
        }
        match json {
            Some(value) => Ok(value),
            None if bytes.is_empty() || bytes.iter().all(u8::is_ascii_whitespace) => {
                Ok(Value::Null)
            }
            None => Err(BackendError::Malformed("body is not JSON".to_owned())),
        }
    }
}

/// What went wrong with a request, without its URL's path or query or any header.
fn describe(err: &reqwest::Error) -> String {
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
