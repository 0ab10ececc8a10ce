//! How an oidc app's client is set up: a public client (no secret, PKCE only), a confidential
//! one whose secret comes from a systemd credential, client credentials through the CLI, and
//! a browser login that nobody completes.

use std::time::Duration;

use latchkey::proto;
use tonic::Code;

use crate::harness::*;
use crate::oidc_logins::device_login;

/// A public client (no secret at all) signs users in with the device flow and with the browser
/// flow, whose PKCE the provider then requires.
#[tokio::test]
async fn a_public_client_logs_in_with_device_and_browser() {
    let provider = Provider::start(&[]);
    let table = format!(
        "[apps.corp]\nkind = \"oidc\"\nissuer = \"{}\"\nclient_id = \"latchkey-public\"\nrequest_timeout = \"5s\"\n",
        provider.issuer
    );
    let daemon = Daemon::start_config(&table).await;
    let mut client = daemon.sessions().await;
    let apps = daemon
        .daemon()
        .await
        .list_apps(proto::ListAppsRequest {})
        .await
        .unwrap()
        .into_inner()
        .apps;
    assert!(
        !apps[0].providers.iter().any(|p| p == "client_credentials"),
        "a public client has no client credentials: {:?}",
        apps[0].providers
    );
    assert_eq!(
        device_login(&provider, &mut client, "grace").await.id,
        "grace"
    );
    let (authorization_url, _, mut stream) = browser_login(&mut client, "corp").await;
    provider.browse(&authorization_url, "heidi").await;
    let user = browser_user(&mut stream).await;
    assert_eq!(user.id, "heidi");
    let token = client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            force_refresh: true,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(provider.introspect(&token.token).await["sub"], "heidi");
}

/// The client secret can come from a systemd credential (`LoadCredential=`), and
/// `latchkey login client-credentials` gives a service session with it.
#[tokio::test]
async fn the_secret_from_a_systemd_credential_and_client_credentials_from_the_cli() {
    let provider = Provider::start(&[]);
    let credentials = tempfile::tempdir().unwrap();
    std::fs::copy(
        provider.secret_file(),
        credentials.path().join("corp-secret"),
    )
    .unwrap();
    let table = format!(
        "[apps.corp]\nkind = \"oidc\"\nissuer = \"{}\"\nclient_id = \"latchkey\"\nclient_secret_credential = \"corp-secret\"\nrequest_timeout = \"5s\"\n",
        provider.issuer
    );
    let daemon = Daemon::builder(&table)
        .env(
            "CREDENTIALS_DIRECTORY",
            credentials.path().display().to_string(),
        )
        .start()
        .await;
    let login = daemon.cli(&["--app", "corp", "login", "client-credentials"], "");
    assert!(login.status.success(), "{login:?}");
    assert!(String::from_utf8_lossy(&login.stdout).contains("latchkey"));
    let token = daemon.cli(&["--app", "corp", "token"], "");
    assert!(token.status.success(), "{token:?}");
    let printed = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    let introspection = provider.introspect(&printed).await;
    assert_eq!(introspection["active"], true, "{introspection}");
    assert_eq!(introspection["client_id"], CLIENT_ID);
    assert!(
        !daemon.log().contains(CLIENT_SECRET),
        "the secret never reaches the log"
    );
}

/// A browser login nobody completes ends after `browser_timeout` with LOGIN_EXPIRED, and its
/// loopback port is freed.
#[tokio::test]
async fn an_abandoned_browser_login_times_out_and_frees_its_port() {
    let provider = Provider::start(&[]);
    let daemon =
        Daemon::start_config(&provider.app_table("corp", "browser_timeout = \"2s\"\n")).await;
    let mut client = daemon.sessions().await;
    let (_, query, mut stream) = browser_login(&mut client, "corp").await;
    let redirect = reqwest::Url::parse(&query["redirect_uri"]).unwrap();
    let port = redirect.port().unwrap();
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_err(),
        "listening meanwhile"
    );
    let ended = tokio::time::timeout(Duration::from_secs(10), stream.message())
        .await
        .expect("the login ends after browser_timeout");
    let status = assert_error(ended, Code::DeadlineExceeded, "LOGIN_EXPIRED");
    assert!(status.message().contains("browser_timeout"), "{status:?}");
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", port)).is_ok(),
        "port freed"
    );
}
