//! What the daemon sends to an App Services server (spec §10 items 1-7, 9, 29, 30, 55, 56),
//! recorded by a scripted server behind the daemon's real socket.

use latchkey::proto::{self, credentials::Kind};
use serde_json::json;
use tonic::Code;

use crate::harness::scripted::{self, Scripted};
use crate::harness::*;

const DEVICE_KEYS: [&str; 12] = [
    "appId",
    "platform",
    "platformVersion",
    "sdk",
    "sdkVersion",
    "cpuArch",
    "deviceName",
    "deviceVersion",
    "frameworkName",
    "frameworkVersion",
    "coreVersion",
    "bundleId",
];

fn last_login(server: &Scripted) -> scripted::Recorded {
    server
        .log()
        .into_iter()
        .rev()
        .find(|r| r.path.ends_with("/login"))
        .expect("a login request")
}

/// Items 1-4: every provider's body, the headers and the twelve-key device object.
#[tokio::test]
async fn login_bodies_headers_and_device_object_match_realm_core() {
    let server = Scripted::start().await;
    let daemon = Daemon::start(&server.base_url).await;
    let mut client = daemon.sessions().await;
    let jwt = scripted::token("someone", "custom", json!({}));
    let cases: Vec<(Kind, &str, serde_json::Value)> = vec![
        (
            Kind::Anonymous(proto::AnonymousCredential { new_user: true }),
            "anon-user",
            json!({"provider": "anon-user"}),
        ),
        (
            Kind::Anonymous(proto::AnonymousCredential { new_user: false }),
            "anon-user",
            json!({"provider": "anon-user"}),
        ),
        (
            Kind::EmailPassword(proto::EmailPasswordCredential {
                email: "a@b.c".into(),
                password: "pw-123".into(),
            }),
            "local-userpass",
            json!({"provider": "local-userpass", "username": "a@b.c", "password": "pw-123"}),
        ),
        (
            Kind::Jwt(proto::JwtCredential { token: jwt.clone() }),
            "custom-token",
            json!({"provider": "custom-token", "token": jwt}),
        ),
        (
            Kind::ApiKey(proto::ApiKeyCredential { key: "k-1".into() }),
            "api-key",
            json!({"provider": "api-key", "key": "k-1"}),
        ),
        (
            Kind::Facebook(proto::FacebookCredential {
                access_token: "fb".into(),
            }),
            "oauth2-facebook",
            json!({"provider": "oauth2-facebook", "accessToken": "fb"}),
        ),
        (
            Kind::Google(proto::GoogleCredential {
                token: Some(proto::google_credential::Token::AuthCode("gc".into())),
            }),
            "oauth2-google",
            json!({"provider": "oauth2-google", "authCode": "gc"}),
        ),
        (
            Kind::Google(proto::GoogleCredential {
                token: Some(proto::google_credential::Token::IdToken("gi".into())),
            }),
            "oauth2-google",
            json!({"provider": "oauth2-google", "id_token": "gi"}),
        ),
        (
            Kind::Apple(proto::AppleCredential {
                id_token: "ap".into(),
            }),
            "oauth2-apple",
            json!({"provider": "oauth2-apple", "id_token": "ap"}),
        ),
        (
            Kind::Function(proto::FunctionCredential {
                payload_json: r#"{"realmCustomAuthFuncUserId":"123456"}"#.into(),
            }),
            "custom-function",
            json!({"realmCustomAuthFuncUserId": "123456"}),
        ),
    ];
    for (kind, provider, expected) in cases {
        // The anonymous-reuse case must not reuse: the scripted profile is not anonymous.
        log_in(&mut client, creds(kind)).await.expect("login");
        let request = last_login(&server);
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.path,
            format!("/api/client/v2.0/app/{APP_ID}/auth/providers/{provider}/login")
        );
        assert_eq!(
            request.header("content-type"),
            Some("application/json;charset=utf-8")
        );
        assert_eq!(request.header("accept"), Some("application/json"));
        assert_eq!(
            request.header("authorization"),
            None,
            "login carries no bearer"
        );
        let mut body = request.json();
        let options = body
            .as_object_mut()
            .unwrap()
            .remove("options")
            .expect("options");
        assert_eq!(body, expected, "{provider} body");
        let device = options["device"].as_object().expect("device object");
        assert_eq!(
            device.keys().map(String::as_str).collect::<Vec<_>>(),
            DEVICE_KEYS
        );
        assert_eq!(device["appId"], APP_ID);
        for required in ["platformVersion", "sdk", "sdkVersion"] {
            assert!(
                !device[required].as_str().unwrap().is_empty(),
                "{required} empty"
            );
        }
    }
}

/// Items 5-7, 55, 56: location first and only once, without Authorization or Content-Type, at the
/// trailing-slash-stripped base URL; then profile with the access token and an empty body;
/// refresh with the refresh token and an empty body.
#[tokio::test]
async fn location_profile_and_refresh_requests_are_shaped_like_realm_core() {
    let server = Scripted::start().await;
    let daemon = Daemon::start(&format!("{}///", server.base_url)).await;
    assert!(
        server.log().is_empty(),
        "no request before the first operation"
    );
    let mut client = daemon.sessions().await;
    log_in(&mut client, email("a@example.com", "secret-pw"))
        .await
        .unwrap();
    token(&mut client, "", true).await.unwrap();
    log_in(&mut client, anonymous(true)).await.unwrap();
    let log = server.log();
    let location = &log[0];
    assert_eq!(location.method, "GET");
    assert_eq!(
        location.path,
        format!("/api/client/v2.0/app/{APP_ID}/location")
    );
    assert_eq!(location.header("authorization"), None);
    assert_eq!(location.header("content-type"), None);
    assert_eq!(location.body, "");
    assert_eq!(
        log.iter().filter(|r| r.path.ends_with("/location")).count(),
        1,
        "location is cached"
    );

    let login = &log[1];
    assert!(login.path.ends_with("/login") && login.query.is_empty());
    let profile = &log[2];
    assert_eq!(
        (profile.method.as_str(), profile.path.as_str()),
        ("GET", "/api/client/v2.0/auth/profile")
    );
    let bearer = profile
        .header("authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap();
    assert_eq!(
        latchkey_emulator::jwt::payload(bearer).unwrap()["typ"],
        "access",
        "profile uses the access token"
    );
    assert_eq!(profile.body, "");

    let refresh = log
        .iter()
        .find(|r| r.path.ends_with("/auth/session"))
        .unwrap();
    assert_eq!(refresh.method, "POST");
    assert_eq!(refresh.body, "");
    let bearer = refresh.header("authorization").unwrap();
    let claims = latchkey_emulator::jwt::payload(bearer.strip_prefix("Bearer ").unwrap()).unwrap();
    assert_eq!(claims["typ"], "refresh", "refresh uses the refresh token");
}

/// Item 29: login, profile 401, refresh, profile again, in exactly that order.
#[tokio::test]
async fn profile_401_after_login_refreshes_once_and_retries() {
    let server = Scripted::start().await;
    let daemon = Daemon::start(&server.base_url).await;
    let mut client = daemon.sessions().await;
    server.push(
        "/auth/profile",
        401,
        Some("application/json"),
        r#"{"error":"invalid session","error_code":"InvalidSession"}"#,
    );
    let user = log_in(&mut client, email("a@example.com", "secret-pw"))
        .await
        .unwrap();
    assert_eq!(user.profile.unwrap().email, "a@example.com");
    let calls: Vec<String> = server
        .calls()
        .iter()
        .map(|c| c.rsplit('/').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        calls,
        ["location", "login", "profile", "session", "profile"]
    );
    let log = server.log();
    let retried = log[4]
        .header("authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap()
        .to_owned();
    let first = log[2]
        .header("authorization")
        .unwrap()
        .strip_prefix("Bearer ")
        .unwrap()
        .to_owned();
    assert_ne!(retried, first, "the retry carries the refreshed token");
}

/// Item 9: a login answer with a malformed access token fails and no profile request is made.
#[tokio::test]
async fn login_with_malformed_jwt_fails_without_profile_request() {
    let server = Scripted::start().await;
    let daemon = Daemon::start(&server.base_url).await;
    let mut client = daemon.sessions().await;
    let body = json!({
        "access_token": "not-a-jwt",
        "refresh_token": scripted::token("u1", "refresh", json!({})),
        "user_id": "aaaaaaaaaaaaaaaaaaaaaaaa",
        "device_id": "bbbbbbbbbbbbbbbbbbbbbbbb",
    });
    server.push("/login", 200, Some("application/json"), &body.to_string());
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unknown,
        "BACKEND_ERROR",
    );
    assert!(
        status.message().contains("malformed token"),
        "{}",
        status.message()
    );
    assert!(!server.calls().iter().any(|c| c.ends_with("/profile")));
    assert!(users(&mut client).await.is_empty(), "nothing stored");
}

/// Item 30: RefreshUser stores the new token's custom data; a malformed new token is an error
/// and the old token stays.
#[tokio::test]
async fn refresh_user_reads_custom_data_and_rejects_malformed_tokens() {
    let server = Scripted::start().await;
    let daemon = Daemon::start(&server.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, email("a@example.com", "secret-pw"))
        .await
        .unwrap();
    assert!(user.custom_data.is_none());
    let fresh = scripted::token("u1", "access", json!({"user_data": {"plan": "gold"}}));
    server.push(
        "/auth/session",
        201,
        Some("application/json"),
        &json!({"access_token": fresh}).to_string(),
    );
    let refreshed = refresh_user(&mut client, "").await.unwrap();
    let custom = refreshed.custom_data.expect("custom data");
    assert_eq!(
        custom.fields["plan"].kind,
        Some(prost_types::value::Kind::StringValue("gold".into()))
    );
    assert_eq!(token(&mut client, "", false).await.unwrap().token, fresh);

    server.push(
        "/auth/session",
        201,
        Some("application/json"),
        r#"{"access_token":"x.y"}"#,
    );
    let status = refresh_user(&mut client, "")
        .await
        .expect_err("malformed token");
    assert!(
        status.message().contains("malformed token"),
        "{}",
        status.message()
    );
    assert_eq!(
        token(&mut client, "", false).await.unwrap().token,
        fresh,
        "old token kept"
    );
}
