//! Who may do what: `[access]`, uid 0's explicit owner selection, per-uid limits, a group's
//! read access to a shared service session, and isolation between uids (each test runs the CLI
//! as other uids).

use std::os::unix::process::CommandExt;

use latchkey::proto;

use crate::harness::*;

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
    let mut watcher = std::process::Command::new(workspace_bin("latchkey"))
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
