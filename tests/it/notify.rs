//! `latchkey watch --notify` on a private session bus (`dbus-daemon --session`) with a small
//! notification server here that records what it is sent: one notification for one revoked
//! session, the warning before it replaced rather than stacked, closed by a new login, and one
//! for a backend that stays unreachable.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use zbus::zvariant::OwnedValue;

use crate::harness::*;

#[derive(Debug, Clone)]
struct Shown {
    id: u32,
    replaces: u32,
    app_name: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    urgency: Option<u8>,
}

#[derive(Default)]
struct Recorded {
    shown: Vec<Shown>,
    closed: Vec<u32>,
}

struct Server {
    recorded: Arc<Mutex<Recorded>>,
    next_id: u32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &mut self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = if replaces_id == 0 {
            self.next_id += 1;
            self.next_id
        } else {
            replaces_id
        };
        let urgency = hints
            .get("urgency")
            .and_then(|value| u8::try_from(value).ok());
        self.recorded.lock().unwrap().shown.push(Shown {
            id,
            replaces: replaces_id,
            app_name,
            summary,
            body,
            actions,
            urgency,
        });
        id
    }

    fn close_notification(&mut self, id: u32) {
        self.recorded.lock().unwrap().closed.push(id);
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".to_owned(), "actions".to_owned()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "latchkey-test".into(),
            "latchkey".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

/// A session bus of this test's own.
struct Bus {
    child: Child,
    address: String,
}

impl Bus {
    fn start(dir: &std::path::Path) -> Self {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .arg(format!("--address=unix:path={}", dir.join("bus").display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("dbus-daemon (Debian package dbus)");
        let mut address = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut address)
            .expect("the bus address");
        Self {
            child,
            address: address.trim().to_owned(),
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to 15 s for `done` over what the server recorded.
async fn until(
    recorded: &Arc<Mutex<Recorded>>,
    watcher: &Watcher,
    what: &str,
    done: impl Fn(&Recorded) -> bool,
) {
    for _ in 0..300 {
        if done(&recorded.lock().unwrap()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let recorded = recorded.lock().unwrap();
    panic!(
        "{what}: not within 15 s; shown {:#?}, closed {:?}; the watcher printed:\n{}",
        recorded.shown,
        recorded.closed,
        watcher.printed()
    );
}

/// The watcher: its printed lines as they come; killed when dropped.
struct Watcher {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Watcher {
    fn start(socket: &std::path::Path, bus: &str) -> Self {
        let mut child = Command::new(workspace_bin("latchkey"))
            .arg("--socket")
            .arg(socket)
            .args(["watch", "--notify", "--notify-after", "1s"])
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("latchkey watch --notify");
        let lines: Arc<Mutex<Vec<String>>> = Arc::default();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let lines = lines.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        Self { child, lines }
    }

    fn printed(&self) -> String {
        self.lines.lock().unwrap().join("\n")
    }

    async fn wait_for_line(&self, needle: &str) {
        for _ in 0..300 {
            if self.printed().contains(needle) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the watcher printed no {needle:?} within 15 s:\n{}",
            self.printed()
        );
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The recording notification server, on `bus` as `org.freedesktop.Notifications`; what it
/// records, and its connection (served while kept).
async fn serve_notifications(bus: &Bus) -> (Arc<Mutex<Recorded>>, zbus::Connection) {
    let recorded = Arc::new(Mutex::new(Recorded::default()));
    let server = zbus::connection::Builder::address(bus.address.as_str())
        .expect("address")
        .name("org.freedesktop.Notifications")
        .expect("name")
        .serve_at(
            "/org/freedesktop/Notifications",
            Server {
                recorded: recorded.clone(),
                next_id: 0,
            },
        )
        .expect("serve")
        .build()
        .await
        .expect("the notification server on the bus");
    (recorded, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_session_is_one_notification_replacing_its_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let (recorded, _server) = serve_notifications(&bus).await;

    // Refresh tokens of 8 s, warned about 6 s ahead: the warning comes about 2 s after login.
    let emulator = Emulator::start_with(&["--refresh-ttl", "8s"]);
    emulator.register("n@example.com", "password15").await;
    let mut daemon = Daemon::start_config(&format!(
        "{}refresh_token_warning = \"6s\"\n",
        app_table("main", &emulator.base_url)
    ))
    .await;

    let watcher = Watcher::start(&daemon.socket, &bus.address);
    // The watcher is subscribed once it prints the events of a login.
    let login = daemon.cli(&["login", "email", "n@example.com"], "password15\n");
    assert!(
        login.status.success(),
        "{}",
        String::from_utf8_lossy(&login.stderr)
    );
    let user_id = String::from_utf8_lossy(&login.stdout)
        .split('\t')
        .nth(1)
        .expect("the user id")
        .to_owned();
    watcher.wait_for_line("logged_in").await;

    until(&recorded, &watcher, "the expiry warning", |r| {
        !r.shown.is_empty()
    })
    .await;
    let warning = recorded.lock().unwrap().shown[0].clone();
    assert_eq!(warning.app_name, "Latchkey");
    assert_eq!(warning.replaces, 0);
    assert!(
        warning.summary.starts_with("main: log in again before"),
        "{warning:?}"
    );
    assert!(warning.body.contains(&user_id), "{warning:?}");
    assert_eq!(warning.urgency, Some(1));

    // The backend ends the session.
    let (status, _) = emulator
        .admin(
            reqwest::Method::POST,
            &format!("users/{user_id}/revoke"),
            None,
        )
        .await;
    assert_eq!(status, 204);
    let refused = daemon.cli(&["token", "--force"], "");
    assert_eq!(refused.status.code(), Some(3), "log in again");
    until(&recorded, &watcher, "the re-login notification", |r| {
        r.shown.len() >= 2
    })
    .await;
    {
        let recorded = recorded.lock().unwrap();
        assert_eq!(recorded.shown.len(), 2, "{:#?}", recorded.shown);
        let ended = &recorded.shown[1];
        assert_eq!(
            ended.replaces, warning.id,
            "replaced, not stacked: {:#?}",
            recorded.shown
        );
        assert_eq!(ended.id, warning.id);
        assert_eq!(ended.summary, "Log in again to main");
        assert!(ended.body.contains(&user_id), "{ended:?}");
        assert!(
            ended.body.contains("latchkey --app main login"),
            "{ended:?}"
        );
        assert_eq!(ended.urgency, Some(2), "critical");
        // An App Services app has no login without a terminal: no action offered.
        assert!(ended.actions.is_empty(), "{ended:?}");
    }

    // Logging in again answers it: closed.
    let again = daemon.cli(&["login", "email", "n@example.com"], "password15\n");
    assert!(again.status.success());
    until(&recorded, &watcher, "the close after the new login", |r| {
        r.closed.contains(&warning.id)
    })
    .await;

    // A backend that stays away for --notify-after.
    drop(emulator);
    let unavailable = daemon.cli(&["refresh"], "");
    assert_eq!(unavailable.status.code(), Some(5));
    until(&recorded, &watcher, "the unreachable backend", |r| {
        r.shown
            .iter()
            .any(|shown| shown.summary == "main: backend unreachable")
    })
    .await;
    let recorded = recorded.lock().unwrap();
    assert!(
        !recorded
            .shown
            .iter()
            .any(|shown| shown.summary.contains("password15") || shown.body.contains("password15")),
        "a secret in a notification"
    );
    drop(watcher);
    daemon.kill9();
}

/// A user id from the provider with markup in it reaches the notification server as text: the
/// body is markup to servers that render it, so `<`, `>` and `&` arrive as entities.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_from_a_provider_is_escaped_in_notifications() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let (recorded, _server) = serve_notifications(&bus).await;
    let provider = Hostile::start().await;
    let sub = "<a href=\"https://evil.example\">eve</a><img src=x> & co";
    provider.set(|b| {
        b.login_claims = serde_json::Map::from_iter([("sub".to_owned(), serde_json::json!(sub))]);
    });
    let daemon = provider.daemon("").await;
    let watcher = Watcher::start(&daemon.socket, &bus.address);
    // The watcher is subscribed once it prints a login's event: log in (again) until it does.
    let subscribed = Deadline::new("the watcher printing a login", Duration::from_secs(15));
    loop {
        let login = daemon.cli(&["--app", "rp", "login", "password", "eve"], "pw\n");
        assert!(
            login.status.success(),
            "{}",
            String::from_utf8_lossy(&login.stderr)
        );
        // A second for its event before logging in again (a watcher not yet subscribed missed it).
        let again = tokio::time::Instant::now() + Duration::from_secs(1);
        while !watcher.printed().contains("logged_in") && tokio::time::Instant::now() < again {
            subscribed.tick(watcher.printed()).await;
        }
        if watcher.printed().contains("logged_in") {
            break;
        }
    }
    provider.set(|b| b.refresh_status = Some(400));
    let refused = daemon.cli(&["--app", "rp", "token", "--force"], "");
    assert_eq!(refused.status.code(), Some(3), "log in again");
    until(&recorded, &watcher, "the re-login notification", |r| {
        !r.shown.is_empty()
    })
    .await;
    let shown = recorded.lock().unwrap().shown[0].clone();
    assert!(
        shown.body.contains(
            "&lt;a href=\"https://evil.example\"&gt;eve&lt;/a&gt;&lt;img src=x&gt; &amp; co"
        ),
        "{shown:?}"
    );
    assert!(
        !shown.body.contains('<') && !shown.summary.contains('<'),
        "{shown:?}"
    );
}

#[test]
fn notify_without_a_session_bus_is_a_clear_error() {
    let output = Command::new(workspace_bin("latchkey"))
        .args([
            "--socket",
            "/nonexistent/latchkeyd.sock",
            "watch",
            "--notify",
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .expect("latchkey");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--notify needs a desktop session bus"),
        "{stderr}"
    );
}
