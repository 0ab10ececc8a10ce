//! Request helpers: credentials, the common `Sessions` calls, and assertions on a failed call's
//! code and `ErrorInfo` reason.

use latchkey::proto::{self, credentials::Kind, sessions_client::SessionsClient};
use tonic::transport::Channel;
use tonic_types::StatusExt;

pub fn creds(kind: Kind) -> Option<proto::Credentials> {
    Some(proto::Credentials { kind: Some(kind) })
}

pub fn anonymous(new_user: bool) -> Option<proto::Credentials> {
    creds(Kind::Anonymous(proto::AnonymousCredential { new_user }))
}

pub fn email(email: &str, password: &str) -> Option<proto::Credentials> {
    creds(Kind::EmailPassword(proto::EmailPasswordCredential {
        email: email.to_owned(),
        password: password.to_owned(),
    }))
}

pub async fn log_in(
    client: &mut SessionsClient<Channel>,
    credentials: Option<proto::Credentials>,
) -> Result<proto::User, tonic::Status> {
    client
        .log_in(proto::LogInRequest {
            app: String::new(),
            credentials,
        })
        .await
        .map(tonic::Response::into_inner)
}

pub async fn current(client: &mut SessionsClient<Channel>) -> Result<proto::User, tonic::Status> {
    client
        .get_current_user(proto::GetCurrentUserRequest {
            app: String::new(),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

pub async fn users(client: &mut SessionsClient<Channel>) -> Vec<proto::User> {
    client
        .list_users(proto::ListUsersRequest {
            app: String::new(),
            ..Default::default()
        })
        .await
        .expect("list users")
        .into_inner()
        .users
}

pub async fn log_out(
    client: &mut SessionsClient<Channel>,
    user_id: &str,
) -> Result<proto::User, tonic::Status> {
    client
        .log_out(proto::LogOutRequest {
            app: String::new(),
            user_id: user_id.to_owned(),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

pub async fn token(
    client: &mut SessionsClient<Channel>,
    user_id: &str,
    force_refresh: bool,
) -> Result<proto::AccessToken, tonic::Status> {
    client
        .get_access_token(proto::GetAccessTokenRequest {
            app: String::new(),
            user_id: user_id.to_owned(),
            min_valid: None,
            force_refresh,
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

pub async fn refresh_user(
    client: &mut SessionsClient<Channel>,
    user_id: &str,
) -> Result<proto::User, tonic::Status> {
    client
        .refresh_user(proto::RefreshUserRequest {
            app: String::new(),
            user_id: user_id.to_owned(),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

/// The ErrorInfo reason of a status (empty when it has none).
pub fn reason(status: &tonic::Status) -> String {
    status
        .get_error_details()
        .error_info()
        .map(|info| info.reason.clone())
        .unwrap_or_default()
}

/// The ErrorInfo metadata of a status.
pub fn error_metadata(status: &tonic::Status) -> std::collections::HashMap<String, String> {
    status
        .get_error_details()
        .error_info()
        .map(|info| info.metadata.clone())
        .unwrap_or_default()
}

/// Asserts a failed call's code and reason.
#[track_caller]
pub fn assert_error<T: std::fmt::Debug>(
    result: Result<T, tonic::Status>,
    code: tonic::Code,
    expected_reason: &str,
) -> tonic::Status {
    let status = result.expect_err("call should fail");
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (code, expected_reason),
        "unexpected error: {status:?}"
    );
    status
}

pub fn state(user: &proto::User) -> proto::UserState {
    proto::UserState::try_from(user.state).expect("known state")
}

/// A `GetAccessToken` request for the current user.
pub fn token_request(min_valid_ms: u64, force_refresh: bool) -> proto::GetAccessTokenRequest {
    proto::GetAccessTokenRequest {
        min_valid: Some(prost_types::Duration {
            seconds: (min_valid_ms / 1000) as i64,
            nanos: ((min_valid_ms % 1000) * 1_000_000) as i32,
        }),
        force_refresh,
        ..Default::default()
    }
}

/// An emulator, a daemon serving app `main` on it, and a client logged in as a new anonymous
/// user there.
pub async fn anonymous_session() -> (
    crate::harness::Emulator,
    crate::harness::Daemon,
    SessionsClient<Channel>,
) {
    let emulator = crate::harness::Emulator::start();
    let daemon = crate::harness::Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true))
        .await
        .expect("anonymous login");
    (emulator, daemon, client)
}
