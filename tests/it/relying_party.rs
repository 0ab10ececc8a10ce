//! The daemon as an OpenID relying party facing a hostile or broken provider ([`Hostile`]): the
//! ID-token checks of the OpenID Foundation's relying-party profiles (Basic RP, Config RP, the
//! refresh checks of the certification plan), token grammar, an https issuer's endpoints, and
//! strings from the provider on the terminal and in the log. Every case switches one thing and
//! expects the login (or refresh) refused with a reason that names it, and nothing kept.

use std::time::Duration;

use latchkey::proto;
use serde_json::{Map, Value, json};
use tonic::Code;

use crate::harness::*;

/// Basic RP and Config RP: each spoiled ID token (or header) is refused at login with a reason
/// that names the check, and no user is kept; the same provider behaving well logs in.
#[tokio::test]
async fn id_tokens_failing_a_relying_party_check_are_refused_at_login() {
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    let user = password_login(&mut client).await.expect("a good provider");
    assert_eq!(user.id, HOSTILE_SUB);
    client
        .remove_user(proto::RemoveUserRequest {
            app: "rp".to_owned(),
            user_id: user.id,
            ..Default::default()
        })
        .await
        .unwrap();
    let cases: Vec<(&str, Value, Value, &str)> = vec![
        (
            "rp-id_token-iat (missing)",
            json!({"iat": null}),
            json!({}),
            "iat",
        ),
        (
            "iat an hour ahead",
            json!({"iat": now_ms() / 1000 + 3600}),
            json!({}),
            "iat",
        ),
        (
            "nbf an hour ahead",
            json!({"nbf": now_ms() / 1000 + 3600}),
            json!({}),
            "nbf",
        ),
        (
            "rp-id_token-issuer-mismatch",
            json!({"iss": "https://evil.example"}),
            json!({}),
            "iss",
        ),
        (
            "rp-id_token-aud",
            json!({"aud": "someone-else"}),
            json!({}),
            "aud",
        ),
        (
            "several audiences, no azp",
            json!({"aud": [HOSTILE_CLIENT, "other"]}),
            json!({}),
            "azp",
        ),
        (
            "azp of another client",
            json!({"azp": "other"}),
            json!({}),
            "azp",
        ),
        (
            "expired",
            json!({"exp": now_ms() / 1000 - 3600, "iat": now_ms() / 1000 - 7200}),
            json!({}),
            "expired",
        ),
        (
            "rp-id_token-sub (missing)",
            json!({"sub": null}),
            json!({}),
            "sub",
        ),
        (
            "crit names an unknown extension",
            json!({}),
            json!({"crit": ["urn:example:must-understand"], "urn:example:must-understand": true}),
            "critical",
        ),
        (
            "rp-id_token-sig-none",
            json!({}),
            json!({"alg": "none"}),
            "JWT",
        ),
        (
            "a MAC algorithm",
            json!({}),
            json!({"alg": "HS256"}),
            "not accepted",
        ),
        (
            "rp-id_token-kid (unknown)",
            json!({}),
            json!({"kid": "not-published"}),
            "does not publish",
        ),
    ];
    for (case, changes, header, needle) in cases {
        provider.set(|b| {
            b.login_claims = object(changes.clone());
            b.login_header = object(header.clone());
        });
        let refused = password_login(&mut client)
            .await
            .expect_err(&format!("{case}: accepted"));
        assert!(
            refused.message().contains(needle),
            "{case}: {:?} does not name {needle:?}",
            refused.message()
        );
        assert!(
            users(&mut client).await.is_empty(),
            "{case}: a user was kept"
        );
    }
}

/// An access token with CR LF (or any character outside RFC 6750's b64token) is refused at
/// login and at refresh; the session keeps its good token.
#[tokio::test]
async fn access_tokens_outside_the_bearer_grammar_are_refused() {
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    provider.set(|b| b.access_token = Some("abc\r\nX-Injected: 1".to_owned()));
    let refused = password_login(&mut client).await.expect_err("accepted");
    assert!(
        refused.message().contains("b64token"),
        "{}",
        refused.message()
    );
    assert!(users(&mut client).await.is_empty());

    provider.set(|b| b.access_token = None);
    password_login(&mut client).await.expect("a good login");
    let good = short_token(&mut client, false).await.unwrap().token;
    let first = provider.grants("refresh_token");
    for bad in ["abc\r\nX-Injected: 1", "a b", "tok\u{7f}en", "a=b"] {
        provider.set(|b| b.access_token = Some(bad.to_owned()));
        let before = provider.grants("refresh_token");
        // The refused refresh backs off: until it is over, the good token is served as stale.
        let tried = Deadline::new(format!("a refresh with {bad:?}"), Duration::from_secs(10));
        while provider.grants("refresh_token") == before {
            match short_token(&mut client, true).await {
                Ok(served) => assert!(served.token == good && served.stale, "{bad:?}: {served:?}"),
                Err(refused) => assert!(
                    refused.message().contains("b64token"),
                    "{bad:?}: {}",
                    refused.message()
                ),
            }
            tried.tick("no refresh was tried").await;
        }
    }
    assert!(provider.grants("refresh_token") >= first + 4);
    let served = short_token(&mut client, false).await.unwrap();
    assert_eq!(served.token, good, "never a spoiled token");
    assert!(daemon.log().contains("b64token"), "{}", daemon.log());
}

/// OIDC Core §12.2: an ID token on a refresh that names another user ends the session
/// (REAUTH_REQUIRED, token_expired saying why) instead of serving its access token as the
/// session's user; one that names the same user is taken.
#[tokio::test]
async fn a_refresh_whose_id_token_names_someone_else_ends_the_session() {
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a good login");
    provider.set(|b| b.refresh_id_token = Some(Map::new()));
    let before = provider.grants("refresh_token");
    short_token(&mut client, true)
        .await
        .expect("the same user's ID token");
    assert_eq!(provider.grants("refresh_token"), before + 1);

    let mut events = watch(&mut daemon.sessions().await, Default::default()).await;
    provider.set(|b| b.refresh_id_token = Some(object(json!({"sub": "mallory"}))));
    let refused = short_token(&mut client, true)
        .await
        .expect_err("another user's token");
    assert_eq!(refused.code(), Code::Unauthenticated, "{refused:?}");
    assert!(refused.message().contains("sub"), "{}", refused.message());
    let expired = loop {
        let event = next_event(&mut events, Duration::from_secs(15)).await;
        if kind(&event) == "token_expired" {
            break event.kind;
        }
    };
    assert!(format!("{expired:?}").contains("sub"), "{expired:?}");
    let users = users(&mut client).await;
    assert_eq!(users[0].state, proto::UserState::LoggedOut as i32);

    // Another issuer on a refresh is refused the same way.
    provider.set(|b| b.refresh_id_token = Some(object(json!({"iss": "https://evil.example"}))));
    password_login(&mut client).await.expect("a good login");
    let refused = short_token(&mut client, true)
        .await
        .expect_err("another issuer's token");
    assert_eq!(refused.code(), Code::Unauthenticated, "{refused:?}");
}

/// Strings from the provider reach no terminal or log line raw: a `sub` with a newline and a
/// forged log line, a name with an OSC 52 clipboard write and line erasure.
#[tokio::test]
async fn provider_strings_are_escaped_in_the_cli_and_the_log() {
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
    let forged = "eve\nlogged in uid=0 app=rp user=root";
    let name = "Eve\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2K\u{9b}1A";
    provider.set(|b| b.login_claims = object(json!({"sub": forged, "name": name})));
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a login");
    let users = daemon.cli(&["--app", "rp", "users"], "");
    let shown = String::from_utf8_lossy(&users.stdout);
    assert!(users.status.success(), "{users:?}");
    assert_eq!(shown.lines().count(), 1, "{shown:?}");
    assert!(shown.contains("eve\\nlogged in"), "{shown:?}");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{9b}'),
        "{shown:?}"
    );
    let whoami = daemon.cli(&["--app", "rp", "whoami"], "");
    let shown = String::from_utf8_lossy(&whoami.stdout);
    assert!(
        !shown.contains('\u{1b}') && shown.lines().count() == 1,
        "{shown:?}"
    );
    // JSON output stays exact (and escaped by JSON).
    let json = daemon.cli(&["--app", "rp", "--json", "whoami"], "");
    let parsed: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed["id"], forged);
    let log = daemon.log();
    assert!(
        !log.lines().any(|line| line.starts_with("logged in uid=0")),
        "a forged line:\n{log}"
    );
    assert!(!log.contains('\u{1b}'), "{log}");
}

/// An https issuer whose discovery document sends the token endpoint over http: refused at
/// discovery, naming the endpoint, and the password never leaves in cleartext.
#[tokio::test]
async fn an_https_issuers_cleartext_token_endpoint_never_gets_a_password() {
    let cleartext = Hostile::start().await;
    let token_endpoint = format!("{}/token", cleartext.issuer);
    let server = TlsServer::start(|port| {
        let issuer = format!("https://127.0.0.1:{port}");
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": token_endpoint,
            "jwks_uri": format!("{issuer}/jwks"),
            "grant_types_supported": ["password", "refresh_token"],
        })
        .to_string()
    });
    let daemon = Daemon::builder(&format!(
        "[apps.rp]\nkind = \"oidc\"\nissuer = \"https://127.0.0.1:{}\"\nclient_id = \"{HOSTILE_CLIENT}\"\ngrants = [\"password\"]\nrequest_timeout = \"5s\"\n",
        server.port
    ))
    .env("SSL_CERT_FILE", server.ca.display().to_string())
    .start()
    .await;
    let mut client = daemon.sessions().await;
    let refused = password_login(&mut client)
        .await
        .expect_err("a cleartext token endpoint");
    // The document was read over TLS (the CA is trusted) and refused for what it says.
    assert!(
        refused
            .message()
            .contains("token_endpoint is not an https URL"),
        "{}",
        refused.message()
    );
    assert_eq!(
        cleartext.grants("password"),
        0,
        "the password went in cleartext"
    );
}
