//! The real binaries as child processes: `latchkey-emulator` with its admin API, `latchkeyd`
//! built with [`Daemon::builder`] (its own temporary directory, socket and environment), and the
//! `latchkey` CLI, optionally as another uid.

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use latchkey::proto::{daemon_client::DaemonClient, sessions_client::SessionsClient};
use serde_json::{Value, json};
use tonic::transport::Channel;

pub const APP_ID: &str = "test-app";

/// A running `latchkey-emulator`.
pub struct Emulator {
    child: Child,
    pub base_url: String,
    http: reqwest::Client,
}

impl Emulator {
    /// Starts an emulator with default token lifetimes.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts an emulator with extra flags (e.g. `--access-ttl 2s`).
    pub fn start_with(extra: &[&str]) -> Self {
        let mut child = Command::new(workspace_bin("latchkey-emulator"))
            .args(["--listen", "127.0.0.1:0", "--app-id", APP_ID])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn latchkey-emulator");
        watchdog(&child, "latchkey-emulator");
        let stdout = child.stdout.take().expect("emulator stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read emulator ready line");
        let base_url = line
            .trim()
            .rsplit(' ')
            .next()
            .expect("address in ready line")
            .to_owned();
        assert!(
            base_url.starts_with("http://127.0.0.1:"),
            "ready line: {line:?}"
        );
        Self {
            child,
            base_url,
            http: reqwest::Client::new(),
        }
    }

    /// Injects a fault (`POST faults`, see the emulator's admin API); it must be accepted.
    pub async fn fault(&self, spec: Value) {
        let (status, answer) = self
            .admin(reqwest::Method::POST, "faults", Some(spec))
            .await;
        assert_eq!(status, 204, "fault refused: {answer}");
    }

    /// Calls the admin API; returns status and JSON body (Null when empty).
    pub async fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let url = format!("{}/emulator/v1/{path}", self.base_url);
        let mut request = self.http.request(method, url);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("admin request");
        let status = response.status().as_u16();
        let text = response.text().await.expect("admin body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Requests per endpoint so far.
    pub async fn counter(&self, endpoint: &str) -> u64 {
        let (_, counters) = self.admin(reqwest::Method::GET, "counters", None).await;
        counters.get(endpoint).and_then(Value::as_u64).unwrap_or(0)
    }

    /// Registers an email/password account through the client API.
    pub async fn register(&self, email: &str, password: &str) {
        let url = format!(
            "{}/api/client/v2.0/app/{APP_ID}/auth/providers/local-userpass/register",
            self.base_url
        );
        let response = self
            .http
            .post(url)
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("register");
        assert_eq!(response.status().as_u16(), 201, "register {email}");
    }

    /// A token the emulator accepts for a social provider (`facebook`, `google`, `apple`).
    pub async fn social_token(&self, provider: &str, sub: &str) -> String {
        let (status, body) = self
            .admin(
                reqwest::Method::POST,
                "social-tokens",
                Some(json!({"provider": provider, "sub": sub, "name": format!("{sub} name"), "email": format!("{sub}@example.com")})),
            )
            .await;
        assert_eq!(status, 200);
        body["token"].as_str().expect("token").to_owned()
    }

    /// A custom JWT signed with the emulator's configured key.
    pub async fn custom_jwt(&self, sub: &str) -> String {
        let (status, body) = self
            .admin(
                reqwest::Method::POST,
                "custom-jwts",
                Some(json!({"sub": sub, "name": "Jay"})),
            )
            .await;
        assert_eq!(status, 200);
        body["token"].as_str().expect("token").to_owned()
    }

    /// The emulator's record of one user.
    pub async fn user(&self, id: &str) -> Option<Value> {
        let (_, users) = self.admin(reqwest::Method::GET, "users", None).await;
        users
            .as_array()?
            .iter()
            .find(|user| user["id"] == id)
            .cloned()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running `latchkeyd` with its own state directory and socket.
pub struct Daemon {
    child: Option<Child>,
    /// Extra environment of every daemon process this test starts.
    env: Vec<(String, String)>,
    pub dir: tempfile::TempDir,
    pub socket: PathBuf,
    pub config_path: PathBuf,
}

/// The `[apps.NAME]` table of an App Services app on `base_url`.
pub fn app_table(name: &str, base_url: &str) -> String {
    format!(
        "[apps.{name}]\nkind = \"app-services\"\nbase_url = \"{base_url}\"\napp_id = \"{APP_ID}\"\nrequest_timeout = \"5s\"\n"
    )
}

/// Writes a daemon configuration into `dir` (its socket and state directory there, then
/// `tables`); the socket's and the file's paths.
pub fn write_config(dir: &Path, tables: &str) -> (PathBuf, PathBuf) {
    let socket = dir.join("latchkeyd.sock");
    let config = dir.join("latchkeyd.toml");
    let text = format!(
        "socket = \"{}\"\nstate_dir = \"{}\"\n{tables}",
        socket.display(),
        dir.join("state").display(),
    );
    std::fs::write(&config, text).expect("write config");
    (socket, config)
}

/// A daemon for the load tests: hundreds of logins by one uid within a minute.
pub fn load_test_config(base_url: &str) -> String {
    format!(
        "[limits]\nlogins_per_minute = 100000\nmax_sessions_per_uid = 100000\n{}",
        app_table("main", base_url)
    )
}

/// How a test's daemon is set up before it first starts: its configuration (app tables and any
/// top-level keys before them) and extra environment variables.
pub struct DaemonBuilder {
    config: String,
    env: Vec<(String, String)>,
}

impl DaemonBuilder {
    /// Sets an environment variable of the daemon process (every start of it).
    pub fn env(mut self, name: &str, value: impl Into<String>) -> Self {
        self.env.push((name.to_owned(), value.into()));
        self
    }

    /// Writes the configuration into a fresh temporary directory, starts the daemon and waits
    /// until its socket answers.
    pub async fn start(self) -> Daemon {
        let dir = tempfile::tempdir().expect("tempdir");
        // Other test uids must be able to reach the socket inside.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let (socket, config_path) = write_config(dir.path(), &self.config);
        let mut daemon = Daemon {
            child: None,
            env: self.env,
            dir,
            socket,
            config_path,
        };
        daemon.spawn().await;
        daemon
    }
}

impl Daemon {
    /// A daemon to be started with the given app tables (and any top-level keys before them).
    pub fn builder(config: &str) -> DaemonBuilder {
        DaemonBuilder {
            config: config.to_owned(),
            env: Vec::new(),
        }
    }

    /// A daemon serving one app `main` on `base_url`.
    pub async fn start(base_url: &str) -> Self {
        Self::start_config(&app_table("main", base_url)).await
    }

    /// A daemon with the given app tables (and any top-level keys before them).
    pub async fn start_config(config: &str) -> Self {
        Self::builder(config).start().await
    }

    /// Spawns the daemon and waits until its socket answers.
    pub async fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.log_path())
            .expect("daemon log");
        let child = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
            .arg("--config")
            .arg(&self.config_path)
            .env("LATCHKEY_LOG", "debug")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn latchkeyd");
        watchdog(&child, "latchkeyd");
        self.child = Some(child);
        let socket = self.socket.clone();
        wait_for_socket(&socket, self).await;
    }

    /// Path of the daemon's log (stderr).
    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("daemon.log")
    }

    /// The daemon's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Runs the daemon once more on this configuration, expecting it to refuse to start as an
    /// operator error (exit 64) with `reason` on stderr.
    #[track_caller]
    pub fn assert_refuses_to_start(&self, reason: &str) {
        let output = Command::new(env!("CARGO_BIN_EXE_latchkeyd"))
            .arg("--config")
            .arg(&self.config_path)
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .expect("run latchkeyd");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(64), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
    }

    /// Rewrites the configuration with `tables` (its socket and state directory kept), sends
    /// SIGHUP and waits until the daemon says it reloaded.
    pub async fn reload(&self, tables: &str) {
        let reloads = |log: &str| log.matches("configuration reloaded").count();
        let before = reloads(&self.log());
        let config = format!(
            "socket = \"{}\"\nstate_dir = \"{}\"\n{tables}",
            self.socket.display(),
            self.state_dir().display(),
        );
        std::fs::write(&self.config_path, config).expect("write config");
        self.hangup();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while reloads(&self.log()) == before {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no reload:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends SIGHUP (reload the configuration).
    pub fn hangup(&self) {
        let pid = self.pid().expect("daemon running");
        rustix::process::kill_process(
            rustix::process::Pid::from_raw(pid).expect("a pid"),
            rustix::process::Signal::HUP,
        )
        .expect("SIGHUP");
    }

    /// The state directory.
    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// The session store file.
    pub fn store_path(&self) -> PathBuf {
        self.dir.path().join("state").join("sessions.redb")
    }

    /// The daemon's pid while it runs.
    pub fn pid(&self) -> Option<i32> {
        self.child
            .as_ref()
            .and_then(|child| i32::try_from(child.id()).ok())
    }

    /// SIGKILL, no clean-up at all.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM and wait for exit; returns the exit status. Waits asynchronously so that this
    /// test's own client connections can answer the daemon's GOAWAY meanwhile.
    pub async fn terminate(&mut self) -> std::process::ExitStatus {
        let mut child = self.child.take().expect("daemon running");
        let pid =
            rustix::process::Pid::from_raw(i32::try_from(child.id()).expect("pid")).expect("pid");
        rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("SIGTERM");
        for _ in 0..500 {
            if let Some(status) = child.try_wait().expect("wait daemon") {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!(
            "latchkeyd did not stop within 5 s of SIGTERM:\n{}",
            self.log()
        );
    }

    pub async fn channel(&self) -> Channel {
        latchkey_client::socket::connect(&self.socket)
            .await
            .expect("connect daemon")
    }

    pub async fn sessions(&self) -> SessionsClient<Channel> {
        SessionsClient::new(self.channel().await)
    }

    pub async fn daemon(&self) -> DaemonClient<Channel> {
        DaemonClient::new(self.channel().await)
    }

    /// Runs the `latchkey` CLI against this daemon with `stdin` as standard input.
    pub fn cli(&self, args: &[&str], stdin: &str) -> Output {
        cli_as(&self.socket, args, stdin, None)
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        self.kill9();
        if std::thread::panicking() {
            // What the daemon said is the first thing to read about a failed test.
            let log = self.log();
            let tail: Vec<&str> = log.lines().rev().take(60).collect();
            eprintln!("--- last lines of the daemon's log ---");
            for line in tail.into_iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

async fn wait_for_socket(socket: &Path, daemon: &mut Daemon) {
    for _ in 0..200 {
        if tokio::net::UnixStream::connect(socket).await.is_ok() {
            return;
        }
        if let Some(child) = daemon.child.as_mut()
            && let Ok(Some(status)) = child.try_wait()
        {
            panic!("latchkeyd exited with {status}:\n{}", daemon.log());
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!(
        "latchkeyd did not open {} in 5 s:\n{}",
        socket.display(),
        daemon.log()
    );
}

/// A binary of the workspace that is not this package's, so that cargo gives no
/// `CARGO_BIN_EXE_` for it (`latchkey`, `latchkey-emulator`, `latchkey-bench`, and the examples
/// as `examples/NAME`): where cargo puts the workspace's binaries, beside the directory of this
/// test executable (`target/debug/deps/..`). `cargo test` from the workspace root builds them
/// (each of those crates has integration tests of its own, and examples are built for tests).
pub fn workspace_bin(relative: &str) -> String {
    let exe = std::env::current_exe().expect("the test's own path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps");
    let path = dir.join(relative);
    assert!(
        path.exists(),
        "{} is missing: run the suite with `cargo test` from the workspace root, which builds \
         every crate's binaries and the examples",
        path.display()
    );
    path.to_string_lossy().into_owned()
}

/// The lines `from` gives, on a channel, read by a thread of their own.
pub fn line_reader(from: impl std::io::Read + Send + 'static) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let (lines_tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(from).lines().map_while(Result::ok) {
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// Runs the CLI, optionally as another uid.
pub fn cli_as(socket: &Path, args: &[&str], stdin: &str, uid: Option<u32>) -> Output {
    use std::io::Write;
    use std::os::unix::process::CommandExt;
    let mut command = Command::new(workspace_bin("latchkey"));
    command
        .arg("--socket")
        .arg(socket)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(uid) = uid {
        command.uid(uid).gid(uid);
    }
    let mut child = command.spawn().expect("spawn latchkey");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("latchkey output")
}

/// How long a child of a test may live: far longer than any test, short enough that a test
/// waiting on an answer that never comes fails within CI's deadline.
const CHILD_LIFETIME: Duration = Duration::from_secs(8 * 60);

/// Kills `child` once it has lived [`CHILD_LIFETIME`], so that a test hung on it sees its
/// connections close and fails (printing the daemon's log) instead of hanging the run. The
/// process is named by a pidfd: one that has already ended is never confused with a process
/// that reused its pid.
pub fn watchdog(child: &Child, what: &'static str) {
    let raw = child.id();
    let Some(pid) = i32::try_from(raw)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return;
    };
    let Ok(pidfd) = rustix::process::pidfd_open(pid, rustix::process::PidfdFlags::empty()) else {
        return;
    };
    std::thread::spawn(move || {
        std::thread::sleep(CHILD_LIFETIME);
        if rustix::process::pidfd_send_signal(&pidfd, rustix::process::Signal::KILL).is_ok() {
            eprintln!("killed {what} (pid {raw}): its test ran past {CHILD_LIFETIME:?}");
        }
    });
}
