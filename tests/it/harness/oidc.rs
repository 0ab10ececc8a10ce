//! The real OpenID provider (`oidc-provider`, from `tests/oidc/provider.mjs`) as a child
//! process on loopback, and the user's side of its flows driven headlessly over HTTP: the
//! verification and authorization pages fetched, their login and consent forms submitted with
//! a cookie jar, and the final redirect delivered to the daemon's loopback listener.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use serde_json::Value;

/// The daemon's client at the provider (a confidential one).
pub const CLIENT_ID: &str = "latchkey";
pub const CLIENT_SECRET: &str = "latchkey-test-secret";
/// The resource server the provider knows (RFC 8707).
pub const API: &str = "https://api.example.test";

/// A running test provider.
pub struct Provider {
    child: Child,
    pub issuer: String,
    http: reqwest::Client,
    /// Holds the client secret file.
    dir: tempfile::TempDir,
}

/// The stream of a browser login.
pub type BrowserStream = tonic::Streaming<latchkey::proto::LogInWithBrowserResponse>;

/// Starts a browser login to `app`: its authorization URL (the first message), the query of
/// that URL, and the stream that ends with the user.
pub async fn browser_login(
    client: &mut latchkey::proto::sessions_client::SessionsClient<tonic::transport::Channel>,
    app: &str,
) -> (String, HashMap<String, String>, BrowserStream) {
    let mut stream = client
        .log_in_with_browser(latchkey::proto::LogInWithBrowserRequest {
            app: app.to_owned(),
            ..Default::default()
        })
        .await
        .expect("LogInWithBrowser")
        .into_inner();
    let first = within("the authorization URL", 10, stream.message())
        .await
        .expect("the authorization URL")
        .expect("a first message");
    let url = reqwest::Url::parse(&first.authorization_url).expect("a URL");
    let query = url.query_pairs().into_owned().collect();
    (first.authorization_url, query, stream)
}

/// The user a browser login's stream ends with (within 30 s).
pub async fn browser_user(stream: &mut BrowserStream) -> latchkey::proto::User {
    within("the browser login's user", 30, stream.message())
        .await
        .expect("the browser login succeeds")
        .expect("a last message")
        .user
        .expect("the last message carries the user")
}

/// Awaits `future` for at most `seconds`; a test that waits longer fails naming `what`, so that
/// a lost answer is a failure with the daemon's log, never a run that hangs.
pub async fn within<F: std::future::Future>(what: &str, seconds: u64, future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(seconds), future)
        .await
        .unwrap_or_else(|_| panic!("{what}: nothing within {seconds} s"))
}

/// The first line a provider prints on stdout (its ready line), read on a thread of its own;
/// the rest is read and dropped, since a provider that prints notices would die of a closed
/// pipe.
pub(super) fn ready_line(child: &mut Child) -> std::sync::mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("provider stdout");
    let (ready, line) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let _ = ready.send(line);
        std::io::copy(&mut stdout, &mut std::io::sink())
    });
    line
}

/// A free loopback port (bound, then released for the provider to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

impl Provider {
    /// Starts the provider with `args` (see the script: `--access-ttl 3`, `--tamper aud`, ...).
    ///
    /// A start that prints no ready line within 30 s is killed and tried again on another port
    /// (twice at most), with what the provider wrote on stderr shown: full-suite CI runs have
    /// seen one stay silent.
    pub fn start(args: &[&str]) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut attempts = 0;
        let (child, issuer) = loop {
            attempts += 1;
            match Self::launch(args, dir.path()) {
                Ok(started) => break started,
                Err(why) if attempts < 3 => eprintln!("retrying the OpenID provider: {why}"),
                Err(why) => panic!("the OpenID provider did not start: {why}"),
            }
        };
        let secret = dir.path().join("client.secret");
        std::fs::write(&secret, format!("{CLIENT_SECRET}\n")).expect("write secret");
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        Self {
            child,
            issuer,
            // Bounded: a page that never comes fails the test instead of hanging the run. Idle
            // connections are dropped before Node's keep-alive of 5 s ends them: a request sent
            // on one just as the provider closed it was reset (seen once in CI, after a 5 s wait
            // for a device poll's slow_down).
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_idle_timeout(Duration::from_secs(2))
                .connect_timeout(Duration::from_secs(5))
                .timeout(Duration::from_secs(30))
                .build()
                .expect("http client"),
            dir,
        }
    }

    /// One start of the provider on a free port: the process and its issuer once it printed its
    /// ready line, or why not (its stderr included).
    fn launch(args: &[&str], dir: &std::path::Path) -> Result<(Child, String), String> {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/oidc/provider.mjs");
        let port = free_port();
        let stderr_path = dir.join(format!("provider-{port}.stderr"));
        let stderr = std::fs::File::create(&stderr_path).expect("provider stderr file");
        let started = tokio::time::Instant::now();
        let mut child = Command::new("node")
            .arg(&script)
            .args(["--port", &port.to_string()])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn node tests/oidc/provider.mjs (is Node installed and `npm install --prefix tests/oidc` done?)");
        super::watchdog(&child, "the OpenID provider");
        let line = ready_line(&mut child);
        let issuer = format!("http://127.0.0.1:{port}");
        let outcome = match line.recv_timeout(Duration::from_secs(30)) {
            Ok(line) if line.contains(&issuer) => return Ok((child, issuer)),
            Ok(line) => format!("ready line {line:?}"),
            Err(_) => {
                // What the silent process was doing (stopped? waiting in the kernel?).
                let proc = |file: &str| {
                    std::fs::read_to_string(format!("/proc/{}/{file}", child.id()))
                        .unwrap_or_default()
                };
                let state = proc("status")
                    .lines()
                    .find(|line| line.starts_with("State:"))
                    .unwrap_or_default()
                    .to_owned();
                format!(
                    "no ready line within 30 s ({state}, wchan {})",
                    proc("wchan")
                )
            }
        };
        let _ = child.kill();
        let status = child.wait();
        let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
        Err(format!(
            "{outcome} after {:?} on port {port} ({status:?}); stderr: {}",
            started.elapsed(),
            stderr.trim()
        ))
    }

    /// The client secret file (mode 0600, owned by the test's uid).
    pub fn secret_file(&self) -> PathBuf {
        self.dir.path().join("client.secret")
    }

    /// The `[apps.NAME]` table of an oidc app on this provider; `extra` lines are appended.
    pub fn app_table(&self, name: &str, extra: &str) -> String {
        let timeout = if extra.contains("request_timeout") {
            ""
        } else {
            "request_timeout = \"5s\"\n"
        };
        format!(
            "[apps.{name}]\nkind = \"oidc\"\nissuer = \"{}\"\nclient_id = \"{CLIENT_ID}\"\nclient_secret_file = \"{}\"\nscopes = [\"openid\", \"offline_access\", \"profile\", \"email\", \"api:read\", \"api:write\"]\naudience = \"{API}\"\n{timeout}{extra}",
            self.issuer,
            self.secret_file().display()
        )
    }

    /// What the provider counted: token grants by type, refresh-token reuse, revocations.
    pub async fn counters(&self) -> Value {
        self.http
            .get(format!("{}/test/counters", self.issuer))
            .send()
            .await
            .expect("counters")
            .json()
            .await
            .expect("counters json")
    }

    /// Successful token grants of `grant_type` so far.
    pub async fn grants(&self, grant_type: &str) -> u64 {
        self.counters().await["grants"][grant_type]
            .as_u64()
            .unwrap_or(0)
    }

    /// Revokes every grant of `account` at the provider (server-side revocation).
    pub async fn revoke_account(&self, account: &str) {
        let answer: Value = self
            .http
            .post(format!("{}/test/revoke?account={account}", self.issuer))
            .send()
            .await
            .expect("revoke")
            .json()
            .await
            .expect("revoke json");
        assert!(answer["revoked"].as_u64().unwrap_or(0) >= 1, "{answer}");
    }

    /// A form post to `path` as the daemon's client; the JSON answer.
    async fn client_post(&self, path: &str, form: &[(&str, &str)]) -> Value {
        self.http
            .post(format!("{}{path}", self.issuer))
            .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
            .form(form)
            .send()
            .await
            .expect("provider answers")
            .json()
            .await
            .expect("JSON answer")
    }

    /// RFC 7662 introspection of `token`, as the daemon's client.
    pub async fn introspect(&self, token: &str) -> Value {
        self.client_post("/token/introspection", &[("token", token)])
            .await
    }

    /// A refresh token of `login`, obtained outside the daemon (a device login the test runs
    /// itself), as another tool would hand one over.
    pub async fn refresh_token_of(&self, login: &str) -> String {
        let started = self
            .client_post(
                "/device/auth",
                &[("scope", "openid offline_access profile email")],
            )
            .await;
        let complete = started["verification_uri_complete"].as_str().expect("uri");
        self.approve_device(complete, login).await;
        let device_code = started["device_code"].as_str().expect("device_code");
        let grant = [
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", device_code),
        ];
        let tokens = self.client_post("/token", &grant).await;
        tokens["refresh_token"]
            .as_str()
            .expect("a refresh token")
            .to_owned()
    }

    /// Approves a device login as `login`, starting at `verification_uri_complete`.
    pub async fn approve_device(&self, verification_uri_complete: &str, login: &str) -> String {
        self.drive(verification_uri_complete, login, false).await.1
    }

    /// Denies a device login (the confirmation page's abort).
    pub async fn deny_device(&self, verification_uri_complete: &str, login: &str) -> String {
        self.drive(verification_uri_complete, login, true).await.1
    }

    /// Signs in as `login` at `authorization_url` like a browser, following the final redirect
    /// to the daemon's loopback listener; that answer's status and page.
    pub async fn browse(&self, authorization_url: &str, login: &str) -> (u16, String) {
        self.drive(authorization_url, login, false).await
    }

    /// Follows redirects and submits forms (login, consent, device confirmation) until a page
    /// without a form, or an answer from outside the provider (the daemon's loopback).
    async fn drive(&self, start: &str, login: &str, abort: bool) -> (u16, String) {
        let mut aborted = false;
        let inside = format!("{}/", self.issuer);
        drive_pages(&self.http, &inside, start, |body, inputs| {
            if aborted {
                return None;
            }
            let mut fields: Vec<(String, String)> = inputs
                .into_iter()
                .filter(|(name, _)| !(abort && name == "confirm"))
                .collect();
            if fields.iter().any(|(name, _)| name == "login") || body.contains("name=\"login\"") {
                fields.retain(|(name, _)| name != "login" && name != "password");
                fields.push(("login".to_owned(), login.to_owned()));
                fields.push(("password".to_owned(), "any-password".to_owned()));
            }
            if abort && body.contains("name=\"abort\"") {
                fields.push(("abort".to_owned(), "yes".to_owned()));
                aborted = true;
            }
            Some(fields)
        })
        .await
    }
}

/// Drives a provider's pages like a browser with a cookie jar: follows redirects and submits
/// each page's first form with the fields `fill` makes of the page and its inputs, until a page
/// without a form (or one `fill` declines), or an answer from outside `inside` (a URL prefix:
/// the daemon's loopback listener); that answer's status and body.
pub(super) async fn drive_pages(
    http: &reqwest::Client,
    inside: &str,
    start: &str,
    mut fill: impl FnMut(&str, Vec<(String, String)>) -> Option<Vec<(String, String)>>,
) -> (u16, String) {
    let mut jar: HashMap<String, String> = HashMap::new();
    let mut next = (
        reqwest::Method::GET,
        start.to_owned(),
        Vec::<(String, String)>::new(),
    );
    for _ in 0..30 {
        let (method, url, form) = next;
        let outside = !url.starts_with(inside);
        let mut request = http.request(method.clone(), &url);
        if !outside && !jar.is_empty() {
            let cookies: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header(COOKIE, cookies.join("; "));
        }
        if method == reqwest::Method::POST {
            request = request.form(&form);
        }
        let response = request.send().await.expect("provider page");
        let status = response.status().as_u16();
        for cookie in response.headers().get_all(SET_COOKIE) {
            let cookie = cookie.to_str().unwrap_or_default();
            if let Some((name, rest)) = cookie.split_once('=') {
                let value = rest.split(';').next().unwrap_or_default();
                jar.insert(name.trim().to_owned(), value.to_owned());
            }
        }
        let location = response
            .headers()
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.unwrap_or_default();
        if outside {
            return (status, body);
        }
        if let Some(location) = location {
            let target = reqwest::Url::parse(&url)
                .and_then(|base| base.join(&location))
                .expect("redirect target")
                .to_string();
            next = (reqwest::Method::GET, target, Vec::new());
            continue;
        }
        let Some(form) = first_form(&body) else {
            return (status, body);
        };
        let Some(fields) = fill(&body, form.inputs) else {
            return (status, body);
        };
        let action = reqwest::Url::parse(&url)
            .and_then(|base| base.join(&form.action))
            .expect("form action")
            .to_string();
        next = (reqwest::Method::POST, action, fields);
    }
    panic!("the provider's pages did not end within 30 steps");
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A form of a page: where it posts and its named inputs.
struct Form {
    action: String,
    inputs: Vec<(String, String)>,
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].replace("&amp;", "&"))
}

fn first_form(html: &str) -> Option<Form> {
    let start = html.find("<form")?;
    let end = html[start..]
        .find("</form>")
        .map_or(html.len(), |end| start + end);
    let form = &html[start..end];
    let head_end = form.find('>')?;
    let action = attribute(&form[..head_end], "action").unwrap_or_default();
    let mut inputs = Vec::new();
    let mut rest = form;
    while let Some(at) = rest.find("<input") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |end| at + end);
        let tag = &rest[at..tag_end];
        if let Some(name) = attribute(tag, "name") {
            inputs.push((name, attribute(tag, "value").unwrap_or_default()));
        }
        rest = &rest[tag_end..];
    }
    Some(Form { action, inputs })
}
