//! The client against a real `latchkeyd --dev` on a temporary socket: tokens, errors, events
//! across a daemon restart, reauth callbacks, and the reqwest helper against a small API server
//! that checks each bearer with the daemon's built-in emulator.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use latchkey_client::proto::{self, session_event::Kind};
use latchkey_client::{Client, Error, IdTokenOptions, Reason, TokenOptions, WatchOptions};

mod common;
use common::Daemon;

async fn log_in_anonymous(client: &Client) -> proto::User {
    client
        .sessions()
        .await
        .expect("connect")
        .log_in(proto::LogInRequest {
            credentials: Some(proto::Credentials {
                kind: Some(proto::credentials::Kind::Anonymous(
                    proto::AnonymousCredential::default(),
                )),
            }),
            ..Default::default()
        })
        .await
        .expect("anonymous login")
        .into_inner()
}

/// Whether the emulator accepts `token` as an access token (its profile endpoint).
async fn emulator_accepts(emulator: &str, token: &str) -> bool {
    reqwest::Client::new()
        .get(format!("{emulator}/api/client/v2.0/auth/profile"))
        .bearer_auth(token)
        .send()
        .await
        .expect("emulator")
        .status()
        .is_success()
}

#[tokio::test]
async fn a_token_in_one_call_and_errors_with_reasons() {
    let daemon = Daemon::start().await;
    let client = daemon.client();

    let err = client.token(None).await.unwrap_err();
    assert!(err.is_not_logged_in(), "{err:?}");
    assert_eq!(err.code(), tonic::Code::NotFound);

    let user = log_in_anonymous(&client).await;
    let token = client.token(None).await.expect("token");
    assert!(emulator_accepts(&daemon.emulator(), &token).await);
    let full = client
        .access_token(&TokenOptions {
            min_valid: Some(Duration::from_secs(30)),
            ..TokenOptions::app("dev")
        })
        .await
        .expect("token of app dev");
    assert_eq!(full.user_id, user.id);
    assert_eq!(full.app, "dev");
    assert_eq!(full.token, token, "a cached token is handed out as it is");
    assert_eq!(
        client.current_user(None).await.expect("current").id,
        user.id
    );

    // An App Services app hands out no ID token.
    let err = client
        .id_token(&IdTokenOptions::default())
        .await
        .unwrap_err();
    assert!(err.has_reason(Reason::IdTokensNotEnabled), "{err:?}");
    assert_eq!(err.code(), tonic::Code::FailedPrecondition);

    let err = client.token(Some("nope")).await.unwrap_err();
    assert!(err.is_app_not_found(), "{err:?}");
    assert_eq!(err.code(), tonic::Code::NotFound);

    // Every service is reachable with the generated types.
    let apps = client
        .daemon()
        .await
        .expect("connect")
        .list_apps(proto::ListAppsRequest {})
        .await
        .expect("ListApps")
        .into_inner();
    assert_eq!(apps.apps.len(), 1);
    let keys = client
        .api_keys()
        .await
        .expect("connect")
        .list_api_keys(proto::ListApiKeysRequest::default())
        .await;
    // An anonymous user may not hold API keys: the answer is the backend's refusal, not a
    // transport error.
    if let Err(status) = keys {
        assert!(client.error(&status).reason().is_some(), "{status:?}");
    }
}

#[tokio::test]
async fn a_missing_daemon_and_an_untrusted_socket_are_errors_of_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let socket = dir.path().join("latchkeyd.sock");
    let err = Client::with_socket(&socket).token(None).await.unwrap_err();
    assert!(err.is_not_running(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains(&socket.display().to_string()),
        "names the socket: {text}"
    );
    let nowhere = dir.path().join("gone").join("latchkeyd.sock");
    let err = Client::with_socket(&nowhere).token(None).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotRunning { reason, .. } if reason.contains("does not exist")),
        "a missing directory means no daemon: {err:?}"
    );

    let open = dir.path().join("open");
    std::fs::create_dir(&open).expect("mkdir");
    std::fs::set_permissions(&open, std::os::unix::fs::PermissionsExt::from_mode(0o777))
        .expect("chmod");
    let err = Client::with_socket(open.join("latchkeyd.sock"))
        .token(None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Untrusted { reason, .. } if reason.contains("writable by other users")),
        "{err:?}"
    );

    // A daemon that goes away after the first call: the next call says so.
    let mut daemon = Daemon::start().await;
    let client = daemon.client();
    log_in_anonymous(&client).await;
    client.token(None).await.expect("token");
    daemon.stop();
    let err = client.token(None).await.unwrap_err();
    assert!(err.is_not_running(), "{err:?}");
}

async fn next_event(watch: &mut latchkey_client::Watch) -> proto::SessionEvent {
    tokio::time::timeout(Duration::from_secs(15), watch.next())
        .await
        .expect("an event within 15 s")
        .expect("the stream goes on")
        .expect("an event, not an error")
}

#[tokio::test]
async fn watch_resumes_across_a_daemon_restart() {
    let mut daemon = Daemon::start().await;
    let client = daemon.client();
    let first = log_in_anonymous(&client).await;
    let mut watch = client.watch(WatchOptions {
        snapshot: true,
        ..WatchOptions::default()
    });
    let snapshot = next_event(&mut watch).await;
    assert!(
        matches!(snapshot.kind, Some(Kind::Snapshot(_))),
        "{snapshot:?}"
    );
    assert_eq!(snapshot.user_id, first.id);

    daemon.stop();
    daemon.spawn().await;
    // The dev daemon starts empty: the new login is the next event, after the resume.
    let second = log_in_anonymous(&client).await;
    loop {
        let event = next_event(&mut watch).await;
        assert!(event.seq > snapshot.seq, "seq goes on increasing");
        match event.kind {
            Some(Kind::LoggedIn(_)) => {
                assert_eq!(event.user_id, second.id);
                break;
            }
            // What the restart lost is announced, never a repeated snapshot; the new daemon
            // reports its backend.
            Some(Kind::Lagged(_) | Kind::CurrentUserChanged(_) | Kind::BackendStatus(_)) => {}
            other => panic!("unexpected event {other:?}"),
        }
    }

    let mut refused = client.watch(WatchOptions {
        app: Some("nope".into()),
        ..WatchOptions::default()
    });
    let err = refused.subscribed().await.unwrap_err();
    assert!(err.is_app_not_found(), "{err:?}");
    assert!(refused.next().await.is_none(), "the stream ended");
}

#[tokio::test]
async fn a_revoked_session_calls_back_for_a_new_login() {
    let daemon = Daemon::start().await;
    let client = daemon.client();
    let user = log_in_anonymous(&client).await;
    let (sender, mut expired) = tokio::sync::mpsc::unbounded_channel();
    // Every event after subscribed() is delivered.
    let mut probe = client.watch(WatchOptions::default().snapshot(false));
    probe.subscribed().await.expect("subscribed");
    client
        .sessions()
        .await
        .expect("connect")
        .refresh_user(proto::RefreshUserRequest::default())
        .await
        .expect("refresh");
    assert_eq!(next_event(&mut probe).await.user_id, user.id);
    // Subscribed when it returns.
    let task = client
        .on_reauth_required(Some("dev"), move |event| {
            let _ = sender.send(event);
        })
        .await
        .expect("subscribed");

    let revoked = reqwest::Client::new()
        .post(format!(
            "{}/emulator/v1/users/{}/revoke",
            daemon.emulator(),
            user.id
        ))
        .send()
        .await
        .expect("emulator");
    assert!(revoked.status().is_success());
    let err = client
        .access_token(&TokenOptions {
            force_refresh: true,
            ..TokenOptions::default()
        })
        .await
        .unwrap_err();
    assert!(err.is_reauth_required(), "{err:?}");
    let event = tokio::time::timeout(Duration::from_secs(15), expired.recv())
        .await
        .expect("a callback within 15 s")
        .expect("the callback's channel");
    assert_eq!(event.user_id, user.id);
    assert!(matches!(event.kind, Some(Kind::TokenExpired(_))));
    task.abort();
}

/// An API that accepts a bearer the emulator accepts, except tokens it was told are stale
/// (answered 401 as a real API would after the backend revoked them); records what it saw.
async fn api_server(emulator: String, stale: Arc<Mutex<Vec<String>>>) -> String {
    use axum::http::{HeaderMap, StatusCode};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    let app = axum::Router::new().route(
        "/hello",
        axum::routing::get(move |headers: HeaderMap| {
            let emulator = emulator.clone();
            let stale = stale.clone();
            async move {
                let Some(token) = headers
                    .get("authorization")
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| value.strip_prefix("Bearer "))
                else {
                    return StatusCode::UNAUTHORIZED;
                };
                let known_stale = stale.lock().expect("lock").iter().any(|t| t == token);
                if known_stale || !emulator_accepts(&emulator, token).await {
                    StatusCode::UNAUTHORIZED
                } else {
                    StatusCode::OK
                }
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{address}/hello")
}

#[tokio::test]
async fn the_reqwest_helper_sends_a_bearer_and_retries_once_on_a_401() {
    let daemon = Daemon::start().await;
    let client = daemon.client();
    log_in_anonymous(&client).await;
    let stale = Arc::new(Mutex::new(Vec::new()));
    let url = api_server(daemon.emulator(), stale.clone()).await;
    let http = reqwest::Client::new();

    let bare = http.get(&url).send().await.expect("api");
    assert_eq!(bare.status(), 401);
    let authorized = client
        .authorize(http.get(&url), None)
        .await
        .expect("authorize");
    assert_eq!(authorized.send().await.expect("api").status(), 200);

    // The API stops accepting the cached token: one retry with a forced refresh.
    let old = client.token(None).await.expect("token");
    stale.lock().expect("lock").push(old.clone());
    let response = client.send(http.get(&url), None).await.expect("send");
    assert_eq!(response.status(), 200);
    assert_ne!(client.token(None).await.expect("token"), old, "refreshed");
}

/// A 401 from another origin after a redirect is not retried: that host never sees a token and
/// the session is not refreshed for it.
#[tokio::test]
async fn a_401_after_a_redirect_elsewhere_gets_no_token_and_no_retry() {
    use axum::http::{HeaderMap, StatusCode, header};
    let daemon = Daemon::start().await;
    let client = daemon.client();
    log_in_anonymous(&client).await;
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let elsewhere = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let evil = format!("http://{}/evil", elsewhere.local_addr().expect("address"));
    let record = seen.clone();
    let app = axum::Router::new().route(
        "/evil",
        axum::routing::get(move |headers: HeaderMap| {
            let record = record.clone();
            async move {
                record.lock().expect("lock").push(
                    headers
                        .get("authorization")
                        .and_then(|value| value.to_str().ok())
                        .map(str::to_owned),
                );
                StatusCode::UNAUTHORIZED
            }
        }),
    );
    tokio::spawn(async move { axum::serve(elsewhere, app).await });
    let origin = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let start = format!("http://{}/go", origin.local_addr().expect("address"));
    let sent: Arc<Mutex<u32>> = Arc::default();
    let count = sent.clone();
    let app = axum::Router::new().route(
        "/go",
        axum::routing::get(move || {
            let (count, evil) = (count.clone(), evil.clone());
            async move {
                *count.lock().expect("lock") += 1;
                (StatusCode::FOUND, [(header::LOCATION, evil)])
            }
        }),
    );
    tokio::spawn(async move { axum::serve(origin, app).await });

    let before = client.token(None).await.expect("token");
    let response = client
        .send(reqwest::Client::new().get(&start), None)
        .await
        .expect("send");
    assert_eq!(response.status(), 401);
    assert_eq!(*sent.lock().expect("lock"), 1, "not retried");
    assert_eq!(
        *seen.lock().expect("lock"),
        vec![None],
        "no token elsewhere"
    );
    assert_eq!(
        client.token(None).await.expect("token"),
        before,
        "no refresh"
    );
}
