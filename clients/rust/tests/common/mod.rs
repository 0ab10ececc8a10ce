//! What the live tests share: a real `latchkeyd --dev` on a temporary socket.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    dead_code,
    reason = "test helpers fail by panicking; each test file uses some of them"
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use latchkey_client::Client;

/// The daemon binary: `$LATCHKEYD`, else `latchkeyd` beside this test's own target directory
/// (cargo builds it with the workspace's tests).
fn daemon_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("LATCHKEYD") {
        return path.into();
    }
    let exe = std::env::current_exe().expect("test binary path");
    let target = exe.parent().and_then(Path::parent).expect("target dir");
    let binary = target.join("latchkeyd");
    assert!(
        binary.exists(),
        "{} is missing: run `cargo build --bin latchkeyd` or set LATCHKEYD",
        binary.display()
    );
    binary
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

/// `latchkeyd --dev` on a socket in a temporary directory, its emulator on a fixed port so
/// that a restarted daemon is the same backend address.
pub struct Daemon {
    child: Option<Child>,
    dir: tempfile::TempDir,
    emulator_port: u16,
}

impl Daemon {
    pub async fn start() -> Self {
        let mut daemon = Self {
            child: None,
            dir: tempfile::tempdir().expect("temp dir"),
            emulator_port: free_port(),
        };
        daemon.spawn().await;
        daemon
    }

    pub fn socket(&self) -> PathBuf {
        self.dir.path().join("latchkeyd.sock")
    }

    pub fn emulator(&self) -> String {
        format!("http://127.0.0.1:{}", self.emulator_port)
    }

    pub fn client(&self) -> Client {
        Client::with_socket(self.socket())
    }

    pub async fn spawn(&mut self) {
        let child = Command::new(daemon_binary())
            .args(["--dev", "--dev-listen"])
            .arg(format!("127.0.0.1:{}", self.emulator_port))
            .arg("--socket")
            .arg(self.socket())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start latchkeyd");
        self.child = Some(child);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while tokio::net::UnixStream::connect(self.socket())
            .await
            .is_err()
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "latchkeyd did not open its socket in 20 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let pid = rustix::process::Pid::from_child(&child);
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
            let _ = child.wait();
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A call to the emulator's admin API (`/emulator/v1/...`): its JSON answer, `Null` when empty.
pub async fn emulator_admin(
    daemon: &Daemon,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut request =
        reqwest::Client::new().request(method, format!("{}/emulator/v1/{path}", daemon.emulator()));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.expect("emulator");
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    let text = answer.text().await.expect("emulator answer");
    if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_str(&text).expect("JSON")
    }
}
