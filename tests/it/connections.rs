//! The connections themselves, as hostile or careless clients use them: a uid flooding the
//! socket gets at most `limits.connections_per_uid` connections while other uids are served, an
//! idle connection is closed (and a client reconnects) while a watch stream lives on, groups
//! come from the kernel at connect time, and hostile request content gets clear errors.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use latchkey::proto;
use tokio::io::AsyncReadExt;

use crate::harness::*;

const NOBODY: u32 = 65534;

/// Opens `count` connections to the socket as uid `NOBODY`, waits until the daemon either
/// served (sent its HTTP/2 settings) or closed each one, prints `open=N closed=M`, and holds
/// the open ones until its stdin closes.
const FLOODER: &str = r#"
import resource, socket, sys, select, time
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
path, count = sys.argv[1], int(sys.argv[2])
pending = {}
for _ in range(count):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    pending[s.fileno()] = s
poller = select.poll()
for fd in pending:
    poller.register(fd, select.POLLIN)
opened, closed = [], 0
deadline = time.monotonic() + 30
while pending and time.monotonic() < deadline:
    for fd, _ in poller.poll(1000):
        s = pending.pop(fd)
        poller.unregister(fd)
        if s.recv(65536, socket.MSG_PEEK):
            opened.append(s)
        else:
            closed += 1
            s.close()
print(f"open={len(opened)} closed={closed} undecided={len(pending)}", flush=True)
sys.stdin.read()
"#;

struct Flood {
    child: Child,
    open: usize,
    closed: usize,
}

fn flood(socket: &std::path::Path, count: usize) -> Flood {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(FLOODER)
        .arg(socket)
        .arg(count.to_string())
        .uid(NOBODY)
        .gid(NOBODY)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let field = |name: &str| -> usize {
        line.split_whitespace()
            .find_map(|part| part.strip_prefix(name))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("flooder said {line:?}"))
    };
    assert_eq!(field("undecided="), 0, "{line}");
    Flood {
        open: field("open="),
        closed: field("closed="),
        child,
    }
}

fn p50(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// One uid opening 1,500 connections holds `connections_per_uid` of them (the rest are closed
/// at once), while another uid's `GetAccessToken` is served all along; its latency before and
/// during the flood is printed (`-- --nocapture`), not asserted.
#[tokio::test]
async fn a_connection_flood_from_one_uid_is_capped_while_others_are_served() {
    let emulator = Emulator::start();
    let daemon = Daemon::start_config(&format!(
        "[limits]\nconnections_per_uid = 200\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;
    let mut client = daemon.sessions().await;
    log_in(&mut client, anonymous(true)).await.unwrap();
    let mut before = Vec::new();
    for _ in 0..200 {
        let started = tokio::time::Instant::now();
        token(&mut client, "", false).await.unwrap();
        before.push(started.elapsed());
    }
    let mut flood = flood(&daemon.socket, 1500);
    assert_eq!((flood.open, flood.closed), (200, 1300));
    let mut fresh = daemon.sessions().await;
    let mut during = Vec::new();
    for _ in 0..200 {
        let started = tokio::time::Instant::now();
        token(&mut fresh, "", false)
            .await
            .expect("served during the flood");
        during.push(started.elapsed());
    }
    println!(
        "GetAccessToken p50 before {:?}, while another uid holds 200 connections and was refused 1,300: {:?}",
        p50(before),
        p50(during)
    );
    assert!(
        daemon
            .log()
            .contains("as many connections as limits.connections_per_uid allows"),
        "the refusal is logged"
    );
    // Once the flooder lets go, its uid is served again.
    drop(flood.child.stdin.take());
    flood.child.wait().unwrap();
    let status = cli_as(&daemon.socket, &["status"], "", Some(NOBODY));
    assert!(status.status.success(), "{status:?}");
}

/// A connection that carries no request for `idle_connection_timeout` is closed; a client's
/// channel reconnects on its next call, and an open `WatchEvents` stream is a request in
/// flight, so it lives on and still delivers events.
#[tokio::test]
async fn idle_connections_are_closed_while_streams_live_on() {
    let emulator = Emulator::start();
    let daemon = Daemon::start_config(&format!(
        "[limits]\nidle_connection_timeout = \"1s\"\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap();
    let mut watcher = daemon.sessions().await;
    let mut events = watch(&mut watcher, proto::WatchEventsRequest::default()).await;
    let mut raw = tokio::net::UnixStream::connect(&daemon.socket)
        .await
        .unwrap();
    let opened = tokio::time::Instant::now();
    // The daemon's HTTP/2 settings arrive first, then the end of the stream once idle.
    let mut buffer = vec![0_u8; 4096];
    let closed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match raw.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "an idle connection stays open");
    assert!(
        opened.elapsed() >= Duration::from_millis(900),
        "closed after {:?}, before its timeout",
        opened.elapsed()
    );
    // The client's connection was idle as long: its next call reconnects. A call that races the
    // close of its connection (both closed on the same tick) fails as a transport error, as gRPC
    // clients expect of a closed connection, never with an answer of the daemon; the one after
    // it reconnects.
    if let Err(status) = token(&mut client, "", false).await {
        assert!(
            matches!(
                status.code(),
                tonic::Code::Cancelled | tonic::Code::Unavailable
            ) && reason(&status).is_empty(),
            "only the transport may fail a call racing the close: {status:?}"
        );
        token(&mut client, "", false)
            .await
            .expect("a client reconnects after its idle connection was closed");
    }
    // The watch stream is still open and delivers.
    let logout = proto::LogOutRequest {
        user_id: user.id.clone(),
        ..Default::default()
    };
    client.log_out(logout).await.unwrap();
    loop {
        let event = next_event(&mut events, Duration::from_secs(5)).await;
        if kind(&event) == "logged_out" {
            break;
        }
    }
}

/// `[access] gids` counts the supplementary groups the kernel recorded when the caller
/// connected (`SO_PEERGROUPS`): a uid let in only through a supplementary group is served, the
/// same uid without it is refused.
#[tokio::test]
async fn supplementary_groups_come_from_the_kernel() {
    let emulator = Emulator::start();
    let daemon = Daemon::start_config(&format!(
        "[access]\ngroups = [\"4242\"]\n{}",
        app_table("main", &emulator.base_url)
    ))
    .await;
    let status_with = |groups: &str| {
        Command::new("setpriv")
            .args(["--reuid=4243", "--regid=4243", groups])
            .arg(workspace_bin("latchkey"))
            .arg("--socket")
            .arg(&daemon.socket)
            .arg("status")
            .output()
            .expect("setpriv")
    };
    let member = status_with("--groups=4242");
    assert!(member.status.success(), "{member:?}");
    let outsider = status_with("--clear-groups");
    assert!(!outsider.status.success());
    assert!(
        String::from_utf8_lossy(&outsider.stderr).contains("ACCESS_DENIED")
            || String::from_utf8_lossy(&outsider.stderr).contains("not allowed"),
        "{outsider:?}"
    );
}

/// Hostile request content: a stream opened and never read, and strings with NUL, control
/// characters or 200 KB in request fields get clear errors; an oversize message is refused;
/// other requests are served all along.
#[tokio::test]
async fn hostile_requests_get_clear_errors_and_others_are_served() {
    let (_emulator, daemon, _client) = anonymous_session().await;
    // A stream opened and never read.
    let mut watcher = daemon.sessions().await;
    let _unread = watch(&mut watcher, proto::WatchEventsRequest::default()).await;
    let mut fresh = daemon.sessions().await;
    for bad in ["nul\0inside", "bell\u{7}", &"x".repeat(200_000)] {
        let request = proto::GetAccessTokenRequest {
            app: String::new(),
            user_id: bad.to_owned(),
            ..Default::default()
        };
        let answer = fresh.get_access_token(request).await;
        assert_error(answer, tonic::Code::NotFound, "USER_NOT_FOUND");
        let app = proto::GetCurrentUserRequest {
            app: bad.to_owned(),
            ..Default::default()
        };
        assert_error(
            fresh.get_current_user(app).await,
            tonic::Code::NotFound,
            "APP_NOT_FOUND",
        );
    }
    let oversize = proto::GetAccessTokenRequest {
        user_id: "x".repeat(300_000),
        ..Default::default()
    };
    let status = fresh.get_access_token(oversize).await.unwrap_err();
    assert_eq!(status.code(), tonic::Code::OutOfRange, "{status:?}");
    token(&mut fresh, "", false).await.expect("still serving");
}
