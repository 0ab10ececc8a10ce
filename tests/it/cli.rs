//! The `latchkey` CLI against a live daemon: every command, secrets from stdin, exit codes.

use crate::harness::*;

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

#[tokio::test]
async fn cli_tour_with_exit_codes() {
    let emulator = Emulator::start();
    emulator.register("o@example.com", "password15").await;
    let daemon = Daemon::start(&emulator.base_url).await;

    let whoami = daemon.cli(&["whoami"], "");
    assert_eq!(whoami.status.code(), Some(3), "not logged in");
    let token = daemon.cli(&["token"], "");
    assert_eq!(token.status.code(), Some(3));

    let wrong = daemon.cli(&["login", "email", "o@example.com"], "wrong-password\n");
    assert_eq!(wrong.status.code(), Some(6), "credentials refused");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("INVALID_CREDENTIALS"));
    let login = daemon.cli(
        &["login", "email", "o@example.com", "--json"],
        "password15\n",
    );
    assert!(
        login.status.success(),
        "{}",
        String::from_utf8_lossy(&login.stderr)
    );
    let user: serde_json::Value = serde_json::from_str(&stdout(&login)).unwrap();
    assert_eq!(
        (user["email"].as_str(), user["is_current"].as_bool()),
        (Some("o@example.com"), Some(true))
    );
    let id = user["id"].as_str().unwrap().to_owned();

    let token = daemon.cli(&["token"], "");
    assert!(token.status.success());
    let printed = stdout(&token);
    assert_eq!(printed.lines().count(), 1, "only the token");
    assert_eq!(
        latchkey_emulator::jwt::payload(&printed).unwrap()["sub"],
        id.as_str()
    );
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let forced = daemon.cli(&["token", "--min-valid", "2h", "--json"], "");
    let forced: serde_json::Value = serde_json::from_str(&stdout(&forced)).unwrap();
    assert_ne!(forced["token"].as_str().unwrap(), printed);
    assert_eq!(emulator.counter("session.refresh").await, 1);

    let anon = daemon.cli(&["login", "anonymous", "--json"], "");
    let anon: serde_json::Value = serde_json::from_str(&stdout(&anon)).unwrap();
    let users = daemon.cli(&["users"], "");
    assert_eq!(stdout(&users).lines().count(), 2);
    let switched = daemon.cli(&["switch", &id], "");
    assert!(switched.status.success());
    assert!(stdout(&daemon.cli(&["whoami"], "")).contains(&id));
    let refreshed = daemon.cli(&["refresh"], "");
    assert!(refreshed.status.success());
    let logout = daemon.cli(&["logout", anon["id"].as_str().unwrap()], "");
    assert!(stdout(&logout).contains("removed"));
    let jwt = emulator.custom_jwt("cli-jwt").await;
    let by_jwt = daemon.cli(&["login", "jwt"], &jwt);
    assert!(
        by_jwt.status.success(),
        "{}",
        String::from_utf8_lossy(&by_jwt.stderr)
    );
    let function = daemon.cli(&["login", "function"], "{\"userId\": \"cli-fn\"}");
    assert!(function.status.success());
    let bad_function = daemon.cli(&["login", "function"], "[1]");
    assert_eq!(bad_function.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_function.stderr).contains("must be a JSON object"));
    let removed = daemon.cli(&["remove"], "");
    assert!(removed.status.success());
    let deleted = daemon.cli(&["delete", &id], "");
    assert!(
        deleted.status.success(),
        "{}",
        String::from_utf8_lossy(&deleted.stderr)
    );
    assert!(emulator.user(&id).await.is_none());

    let status = daemon.cli(&["status", "--json"], "");
    let status: serde_json::Value = serde_json::from_str(&stdout(&status)).unwrap();
    assert_eq!(status["apps"][0]["name"], "main");
    let apps = daemon.cli(&["apps"], "");
    assert!(stdout(&apps).starts_with("main (default)\tapp-services"));

    drop(emulator);
    let unavailable = daemon.cli(&["login", "anonymous", "--new"], "");
    assert_eq!(unavailable.status.code(), Some(5), "backend unavailable");

    let unreachable = cli_as(&daemon.dir.path().join("nope.sock"), &["whoami"], "", None);
    assert_eq!(unreachable.status.code(), Some(4), "daemon unreachable");
    assert!(String::from_utf8_lossy(&unreachable.stderr).contains("cannot reach latchkeyd"));
}

#[tokio::test]
async fn cli_api_keys_and_account_flows() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let ok = |output: std::process::Output| {
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout(&output)
    };
    ok(daemon.cli(&["register", "x@example.com"], "password22\n"));
    let registered_again = daemon.cli(&["register", "x@example.com"], "password22\n");
    assert!(String::from_utf8_lossy(&registered_again.stderr).contains("ACCOUNT_NAME_IN_USE"));
    ok(daemon.cli(&["login", "email", "x@example.com"], "password22\n"));

    let created: serde_json::Value =
        serde_json::from_str(&ok(daemon.cli(&["api-keys", "create", "ci", "--json"], ""))).unwrap();
    let (id, secret) = (
        created["id"].as_str().unwrap(),
        created["key"].as_str().unwrap(),
    );
    let listed = ok(daemon.cli(&["api-keys", "list"], ""));
    assert!(listed.contains(id) && listed.contains("enabled") && !listed.contains(secret));
    ok(daemon.cli(&["api-keys", "disable", id], ""));
    assert_eq!(
        daemon.cli(&["login", "api-key"], secret).status.code(),
        Some(6)
    );
    ok(daemon.cli(&["api-keys", "enable", id], ""));
    ok(daemon.cli(&["login", "api-key"], secret));
    ok(daemon.cli(&["api-keys", "delete", id], ""));
    let gone = daemon.cli(&["api-keys", "get", id], "");
    assert!(String::from_utf8_lossy(&gone.stderr).contains("API_KEY_NOT_FOUND"));

    ok(daemon.cli(&["reset-password", "send", "x@example.com"], ""));
    let (_, tokens) = emulator.admin(reqwest::Method::GET, "tokens", None).await;
    let token = &tokens[0];
    let token_id = token["token_id"].as_str().unwrap();
    let stdin = format!("{}\nnew-password22\n", token["token"].as_str().unwrap());
    ok(daemon.cli(&["reset-password", "apply", "--token-id", token_id], &stdin));
    assert_eq!(
        daemon
            .cli(&["login", "email", "x@example.com"], "password22\n")
            .status
            .code(),
        Some(6)
    );
    ok(daemon.cli(&["login", "email", "x@example.com"], "new-password22\n"));
    let short = daemon.cli(
        &["reset-password", "apply", "--token-id", token_id],
        "only-one-line\n",
    );
    assert_eq!(
        short.status.code(),
        Some(2),
        "two secrets expected on stdin"
    );
}

/// `latchkey watch --json` prints one event a line, stays connected, and after a daemon restart
/// reconnects with `resume_after` (the new daemon reports what it cannot replay as `lagged`).
#[tokio::test]
async fn cli_watch_follows_events_across_a_daemon_restart() {
    let emulator = Emulator::start();
    let mut daemon = Daemon::start(&emulator.base_url).await;
    let mut watcher = std::process::Command::new(workspace_bin("latchkey"))
        .arg("--socket")
        .arg(&daemon.socket)
        .args(["watch", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = line_reader(watcher.stdout.take().unwrap());
    let said = line_reader(watcher.stderr.take().unwrap());
    let until_said = |wanted: &str| {
        let line = said
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("the CLI did not say {wanted:?}"));
        assert!(line.contains(wanted), "{line:?}: wanted {wanted:?}");
    };
    let next_kind = |wanted: &str| {
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let line = lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no {wanted} event"));
            let event: serde_json::Value = serde_json::from_str(&line).unwrap();
            if event["kind"] == wanted {
                return event;
            }
        }
    };
    // Subscribed: every event from here on is delivered.
    until_said("latchkey: watching");
    let mut client = daemon.sessions().await;
    let first = log_in(&mut client, anonymous(true)).await.unwrap();
    assert_eq!(next_kind("logged_in")["user_id"], first.id.as_str());
    drop(client);
    daemon.terminate().await;
    until_said("connection to latchkeyd lost; reconnecting");
    daemon.spawn().await;
    until_said("latchkey: watching again, from the last event seen");
    let lagged = next_kind("lagged");
    assert!(
        lagged["details"]["missed_to"].as_u64().unwrap()
            >= lagged["details"]["missed_from"].as_u64().unwrap()
    );
    let mut client = daemon.sessions().await;
    let second = log_in(&mut client, anonymous(true)).await.unwrap();
    assert_eq!(next_kind("logged_in")["user_id"], second.id.as_str());
    let _ = watcher.kill();
    let _ = watcher.wait();
}

/// `latchkey token` in its plain form (`--app`, `--user`, `--socket`: the harness gives every
/// command its socket) prints the token its `--json` form gives, of the user named; errors keep
/// their message and exit code in both forms.
#[tokio::test]
async fn the_plain_token_form_answers_as_the_json_form_does() {
    let emulator = Emulator::start();
    let daemon = Daemon::start_config(&format!(
        "default_app = \"main\"\n{}{}",
        app_table("main", &emulator.base_url),
        app_table("other", &emulator.base_url)
    ))
    .await;
    let first = daemon.cli(&["login", "anonymous", "--json"], "");
    let first: serde_json::Value = serde_json::from_str(&stdout(&first)).unwrap();
    let second = daemon.cli(&["--app", "other", "login", "anonymous", "--json"], "");
    let second: serde_json::Value = serde_json::from_str(&stdout(&second)).unwrap();
    let full = |args: &[&str]| {
        let output = daemon.cli(&[args, &["--json"]].concat(), "");
        assert!(output.status.success(), "{args:?}: {output:?}");
        let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        answer["token"].as_str().unwrap().to_owned()
    };
    for (plain, user) in [
        (vec!["token"], &first),
        (vec!["--app", "main", "token"], &first),
        (vec!["token", "--app=other"], &second),
        (
            vec![
                "--app",
                "other",
                "token",
                "--user",
                second["id"].as_str().unwrap(),
            ],
            &second,
        ),
    ] {
        let output = daemon.cli(&plain, "");
        assert!(output.status.success(), "{plain:?}: {output:?}");
        assert_eq!(output.stdout.last(), Some(&b'\n'));
        let printed = stdout(&output);
        assert_eq!(printed, full(&plain), "{plain:?}");
        assert_eq!(
            latchkey_emulator::jwt::payload(&printed).unwrap()["sub"],
            user["id"].as_str().unwrap(),
            "{plain:?}"
        );
    }
    for (args, code, reason) in [
        (vec!["--app", "nope", "token"], 1, "APP_NOT_FOUND"),
        (vec!["token", "--user", "nobody"], 1, "USER_NOT_FOUND"),
    ] {
        let plain = daemon.cli(&args, "");
        let json = daemon.cli(&[args.as_slice(), &["--json"]].concat(), "");
        assert_eq!(plain.status.code(), Some(code), "{args:?}");
        let stderr = String::from_utf8_lossy(&plain.stderr);
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert_eq!(stderr, String::from_utf8_lossy(&json.stderr), "{args:?}");
        assert!(plain.stdout.is_empty());
    }
    daemon.cli(&["logout"], "");
    let logged_out = daemon.cli(&["token"], "");
    assert_eq!(logged_out.status.code(), Some(3), "{logged_out:?}");
}
