//! The systemd integration: the unit files verify and score at most 2.0 in `systemd-analyze
//! security`, socket activation works, and the daemon speaks the notify protocol (READY, STATUS,
//! WATCHDOG, STOPPING). `.ci/run` installs Debian's `systemd` package if `systemd-analyze` is
//! missing.

use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::*;

fn units_with_built_binary(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("systemd");
    for (from, to) in [
        ("latchkeyd.service", "latchkeyd.service"),
        ("latchkeyd.socket", "latchkeyd.socket"),
        ("user/latchkeyd.service", "user-latchkeyd.service"),
        ("user/latchkeyd.socket", "user-latchkeyd.socket"),
        (
            "user/latchkey-notify.service",
            "user-latchkey-notify.service",
        ),
    ] {
        let text = std::fs::read_to_string(root.join(from)).unwrap();
        // verify checks that ExecStart exists: point it at the binary under test.
        let text = text
            .replace("/usr/bin/latchkeyd", env!("CARGO_BIN_EXE_latchkeyd"))
            .replace(
                "/usr/bin/latchkey ",
                &format!("{} ", workspace_bin("latchkey")),
            )
            .replace("Requires=latchkeyd.socket", "")
            .replace("Also=latchkeyd.socket", "");
        std::fs::write(dir.join(to), text).unwrap();
    }
}

#[test]
fn units_verify_and_the_service_scores_at_most_2() {
    let dir = tempfile::tempdir().unwrap();
    units_with_built_binary(dir.path());
    for unit in [
        "latchkeyd.service",
        "latchkeyd.socket",
        "user-latchkeyd.socket",
        "user-latchkey-notify.service",
    ] {
        let verify = Command::new("systemd-analyze")
            .arg("verify")
            .arg(dir.path().join(unit))
            .output()
            .expect("systemd-analyze (installed by .ci/run)");
        assert!(
            verify.status.success() && verify.stderr.is_empty(),
            "{unit}: {}",
            String::from_utf8_lossy(&verify.stderr)
        );
    }
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=true"])
        .arg(dir.path().join("latchkeyd.service"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&security.stdout);
    let score: f64 = text
        .lines()
        .find_map(|line| line.split("latchkeyd.service: ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|score| score.parse().ok())
        .unwrap_or_else(|| panic!("no score in:\n{text}"));
    println!("systemd-analyze security exposure: {score}");
    assert!(score <= 2.0, "exposure {score} > 2.0:\n{text}");
}

#[tokio::test]
async fn socket_activation_serves_on_the_inherited_socket() {
    let emulator = Emulator::start();
    let dir = tempfile::tempdir().unwrap();
    let (socket, config) = write_config(dir.path(), &app_table("main", &emulator.base_url));
    let log = std::fs::File::create(dir.path().join("daemon.log")).unwrap();
    let mut activator = Command::new("systemd-socket-activate")
        .arg("-l")
        .arg(&socket)
        .arg(env!("CARGO_BIN_EXE_latchkeyd"))
        .arg("--config")
        .arg(&config)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("systemd-socket-activate");
    for _ in 0..100 {
        if socket.exists() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The first connection starts the daemon on the socket systemd-socket-activate holds.
    let login = cli_as(&socket, &["login", "anonymous", "--json"], "", None);
    assert!(
        login.status.success(),
        "{}",
        String::from_utf8_lossy(&login.stderr)
    );
    let log = std::fs::read_to_string(dir.path().join("daemon.log")).unwrap();
    assert!(log.contains("(socket activated)"), "{log}");
    let _ = activator.kill();
    let _ = activator.wait();
}

#[tokio::test]
async fn the_daemon_speaks_the_notify_protocol() {
    let emulator = Emulator::start();
    let notify_dir = tempfile::tempdir().unwrap();
    let notify_path = notify_dir.path().join("notify.sock");
    let notify = UnixDatagram::bind(&notify_path).unwrap();
    notify
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut daemon = Daemon::builder(&app_table("main", &emulator.base_url))
        .env("NOTIFY_SOCKET", notify_path.display().to_string())
        .env("WATCHDOG_USEC", "200000")
        .start()
        .await;
    let mut messages = Vec::new();
    let mut buffer = [0u8; 4096];
    while !(messages.iter().any(|m: &String| m.contains("READY=1"))
        && messages.iter().any(|m| m.contains("WATCHDOG=1")))
    {
        let n = notify.recv(&mut buffer).expect("a notify message");
        messages.push(String::from_utf8_lossy(&buffer[..n]).into_owned());
    }
    let ready = messages.iter().find(|m| m.contains("READY=1")).unwrap();
    assert!(ready.contains("STATUS=latchkeyd"), "{ready}");
    daemon.terminate().await;
    let mut stopping = false;
    while let Ok(n) = notify.recv(&mut buffer) {
        if String::from_utf8_lossy(&buffer[..n]).contains("STOPPING=1") {
            stopping = true;
            break;
        }
    }
    assert!(stopping, "STOPPING=1 on SIGTERM");
}
