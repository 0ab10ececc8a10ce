//! The daemon as a process: configuration errors, the socket, restarts, SIGKILL persistence,
//! per-uid isolation, health, reflection, status and the not-yet-built services.

use std::process::Command;

use latchkey::proto::{self, UserState};
use tonic::Code;

use crate::harness::*;

fn run_daemon_with_config(config: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, config).unwrap();
    Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&path)
        .output()
        .unwrap()
}

/// A bad configuration exits 64 with one line naming the key, before binding anything.
#[test]
fn bad_config_exits_64_naming_the_key() {
    let cases = [
        ("socket = \"/tmp/x.sock\"\n", "apps"),
        ("[apps.a]\nkind = \"app-services\"\n", "apps.a.app_id"),
        ("[apps.a]\nkind = \"oidc\"\n", "apps.a.issuer"),
        ("[apps.a]\nkind = \"sso\"\n", "apps.a.kind"),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\nbase_url = \"not a url\"\n",
            "apps.a.base_url",
        ),
        (
            "socket_mode = \"rw\"\n[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\n",
            "socket_mode",
        ),
        (
            "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\ncolour = 1\n",
            "colour",
        ),
        ("this is not toml", "line 1"),
    ];
    for (config, key) in cases {
        let output = run_daemon_with_config(config);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(64), "{config:?}: {stderr}");
        assert!(
            stderr.contains(key),
            "{config:?}: {stderr:?} does not name {key}"
        );
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr:?}");
    }
    let missing = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .args(["--config", "/nonexistent/latchkeyd.toml"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--dev"));
}

/// A second daemon on a live socket refuses to start; SIGTERM stops the first cleanly and
/// removes its socket; a stale socket file left by SIGKILL is replaced.
#[tokio::test]
async fn socket_ownership_shutdown_and_stale_socket() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let second = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&daemon.config_path)
        .output()
        .unwrap();
    assert!(!second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("already serving"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let mode = std::fs::metadata(&daemon.socket)
        .map(|m| std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o777)
        .unwrap();
    assert_eq!(mode, 0o666, "socket mode is set explicitly");

    let status = daemon.terminate().await;
    assert!(status.success(), "SIGTERM exits 0: {status}");
    assert!(!daemon.socket.exists(), "socket removed on shutdown");

    daemon.spawn().await;
    daemon.kill9();
    assert!(daemon.socket.exists(), "SIGKILL leaves the socket file");
    daemon.spawn().await;
    assert!(daemon.log().contains("removed a stale socket file"));
}

/// Three users of two apps, SIGKILL, restart: all there, same current users, same tokens.
#[tokio::test]
async fn sigkill_loses_no_acknowledged_session() {
    let emulator = Emulator::start();
    emulator.register("n@example.com", "password14").await;
    let config = format!(
        "default_app = \"one\"\n{}{}",
        app_table("one", &emulator.base_url),
        app_table("two", &emulator.base_url)
    );
    let mut daemon = Daemon::start_config(&config).await;
    let mut client = daemon.sessions().await;
    let in_two = |credentials| proto::LogInRequest {
        app: "two".into(),
        credentials,
    };
    let a = log_in(&mut client, anonymous(true)).await.unwrap();
    let b = log_in(&mut client, email("n@example.com", "password14"))
        .await
        .unwrap();
    let c = client
        .log_in(in_two(anonymous(true)))
        .await
        .unwrap()
        .into_inner();
    client
        .switch_user(proto::SwitchUserRequest {
            app: "one".into(),
            user_id: a.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let token_a = token(&mut client, &a.id, false).await.unwrap().token;
    let before = client
        .list_users(proto::ListUsersRequest::default())
        .await
        .unwrap()
        .into_inner()
        .users;
    assert_eq!(before.len(), 3);

    daemon.kill9();
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    let after = client
        .list_users(proto::ListUsersRequest::default())
        .await
        .unwrap()
        .into_inner()
        .users;
    assert_eq!(after, before, "every user, field for field");
    assert_eq!(current(&mut client).await.unwrap().id, a.id);
    let current_two = client
        .get_current_user(proto::GetCurrentUserRequest {
            app: "two".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(current_two.id, c.id);
    assert_eq!(
        token(&mut client, &a.id, false).await.unwrap().token,
        token_a
    );
    assert_eq!(state(&after[1]), UserState::LoggedIn);
    assert_eq!(after[1].id, b.id);
}

/// Sessions belong to the uid that created them: another uid sees none of root's users and
/// cannot act on them; its own users are its own.
#[tokio::test]
async fn another_uid_sees_only_its_own_sessions() {
    const NOBODY: u32 = 65534;
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let root_user = log_in(&mut client, anonymous(false)).await.unwrap();

    let listed = cli_as(&daemon.socket, &["users", "--json"], "", Some(NOBODY));
    assert!(
        listed.status.success(),
        "{}",
        String::from_utf8_lossy(&listed.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&listed.stdout).trim(), "[]");
    let whoami = cli_as(&daemon.socket, &["whoami"], "", Some(NOBODY));
    assert_eq!(whoami.status.code(), Some(3), "not logged in");
    for args in [
        vec!["token", "--user", root_user.id.as_str()],
        vec!["logout", root_user.id.as_str()],
        vec!["switch", root_user.id.as_str()],
        vec!["remove", root_user.id.as_str()],
    ] {
        let output = cli_as(&daemon.socket, &args, "", Some(NOBODY));
        assert!(
            !output.status.success(),
            "{args:?} succeeded as another uid"
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("USER_NOT_FOUND"),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Anonymous reuse never crosses uids either.
    let theirs = cli_as(
        &daemon.socket,
        &["login", "anonymous", "--json"],
        "",
        Some(NOBODY),
    );
    assert!(
        theirs.status.success(),
        "{}",
        String::from_utf8_lossy(&theirs.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&theirs.stdout).unwrap();
    assert_ne!(theirs["id"], root_user.id.as_str());
    assert_eq!(theirs["owner_uid"], NOBODY);
    let mine = users(&mut client).await;
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].id, root_user.id);
    assert_eq!(current(&mut client).await.unwrap().id, root_user.id);
}

/// Health, reflection, ListApps, GetStatus, and PROVIDER_NOT_SUPPORTED for an interactive login an app cannot take.
#[tokio::test]
async fn health_reflection_status_and_interactive_logins_refused_by_app_services() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let channel = daemon.channel().await;
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel.clone());
    let serving = health
        .check(tonic_health::pb::HealthCheckRequest {
            service: "latchkey.v1.Sessions".into(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        serving.status,
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );

    let mut reflection =
        tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient::new(
            channel.clone(),
        );
    let request = tonic_reflection::pb::v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(
            tonic_reflection::pb::v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            ),
        ),
    };
    let mut stream = reflection
        .server_reflection_info(tokio_stream::iter(vec![request]))
        .await
        .unwrap()
        .into_inner();
    let answer = stream.message().await.unwrap().unwrap();
    let listed = format!("{:?}", answer.message_response);
    for service in [
        "latchkey.v1.Sessions",
        "latchkey.v1.ApiKeys",
        "latchkey.v1.EmailPassword",
        "latchkey.v1.Daemon",
    ] {
        assert!(listed.contains(service), "{service} not in {listed}");
    }

    let mut daemon_client = daemon.daemon().await;
    let apps = daemon_client
        .list_apps(proto::ListAppsRequest {})
        .await
        .unwrap()
        .into_inner()
        .apps;
    assert_eq!(apps.len(), 1);
    assert_eq!(
        (
            apps[0].name.as_str(),
            apps[0].kind.as_str(),
            apps[0].is_default
        ),
        ("main", "app-services", true)
    );
    assert!(apps[0].providers.iter().any(|p| p == "email_password"));
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let status = daemon_client
        .get_status(proto::GetStatusRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(status.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        (status.apps[0].logged_in, status.apps[0].backend_reachable),
        (1, Some(true))
    );

    // Interactive logins are for oidc apps: an App Services app does not take them.
    let device = client
        .log_in_with_device(proto::LogInWithDeviceRequest::default())
        .await
        .unwrap()
        .into_inner()
        .message()
        .await;
    let status = assert_error(device, Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED");
    assert!(status.message().contains("device"), "{status:?}");
}

async fn app_names(daemon: &Daemon) -> Vec<String> {
    daemon
        .daemon()
        .await
        .list_apps(proto::ListAppsRequest {})
        .await
        .unwrap()
        .into_inner()
        .apps
        .into_iter()
        .map(|app| app.name)
        .collect()
}

async fn until_apps(daemon: &Daemon, expected: &[&str]) {
    for _ in 0..100 {
        if app_names(daemon).await == expected {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "apps never became {expected:?}: {:?}\n{}",
        app_names(daemon).await,
        daemon.log()
    );
}

/// SIGHUP reloads the configuration: apps are added, changed and removed without dropping any
/// session; a bad file is refused and the running configuration kept.
#[tokio::test]
async fn sighup_reloads_apps_and_keeps_sessions() {
    let emulator = Emulator::start();
    let head = |apps: &str| {
        format!("socket = \"{{socket}}\"\nstate_dir = \"{{state}}\"\ndefault_app = \"one\"\n{apps}")
    };
    let daemon = Daemon::start_config(&format!(
        "default_app = \"one\"\n{}",
        app_table("one", &emulator.base_url)
    ))
    .await;
    let write = |apps: &str| {
        let text = head(apps)
            .replace("{socket}", &daemon.socket.display().to_string())
            .replace("{state}", &daemon.state_dir().display().to_string());
        std::fs::write(&daemon.config_path, text).unwrap();
    };
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    let before = token(&mut client, "", false).await.unwrap().token;

    let changed_one = app_table("one", &emulator.base_url)
        .replace("request_timeout = \"5s\"", "request_timeout = \"7s\"");
    write(&format!(
        "{changed_one}{}",
        app_table("two", &emulator.base_url)
    ));
    daemon.hangup();
    until_apps(&daemon, &["one", "two"]).await;
    assert_eq!(
        current(&mut client).await.unwrap().id,
        user.id,
        "the session survived the reload"
    );
    assert_eq!(token(&mut client, "", false).await.unwrap().token, before);
    let in_two = client
        .log_in(proto::LogInRequest {
            app: "two".into(),
            credentials: anonymous(true),
        })
        .await
        .unwrap()
        .into_inner();

    std::fs::write(&daemon.config_path, "[apps.one]\nkind = \"nope\"\n").unwrap();
    daemon.hangup();
    for _ in 0..100 {
        if daemon.log().contains("configuration refused") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        daemon.log().contains("apps.one.kind"),
        "the refusal names the key"
    );
    assert_eq!(
        app_names(&daemon).await,
        ["one", "two"],
        "the running configuration stays"
    );

    write(&changed_one);
    daemon.hangup();
    until_apps(&daemon, &["one"]).await;
    write(&format!(
        "{changed_one}{}",
        app_table("two", &emulator.base_url)
    ));
    daemon.hangup();
    until_apps(&daemon, &["one", "two"]).await;
    let back = client
        .get_current_user(proto::GetCurrentUserRequest {
            app: "two".into(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        back.id, in_two.id,
        "a removed and re-added app finds its sessions in the store"
    );
}

/// SIGHUP replaces the per-uid rules with the apps: `[access]` and `[limits]` of the new file
/// apply at once to new requests (what the limits count carries over), and the sessions stay.
#[tokio::test]
async fn sighup_applies_new_access_and_limits() {
    const NOBODY: u32 = 65534;
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    let allowed = cli_as(&daemon.socket, &["status"], "", Some(NOBODY));
    assert!(allowed.status.success(), "{allowed:?}");

    let config = format!(
        "socket = \"{}\"\nstate_dir = \"{}\"\n[access]\nuids = [4242]\n[limits]\nlogins_per_minute = 2\n{}",
        daemon.socket.display(),
        daemon.state_dir().display(),
        app_table("main", &emulator.base_url)
    );
    std::fs::write(&daemon.config_path, config).unwrap();
    daemon.hangup();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while !daemon.log().contains("configuration reloaded") {
        assert!(tokio::time::Instant::now() < deadline, "{}", daemon.log());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let refused = cli_as(&daemon.socket, &["status"], "", Some(NOBODY));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("ACCESS_DENIED"),
        "{refused:?}"
    );
    log_in(&mut client, anonymous(true))
        .await
        .expect("uid 0 is always allowed; the second login of the minute");
    assert_error(
        log_in(&mut client, anonymous(true)).await,
        Code::ResourceExhausted,
        "LIMIT_REACHED",
    );
    assert_eq!(
        token(&mut client, &user.id, false).await.unwrap().user_id,
        user.id,
        "the sessions stayed"
    );
}
