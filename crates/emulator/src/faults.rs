//! Injected faults: the next requests of an endpoint answered with a chosen status and body,
//! added latency, and outages (`POST faults`, `DELETE faults`).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::{EmuError, Reply, Shared, admin_object};

/// One injected failure: the next `remaining` requests of `endpoint` get this answer.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    endpoint: Option<String>,
    /// HTTP status.
    pub(crate) status: u16,
    /// JSON body.
    pub(crate) body: String,
    /// `Retry-After` seconds, if any.
    pub(crate) retry_after: Option<u64>,
    remaining: u64,
}

/// Injected failures and latencies, per endpoint (`None` = every endpoint).
#[derive(Debug, Default)]
pub(crate) struct Faults {
    failures: Vec<Failure>,
    latencies: Vec<(Option<String>, Duration)>,
}

impl Faults {
    /// Fails the next `count` requests of `endpoint` with `status` and `body`.
    pub(crate) fn fail(
        &mut self,
        endpoint: Option<String>,
        status: u16,
        body: String,
        retry_after: Option<u64>,
        count: u64,
    ) {
        self.failures.push(Failure {
            endpoint,
            status,
            body,
            retry_after,
            remaining: count,
        });
    }

    /// Delays every request of `endpoint`.
    pub(crate) fn delay(&mut self, endpoint: Option<String>, latency: Duration) {
        self.latencies.push((endpoint, latency));
    }

    /// The latency and the failure (consumed) that apply to one request of `endpoint`.
    pub(crate) fn take(&mut self, endpoint: &str) -> (Option<Duration>, Option<Failure>) {
        let matches =
            |target: &Option<String>| target.as_deref().is_none_or(|target| target == endpoint);
        let latency = self
            .latencies
            .iter()
            .filter(|(target, _)| matches(target))
            .map(|(_, latency)| *latency)
            .max();
        let failure = self
            .failures
            .iter_mut()
            .find(|failure| matches(&failure.endpoint) && failure.remaining > 0)
            .map(|failure| {
                failure.remaining -= 1;
                failure.clone()
            });
        self.failures.retain(|failure| failure.remaining > 0);
        (latency, failure)
    }
}

/// `POST faults`: `{"endpoint"?, "status"?, "body"?, "count"?, "retry_after_secs"?,
/// "latency_ms"?, "unreachable_ms"?}`.
pub(super) async fn admin_add_fault(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = admin_object(
        &body,
        &[
            "endpoint",
            "status",
            "body",
            "count",
            "retry_after_secs",
            "latency_ms",
            "unreachable_ms",
        ],
    )?;
    let endpoint = match body.get("endpoint") {
        None => None,
        Some(Value::String(endpoint)) => Some(endpoint.clone()),
        Some(_) => return Err(EmuError::bad_request("endpoint must be a string")),
    };
    if !["status", "latency_ms", "unreachable_ms"]
        .iter()
        .any(|key| body.contains_key(*key))
    {
        return Err(EmuError::bad_request(
            "a fault needs status, latency_ms or unreachable_ms",
        ));
    }
    for key in ["body", "count", "retry_after_secs"] {
        if body.contains_key(key) && !body.contains_key("status") {
            return Err(EmuError::bad_request(&format!("{key} goes with status")));
        }
    }
    let number = |key: &str| -> Result<Option<u64>, EmuError> {
        match body.get(key) {
            None => Ok(None),
            Some(value) => value.as_u64().map(Some).ok_or_else(|| {
                EmuError::bad_request(&format!("{key} must be a non-negative integer"))
            }),
        }
    };
    let count = number("count")?.unwrap_or(1);
    if let Some(status) = number("status")? {
        let status = u16::try_from(status)
            .ok()
            .filter(|status| (100..600).contains(status))
            .ok_or_else(|| EmuError::bad_request("status must be an HTTP status"))?;
        let failure_body = match body.get("body") {
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
            None => {
                json!({"error": "injected fault", "error_code": "InternalServerError"}).to_string()
            }
        };
        let retry_after = number("retry_after_secs")?;
        emu.state.lock().await.faults.fail(
            endpoint.clone(),
            status,
            failure_body,
            retry_after,
            count,
        );
    }
    if let Some(latency) = number("latency_ms")? {
        emu.state
            .lock()
            .await
            .faults
            .delay(endpoint.clone(), Duration::from_millis(latency));
    }
    if let Some(outage) = number("unreachable_ms")? {
        let _ = emu.outages.send(Duration::from_millis(outage));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE faults`: removes every injected failure and latency.
pub(super) async fn admin_clear_faults(State(emu): State<Shared>) -> Reply {
    emu.state.lock().await.faults = Faults::default();
    Ok(StatusCode::NO_CONTENT.into_response())
}
