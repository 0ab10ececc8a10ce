//! The OpenID flows against a second, independently written provider: django-oauth-toolkit on
//! oauthlib and Django (`tests/dot/`, from PyPI), whose discovery document leaves out grant
//! types, revocation and device authorization, whose issuer has a path (`/o`), and whose device
//! endpoint reads `client_id` from the body only. Each test reads its evidence from the
//! provider's side too: its database (tokens and grants, live and revoked) and its request log.

use std::time::Duration;

use latchkey::proto::{self, credentials::Kind};
use serde_json::Value;
use tonic::Code;

use crate::harness::*;

/// A password login to `app` as `user`.
async fn password_login(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    app: &str,
    user: &str,
) -> Result<proto::User, tonic::Status> {
    client
        .log_in(proto::LogInRequest {
            app: app.to_owned(),
            credentials: creds(Kind::Password(proto::PasswordCredential {
                username: user.to_owned(),
                password: DOT_PASSWORD.to_owned(),
            })),
        })
        .await
        .map(tonic::Response::into_inner)
}

/// The session's token of `app`, as a caller gets it.
async fn session_token(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    app: &str,
    force_refresh: bool,
) -> Result<proto::AccessToken, tonic::Status> {
    client
        .get_access_token(proto::GetAccessTokenRequest {
            app: app.to_owned(),
            force_refresh,
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

/// What the provider's userinfo endpoint says of `token`: its status and claims.
async fn userinfo(dot: &Dot, token: &str) -> (u16, Value) {
    let answer = reqwest::Client::new()
        .get(dot.endpoint("userinfo/"))
        .bearer_auth(token)
        .send()
        .await
        .expect("userinfo");
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

/// A refresh token `user` got from the provider directly (a password grant of `latchkey-pass`,
/// outside the daemon), and its session adopted by the daemon's app `corp`; the token and the
/// user.
async fn adopt_from_elsewhere(
    dot: &Dot,
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    user: &str,
) -> (String, proto::User) {
    let answer: Value = reqwest::Client::new()
        .post(dot.endpoint("token/"))
        .basic_auth("latchkey-pass", Some(DOT_SECRET))
        .form(&[
            ("grant_type", "password"),
            ("username", user),
            ("password", DOT_PASSWORD),
            ("scope", "openid profile email read write"),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("JSON");
    let refresh = answer["refresh_token"]
        .as_str()
        .expect("a refresh token")
        .to_owned();
    let adopted = client
        .log_in(proto::LogInRequest {
            app: "corp".to_owned(),
            credentials: creds(Kind::RefreshToken(proto::RefreshTokenCredential {
                token: refresh.clone(),
            })),
        })
        .await
        .expect("adopted")
        .into_inner();
    (refresh, adopted)
}

fn count(db: &Value, key: &str) -> u64 {
    db[key].as_u64().unwrap_or_else(|| panic!("{key} in {db}"))
}

/// `latchkey doctor`'s lines about `app`'s endpoints.
fn doctor_endpoints(daemon: &Daemon, app: &str) -> Vec<String> {
    let out = daemon.cli(&["doctor"], "");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter(|line| line.contains(&format!("app {app}: ")) && line.contains("(from "))
        .map(str::to_owned)
        .collect()
}

/// Item 1: the discovery document lists no grant types and no revocation endpoint; the RFC
/// 8414 metadata does, at either of its locations. Password logins work (they were refused as
/// not offered) and logout revokes at the provider (it revoked nothing), the provider's
/// database says so, and `latchkey doctor` names where each endpoint came from.
#[tokio::test]
async fn rfc_8414_metadata_completes_the_discovery_document_at_either_location() {
    for location in ["issuer", "inserted"] {
        let Some(dot) = Dot::start(&["--metadata", location]) else {
            return;
        };
        let daemon = dot.password_daemon("").await;
        let mut client = daemon.sessions().await;
        let user = password_login(&mut client, "corp", "alice")
            .await
            .unwrap_or_else(|status| panic!("{location}: password login: {status:?}"));
        assert_eq!(
            user.profile.as_ref().map(|p| p.email.as_str()),
            Some("alice@example.test")
        );
        let token = session_token(&mut client, "corp", false)
            .await
            .expect("token");
        assert_eq!(userinfo(&dot, &token.token).await.0, 200, "{location}");

        let lines = doctor_endpoints(&daemon, "corp");
        let said = |name: &str, source: &str| {
            lines.iter().any(|line| {
                line.contains(&format!(" {name} ")) && line.ends_with(&format!("(from {source})"))
            })
        };
        assert!(said("token_endpoint", "openid-configuration"), "{lines:#?}");
        assert!(
            said("revocation_endpoint", "oauth-authorization-server"),
            "{lines:#?}"
        );

        let before = dot.db(Some("latchkey-pass")).await;
        assert_eq!(count(&before, "revoked_refresh_tokens"), 0, "{before}");
        let out = client
            .log_out(proto::LogOutRequest {
                app: "corp".to_owned(),
                ..Default::default()
            })
            .await
            .expect("log out")
            .into_inner();
        assert!(
            out.revocation_error.is_empty(),
            "{location}: {}",
            out.revocation_error
        );
        let after = dot.db(Some("latchkey-pass")).await;
        assert_eq!(
            count(&after, "live_refresh_tokens"),
            0,
            "{location}: revoked at the provider: {after}"
        );
        assert_eq!(
            userinfo(&dot, &token.token).await.0,
            401,
            "{location}: the access token died with it"
        );
    }
}

/// Item 1: a provider that publishes no RFC 8414 metadata at all. The operator's `grants`
/// stand where its metadata lists no grant types, and the endpoints the configuration names
/// are used (and said by doctor to come from the configuration): password and device logins
/// work, logout revokes.
#[tokio::test]
async fn the_operator_completes_metadata_the_provider_leaves_out() {
    let Some(dot) = Dot::start(&["--metadata", "none"]) else {
        return;
    };
    // Without the operator's word the server is not believed to offer the password grant.
    let silent = dot.password_daemon("").await;
    let mut client = silent.sessions().await;
    let refused = password_login(&mut client, "corp", "alice")
        .await
        .expect_err("not offered");
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert!(refused.message().contains("password"), "{refused:?}");
    drop(client);
    drop(silent);

    let extra = format!(
        "grants = [\"password\", \"refresh_token\"]\nrevocation_endpoint = \"{}\"\n",
        dot.endpoint("revoke_token/")
    );
    let daemon = dot.password_daemon(&extra).await;
    let mut client = daemon.sessions().await;
    password_login(&mut client, "corp", "bob")
        .await
        .expect("the operator's grants stand");
    let lines = doctor_endpoints(&daemon, "corp");
    assert!(
        lines
            .iter()
            .any(|line| line.contains(" revocation_endpoint ")
                && line.ends_with("(from configuration)")),
        "{lines:#?}"
    );
    let out = client
        .log_out(proto::LogOutRequest {
            app: "corp".to_owned(),
            ..Default::default()
        })
        .await
        .expect("log out")
        .into_inner();
    assert!(out.revocation_error.is_empty(), "{}", out.revocation_error);
    let db = dot.db(Some("latchkey-pass")).await;
    assert_eq!(count(&db, "live_refresh_tokens"), 0, "{db}");
}

/// Runs a device login to `app` approved as `user` at the provider; the user.
async fn device_login(
    dot: &Dot,
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    app: &str,
    user: &str,
) -> Result<proto::User, tonic::Status> {
    let mut stream = client
        .log_in_with_device(proto::LogInWithDeviceRequest {
            app: app.to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner();
    let prompt = within("the device prompt", 15, stream.message())
        .await?
        .expect("a first message");
    assert!(!prompt.user_code.is_empty(), "{prompt:?}");
    dot.approve_device(&prompt.user_code, user).await;
    let last = within("the device login", 30, stream.message())
        .await?
        .expect("a last message");
    Ok(last.user.expect("the user"))
}

/// Item 2 (and item 1's configured endpoint): the provider's device authorization endpoint is
/// in neither metadata document, so the configuration names it; a confidential client that
/// authenticates with HTTP Basic also sends its client_id in the body (RFC 8628 §3.1), which
/// this provider requires. The provider's log shows the request and its answer.
#[tokio::test]
async fn a_confidential_device_login_sends_its_client_id_in_the_body_too() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let extra = format!(
        "grants = [\"device\", \"refresh_token\"]\ndevice_authorization_endpoint = \"{}\"\n",
        dot.endpoint("device-authorization/")
    );
    let daemon =
        Daemon::start_config(&dot.app_table("corp", "latchkey-device-c", false, &extra)).await;
    let mut client = daemon.sessions().await;
    let user = device_login(&dot, &mut client, "corp", "alice")
        .await
        .expect("device login");
    assert_eq!(
        user.profile.as_ref().map(|p| p.email.as_str()),
        Some("alice@example.test")
    );
    let requests = dot.requests().await;
    let asked = requests
        .iter()
        .find(|request| request["path"] == "/o/device-authorization/")
        .unwrap_or_else(|| panic!("{requests:#?}"));
    assert_eq!(asked["client_id_in_body"], true, "{asked}");
    assert_eq!(asked["status"], 200, "{asked}");
    let token = session_token(&mut client, "corp", false)
        .await
        .expect("token");
    assert_eq!(userinfo(&dot, &token.token).await.0, 200);
}

/// A public client's device login, then refresh with rotation: the provider's database shows
/// the rotated refresh token revoked and one live, and a forced refresh serves a new token.
#[tokio::test]
async fn a_public_device_login_refreshes_with_rotation() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let extra = format!(
        "grants = [\"device\", \"refresh_token\"]\ndevice_authorization_endpoint = \"{}\"\n",
        dot.endpoint("device-authorization/")
    );
    let daemon =
        Daemon::start_config(&dot.app_table("corp", "latchkey-device", true, &extra)).await;
    let mut client = daemon.sessions().await;
    device_login(&dot, &mut client, "corp", "bob")
        .await
        .expect("device login");
    let first = session_token(&mut client, "corp", false)
        .await
        .expect("token");
    let second = session_token(&mut client, "corp", true)
        .await
        .expect("forced refresh");
    assert_ne!(first.token, second.token);
    let db = dot.db(Some("latchkey-device")).await;
    assert_eq!(count(&db, "refresh_tokens"), 2, "{db}");
    assert_eq!(count(&db, "live_refresh_tokens"), 1, "{db}");
    assert_eq!(userinfo(&dot, &second.token).await.0, 200);
}

/// The browser login with PKCE through the provider's own sign-in and consent pages; the
/// session survives a SIGKILL of the daemon and one of the provider (its database keeps the
/// grant), and refreshes after both.
#[tokio::test]
async fn a_browser_login_survives_kill_9_of_the_daemon_and_of_the_provider() {
    let Some(mut dot) = Dot::start(&[]) else {
        return;
    };
    let config = dot.app_table("corp", "latchkey-web", false, "");
    let mut daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    let (url, query, mut stream) = browser_login(&mut client, "corp").await;
    assert_eq!(
        query.get("code_challenge_method").map(String::as_str),
        Some("S256")
    );
    let (status, page) = dot.browse(&url, "alice").await;
    assert_eq!(status, 200, "{page}");
    let user = browser_user(&mut stream).await;
    assert_eq!(
        user.profile.as_ref().map(|p| p.email.as_str()),
        Some("alice@example.test")
    );
    let before = session_token(&mut client, "corp", false)
        .await
        .expect("token");

    daemon.kill9();
    daemon.spawn().await;
    dot.kill_and_restart();
    let mut client = daemon.sessions().await;
    let kept = session_token(&mut client, "corp", false)
        .await
        .expect("kept");
    assert_eq!(
        kept.token, before.token,
        "served from the store after kill -9"
    );
    let fresh = session_token(&mut client, "corp", true)
        .await
        .expect("refreshed after both restarts");
    assert_eq!(userinfo(&dot, &fresh.token).await.0, 200);
    let db = dot.db(Some("latchkey-web")).await;
    assert_eq!(count(&db, "live_refresh_tokens"), 1, "{db}");
}

/// Client credentials, and a refresh token obtained elsewhere adopted as a session.
#[tokio::test]
async fn client_credentials_and_an_adopted_refresh_token() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let mut tables = "default_app = \"corp\"\n".to_owned();
    tables.push_str(&dot.app_table("service", "latchkey-service", false, ""));
    tables.push_str(&dot.app_table("corp", "latchkey-pass", false, ""));
    let daemon = Daemon::start_config(&tables).await;
    let mut client = daemon.sessions().await;
    let service = client
        .log_in(proto::LogInRequest {
            app: "service".to_owned(),
            credentials: creds(Kind::ClientCredentials(
                proto::ClientCredentialsCredential {},
            )),
        })
        .await
        .expect("client credentials")
        .into_inner();
    assert_eq!(service.id, "latchkey-service");
    assert_eq!(
        count(&dot.db(Some("latchkey-service")).await, "access_tokens"),
        1
    );

    // A refresh token the user got elsewhere, from the provider directly.
    let (_, adopted) = adopt_from_elsewhere(&dot, &mut client, "bob").await;
    assert!(!adopted.id.is_empty());
    let token = session_token(&mut client, "corp", false)
        .await
        .expect("token");
    assert_eq!(userinfo(&dot, &token.token).await.0, 200);
}

/// The provider revokes the session's grant (an administrator's action, in its database): the
/// daemon's next refresh is refused, the caller is told to log in again, and a `token_expired`
/// event says so.
#[tokio::test]
async fn a_grant_revoked_at_the_provider_ends_the_session_with_an_event() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let daemon = dot.password_daemon("").await;
    let mut client = daemon.sessions().await;
    let user = password_login(&mut client, "corp", "alice")
        .await
        .expect("login");
    let mut events = watch(
        &mut client,
        proto::WatchEventsRequest {
            app: "corp".to_owned(),
            ..Default::default()
        },
    )
    .await;
    dot.revoke_user("alice").await;
    let db = dot.db(Some("latchkey-pass")).await;
    assert_eq!(count(&db, "live_refresh_tokens"), 0, "{db}");
    let refused = session_token(&mut client, "corp", true)
        .await
        .expect_err("the refresh is refused");
    assert_eq!(refused.code(), Code::Unauthenticated, "{refused:?}");
    let expired = next_of_kind(&mut events, "token_expired", Duration::from_secs(10)).await;
    assert_eq!(expired.user_id, user.id);
}

/// A real browser: Debian's chromium, headless (driven by playwright-core, `tests/dot/
/// browser.mjs`), goes from the daemon's authorization URL through the provider's own sign-in
/// and consent pages to the daemon's loopback page. A screenshot of the page the user ends on
/// is kept as a test artifact (`target/test-artifacts/dot-browser-login.png`).
#[tokio::test]
async fn a_headless_chromium_signs_in_through_the_providers_pages() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
    if !std::path::Path::new(&chromium).exists()
        || !root.join("tests/dot/node_modules/playwright-core").exists()
    {
        skip(
            "no chromium or playwright-core (./.ci/run installs Debian's chromium and runs npm ci --prefix tests/dot)",
        );
        return;
    }
    let daemon = Daemon::start_config(&dot.app_table("corp", "latchkey-web", false, "")).await;
    let mut client = daemon.sessions().await;
    let (url, _, mut stream) = browser_login(&mut client, "corp").await;
    let artifacts = root.join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).expect("artifact directory");
    let screenshot = artifacts.join("dot-browser-login.png");
    let _ = std::fs::remove_file(&screenshot);
    let browser = tokio::process::Command::new("node")
        .arg(root.join("tests/dot/browser.mjs"))
        .args([
            "--url",
            &url,
            "--user",
            "bob",
            "--password",
            DOT_PASSWORD,
            "--screenshot",
        ])
        .arg(&screenshot)
        .env("CHROMIUM", &chromium)
        .kill_on_drop(true)
        .output();
    let out = within("the browser", 90, browser)
        .await
        .expect("run the browser");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last: Value = serde_json::from_slice(&out.stdout).expect("the browser's JSON line");
    assert!(
        last["url"]
            .as_str()
            .unwrap_or_default()
            .starts_with("http://127.0.0.1:")
            && last["url"]
                .as_str()
                .unwrap_or_default()
                .contains("/callback?"),
        "{last}"
    );
    assert!(
        last["text"]
            .as_str()
            .unwrap_or_default()
            .contains("latchkey has your sign-in"),
        "{last}"
    );
    let user = browser_user(&mut stream).await;
    assert_eq!(
        user.profile.as_ref().map(|p| p.email.as_str()),
        Some("bob@example.test")
    );
    let png = std::fs::read(&screenshot).expect("the screenshot");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 1000,
        "{} bytes",
        png.len()
    );
    let db = dot.db(Some("latchkey-web")).await;
    assert_eq!(count(&db, "live_refresh_tokens"), 1, "{db}");
}

/// A token for scopes, and what it costs the session's own grant (item 3). This provider offers
/// no token exchange and gives a rotated refresh token the narrowed request's scope: the first
/// narrowed token shows the daemon that (the session's own refresh that follows at once comes
/// back with the narrow scope), and from then on tokens for scopes are refused for the app with
/// a reason, so no other session's grant is narrowed: bob's session keeps its full scope, in
/// the provider's database and at its userinfo endpoint.
#[tokio::test]
async fn a_provider_that_narrows_the_session_gets_no_more_narrowed_requests() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let mut daemon = dot.password_daemon("").await;
    let mut client = daemon.sessions().await;
    let narrow = |user: &str| proto::GetAccessTokenRequest {
        app: "corp".to_owned(),
        user_id: user.to_owned(),
        scopes: vec!["read".to_owned()],
        ..Default::default()
    };
    let alice = password_login(&mut client, "corp", "alice")
        .await
        .expect("alice");
    let bob = password_login(&mut client, "corp", "bob")
        .await
        .expect("bob");
    let read = client
        .get_access_token(narrow(&alice.id))
        .await
        .expect("the first narrowed token")
        .into_inner();
    assert!(!read.token.is_empty());
    assert!(
        daemon
            .log()
            .contains("the provider narrowed the session's own grant"),
        "{}",
        daemon.log()
    );
    // Alice's own token is the one her session got in the check: it works (narrowed).
    let own = client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            user_id: alice.id.clone(),
            ..Default::default()
        })
        .await
        .expect("alice's own token")
        .into_inner();
    assert_ne!(
        userinfo(&dot, &own.token).await.0,
        200,
        "userinfo needs openid: alice's grant is narrowed"
    );

    let refused = client
        .get_access_token(narrow(&bob.id))
        .await
        .expect_err("refused for the app from now on");
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert!(refused.message().contains("narrowed"), "{refused:?}");
    let bobs = client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            user_id: bob.id.clone(),
            force_refresh: true,
            ..Default::default()
        })
        .await
        .expect("bob's own token, refreshed")
        .into_inner();
    let (status, claims) = userinfo(&dot, &bobs.token).await;
    assert_eq!(status, 200, "{claims}");
    let db = dot.db(Some("latchkey-pass")).await;
    let scopes = db["live_access_token_scopes"].as_array().expect("scopes");
    assert!(
        scopes
            .iter()
            .any(|scope| scope == "openid profile email read write"),
        "bob's grant is whole: {db}"
    );
    assert!(
        scopes.iter().any(|scope| scope == "read"),
        "alice's session, the one that showed it, is narrowed: {db}"
    );

    // What was learned outlives a restart: no session is narrowed again to find it out.
    let facts = std::fs::read_to_string(daemon.state_dir().join("oidc-facts.json"))
        .expect("the provider's facts are kept");
    assert!(facts.contains("\"narrows_grant\": true"), "{facts}");
    daemon.kill9();
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let refused = client
        .get_access_token(narrow(&bob.id))
        .await
        .expect_err("still refused after a restart");
    assert!(refused.message().contains("narrowed"), "{refused:?}");
    let db = dot.db(Some("latchkey-pass")).await;
    assert!(
        db["live_access_token_scopes"]
            .as_array()
            .expect("scopes")
            .iter()
            .any(|scope| scope == "openid profile email read write"),
        "bob's grant is still whole: {db}"
    );
}

/// Seconds from now to a token's `expires_at`.
fn seconds_left(token: &proto::AccessToken) -> i64 {
    let expires = token.expires_at.as_ref().expect("expires_at").seconds;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    expires - i64::try_from(now).expect("seconds")
}

/// Item 4: this provider ends the previous access token at each refresh. The daemon notices at
/// the first refresh (the previous token refused at userinfo, the new one taken), and from then
/// on a token's `expires_at` is the moment the daemon replaces it (two thirds of its 90 s), not
/// the provider's 90 s; `min_valid` counts against that moment. With
/// `refresh_ends_previous_token = true` it holds from the login on.
#[tokio::test]
async fn a_provider_that_ends_the_previous_token_gets_true_expiries() {
    let Some(dot) = Dot::start(&["--access-ttl", "90"]) else {
        return;
    };
    let daemon = dot.password_daemon("").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client, "corp", "alice")
        .await
        .expect("login");
    let first = session_token(&mut client, "corp", false)
        .await
        .expect("token");
    assert!(
        seconds_left(&first) > 80,
        "before it is seen: the provider's lifetime"
    );
    let second = session_token(&mut client, "corp", true)
        .await
        .expect("refreshed");
    assert_eq!(
        userinfo(&dot, &first.token).await.0,
        401,
        "the provider ended it"
    );
    let left = seconds_left(&second);
    assert!(
        (55..=61).contains(&left),
        "{left} s: the moment of its replacement"
    );
    assert!(
        daemon
            .log()
            .contains("ends the previous access token at each refresh"),
        "{}",
        daemon.log()
    );
    drop(client);
    drop(daemon);

    // Declared in the configuration, on tokens of 9 s: the login's token says 6 s, and
    // `min_valid` counts against that: 5 s asked for are more than it has once it is a second old
    // (too fresh before that for a refresh to give more), though the provider would keep it 9 s.
    let Some(short) = Dot::start(&["--access-ttl", "9"]) else {
        return;
    };
    let extra = "refresh_ends_previous_token = true\n";
    let daemon = short.password_daemon(extra).await;
    let mut client = daemon.sessions().await;
    password_login(&mut client, "corp", "bob")
        .await
        .expect("login");
    // Replaced for `min_valid` 5 s within 3.5 s of the login: the provider's 9 s would have
    // kept it at least 4 s, so only the 6 s reported can have asked for the replacement.
    let deadline = Deadline::new(
        "a token replaced for min_valid 5 s while the provider would still keep it 5 s",
        Duration::from_millis(3500),
    );
    let token = session_token(&mut client, "corp", false)
        .await
        .expect("token");
    let left = seconds_left(&token);
    assert!(
        (5..=6).contains(&left),
        "{left} s: declared, from the login on"
    );
    let replaced = loop {
        let answer = client
            .get_access_token(proto::GetAccessTokenRequest {
                app: "corp".to_owned(),
                min_valid: Some(prost_types::Duration {
                    seconds: 5,
                    nanos: 0,
                }),
                ..Default::default()
            })
            .await
            .expect("min_valid 5 s")
            .into_inner();
        if answer.token != token.token {
            break answer;
        }
        // Served again only while it is too fresh for a refresh to give more (a second).
        deadline.tick("still the login's token").await;
    };
    assert_eq!(
        userinfo(&short, &token.token).await.0,
        401,
        "the provider ended it"
    );
    assert_eq!(userinfo(&short, &replaced.token).await.0, 200);
}

/// Refresh-token reuse detection, from the provider's side: a refresh token the user got
/// elsewhere is adopted, the daemon's refresh rotates it, and the old one shows up at the
/// provider again (a copy left behind). The provider revokes the grant, the daemon's next
/// refresh is refused and the session ends with `token_expired`; the CLI says so too.
#[tokio::test]
async fn reuse_of_a_rotated_refresh_token_ends_the_session_and_the_cli_says_so() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let daemon = dot.password_daemon("").await;
    let mut client = daemon.sessions().await;
    let http = reqwest::Client::new();
    let (original, user) = adopt_from_elsewhere(&dot, &mut client, "alice").await;
    // The CLI hands out the session's token.
    let out = daemon.cli(&["--app", "corp", "token"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert_eq!(userinfo(&dot, &printed).await.0, 200);

    session_token(&mut client, "corp", true)
        .await
        .expect("a rotating refresh");
    let mut events = watch(
        &mut client,
        proto::WatchEventsRequest {
            app: "corp".to_owned(),
            ..Default::default()
        },
    )
    .await;
    let reused = http
        .post(dot.endpoint("token/"))
        .basic_auth("latchkey-pass", Some(DOT_SECRET))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", original.as_str()),
        ])
        .send()
        .await
        .expect("reuse");
    assert_eq!(reused.status(), 400, "the rotated token is refused");
    let db = dot.db(Some("latchkey-pass")).await;
    assert_eq!(
        count(&db, "live_refresh_tokens"),
        0,
        "the grant was revoked: {db}"
    );
    let refused = session_token(&mut client, "corp", true)
        .await
        .expect_err("the session's refresh token died with the grant");
    assert_eq!(refused.code(), Code::Unauthenticated, "{refused:?}");
    let expired = next_of_kind(&mut events, "token_expired", Duration::from_secs(10)).await;
    assert_eq!(expired.user_id, user.id);
    let out = daemon.cli(&["--app", "corp", "token"], "");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("log in"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `downscoping = "exchange"`: the operator allows only token exchange, which this provider
/// does not offer, so a token for scopes is refused with the reason and no session's grant is
/// touched (the provider's database shows alice's whole), not even the first one's.
#[tokio::test]
async fn an_app_that_allows_only_token_exchange_narrows_no_session() {
    let Some(dot) = Dot::start(&[]) else {
        return;
    };
    let extra = "downscoping = \"exchange\"\n";
    let daemon = dot.password_daemon(extra).await;
    let mut client = daemon.sessions().await;
    password_login(&mut client, "corp", "alice")
        .await
        .expect("login");
    let refused = client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            scopes: vec!["read".to_owned()],
            ..Default::default()
        })
        .await
        .expect_err("no token exchange here");
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert!(refused.message().contains("token exchange"), "{refused:?}");
    let db = dot.db(Some("latchkey-pass")).await;
    assert_eq!(
        db["live_access_token_scopes"],
        serde_json::json!(["openid profile email read write"]),
        "{db}"
    );
    assert_eq!(
        count(&db, "refresh_tokens"),
        1,
        "the refresh token was never used: {db}"
    );
}
