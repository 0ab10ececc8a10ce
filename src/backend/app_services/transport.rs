//! HTTP to one App Services app: the location lookup and host rewrite of spec §1, the exact
//! headers of §2, a size limit on every answer, and the error mapping of §7.2, with every error
//! classified ([`super::wire::error_kind`]) before it leaves.
//!
//! Never logs request or response bodies: they carry tokens and passwords.

use std::time::Duration;

use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde_json::Value;
use tokio::sync::Mutex;

use super::wire;
use crate::backend::{BackendError, http};
use crate::secret::Secret;

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
    /// Shared connection pool, built on first use; carries the request timeout.
    http: http::LazyClient,
    /// Configured base URL, trailing slashes stripped.
    base_url: String,
    app_id: String,
    /// The `hostname` of the location answer, fetched lazily before the first request and kept
    /// for the client's lifetime (spec §1.3). The lock makes concurrent first requests share one
    /// lookup.
    hostname: Mutex<Option<String>>,
    reachable: http::Reachability,
}

impl Transport {
    pub(super) fn new(
        base_url: &str,
        app_id: &str,
        timeout: Duration,
    ) -> Result<Self, BackendError> {
        let http = http::LazyClient::new(timeout, http::same_origin_redirects);
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            app_id: app_id.to_owned(),
            hostname: Mutex::new(None),
            reachable: http::Reachability::default(),
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
        self.reachable.get()
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
        let response = self.http.get()?.get(url).send().await;
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
            .get()?
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
        let answer = http::receive(response, &self.reachable).await?;
        let (status, retry_after) = (answer.status, answer.retry_after);
        let json = if answer.is_json { answer.json() } else { None };
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
        if !answer.is_success() {
            return Err(BackendError::Http {
                kind: wire::error_kind(status, "", bearer),
                status,
                retry_after,
            });
        }
        match json {
            Some(value) => Ok(value),
            None if answer.is_blank() => Ok(Value::Null),
            None => Err(BackendError::Malformed("body is not JSON".to_owned())),
        }
    }
}
