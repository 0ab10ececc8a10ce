//! OpenID Connect sessions over time against the real provider: refresh with rotation over
//! several lifetimes, the end of a refresh token (expiry, server-side revocation), logout with
//! revocation, tokens for a purpose, an unreachable issuer, a SIGKILL after a rotation, an
//! adopted refresh token, and the configuration's refusals.

use std::process::Command;
use std::time::Duration;

use latchkey::proto::{self, credentials::Kind};
use tonic::Code;

use crate::harness::*;
use crate::oidc_logins::{corp_log_in, corp_log_out, device_login, first_device_message};

/// A token of `corp`'s current user, valid for no more than it has (`min_valid` 0), or a forced
/// refresh.
pub fn corp_token(force_refresh: bool) -> proto::GetAccessTokenRequest {
    proto::GetAccessTokenRequest {
        app: "corp".to_owned(),
        force_refresh,
        min_valid: Some(prost_types::Duration {
            seconds: 0,
            nanos: 0,
        }),
        ..Default::default()
    }
}

/// A provider started with `args`, a daemon with its app `corp`, and alice logged in there.
async fn alice_session(
    args: &[&str],
) -> (
    Provider,
    Daemon,
    proto::sessions_client::SessionsClient<tonic::transport::Channel>,
) {
    let provider = Provider::start(args);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    device_login(&provider, &mut client, "alice").await;
    (provider, daemon, client)
}

/// The token the daemon serves for `request`.
pub async fn served(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    request: proto::GetAccessTokenRequest,
) -> proto::AccessToken {
    client
        .get_access_token(request)
        .await
        .expect("an access token")
        .into_inner()
}

/// A token of alice, named (an expired user is no longer current).
fn alice_token() -> proto::GetAccessTokenRequest {
    proto::GetAccessTokenRequest {
        user_id: "alice".to_owned(),
        ..corp_token(true)
    }
}

fn corp_events() -> proto::WatchEventsRequest {
    proto::WatchEventsRequest {
        app: "corp".to_owned(),
        ..Default::default()
    }
}

/// Access tokens of 3 s are refreshed before expiry, over several lifetimes, each refresh
/// rotating the refresh token: every token served is one the provider accepts, and the daemon
/// never sends a rotated-out refresh token (the provider counts reuse, and reuse would revoke
/// the whole grant).
#[tokio::test]
async fn refresh_with_rotation_over_several_lifetimes() {
    let (provider, _daemon, mut client) = alice_session(&["--access-ttl", "3"]).await;
    let mut events = watch(&mut client, corp_events()).await;
    let mut seen = Vec::new();
    for _ in 0..4 {
        let event = next_event(&mut events, Duration::from_secs(6)).await;
        assert_eq!(kind(&event), "token_refreshed", "{event:?}");
        let token = served(&mut client, corp_token(false)).await;
        let introspection = provider.introspect(&token.token).await;
        assert_eq!(introspection["active"], true, "{introspection}");
        assert!(!seen.contains(&token.token), "a new token each lifetime");
        seen.push(token.token);
    }
    let counters = provider.counters().await;
    assert_eq!(counters["reused"], 0, "{counters}");
    assert!(provider.grants("refresh_token").await >= 4, "{counters}");
}

/// A refresh token that expires (4 s, without rotation) ends the session once: exactly one
/// `token_expired`, then REAUTH_REQUIRED for callers.
#[tokio::test]
async fn an_expired_refresh_token_ends_the_session_once() {
    let (_provider, _daemon, mut client) = alice_session(&[
        "--access-ttl",
        "2",
        "--refresh-ttl",
        "4",
        "--rotate",
        "false",
    ])
    .await;
    let mut events = watch(&mut client, corp_events()).await;
    let expired = loop {
        let event = next_event(&mut events, Duration::from_secs(8)).await;
        match kind(&event) {
            "token_refreshed" => continue,
            "token_expired" => break event,
            other => panic!("unexpected {other}: {event:?}"),
        }
    };
    assert_eq!(expired.user_id, "alice");
    let refused = client.get_access_token(alice_token()).await;
    assert_error(refused, Code::Unauthenticated, "REAUTH_REQUIRED");
    // The session ended once.
    assert_eq!(
        token_expired_within(&mut events, Duration::from_secs(3)).await,
        0
    );
}

/// How many `token_expired` events arrive within `window`.
async fn token_expired_within(events: &mut EventStream, window: Duration) -> usize {
    let deadline = tokio::time::Instant::now() + window;
    let mut count = 0;
    while let Ok(Ok(Some(event))) = tokio::time::timeout_at(deadline, events.message()).await {
        if kind(&event) == "token_expired" {
            count += 1;
        }
    }
    count
}

/// A grant revoked at the provider ends the session at the next refresh: one `token_expired`
/// and REAUTH_REQUIRED.
#[tokio::test]
async fn server_side_revocation_ends_the_session_once() {
    let (provider, _daemon, mut client) = alice_session(&[]).await;
    let mut events = watch(&mut client, corp_events()).await;
    provider.revoke_account("alice").await;
    let refused = client.get_access_token(corp_token(true)).await;
    assert_error(refused, Code::Unauthenticated, "REAUTH_REQUIRED");
    let event = next_event(&mut events, Duration::from_secs(5)).await;
    assert_eq!(kind(&event), "token_expired", "{event:?}");
    let again = client.get_access_token(alice_token()).await;
    assert_error(again, Code::Unauthenticated, "REAUTH_REQUIRED");
    assert_eq!(
        token_expired_within(&mut events, Duration::from_secs(2)).await,
        0
    );
}

/// Logout revokes the refresh token at the provider (RFC 7009), which then refuses the session's
/// tokens; a revocation that cannot reach the provider still logs out locally and says so in
/// the answer.
#[tokio::test]
async fn logout_revokes_at_the_provider() {
    let (provider, _daemon, mut client) = alice_session(&[]).await;
    let token = served(&mut client, corp_token(false)).await;
    assert_eq!(provider.introspect(&token.token).await["active"], true);
    let out = corp_log_out(&mut client).await;
    assert_eq!(state(&out), proto::UserState::LoggedOut);
    assert_eq!(out.revocation_error, "");
    assert_eq!(provider.counters().await["revocations"], 1);
    let introspection = provider.introspect(&token.token).await;
    assert_eq!(introspection["active"], false, "{introspection}");

    device_login(&provider, &mut client, "bob").await;
    drop(provider);
    let out = corp_log_out(&mut client).await;
    assert_eq!(state(&out), proto::UserState::LoggedOut);
    assert!(out.revocation_error.contains("unreachable"), "{out:?}");
}

/// A token for a purpose: `scopes` and `audience` give a token the provider accepts with exactly
/// that scope and audience, cached until it lacks `min_valid`; what the provider will not narrow
/// is PROVIDER_NOT_SUPPORTED, and an App Services app refuses the fields.
#[tokio::test]
async fn downscoped_tokens_carry_exactly_their_scope_and_audience() {
    let provider = Provider::start(&[]);
    let emulator = Emulator::start();
    let config = format!(
        "default_app = \"corp\"\n{}{}",
        provider.app_table("corp", ""),
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    device_login(&provider, &mut client, "alice").await;
    let own = served(&mut client, corp_token(false)).await;
    let narrow = |scopes: &[&str], audience: &str| proto::GetAccessTokenRequest {
        app: "corp".to_owned(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        audience: audience.to_owned(),
        ..Default::default()
    };
    let api = served(&mut client, narrow(&["api:read"], API)).await;
    assert_ne!(api.token, own.token);
    let introspection = provider.introspect(&api.token).await;
    assert_eq!(introspection["active"], true, "{introspection}");
    assert_eq!(introspection["scope"], "api:read", "{introspection}");
    assert_eq!(introspection["aud"], API, "{introspection}");
    let own_scope = provider.introspect(&own.token).await["scope"].clone();
    assert!(
        own_scope.as_str().unwrap().contains("openid"),
        "{own_scope}"
    );
    let cached = served(&mut client, narrow(&["api:read", "api:read"], API)).await;
    assert_eq!(cached.token, api.token, "cached per (scopes, audience)");
    let both = served(&mut client, narrow(&["api:write", "api:read"], API)).await;
    assert_eq!(
        provider.introspect(&both.token).await["scope"],
        "api:read api:write"
    );
    // The session's own token is untouched.
    let again = served(&mut client, corp_token(false)).await;
    assert_eq!(again.token, own.token);

    let unknown = client.get_access_token(narrow(&["admin"], API)).await;
    assert_error(unknown, Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED");
    let elsewhere = client
        .get_access_token(narrow(&["api:read"], "https://other.example.test"))
        .await;
    assert_error(
        elsewhere,
        Code::FailedPrecondition,
        "PROVIDER_NOT_SUPPORTED",
    );
    // A refused purpose does not hurt the session.
    client.get_access_token(corp_token(true)).await.unwrap();

    let cli = daemon.cli(
        &[
            "--app",
            "corp",
            "token",
            "--scope",
            "api:read",
            "--audience",
            API,
        ],
        "",
    );
    assert!(cli.status.success(), "{cli:?}");
    let printed = String::from_utf8_lossy(&cli.stdout).trim().to_owned();
    assert_eq!(provider.introspect(&printed).await["scope"], "api:read");

    let mut main = daemon.sessions().await;
    main.log_in(proto::LogInRequest {
        app: "main".to_owned(),
        credentials: anonymous(true),
    })
    .await
    .unwrap();
    // App Services tokens have no scopes; a scope with a space is no scope at all.
    for (app, scope) in [("main", "x"), ("corp", "two words")] {
        let request = proto::GetAccessTokenRequest {
            app: app.to_owned(),
            scopes: vec![scope.to_owned()],
            ..Default::default()
        };
        let refused = main.get_access_token(request).await;
        assert_error(refused, Code::InvalidArgument, "INVALID_ARGUMENT");
    }
}

/// An issuer that does not answer does not stop the daemon: it starts, reports the backend
/// unreachable, and logins are UNAVAILABLE with BACKEND_UNAVAILABLE.
#[tokio::test]
async fn an_unreachable_issuer_is_reported_not_fatal() {
    let port = free_port();
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "s").unwrap();
    let config = format!(
        "[apps.corp]\nkind = \"oidc\"\nissuer = \"http://127.0.0.1:{port}\"\nclient_id = \"latchkey\"\nclient_secret_file = \"{}\"\nrequest_timeout = \"2s\"\n",
        secret.path().display()
    );
    let daemon = Daemon::start_config(&config).await;
    let mut status_client = daemon.daemon().await;
    let mut reachable = None;
    for _ in 0..40 {
        let status = status_client
            .get_status(proto::GetStatusRequest {})
            .await
            .unwrap()
            .into_inner();
        reachable = status.apps[0].backend_reachable;
        if reachable.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(reachable, Some(false));
    let mut client = daemon.sessions().await;
    let result = corp_log_in(
        &mut client,
        "corp",
        Kind::ClientCredentials(proto::ClientCredentialsCredential {}),
    )
    .await;
    assert_error(result, Code::Unavailable, "BACKEND_UNAVAILABLE");
    let device = first_device_message(&mut client, "corp").await;
    assert_error(device, Code::Unavailable, "BACKEND_UNAVAILABLE");
}

/// SIGKILL right after a rotation loses nothing: the rotated refresh token was committed before
/// the new access token was served, so the restarted daemon's next refresh works (and the
/// provider saw no reuse).
#[tokio::test]
async fn sigkill_right_after_a_rotation_loses_no_session() {
    let (provider, mut daemon, mut client) = alice_session(&[]).await;
    let rotated = served(&mut client, corp_token(true)).await;
    daemon.kill9();
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let cached = served(&mut client, corp_token(false)).await;
    assert_eq!(cached.token, rotated.token);
    let fresh = served(&mut client, corp_token(true)).await;
    assert_eq!(provider.introspect(&fresh.token).await["active"], true);
    assert_eq!(provider.counters().await["reused"], 0);
}

/// A refresh whose answer is lost (the provider handled it; the answer took longer than
/// `request_timeout`) is tried once more with the same refresh token. Without rotation the
/// retry succeeds. With rotation the provider takes the retry for reuse of a rotated token and
/// revokes the grant: the session ends, once, with REAUTH_REQUIRED.
#[tokio::test]
async fn a_lost_refresh_answer_is_retried_with_the_same_refresh_token() {
    for rotate in ["false", "true"] {
        let provider = Provider::start(&[
            "--rotate",
            rotate,
            "--stall-refresh",
            "1",
            "--stall-seconds",
            "4",
        ]);
        let table = provider.app_table("corp", "request_timeout = \"2s\"\n");
        let daemon = Daemon::start_config(&table).await;
        let mut client = daemon.sessions().await;
        device_login(&provider, &mut client, "alice").await;
        let result = client.get_access_token(corp_token(true)).await;
        let counters = provider.counters().await;
        assert_eq!(counters["stalled"], 1, "{counters}");
        // The provider handled the first request; without rotation it also handled the retry.
        let handled = if rotate == "false" { 2 } else { 1 };
        assert_eq!(counters["grants"]["refresh_token"], handled, "{counters}");
        if rotate == "false" {
            let token = result.expect("the retry succeeds").into_inner();
            assert_eq!(provider.introspect(&token.token).await["active"], true);
        } else {
            assert_error(result, Code::Unauthenticated, "REAUTH_REQUIRED");
            assert_eq!(counters["reused"], 1, "{counters}");
        }
    }
}

/// A refresh token obtained elsewhere is adopted: the user is the token's `sub`.
#[tokio::test]
async fn an_imported_refresh_token_becomes_a_session() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let refresh = provider.refresh_token_of("frank").await;
    let cli = daemon.cli(
        &["--app", "corp", "login", "refresh-token"],
        &format!("{refresh}\n"),
    );
    assert!(cli.status.success(), "{cli:?}");
    assert!(String::from_utf8_lossy(&cli.stdout).contains("frank"));
    let mut client = daemon.sessions().await;
    let token = served(&mut client, corp_token(true)).await;
    assert_eq!(provider.introspect(&token.token).await["sub"], "frank");
}

/// The client secret never sits in the configuration, and its file must be the daemon's own
/// and private: otherwise the daemon refuses to start (exit 64) naming what is wrong.
#[tokio::test]
async fn unsafe_or_inline_client_secrets_stop_the_daemon() {
    let provider = Provider::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let loose = dir.path().join("loose.secret");
    std::fs::write(&loose, "s").unwrap();
    std::fs::set_permissions(&loose, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    let base = format!(
        "socket = \"{}\"\nstate_dir = \"{}\"\n",
        dir.path().join("s.sock").display(),
        dir.path().join("state").display()
    );
    let table = |extra: &str| {
        format!(
            "{base}[apps.corp]\nkind = \"oidc\"\nissuer = \"{}\"\nclient_id = \"latchkey\"\n{extra}",
            provider.issuer
        )
    };
    for (config, said) in [
        (
            table("client_secret = \"hunter2\"\n"),
            "never written in the configuration",
        ),
        (
            table(&format!("client_secret_file = \"{}\"\n", loose.display())),
            "mode 0600",
        ),
        (
            table("client_secret_file = \"/nonexistent/secret\"\n"),
            "cannot read the client secret",
        ),
        (
            table("client_secret_credential = \"corp\"\n"),
            "CREDENTIALS_DIRECTORY",
        ),
        (
            table("grants = [\"client_credentials\"]\n"),
            "confidential client",
        ),
        (
            format!("{base}[apps.corp]\nkind = \"oidc\"\nclient_id = \"x\"\n"),
            "issuer",
        ),
    ] {
        let path = dir.path().join("latchkeyd.toml");
        std::fs::write(&path, &config).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
            .arg("--config")
            .arg(&path)
            .env_remove("CREDENTIALS_DIRECTORY")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(64), "{config}\n{stderr}");
        assert!(stderr.contains(said), "{config}\n{stderr}");
        assert!(!stderr.contains("hunter2"), "{stderr}");
    }
}

/// Where the server lists token exchange (RFC 8693), a token for scopes is the session's access
/// token exchanged: the refresh token is never sent, so the session's grant cannot change, and
/// the session's own token stays what it was.
#[tokio::test]
async fn a_server_that_exchanges_tokens_narrows_without_the_refresh_token() {
    let provider = Hostile::start().await;
    provider.set(|b| b.token_exchange = true);
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("login");
    let own = client
        .get_access_token(proto::GetAccessTokenRequest::default())
        .await
        .expect("own token")
        .into_inner();
    let narrowed = client
        .get_access_token(proto::GetAccessTokenRequest {
            scopes: vec!["read".to_owned()],
            ..Default::default()
        })
        .await
        .expect("a narrowed token")
        .into_inner();
    assert!(
        narrowed.token.starts_with("exchanged-"),
        "{}",
        narrowed.token
    );
    assert_eq!(
        provider.exchanged(),
        [(own.token.clone(), "read".to_owned())],
        "the session's own token was exchanged"
    );
    assert_eq!(
        provider.grants("refresh_token"),
        0,
        "the refresh token was never sent"
    );
    let again = client
        .get_access_token(proto::GetAccessTokenRequest::default())
        .await
        .expect("own token")
        .into_inner();
    assert_eq!(
        again.token, own.token,
        "the session's own token is untouched"
    );
}
