//! `latchkey-emulator`: the Atlas App Services client auth API on loopback, for offline
//! development (`latchkeyd --dev`) and for the tests.
//!
//! Serves the routes of spec §2.1 that the daemon uses (location, login for every provider,
//! link, profile, refresh, logout, delete, email/password registration) with real HS256-signed
//! JWTs whose lifetimes are configurable to the second, and an admin API under `/emulator/v1/`
//! to inspect and manipulate users. Social providers cannot be verified offline, so they accept
//! tokens the emulator itself issues (`POST /emulator/v1/social-tokens`); custom JWTs are verified
//! against the configured key.
//!
//! Choices where the spec leaves the real server's behaviour open (spec §12): login failures are
//! 401 `InvalidPassword`; a disabled user's login is 401 `UserDisabled`; refresh answers 201,
//! logout and delete 204, register 201 with an empty body.
//!
//! Module map: [`router`] (routes, request counting and injected faults), [`client_api`] (the
//! client API: location, login and link, profile, session, delete), [`accounts`]
//! (email/password), [`api_keys`] (user API keys), [`admin`] (the `/emulator/v1/` admin API),
//! [`faults`] (injected failures, latency and outages), [`state`] (users, sessions and the token
//! rules), [`jwt`] (JSON Web Token reading and HS256, shared with the daemon's App Services
//! client).

mod accounts;
mod admin;
mod api_keys;
mod client_api;
mod faults;
pub mod jwt;
mod router;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde_json::{Map, Value, json};
use tokio::net::TcpListener;
use tokio::sync::Mutex;

use state::EmuState;

/// The App Services app id the emulator serves by default (and `latchkeyd --dev` asks for).
pub const DEV_APP_ID: &str = "latchkey-dev";

/// Exit status for a bad command line (`EX_USAGE` of sysexits.h).
pub const EX_USAGE: u8 = 64;

/// Default key custom JWTs must be signed with (HS256), unless `--jwt-secret` says otherwise.
pub const DEFAULT_CUSTOM_JWT_SECRET: &str = "latchkey-emulator-custom-jwt-secret";

/// A local Atlas App Services auth emulator for offline development and tests.
#[derive(clap::Parser)]
#[command(name = "latchkey-emulator", version)]
pub struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:9090")]
    pub listen: std::net::SocketAddr,
    /// The App Services app id to serve.
    #[arg(long, default_value = DEV_APP_ID)]
    pub app_id: String,
    /// Access token lifetime (e.g. 30m, 4s).
    #[arg(long, default_value = "30m", value_parser = latchkey_client::layout::parse_duration)]
    pub access_ttl: std::time::Duration,
    /// Refresh token lifetime (e.g. 60d, 20s).
    #[arg(long, default_value = "60d", value_parser = latchkey_client::layout::parse_duration)]
    pub refresh_ttl: std::time::Duration,
    /// HS256 key custom JWTs must be signed with.
    #[arg(long, env = "LATCHKEY_EMULATOR_JWT_SECRET", hide_env_values = true,
          default_value = DEFAULT_CUSTOM_JWT_SECRET)]
    pub jwt_secret: String,
}

/// How the emulator is set up.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// The one app id it serves.
    pub app_id: String,
    /// Access token lifetime.
    pub access_ttl: Duration,
    /// Refresh token lifetime.
    pub refresh_ttl: Duration,
    /// HS256 key that custom JWTs (`custom-token` provider) must be signed with.
    pub custom_jwt_secret: String,
}

impl EmulatorConfig {
    /// Real-server defaults (spec §9): 30-minute access tokens, 60-day refresh tokens.
    pub fn new(app_id: &str) -> Self {
        Self {
            app_id: app_id.to_owned(),
            access_ttl: Duration::from_secs(1800),
            refresh_ttl: Duration::from_secs(5_184_000),
            custom_jwt_secret: DEFAULT_CUSTOM_JWT_SECRET.to_owned(),
        }
    }
}

/// An error answer in the server's shape: `{"error", "error_code"}` with `Content-Type:
/// application/json` exactly (spec §7.1, §13.8).
#[derive(Debug)]
pub(crate) struct EmuError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl EmuError {
    fn new(status: u16, code: &'static str, message: &str) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message: message.to_owned(),
        }
    }

    fn invalid_session(message: &str) -> Self {
        Self::new(401, "InvalidSession", message)
    }

    fn bad_request(message: &str) -> Self {
        Self::new(400, "InvalidParameter", message)
    }
}

impl IntoResponse for EmuError {
    fn into_response(self) -> Response {
        let body = json!({ "error": self.message, "error_code": self.code }).to_string();
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    }
}

type Reply = Result<Response, EmuError>;

fn json_reply(status: StatusCode, value: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// The running emulator's shared state.
pub(crate) struct Emulator {
    app_id: String,
    base_url: String,
    /// Signs every token the emulator issues (and the social-provider tokens it accepts).
    signing_key: [u8; 32],
    custom_jwt_secret: Vec<u8>,
    state: Mutex<EmuState>,
    /// Asks the accept loop for an outage of the given length.
    outages: tokio::sync::mpsc::UnboundedSender<Duration>,
}

type Shared = Arc<Emulator>;

impl Emulator {
    fn new(
        config: EmulatorConfig,
        base_url: String,
        signing_key: [u8; 32],
        outages: tokio::sync::mpsc::UnboundedSender<Duration>,
    ) -> Shared {
        Arc::new(Self {
            app_id: config.app_id,
            base_url,
            signing_key,
            custom_jwt_secret: config.custom_jwt_secret.into_bytes(),
            state: Mutex::new(EmuState::new(config.access_ttl, config.refresh_ttl)),
            outages,
        })
    }
}

/// Serves the emulator on `listener` until `shutdown` completes.
///
/// Connections are accepted here rather than by `axum::serve` so that an injected outage can
/// close the listener and every open connection, and bind the same address again afterwards.
///
/// # Errors
/// The listener fails, or the address cannot be bound again after an outage.
pub async fn serve(
    listener: TcpListener,
    config: EmulatorConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    let mut signing_key = [0u8; 32];
    rand::rng().fill_bytes(&mut signing_key);
    let (outage_sender, mut outages) = tokio::sync::mpsc::unbounded_channel();
    let emulator = Emulator::new(config, format!("http://{addr}"), signing_key, outage_sender);
    let router = router::router(emulator);
    tokio::pin!(shutdown);
    let mut listener = Some(listener);
    loop {
        let current = match listener.take() {
            Some(listener) => listener,
            None => rebind(addr).await?,
        };
        let mut connections = tokio::task::JoinSet::new();
        let outage = loop {
            tokio::select! {
                () = &mut shutdown => {
                    connections.abort_all();
                    return Ok(());
                }
                Some(outage) = outages.recv() => break outage,
                accepted = current.accept() => {
                    let (stream, _) = accepted?;
                    let service = hyper_util::service::TowerToHyperService::new(router.clone());
                    connections.spawn(async move {
                        let builder = hyper_util::server::conn::auto::Builder::new(
                            hyper_util::rt::TokioExecutor::new(),
                        );
                        let _ = builder
                            .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                            .await;
                    });
                }
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        };
        // Let the admin answer that asked for the outage go out first.
        tokio::time::sleep(Duration::from_millis(100)).await;
        drop(current);
        connections.abort_all();
        tokio::select! {
            () = &mut shutdown => return Ok(()),
            () = tokio::time::sleep(outage) => {}
        }
    }
}

/// Binds the address again after an outage (the old socket may linger for a moment).
async fn rebind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let mut attempt = 0;
    loop {
        match TcpListener::bind(addr).await {
            Ok(listener) => return Ok(listener),
            Err(err) if attempt < 50 => {
                attempt += 1;
                tracing::debug!(error = %err, "rebinding after an outage");
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(err) => return Err(err),
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

fn parse_object(body: &[u8]) -> Result<Map<String, Value>, EmuError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(EmuError::bad_request("request body must be a JSON object")),
    }
}

/// An admin request's JSON object, every key of it among `known`: a misspelled key must not be
/// ignored (and the request do something else than asked).
fn admin_object(body: &[u8], known: &[&str]) -> Result<Map<String, Value>, EmuError> {
    let map = parse_object(body)?;
    if let Some(unknown) = map.keys().find(|key| !known.contains(&key.as_str())) {
        return Err(EmuError::bad_request(&format!(
            "unknown key {unknown:?}; this endpoint takes {}",
            known.join(", ")
        )));
    }
    Ok(map)
}

fn field<'a>(body: &'a Map<String, Value>, key: &str) -> Result<&'a str, EmuError> {
    body.get(key)
        .and_then(Value::as_str)
        .filter(|value| !value.is_empty())
        .ok_or_else(|| {
            EmuError::new(
                400,
                "MissingParameter",
                &format!("expected parameter '{key}'"),
            )
        })
}

fn check_app(emulator: &Emulator, app_id: &str) -> Result<(), EmuError> {
    if app_id == emulator.app_id {
        Ok(())
    } else {
        Err(EmuError::new(
            404,
            "AppNotFound",
            &format!("cannot find app using Client App ID '{app_id}'"),
        ))
    }
}

fn user_not_found() -> EmuError {
    EmuError::new(404, "UserNotFound", "user not found")
}

/// Fuzz entry (the daemon crate's `fuzzing`): the first byte picks an endpoint (the admin API's and the
/// client API's that read a body), the rest is the request body, answered by a fresh emulator's
/// routes without a socket. A body the emulator does not understand is a 4xx answer; a 5xx (or
/// a panic) is a bug.
#[doc(hidden)]
pub fn fuzz(data: &[u8]) {
    use tower::ServiceExt as _;
    const PATHS: [(&str, &str); 12] = [
        ("POST", "/emulator/v1/faults"),
        ("POST", "/emulator/v1/clock"),
        ("POST", "/emulator/v1/social-tokens"),
        ("POST", "/emulator/v1/custom-jwts"),
        ("POST", "/emulator/v1/server-api-keys"),
        ("PUT", "/emulator/v1/config"),
        ("PUT", "/emulator/v1/users/u/custom-data"),
        (
            "POST",
            "/api/client/v2.0/app/fuzz/auth/providers/anon-user/login",
        ),
        (
            "POST",
            "/api/client/v2.0/app/fuzz/auth/providers/local-userpass/login",
        ),
        (
            "POST",
            "/api/client/v2.0/app/fuzz/auth/providers/custom-token/login",
        ),
        (
            "POST",
            "/api/client/v2.0/app/fuzz/auth/providers/local-userpass/register",
        ),
        (
            "POST",
            "/api/client/v2.0/app/fuzz/auth/providers/local-userpass/reset",
        ),
    ];
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let (method, path) = PATHS[usize::from(pick) % PATHS.len()];
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    let (outages, _) = tokio::sync::mpsc::unbounded_channel();
    let emulator = Emulator::new(
        EmulatorConfig::new("fuzz"),
        "http://127.0.0.1:9".to_owned(),
        [3; 32],
        outages,
    );
    let Ok(request) = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(body.to_vec()))
    else {
        return;
    };
    let Ok(answer) = runtime.block_on(router::router(emulator).oneshot(request));
    assert!(
        !answer.status().is_server_error(),
        "{method} {path} answered {}",
        answer.status()
    );
}
