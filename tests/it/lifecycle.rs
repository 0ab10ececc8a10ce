//! The token lifecycle with short-lived tokens on the emulator: refresh before expiry with
//! jitter, single flight, outages with backoff, revocation, clock skew, and `WatchEvents`.

use std::collections::HashSet;
use std::time::Duration;

use latchkey::proto::{self, UserState, sessions_client::SessionsClient};
use reqwest::Method;
use serde_json::json;
use tonic::Code;
use tonic::transport::Channel;

use crate::harness::*;

fn exp_ms(token: &str) -> i64 {
    latchkey_emulator::jwt::payload(token).unwrap()["exp"]
        .as_i64()
        .unwrap()
        * 1000
}

/// Over three token lifetimes, a polling caller never gets an expired token, and the backend
/// sees about one refresh per lifetime, not one per call.
#[tokio::test]
async fn polling_never_sees_an_expired_token_and_refreshes_follow_the_lifetime() {
    let emulator = Emulator::start_with(&["--access-ttl", "3s"]);
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let started = tokio::time::Instant::now();
    let mut calls = 0;
    let mut seen = HashSet::new();
    while started.elapsed() < Duration::from_millis(9_500) {
        let token = client
            .get_access_token(token_request(0, false))
            .await
            .unwrap()
            .into_inner();
        assert!(
            exp_ms(&token.token) > now_ms(),
            "an expired token was handed out"
        );
        assert!(!token.stale);
        seen.insert(token.token);
        calls += 1;
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    // A refresh may be in flight as the loop ends: keep polling until its token is seen too.
    let settle = tokio::time::Instant::now() + Duration::from_secs(3);
    let refreshes = loop {
        let refreshes = emulator.counter("session.refresh").await;
        if seen.len() as u64 == refreshes + 1 || tokio::time::Instant::now() > settle {
            break refreshes;
        }
        let token = client
            .get_access_token(token_request(0, false))
            .await
            .unwrap()
            .into_inner();
        seen.insert(token.token);
        tokio::time::sleep(Duration::from_millis(40)).await;
    };
    println!(
        "{calls} calls, {refreshes} refreshes, {} distinct tokens over 9.5 s of 3 s tokens",
        seen.len()
    );
    assert!(
        (3..=8).contains(&refreshes),
        "{refreshes} refreshes over ~3 lifetimes"
    );
    assert_eq!(
        seen.len() as u64,
        refreshes + 1,
        "every refresh was used, none wasted"
    );
    assert!(calls > 100);
}

/// 1,000 concurrent forced refreshes (then 1,000 concurrent over-long `min_valid` calls) of
/// one session make exactly one refresh each time, and every caller gets the same new token.
#[tokio::test]
async fn concurrent_refreshes_of_one_session_share_a_single_flight() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let first = token(&mut client, "", false).await.unwrap().token;
    // A slow backend keeps the first refresh in flight while every other call arrives.
    let (status, _) = emulator
        .admin(
            Method::POST,
            "faults",
            Some(json!({"endpoint": "session.refresh", "latency_ms": 1500})),
        )
        .await;
    assert_eq!(status, 204);
    for (round, call) in [token_request(0, true), token_request(7_200_000, false)]
        .into_iter()
        .enumerate()
    {
        tokio::time::sleep(Duration::from_millis(1100)).await; // past the "just received" window
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let channel = daemon.channel().await;
            let call = call.clone();
            tasks.push(tokio::spawn(async move {
                let client = latchkey::proto::sessions_client::SessionsClient::new(channel);
                let calls = (0..100).map(|_| {
                    let mut client = client.clone();
                    let call = call.clone();
                    async move {
                        client
                            .get_access_token(call)
                            .await
                            .map(|r| r.into_inner().token)
                    }
                });
                futures_join_all(calls).await
            }));
        }
        let mut tokens = HashSet::new();
        for task in tasks {
            for result in task.await.unwrap() {
                tokens.insert(result.expect("every caller gets a token"));
            }
        }
        assert_eq!(
            tokens.len(),
            1,
            "round {round}: every caller got the same token"
        );
        assert!(!tokens.contains(&first));
        assert_eq!(
            emulator.counter("session.refresh").await,
            round as u64 + 1,
            "round {round}"
        );
    }
}

/// Awaits every future (a tiny join_all, to keep the futures crate out of the build).
async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.unwrap());
    }
    out
}

/// An outage longer than a token lifetime: nobody is logged out, `refresh_failed` events and
/// stale tokens while valid, UNAVAILABLE after expiry, automatic recovery.
#[tokio::test]
async fn outage_keeps_sessions_and_recovers_automatically() {
    let emulator = Emulator::start_with(&["--access-ttl", "3s"]);
    let config = format!(
        "{}refresh_backoff_cap = \"1s\"\n",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    let (status, _) = emulator
        .admin(
            Method::POST,
            "faults",
            Some(json!({"unreachable_ms": 6000})),
        )
        .await;
    assert_eq!(status, 204);
    let outage_started = tokio::time::Instant::now();
    let (mut stale, mut unavailable) = (0, 0);
    while outage_started.elapsed() < Duration::from_millis(5_000) {
        match client.get_access_token(token_request(1500, false)).await {
            Ok(token) => {
                let token = token.into_inner();
                assert!(exp_ms(&token.token) > now_ms(), "expired token handed out");
                if token.stale {
                    stale += 1;
                }
            }
            Err(status) => {
                assert_eq!(
                    (status.code(), reason(&status).as_str()),
                    (Code::Unavailable, "BACKEND_UNAVAILABLE")
                );
                unavailable += 1;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(stale > 0, "stale tokens were served while valid");
    assert!(unavailable > 0, "UNAVAILABLE once the token expired");
    assert_eq!(
        state(&current(&mut client).await.unwrap()),
        UserState::LoggedIn,
        "nobody logged out"
    );

    let mut kinds = Vec::new();
    let recovered = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        assert!(
            tokio::time::Instant::now() < recovered,
            "no recovery; events: {kinds:?}"
        );
        let event = next_event(&mut events, Duration::from_secs(10)).await;
        kinds.push(kind(&event));
        if kind(&event) == "token_refreshed" && kinds.contains(&"refresh_failed") {
            break;
        }
    }
    assert!(kinds.contains(&"backend_status"), "{kinds:?}");
    assert!(
        !kinds.contains(&"token_expired") && !kinds.contains(&"logged_out"),
        "{kinds:?}"
    );
    let fresh = client
        .get_access_token(token_request(0, false))
        .await
        .unwrap()
        .into_inner();
    assert!(!fresh.stale);
    assert_eq!(fresh.user_id, user.id);
}

/// A 429 with `Retry-After` is transient: the session stays, the cached token is served stale,
/// and the next attempt waits at least as long as the backend asked.
#[tokio::test]
async fn rate_limited_refresh_honours_retry_after() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    emulator
        .admin(
            Method::POST,
            "faults",
            Some(
                json!({"endpoint": "session.refresh", "status": 429, "retry_after_secs": 3,
                        "body": {"error": "slow down", "error_code": "TooManyRequests"}}),
            ),
        )
        .await;
    let asked = now_ms();
    let stale = client
        .get_access_token(token_request(0, true))
        .await
        .unwrap()
        .into_inner();
    assert!(
        stale.stale,
        "the cached token answers while the backend says wait"
    );
    let failed = loop {
        let event = next_event(&mut events, Duration::from_secs(2)).await;
        if let Some(proto::session_event::Kind::RefreshFailed(failed)) = event.kind {
            break failed;
        }
    };
    assert!(failed.error.contains("429"), "{}", failed.error);
    let next = timestamp_ms(failed.next_attempt_at.as_ref().unwrap());
    assert!(
        next >= asked + 3000,
        "retried {} ms later, before Retry-After",
        next - asked
    );
    let refreshed = next_event(&mut events, Duration::from_secs(10)).await;
    assert_eq!(
        kind(&refreshed),
        "token_refreshed",
        "the scheduler retries by itself"
    );
    assert!(now_ms() >= asked + 3000);
    assert_eq!(emulator.counter("session.refresh").await, 2);
}

/// Revocation: exactly one `token_expired`, REAUTH_REQUIRED to callers, the current user falls
/// back; a revoked anonymous user is removed.
#[tokio::test]
async fn revocation_is_reported_once_and_requires_a_new_login() {
    let emulator = Emulator::start_with(&["--access-ttl", "2s"]);
    emulator.register("p@example.com", "password16").await;
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let anon = log_in(&mut client, anonymous(true)).await.unwrap();
    let user = log_in(&mut client, email("p@example.com", "password16"))
        .await
        .unwrap();
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    emulator
        .admin(Method::POST, &format!("users/{}/revoke", user.id), None)
        .await;
    let mut seen = Vec::new();
    while !seen
        .iter()
        .any(|(k, _): &(&str, String)| *k == "current_user_changed")
    {
        let event = next_event(&mut events, Duration::from_secs(5)).await;
        seen.push((kind(&event), event.user_id.clone()));
    }
    let expired: Vec<_> = seen.iter().filter(|(k, _)| *k == "token_expired").collect();
    assert_eq!(expired.len(), 1, "{seen:?}");
    assert_eq!(expired[0].1, user.id);
    assert_eq!(
        current(&mut client).await.unwrap().id,
        anon.id,
        "the current user fell back"
    );
    let status = assert_error(
        token(&mut client, &user.id, false).await,
        Code::Unauthenticated,
        "REAUTH_REQUIRED",
    );
    assert!(status.message().contains("log in again"));

    emulator
        .admin(Method::POST, &format!("users/{}/revoke", anon.id), None)
        .await;
    let mut removed = false;
    for _ in 0..10 {
        let event = next_event(&mut events, Duration::from_secs(5)).await;
        assert_ne!(
            (kind(&event), event.user_id.as_str()),
            ("token_expired", user.id.as_str()),
            "a second token_expired"
        );
        if kind(&event) == "user_removed" && event.user_id == anon.id {
            removed = true;
            break;
        }
    }
    assert!(removed);
    assert_error(
        current(&mut client).await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    let listed = users(&mut client).await;
    assert_eq!(listed.len(), 1, "the anonymous user is gone");
    assert_eq!(state(&listed[0]), UserState::LoggedOut);
}

/// A backend clock 31 minutes ahead or behind (spec §10 item 39) causes no refresh loop: local
/// expiry comes from the token's lifetime, not from the backend's clock.
#[tokio::test]
async fn backend_clock_skew_causes_no_refresh_loop() {
    for offset in [1860, -1860] {
        let emulator = Emulator::start_with(&["--access-ttl", "3s"]);
        let (status, _) = emulator
            .admin(Method::POST, "clock", Some(json!({"offset_secs": offset})))
            .await;
        assert_eq!(status, 200);
        let daemon = Daemon::start(&emulator.base_url).await;
        let mut client = daemon.sessions().await;
        log_in(&mut client, anonymous(true)).await.unwrap();
        let started = tokio::time::Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            client
                .get_access_token(token_request(0, false))
                .await
                .unwrap();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let refreshes = emulator.counter("session.refresh").await;
        assert!(
            (1..=5).contains(&refreshes),
            "offset {offset}: {refreshes} refreshes in 5 s of 3 s tokens"
        );
    }
}

/// A daemon whose app warns `warning` before a refresh token of `refresh_ttl` expires, with one
/// anonymous user logged in, watched from before the login.
struct Warned {
    _emulator: Emulator,
    _daemon: Daemon,
    client: SessionsClient<Channel>,
    events: EventStream,
    login_at: i64,
    /// The refresh token's expiry, milliseconds since the Unix epoch.
    expires: i64,
}

async fn warned_login(refresh_ttl: &str, warning: &str) -> Warned {
    let emulator = Emulator::start_with(&["--refresh-ttl", refresh_ttl]);
    let config = format!(
        "{}refresh_token_warning = \"{warning}\"\n",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    let events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    let login_at = now_ms();
    let expires = timestamp_ms(user.refresh_token_expires_at.as_ref().unwrap());
    Warned {
        _emulator: emulator,
        _daemon: daemon,
        client,
        events,
        login_at,
        expires,
    }
}

/// A refresh token close to expiry is announced once, ahead of time.
#[tokio::test]
async fn refresh_token_expiry_is_announced_ahead() {
    // Bound whole: the emulator and daemon it holds live to the end of the test.
    let Warned {
        _emulator,
        _daemon,
        mut client,
        mut events,
        login_at,
        expires,
    } = warned_login("6s", "4s").await;
    loop {
        let event = next_event(&mut events, Duration::from_secs(5)).await;
        if let Some(proto::session_event::Kind::RefreshTokenExpiring(warning)) = &event.kind {
            let at = now_ms();
            assert_eq!(timestamp_ms(warning.expires_at.as_ref().unwrap()), expires);
            // Due 4 s before the (local) expiry, about 1 s after login.
            assert!(
                at - login_at >= 500 && at - login_at <= 3000,
                "warned {} ms after login",
                at - login_at
            );
            break;
        }
    }
    // Exactly once, even when the session is refreshed after the warning: every event until
    // past the refresh token's expiry, the whole time a warning could be due.
    client
        .get_access_token(token_request(0, true))
        .await
        .unwrap();
    let later = events_until(&mut events, expires + 500).await;
    let count = |name| {
        later
            .iter()
            .filter(|(event, _)| kind(event) == name)
            .count()
    };
    assert!(
        count("token_refreshed") > 0,
        "the forced refresh was seen: the stream is live"
    );
    assert_eq!(
        count("refresh_token_expiring"),
        0,
        "a second refresh_token_expiring"
    );
}

/// A refresh token whose warning is already due when it is issued (its lifetime is shorter than
/// the warning period) is announced at once after the login, and once only.
#[tokio::test]
async fn a_warning_due_at_login_is_announced_at_once() {
    let mut warned = warned_login("3s", "10s").await;
    let mut warnings = 0;
    for (event, at) in events_until(&mut warned.events, warned.expires).await {
        if kind(&event) == "refresh_token_expiring" {
            warnings += 1;
            assert!(
                at - warned.login_at <= 2000,
                "warned {} ms after login",
                at - warned.login_at
            );
        }
    }
    assert_eq!(
        warnings, 1,
        "one refresh_token_expiring before the refresh token expired"
    );
}
