//! Tokens sealed at rest, the seal key's handling, and the state directory's safety checks.

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use latchkey::proto;

use crate::harness::*;

/// No token issued in the test appears in the store file; the JWT prefix does not appear at all.
#[tokio::test]
async fn the_store_holds_no_token_in_plaintext() {
    let emulator = Emulator::start();
    emulator.register("y@example.com", "password23").await;
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let mut issued = Vec::new();
    log_in(&mut client, email("y@example.com", "password23"))
        .await
        .unwrap();
    issued.push(token(&mut client, "", false).await.unwrap().token);
    issued.push(token(&mut client, "", true).await.unwrap().token);
    log_in(&mut client, anonymous(true)).await.unwrap();
    issued.push(token(&mut client, "", false).await.unwrap().token);
    drop(client);
    daemon.terminate().await; // everything durable
    let store = std::fs::read(daemon.store_path()).unwrap();
    let text = String::from_utf8_lossy(&store);
    for token in &issued {
        let signature = token.rsplit('.').next().unwrap();
        assert!(
            !text.contains(signature),
            "a token's signature is in the store"
        );
    }
    assert!(
        !text.contains("eyJ"),
        "something JWT-shaped is in the store"
    );
    assert!(!text.contains("password23"));
    // ...and the sessions come back sealed as they were.
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    assert_eq!(
        token(&mut client, "", false).await.unwrap().token,
        issued[2]
    );
}

/// A wrong key or a missing key stops the daemon with a clear message (exit 64) and destroys
/// nothing: with the right key back, every session is there.
#[tokio::test]
async fn a_wrong_or_missing_seal_key_is_a_clear_error_that_destroys_nothing() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    drop(client);
    daemon.terminate().await;
    let key_path = daemon.state_dir().join("seal-key");
    let mode = std::fs::metadata(&key_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let state_mode = std::fs::metadata(daemon.state_dir())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(state_mode, 0o700);
    let store_mode = std::fs::metadata(daemon.store_path())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(store_mode, 0o600);
    let good_key = std::fs::read(&key_path).unwrap();

    std::fs::write(&key_path, [7u8; 32]).unwrap();
    daemon.assert_refuses_to_start("does not open the stored sessions");

    std::fs::remove_file(&key_path).unwrap();
    daemon.assert_refuses_to_start("missing");
    assert!(
        !key_path.exists(),
        "no new key was made over an existing store"
    );

    std::fs::write(&key_path, &good_key).unwrap();
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    daemon.assert_refuses_to_start("0600");
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600)).unwrap();

    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    assert_eq!(current(&mut client).await.unwrap().id, user.id);
}

/// The key can come from systemd's credential directory (`LoadCredential=seal-key:...`): no key
/// file is made, the credential's key is the one that opens the store (another key in the
/// credential is refused, exit 64, and destroys nothing), and the sessions come back with it.
#[tokio::test]
async fn seal_key_from_the_credential_directory() {
    let emulator = Emulator::start();
    let credentials = tempfile::tempdir().unwrap();
    let credential = credentials.path().join("seal-key");
    let right_key = format!("{}\n", "ab".repeat(32));
    std::fs::write(&credential, &right_key).unwrap();
    let mut daemon = Daemon::builder(&app_table("main", &emulator.base_url))
        .env(
            "CREDENTIALS_DIRECTORY",
            credentials.path().display().to_string(),
        )
        .start()
        .await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    assert!(
        !daemon.state_dir().join("seal-key").exists(),
        "the credential is used, no key file made"
    );
    drop(client);
    daemon.terminate().await;

    std::fs::write(&credential, "cd".repeat(32)).unwrap();
    daemon.assert_refuses_to_start("does not open the stored sessions");

    std::fs::write(&credential, &right_key).unwrap();
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let listed = users(&mut client).await;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, user.id);
    token(&mut client, "", false)
        .await
        .expect("the token opened with the credential's key");
}

/// A state directory others can write to is refused (exit 64).
#[tokio::test]
async fn an_unsafe_state_directory_is_refused() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    daemon.kill9();
    std::fs::set_permissions(daemon.state_dir(), std::fs::Permissions::from_mode(0o777)).unwrap();
    daemon.assert_refuses_to_start("lets others write");
    std::fs::set_permissions(daemon.state_dir(), std::fs::Permissions::from_mode(0o755)).unwrap();
    daemon.spawn().await;
    let mode = std::fs::metadata(daemon.state_dir())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o700, "tightened to 0700");
    let _ = proto::ListUsersRequest::default();
}

/// Every flow at `trace` log level: no password, token, API key or function payload appears in
/// the daemon's log or in any error message.
#[tokio::test]
async fn no_secret_reaches_the_log_or_an_error_message() {
    use latchkey::proto::credentials::Kind;
    let emulator = Emulator::start();
    emulator.register("z@example.com", "hunter2-password").await;
    let config = app_table("main", &emulator.base_url);
    let daemon = Daemon::builder(&config)
        .env("LATCHKEY_LOG", "trace")
        .start()
        .await;
    let mut client = daemon.sessions().await;
    let mut secrets: Vec<String> = vec!["hunter2-password".into(), "wrong-hunter3".into()];
    let mut errors = Vec::new();

    log_in(&mut client, email("z@example.com", "hunter2-password"))
        .await
        .unwrap();
    errors.push(
        log_in(&mut client, email("z@example.com", "wrong-hunter3"))
            .await
            .unwrap_err(),
    );
    let jwt = emulator.custom_jwt("trace-jwt").await;
    secrets.push(jwt.clone());
    log_in(
        &mut client,
        creds(Kind::Jwt(proto::JwtCredential { token: jwt })),
    )
    .await
    .unwrap();
    let bad_jwt = "not.a-valid.jwt!".to_owned();
    secrets.push(bad_jwt.clone());
    errors.push(
        log_in(
            &mut client,
            creds(Kind::Jwt(proto::JwtCredential { token: bad_jwt })),
        )
        .await
        .unwrap_err(),
    );
    let facebook = emulator.social_token("facebook", "trace-fb").await;
    secrets.push(facebook.clone());
    log_in(
        &mut client,
        creds(Kind::Facebook(proto::FacebookCredential {
            access_token: facebook,
        })),
    )
    .await
    .unwrap();
    let payload = r#"{"userId":"trace-fn","pin":"PIN-4242-secret"}"#;
    secrets.push("PIN-4242-secret".into());
    log_in(
        &mut client,
        creds(Kind::Function(proto::FunctionCredential {
            payload_json: payload.into(),
        })),
    )
    .await
    .unwrap();
    errors.push(
        log_in(
            &mut client,
            creds(Kind::Function(proto::FunctionCredential {
                payload_json: "[\"PIN-4242-secret\"]".into(),
            })),
        )
        .await
        .unwrap_err(),
    );
    log_in(&mut client, email("z@example.com", "hunter2-password"))
        .await
        .unwrap();
    let mut keys = proto::api_keys_client::ApiKeysClient::new(daemon.channel().await);
    let key = keys
        .create_api_key(proto::CreateApiKeyRequest {
            name: "trace".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .key;
    secrets.push(key.clone());
    log_in(
        &mut client,
        creds(Kind::ApiKey(proto::ApiKeyCredential { key })),
    )
    .await
    .unwrap();
    errors.push(
        log_in(
            &mut client,
            creds(Kind::ApiKey(proto::ApiKeyCredential {
                key: "bogus-key-secret".into(),
            })),
        )
        .await
        .unwrap_err(),
    );
    secrets.push("bogus-key-secret".into());
    for force in [false, true, true] {
        secrets.push(token(&mut client, "", force).await.unwrap().token);
    }
    let mut accounts =
        proto::email_password_client::EmailPasswordClient::new(daemon.channel().await);
    errors.push(
        accounts
            .reset_password(proto::ResetPasswordRequest {
                app: String::new(),
                password: "reset-secret-pw".into(),
                token: "reset-token-secret".into(),
                token_id: "x".into(),
            })
            .await
            .unwrap_err(),
    );
    secrets.extend(["reset-secret-pw".into(), "reset-token-secret".into()]);
    log_out(&mut client, "").await.unwrap();

    let log = daemon.log();
    assert!(log.contains("TRACE"), "the daemon logged at trace level");
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "a secret is in the log: {}...",
            &secret[..4]
        );
        for error in &errors {
            assert!(
                !error.message().contains(secret.as_str()),
                "a secret is in an error: {}",
                error.message()
            );
        }
    }
    assert!(!log.contains("eyJ"), "something JWT-shaped is in the log");
}

/// Every token handed out is logged on the `audit` target with the caller's uid, pid and
/// executable, the app and the user; never the token.
#[tokio::test]
async fn token_handouts_are_audited_without_the_token() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let login = daemon.cli(&["login", "anonymous", "--json"], "");
    let user: serde_json::Value = serde_json::from_slice(&login.stdout).unwrap();
    let token = daemon.cli(&["token"], "");
    assert!(token.status.success());
    let token = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    let log = daemon.log();
    let line = log
        .lines()
        .find(|line| line.contains("audit") && line.contains("access token handed out"))
        .expect("an audit line");
    assert!(line.contains("uid=0"), "{line}");
    assert!(line.contains("pid="), "{line}");
    assert!(line.contains(&workspace_bin("latchkey")), "{line}");
    assert!(line.contains(user["id"].as_str().unwrap()), "{line}");
    assert!(!log.contains(&token), "the token is in the log");
}

/// The audit trail does not write a line per call: a process that asks for the same session's
/// token 500 times on one connection gets one line naming it, and the other 499 hand-outs are
/// counted in one line when the connection closes. Another connection is another first line.
#[tokio::test]
async fn repeated_handouts_are_counted_not_logged_one_by_one() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap().id;
    for _ in 0..500 {
        token(&mut client, "", false).await.unwrap();
    }
    let handouts = |log: &str| {
        log.lines()
            .filter(|line| line.contains("audit") && line.contains(&user))
            .filter(|line| line.contains("access token handed out"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let lines = handouts(&daemon.log());
    assert_eq!(
        lines.len(),
        1,
        "one line while the connection is open: {lines:?}"
    );
    assert!(lines[0].contains("pid="), "{}", lines[0]);
    drop(client);
    let deadline = Deadline::new(
        "the count when the connection closed",
        Duration::from_secs(20),
    );
    let summary = loop {
        let lines = handouts(&daemon.log());
        if let Some(summary) = lines.iter().find(|line| line.contains("handed out again")) {
            break summary.clone();
        }
        deadline.tick(format!("{lines:?}")).await;
    };
    assert!(summary.contains("times=499"), "{summary}");
    assert!(summary.contains("pid="), "{summary}");

    let mut again = daemon.sessions().await;
    token(&mut again, "", false).await.unwrap();
    token(&mut again, "", false).await.unwrap();
    let firsts = handouts(&daemon.log())
        .into_iter()
        .filter(|line| !line.contains("again"))
        .count();
    assert_eq!(firsts, 2, "a new connection is logged anew");
}
