//! OpenID Connect logins against the real provider (`oidc-provider`): the device flow through
//! the gRPC stream and through `latchkey login device`, the browser flow with PKCE and its
//! state check, client credentials, re-login of the same user, refused ID tokens, and what the
//! server or the configuration does not offer.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use tokio::time::Instant;

use latchkey::proto::{self, credentials::Kind};
use tonic::Code;

use crate::harness::*;

/// The first message of a device login.
async fn device_prompt(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    user_id: &str,
) -> (
    proto::LogInWithDeviceResponse,
    tonic::Streaming<proto::LogInWithDeviceResponse>,
) {
    let mut stream = client
        .log_in_with_device(proto::LogInWithDeviceRequest {
            app: "corp".to_owned(),
            user_id: user_id.to_owned(),
            ..Default::default()
        })
        .await
        .expect("LogInWithDevice")
        .into_inner();
    let first = tokio::time::timeout(Duration::from_secs(10), stream.message())
        .await
        .expect("a prompt within 10 s")
        .expect("prompt")
        .expect("a first message");
    (first, stream)
}

/// The last message of a login stream: the user or the error.
async fn device_outcome(
    stream: &mut tonic::Streaming<proto::LogInWithDeviceResponse>,
) -> Result<proto::User, tonic::Status> {
    let message = tokio::time::timeout(Duration::from_secs(30), stream.message())
        .await
        .expect("the login ends within 30 s")?
        .expect("a last message");
    Ok(message.user.expect("the last message carries the user"))
}

/// A login to app `corp` with `kind`.
pub async fn corp_log_in(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    app: &str,
    kind: Kind,
) -> Result<proto::User, tonic::Status> {
    client
        .log_in(proto::LogInRequest {
            app: app.to_owned(),
            credentials: creds(kind),
        })
        .await
        .map(tonic::Response::into_inner)
}

/// Logs out the current user of `corp`.
pub async fn corp_log_out(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
) -> proto::User {
    client
        .log_out(proto::LogOutRequest {
            app: "corp".to_owned(),
            ..Default::default()
        })
        .await
        .expect("log out")
        .into_inner()
}

/// The first message (or the error) of a device login to `app`.
pub async fn first_device_message(
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    app: &str,
) -> Result<Option<proto::LogInWithDeviceResponse>, tonic::Status> {
    client
        .log_in_with_device(proto::LogInWithDeviceRequest {
            app: app.to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner()
        .message()
        .await
}

/// A device login as `login`, approved at the provider; the user.
pub async fn device_login(
    provider: &Provider,
    client: &mut proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    login: &str,
) -> proto::User {
    let (prompt, mut stream) = device_prompt(client, "").await;
    provider
        .approve_device(&prompt.verification_uri_complete, login)
        .await;
    device_outcome(&mut stream).await.expect("device login")
}

/// The device flow end to end: the prompt carries what RFC 8628 says, the user approves at the
/// provider, the stream ends with the user (the provider's `sub`, the profile from the ID token
/// and userinfo), and the token served is one the provider accepts.
#[tokio::test]
async fn device_login_end_to_end_over_the_grpc_stream() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let (prompt, mut stream) = device_prompt(&mut client, "").await;
    assert!(prompt.user.is_none());
    assert_eq!(
        prompt.verification_uri,
        format!("{}/device", provider.issuer)
    );
    assert!(
        prompt
            .verification_uri_complete
            .ends_with(&format!("user_code={}", prompt.user_code)),
        "{prompt:?}"
    );
    assert_eq!(prompt.user_code.len(), 9, "XXXX-XXXX: {}", prompt.user_code);
    let expires = timestamp_ms(prompt.expires_at.as_ref().expect("expires_at"));
    assert!(
        (expires - now_ms() - 600_000).abs() < 10_000,
        "expires in about 600 s"
    );
    let page = provider
        .approve_device(&prompt.verification_uri_complete, "alice")
        .await;
    assert!(page.contains("Sign-in Success"), "{page}");
    let user = device_outcome(&mut stream).await.expect("device login");
    assert_eq!(user.id, "alice");
    assert_eq!(user.provider_type, "device");
    assert!(user.is_current);
    let profile = user.profile.expect("profile");
    assert_eq!(
        (profile.name.as_str(), profile.email.as_str()),
        ("User alice", "alice@example.test")
    );
    // oidc-provider sends no `refresh_expires_in` (Keycloak's extension): the daemon claims no
    // refresh-token expiry it was not told.
    assert_eq!(user.refresh_token_expires_at, None);
    let token = token(&mut client, "", false).await.unwrap();
    let introspection = provider.introspect(&token.token).await;
    assert_eq!(introspection["active"], true, "{introspection}");
    assert_eq!(introspection["sub"], "alice");
    assert_eq!(current(&mut client).await.unwrap().id, "alice");
}

/// `latchkey login device` prints where to go and the code, waits, and exits 0 once the user
/// approved, printing the user.
#[tokio::test]
async fn device_login_through_the_cli() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut child = Command::new(workspace_bin("latchkey"))
        .args(["--socket"])
        .arg(&daemon.socket)
        .args(["--app", "corp", "login", "device"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn latchkey");
    let stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut complete = None;
    let mut said = String::new();
    let mut lines = stderr.lines();
    for line in lines.by_ref() {
        let line = line.expect("stderr line");
        said.push_str(&line);
        said.push('\n');
        if let Some(uri) = line.strip_prefix("Or open ") {
            complete = Some(uri.to_owned());
            break;
        }
    }
    // Keep reading: the CLI must not find its stderr closed.
    std::thread::spawn(move || lines.for_each(drop));
    let complete = complete.unwrap_or_else(|| panic!("no URI printed: {said}"));
    assert!(said.contains("enter the code"), "{said}");
    provider.approve_device(&complete, "bob").await;
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .expect("latchkey exits");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}{stdout}");
    assert!(stdout.contains("bob"), "{stdout}");
    let token = daemon.cli(&["--app", "corp", "token"], "");
    assert!(token.status.success());
    let printed = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    assert_eq!(provider.introspect(&printed).await["sub"], "bob");
}

/// A denied device login ends the stream with a clear error and keeps nothing; `slow_down` is
/// honoured (the next poll waits 5 s more).
#[tokio::test]
async fn a_denied_device_login_is_refused_and_slow_down_is_honoured() {
    let provider = Provider::start(&["--slow-down", "1"]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    // The first poll is answered slow_down (the script's --slow-down 1): the next one comes
    // 1 s + 5 s later, so the login cannot finish in under 6 s.
    let started = Instant::now();
    let (prompt, mut stream) = device_prompt(&mut client, "").await;
    // Approve only after the first poll (1 s), answered slow_down.
    let polled = Deadline::new("the daemon's first device poll", Duration::from_secs(10));
    loop {
        let counters = provider.counters().await;
        if counters["slowed_down"].as_u64() >= Some(1) {
            break;
        }
        polled.tick(counters).await;
    }
    provider
        .approve_device(&prompt.verification_uri_complete, "carol")
        .await;
    let user = device_outcome(&mut stream)
        .await
        .expect("login after slow_down");
    assert_eq!(user.id, "carol");
    assert!(
        started.elapsed() >= Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );

    let (prompt, mut stream) = device_prompt(&mut client, "").await;
    provider
        .deny_device(&prompt.verification_uri_complete, "dan")
        .await;
    let status = device_outcome(&mut stream).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::Unauthenticated, "INVALID_CREDENTIALS"),
        "{status:?}"
    );
    assert!(status.message().contains("denied"), "{}", status.message());
    let kept: Vec<String> = users(&mut client).await.into_iter().map(|u| u.id).collect();
    assert_eq!(kept, ["carol"], "the denied login keeps nothing");
}

/// A caller that drops the stream cancels the login: approving afterwards signs no one in.
#[tokio::test]
async fn a_cancelled_device_stream_cancels_the_login() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let (prompt, stream) = device_prompt(&mut client, "").await;
    drop(stream);
    tokio::time::sleep(Duration::from_millis(500)).await;
    provider
        .approve_device(&prompt.verification_uri_complete, "dave")
        .await;
    // Polls come every second: three seconds without one means the daemon stopped polling.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(users(&mut client).await.is_empty());
    let counters = provider.counters().await;
    assert_eq!(
        provider
            .grants("urn:ietf:params:oauth:grant-type:device_code")
            .await,
        0,
        "{counters}"
    );
    assert!(daemon.log().contains("login cancelled by its caller"));
}

/// The browser flow: the authorization URL carries PKCE S256, state and nonce and the loopback
/// redirect URI; after the user signs in, the redirect reaches the daemon, which answers the
/// browser with a short page and ends the stream with the user.
#[tokio::test]
async fn browser_login_with_pkce_and_a_loopback_redirect() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let (authorization_url, query, mut stream) = browser_login(&mut client, "corp").await;
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["code_challenge"].len(), 43);
    assert!(query["state"].len() >= 32 && query["nonce"].len() >= 32);
    assert_eq!(query["prompt"], "consent", "offline_access needs consent");
    let redirect = reqwest::Url::parse(&query["redirect_uri"]).unwrap();
    assert_eq!(
        (redirect.host_str(), redirect.path()),
        (Some("127.0.0.1"), "/callback")
    );
    // A browser's idle pre-connection and its favicon request do not hold up the redirect.
    let port = redirect.port().unwrap();
    let _idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let favicon = reqwest::get(format!("http://127.0.0.1:{port}/favicon.ico"))
        .await
        .unwrap();
    assert_eq!(favicon.status().as_u16(), 404);
    let (status, page) = provider.browse(&authorization_url, "erin").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("You may close this window"), "{page}");
    let last = within("the browser login's user", 30, stream.message())
        .await
        .unwrap()
        .unwrap();
    let user = last.user.expect("user");
    assert_eq!(
        (user.id.as_str(), user.provider_type.as_str()),
        ("erin", "browser")
    );
    // The login ended: its port is free again.
    assert!(std::net::TcpListener::bind(("127.0.0.1", port)).is_ok());
    let token = token(&mut client, "", false).await.unwrap();
    assert_eq!(provider.introspect(&token.token).await["sub"], "erin");
}

/// A redirect with another state (a forged or stale one, from any local process) is refused
/// and exchanges nothing, and it does not end the login: the real redirect still signs the user
/// in.
#[tokio::test]
async fn a_browser_redirect_with_the_wrong_state_is_refused() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let (authorization_url, query, mut stream) = browser_login(&mut client, "corp").await;
    let redirect_uri = &query["redirect_uri"];
    for forged in [
        "?code=stolen&state=forged",
        "?code=stolen",
        "?error=access_denied",
    ] {
        let answer = reqwest::get(format!("{redirect_uri}{forged}"))
            .await
            .unwrap();
        assert_eq!(answer.status().as_u16(), 400, "{forged}");
    }
    assert_eq!(provider.grants("authorization_code").await, 0);
    assert!(users(&mut client).await.is_empty());
    assert!(daemon.log().contains("carried another state"));
    provider.browse(&authorization_url, "ivan").await;
    let user = browser_user(&mut stream).await;
    assert_eq!(user.id, "ivan");
    assert_eq!(provider.grants("authorization_code").await, 1);
}

/// ID tokens the provider spoils (another audience, a broken signature; the nonce in the
/// browser flow) are refused with a clear error, and nothing is kept.
#[tokio::test]
async fn id_tokens_with_a_wrong_audience_signature_or_nonce_are_refused() {
    for (tamper, needle) in [("aud", "aud"), ("sig", "signature")] {
        let provider = Provider::start(&["--tamper", tamper]);
        let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
        let mut client = daemon.sessions().await;
        let (prompt, mut stream) = device_prompt(&mut client, "").await;
        provider
            .approve_device(&prompt.verification_uri_complete, "mallory")
            .await;
        let status = device_outcome(&mut stream).await.unwrap_err();
        assert!(
            status.message().contains("ID token was refused") && status.message().contains(needle),
            "{tamper}: {status:?}"
        );
        assert!(users(&mut client).await.is_empty(), "{tamper}");
    }
    let provider = Provider::start(&["--tamper", "nonce"]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let (authorization_url, _, mut stream) = browser_login(&mut client, "corp").await;
    provider.browse(&authorization_url, "mallory").await;
    let status = within("the refused browser login's end", 30, stream.message())
        .await
        .unwrap_err();
    assert!(status.message().contains("nonce"), "{status:?}");
    assert!(users(&mut client).await.is_empty());
}

/// Client credentials: a service session without a refresh token, named after the client,
/// acquired again before its token expires (3 s here) by the same scheduler.
#[tokio::test]
async fn client_credentials_are_acquired_again_before_expiry() {
    let provider = Provider::start(&["--cc-ttl", "3"]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let user = client
        .log_in(proto::LogInRequest {
            app: "corp".to_owned(),
            credentials: creds(Kind::ClientCredentials(
                proto::ClientCredentialsCredential {},
            )),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (user.id.as_str(), user.provider_type.as_str()),
        ("latchkey", "client_credentials")
    );
    assert!(user.refresh_token_expires_at.is_none());
    let mut events = watch(
        &mut client,
        proto::WatchEventsRequest {
            app: "corp".to_owned(),
            ..Default::default()
        },
    )
    .await;
    for _ in 0..2 {
        let event = next_event(&mut events, Duration::from_secs(8)).await;
        assert_eq!(kind(&event), "token_refreshed", "{event:?}");
        let request = proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            min_valid: Some(prost_types::Duration {
                seconds: 0,
                nanos: 0,
            }),
            ..Default::default()
        };
        let token = client.get_access_token(request).await.unwrap().into_inner();
        let introspection = provider.introspect(&token.token).await;
        assert_eq!(introspection["active"], true, "{introspection}");
    }
    assert!(provider.grants("client_credentials").await >= 3);
}

/// After `token_expired`, a device login naming the user signs the same user in again; one
/// that signs in someone else is refused (USER_MISMATCH) and keeps nothing.
#[tokio::test]
async fn relogin_keeps_the_user_and_refuses_another_sub() {
    let provider = Provider::start(&[]);
    let daemon = Daemon::start_config(&provider.app_table("corp", "")).await;
    let mut client = daemon.sessions().await;
    let alice = device_login(&provider, &mut client, "alice").await;
    provider.revoke_account("alice").await;
    let refused = client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            force_refresh: true,
            ..Default::default()
        })
        .await;
    assert_error(refused, Code::Unauthenticated, "REAUTH_REQUIRED");

    let (prompt, mut stream) = device_prompt(&mut client, &alice.id).await;
    provider
        .approve_device(&prompt.verification_uri_complete, "bob")
        .await;
    let status = device_outcome(&mut stream).await.unwrap_err();
    assert_eq!(
        (status.code(), reason(&status).as_str()),
        (Code::FailedPrecondition, "USER_MISMATCH"),
        "{status:?}"
    );
    let listed = users(&mut client).await;
    assert_eq!(listed.len(), 1, "bob is not kept: {listed:?}");

    let (prompt, mut stream) = device_prompt(&mut client, &alice.id).await;
    provider
        .approve_device(&prompt.verification_uri_complete, "alice")
        .await;
    let again = device_outcome(&mut stream).await.unwrap();
    assert_eq!(again.id, alice.id);
    assert_eq!(state(&again), proto::UserState::LoggedIn);
    assert_eq!(users(&mut client).await.len(), 1);
}

/// What the server does not offer (password, JWT exchange), or the configuration does not
/// allow, is FAILED_PRECONDITION with PROVIDER_NOT_SUPPORTED, never something else.
#[tokio::test]
async fn grants_the_server_or_the_config_does_not_offer_are_provider_not_supported() {
    let provider = Provider::start(&[]);
    let config = format!(
        "default_app = \"corp\"\n{}{}",
        provider.app_table("corp", ""),
        provider.app_table("narrow", "grants = [\"device\"]\n")
    );
    let daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    for (app, kind) in [
        (
            "corp",
            Kind::Password(proto::PasswordCredential {
                username: "alice".to_owned(),
                password: "x".to_owned(),
            }),
        ),
        (
            "corp",
            Kind::Jwt(proto::JwtCredential {
                token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln".to_owned(),
            }),
        ),
        (
            "corp",
            Kind::Anonymous(proto::AnonymousCredential { new_user: true }),
        ),
        (
            "narrow",
            Kind::ClientCredentials(proto::ClientCredentialsCredential {}),
        ),
    ] {
        let result = corp_log_in(&mut client, app, kind).await;
        assert_error(result, Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED");
    }
    let browser = client
        .log_in_with_browser(proto::LogInWithBrowserRequest {
            app: "narrow".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .message()
        .await;
    assert_error(browser, Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED");
    let apps = daemon
        .daemon()
        .await
        .list_apps(proto::ListAppsRequest {})
        .await
        .unwrap()
        .into_inner()
        .apps;
    let narrow = apps.iter().find(|app| app.name == "narrow").unwrap();
    assert_eq!(
        (narrow.kind.as_str(), narrow.providers.as_slice()),
        ("oidc", &["device".to_owned()][..])
    );
}
