//! The user rules of spec §8 (§10 items 8, 10-28, 37, 41, 47, 60-64) through the daemon's socket
//! against the emulator.

use latchkey::proto::{self, UserState};
use reqwest::Method;
use tonic::Code;

use crate::harness::*;

pub(crate) async fn setup() -> (Emulator, Daemon) {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    (emulator, daemon)
}

pub(crate) fn provider_types(user: &proto::User) -> Vec<&str> {
    user.identities
        .iter()
        .map(|i| i.provider_type.as_str())
        .collect()
}

async fn switch(client: &mut SessionsClient, user_id: &str) -> Result<proto::User, tonic::Status> {
    client
        .switch_user(proto::SwitchUserRequest {
            app: String::new(),
            user_id: user_id.to_owned(),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

async fn remove(client: &mut SessionsClient, user_id: &str) -> Result<proto::User, tonic::Status> {
    client
        .remove_user(proto::RemoveUserRequest {
            app: String::new(),
            user_id: user_id.to_owned(),
            ..Default::default()
        })
        .await
        .map(|response| response.into_inner().user.expect("user"))
}

async fn delete(client: &mut SessionsClient, user_id: &str) -> Result<proto::User, tonic::Status> {
    client
        .delete_user(proto::DeleteUserRequest {
            app: String::new(),
            user_id: user_id.to_owned(),
            ..Default::default()
        })
        .await
        .map(|response| response.into_inner().user.expect("user"))
}

type SessionsClient = latchkey::proto::sessions_client::SessionsClient<tonic::transport::Channel>;

/// Items 8, 12, 27, 41: anonymous login fills identities, profile and device id, becomes current,
/// and survives a daemon restart.
#[tokio::test]
async fn anonymous_login_populates_the_user_and_survives_restart() {
    let (_emulator, mut daemon) = setup().await;
    let mut client = daemon.sessions().await;
    assert_error(
        current(&mut client).await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    let user = log_in(&mut client, anonymous(false)).await.unwrap();
    assert_eq!(state(&user), UserState::LoggedIn);
    assert!(user.is_current && user.is_anonymous);
    assert_eq!(provider_types(&user), ["anon-user"]);
    assert_eq!(user.provider_type, "anon-user");
    assert_eq!(user.device_id.len(), 24);
    assert_ne!(user.device_id, "000000000000000000000000");
    assert!(user.access_token_expires_at.is_some() && user.refresh_token_expires_at.is_some());
    assert!(user.profile.as_ref().unwrap().data.is_some());
    assert_eq!(user.owner_uid, 0);
    daemon.terminate().await;
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let again = current(&mut client).await.unwrap();
    assert_eq!(
        (again.id.as_str(), again.identities.len()),
        (user.id.as_str(), 1)
    );
    assert_eq!(again.device_id, user.device_id);
}

/// Items 10, 11: `new_user` creates a second anonymous user; reuse returns the same one without
/// a request.
#[tokio::test]
async fn anonymous_reuse_versus_new_user() {
    let (emulator, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    let first = log_in(&mut client, anonymous(false)).await.unwrap();
    let logins = emulator.counter("login").await;
    let reused = log_in(&mut client, anonymous(false)).await.unwrap();
    assert_eq!(reused.id, first.id);
    assert_eq!(
        emulator.counter("login").await,
        logins,
        "reuse makes no request"
    );
    assert_eq!(users(&mut client).await.len(), 1);
    let second = log_in(&mut client, anonymous(true)).await.unwrap();
    assert_ne!(second.id, first.id);
    assert_eq!(users(&mut client).await.len(), 2);
}

/// Items 13, 14, 15: a second login becomes current; anonymous reuse makes the old anonymous
/// user current again; logging it out removes it and the other user becomes current.
#[tokio::test]
async fn current_user_follows_logins_and_anonymous_logout_removes() {
    let (emulator, daemon) = setup().await;
    emulator.register("ann@example.com", "password1").await;
    let mut client = daemon.sessions().await;
    let anon = log_in(&mut client, anonymous(false)).await.unwrap();
    let ann = log_in(&mut client, email("ann@example.com", "password1"))
        .await
        .unwrap();
    assert_eq!(current(&mut client).await.unwrap().id, ann.id);
    let reused = log_in(&mut client, anonymous(false)).await.unwrap();
    assert_eq!(reused.id, anon.id);
    assert_eq!(current(&mut client).await.unwrap().id, anon.id);
    let out = log_out(&mut client, "").await.unwrap();
    assert_eq!(
        (out.id.as_str(), state(&out)),
        (anon.id.as_str(), UserState::Removed)
    );
    assert_eq!(current(&mut client).await.unwrap().id, ann.id);
    let all = users(&mut client).await;
    assert_eq!(
        all.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        [ann.id.as_str()]
    );
}

/// Items 16, 17: logging out an email user keeps it, logged out; again is a no-op; with no other
/// logged-in user there is no current user.
#[tokio::test]
async fn email_logout_keeps_the_user_and_is_idempotent() {
    let (emulator, daemon) = setup().await;
    emulator.register("bob@example.com", "password2").await;
    let mut client = daemon.sessions().await;
    let bob = log_in(&mut client, email("bob@example.com", "password2"))
        .await
        .unwrap();
    let out = log_out(&mut client, "").await.unwrap();
    assert_eq!(state(&out), UserState::LoggedOut);
    let logouts = emulator.counter("session.logout").await;
    assert_eq!(logouts, 1, "the refresh token was revoked at the backend");
    let again = log_out(&mut client, &bob.id).await.unwrap();
    assert_eq!(state(&again), UserState::LoggedOut);
    assert_eq!(
        emulator.counter("session.logout").await,
        1,
        "no second request"
    );
    assert_error(
        current(&mut client).await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    assert_error(
        token(&mut client, &bob.id, false).await,
        Code::FailedPrecondition,
        "USER_NOT_LOGGED_IN",
    );
    let listed = users(&mut client).await;
    assert_eq!((listed.len(), state(&listed[0])), (1, UserState::LoggedOut));
}

/// Item 18: switching between logged-in users; switching to a logged-out one fails and leaves
/// the current user alone.
#[tokio::test]
async fn switch_user_rules() {
    let (emulator, daemon) = setup().await;
    emulator.register("c1@example.com", "password3").await;
    emulator.register("c2@example.com", "password3").await;
    let mut client = daemon.sessions().await;
    let c1 = log_in(&mut client, email("c1@example.com", "password3"))
        .await
        .unwrap();
    let c2 = log_in(&mut client, email("c2@example.com", "password3"))
        .await
        .unwrap();
    assert!(switch(&mut client, &c1.id).await.unwrap().is_current);
    assert_eq!(current(&mut client).await.unwrap().id, c1.id);
    log_out(&mut client, &c2.id).await.unwrap();
    assert_error(
        switch(&mut client, &c2.id).await,
        Code::FailedPrecondition,
        "USER_NOT_LOGGED_IN",
    );
    assert_error(
        switch(&mut client, "ffffffffffffffffffffffff").await,
        Code::NotFound,
        "USER_NOT_FOUND",
    );
    assert_error(
        switch(&mut client, "").await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    assert_eq!(current(&mut client).await.unwrap().id, c1.id);
}

/// Items 19, 20: removing a logged-in user logs it out and forgets it; a logged-out user is
/// forgotten locally; removing twice fails.
#[tokio::test]
async fn remove_user_rules() {
    let (emulator, daemon) = setup().await;
    emulator.register("d@example.com", "password4").await;
    let mut client = daemon.sessions().await;
    let anon = log_in(&mut client, anonymous(true)).await.unwrap();
    let removed = remove(&mut client, "").await.unwrap();
    assert_eq!(
        (removed.id.as_str(), state(&removed)),
        (anon.id.as_str(), UserState::Removed)
    );
    assert_error(
        current(&mut client).await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    assert_error(
        remove(&mut client, &anon.id).await,
        Code::NotFound,
        "USER_NOT_FOUND",
    );
    assert_eq!(
        emulator.counter("session.logout").await,
        1,
        "logged in: logged out at the backend"
    );

    let d = log_in(&mut client, email("d@example.com", "password4"))
        .await
        .unwrap();
    log_out(&mut client, &d.id).await.unwrap();
    let removed = remove(&mut client, &d.id).await.unwrap();
    assert_eq!(state(&removed), UserState::Removed);
    assert_eq!(
        emulator.counter("session.logout").await,
        2,
        "logged out: no second request"
    );
    assert_error(
        remove(&mut client, &d.id).await,
        Code::NotFound,
        "USER_NOT_FOUND",
    );
    assert!(users(&mut client).await.is_empty());
}

/// Item 21: log in, remove, log in again with the same email: same backend user, profile kept.
#[tokio::test]
async fn log_in_remove_log_in_again() {
    let (emulator, daemon) = setup().await;
    emulator.register("e@example.com", "password5").await;
    let mut client = daemon.sessions().await;
    let first = log_in(&mut client, email("e@example.com", "password5"))
        .await
        .unwrap();
    remove(&mut client, "").await.unwrap();
    let second = log_in(&mut client, email("e@example.com", "password5"))
        .await
        .unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(state(&second), UserState::LoggedIn);
    assert_eq!(second.profile.unwrap().email, "e@example.com");
}

/// Items 22-25: linking rules.
#[tokio::test]
async fn linking_keeps_the_user() {
    let (emulator, daemon) = setup().await;
    emulator.register("f@example.com", "password6").await;
    let mut client = daemon.sessions().await;
    let anon = log_in(&mut client, anonymous(false)).await.unwrap();
    let link = |user_id: &str, credentials| proto::LinkCredentialsRequest {
        app: String::new(),
        user_id: user_id.to_owned(),
        credentials,
    };
    let refused = client.link_credentials(link("", anonymous(true))).await;
    assert_error(refused, Code::InvalidArgument, "INVALID_ARGUMENT");
    let linked = client
        .link_credentials(link("", email("f@example.com", "password6")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(linked.id, anon.id);
    assert_eq!(provider_types(&linked), ["anon-user", "local-userpass"]);
    assert!(!linked.is_anonymous && linked.is_current);
    let other = log_in(&mut client, anonymous(false)).await.unwrap();
    assert_ne!(other.id, anon.id, "a linked user is no longer anonymous");
    log_out(&mut client, &linked.id).await.unwrap();
    let refused = client
        .link_credentials(link(&linked.id, email("f@example.com", "password6")))
        .await;
    assert_error(refused, Code::FailedPrecondition, "USER_NOT_LOGGED_IN");
    let back = log_in(&mut client, email("f@example.com", "password6"))
        .await
        .unwrap();
    assert_eq!(
        (back.id.as_str(), state(&back)),
        (anon.id.as_str(), UserState::LoggedIn)
    );
}

/// Item 28: delete user; again fails; the same email no longer logs in.
#[tokio::test]
async fn delete_user_rules() {
    let (emulator, daemon) = setup().await;
    emulator.register("g@example.com", "password7").await;
    let mut client = daemon.sessions().await;
    let g = log_in(&mut client, email("g@example.com", "password7"))
        .await
        .unwrap();
    let deleted = delete(&mut client, "").await.unwrap();
    assert_eq!(
        (deleted.id.as_str(), state(&deleted)),
        (g.id.as_str(), UserState::Removed)
    );
    assert!(users(&mut client).await.is_empty());
    assert_error(
        current(&mut client).await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    assert_error(
        delete(&mut client, &g.id).await,
        Code::NotFound,
        "USER_NOT_FOUND",
    );
    assert!(
        emulator.user(&g.id).await.is_none(),
        "deleted at the backend"
    );
    assert_error(
        log_in(&mut client, email("g@example.com", "password7")).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );

    let anon = log_in(&mut client, anonymous(true)).await.unwrap();
    log_out(&mut client, &anon.id).await.unwrap();
    assert_error(
        delete(&mut client, &anon.id).await,
        Code::NotFound,
        "USER_NOT_FOUND",
    );
    emulator.register("h@example.com", "password8").await;
    let h = log_in(&mut client, email("h@example.com", "password8"))
        .await
        .unwrap();
    log_out(&mut client, &h.id).await.unwrap();
    assert_error(
        delete(&mut client, &h.id).await,
        Code::FailedPrecondition,
        "USER_NOT_LOGGED_IN",
    );
}

/// Items 37, 47: a disabled user cannot log in; after re-enabling, the same user comes back.
#[tokio::test]
async fn disabled_user_and_wrong_password() {
    let (emulator, daemon) = setup().await;
    emulator.register("i@example.com", "password9").await;
    let mut client = daemon.sessions().await;
    assert_error(
        log_in(&mut client, email("i@example.com", "wrong-password")).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    assert_error(
        log_in(&mut client, email("nobody@example.com", "password9")).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    let user = log_in(&mut client, email("i@example.com", "password9"))
        .await
        .unwrap();
    log_out(&mut client, "").await.unwrap();
    let (status, _) = emulator
        .admin(Method::POST, &format!("users/{}/disable", user.id), None)
        .await;
    assert_eq!(status, 204);
    assert_error(
        log_in(&mut client, email("i@example.com", "password9")).await,
        Code::PermissionDenied,
        "USER_DISABLED",
    );
    emulator
        .admin(Method::POST, &format!("users/{}/enable", user.id), None)
        .await;
    let back = log_in(&mut client, email("i@example.com", "password9"))
        .await
        .unwrap();
    assert_eq!(back.id, user.id);
}

/// Items 60, 62, 63, 64: creation order, logged-out users listed, re-login keeps identities and
/// creation time, the current user falls back to the first logged-in user.
#[tokio::test]
async fn listing_order_relogin_and_fallback() {
    let (emulator, daemon) = setup().await;
    for name in ["j1", "j2", "j3"] {
        emulator
            .register(&format!("{name}@example.com"), "password10")
            .await;
    }
    let mut client = daemon.sessions().await;
    let mut ids = Vec::new();
    for name in ["j1", "j2", "j3"] {
        let user = log_in(
            &mut client,
            email(&format!("{name}@example.com"), "password10"),
        )
        .await
        .unwrap();
        assert!(user.is_current, "a new user becomes current");
        ids.push(user.id);
    }
    log_out(&mut client, &ids[1]).await.unwrap();
    let listed: Vec<String> = users(&mut client).await.into_iter().map(|u| u.id).collect();
    assert_eq!(listed, ids, "creation order, logged-out users included");
    // The current user (j3) logs out: the first logged-in user (j1) takes its place.
    log_out(&mut client, &ids[2]).await.unwrap();
    assert_eq!(current(&mut client).await.unwrap().id, ids[0]);
    let before = users(&mut client).await.remove(1);
    let again = log_in(&mut client, email("j2@example.com", "password10"))
        .await
        .unwrap();
    assert_eq!(again.created_at, before.created_at);
    assert_eq!(again.identities, before.identities);
    assert_ne!(
        again.device_id, before.device_id,
        "the device id comes from the new login"
    );
    let listed: Vec<String> = users(&mut client).await.into_iter().map(|u| u.id).collect();
    assert_eq!(listed, ids, "re-login keeps the creation order");
}

/// A login whose caller goes away while the backend answers still ends whole: the session the
/// backend granted is stored, current and announced (not kept half in memory).
#[tokio::test]
async fn a_login_abandoned_by_its_caller_completes() {
    let (emulator, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    let (status, _) = emulator
        .admin(
            Method::POST,
            "faults",
            Some(serde_json::json!({"endpoint": "profile", "latency_ms": 1000})),
        )
        .await;
    assert_eq!(status, 204);
    let mut impatient = daemon.sessions().await;
    let abandoned = tokio::time::timeout(
        std::time::Duration::from_millis(300),
        log_in(&mut impatient, anonymous(true)),
    )
    .await;
    assert!(abandoned.is_err(), "the caller gave up before the answer");
    drop(impatient);
    let logged_in = loop {
        let event = next_event(&mut events, std::time::Duration::from_secs(5)).await;
        if kind(&event) == "logged_in" {
            break event;
        }
    };
    let listed = users(&mut client).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, logged_in.user_id);
    assert_eq!(state(&listed[0]), UserState::LoggedIn);
    assert!(listed[0].is_current);
}
