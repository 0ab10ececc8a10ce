//! A scripted App Services server for wire-format and error-mapping tests: it records every
//! request the daemon sends and answers with canned responses queued by the test, falling back
//! to well-formed defaults.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: HeaderMap,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// A canned answer for the first request whose path ends with `path_suffix`.
pub struct Canned {
    pub path_suffix: String,
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub body: String,
}

#[derive(Default)]
struct Script {
    log: Vec<Recorded>,
    queue: VecDeque<Canned>,
    base_url: String,
}

/// The running scripted server.
#[derive(Clone)]
pub struct Scripted {
    pub base_url: String,
    script: Arc<Mutex<Script>>,
}

/// Signs a token the daemon can read (valid for an hour unless `exp` is given).
pub fn token(sub: &str, typ: &str, extra: Value) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let mut claims = Map::new();
    claims.insert("sub".into(), json!(sub));
    claims.insert("typ".into(), json!(typ));
    claims.insert("iat".into(), json!(now));
    claims.insert("exp".into(), json!(now + 3600));
    claims.insert("jti".into(), json!(rand_suffix()));
    if let Value::Object(extra) = extra {
        claims.extend(extra);
    }
    latchkey_emulator::jwt::sign_hs256(&claims, b"scripted")
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

impl Scripted {
    /// Starts the server on a free loopback port.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let script = Arc::new(Mutex::new(Script {
            base_url: base_url.clone(),
            ..Script::default()
        }));
        let router = Router::new().fallback(answer).with_state(script.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        Self { base_url, script }
    }

    /// Queues a canned answer.
    pub fn push(
        &self,
        path_suffix: &str,
        status: u16,
        content_type: Option<&'static str>,
        body: &str,
    ) {
        self.script.lock().unwrap().queue.push_back(Canned {
            path_suffix: path_suffix.to_owned(),
            status,
            content_type,
            body: body.to_owned(),
        });
    }

    /// Everything received so far.
    pub fn log(&self) -> Vec<Recorded> {
        self.script.lock().unwrap().log.clone()
    }

    /// "METHOD path" of everything received so far.
    pub fn calls(&self) -> Vec<String> {
        self.log()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }
}

async fn answer(
    State(script): State<Arc<Mutex<Script>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut script = script.lock().unwrap();
    let path = uri.path().to_owned();
    script.log.push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        query: uri.query().unwrap_or_default().to_owned(),
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    });
    if let Some(index) = script
        .queue
        .iter()
        .position(|c| path.ends_with(&c.path_suffix))
    {
        let canned = script.queue.remove(index).unwrap();
        let status = StatusCode::from_u16(canned.status).unwrap();
        return match canned.content_type {
            Some(content_type) => {
                (status, [(header::CONTENT_TYPE, content_type)], canned.body).into_response()
            }
            None => (status, canned.body).into_response(),
        };
    }
    let json_answer = |status: StatusCode, value: Value| {
        (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            value.to_string(),
        )
            .into_response()
    };
    if path.ends_with("/location") {
        let ws = script.base_url.replacen("http", "ws", 1);
        return json_answer(
            StatusCode::OK,
            json!({"hostname": script.base_url, "ws_hostname": ws}),
        );
    }
    if path.ends_with("/login") {
        return json_answer(
            StatusCode::OK,
            json!({
                "access_token": token("u1", "access", json!({})),
                "refresh_token": token("u1", "refresh", json!({})),
                "user_id": "aaaaaaaaaaaaaaaaaaaaaaaa",
                "device_id": "bbbbbbbbbbbbbbbbbbbbbbbb",
            }),
        );
    }
    if path.ends_with("/auth/profile") {
        return json_answer(
            StatusCode::OK,
            json!({"identities": [{"id": "i1", "provider_type": "local-userpass"}], "data": {"email": "a@example.com"}, "type": "normal"}),
        );
    }
    if path.ends_with("/auth/session") && method == Method::POST {
        return json_answer(
            StatusCode::CREATED,
            json!({"access_token": token("u1", "access", json!({}))}),
        );
    }
    StatusCode::NO_CONTENT.into_response()
}
