//! Access tokens through the daemon's socket: cached versus refreshed, the 401 -> refresh ->
//! retry rule, revoked sessions, custom data, and a backend outage (spec §10 items 31, 32, 38, 40).

use std::time::Duration;

use latchkey::proto::{self, UserState};
use reqwest::Method;
use tonic::Code;

use crate::harness::*;

async fn token_with(
    client: &mut latchkey::proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    min_valid_secs: i64,
) -> proto::AccessToken {
    client
        .get_access_token(proto::GetAccessTokenRequest {
            min_valid: Some(prost_types::Duration {
                seconds: min_valid_secs,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
}

/// A cached token is handed out while it stays valid `min_valid`; asking for more, or forcing,
/// refreshes once.
#[tokio::test]
async fn cached_until_min_valid_or_force_asks_for_a_refresh() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    let first = token(&mut client, "", false).await.unwrap();
    assert_eq!(
        (first.user_id.as_str(), first.app.as_str(), first.stale),
        (user.id.as_str(), "main", false)
    );
    assert_eq!(
        latchkey_emulator::jwt::payload(&first.token).unwrap()["typ"],
        "access"
    );
    for _ in 0..5 {
        assert_eq!(
            token(&mut client, "", false).await.unwrap().token,
            first.token
        );
    }
    assert_eq!(emulator.counter("session.refresh").await, 0);
    // A token received less than a second ago is the best there is: it is not refreshed again
    // for an over-long min_valid.
    assert_eq!(token_with(&mut client, 7200).await.token, first.token);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let longer = token_with(&mut client, 7200).await;
    assert_ne!(longer.token, first.token);
    assert_eq!(emulator.counter("session.refresh").await, 1);
    let forced = token(&mut client, "", true).await.unwrap();
    assert_ne!(forced.token, longer.token);
    assert_eq!(emulator.counter("session.refresh").await, 2);
    assert_eq!(
        token(&mut client, "", false).await.unwrap().token,
        forced.token,
        "the new token is cached"
    );
}

/// Item 31: a request with an expired access token gets 401, refreshes, and succeeds.
#[tokio::test]
async fn expired_access_token_is_refreshed_transparently() {
    let emulator = Emulator::start();
    emulator.register("k@example.com", "password11").await;
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, email("k@example.com", "password11"))
        .await
        .unwrap();
    // The backend refuses the next access-token request as it does an expired token.
    let (status, _) = emulator
        .admin(
            Method::POST,
            "faults",
            Some(serde_json::json!({
                "endpoint": "delete",
                "status": 401,
                "body": {"error": "invalid session: access token expired", "error_code": "InvalidSession"},
                "count": 1,
            })),
        )
        .await;
    assert_eq!(status, 204);
    let refreshes = emulator.counter("session.refresh").await;
    client
        .delete_user(proto::DeleteUserRequest {
            app: String::new(),
            user_id: user.id.clone(),
            ..Default::default()
        })
        .await
        .expect("delete succeeds after a refresh");
    assert_eq!(
        emulator.counter("delete").await,
        2,
        "first attempt 401, retry succeeds"
    );
    assert_eq!(emulator.counter("session.refresh").await, refreshes + 1);
    assert!(emulator.user(&user.id).await.is_none());
}

/// Item 32: a revoked refresh token logs an email user out: REAUTH_REQUIRED, state logged out,
/// the current user falls back.
#[tokio::test]
async fn revoked_session_requires_a_new_login() {
    let emulator = Emulator::start();
    emulator.register("l@example.com", "password12").await;
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let other = log_in(&mut client, anonymous(true)).await.unwrap();
    let user = log_in(&mut client, email("l@example.com", "password12"))
        .await
        .unwrap();
    let (status, _) = emulator
        .admin(Method::POST, &format!("users/{}/revoke", user.id), None)
        .await;
    assert_eq!(status, 204);
    // The cached access token still works until it expires (as on the real server)...
    token(&mut client, "", false).await.expect("cached token");
    // ...but the session cannot be refreshed.
    assert_error(
        token(&mut client, "", true).await,
        Code::Unauthenticated,
        "REAUTH_REQUIRED",
    );
    let listed = users(&mut client).await;
    let stored = listed.iter().find(|u| u.id == user.id).unwrap();
    assert_eq!(state(stored), UserState::LoggedOut);
    assert_eq!(current(&mut client).await.unwrap().id, other.id);
    assert_error(
        token(&mut client, &user.id, false).await,
        Code::Unauthenticated,
        "REAUTH_REQUIRED",
    );
    let back = log_in(&mut client, email("l@example.com", "password12"))
        .await
        .unwrap();
    assert_eq!(back.id, user.id, "logging in again revives the same user");
}

/// Item 38: a revoked anonymous user is removed and there is no current user.
#[tokio::test]
async fn revoked_anonymous_user_is_removed() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let anon = log_in(&mut client, anonymous(true)).await.unwrap();
    emulator
        .admin(Method::POST, &format!("users/{}/revoke", anon.id), None)
        .await;
    let refresh = refresh_user(&mut client, "").await;
    assert_error(refresh, Code::Unauthenticated, "REAUTH_REQUIRED");
    assert!(users(&mut client).await.is_empty());
    assert_error(
        current(&mut client).await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    let again = refresh_user(&mut client, &anon.id).await;
    assert_error(again, Code::NotFound, "USER_NOT_FOUND");
}

/// Item 40: custom data changed on the server shows after RefreshUser; the profile stays.
#[tokio::test]
async fn custom_data_is_visible_after_refresh_user() {
    let emulator = Emulator::start();
    emulator.register("m@example.com", "password13").await;
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, email("m@example.com", "password13"))
        .await
        .unwrap();
    assert!(user.custom_data.is_none());
    let (status, _) = emulator
        .admin(
            Method::PUT,
            &format!("users/{}/custom-data", user.id),
            Some(serde_json::json!({"favourite": "tea", "visits": 3})),
        )
        .await;
    assert_eq!(status, 204);
    assert!(
        current(&mut client).await.unwrap().custom_data.is_none(),
        "stale until refreshed"
    );
    let refreshed = refresh_user(&mut client, "").await.unwrap();
    let custom = refreshed.custom_data.expect("custom data");
    assert_eq!(
        custom.fields["favourite"].kind,
        Some(prost_types::value::Kind::StringValue("tea".into()))
    );
    assert_eq!(
        custom.fields["visits"].kind,
        Some(prost_types::value::Kind::NumberValue(3.0))
    );
    assert_eq!(refreshed.profile.unwrap().email, "m@example.com");
}

/// A backend outage keeps the session: the cached token is served, marked stale, while valid.
#[tokio::test]
async fn outage_serves_the_cached_token_as_stale() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let cached = token(&mut client, "", false).await.unwrap();
    drop(emulator);
    let during = token(&mut client, "", true)
        .await
        .expect("served during the outage");
    assert_eq!(
        (during.token.as_str(), during.stale),
        (cached.token.as_str(), true)
    );
    let user = current(&mut client).await.unwrap();
    assert_eq!(
        state(&user),
        UserState::LoggedIn,
        "a transient failure logs no one out"
    );
    let status = daemon
        .daemon()
        .await
        .get_status(proto::GetStatusRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(status.apps[0].backend_reachable, Some(false));
}

const INVALID_SESSION: &str = r#"{"error":"invalid session","error_code":"InvalidSession"}"#;

/// The bearer token a recorded request carried.
fn bearer(request: &crate::harness::scripted::Recorded) -> String {
    request
        .header("authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned()
}

/// Reads events until one of `until` comes; returns how many `token_refreshed` came first.
async fn refreshes_until(events: &mut EventStream, until: &str) -> usize {
    let mut refreshed = 0;
    loop {
        let event = next_event(events, Duration::from_secs(5)).await;
        match kind(&event) {
            "token_refreshed" => refreshed += 1,
            kind if kind == until => return refreshed,
            _ => {}
        }
    }
}

/// A 401 on a link and on a profile fetch goes through the session's one refresh path: exactly
/// one refresh request, one `token_refreshed` event, the retry carries the refreshed token, and
/// `GetAccessToken` then serves the new token without refreshing again.
#[tokio::test]
async fn a_refused_access_token_on_a_link_or_a_profile_fetch_is_refreshed_once() {
    use crate::harness::scripted::{self, Scripted};
    let server = Scripted::start().await;
    let daemon = Daemon::start(&server.base_url).await;
    let mut client = daemon.sessions().await;
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    let json = Some("application/json");
    let refreshes = |server: &Scripted| {
        server
            .log()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/auth/session"))
            .count()
    };

    // The profile fetch after a login.
    let refreshed = scripted::token("u1", "access", serde_json::json!({}));
    server.push("/auth/profile", 401, json, INVALID_SESSION);
    let answer = serde_json::json!({ "access_token": refreshed }).to_string();
    server.push("/auth/session", 201, json, &answer);
    let user = log_in(&mut client, email("a@example.com", "secret-pw"))
        .await
        .expect("the login succeeds after one refresh");
    assert_eq!(user.profile.unwrap().email, "a@example.com");
    assert_eq!(refreshes(&server), 1);
    let profiles: Vec<_> = server
        .log()
        .into_iter()
        .filter(|r| r.path.ends_with("/auth/profile"))
        .collect();
    assert_eq!(profiles.len(), 2);
    assert_eq!(
        bearer(&profiles[1]),
        refreshed,
        "the retry carries the new token"
    );
    assert_eq!(refreshes_until(&mut events, "logged_in").await, 1);
    assert_eq!(
        token(&mut client, "", false).await.unwrap().token,
        refreshed
    );
    assert_eq!(refreshes(&server), 1, "the new token is cached");

    // A link.
    let second = scripted::token("u1", "access", serde_json::json!({}));
    let linked = scripted::token("u1", "access", serde_json::json!({}));
    server.push("/login", 401, json, INVALID_SESSION);
    let answer = serde_json::json!({ "access_token": second }).to_string();
    server.push("/auth/session", 201, json, &answer);
    let answer = serde_json::json!({
        "access_token": linked,
        "refresh_token": scripted::token("u1", "refresh", serde_json::json!({})),
        "user_id": user.id,
        "device_id": "bbbbbbbbbbbbbbbbbbbbbbbb",
    });
    server.push("/login", 200, json, &answer.to_string());
    client
        .link_credentials(proto::LinkCredentialsRequest {
            credentials: email("b@example.com", "secret-pw"),
            ..Default::default()
        })
        .await
        .expect("the link succeeds after one refresh");
    assert_eq!(refreshes(&server), 2);
    let links: Vec<_> = server
        .log()
        .into_iter()
        .filter(|r| r.path.ends_with("/login") && r.query.contains("link=true"))
        .collect();
    assert_eq!(links.len(), 2, "one 401, one retry");
    assert_eq!(bearer(&links[0]), refreshed);
    assert_eq!(bearer(&links[1]), second, "the retry carries the new token");
    assert_eq!(refreshes_until(&mut events, "profile_updated").await, 1);
    assert_eq!(
        token(&mut client, "", false).await.unwrap().token,
        linked,
        "the link's new token is served"
    );
    assert_eq!(refreshes(&server), 2);
}

/// Caller-triggered refreshes share the session's backoff: while a refused refresh's retry is
/// not due (`Retry-After`), `force_refresh`, an over-long `min_valid` and `RefreshUser` send
/// nothing to the backend; callers get the cached token marked stale, or UNAVAILABLE.
#[tokio::test]
async fn callers_inside_the_backoff_window_send_nothing_to_the_backend() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let cached = token(&mut client, "", false).await.unwrap().token;
    // Past the window in which a token is too fresh to be refreshed for a longer min_valid.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let (status, _) = emulator
        .admin(
            Method::POST,
            "faults",
            Some(serde_json::json!({
                "endpoint": "session.refresh", "status": 429, "retry_after_secs": 60, "count": 1000,
                "body": {"error": "slow down", "error_code": "TooManyRequests"},
            })),
        )
        .await;
    assert_eq!(status, 204);
    let first = token(&mut client, "", true).await.unwrap();
    assert!(first.stale);
    assert_eq!(emulator.counter("session.refresh").await, 1);
    for _ in 0..20 {
        let forced = token(&mut client, "", true).await.unwrap();
        assert_eq!(
            (forced.token.as_str(), forced.stale),
            (cached.as_str(), true)
        );
        let longer = token_with(&mut client, 7200).await;
        assert!(longer.stale);
    }
    let refused = assert_error(
        refresh_user(&mut client, "").await,
        Code::Unavailable,
        "BACKEND_UNAVAILABLE",
    );
    assert!(
        refused.message().contains("next refresh is due"),
        "{}",
        refused.message()
    );
    assert_eq!(
        emulator.counter("session.refresh").await,
        1,
        "nothing was sent inside the backoff window"
    );
}

/// After a restart (kill -9) the stored sessions answer from the store as they were: the same
/// tokens without a refresh at the backend, custom data read from the tokens' sealed part, a
/// listing and an API-key call, each session's tokens opened by its owner's first request.
#[tokio::test]
async fn a_restarted_daemon_serves_stored_sessions_without_refreshing_them() {
    let emulator = Emulator::start();
    emulator.register("r@example.com", "password13").await;
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let named = log_in(&mut client, email("r@example.com", "password13"))
        .await
        .unwrap();
    let anonymous_user = log_in(&mut client, anonymous(true)).await.unwrap();
    // Custom data for both: the start opens one stored record (the seal key's check), and the
    // other must be opened by the listing.
    for user in [&named, &anonymous_user] {
        let (status, _) = emulator
            .admin(
                Method::PUT,
                &format!("users/{}/custom-data", user.id),
                Some(serde_json::json!({"favourite": "tea"})),
            )
            .await;
        assert_eq!(status, 204);
        refresh_user(&mut client, &user.id).await.unwrap();
    }
    let before = [
        token(&mut client, &named.id, false).await.unwrap().token,
        token(&mut client, &anonymous_user.id, false)
            .await
            .unwrap()
            .token,
    ];
    // Refreshed tokens are committed without waiting for the disk; the next durable commit (a
    // switch of the current user) takes them with it.
    client
        .switch_user(proto::SwitchUserRequest {
            user_id: named.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    drop(client);
    daemon.kill9();
    let refreshes = emulator.counter("session.refresh").await;
    daemon.spawn().await;

    let mut client = daemon.sessions().await;
    let listed = users(&mut client).await;
    assert_eq!(listed.len(), 2);
    for stored in &listed {
        assert_eq!(stored.state, UserState::LoggedIn as i32);
        let custom = stored.custom_data.clone().expect("custom data");
        assert_eq!(
            custom.fields["favourite"].kind,
            Some(prost_types::value::Kind::StringValue("tea".into()))
        );
    }
    let after = [
        token(&mut client, &named.id, false).await.unwrap().token,
        token(&mut client, &anonymous_user.id, false)
            .await
            .unwrap()
            .token,
    ];
    assert_eq!(after, before);
    let mut keys = latchkey::proto::api_keys_client::ApiKeysClient::new(daemon.channel().await);
    keys.create_api_key(proto::CreateApiKeyRequest {
        user_id: named.id.clone(),
        name: "after-restart".to_owned(),
        ..Default::default()
    })
    .await
    .expect("an API key made with the refresh token read from the store");
    assert_eq!(
        emulator.counter("session.refresh").await,
        refreshes,
        "no refresh at the backend"
    );
    assert!(!daemon.log().contains("does not open"), "{}", daemon.log());
}
