//! The Prometheus metrics listener: a scrape that `promtool check metrics` accepts (Debian's
//! `prometheus` package, installed by `.ci/run`), counters that move with real logins,
//! refreshes and RPCs, gauges read from the sessions, no user id or token in any label, and a
//! Unix-socket listener.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};

use crate::harness::*;

/// `GET /metrics` over HTTP/1.1 on `stream`, asking for OpenMetrics or not: the status line
/// and the body, after checking the content type the answer is in.
fn get(mut stream: impl Read + Write, openmetrics: bool) -> (String, String) {
    let accept = if openmetrics {
        "Accept: application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5\r\n"
    } else {
        ""
    };
    write!(
        stream,
        "GET /metrics HTTP/1.1\r\nHost: localhost\r\n{accept}Connection: close\r\n\r\n"
    )
    .expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    let (head, body) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    let kind = if openmetrics {
        "content-type: application/openmetrics-text; version=1.0.0"
    } else {
        "content-type: text/plain; version=0.0.4"
    };
    assert!(head.to_ascii_lowercase().contains(kind), "{head}");
    let status = head.lines().next().unwrap_or_default().to_owned();
    assert!(status.contains(" 200 "), "{status}");
    // A chunked body starts with its size line.
    (status, dechunk(body))
}

/// The classic text format, as `promtool` reads it.
fn scrape(port: u16) -> String {
    get(
        std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect"),
        false,
    )
    .1
}

/// OpenMetrics, as Prometheus asks for it.
fn scrape_openmetrics(port: u16) -> String {
    let text = get(
        std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect"),
        true,
    )
    .1;
    assert!(
        text.ends_with("# EOF\n"),
        "OpenMetrics ends with # EOF:\n{text}"
    );
    text
}

fn dechunk(body: &str) -> String {
    if body.starts_with("# ") {
        return body.to_owned();
    }
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            break;
        }
        out.push_str(&after[..size]);
        rest = &after[size + 2..];
    }
    out
}

/// The value of the sample `name{labels}` (labels in the order the daemon writes them).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map(|value| value.trim().parse().expect("a number"))
}

fn promtool_accepts(text: &str) {
    let mut check = Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (Debian package prometheus, installed by .ci/run)");
    check
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let output = check.wait_with_output().expect("promtool");
    assert!(
        output.status.success(),
        "promtool check metrics: {}{}\n{text}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn a_scrape_passes_promtool_and_moves_with_logins_refreshes_and_rpcs() {
    let emulator = Emulator::start();
    emulator.register("m@example.com", "password15").await;
    let port = free_port();
    let daemon = Daemon::start_config(&format!(
        "metrics_listen = \"127.0.0.1:{port}\"\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;

    let idle = scrape(port);
    promtool_accepts(&idle);
    assert!(!idle.contains("# EOF"), "{idle}");
    let open = scrape_openmetrics(port);
    assert!(open.contains("# TYPE latchkey_sessions gauge"), "{open}");
    assert_eq!(
        sample(&open, "latchkey_sessions{app=\"main\",state=\"logged_in\"}"),
        Some(0.0)
    );
    assert_eq!(
        sample(&idle, "latchkey_sessions{app=\"main\",state=\"logged_in\"}"),
        Some(0.0)
    );
    assert_eq!(sample(&idle, "latchkey_event_subscribers"), Some(0.0));
    assert!(
        !idle.contains("latchkey_backend_up{"),
        "no reachability before the backend was asked"
    );

    let login = daemon.cli(&["login", "anonymous"], "");
    assert!(login.status.success());
    let wrong = daemon.cli(&["login", "email", "m@example.com"], "wrong-password\n");
    assert_eq!(wrong.status.code(), Some(6));
    let token = daemon.cli(&["token", "--force"], "");
    assert!(token.status.success());
    let token = String::from_utf8_lossy(&token.stdout).trim().to_owned();
    let mut watch = Command::new(workspace_bin("latchkey"))
        .arg("--socket")
        .arg(&daemon.socket)
        .arg("watch")
        .stdout(Stdio::null())
        .spawn()
        .expect("latchkey watch");
    let mut sessions = daemon.sessions().await;
    let user = current(&mut sessions).await.expect("logged in");
    // The watch subscribes once its connection is made.
    let mut busy = String::new();
    for _ in 0..200 {
        busy = scrape(port);
        if sample(&busy, "latchkey_event_subscribers") == Some(1.0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let _ = watch.kill();
    let _ = watch.wait();

    promtool_accepts(&busy);
    assert_eq!(sample(&busy, "latchkey_event_subscribers"), Some(1.0));
    assert!(
        busy.contains("# TYPE latchkey_logins_total counter"),
        "{busy}"
    );
    assert_eq!(
        sample(&busy, "latchkey_sessions{app=\"main\",state=\"logged_in\"}"),
        Some(1.0)
    );
    let logins = |credential: &str, outcome: &str| {
        sample(
            &busy,
            &format!(
                "latchkey_logins_total{{app=\"main\",credential=\"{credential}\",outcome=\"{outcome}\"}}"
            ),
        )
    };
    assert_eq!(logins("anonymous", "ok"), Some(1.0));
    assert_eq!(logins("email_password", "refused"), Some(1.0));
    assert_eq!(
        sample(
            &busy,
            "latchkey_refreshes_total{app=\"main\",outcome=\"ok\"}"
        ),
        Some(1.0),
        "the forced refresh"
    );
    assert_eq!(
        sample(
            &busy,
            "latchkey_refresh_duration_seconds_count{app=\"main\"}"
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(&busy, "latchkey_backend_up{app=\"main\"}"),
        Some(1.0)
    );
    let expiry = sample(&busy, "latchkey_access_token_expiry_seconds{app=\"main\"}")
        .expect("an access-token expiry");
    assert!(expiry > 60.0 && expiry <= 1800.0, "{expiry}");
    let rpc = |method: &str, code: &str| {
        sample(
            &busy,
            &format!("latchkey_rpcs_total{{method=\"latchkey.v1.{method}\",code=\"{code}\"}}"),
        )
    };
    assert_eq!(rpc("Sessions/LogIn", "OK"), Some(1.0));
    assert_eq!(rpc("Sessions/LogIn", "UNAUTHENTICATED"), Some(1.0));
    assert_eq!(rpc("Sessions/GetAccessToken", "OK"), Some(1.0));
    assert!(rpc("Sessions/GetCurrentUser", "OK").is_some());
    // Nothing of a user in the output.
    assert!(!busy.contains(&user.id), "a user id in the metrics");
    assert!(!busy.contains(&token), "a token in the metrics");
    assert!(!busy.contains("m@example.com"), "an email in the metrics");
}

#[tokio::test]
async fn metrics_on_a_unix_socket_and_a_bad_address_refused() {
    let emulator = Emulator::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("metrics.sock");
    let daemon = Daemon::start_config(&format!(
        "metrics_listen = \"{}\"\n{}",
        path.display(),
        app_table("main", &emulator.base_url)
    ))
    .await;
    let mode = std::fs::metadata(&path)
        .expect("metrics socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o660);
    let (_, body) = get(
        std::os::unix::net::UnixStream::connect(&path).expect("connect"),
        false,
    );
    promtool_accepts(&body);
    assert!(body.contains("latchkey_sessions{app=\"main\",state=\"logged_out\"} 0"));
    let mut daemon = daemon;
    assert!(daemon.terminate().await.success());
    assert!(!path.exists(), "the metrics socket is removed on shutdown");

    let config = dir.path().join("bad.toml");
    std::fs::write(
        &config,
        format!(
            "socket = \"{}\"\nstate_dir = \"{}\"\nmetrics_listen = \"localhost\"\n{}",
            dir.path().join("d.sock").display(),
            dir.path().join("state").display(),
            app_table("main", &emulator.base_url)
        ),
    )
    .expect("config");
    let refused = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&config)
        .output()
        .expect("latchkeyd");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(64), "{stderr}");
    assert!(
        stderr.contains("metrics_listen") && stderr.contains("127.0.0.1:9464"),
        "{stderr}"
    );
}
