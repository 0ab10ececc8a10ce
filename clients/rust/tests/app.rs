//! The Realm SDK's shape ([`App`], [`Credentials`], [`User`]) against a real daemon and its
//! built-in emulator: every credential kind the emulator offers, the user list, switching, API
//! keys, linking, custom data, logout, removal, deletion and the expiry callback.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

use std::time::Duration;

use latchkey_client::proto::session_event::Kind;
use latchkey_client::{App, Credentials, Reason, UserState};
use reqwest::Method;
use serde_json::json;

mod common;
use common::{Daemon, emulator_admin};

fn app_of(daemon: &Daemon) -> App {
    App::builder().client(daemon.client()).build()
}

#[tokio::test]
async fn log_in_current_user_all_users_and_switching() {
    let daemon = Daemon::start().await;
    let app = app_of(&daemon);
    assert!(app.current_user().await.unwrap().is_none());
    let mut anonymous = app.log_in(Credentials::anonymous()).await.unwrap();
    assert!(anonymous.is_logged_in());
    assert_eq!(anonymous.state(), UserState::LoggedIn);
    assert_eq!(anonymous.provider_type(), "anon-user");
    assert_eq!(
        app.log_in(Credentials::anonymous()).await.unwrap(),
        anonymous,
        "reuse is the default"
    );
    assert_ne!(
        app.log_in(Credentials::new_anonymous()).await.unwrap(),
        anonymous
    );

    let accounts = app.email_password_auth();
    accounts
        .register_user("ada@example.com", "a long password")
        .await
        .unwrap();
    let ada = app
        .log_in(Credentials::email_password(
            "ada@example.com",
            "a long password",
        ))
        .await
        .unwrap();
    assert_eq!(app.current_user().await.unwrap().as_ref(), Some(&ada));
    let all = app.all_users().await.unwrap();
    assert_eq!(all.last(), Some(&ada));
    assert!(all.contains(&anonymous));
    app.switch_user(&mut anonymous).await.unwrap();
    assert_eq!(app.current_user().await.unwrap().as_ref(), Some(&anonymous));
    let options = latchkey_client::TokenOptions {
        user_id: Some(ada.id().to_owned()),
        ..Default::default()
    };
    let token = app.client().access_token(&options).await.unwrap().token;
    assert_eq!(ada.access_token().await.unwrap(), token);

    let err = app
        .log_in(Credentials::email_password(
            "ada@example.com",
            "not the password",
        ))
        .await
        .unwrap_err();
    assert!(err.has_reason(Reason::InvalidCredentials), "{err:?}");
    let secret = Credentials::email_password("a", "not the password");
    assert!(!format!("{secret:?}").contains("not the password"));
}

#[tokio::test]
async fn every_credential_kind_of_the_emulator() {
    let daemon = Daemon::start().await;
    let app = app_of(&daemon);
    let jwt = emulator_admin(
        &daemon,
        Method::POST,
        "custom-jwts",
        Some(json!({"sub": "jwt-user", "name": "Jay"})),
    )
    .await;
    let jwt = jwt["token"].as_str().unwrap();
    let user = app.log_in(Credentials::jwt(jwt)).await.unwrap();
    assert_eq!(user.provider_type(), "custom-token");
    let key = emulator_admin(
        &daemon,
        Method::POST,
        "server-api-keys",
        Some(json!({"name": "ci"})),
    )
    .await;
    let user = app
        .log_in(Credentials::api_key(key["key"].as_str().unwrap()))
        .await
        .unwrap();
    assert_eq!(user.provider_type(), "api-key");
    let user = app
        .log_in(Credentials::function(r#"{"username": "fn-user"}"#))
        .await
        .unwrap();
    assert_eq!(user.provider_type(), "custom-function");
    for provider in ["facebook", "google", "apple"] {
        let token = emulator_admin(
            &daemon,
            Method::POST,
            "social-tokens",
            Some(json!({"provider": provider, "sub": format!("{provider}-1")})),
        )
        .await;
        let token = token["token"].as_str().unwrap();
        let credentials = match provider {
            "facebook" => Credentials::facebook(token),
            "google" => Credentials::google_id_token(token),
            _ => Credentials::apple(token),
        };
        let user = app.log_in(credentials).await.unwrap();
        assert_eq!(user.provider_type(), format!("oauth2-{provider}"));
    }
    let err = app
        .log_in(Credentials::client_credentials())
        .await
        .unwrap_err();
    assert!(err.has_reason(Reason::ProviderNotSupported), "{err:?}");
}

#[tokio::test]
async fn api_keys_linking_custom_data_logout_removal_and_deletion() {
    let daemon = Daemon::start().await;
    let app = app_of(&daemon);
    let accounts = app.email_password_auth();
    accounts
        .register_user("bo@example.com", "a long password")
        .await
        .unwrap();
    let mut bo = app
        .log_in(Credentials::email_password(
            "bo@example.com",
            "a long password",
        ))
        .await
        .unwrap();

    let keys = bo.api_keys();
    let key = keys.create("laptop").await.unwrap();
    assert!(!key.key.is_empty() && key.name == "laptop" && !key.disabled);
    assert_eq!(keys.fetch(&key.id).await.unwrap().name, "laptop");
    let listed: Vec<String> = keys
        .fetch_all()
        .await
        .unwrap()
        .into_iter()
        .map(|k| k.id)
        .collect();
    assert_eq!(listed, std::slice::from_ref(&key.id));
    keys.disable(&key.id).await.unwrap();
    assert!(keys.fetch(&key.id).await.unwrap().disabled);
    keys.enable(&key.id).await.unwrap();
    assert_eq!(
        app.log_in(Credentials::api_key(&key.key)).await.unwrap(),
        bo
    );
    keys.delete(&key.id).await.unwrap();
    assert!(keys.fetch_all().await.unwrap().is_empty());

    emulator_admin(
        &daemon,
        Method::PUT,
        &format!("users/{}/custom-data", bo.id()),
        Some(json!({"plan": "pro"})),
    )
    .await;
    let data = bo.refresh_custom_data().await.unwrap().cloned().unwrap();
    let plan = data.fields.get("plan").and_then(|value| value.kind.clone());
    assert_eq!(
        plan,
        Some(prost_types::value::Kind::StringValue("pro".into()))
    );

    let mut guest = app.log_in(Credentials::anonymous()).await.unwrap();
    accounts
        .register_user("cy@example.com", "a long password")
        .await
        .unwrap();
    guest
        .link_credentials(Credentials::email_password(
            "cy@example.com",
            "a long password",
        ))
        .await
        .unwrap();
    let mut providers: Vec<&str> = guest
        .identities()
        .iter()
        .map(|identity| identity.provider_type.as_str())
        .collect();
    providers.sort_unstable();
    assert_eq!(providers, ["anon-user", "local-userpass"]);

    bo.log_out().await.unwrap();
    assert_eq!(bo.state(), UserState::LoggedOut);
    assert!(app.all_users().await.unwrap().contains(&bo));
    let err = bo.access_token().await.unwrap_err();
    assert!(err.is_not_logged_in(), "{err:?}");
    app.remove_user(&mut bo).await.unwrap();
    assert_eq!(bo.state(), UserState::Removed);
    assert!(!app.all_users().await.unwrap().contains(&bo));
    app.delete_user(&mut guest).await.unwrap();
    assert!(!app.all_users().await.unwrap().contains(&guest));
    let backend = emulator_admin(&daemon, Method::GET, "users", None).await;
    assert!(
        !backend.to_string().contains(guest.id()),
        "deleted at the backend too"
    );
}

#[tokio::test]
async fn the_expiry_callback() {
    let daemon = Daemon::start().await;
    let app = app_of(&daemon);
    let user = app.log_in(Credentials::anonymous()).await.unwrap();
    let (sender, mut expired) = tokio::sync::mpsc::unbounded_channel();
    let task = app
        .on_reauth_required(move |event| {
            let _ = sender.send(event);
        })
        .await
        .unwrap();
    emulator_admin(
        &daemon,
        Method::POST,
        &format!("users/{}/revoke", user.id()),
        None,
    )
    .await;
    let options = latchkey_client::TokenOptions {
        force_refresh: true,
        ..Default::default()
    };
    let err = app.client().access_token(&options).await.unwrap_err();
    assert!(err.is_reauth_required(), "{err:?}");
    let event = tokio::time::timeout(Duration::from_secs(15), expired.recv())
        .await
        .expect("a token_expired event within 15 s")
        .unwrap();
    assert_eq!(event.user_id, user.id());
    assert!(matches!(event.kind, Some(Kind::TokenExpired(_))));
    task.abort();
}
