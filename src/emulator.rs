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

mod accounts;
mod state;

use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use rand::RngCore;
use serde_json::{Map, Value, json};
use sha2::Digest;
use tokio::net::TcpListener;
use tokio::sync::Mutex;

use crate::jwt;
use state::{EmuApiKey, EmuState, hex, object_id};

/// Default key custom JWTs must be signed with (HS256), unless `--jwt-secret` says otherwise.
pub const DEFAULT_CUSTOM_JWT_SECRET: &str = "latchkey-emulator-custom-jwt-secret";

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
pub struct EmuError {
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
struct Emulator {
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
    let emulator = Arc::new(Emulator {
        app_id: config.app_id,
        base_url: format!("http://{addr}"),
        signing_key,
        custom_jwt_secret: config.custom_jwt_secret.into_bytes(),
        state: Mutex::new(EmuState::new(config.access_ttl, config.refresh_ttl)),
        outages: outage_sender,
    });
    let router = router(emulator);
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

/// Binds `addr` and serves in a background task; returns the base URL (`http://IP:PORT`).
///
/// # Errors
/// The address cannot be bound.
pub async fn spawn(
    addr: SocketAddr,
    config: EmulatorConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<(String, tokio::task::JoinHandle<std::io::Result<()>>)> {
    let listener = TcpListener::bind(addr).await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let task = tokio::spawn(serve(listener, config, shutdown));
    Ok((base_url, task))
}

fn router(emulator: Shared) -> Router {
    let app = "/api/client/v2.0/app/{app_id}";
    let userpass = format!("{app}/auth/providers/local-userpass");
    Router::new()
        .route(&format!("{app}/location"), get(location))
        .route(
            &format!("{app}/auth/providers/{{provider}}/login"),
            post(login),
        )
        .route(&format!("{userpass}/register"), post(accounts::register))
        .route(&format!("{userpass}/confirm"), post(accounts::confirm))
        .route(
            &format!("{userpass}/confirm/send"),
            post(accounts::resend_confirmation),
        )
        .route(
            &format!("{userpass}/confirm/call"),
            post(accounts::retry_custom_confirmation),
        )
        .route(
            &format!("{userpass}/reset/send"),
            post(accounts::send_reset_email),
        )
        .route(&format!("{userpass}/reset"), post(accounts::reset_password))
        .route(
            &format!("{userpass}/reset/call"),
            post(accounts::call_reset_function),
        )
        .route(
            "/api/client/v2.0/auth/api_keys",
            post(accounts::create_key).get(accounts::list_keys),
        )
        .route(
            "/api/client/v2.0/auth/api_keys/{id}",
            get(accounts::get_key).delete(accounts::delete_key),
        )
        .route(
            "/api/client/v2.0/auth/api_keys/{id}/enable",
            put(accounts::enable_key),
        )
        .route(
            "/api/client/v2.0/auth/api_keys/{id}/disable",
            put(accounts::disable_key),
        )
        .route("/emulator/v1/tokens", get(accounts::admin_tokens))
        .route("/api/client/v2.0/auth/profile", get(profile))
        .route(
            "/api/client/v2.0/auth/session",
            post(refresh_session).delete(logout_session),
        )
        .route("/api/client/v2.0/auth/delete", delete(delete_self))
        .route("/emulator/v1/users", get(admin_users))
        .route("/emulator/v1/users/{id}", delete(admin_delete_user))
        .route("/emulator/v1/users/{id}/revoke", post(admin_revoke))
        .route("/emulator/v1/users/{id}/disable", post(admin_disable))
        .route("/emulator/v1/users/{id}/enable", post(admin_enable))
        .route(
            "/emulator/v1/users/{id}/custom-data",
            put(admin_custom_data),
        )
        .route(
            "/emulator/v1/config",
            put(admin_config).get(admin_get_config),
        )
        .route("/emulator/v1/counters", get(admin_counters))
        .route("/emulator/v1/clock", post(admin_clock))
        .route("/emulator/v1/social-tokens", post(admin_social_token))
        .route("/emulator/v1/custom-jwts", post(admin_custom_jwt))
        .route("/emulator/v1/server-api-keys", post(admin_server_api_key))
        .route(
            "/emulator/v1/faults",
            post(admin_add_fault).delete(admin_clear_faults),
        )
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            emulator.clone(),
            count_and_inject,
        ))
        .with_state(emulator)
}

/// The counter name of a client API request (`None` for the admin API).
fn endpoint_name(method: &axum::http::Method, uri: &axum::http::Uri) -> Option<&'static str> {
    use axum::http::Method;
    let path = uri.path();
    if path.starts_with("/emulator/") {
        return None;
    }
    let name = if path.ends_with("/location") {
        "location"
    } else if path.ends_with("/login") {
        if uri.query().is_some_and(|query| query.contains("link=true")) {
            "link"
        } else {
            "login"
        }
    } else if path.ends_with("/local-userpass/register") {
        "register"
    } else if path.ends_with("/auth/profile") {
        "profile"
    } else if path.ends_with("/auth/session") {
        if method == Method::DELETE {
            "session.logout"
        } else {
            "session.refresh"
        }
    } else if path.ends_with("/auth/delete") {
        "delete"
    } else {
        "other"
    };
    Some(name)
}

/// Counts every client API request, then applies the injected latency and failures.
async fn count_and_inject(
    State(emu): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let Some(endpoint) = endpoint_name(request.method(), request.uri()) else {
        return next.run(request).await;
    };
    let (latency, failure) = {
        let mut state = emu.state.lock().await;
        state.count(endpoint);
        state.faults.take(endpoint)
    };
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    match failure {
        Some(failure) => {
            let mut response = (
                StatusCode::from_u16(failure.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                [(header::CONTENT_TYPE, "application/json")],
                failure.body,
            )
                .into_response();
            if let Some(seconds) = failure.retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
            }
            response
        }
        None => next.run(request).await,
    }
}

async fn not_found() -> EmuError {
    EmuError::new(404, "NotFound", "no such endpoint")
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

async fn location(State(emu): State<Shared>, Path(app_id): Path<String>) -> Reply {
    check_app(&emu, &app_id)?;
    let ws = emu.base_url.replacen("http", "ws", 1);
    Ok(json_reply(
        StatusCode::OK,
        json!({
            "deployment_model": "GLOBAL",
            "location": "US-VA",
            "hostname": emu.base_url,
            "ws_hostname": ws,
        }),
    ))
}

/// An identity proven by a login body: (provider type, identity id, profile data).
type ProvenIdentity = (String, String, Map<String, Value>);

impl Emulator {
    /// Verifies a social-provider token issued by `POST /emulator/v1/social-tokens`.
    fn social_identity(&self, provider: &str, token: &str) -> Result<ProvenIdentity, EmuError> {
        let claims = jwt::verify_hs256(token, &self.signing_key)
            .map_err(|_| EmuError::new(401, "AuthError", "invalid provider token"))?;
        if claims.get("social_provider").and_then(Value::as_str) != Some(provider) {
            return Err(EmuError::new(
                401,
                "AuthError",
                "token was issued for another provider",
            ));
        }
        let sub = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut data = Map::new();
        for key in ["name", "email"] {
            if let Some(value) = claims.get(key) {
                data.insert(key.to_owned(), value.clone());
            }
        }
        if provider == "oauth2-facebook" {
            // Facebook's picture URLs embed the access token; the emulator does the same so that
            // the daemon's keep-it-off-disk rule can be tested.
            data.insert(
                "picture".to_owned(),
                Value::from(format!(
                    "https://graph.facebook.invalid/{sub}/picture?access_token={token}"
                )),
            );
        }
        Ok((provider.to_owned(), sub.to_owned(), data))
    }

    /// The identity a login body proves, or why it proves none.
    fn prove(
        &self,
        state: &EmuState,
        provider: &str,
        body: &Map<String, Value>,
    ) -> Result<ProvenIdentity, EmuError> {
        match provider {
            "anon-user" => Ok((provider.to_owned(), object_id(), Map::new())),
            "local-userpass" => {
                let email = field(body, "username")?;
                let password = field(body, "password")?;
                match state.emails.get(email) {
                    Some(account) if account.password == password && !account.confirmed => {
                        Err(EmuError::new(401, "AuthError", "confirmation required"))
                    }
                    Some(account) if account.password == password => {
                        let mut data = Map::new();
                        data.insert("email".to_owned(), Value::from(email));
                        Ok((provider.to_owned(), email.to_owned(), data))
                    }
                    _ => Err(EmuError::new(
                        401,
                        "InvalidPassword",
                        "invalid username/password",
                    )),
                }
            }
            "api-key" => {
                let key = field(body, "key")?;
                match state.api_keys.iter().find(|candidate| candidate.key == key) {
                    Some(found) if !found.disabled => {
                        Ok((provider.to_owned(), found.id.clone(), Map::new()))
                    }
                    _ => Err(EmuError::new(401, "InvalidPassword", "invalid API key")),
                }
            }
            "custom-token" => {
                let token = field(body, "token")?;
                let claims = jwt::verify_hs256(token, &self.custom_jwt_secret).map_err(|err| {
                    EmuError::new(
                        401,
                        "AuthError",
                        &format!("invalid custom auth token: {err}"),
                    )
                })?;
                if let Some(exp) = claims.get("exp").and_then(Value::as_i64) {
                    if exp <= state.now() {
                        return Err(EmuError::new(401, "AuthError", "custom auth token expired"));
                    }
                }
                let sub = claims
                    .get("sub")
                    .and_then(Value::as_str)
                    .filter(|sub| !sub.is_empty())
                    .ok_or_else(|| {
                        EmuError::new(401, "AuthError", "custom auth token has no `sub`")
                    })?;
                let mut data = Map::new();
                for key in ["name", "email"] {
                    if let Some(value) = claims.get(key) {
                        data.insert(key.to_owned(), value.clone());
                    }
                }
                Ok((provider.to_owned(), sub.to_owned(), data))
            }
            "custom-function" => {
                // The emulator's "function": the user id is the payload's `id`, `userId` or
                // `realmCustomAuthFuncUserId` when present, else a digest of the whole payload.
                let id = ["id", "userId", "realmCustomAuthFuncUserId"]
                    .iter()
                    .find_map(|key| match body.get(*key) {
                        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
                        Some(Value::Number(number)) => Some(number.to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| {
                        hex(&sha2::Sha256::digest(
                            Value::Object(body.clone()).to_string().as_bytes(),
                        ))
                    });
                Ok((provider.to_owned(), id, Map::new()))
            }
            "oauth2-facebook" => self.social_identity(provider, field(body, "accessToken")?),
            "oauth2-google" => {
                let token = field(body, "authCode").or_else(|_| field(body, "id_token"))?;
                self.social_identity(provider, token)
            }
            "oauth2-apple" => self.social_identity(provider, field(body, "id_token")?),
            _ => Err(EmuError::new(
                404,
                "AuthProviderNotFound",
                &format!("authentication via '{provider}' is unsupported"),
            )),
        }
    }
}

async fn login(
    State(emu): State<Shared>,
    Path((app_id, provider)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let link = query.get("link").is_some_and(|value| value == "true");
    let mut state = emu.state.lock().await;
    check_app(&emu, &app_id)?;
    let mut body = parse_object(&body)?;
    // Both official SDKs append `options` (with `device`), also to function payloads (§13.5).
    let options = body.remove("options");
    if body
        .get("provider")
        .and_then(Value::as_str)
        .is_some_and(|p| p != provider)
    {
        return Err(EmuError::bad_request(
            "body `provider` does not match the URL",
        ));
    }
    if provider != "custom-function" {
        body.remove("provider");
    }
    let (provider_type, identity, data) = emu.prove(&state, &provider, &body)?;
    let user_id = if link {
        // Only here is Authorization looked at on a login route (spec §13.3).
        let user_id = state.check_access(&emu.signing_key, bearer(&headers))?;
        if provider_type == "anon-user" {
            return Err(EmuError::bad_request("cannot link an anonymous identity"));
        }
        match state.user_by_identity(&provider_type, &identity) {
            Some(owner) if owner.id != user_id => {
                return Err(EmuError::new(
                    409,
                    "AuthError",
                    "a user already exists with the specified provider",
                ));
            }
            Some(_) => {}
            None => {
                if let Some(user) = state.user_mut(&user_id) {
                    user.identities
                        .push((identity.clone(), provider_type.clone()));
                    for (key, value) in data {
                        user.data.entry(key).or_insert(value);
                    }
                }
            }
        }
        user_id
    } else {
        // A user API key logs in as the user who owns it; any other identity as its user.
        let existing = if provider_type == "api-key" {
            state
                .api_keys
                .iter()
                .find(|key| key.id == identity)
                .and_then(|key| state.user(&key.user_id))
                .cloned()
        } else {
            state.user_by_identity(&provider_type, &identity).cloned()
        };
        match existing {
            Some(user) if user.disabled => {
                return Err(EmuError::new(401, "UserDisabled", "user disabled"));
            }
            Some(user) => {
                if let Some(stored) = state.user_mut(&user.id) {
                    // Social providers may have new profile data (a new picture URL, say).
                    for (key, value) in data {
                        stored.data.insert(key, value);
                    }
                }
                user.id
            }
            None => {
                let id = state.create_user(&provider_type, &identity, data);
                if provider_type == "local-userpass" {
                    if let Some(account) = state.emails.get_mut(&identity) {
                        account.user_id = Some(id.clone());
                    }
                }
                id
            }
        }
    };
    let device_id = options
        .as_ref()
        .and_then(|options| options.pointer("/device/deviceId"))
        .and_then(|device| device.get("$oid").or(Some(device)))
        .and_then(Value::as_str)
        .filter(|id| id.len() == 24 && *id != "000000000000000000000000")
        .map(str::to_owned)
        .unwrap_or_else(object_id);
    let access_token = state.access_token(&emu.signing_key, &user_id, &device_id);
    let refresh_token = state.refresh_token(&emu.signing_key, &user_id);
    Ok(json_reply(
        StatusCode::OK,
        json!({
            "access_token": access_token,
            "refresh_token": refresh_token,
            "user_id": user_id,
            "device_id": device_id,
        }),
    ))
}

async fn profile(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let state = emu.state.lock().await;
    let user_id = state.check_access(&emu.signing_key, bearer(&headers))?;
    let user = state
        .user(&user_id)
        .ok_or_else(|| EmuError::invalid_session("user not found"))?;
    let identities: Vec<Value> = user
        .identities
        .iter()
        .map(|(id, provider)| {
            json!({"id": id, "provider_type": provider, "provider_id": object_id(), "provider_data": {}})
        })
        .collect();
    Ok(json_reply(
        StatusCode::OK,
        json!({
            "user_id": user.id,
            "domain_id": "000000000000000000000000",
            "identities": identities,
            "data": user.data,
            "type": if user.server { "server" } else { "normal" },
        }),
    ))
}

async fn refresh_session(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let state = emu.state.lock().await;
    let (_, user_id) = state.check_refresh(&emu.signing_key, bearer(&headers))?;
    let device_id = bearer(&headers)
        .and_then(|token| jwt::payload(token).ok())
        .and_then(|claims| {
            claims
                .get("baas_device_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "000000000000000000000000".to_owned());
    let access_token = state.access_token(&emu.signing_key, &user_id, &device_id);
    Ok(json_reply(
        StatusCode::CREATED,
        json!({ "access_token": access_token }),
    ))
}

async fn logout_session(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let mut state = emu.state.lock().await;
    // Answered 204 even for a dead or unknown token (spec §13.10).
    if let Ok((session_id, _)) = state.check_refresh(&emu.signing_key, bearer(&headers)) {
        state.sessions.remove(&session_id);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn delete_self(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let mut state = emu.state.lock().await;
    let user_id = state.check_access(&emu.signing_key, bearer(&headers))?;
    state.delete_user(&user_id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ----- admin API ---------------------------------------------------------------------------------

fn user_not_found() -> EmuError {
    EmuError::new(404, "UserNotFound", "user not found")
}

async fn admin_users(State(emu): State<Shared>) -> Reply {
    let state = emu.state.lock().await;
    let users: Vec<Value> = state
        .users
        .iter()
        .map(|user| {
            let sessions = state
                .sessions
                .values()
                .filter(|session| session.user_id == user.id && !session.revoked)
                .count();
            user.summary(sessions)
        })
        .collect();
    Ok(json_reply(StatusCode::OK, Value::Array(users)))
}

async fn admin_delete_user(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    if emu.state.lock().await.delete_user(&id) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(user_not_found())
    }
}

async fn admin_revoke(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    let mut state = emu.state.lock().await;
    if state.user(&id).is_none() {
        return Err(user_not_found());
    }
    for session in state
        .sessions
        .values_mut()
        .filter(|session| session.user_id == id)
    {
        session.revoked = true;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn set_disabled(emu: &Emulator, id: &str, disabled: bool) -> Reply {
    let mut state = emu.state.lock().await;
    let user = state.user_mut(id).ok_or_else(user_not_found)?;
    user.disabled = disabled;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn admin_disable(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    set_disabled(&emu, &id, true).await
}

async fn admin_enable(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    set_disabled(&emu, &id, false).await
}

async fn admin_custom_data(
    State(emu): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Reply {
    let data = parse_object(&body)?;
    let mut state = emu.state.lock().await;
    let user = state.user_mut(&id).ok_or_else(user_not_found)?;
    user.custom_data = Some(data);
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn config_view(state: &EmuState) -> Value {
    json!({
        "access_ttl_secs": state.access_ttl.as_secs(),
        "refresh_ttl_secs": state.refresh_ttl.as_secs(),
        "clock_offset_secs": state.clock_offset,
        "confirmation": state.modes.confirmation,
        "reset": state.modes.reset,
        "confirmation_function": state.modes.confirmation_function,
        "reset_function": state.modes.reset_function,
    })
}

async fn admin_get_config(State(emu): State<Shared>) -> Reply {
    Ok(json_reply(
        StatusCode::OK,
        config_view(&*emu.state.lock().await),
    ))
}

async fn admin_config(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = parse_object(&body)?;
    let seconds = |key: &str| -> Result<Option<Duration>, EmuError> {
        match body.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .filter(|secs| *secs > 0)
                .map(|secs| Some(Duration::from_secs(secs)))
                .ok_or_else(|| EmuError::bad_request(&format!("{key} must be a positive integer"))),
        }
    };
    let access = seconds("access_ttl_secs")?;
    let refresh = seconds("refresh_ttl_secs")?;
    let choice = |key: &str, allowed: &[&str]| -> Result<Option<String>, EmuError> {
        match body.get(key) {
            None => Ok(None),
            Some(Value::String(value)) if allowed.contains(&value.as_str()) => {
                Ok(Some(value.clone()))
            }
            Some(_) => Err(EmuError::bad_request(&format!(
                "{key} must be one of {allowed:?}"
            ))),
        }
    };
    let confirmation = choice("confirmation", &["auto", "token", "function"])?;
    let reset = choice("reset", &["token", "function"])?;
    let confirmation_function = choice("confirmation_function", &["success", "pending", "fail"])?;
    let reset_function = choice("reset_function", &["success", "pending", "fail"])?;
    let mut state = emu.state.lock().await;
    let modes = &mut state.modes;
    for (target, value) in [
        (&mut modes.confirmation, confirmation),
        (&mut modes.reset, reset),
        (&mut modes.confirmation_function, confirmation_function),
        (&mut modes.reset_function, reset_function),
    ] {
        if let Some(value) = value {
            *target = value;
        }
    }
    if let Some(access) = access {
        state.access_ttl = access;
    }
    if let Some(refresh) = refresh {
        state.refresh_ttl = refresh;
    }
    Ok(json_reply(StatusCode::OK, config_view(&state)))
}

async fn admin_counters(State(emu): State<Shared>) -> Reply {
    let state = emu.state.lock().await;
    Ok(json_reply(StatusCode::OK, json!(state.counters)))
}

async fn admin_clock(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = parse_object(&body)?;
    let offset = body
        .get("offset_secs")
        .and_then(Value::as_i64)
        .ok_or_else(|| EmuError::bad_request("offset_secs must be an integer"))?;
    let mut state = emu.state.lock().await;
    state.clock_offset = offset;
    Ok(json_reply(StatusCode::OK, config_view(&state)))
}

async fn admin_social_token(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = parse_object(&body)?;
    let provider = match field(&body, "provider")? {
        "facebook" => "oauth2-facebook",
        "google" => "oauth2-google",
        "apple" => "oauth2-apple",
        _ => {
            return Err(EmuError::bad_request(
                "provider must be facebook, google or apple",
            ));
        }
    };
    let sub = field(&body, "sub")?;
    let now = emu.state.lock().await.now();
    let mut claims = Map::new();
    claims.insert("social_provider".into(), Value::from(provider));
    claims.insert("sub".into(), Value::from(sub));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("exp".into(), Value::from(now + 3600));
    for key in ["name", "email"] {
        if let Some(value) = body.get(key) {
            claims.insert(key.to_owned(), value.clone());
        }
    }
    let token = jwt::sign_hs256(&claims, &emu.signing_key);
    Ok(json_reply(StatusCode::OK, json!({ "token": token })))
}

async fn admin_custom_jwt(State(emu): State<Shared>, body: Bytes) -> Reply {
    let mut claims = parse_object(&body)?;
    field(&claims, "sub")?;
    let now = emu.state.lock().await.now();
    claims.entry("iat").or_insert(Value::from(now));
    claims.entry("exp").or_insert(Value::from(now + 3600));
    let token = jwt::sign_hs256(&claims, &emu.custom_jwt_secret);
    Ok(json_reply(StatusCode::OK, json!({ "token": token })))
}

/// `POST faults`: `{"endpoint"?, "status"?, "body"?, "count"?, "retry_after_secs"?,
/// "latency_ms"?, "unreachable_ms"?}`.
async fn admin_add_fault(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = parse_object(&body)?;
    let endpoint = body
        .get("endpoint")
        .and_then(Value::as_str)
        .map(str::to_owned);
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
async fn admin_clear_faults(State(emu): State<Shared>) -> Reply {
    emu.state.lock().await.faults = state::Faults::default();
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn admin_server_api_key(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = parse_object(&body)?;
    let name = field(&body, "name")?.to_owned();
    let mut state = emu.state.lock().await;
    let id = object_id();
    let user_id = state.create_user("api-key", &id, Map::new());
    if let Some(user) = state.user_mut(&user_id) {
        user.server = true;
    }
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let key = hex(&secret);
    state.api_keys.push(EmuApiKey {
        id: id.clone(),
        name: name.clone(),
        key: key.clone(),
        disabled: false,
        user_id,
        server: true,
    });
    Ok(json_reply(
        StatusCode::CREATED,
        json!({ "_id": id, "name": name, "key": key, "disabled": false }),
    ))
}
