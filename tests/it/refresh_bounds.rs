//! What a provider or a caller can make the refresh path do, bounded: a zero lifetime backs off
//! instead of storming, forced refreshes of one session are spaced, and an outage's end is
//! noticed within about a second while a failing backend sees about one request a second.

use std::time::Duration;

use latchkey::proto;
use serde_json::json;
use tokio::time::Instant;
use tonic::Code;

use crate::harness::*;

/// `expires_in: 0` is refused like a malformed answer: a login fails, and a session whose
/// refresh gets it backs off instead of asking again at once (it once made thousands of
/// requests in three seconds), whatever callers do meanwhile.
#[tokio::test]
async fn a_zero_lifetime_backs_off_instead_of_a_refresh_storm() {
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    provider.set(|b| b.expires_in = Some(json!(0)));
    let refused = password_login(&mut client).await.expect_err("accepted");
    assert!(
        refused.message().contains("too short"),
        "{}",
        refused.message()
    );

    provider.set(|b| b.expires_in = None);
    password_login(&mut client).await.expect("a good login");
    provider.set(|b| b.expires_in = Some(json!(0)));
    let before = provider.grants("refresh_token");
    let started = Instant::now();
    let mut calls = 0;
    let mut pace = tokio::time::interval(Duration::from_millis(10));
    while started.elapsed() < Duration::from_secs(3) && calls < 300 {
        pace.tick().await;
        // A caller that keeps asking for more than the session has.
        let _ = client
            .get_access_token(proto::GetAccessTokenRequest {
                app: "rp".to_owned(),
                min_valid: Some(prost_types::Duration {
                    seconds: 3600,
                    nanos: 0,
                }),
                ..Default::default()
            })
            .await;
        calls += 1;
    }
    let refreshes = provider.grants("refresh_token") - before;
    assert!(
        (1..=6).contains(&refreshes),
        "{refreshes} refreshes in 3 s for {calls} calls"
    );
    assert!(
        daemon.log().contains("too short"),
        "the failure is logged:\n{}",
        daemon.log()
    );
}

/// Callers looping on `force_refresh` reach the backend at most about once a second a session
/// (it once took 8,600 refreshes in 5 s); every forced call still gets a refreshed token.
#[tokio::test]
async fn forced_refreshes_of_one_session_are_bounded() {
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a good login");
    let before = provider.grants("refresh_token");
    let started = Instant::now();
    let mut loops = Vec::new();
    for _ in 0..8 {
        let mut client = daemon.sessions().await;
        loops.push(tokio::spawn(async move {
            let mut calls = 0;
            while started.elapsed() < Duration::from_secs(3) {
                let served = short_token(&mut client, true).await.expect("a token");
                // Tokens are numbered by issue: a forced call never gets the login's.
                assert_ne!(served.token, "access-1");
                calls += 1;
            }
            calls
        }));
    }
    let mut calls = 0;
    for looping in loops {
        calls += looping.await.unwrap();
    }
    let refreshes = provider.grants("refresh_token") - before;
    eprintln!("{calls} forced calls by 8 callers in 3 s: {refreshes} refreshes at the provider");
    assert!(calls >= 8, "only {calls} calls");
    assert!(
        (2..=5).contains(&refreshes),
        "{refreshes} refreshes for {calls} forced calls in 3 s"
    );
}

/// After an outage longer than the backoff's first steps, a caller holding an expired token gets
/// a fresh one within about a second of the backend's return (not when the backoff ends), and
/// while the backend is down it sees about one refresh a second however many callers ask.
#[tokio::test]
async fn tokens_come_back_within_a_second_of_the_backends_return() {
    let provider = Hostile::start().await;
    provider.set(|b| b.expires_in = Some(json!(3)));
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a good login");
    provider.set(|b| b.refresh_status = Some(503));
    let before = provider.grants("refresh_token");
    let outage = Duration::from_secs(15);
    let started = Instant::now();
    let mut callers = Vec::new();
    for _ in 0..4 {
        let mut client = daemon.sessions().await;
        callers.push(tokio::spawn(async move {
            let mut pace = tokio::time::interval(Duration::from_millis(20));
            while started.elapsed() < outage {
                pace.tick().await;
                let _ = short_token(&mut client, false).await;
            }
        }));
    }
    for caller in callers {
        caller.await.unwrap();
    }
    let during = provider.grants("refresh_token") - before;
    assert!(
        during <= outage.as_secs() + 4,
        "{during} refresh requests in a {}-s outage",
        outage.as_secs()
    );
    eprintln!("a {}-s outage: {during} refresh requests", outage.as_secs());
    let failing = short_token(&mut client, false)
        .await
        .expect_err("the token has expired");
    assert_eq!(failing.code(), Code::Unavailable, "{failing:?}");
    provider.set(|b| b.refresh_status = None);
    let back = Instant::now();
    let recovery = Deadline::new(
        "a token within 2.5 s of the backend's return",
        Duration::from_millis(2500),
    );
    loop {
        match short_token(&mut client, false).await {
            Ok(_) => break,
            Err(err) => recovery.tick(format!("still {err:?}")).await,
        }
    }
    eprintln!("a token {:?} after the backend returned", back.elapsed());
}
