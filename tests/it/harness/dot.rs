//! The second OpenID provider: django-oauth-toolkit (`tests/dot/provider.py`, from PyPI) as a
//! child process on loopback, with its state (SQLite database, signing key) in a directory that
//! outlives a restart; the user's side of its login, consent and device pages driven over HTTP
//! with a cookie jar; and what its own database and request log say.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::oidc::{drive_pages, free_port, ready_line};
use super::process::Daemon;

/// The confidential clients' secret, and every test user's password.
pub const DOT_SECRET: &str = "latchkey-dot-secret";
pub const DOT_PASSWORD: &str = "correct horse";

/// A running django-oauth-toolkit.
pub struct Dot {
    child: Option<Child>,
    pub issuer: String,
    pub port: u16,
    args: Vec<String>,
    http: reqwest::Client,
    /// The provider's state and the client secret file.
    pub dir: tempfile::TempDir,
}

/// The Python with the provider's packages: `$LATCHKEY_DOT_PYTHON`, else the venv `./.ci/run`
/// makes (`target/dot-venv`); `None` (the test skipped, a failure under CI) without one.
pub fn dot_python() -> Option<PathBuf> {
    let python = std::env::var_os("LATCHKEY_DOT_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dot-venv/bin/python"),
        PathBuf::from,
    );
    let ready = Command::new(&python)
        .args(["-c", "import oauth2_provider, django"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if ready {
        Some(python)
    } else {
        super::skip(&format!(
            "{} lacks django-oauth-toolkit (./.ci/run makes target/dot-venv from tests/dot/requirements.txt; or set LATCHKEY_DOT_PYTHON)",
            python.display()
        ));
        None
    }
}

impl Dot {
    /// Starts the provider with `args` (`--access-ttl 3`, `--metadata none`, ...); `None` when
    /// this machine has no Python with its packages (see [`dot_python`]).
    pub fn start(args: &[&str]) -> Option<Self> {
        dot_python()?;
        let dir = tempfile::tempdir().expect("tempdir");
        let secret = dir.path().join("client.secret");
        std::fs::write(&secret, format!("{DOT_SECRET}\n")).expect("write secret");
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        let port = free_port();
        let mut dot = Self {
            child: None,
            issuer: format!("http://127.0.0.1:{port}/o"),
            port,
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(Duration::from_secs(5))
                .timeout(Duration::from_secs(30))
                .build()
                .expect("http client"),
            dir,
        };
        dot.launch();
        Some(dot)
    }

    fn launch(&mut self) {
        let python = dot_python().expect("the provider's Python");
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/dot/provider.py");
        let stderr = std::fs::File::create(self.dir.path().join("provider.stderr"))
            .expect("provider stderr file");
        let mut child = Command::new(python)
            .arg(&script)
            .args(["--port", &self.port.to_string()])
            .arg("--state")
            .arg(self.dir.path().join("state"))
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn tests/dot/provider.py");
        super::watchdog(&child, "django-oauth-toolkit");
        let line = ready_line(&mut child);
        match line.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.contains(&self.issuer) => {}
            outcome => {
                let _ = child.kill();
                let _ = child.wait();
                let stderr = std::fs::read_to_string(self.dir.path().join("provider.stderr"))
                    .unwrap_or_default();
                panic!("django-oauth-toolkit did not start ({outcome:?}): {stderr}");
            }
        }
        self.child = Some(child);
    }

    /// Kills the provider (SIGKILL: nothing flushed but what its database committed) and
    /// starts it again on the same port and state.
    pub fn kill_and_restart(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.launch();
    }

    /// The client secret file (mode 0600).
    pub fn secret_file(&self) -> PathBuf {
        self.dir.path().join("client.secret")
    }

    /// The `[apps.NAME]` table of an oidc app on this provider as `client_id` (a confidential
    /// client unless `public`); `extra` lines are appended.
    pub fn app_table(&self, name: &str, client_id: &str, public: bool, extra: &str) -> String {
        let secret = if public {
            String::new()
        } else {
            format!(
                "client_secret_file = \"{}\"\n",
                self.secret_file().display()
            )
        };
        format!(
            "[apps.{name}]\nkind = \"oidc\"\nissuer = \"{}\"\nclient_id = \"{client_id}\"\n{secret}scopes = [\"openid\", \"profile\", \"email\", \"read\", \"write\"]\nrequest_timeout = \"10s\"\n{extra}",
            self.issuer
        )
    }

    /// A daemon whose app `corp` signs in through the provider's confidential client with the
    /// password grant (`latchkey-pass`); `extra` lines go into the app's table.
    pub async fn password_daemon(&self, extra: &str) -> Daemon {
        Daemon::start_config(&self.app_table("corp", "latchkey-pass", false, extra)).await
    }

    /// An endpoint's URL under the issuer (`device-authorization/` ...).
    pub fn endpoint(&self, path: &str) -> String {
        format!("{}/{path}", self.issuer)
    }

    /// Counts from the provider's database (tokens and grants, live and revoked), for one
    /// client's tokens when `client` is given.
    pub async fn db(&self, client: Option<&str>) -> Value {
        let mut url = format!("http://127.0.0.1:{}/test/db", self.port);
        if let Some(client) = client {
            url.push_str(&format!("?client={client}"));
        }
        self.http
            .get(url)
            .send()
            .await
            .expect("the provider's database")
            .json()
            .await
            .expect("JSON")
    }

    /// Revokes every refresh token of `user` in the provider's database (what an
    /// administrator does).
    pub async fn revoke_user(&self, user: &str) {
        let answer = self
            .http
            .post(format!(
                "http://127.0.0.1:{}/test/revoke?user={user}",
                self.port
            ))
            .send()
            .await
            .expect("revoke at the provider");
        assert!(answer.status().is_success(), "{}", answer.status());
    }

    /// The provider's request log: method, path, grant type, whether the body named a
    /// client_id, status.
    pub async fn requests(&self) -> Vec<Value> {
        let log: Value = self
            .http
            .get(format!("http://127.0.0.1:{}/test/requests", self.port))
            .send()
            .await
            .expect("the provider's request log")
            .json()
            .await
            .expect("JSON");
        log["requests"].as_array().cloned().unwrap_or_default()
    }

    /// Signs in as `user` at `authorization_url` like a browser and consents, following the
    /// final redirect to the daemon's loopback listener; that answer's status and page.
    pub async fn browse(&self, authorization_url: &str, user: &str) -> (u16, String) {
        self.drive(authorization_url, user, None).await
    }

    /// Approves the device login of `user_code` as `user` (sign in, enter the code, accept).
    pub async fn approve_device(&self, user_code: &str, user: &str) -> String {
        let start = self.endpoint("device/");
        self.drive(&start, user, Some(user_code)).await.1
    }

    /// Follows redirects and submits the provider's forms (sign-in, consent, user code,
    /// device confirmation) until a page without a form, or an answer from outside it.
    async fn drive(&self, start: &str, user: &str, user_code: Option<&str>) -> (u16, String) {
        let inside = format!("http://127.0.0.1:{}/", self.port);
        drive_pages(&self.http, &inside, start, |body, mut fields| {
            let mut set = |name: &str, value: &str| {
                fields.retain(|(field, _)| field != name);
                fields.push((name.to_owned(), value.to_owned()));
            };
            if body.contains("name=\"username\"") {
                set("username", user);
                set("password", DOT_PASSWORD);
            }
            if let Some(code) = user_code
                && body.contains("name=\"user_code\"")
            {
                set("user_code", code);
            }
            if body.contains("name=\"action\" value=\"accept\"") {
                set("action", "accept");
            }
            Some(fields)
        })
        .await
    }
}

impl Drop for Dot {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
