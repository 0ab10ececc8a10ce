//! A hostile (or merely broken) OpenID provider in the test process: discovery, a JWKS with one
//! Ed25519 key, a token endpoint for the password, authorization-code and refresh grants, an
//! authorization endpoint that redirects at once, and userinfo. Everything it answers is
//! well-formed by default; a test switches one thing at a time ([`Behaviour`]) to play the
//! provider the daemon must refuse, and reads what the daemon sent ([`Hostile::grants`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use latchkey::proto::{self, credentials::Kind, sessions_client::SessionsClient};
use serde_json::{Map, Value, json};
use tonic::transport::Channel;

use super::{Daemon, creds, log_in};

/// The client id the daemon is configured with.
pub const HOSTILE_CLIENT: &str = "latchkey-rp";

/// The user every login is for, unless a test says otherwise.
pub const HOSTILE_SUB: &str = "alice";

/// The provider's signing key (Ed25519, made for these tests only; PKCS#8 DER in base64) and
/// its public half.
const SIGNING_KEY: &str = "MC4CAQAwBQYDK2VwBCIEIKxjF9KvCT4SxYD3k96kAY/tymLvFmd73eIOYH7owqUI";
const PUBLIC_X: &str = "Aegx-w9r--KIaDPXOaX-945tZC3mGrB8-kiGQBq9qS0";
const KID: &str = "k1";

/// What the provider does; each field spoils one thing.
#[derive(Clone, Default)]
pub struct Behaviour {
    /// Claims set on (or, when `null`, removed from) the ID token of a login.
    pub login_claims: Map<String, Value>,
    /// Headers added to the ID token of a login (`crit`, say).
    pub login_header: Map<String, Value>,
    /// An ID token comes with each refresh answer, with these claims changed.
    pub refresh_id_token: Option<Map<String, Value>>,
    /// The access token issued, instead of a fresh well-formed one.
    pub access_token: Option<String>,
    /// `expires_in` of every answer (default 300).
    pub expires_in: Option<Value>,
    /// The discovery document says `authorization_response_iss_parameter_supported`.
    pub iss_supported: bool,
    /// The `iss` put on the authorization response: `None` = the issuer itself, `Some("")` =
    /// none at all.
    pub redirect_iss: Option<String>,
    /// Refresh grants answer this status instead of tokens (503: an outage; 400: the refresh
    /// token is dead, `invalid_grant`).
    pub refresh_status: Option<u16>,
    /// The discovery document lists token exchange (RFC 8693), and the token endpoint answers
    /// it with an access token of the asked scope (and no refresh token).
    pub token_exchange: bool,
}

#[derive(Default)]
struct Shared {
    issuer: String,
    behaviour: Behaviour,
    /// Token requests by grant type.
    grants: HashMap<String, u64>,
    /// The nonce of each authorization request, by the code its redirect carried.
    nonces: HashMap<String, Option<String>>,
    issued: u64,
    /// The subject tokens of token exchanges, with their scope.
    exchanged: Vec<(String, String)>,
}

/// The running provider.
#[derive(Clone)]
pub struct Hostile {
    pub issuer: String,
    shared: Arc<Mutex<Shared>>,
}

impl Hostile {
    /// Starts the provider on a free loopback port, behaving well.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://{}", listener.local_addr().unwrap());
        let shared = Arc::new(Mutex::new(Shared {
            issuer: issuer.clone(),
            ..Shared::default()
        }));
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/userinfo", get(userinfo))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { issuer, shared }
    }

    /// Changes what the provider does from now on.
    pub fn set(&self, change: impl FnOnce(&mut Behaviour)) {
        change(&mut self.shared.lock().unwrap().behaviour);
    }

    /// The token exchanges so far: each subject token and the scope asked for.
    pub fn exchanged(&self) -> Vec<(String, String)> {
        self.shared.lock().unwrap().exchanged.clone()
    }

    /// Token requests of `grant_type` so far.
    pub fn grants(&self, grant_type: &str) -> u64 {
        self.shared
            .lock()
            .unwrap()
            .grants
            .get(grant_type)
            .copied()
            .unwrap_or(0)
    }

    /// The daemon's `[apps.NAME]` table for this provider (password, browser and refresh-token
    /// logins; a public client).
    pub fn app_table(&self, name: &str) -> String {
        format!(
            "[apps.{name}]\nkind = \"oidc\"\nissuer = \"{}\"\nclient_id = \"{HOSTILE_CLIENT}\"\nscopes = [\"openid\", \"offline_access\"]\ngrants = [\"password\", \"browser\", \"refresh_token\"]\nrequest_timeout = \"5s\"\nbrowser_timeout = \"60s\"\n",
            self.issuer
        )
    }
}

impl Hostile {
    /// A daemon serving this provider as its one (so default) app `rp`; `extra` goes on in the
    /// app's table.
    pub async fn daemon(&self, extra: &str) -> Daemon {
        Daemon::start_config(&format!("{}{extra}", self.app_table("rp"))).await
    }
}

/// A password login to the default app.
pub async fn password_login(
    client: &mut SessionsClient<Channel>,
) -> Result<proto::User, tonic::Status> {
    let password = Kind::Password(proto::PasswordCredential {
        username: "alice".to_owned(),
        password: "pw".to_owned(),
    });
    log_in(client, creds(password)).await
}

/// The default app's token, valid for at least a second; refreshed first when `force`.
pub async fn short_token(
    client: &mut SessionsClient<Channel>,
    force: bool,
) -> Result<proto::AccessToken, tonic::Status> {
    client
        .get_access_token(proto::GetAccessTokenRequest {
            force_refresh: force,
            min_valid: Some(prost_types::Duration {
                seconds: 1,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

/// The map of a JSON object (claims, headers).
pub fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("an object"),
    }
}

/// Follows the authorization URL to the provider; its redirect (to the daemon's loopback).
pub async fn provider_redirect(authorization_url: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = http.get(authorization_url).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 302);
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// Delivers the redirect as `uid` (with curl); the HTTP status the daemon's listener answered.
pub fn deliver_as(location: &str, uid: Option<u32>) -> u16 {
    use std::os::unix::process::CommandExt;
    let mut curl = std::process::Command::new("curl");
    curl.args([
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--max-time",
        "10",
        location,
    ]);
    if let Some(uid) = uid {
        curl.uid(uid).gid(uid);
    }
    let output = curl.output().expect("curl");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// Claims from `changes` applied to `claims` (`null` removes one).
fn patch(claims: &mut Map<String, Value>, changes: &Map<String, Value>) {
    for (key, value) in changes {
        if value.is_null() {
            claims.remove(key);
        } else {
            claims.insert(key.clone(), value.clone());
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// An ID token signed with the provider's key.
fn id_token(
    shared: &Shared,
    nonce: Option<&str>,
    changes: &Map<String, Value>,
    header_extra: &Map<String, Value>,
) -> String {
    let mut claims = Map::new();
    claims.insert("iss".into(), json!(shared.issuer));
    claims.insert("aud".into(), json!(HOSTILE_CLIENT));
    claims.insert("sub".into(), json!(HOSTILE_SUB));
    claims.insert("iat".into(), json!(now()));
    claims.insert("exp".into(), json!(now() + 300));
    if let Some(nonce) = nonce {
        claims.insert("nonce".into(), json!(nonce));
    }
    patch(&mut claims, changes);
    let mut header = json!({"alg": "EdDSA", "typ": "JWT", "kid": KID});
    if let Value::Object(map) = &mut header {
        map.extend(header_extra.clone());
    }
    use base64::Engine;
    let b64 = |value: &Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string().as_bytes())
    };
    let input = format!("{}.{}", b64(&header), b64(&Value::Object(claims)));
    // Sign with jsonwebtoken's own key handling: a header of our choice over the input.
    let der = base64::engine::general_purpose::STANDARD
        .decode(SIGNING_KEY)
        .unwrap();
    let key = jsonwebtoken::EncodingKey::from_ed_der(&der);
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::EdDSA).unwrap();
    format!("{input}.{signature}")
}

fn json_answer(status: StatusCode, value: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

async fn discovery(State(shared): State<Arc<Mutex<Shared>>>) -> Response {
    let shared = shared.lock().unwrap();
    let issuer = &shared.issuer;
    json_answer(
        StatusCode::OK,
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": format!("{issuer}/token"),
            "userinfo_endpoint": format!("{issuer}/userinfo"),
            "jwks_uri": format!("{issuer}/jwks"),
            "grant_types_supported": if shared.behaviour.token_exchange {
                json!(["authorization_code", "refresh_token", "password", "urn:ietf:params:oauth:grant-type:token-exchange"])
            } else {
                json!(["authorization_code", "refresh_token", "password"])
            },
            "code_challenge_methods_supported": ["S256"],
            "authorization_response_iss_parameter_supported": shared.behaviour.iss_supported,
        }),
    )
}

async fn jwks() -> Response {
    json_answer(
        StatusCode::OK,
        json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": PUBLIC_X, "kid": KID, "use": "sig", "alg": "EdDSA"}]}),
    )
}

async fn authorize(
    State(shared): State<Arc<Mutex<Shared>>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let mut shared = shared.lock().unwrap();
    let code = format!("code-{}", shared.nonces.len() + 1);
    shared
        .nonces
        .insert(code.clone(), query.get("nonce").cloned());
    let mut location = reqwest::Url::parse(&query["redirect_uri"]).unwrap();
    {
        let mut pairs = location.query_pairs_mut();
        pairs.append_pair("code", &code);
        pairs.append_pair("state", &query["state"]);
        match shared.behaviour.redirect_iss.as_deref() {
            None => {
                pairs.append_pair("iss", &shared.issuer);
            }
            Some("") => {}
            Some(other) => {
                pairs.append_pair("iss", other);
            }
        }
    }
    (
        StatusCode::FOUND,
        [(header::LOCATION, location.to_string())],
    )
        .into_response()
}

async fn token(State(shared): State<Arc<Mutex<Shared>>>, body: axum::body::Bytes) -> Response {
    let form: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let mut shared = shared.lock().unwrap();
    let grant = form.get("grant_type").cloned().unwrap_or_default();
    *shared.grants.entry(grant.clone()).or_default() += 1;
    shared.issued += 1;
    let behaviour = shared.behaviour.clone();
    let refreshing = grant == "refresh_token";
    if refreshing && let Some(status) = behaviour.refresh_status {
        // 400: the refresh token is dead; anything else: the server is in trouble.
        let error = if status == 400 {
            "invalid_grant"
        } else {
            "temporarily_unavailable"
        };
        return json_answer(
            StatusCode::from_u16(status).unwrap(),
            json!({"error": error}),
        );
    }
    if grant == "urn:ietf:params:oauth:grant-type:token-exchange" && behaviour.token_exchange {
        let subject = form.get("subject_token").cloned().unwrap_or_default();
        let scope = form.get("scope").cloned().unwrap_or_default();
        shared.exchanged.push((subject, scope.clone()));
        return json_answer(
            StatusCode::OK,
            json!({
                "access_token": format!("exchanged-{}", shared.issued),
                "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
                "token_type": "Bearer",
                "expires_in": 300,
                "scope": scope,
            }),
        );
    }
    let mut answer = json!({
        "access_token": behaviour
            .access_token
            .clone()
            .unwrap_or_else(|| format!("access-{}", shared.issued)),
        "token_type": "Bearer",
        "expires_in": behaviour.expires_in.clone().unwrap_or(json!(300)),
        "refresh_token": format!("refresh-{}", shared.issued),
    });
    let id = if refreshing {
        behaviour
            .refresh_id_token
            .as_ref()
            .map(|changes| id_token(&shared, None, changes, &Map::new()))
    } else {
        let nonce = form
            .get("code")
            .and_then(|code| shared.nonces.get(code).cloned())
            .flatten();
        Some(id_token(
            &shared,
            nonce.as_deref(),
            &behaviour.login_claims,
            &behaviour.login_header,
        ))
    };
    if let Some(id) = id {
        answer["id_token"] = json!(id);
    }
    json_answer(StatusCode::OK, answer)
}

/// The login's user as its ID token names it (`sub` and `name` follow the test's changes).
async fn userinfo(State(shared): State<Arc<Mutex<Shared>>>) -> Response {
    let shared = shared.lock().unwrap();
    let claims = &shared.behaviour.login_claims;
    let mut answer = json!({"sub": claims.get("sub").cloned().unwrap_or(json!(HOSTILE_SUB))});
    if let Some(name) = claims.get("name") {
        answer["name"] = name.clone();
    }
    json_answer(StatusCode::OK, answer)
}
