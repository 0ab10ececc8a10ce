//! User API keys and the email/password account flows through the daemon's socket against the
//! emulator (spec §5, §6, §10 items 42-48).

use latchkey::proto::{
    self, UserState, api_keys_client::ApiKeysClient, credentials::Kind,
    email_password_client::EmailPasswordClient,
};
use reqwest::Method;
use serde_json::json;
use tonic::Code;
use tonic::transport::Channel;

use crate::harness::*;

async fn setup() -> (
    Emulator,
    Daemon,
    ApiKeysClient<Channel>,
    EmailPasswordClient<Channel>,
) {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let channel = daemon.channel().await;
    (
        emulator,
        daemon,
        ApiKeysClient::new(channel.clone()),
        EmailPasswordClient::new(channel),
    )
}

fn create(name: &str) -> proto::CreateApiKeyRequest {
    proto::CreateApiKeyRequest {
        name: name.to_owned(),
        ..Default::default()
    }
}

fn get(id: &str) -> proto::GetApiKeyRequest {
    proto::GetApiKeyRequest {
        id: id.to_owned(),
        ..Default::default()
    }
}

async fn register(
    accounts: &mut EmailPasswordClient<Channel>,
    email: &str,
    password: &str,
) -> Result<(), tonic::Status> {
    accounts
        .register_user(proto::RegisterUserRequest {
            app: String::new(),
            email: email.to_owned(),
            password: password.to_owned(),
        })
        .await
        .map(drop)
}

async fn pending_token(emulator: &Emulator, kind: &str, email: &str) -> (String, String) {
    let (_, tokens) = emulator.admin(Method::GET, "tokens", None).await;
    let token = tokens
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == kind && t["email"] == email)
        .unwrap_or_else(|| panic!("no {kind} token for {email}: {tokens}"));
    (
        token["token"].as_str().unwrap().to_owned(),
        token["token_id"].as_str().unwrap().to_owned(),
    )
}

/// Items 42, 43: create (with the secret, once), fetch (without), list, disable, enable,
/// delete; then the key logs in as its user, and a disabled key does not.
#[tokio::test]
async fn api_key_lifecycle_and_login_with_the_key() {
    let (emulator, daemon, mut keys, mut accounts) = setup().await;
    register(&mut accounts, "q@example.com", "password17")
        .await
        .unwrap();
    let mut client = daemon.sessions().await;
    let owner = log_in(&mut client, email("q@example.com", "password17"))
        .await
        .unwrap();
    let created = keys
        .create_api_key(create("laptop"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (created.name.as_str(), created.disabled, created.id.len()),
        ("laptop", false, 24)
    );
    assert!(
        !created.key.is_empty(),
        "the secret comes with the creation"
    );
    let fetched = keys
        .get_api_key(get(&created.id))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (fetched.id.as_str(), fetched.key.as_str()),
        (created.id.as_str(), "")
    );
    let listed = keys
        .list_api_keys(proto::ListApiKeysRequest::default())
        .await
        .unwrap()
        .into_inner()
        .api_keys;
    assert_eq!(listed.len(), 1);
    assert!(listed[0].key.is_empty());

    let store = std::fs::read(daemon.store_path()).unwrap();
    assert!(
        !String::from_utf8_lossy(&store).contains(&created.key),
        "the key's secret is never stored"
    );

    let by_key = || {
        creds(Kind::ApiKey(proto::ApiKeyCredential {
            key: created.key.clone(),
        }))
    };
    let as_key = log_in(&mut client, by_key()).await.unwrap();
    assert_eq!(as_key.id, owner.id, "a user API key logs in as its user");

    keys.disable_api_key(proto::DisableApiKeyRequest {
        id: created.id.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(
        keys.get_api_key(get(&created.id))
            .await
            .unwrap()
            .into_inner()
            .disabled
    );
    assert_error(
        log_in(&mut client, by_key()).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    keys.enable_api_key(proto::EnableApiKeyRequest {
        id: created.id.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    assert!(
        !keys
            .get_api_key(get(&created.id))
            .await
            .unwrap()
            .into_inner()
            .disabled
    );
    assert_eq!(log_in(&mut client, by_key()).await.unwrap().id, owner.id);

    keys.delete_api_key(proto::DeleteApiKeyRequest {
        id: created.id.clone(),
        ..Default::default()
    })
    .await
    .unwrap();
    let status = assert_error(
        keys.get_api_key(get(&created.id)).await,
        Code::NotFound,
        "API_KEY_NOT_FOUND",
    );
    assert_eq!(error_metadata(&status)["error_code"], "APIKeyNotFound");
    assert_error(
        log_in(&mut client, by_key()).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    assert!(emulator.counter("login").await >= 4);
}

/// Items 44, 45 and the refusals: no user, another user's key, an anonymous user, a duplicate
/// name, the 20-key limit, bad ids.
#[tokio::test]
async fn api_key_refusals() {
    let (_emulator, daemon, mut keys, mut accounts) = setup().await;
    assert_error(
        keys.list_api_keys(proto::ListApiKeysRequest::default())
            .await,
        Code::NotFound,
        "NO_CURRENT_USER",
    );
    register(&mut accounts, "r1@example.com", "password18")
        .await
        .unwrap();
    register(&mut accounts, "r2@example.com", "password18")
        .await
        .unwrap();
    let mut client = daemon.sessions().await;
    let first = log_in(&mut client, email("r1@example.com", "password18"))
        .await
        .unwrap();
    let key = keys
        .create_api_key(create("one"))
        .await
        .unwrap()
        .into_inner();
    assert_error(
        keys.create_api_key(create("one")).await,
        Code::AlreadyExists,
        "API_KEY_ALREADY_EXISTS",
    );
    assert_error(
        keys.create_api_key(create("  ")).await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    assert_error(
        keys.get_api_key(get("not-an-id")).await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    for n in 1..20 {
        keys.create_api_key(create(&format!("key {n}")))
            .await
            .unwrap();
    }
    assert_error(
        keys.create_api_key(create("one too many")).await,
        Code::ResourceExhausted,
        "API_KEY_LIMIT_REACHED",
    );

    let second = log_in(&mut client, email("r2@example.com", "password18"))
        .await
        .unwrap();
    assert_ne!(first.id, second.id);
    assert!(
        keys.list_api_keys(proto::ListApiKeysRequest::default())
            .await
            .unwrap()
            .into_inner()
            .api_keys
            .is_empty()
    );
    let id = key.id.clone();
    assert_error(
        keys.get_api_key(get(&id)).await,
        Code::NotFound,
        "API_KEY_NOT_FOUND",
    );
    assert_error(
        keys.enable_api_key(proto::EnableApiKeyRequest {
            id: id.clone(),
            ..Default::default()
        })
        .await,
        Code::NotFound,
        "API_KEY_NOT_FOUND",
    );
    assert_error(
        keys.disable_api_key(proto::DisableApiKeyRequest {
            id: id.clone(),
            ..Default::default()
        })
        .await,
        Code::NotFound,
        "API_KEY_NOT_FOUND",
    );
    assert_error(
        keys.delete_api_key(proto::DeleteApiKeyRequest {
            id: id.clone(),
            ..Default::default()
        })
        .await,
        Code::NotFound,
        "API_KEY_NOT_FOUND",
    );
    // The first user's key is still there, for the first user.
    let mine = keys
        .get_api_key(proto::GetApiKeyRequest {
            user_id: first.id.clone(),
            id,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(mine.name, "one");

    log_in(&mut client, anonymous(true)).await.unwrap();
    assert_error(
        keys.create_api_key(create("anon")).await,
        Code::FailedPrecondition,
        "ANONYMOUS_USER",
    );
}

/// A refused refresh token on an API-key call logs the user out (spec §4.4).
#[tokio::test]
async fn api_key_call_with_a_revoked_session_logs_the_user_out() {
    let (emulator, daemon, mut keys, mut accounts) = setup().await;
    register(&mut accounts, "s@example.com", "password19")
        .await
        .unwrap();
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, email("s@example.com", "password19"))
        .await
        .unwrap();
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    emulator
        .admin(Method::POST, &format!("users/{}/revoke", user.id), None)
        .await;
    assert_error(
        keys.list_api_keys(proto::ListApiKeysRequest::default())
            .await,
        Code::Unauthenticated,
        "REAUTH_REQUIRED",
    );
    let listed = users(&mut client).await;
    assert_eq!(state(&listed[0]), UserState::LoggedOut);
    let event = next_event(&mut events, std::time::Duration::from_secs(2)).await;
    assert_eq!(
        (kind(&event), event.user_id.as_str()),
        ("token_expired", user.id.as_str())
    );
    assert_eq!(
        emulator.counter("session.logout").await,
        1,
        "a normal logout followed"
    );
}

/// Register, confirm by token, log in; resend and retry on a confirmed account; bogus tokens;
/// unknown emails; password length (items 46-48).
#[tokio::test]
async fn registration_and_confirmation_flows() {
    let (emulator, daemon, _keys, mut accounts) = setup().await;
    let mut client = daemon.sessions().await;
    let status = assert_error(
        register(&mut accounts, "t@example.com", "short").await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    assert!(status.message().contains("between 6 and 128"));
    assert_error(
        register(&mut accounts, "not-an-email", "password20").await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    emulator
        .admin(
            Method::PUT,
            "config",
            Some(json!({"confirmation": "token"})),
        )
        .await;
    register(&mut accounts, "t@example.com", "password20")
        .await
        .unwrap();
    let status = assert_error(
        register(&mut accounts, "t@example.com", "password20").await,
        Code::AlreadyExists,
        "ACCOUNT_NAME_IN_USE",
    );
    assert_eq!(error_metadata(&status)["error_code"], "AccountNameInUse");
    assert_error(
        log_in(&mut client, email("t@example.com", "password20")).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );

    let bogus = proto::ConfirmUserRequest {
        app: String::new(),
        token: "nope".into(),
        token_id: "nope".into(),
    };
    assert_error(
        accounts.confirm_user(bogus).await,
        Code::InvalidArgument,
        "INVALID_TOKEN",
    );
    accounts
        .resend_confirmation_email(proto::ResendConfirmationEmailRequest {
            app: String::new(),
            email: "t@example.com".into(),
        })
        .await
        .unwrap();
    let (token, token_id) = pending_token(&emulator, "confirmation", "t@example.com").await;
    accounts
        .confirm_user(proto::ConfirmUserRequest {
            app: String::new(),
            token,
            token_id,
        })
        .await
        .unwrap();
    log_in(&mut client, email("t@example.com", "password20"))
        .await
        .expect("confirmed accounts log in");

    let resend = accounts
        .resend_confirmation_email(proto::ResendConfirmationEmailRequest {
            app: String::new(),
            email: "t@example.com".into(),
        })
        .await;
    assert_error(resend, Code::FailedPrecondition, "ALREADY_CONFIRMED");
    let retry = accounts
        .retry_custom_confirmation(proto::RetryCustomConfirmationRequest {
            app: String::new(),
            email: "t@example.com".into(),
        })
        .await;
    assert_error(retry, Code::FailedPrecondition, "ALREADY_CONFIRMED");
    let unknown = accounts
        .retry_custom_confirmation(proto::RetryCustomConfirmationRequest {
            app: String::new(),
            email: "nobody@example.com".into(),
        })
        .await;
    assert_error(unknown, Code::NotFound, "USER_NOT_FOUND");

    // A confirmation function that succeeds confirms at once; one that fails refuses the account.
    emulator
        .admin(
            Method::PUT,
            "config",
            Some(json!({"confirmation": "function", "confirmation_function": "success"})),
        )
        .await;
    register(&mut accounts, "u@example.com", "password21")
        .await
        .unwrap();
    log_in(&mut client, email("u@example.com", "password21"))
        .await
        .unwrap();
    emulator
        .admin(
            Method::PUT,
            "config",
            Some(json!({"confirmation_function": "fail"})),
        )
        .await;
    let status = register(&mut accounts, "v@example.com", "password21")
        .await
        .unwrap_err();
    assert!(
        status.message().contains("failed to confirm user"),
        "{}",
        status.message()
    );
}

/// Reset by token: the old password is refused, the new accepted; reset by function; bogus
/// tokens and unknown emails (item 48).
#[tokio::test]
async fn password_reset_flows() {
    let (emulator, daemon, _keys, mut accounts) = setup().await;
    let mut client = daemon.sessions().await;
    register(&mut accounts, "w@example.com", "old-password")
        .await
        .unwrap();
    accounts
        .send_reset_password_email(proto::SendResetPasswordEmailRequest {
            app: String::new(),
            email: "w@example.com".into(),
        })
        .await
        .unwrap();
    let bogus = proto::ResetPasswordRequest {
        app: String::new(),
        password: "new-password".into(),
        token: "x".into(),
        token_id: "y".into(),
    };
    assert_error(
        accounts.reset_password(bogus).await,
        Code::InvalidArgument,
        "INVALID_TOKEN",
    );
    let (token, token_id) = pending_token(&emulator, "reset", "w@example.com").await;
    accounts
        .reset_password(proto::ResetPasswordRequest {
            app: String::new(),
            password: "new-password".into(),
            token,
            token_id,
        })
        .await
        .unwrap();
    assert_error(
        log_in(&mut client, email("w@example.com", "old-password")).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    log_in(&mut client, email("w@example.com", "new-password"))
        .await
        .expect("the new password works");

    emulator
        .admin(
            Method::PUT,
            "config",
            Some(json!({"reset": "function", "reset_function": "success"})),
        )
        .await;
    let call =
        |email: &str, password: &str, arguments: &str| proto::CallResetPasswordFunctionRequest {
            app: String::new(),
            email: email.to_owned(),
            password: password.to_owned(),
            arguments_json: arguments.to_owned(),
        };
    accounts
        .call_reset_password_function(call(
            "w@example.com",
            "third-password",
            r#"[{"$numberInt":"5"}, "why"]"#,
        ))
        .await
        .unwrap();
    log_in(&mut client, email("w@example.com", "third-password"))
        .await
        .unwrap();
    assert_error(
        accounts
            .call_reset_password_function(call("w@example.com", "x-password", "{}"))
            .await,
        Code::InvalidArgument,
        "INVALID_ARGUMENT",
    );
    assert_error(
        accounts
            .call_reset_password_function(call("nobody@example.com", "x-password", ""))
            .await,
        Code::NotFound,
        "USER_NOT_FOUND",
    );
    emulator
        .admin(
            Method::PUT,
            "config",
            Some(json!({"reset_function": "fail"})),
        )
        .await;
    let status = accounts
        .call_reset_password_function(call("w@example.com", "fourth-password", "[]"))
        .await
        .unwrap_err();
    assert!(
        status.message().contains("failed to reset password"),
        "{}",
        status.message()
    );
    let unknown = accounts
        .send_reset_password_email(proto::SendResetPasswordEmailRequest {
            app: String::new(),
            email: "nobody@example.com".into(),
        })
        .await;
    assert_error(unknown, Code::NotFound, "USER_NOT_FOUND");
}
