//! What one local uid can do to another's service through the daemon's other listeners and
//! paths: flood the metrics or a browser login's loopback listener, squat the metrics address,
//! plant a user-socket directory, or ask health and reflection while outside `[access]`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::Duration;

use crate::harness::*;

const NOBODY: u32 = 65534;

/// Descriptors the daemon holds now.
fn open_descriptors(daemon: &Daemon) -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", daemon.pid().expect("running")))
        .expect("the daemon's fds")
        .count()
}

/// Opens `count` connections to `port` that send half a request head and wait.
fn half_sent(port: u16, count: usize) -> Vec<TcpStream> {
    (0..count)
        .filter_map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
            stream
                .write_all(b"GET /metrics HTTP/1.1\r\nHost: loc")
                .ok()?;
            stream.set_nonblocking(true).ok()?;
            Some(stream)
        })
        .collect()
}

/// How many of `streams` the server has closed (a read sees the end, or an error).
fn closed(streams: &[TcpStream]) -> usize {
    streams
        .iter()
        .filter(|stream| {
            let mut byte = [0u8; 64];
            match (&**stream).read(&mut byte) {
                Ok(0) => true,
                Ok(_) => false,
                Err(err) => err.kind() != std::io::ErrorKind::WouldBlock,
            }
        })
        .count()
}

/// Floods `port` with `count` half-sent heads, of which the listener must close at least
/// `closed_at_once` at once (those past its cap); the flood, once it has, and the descriptors the
/// daemon holds for it.
async fn flood(
    daemon: &Daemon,
    port: u16,
    count: usize,
    closed_at_once: usize,
) -> (Vec<TcpStream>, usize) {
    let baseline = open_descriptors(daemon);
    let flood = half_sent(port, count);
    let past_cap = Deadline::new("connections past the cap closed", Duration::from_secs(5));
    while closed(&flood) < closed_at_once {
        past_cap
            .tick(format!("{} of {count} closed", closed(&flood)))
            .await;
    }
    let held = open_descriptors(daemon).saturating_sub(baseline);
    eprintln!("{count} half-sent heads at port {port}: the daemon holds {held} descriptors");
    (flood, held)
}

/// Waits until every connection of `flood` is closed, within `limit`.
async fn all_closed(flood: &[TcpStream], limit: Duration) {
    let deadline = Deadline::new("half-sent heads closed by their deadline", limit);
    while closed(flood) < flood.len() {
        deadline
            .tick(format!("{} of {} closed", closed(flood), flood.len()))
            .await;
    }
}

/// A flood of half-sent heads at the metrics listener: at most its cap stays open, the rest are
/// closed at once, the held ones at the header deadline, and gRPC is served all along.
#[tokio::test]
async fn a_flood_of_half_sent_heads_at_the_metrics_listener_is_capped_and_timed_out() {
    let emulator = Emulator::start();
    let port = free_port();
    let daemon = Daemon::start_config(&format!(
        "metrics_listen = \"127.0.0.1:{port}\"\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;
    let warned = Deadline::new("a TCP address warned of", Duration::from_secs(15));
    while !daemon.log().contains("show every local uid") {
        warned.tick(daemon.log()).await;
    }
    let (flood, held) = flood(&daemon, port, 200, 150).await;
    assert!(
        held <= 40,
        "the daemon holds {held} descriptors for the flood"
    );
    let login = daemon.cli(&["login", "anonymous"], "");
    assert!(login.status.success(), "{login:?}");
    assert!(daemon.cli(&["token"], "").status.success());
    // The header deadline (5 s) closes the rest.
    all_closed(&flood, Duration::from_secs(8)).await;
    // And a real scrape still works.
    assert!(scrape(port).starts_with("HTTP/1.1 200"));
}

/// `GET /metrics` on `port`: the whole answer.
fn scrape(port: u16) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

/// Another uid holding the metrics address first does not stop the daemon: it serves sessions,
/// says why metrics are missing, and takes the address once it is free.
#[tokio::test]
async fn a_squatted_metrics_address_does_not_stop_the_daemon() {
    let emulator = Emulator::start();
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = squatter.local_addr().unwrap().port();
    let daemon = Daemon::start_config(&format!(
        "metrics_listen = \"127.0.0.1:{port}\"\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;
    let login = daemon.cli(&["login", "anonymous"], "");
    assert!(login.status.success(), "{login:?}");
    assert!(
        daemon.log().contains("metrics are not served"),
        "{}",
        daemon.log()
    );
    drop(squatter);
    // Tried again every 10 s.
    let bound = Deadline::new(
        "metrics served once the address is free",
        Duration::from_secs(25),
    );
    while TcpStream::connect(("127.0.0.1", port)).is_err()
        || !scrape(port).contains("latchkey_sessions")
    {
        bound.tick(daemon.log()).await;
    }
}

/// A flood of a browser login's loopback listener is capped and timed out like the metrics
/// listener's; the login completes after it.
#[tokio::test]
async fn a_flood_of_a_browser_logins_listener_is_capped() {
    let provider = Hostile::start().await;
    let port = free_port();
    let daemon = provider.daemon(&format!("redirect_port = {port}\n")).await;
    let mut client = daemon.sessions().await;
    let (url, _, mut stream) = browser_login(&mut client, "rp").await;
    let (flood, held) = flood(&daemon, port, 100, 80).await;
    assert!(
        held <= 20,
        "the daemon holds {held} descriptors for the flood"
    );
    // The request deadline (10 s) frees the held ones; the redirect then gets through.
    all_closed(&flood, Duration::from_secs(13)).await;
    assert_eq!(deliver_as(&provider_redirect(&url).await, None), 200);
    browser_user(&mut stream).await;
}

/// With `XDG_RUNTIME_DIR` unset the user socket is `TMPDIR/latchkey-UID`, which another uid can
/// make first in a shared temporary directory: the CLI (and the small `latchkey`) say so once
/// and go to the system daemon instead of refusing service.
#[test]
fn a_planted_user_socket_directory_is_passed_over_for_the_system_socket() {
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(shared.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let planted = shared.path().join(format!("latchkey-{NOBODY}"));
    std::fs::create_dir(&planted).unwrap();
    std::fs::write(planted.join("latchkeyd.sock"), "").unwrap();
    std::os::unix::fs::chown(&planted, Some(4321), Some(4321)).unwrap();
    for args in [&["token"][..], &["whoami"][..]] {
        let output = Command::new(workspace_bin("latchkey"))
            .args(args)
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("LATCHKEY_SOCKET")
            .env("TMPDIR", shared.path())
            .uid(NOBODY)
            .gid(NOBODY)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(
            stderr.matches("ignoring the user socket").count(),
            1,
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("belongs to uid 4321"), "{args:?}: {stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(
            last.contains("/run/latchkey/latchkeyd.sock") || output.status.success(),
            "{args:?}: the system socket was not tried: {stderr}"
        );
    }
}

/// One gRPC call with curl as `uid` (HTTP/2 over the Unix socket): the `grpc-status` it ended
/// with.
fn grpc_status_as(socket: &std::path::Path, path: &str, body: &[u8], uid: Option<u32>) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let request = dir.path().join("request");
    let mut framed = vec![0u8, 0, 0, 0, u8::try_from(body.len()).unwrap()];
    framed.extend_from_slice(body);
    std::fs::write(&request, framed).unwrap();
    std::fs::set_permissions(&request, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut curl = Command::new("curl");
    curl.args([
        "-sS",
        "-o",
        "/dev/null",
        "-D",
        "-",
        "--http2-prior-knowledge",
        "--max-time",
        "10",
    ])
    .arg("--unix-socket")
    .arg(socket)
    .args(["-H", "content-type: application/grpc", "-H", "te: trailers"])
    .arg("--data-binary")
    .arg(format!("@{}", request.display()))
    .arg(format!("http://localhost{path}"));
    if let Some(uid) = uid {
        curl.uid(uid).gid(uid);
    }
    let output = curl.output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_ascii_lowercase();
    text.lines()
        .find_map(|line| line.strip_prefix("grpc-status:"))
        .map(|status| status.trim().to_owned())
        .unwrap_or_else(|| {
            format!(
                "none in {text:?} ({})",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

/// Health and reflection answer only callers `[access]` admits: a uid outside it learns neither
/// that the daemon serves nor what it serves.
#[tokio::test]
async fn health_and_reflection_are_behind_access() {
    let emulator = Emulator::start();
    let daemon = Daemon::start_config(&format!(
        "[access]\nuids = [1]\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;
    let health = "/grpc.health.v1.Health/Check";
    // ServerReflectionRequest { list_services: "" }.
    let reflection = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    let list_services = [0x3a, 0x00];
    assert_eq!(grpc_status_as(&daemon.socket, health, &[], None), "0");
    assert_eq!(
        grpc_status_as(&daemon.socket, reflection, &list_services, None),
        "0"
    );
    // 7: PERMISSION_DENIED.
    assert_eq!(
        grpc_status_as(&daemon.socket, health, &[], Some(NOBODY)),
        "7"
    );
    assert_eq!(
        grpc_status_as(&daemon.socket, reflection, &list_services, Some(NOBODY)),
        "7"
    );
}
