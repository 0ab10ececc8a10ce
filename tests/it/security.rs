//! Tokens sealed at rest, the seal key's handling, and the state directory's safety checks.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;

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
    let wrong = daemon.run_expecting_failure();
    assert_eq!(
        wrong.status.code(),
        Some(64),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("does not open the stored sessions"));

    std::fs::remove_file(&key_path).unwrap();
    let missing = daemon.run_expecting_failure();
    assert_eq!(missing.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("missing"),
        "{}",
        String::from_utf8_lossy(&missing.stderr)
    );
    assert!(
        !key_path.exists(),
        "no new key was made over an existing store"
    );

    std::fs::write(&key_path, &good_key).unwrap();
    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let exposed = daemon.run_expecting_failure();
    assert_eq!(exposed.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&exposed.stderr).contains("0600"));
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
    let wrong = daemon.run_expecting_failure();
    assert_eq!(
        wrong.status.code(),
        Some(64),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("does not open the stored sessions"),
        "{}",
        String::from_utf8_lossy(&wrong.stderr)
    );

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
    let refused = daemon.run_expecting_failure();
    assert_eq!(refused.status.code(), Some(64));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("lets others write"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
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
    assert!(line.contains(env!("CARGO_BIN_EXE_latchkey")), "{line}");
    assert!(line.contains(user["id"].as_str().unwrap()), "{line}");
    assert!(!log.contains(&token), "the token is in the log");
}

const NOBODY: u32 = 65534;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `[access]`: a uid outside the policy is refused before any work; a listed one is served;
/// root always is. The socket's group comes from `socket_group`.
#[tokio::test]
async fn access_policy_refuses_unlisted_uids_before_any_work() {
    use std::os::unix::fs::MetadataExt;
    let emulator = Emulator::start();
    let config = format!(
        "socket_group = \"{NOBODY}\"\n[access]\nuids = [1]\n{}",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    assert_eq!(std::fs::metadata(&daemon.socket).unwrap().gid(), NOBODY);
    let refused = cli_as(&daemon.socket, &["login", "anonymous"], "", Some(NOBODY));
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("ACCESS_DENIED"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        emulator.counter("login").await,
        0,
        "no work was done for a refused caller"
    );
    let root = daemon.cli(&["login", "anonymous"], "");
    assert!(
        root.status.success(),
        "root is always allowed: {}",
        stderr(&root)
    );

    let open = format!(
        "[access]\nuids = [{NOBODY}]\n{}",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&open).await;
    let allowed = cli_as(&daemon.socket, &["login", "anonymous"], "", Some(NOBODY));
    assert!(allowed.status.success(), "{}", stderr(&allowed));
}

/// uid 0 sees every uid's sessions only when it asks (`all_owners`) and acts on another uid's
/// only through an explicit `owner_uid`; other uids can do neither.
#[tokio::test]
async fn root_manages_other_uids_sessions_only_explicitly() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let theirs = cli_as(
        &daemon.socket,
        &["login", "anonymous", "--json"],
        "",
        Some(NOBODY),
    );
    let theirs: serde_json::Value = serde_json::from_slice(&theirs.stdout).unwrap();
    let theirs_id = theirs["id"].as_str().unwrap();
    let mine = stdout_json(&daemon.cli(&["users", "--json"], ""));
    assert_eq!(mine, serde_json::json!([]), "root's own list stays its own");
    let all = stdout_json(&daemon.cli(&["users", "--all", "--json"], ""));
    assert_eq!(all[0]["id"], theirs_id);
    assert_eq!(all[0]["owner_uid"], NOBODY);
    let token = daemon.cli(&["token", "--owner", &NOBODY.to_string()], "");
    assert!(token.status.success(), "{}", stderr(&token));
    let out = daemon.cli(&["logout", "--owner", &NOBODY.to_string()], "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("removed"));

    let sneaky = cli_as(&daemon.socket, &["users", "--all"], "", Some(NOBODY));
    assert!(
        stderr(&sneaky).contains("OWNER_SELECTION_DENIED"),
        "{}",
        stderr(&sneaky)
    );
    let sneaky = cli_as(
        &daemon.socket,
        &["whoami", "--owner", "0"],
        "",
        Some(NOBODY),
    );
    assert!(
        stderr(&sneaky).contains("OWNER_SELECTION_DENIED"),
        "{}",
        stderr(&sneaky)
    );
}

fn stdout_json(output: &std::process::Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `[limits]`: logins per minute, sessions per uid, event streams per uid.
#[tokio::test]
async fn per_uid_limits_answer_resource_exhausted() {
    let emulator = Emulator::start();
    let config = format!(
        "[limits]\nlogins_per_minute = 4\nmax_sessions_per_uid = 2\nmax_subscribers_per_uid = 1\n{}",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    log_in(&mut client, anonymous(true)).await.unwrap();
    let third = log_in(&mut client, anonymous(true)).await;
    let status = assert_error(third, tonic::Code::ResourceExhausted, "LIMIT_REACHED");
    assert!(status.message().contains("max_sessions_per_uid"));
    assert_eq!(users(&mut client).await.len(), 2);
    assert_eq!(
        emulator.counter("session.logout").await,
        1,
        "the refused session was ended at the backend"
    );
    log_in(&mut client, anonymous(false)).await.unwrap(); // reuse: the fourth login of the minute
    let fifth = log_in(&mut client, anonymous(false)).await;
    let status = assert_error(fifth, tonic::Code::ResourceExhausted, "LIMIT_REACHED");
    assert!(status.message().contains("logins_per_minute"));
    // Another uid has its own budget.
    let theirs = cli_as(&daemon.socket, &["login", "anonymous"], "", Some(NOBODY));
    assert!(theirs.status.success(), "{}", stderr(&theirs));

    let first = watch(&mut client, proto::WatchEventsRequest::default()).await;
    let second = client
        .watch_events(proto::WatchEventsRequest::default())
        .await;
    assert_error(second, tonic::Code::ResourceExhausted, "LIMIT_REACHED");
    drop(first);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    // The slot is given back when the stream goes.
    let again = tokio::time::timeout(std::time::Duration::from_secs(2), async {
        loop {
            if client
                .watch_events(proto::WatchEventsRequest::default())
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await;
    assert!(again.is_ok(), "the stream's slot came back");
}

/// `shared_with_group`: members of the group may read (list, current user, token) the sessions
/// uid 0 holds in that app, by naming `owner_uid = 0`; nothing else, and no one else.
#[tokio::test]
async fn a_shared_service_session_is_readable_by_its_group_only() {
    let emulator = Emulator::start();
    let config = format!(
        "{}shared_with_group = \"{NOBODY}\"\n",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    let (_, key) = emulator
        .admin(
            reqwest::Method::POST,
            "server-api-keys",
            Some(serde_json::json!({"name": "svc"})),
        )
        .await;
    let service = daemon.cli(
        &["login", "api-key", "--json"],
        key["key"].as_str().unwrap(),
    );
    let service = stdout_json(&service);
    let root_token = daemon.cli(&["token"], "");
    let root_token = String::from_utf8_lossy(&root_token.stdout)
        .trim()
        .to_owned();

    let read = cli_as(&daemon.socket, &["token", "--owner", "0"], "", Some(NOBODY));
    assert!(read.status.success(), "{}", stderr(&read));
    assert_eq!(String::from_utf8_lossy(&read.stdout).trim(), root_token);
    let whoami = stdout_json(&cli_as(
        &daemon.socket,
        &["whoami", "--owner", "0", "--json"],
        "",
        Some(NOBODY),
    ));
    assert_eq!(whoami["id"], service["id"]);
    let listed = stdout_json(&cli_as(
        &daemon.socket,
        &["users", "--owner", "0", "--json"],
        "",
        Some(NOBODY),
    ));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    for write in [
        ["logout", "--owner", "0"],
        ["refresh", "--owner", "0"],
        ["remove", "--owner", "0"],
    ] {
        let denied = cli_as(&daemon.socket, &write, "", Some(NOBODY));
        assert!(
            stderr(&denied).contains("OWNER_SELECTION_DENIED"),
            "{write:?}: {}",
            stderr(&denied)
        );
    }
    let outsider = cli_as(&daemon.socket, &["token", "--owner", "0"], "", Some(4242));
    assert!(
        stderr(&outsider).contains("OWNER_SELECTION_DENIED"),
        "{}",
        stderr(&outsider)
    );
    let own = stdout_json(&cli_as(
        &daemon.socket,
        &["users", "--json"],
        "",
        Some(NOBODY),
    ));
    assert_eq!(
        own,
        serde_json::json!([]),
        "without owner_uid a member sees only its own"
    );
}

/// Another uid watching events gets none of root's, and one test uid cannot see or touch
/// another test uid's sessions.
#[tokio::test]
async fn other_uids_cannot_watch_or_touch_each_others_sessions() {
    use std::io::BufRead;
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut watcher = std::process::Command::new(env!("CARGO_BIN_EXE_latchkey"))
        .arg("--socket")
        .arg(&daemon.socket)
        .args(["watch", "--json", "--snapshot"])
        .uid(NOBODY)
        .gid(NOBODY)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = watcher.stdout.take().unwrap();
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines_tx.send(line);
        }
    });
    // The watcher is subscribed once it has seen an event of its own: nobody logs in first.
    let log_in_as_nobody = || {
        stdout_json(&cli_as(
            &daemon.socket,
            &["login", "anonymous", "--new", "--json"],
            "",
            Some(NOBODY),
        ))
    };
    let until_seen = |user: &serde_json::Value, seen: &mut Vec<String>| {
        let id = user["id"].as_str().unwrap().to_owned();
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let line = lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("the watcher never saw {id}'s login: {seen:?}"));
            let done = line.contains(&id) && line.contains("logged_in");
            seen.push(line);
            if done {
                return;
            }
        }
    };
    let mut seen = Vec::new();
    let first = log_in_as_nobody();
    until_seen(&first, &mut seen);
    let mut client = daemon.sessions().await;
    let root_user = log_in(&mut client, anonymous(true)).await.unwrap();
    log_out(&mut client, &root_user.id).await.unwrap();
    // Events come in order: nobody's next login comes after everything root did.
    let mine = log_in_as_nobody();
    until_seen(&mine, &mut seen);
    let _ = watcher.kill();
    let _ = watcher.wait();
    assert!(
        !seen.iter().any(|l| l.contains(&root_user.id)),
        "root's events leaked: {seen:?}"
    );

    // uid 4242 against nobody's user.
    let theirs = mine["id"].as_str().unwrap();
    let listed = stdout_json(&cli_as(
        &daemon.socket,
        &["users", "--json"],
        "",
        Some(4242),
    ));
    assert_eq!(listed, serde_json::json!([]));
    for args in [
        vec!["token", "--user", theirs],
        vec!["logout", theirs],
        vec!["switch", theirs],
        vec!["remove", theirs],
    ] {
        let output = cli_as(&daemon.socket, &args, "", Some(4242));
        assert!(
            stderr(&output).contains("USER_NOT_FOUND"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// A request larger than the daemon's message limit is refused without being processed.
#[tokio::test]
async fn oversized_requests_are_refused() {
    use latchkey::proto::credentials::Kind;
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let huge = format!("{{\"pad\":\"{}\"}}", "x".repeat(300 * 1024));
    let status = log_in(
        &mut client,
        creds(Kind::Function(proto::FunctionCredential {
            payload_json: huge,
        })),
    )
    .await
    .unwrap_err();
    assert_eq!(status.code(), tonic::Code::OutOfRange, "{status:?}");
    assert_eq!(emulator.counter("login").await, 0);
    // The connection and the daemon carry on.
    log_in(&mut client, anonymous(true)).await.unwrap();
}
