//! How backend answers map to gRPC errors (spec §7, §10 items 47, 49-54), through the daemon's
//! socket against a scripted server, plus the daemon's own input validation.

use latchkey::proto::{self, credentials::Kind};
use tonic::Code;

use crate::harness::scripted::Scripted;
use crate::harness::*;

async fn setup() -> (Scripted, Daemon) {
    let server = Scripted::start().await;
    let daemon = Daemon::start(&server.base_url).await;
    (server, daemon)
}

/// Item 49: 404 or 500 with a non-JSON body is an HTTP error with the status kept.
#[tokio::test]
async fn non_json_error_bodies_keep_the_http_status() {
    let (server, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    server.push("/login", 404, Some("text/html"), "<html>nope</html>");
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::NotFound,
        "BACKEND_ERROR",
    );
    assert_eq!(error_metadata(&status)["http_status"], "404");
    server.push("/login", 500, None, "boom");
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unavailable,
        "BACKEND_UNAVAILABLE",
    );
    assert_eq!(error_metadata(&status)["http_status"], "500");
}

/// Items 50, 53, 54: the server's error_code, message and link are kept; an unknown code too.
#[tokio::test]
async fn server_error_code_message_and_link_are_kept() {
    let (server, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    server.push(
        "/login",
        400,
        Some("application/json"),
        r#"{"error":"a fake MongoDB error message!","error_code":"MongoDBError","link":"http://logs.example/1"}"#,
    );
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::InvalidArgument,
        "BACKEND_ERROR",
    );
    let metadata = error_metadata(&status);
    assert_eq!(metadata["error_code"], "MongoDBError");
    assert_eq!(metadata["link"], "http://logs.example/1");
    assert!(status.message().contains("a fake MongoDB error message!"));

    server.push(
        "/login",
        500,
        Some("application/json"),
        r#"{"error_code":"MaintenanceInProgress","error":"This service is currently undergoing maintenance","link":"http://logs.example/2"}"#,
    );
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unavailable,
        "BACKEND_UNAVAILABLE",
    );
    assert_eq!(
        error_metadata(&status)["error_code"],
        "MaintenanceInProgress"
    );
    assert!(status.message().contains("undergoing maintenance"));

    server.push(
        "/login",
        418,
        Some("application/json"),
        r#"{"error_code":"SomethingNew"}"#,
    );
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unknown,
        "BACKEND_ERROR",
    );
    assert_eq!(error_metadata(&status)["error_code"], "SomethingNew");
    assert!(
        status.message().contains("no error message"),
        "{}",
        status.message()
    );
}

/// Items 51, 53: a 2xx with a body that is not JSON is malformed; a 2xx JSON body with `error` is
/// an error; a 2xx JSON body without `error` is a success.
#[tokio::test]
async fn success_statuses_are_checked_for_errors_and_shape() {
    let (server, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    server.push("/login", 200, Some("text/plain"), "this: is not: json");
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unknown,
        "BACKEND_ERROR",
    );
    assert!(
        status.message().contains("malformed"),
        "{}",
        status.message()
    );
    server.push(
        "/login",
        200,
        Some("application/json"),
        r#"{"error":"surprise"}"#,
    );
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unknown,
        "BACKEND_ERROR",
    );
    assert!(status.message().contains("surprise"));
    server.push(
        "/login",
        200,
        Some("application/json"),
        r#"{"user_id":"aaaaaaaaaaaaaaaaaaaaaaaa"}"#,
    );
    let status = assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unknown,
        "BACKEND_ERROR",
    );
    assert!(
        status.message().contains("missing `access_token`"),
        "{}",
        status.message()
    );
    log_in(&mut client, anonymous(true))
        .await
        .expect("a well-formed answer logs in");
}

/// Item 47 and the auth codes: bad credentials, disabled users, an unreachable backend.
#[tokio::test]
async fn auth_refusals_map_to_stable_reasons() {
    let (server, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    server.push(
        "/login",
        401,
        Some("application/json"),
        r#"{"error":"unauthorized","error_code":"InvalidPassword"}"#,
    );
    let status = assert_error(
        log_in(&mut client, email("a@b.c", "wrong-pw")).await,
        Code::Unauthenticated,
        "INVALID_CREDENTIALS",
    );
    assert_eq!(error_metadata(&status)["error_code"], "InvalidPassword");
    server.push(
        "/login",
        401,
        Some("application/json"),
        r#"{"error":"user disabled","error_code":"UserDisabled"}"#,
    );
    assert_error(
        log_in(&mut client, email("a@b.c", "pw-123456")).await,
        Code::PermissionDenied,
        "USER_DISABLED",
    );

    let unreachable = Daemon::start("http://127.0.0.1:9").await;
    let mut client = unreachable.sessions().await;
    assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unavailable,
        "BACKEND_UNAVAILABLE",
    );
}

/// A failed location lookup fails the operation; the next operation looks it up again.
#[tokio::test]
async fn failed_location_is_retried_on_the_next_request() {
    let (server, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    server.push("/location", 503, None, "");
    assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::Unavailable,
        "BACKEND_UNAVAILABLE",
    );
    log_in(&mut client, anonymous(true))
        .await
        .expect("second attempt");
    let locations = server
        .calls()
        .iter()
        .filter(|c| c.ends_with("/location"))
        .count();
    assert_eq!(locations, 2);
}

/// Every bad input gets INVALID_ARGUMENT naming the field, before any backend request.
#[tokio::test]
async fn bad_inputs_are_refused_before_any_backend_request() {
    let (server, daemon) = setup().await;
    let mut client = daemon.sessions().await;
    let cases: Vec<(Option<proto::Credentials>, &str)> = vec![
        (None, "credentials: required"),
        (
            Some(proto::Credentials { kind: None }),
            "credentials: set exactly one kind",
        ),
        (
            creds(Kind::Jwt(proto::JwtCredential {
                token: "abc.def".into(),
            })),
            "three dot-separated base64url segments",
        ),
        (
            creds(Kind::Jwt(proto::JwtCredential {
                token: "a$.b$.c$".into(),
            })),
            "three dot-separated base64url segments",
        ),
        (
            creds(Kind::Jwt(proto::JwtCredential {
                token: String::new(),
            })),
            "credentials.jwt.token: required",
        ),
        (
            creds(Kind::Function(proto::FunctionCredential {
                payload_json: "[1, 2]".into(),
            })),
            "must be a JSON object",
        ),
        (
            creds(Kind::Function(proto::FunctionCredential {
                payload_json: "{oops".into(),
            })),
            "not valid JSON",
        ),
        (
            email("", "pw"),
            "credentials.email_password.email: required",
        ),
        (
            email("a@b.c", ""),
            "credentials.email_password.password: required",
        ),
        (
            creds(Kind::Google(proto::GoogleCredential { token: None })),
            "set auth_code or id_token",
        ),
        (
            creds(Kind::ApiKey(proto::ApiKeyCredential { key: String::new() })),
            "credentials.api_key.key: required",
        ),
    ];
    for (credentials, message) in cases {
        let status = assert_error(
            log_in(&mut client, credentials).await,
            Code::InvalidArgument,
            "INVALID_ARGUMENT",
        );
        assert!(
            status.message().contains(message),
            "{:?} does not say {message:?}",
            status.message()
        );
    }
    for kind in [
        Kind::ClientCredentials(proto::ClientCredentialsCredential {}),
        Kind::Password(proto::PasswordCredential {
            username: "u".into(),
            password: "p".into(),
        }),
        Kind::RefreshToken(proto::RefreshTokenCredential { token: "t".into() }),
    ] {
        assert_error(
            log_in(&mut client, creds(kind)).await,
            Code::FailedPrecondition,
            "PROVIDER_NOT_SUPPORTED",
        );
    }
    let status = client
        .get_access_token(proto::GetAccessTokenRequest {
            min_valid: Some(prost_types::Duration {
                seconds: -5,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await;
    assert_error(status, Code::InvalidArgument, "INVALID_ARGUMENT");
    let unknown_app = client
        .log_in(proto::LogInRequest {
            app: "nope".into(),
            credentials: anonymous(true),
        })
        .await;
    assert_error(unknown_app, Code::NotFound, "APP_NOT_FOUND");
    assert!(
        server.log().is_empty(),
        "no request reached the backend: {:?}",
        server.calls()
    );
}
