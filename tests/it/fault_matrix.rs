//! The fault matrix: a hostile proxy in front of the emulator passes every request through
//! except the refresh (`POST /api/client/v2.0/auth/session`), which it answers with one fault
//! after another: a reset connection, silence past the timeout, a body dripping at 1 byte/s,
//! 5xx with and without JSON, 429, 200 that is not JSON or lacks its keys or carries a malformed
//! JWT, a body over the size limit, a redirect loop, and a definitive 401. For each: the caller's
//! outcome, the session kept (transient) or ended (definitive) as DESIGN.md says, and no busy
//! loop (the proxy records whose refreshes reach it), and a session that ended never refreshed
//! again.

use std::sync::Arc;
use std::time::Duration;

use latchkey::proto;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Mutex;

use crate::harness::*;

/// How the proxy answers a refresh.
#[derive(Clone, Copy, Debug)]
enum Fault {
    Reset,
    Silence,
    Drip,
    Status500Json,
    Status502Html,
    Status503Empty,
    Status429,
    NotJson,
    MissingKeys,
    BadJwt,
    Oversize,
    RedirectLoop,
    Unauthorized,
}

struct Proxy {
    url: String,
    fault: Arc<Mutex<Option<Fault>>>,
    /// Every refresh that reached the proxy: when, and whose (the refresh token's `sub`).
    hits: Arc<std::sync::Mutex<Vec<(tokio::time::Instant, String)>>>,
}

async fn read_request(stream: &mut TcpStream) -> Option<(String, Vec<u8>)> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    }
    Some((head, data[head_end..head_end + length].to_vec()))
}

async fn respond(stream: &mut TcpStream, status: &str, content_type: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
}

async fn serve_fault(mut stream: TcpStream, fault: Fault) {
    let json = "application/json";
    match fault {
        Fault::Reset => drop(stream),
        Fault::Silence => tokio::time::sleep(Duration::from_secs(30)).await,
        Fault::Drip => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
            for byte in br#"{"access_token":"aaaaaaaaaaaaaaaaaaaaa"}"# {
                if stream.write_all(&[*byte]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Fault::Status500Json => {
            let body = br#"{"error":"boom","error_code":"InternalServerError"}"#;
            respond(&mut stream, "500 Internal Server Error", json, body).await;
        }
        Fault::Status502Html => {
            let body = b"<html>bad gateway</html>";
            respond(&mut stream, "502 Bad Gateway", "text/html", body).await;
        }
        Fault::Status503Empty => respond(&mut stream, "503 Service Unavailable", json, b"").await,
        Fault::Status429 => respond(&mut stream, "429 Too Many Requests", json, b"{}").await,
        Fault::NotJson => respond(&mut stream, "200 OK", "text/plain", b"surprise").await,
        Fault::MissingKeys => respond(&mut stream, "200 OK", json, br#"{"token":"x"}"#).await,
        Fault::BadJwt => {
            respond(
                &mut stream,
                "200 OK",
                json,
                br#"{"access_token":"not.a-jwt"}"#,
            )
            .await;
        }
        Fault::Oversize => {
            let body = format!(r#"{{"access_token":"{}"}}"#, "a".repeat(2 << 20));
            respond(&mut stream, "200 OK", json, body.as_bytes()).await;
        }
        Fault::RedirectLoop => {
            let head = "HTTP/1.1 307 Temporary Redirect\r\nlocation: /api/client/v2.0/auth/session\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
        }
        Fault::Unauthorized => {
            let body = br#"{"error":"invalid session","error_code":"InvalidSession"}"#;
            respond(&mut stream, "401 Unauthorized", json, body).await;
        }
    }
}

impl Proxy {
    async fn start(upstream: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let fault = Arc::new(Mutex::new(None::<Fault>));
        let hits = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (upstream, shared) = (upstream.to_owned(), fault.clone());
        let recorded = hits.clone();
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            while let Ok((mut stream, _)) = listener.accept().await {
                let (upstream, shared, http) = (upstream.clone(), shared.clone(), http.clone());
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let Some((head, body)) = read_request(&mut stream).await else {
                        return;
                    };
                    let mut parts = head.split_whitespace();
                    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    let fault = *shared.lock().await;
                    if method == "POST" && path == "/api/client/v2.0/auth/session" {
                        let sub = head
                            .lines()
                            .find(|line| line.to_ascii_lowercase().starts_with("authorization"))
                            .and_then(|line| line.split('.').nth(1))
                            .and_then(|claims| {
                                latchkey_emulator::jwt::payload(&format!("x.{claims}.y")).ok()
                            })
                            .and_then(|claims| {
                                claims
                                    .get("sub")
                                    .and_then(|s| s.as_str())
                                    .map(str::to_owned)
                            })
                            .unwrap_or_default();
                        recorded
                            .lock()
                            .unwrap()
                            .push((tokio::time::Instant::now(), sub));
                        if let Some(fault) = fault {
                            return serve_fault(stream, fault).await;
                        }
                    }
                    let mut request = http.request(
                        reqwest::Method::from_bytes(method.as_bytes()).unwrap(),
                        format!("{upstream}{path}"),
                    );
                    for line in head.lines().skip(1) {
                        if let Some((name, value)) = line.split_once(':') {
                            let name = name.trim().to_ascii_lowercase();
                            if ["authorization", "content-type"].contains(&name.as_str()) {
                                request = request.header(name, value.trim());
                            }
                        }
                    }
                    let answer = request.body(body).send().await.unwrap();
                    let status = answer.status();
                    let kind = answer
                        .headers()
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("application/json")
                        .to_owned();
                    let mut bytes = answer.bytes().await.unwrap().to_vec();
                    // The location answer must send the daemon back through the proxy.
                    if path.ends_with("/location") {
                        let text = String::from_utf8_lossy(&bytes).replace(
                            &upstream,
                            &format!("http://{}", stream.local_addr().unwrap()),
                        );
                        bytes = text.into_bytes();
                    }
                    respond(&mut stream, &status.to_string(), &kind, &bytes).await;
                });
            }
        });
        Self { url, fault, hits }
    }
}

#[tokio::test]
async fn every_backend_fault_has_its_outcome_and_no_busy_loop() {
    let emulator = Emulator::start();
    let proxy = Proxy::start(&emulator.base_url).await;
    let table = app_table("main", &proxy.url).replace("\"5s\"", "\"2s\"");
    let daemon = Daemon::start_config(&table).await;
    let mut client = daemon.sessions().await;
    // (fault, whether it is transient: the session stays and the cached token answers)
    let matrix = [
        (Fault::Reset, true),
        (Fault::Silence, true),
        (Fault::Drip, true),
        (Fault::Status500Json, true),
        (Fault::Status502Html, true),
        (Fault::Status503Empty, true),
        (Fault::Status429, true),
        (Fault::RedirectLoop, true),
        (Fault::NotJson, false),
        (Fault::MissingKeys, false),
        (Fault::BadJwt, false),
        (Fault::Oversize, false),
        (Fault::Unauthorized, false),
    ];
    let mut report = Vec::new();
    let mut removed: Vec<(tokio::time::Instant, String)> = Vec::new();
    for (fault, transient) in matrix {
        *proxy.fault.lock().await = None;
        let user = log_in(&mut client, anonymous(true))
            .await
            .expect("login through the proxy");
        *proxy.fault.lock().await = Some(fault);
        let started = tokio::time::Instant::now();
        let answer = token(&mut client, &user.id, true).await;
        // Keep asking for a second and a half: the backoff must hold everyone back.
        let deadline = tokio::time::Instant::now() + Duration::from_millis(1500);
        while tokio::time::Instant::now() < deadline {
            let _ = token(&mut client, &user.id, true).await;
        }
        let window = started.elapsed();
        let sent = proxy
            .hits
            .lock()
            .unwrap()
            .iter()
            .filter(|(at, sub)| *at >= started && *sub == user.id)
            .count();
        let listed = users(&mut client).await;
        let kept = listed
            .iter()
            .any(|u| u.id == user.id && state(u) == proto::UserState::LoggedIn);
        let outcome = match &answer {
            Ok(token) => format!("token (stale: {})", token.stale),
            Err(status) => format!("{:?} {}", status.code(), reason(status)),
        };
        report.push(format!(
            "{fault:?}: {outcome}, {sent} refresh requests, session kept: {kept}"
        ));
        // A redirect loop is one attempt of six requests (the first and five redirects).
        let attempts = if matches!(fault, Fault::RedirectLoop) {
            sent.div_ceil(6)
        } else {
            sent
        };
        // Backoff from 1 s, doubling, half of it always waited: at most three attempts in the
        // window (a timeout's attempts take 2 s each), where a busy loop would make thousands.
        assert!(
            attempts <= 3,
            "{fault:?}: {sent} refresh requests in {window:?}"
        );
        match (fault, transient) {
            (Fault::Unauthorized, _) => {
                assert_eq!(
                    reason(answer.as_ref().unwrap_err()),
                    "REAUTH_REQUIRED",
                    "{fault:?}"
                );
                assert!(!kept, "{fault:?}: a refused refresh token ends the session");
            }
            (_, true) => {
                assert!(
                    answer.as_ref().is_ok_and(|t| t.stale),
                    "{fault:?}: {outcome}"
                );
                assert!(kept, "{fault:?}");
            }
            (_, false) => {
                let status = answer.as_ref().unwrap_err();
                assert_eq!(reason(status), "BACKEND_ERROR", "{fault:?}: {status:?}");
                assert!(
                    kept,
                    "{fault:?}: a malformed answer does not end the session"
                );
            }
        }
        // The row's session ends here; it must never be refreshed again.
        *proxy.fault.lock().await = None;
        if kept {
            client
                .remove_user(proto::RemoveUserRequest {
                    user_id: user.id.clone(),
                    ..Default::default()
                })
                .await
                .expect("remove the row's user");
        }
        removed.push((tokio::time::Instant::now(), user.id.clone()));
    }
    // The daemon is unharmed: a clean refresh works once the proxy behaves.
    *proxy.fault.lock().await = None;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    assert!(!token(&mut client, &user.id, true).await.unwrap().stale);
    println!("fault matrix:\n  {}", report.join("\n  "));
    // A session that ended is never refreshed again.
    let hits = proxy.hits.lock().unwrap();
    for (gone_at, id) in &removed {
        let late: Vec<_> = hits
            .iter()
            .filter(|(at, sub)| sub == id && at > gone_at)
            .collect();
        assert!(
            late.is_empty(),
            "{id} refreshed {} times after it ended",
            late.len()
        );
    }
}
