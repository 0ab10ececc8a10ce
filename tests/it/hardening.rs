//! Regression tests of the hardening issue, each named after the behaviour it keeps: a dead log
//! pipe, absurd `Retry-After`, callers looping on a failing backend, the emulator's admin API
//! refusing what it does not understand, and `--dev-listen` off loopback.

use std::process::{Command, Stdio};
use std::time::Duration;

use latchkey::proto;
use reqwest::Method;
use serde_json::json;

use crate::harness::*;

/// With stderr on a pipe whose reader went away, logins, tokens (refreshes included) and
/// SIGTERM all work: logging never fails a request or the shutdown.
#[tokio::test]
async fn a_closed_log_pipe_does_not_stop_the_daemon() {
    let emulator = Emulator::start();
    let dir = tempfile::tempdir().unwrap();
    let (socket, config) = write_config(dir.path(), &app_table("main", &emulator.base_url));
    let mut child = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&config)
        .env("LATCHKEY_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once: every log line from now on hits a closed pipe.
    drop(child.stderr.take());
    let mut connected = false;
    for _ in 0..200 {
        if tokio::net::UnixStream::connect(&socket).await.is_ok() {
            connected = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(connected, "the daemon serves");
    let channel = latchkey_client::socket::connect(&socket).await.unwrap();
    let mut client = proto::sessions_client::SessionsClient::new(channel);
    for _ in 0..3 {
        log_in(&mut client, anonymous(true)).await.expect("login");
        let token = client.get_access_token(token_request(0, true)).await;
        assert!(!token.unwrap().into_inner().token.is_empty());
    }
    assert_eq!(users(&mut client).await.len(), 3);
    let pid = rustix::process::Pid::from_raw(i32::try_from(child.id()).unwrap()).unwrap();
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).unwrap();
    let status = tokio::task::spawn_blocking(move || {
        for _ in 0..100 {
            if let Some(status) = child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        None
    })
    .await
    .unwrap();
    let status = status.expect("SIGTERM stops the daemon within 5 s");
    assert!(status.success(), "{status}");
}

/// A 429 with an absurd `Retry-After` (9.3e15 s) neither overflows a deadline into a refresh
/// storm nor stops the session for ever: callers get the cached token, the backend sees one
/// request, and the next attempt is due within the hour.
#[tokio::test]
async fn an_absurd_retry_after_causes_no_refresh_storm() {
    let (emulator, _daemon, mut client) = anonymous_session().await;
    let mut events = watch(&mut client, proto::WatchEventsRequest::default()).await;
    emulator
        .fault(json!({"endpoint": "session.refresh", "status": 429,
                        "retry_after_secs": 9_300_000_000_000_000u64, "count": 100_000}))
        .await;
    let before = emulator.counter("session.refresh").await;
    let asked = now_ms();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
    while tokio::time::Instant::now() < deadline {
        let token = client.get_access_token(token_request(0, true)).await;
        assert!(token.unwrap().into_inner().stale);
    }
    let failed = loop {
        let event = next_event(&mut events, Duration::from_secs(2)).await;
        if let Some(proto::session_event::Kind::RefreshFailed(failed)) = event.kind {
            break failed;
        }
    };
    let next = timestamp_ms(failed.next_attempt_at.as_ref().unwrap());
    assert!(
        next > asked && next <= asked + 3_600_000 + 5_000,
        "next attempt {} s away",
        (next - asked) / 1000
    );
    assert_eq!(emulator.counter("session.refresh").await - before, 1);
}

/// While every refresh fails with 503, a caller looping on `force_refresh` shares the session's
/// backoff: at most three backend requests in 3 s (at least 0.5 s, then 1 s apart), not
/// thousands.
#[tokio::test]
async fn callers_share_the_backoff_of_a_failing_backend() {
    let (emulator, _daemon, mut client) = anonymous_session().await;
    emulator
        .fault(json!({"endpoint": "session.refresh", "status": 503, "count": 100_000}))
        .await;
    let before = emulator.counter("session.refresh").await;
    let mut calls = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while tokio::time::Instant::now() < deadline {
        let token = client.get_access_token(token_request(0, true)).await;
        assert!(
            token.unwrap().into_inner().stale,
            "the cached token, marked stale"
        );
        calls += 1;
    }
    let sent = emulator.counter("session.refresh").await - before;
    assert!(calls > 100, "the caller looped ({calls} calls)");
    assert!(sent <= 3, "{sent} refresh requests for {calls} calls");
}

/// The emulator's admin API refuses keys it does not know and values it cannot use (400 naming
/// them), instead of answering 204 and doing something else.
#[tokio::test]
async fn the_emulators_admin_api_refuses_what_it_does_not_understand() {
    let emulator = Emulator::start();
    for (path, body, named) in [
        ("faults", json!({"unreachable": true}), "unreachable"),
        ("faults", json!({"endpoint": 7, "status": 500}), "endpoint"),
        ("faults", json!({"count": 3}), "status"),
        (
            "faults",
            json!({"status": 500, "retry_after": 5}),
            "retry_after",
        ),
        ("config", json!({"access_ttl": 5}), "access_ttl"),
        ("config", json!({"access_ttl_secs": "5"}), "access_ttl_secs"),
        ("clock", json!({"offset": 5}), "offset"),
        ("server-api-keys", json!({"name": "k", "nmae": "x"}), "nmae"),
    ] {
        let method = if path == "config" {
            Method::PUT
        } else {
            Method::POST
        };
        let (status, answer) = emulator.admin(method, path, Some(body.clone())).await;
        assert_eq!(status, 400, "{path} {body}: {answer}");
        assert!(
            answer.to_string().contains(named),
            "{path} {body}: {answer}"
        );
    }
    // What it understands still works.
    let (status, _) = emulator
        .admin(
            Method::POST,
            "faults",
            Some(json!({"status": 500, "count": 1})),
        )
        .await;
    assert_eq!(status, 204);
}

/// `--dev-listen` takes loopback addresses only: the emulator's admin API has no
/// authentication.
#[test]
fn dev_listen_refuses_a_non_loopback_address() {
    let output = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .args(["--dev", "--dev-listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(64), "{stderr}");
    assert!(stderr.contains("loopback"), "{stderr}");
}

fn link_request(credentials: Option<proto::Credentials>) -> proto::LinkCredentialsRequest {
    proto::LinkCredentialsRequest {
        app: String::new(),
        user_id: String::new(),
        credentials,
    }
}

/// Wrong-password links count against the caller's login limit like logins (no password
/// guessing through `LinkCredentials`), and so do the email/password account calls.
#[tokio::test]
async fn links_and_account_calls_count_against_the_login_limit() {
    let emulator = Emulator::start();
    emulator
        .register("victim@example.com", "the-right-one")
        .await;
    let config = format!(
        "[limits]\nlogins_per_minute = 5\n{}",
        app_table("main", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    for _ in 0..4 {
        let guess = client
            .link_credentials(link_request(email("victim@example.com", "guess-1234")))
            .await;
        assert_error(guess, tonic::Code::Unauthenticated, "INVALID_CREDENTIALS");
    }
    let links_sent = emulator.counter("link").await;
    assert_eq!(links_sent, 4);
    let limited = client
        .link_credentials(link_request(email("victim@example.com", "guess-5678")))
        .await;
    assert_error(limited, tonic::Code::ResourceExhausted, "LIMIT_REACHED");
    let mut accounts =
        proto::email_password_client::EmailPasswordClient::new(daemon.channel().await);
    let mail = accounts
        .send_reset_password_email(proto::SendResetPasswordEmailRequest {
            app: String::new(),
            email: "victim@example.com".to_owned(),
        })
        .await;
    assert_error(mail, tonic::Code::ResourceExhausted, "LIMIT_REACHED");
    let before = emulator.counter("login").await;
    assert_eq!(
        before,
        emulator.counter("login").await,
        "nothing reached the backend"
    );
}

/// A user's linked email/password identity dies with the user: after `DeleteUser`, logging in
/// with it is refused (spec §4.3), as the real server does.
#[tokio::test]
async fn a_deleted_users_linked_identity_stops_working() {
    let (emulator, _daemon, mut client) = anonymous_session().await;
    emulator.register("linked@example.com", "password42").await;
    let linked = client
        .link_credentials(link_request(email("linked@example.com", "password42")))
        .await
        .unwrap()
        .into_inner();
    client
        .delete_user(proto::DeleteUserRequest {
            user_id: linked.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let again = log_in(&mut client, email("linked@example.com", "password42")).await;
    assert_error(again, tonic::Code::Unauthenticated, "INVALID_CREDENTIALS");
}

/// `latchkey whoami` as uid 65534 with no XDG_RUNTIME_DIR, so that it falls back to
/// `$TMPDIR/latchkey-65534/latchkeyd.sock`.
fn fallback_cli(tmpdir: &std::path::Path) -> Command {
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(workspace_bin("latchkey"));
    command
        .arg("whoami")
        .env_remove("XDG_RUNTIME_DIR")
        .env_remove("LATCHKEY_SOCKET")
        .env("TMPDIR", tmpdir)
        .uid(65534)
        .gid(65534);
    command
}

/// With `XDG_RUNTIME_DIR` unset, the CLI's fallback socket in a directory another uid made (or
/// one anybody may write) is refused before anything is sent; its own private one is used.
#[test]
fn the_cli_refuses_a_socket_another_uid_planted() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let dir = tmp.path().join("latchkey-65534");
    std::fs::create_dir(&dir).unwrap();
    let planted = std::os::unix::net::UnixListener::bind(dir.join("latchkeyd.sock")).unwrap();
    planted.set_nonblocking(true).unwrap();
    std::fs::set_permissions(
        dir.join("latchkeyd.sock"),
        std::fs::Permissions::from_mode(0o777),
    )
    .unwrap();
    let chown = |uid: u32| {
        rustix::fs::chown(
            &dir,
            Some(rustix::fs::Uid::from_raw(uid)),
            Some(rustix::fs::Gid::from_raw(uid)),
        )
        .unwrap();
    };
    for (owner, mode, said) in [
        (1, 0o755, "belongs to uid 1"),
        (65534, 0o777, "writable by other users"),
    ] {
        chown(owner);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode)).unwrap();
        let output = fallback_cli(tmp.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(4), "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
        assert!(
            planted.accept().is_err(),
            "nothing connected to the planted socket"
        );
    }
    // The caller's own private directory is trusted: the CLI connects (to this bare listener,
    // which never answers: the CLI is stopped once the connection arrived).
    chown(65534);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    let mut child = fallback_cli(tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut connected = false;
    for _ in 0..100 {
        if planted.accept().is_ok() {
            connected = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(connected, "its own socket is used");
}

/// The daemon refuses to bind in a directory other users may write: they could replace its
/// socket under its clients.
#[test]
fn the_daemon_refuses_a_socket_directory_others_may_write() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let open = dir.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .args(["--dev", "--socket"])
        .arg(open.join("latchkeyd.sock"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(stderr.contains("writable by other users"), "{stderr}");
    assert!(!open.join("latchkeyd.sock").exists());
}

/// `shared_with_group` covers exactly its app: a member listing every app (`app = ""`) with
/// `owner_uid = 0` sees root's users of the shared app only; the share follows SIGHUP; the
/// audit line of a member's token read names the member and the owner read for.
#[tokio::test]
async fn a_group_share_covers_its_app_only_and_follows_sighup() {
    const NOBODY: u32 = 65534;
    let emulator = Emulator::start();
    let shared = format!(
        "default_app = \"main\"\n{}shared_with_group = \"{NOBODY}\"\n{}",
        app_table("main", &emulator.base_url),
        app_table("other", &emulator.base_url)
    );
    let daemon = Daemon::start_config(&shared).await;
    for app in ["main", "other"] {
        let login = daemon.cli(&["--app", app, "login", "anonymous"], "");
        assert!(login.status.success(), "{login:?}");
    }
    let listed = cli_as(
        &daemon.socket,
        &["users", "--owner", "0", "--json"],
        "",
        Some(NOBODY),
    );
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    let apps: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["app"].as_str().unwrap())
        .collect();
    assert_eq!(apps, ["main"], "only the shared app's users");
    let other = cli_as(
        &daemon.socket,
        &["--app", "other", "users", "--owner", "0"],
        "",
        Some(NOBODY),
    );
    assert!(String::from_utf8_lossy(&other.stderr).contains("OWNER_SELECTION_DENIED"));
    let read = cli_as(&daemon.socket, &["token", "--owner", "0"], "", Some(NOBODY));
    assert!(read.status.success(), "{read:?}");
    let audit = daemon
        .log()
        .lines()
        .rfind(|line| line.contains("access token handed out"))
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(
        audit.contains(&format!("uid={NOBODY}")) && audit.contains("owner=0"),
        "{audit}"
    );

    let unshared = format!(
        "default_app = \"main\"\n{}{}",
        app_table("main", &emulator.base_url),
        app_table("other", &emulator.base_url)
    );
    daemon.reload(&unshared).await;
    let refused = cli_as(&daemon.socket, &["token", "--owner", "0"], "", Some(NOBODY));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("OWNER_SELECTION_DENIED"),
        "{refused:?}"
    );
}

/// `GetStatus` counts the caller's own sessions (uid 0: everyone's): another uid's activity is
/// not shown to anyone else.
#[tokio::test]
async fn get_status_does_not_reveal_other_uids_sessions() {
    let (_emulator, daemon, _client) = anonymous_session().await;
    let json = |output: std::process::Output| -> serde_json::Value {
        serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{output:?}"))
    };
    let root = json(daemon.cli(&["status", "--json"], ""));
    let other = json(cli_as(
        &daemon.socket,
        &["status", "--json"],
        "",
        Some(65534),
    ));
    let logged_in = |status: &serde_json::Value| status["apps"][0]["logged_in"].clone();
    assert_eq!(logged_in(&root), 1, "{root}");
    assert_eq!(logged_in(&other), 0, "{other}");
}
