//! Every tool takes its token from one login, through the real tools: ID tokens against the real
//! OpenID provider (served only where enabled, refreshed, refused for App Services, the provider
//! that sends none on refresh), git over smart HTTP with `git-credential-latchkey` (Debian's git
//! sending a Basic password, the newer one a Bearer credential), the Kubernetes Python client and
//! kubectl with `latchkey kubernetes-credential`, google-auth with an executable-sourced
//! credential, and boto3 with a `web_identity_token_file` kept by `latchkey token --follow`.
//!
//! The Python tools come from `LATCHKEY_TOOLS_PYTHON` (the venv `./.ci/run` makes), else
//! `python3`; the checks live in `tests/tools/`.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use latchkey::proto;
use serde_json::Value;
use tonic::Code;

use crate::harness::*;
use crate::oidc_logins::device_login;
use crate::oidc_tokens::{corp_token, served};

type Sessions = proto::sessions_client::SessionsClient<tonic::transport::Channel>;

/// A provider started with `args`, a daemon whose app `corp` serves ID tokens and whose app
/// `plain` (the same provider) does not, and alice logged in to `corp`.
async fn corp(args: &[&str]) -> (Provider, Daemon, Sessions) {
    let provider = Provider::start(args);
    let tables = format!(
        "default_app = \"corp\"\n{}{}",
        provider.app_table("corp", "id_tokens = true\n"),
        provider.app_table("plain", "")
    );
    let daemon = Daemon::start_config(&tables).await;
    let mut client = daemon.sessions().await;
    device_login(&provider, &mut client, "alice").await;
    (provider, daemon, client)
}

fn id_request(app: &str, min_valid_secs: i64) -> proto::GetIdTokenRequest {
    proto::GetIdTokenRequest {
        app: app.to_owned(),
        min_valid: Some(prost_types::Duration {
            seconds: min_valid_secs,
            nanos: 0,
        }),
        ..Default::default()
    }
}

async fn id_token(client: &mut Sessions, min_valid_secs: i64) -> proto::IdToken {
    client
        .get_id_token(id_request("corp", min_valid_secs))
        .await
        .expect("an ID token")
        .into_inner()
}

/// The claims of a JWT (its signature is the provider's business; the daemon checked it).
fn claims(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

/// The app `corp` hands out alice's ID token, checked (its `sub`, `aud` and `exp` are the
/// provider's and the expiry given is its `exp`); one that would not stay `min_valid` is
/// renewed through the refresh path (one refresh grant at the provider); it survives a
/// `kill -9`; `latchkey token --id-token` prints it; an app without `id_tokens` and an App
/// Services app refuse with ID_TOKENS_NOT_ENABLED.
#[tokio::test]
async fn id_tokens_are_served_where_enabled_renewed_by_refresh_and_kept_across_a_crash() {
    let (provider, mut daemon, mut client) = corp(&["--id-ttl", "20"]).await;
    let first = id_token(&mut client, 0).await;
    let claims_first = claims(&first.token);
    assert_eq!(claims_first["sub"], "alice");
    assert_eq!(claims_first["aud"], "latchkey");
    assert_eq!(first.user_id, "alice");
    let exp = claims_first["exp"].as_i64().unwrap();
    let given = first.expires_at.as_ref().unwrap().seconds;
    assert!(given <= exp && given >= exp - 2, "{given} vs exp {exp}");
    // The same token while it stays valid long enough: no refresh.
    let refreshes = provider.grants("refresh_token").await;
    assert_eq!(id_token(&mut client, 5).await.token, first.token);
    assert_eq!(provider.grants("refresh_token").await, refreshes);
    // More than it has left: the session is refreshed and a new ID token comes with it. A token
    // less than a second old is the best there is and is served as it is, so this asks until
    // the login's is older.
    let deadline = Deadline::new("a renewed ID token", Duration::from_secs(10));
    let renewed = loop {
        let served = id_token(&mut client, 30).await;
        if served.token != first.token {
            break served;
        }
        deadline.tick("the login's ID token is still served").await;
    };
    assert_eq!(claims(&renewed.token)["sub"], "alice");
    assert_eq!(provider.grants("refresh_token").await, refreshes + 1);
    // The CLI prints the same token.
    let printed = daemon.cli(&["--app", "corp", "token", "--id-token"], "");
    assert!(printed.status.success(), "{printed:?}");
    assert_eq!(
        String::from_utf8_lossy(&printed.stdout).trim(),
        renewed.token
    );
    // Sealed in the store with the session: there after a crash, without a refresh.
    daemon.kill9();
    daemon.spawn().await;
    let mut client = daemon.sessions().await;
    assert_eq!(id_token(&mut client, 0).await.token, renewed.token);
    assert_eq!(provider.grants("refresh_token").await, refreshes + 1);
    // Not where the operator did not enable them.
    let refused = client
        .get_id_token(id_request("plain", 0))
        .await
        .expect_err("no ID tokens for plain");
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert_eq!(reason(&refused), "ID_TOKENS_NOT_ENABLED");
    assert!(
        refused.message().contains("id_tokens = true"),
        "{refused:?}"
    );
    let cli = daemon.cli(&["--app", "plain", "token", "--id-token"], "");
    assert_eq!(cli.status.code(), Some(1), "{cli:?}");
    assert!(String::from_utf8_lossy(&cli.stderr).contains("ID_TOKENS_NOT_ENABLED"));
}

/// An App Services app has no ID tokens: FAILED_PRECONDITION, ID_TOKENS_NOT_ENABLED.
#[tokio::test]
async fn app_services_apps_refuse_id_tokens() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let refused = client
        .get_id_token(id_request("", 0))
        .await
        .expect_err("App Services has no ID tokens");
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert_eq!(reason(&refused), "ID_TOKENS_NOT_ENABLED");
}

/// A provider that sends no ID token on refresh: the login's serves while it lasts; asked for
/// more than it has, one refresh is tried and then FAILED_PRECONDITION, ID_TOKEN_NOT_RENEWED,
/// and no further refresh is spent on asking again. The CLI exits 3 naming the login.
#[tokio::test]
async fn a_provider_that_renews_no_id_token_is_said_plainly() {
    let (provider, daemon, mut client) =
        corp(&["--id-ttl", "20", "--no-refresh-id-token", "true"]).await;
    let login = id_token(&mut client, 0).await;
    let refreshes = provider.grants("refresh_token").await;
    // Within its first second the login's token is the best there is, and served as it is:
    // asked until it is older.
    let deadline = Deadline::new("a refusal to renew", Duration::from_secs(10));
    let refused = loop {
        match client.get_id_token(id_request("corp", 60)).await {
            Ok(served) => assert_eq!(served.into_inner().token, login.token),
            Err(refused) => break refused,
        }
        deadline.tick("the login's ID token is still served").await;
    };
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert_eq!(reason(&refused), "ID_TOKEN_NOT_RENEWED");
    assert!(refused.message().contains("a new login"), "{refused:?}");
    assert_eq!(provider.grants("refresh_token").await, refreshes + 1);
    let again = client
        .get_id_token(id_request("corp", 60))
        .await
        .expect_err("still not renewed");
    assert_eq!(reason(&again), "ID_TOKEN_NOT_RENEWED");
    assert_eq!(provider.grants("refresh_token").await, refreshes + 1);
    // What it has still serves a caller that needs less.
    assert_eq!(id_token(&mut client, 0).await.token, login.token);
    let cli = daemon.cli(
        &["--app", "corp", "token", "--id-token", "--min-valid", "60s"],
        "",
    );
    assert_eq!(cli.status.code(), Some(3), "{cli:?}");
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(
        stderr.contains("latchkey --app corp login browser --user alice"),
        "{stderr}"
    );
}

/// The access token the daemon serves `corp`'s current user now.
async fn access_token(client: &mut Sessions, force_refresh: bool) -> String {
    served(client, corp_token(force_refresh)).await.token
}

/// A child process that is killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `command` and returns it with the first line it printed.
fn start_with_line(mut command: Command, what: &'static str) -> (Running, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|err| panic!("start {what}: {err}"));
    watchdog(&child, what);
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a first line");
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    (Running(child), line.trim().to_owned())
}

fn tools_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools")
}

/// A git command in `dir` with only `git-credential-latchkey` as helper, no prompt.
fn git(git: &str, dir: &Path, helper: &str, args: &[&str]) -> Output {
    Command::new(git)
        .current_dir(dir)
        .args(["-c", "credential.helper=", "-c"])
        .arg(format!("credential.helper=!{helper}"))
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.test"])
        .args(["-c", "init.defaultBranch=main", "-c", "protocol.version=2"])
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .stdin(Stdio::null())
        .output()
        .expect("run git")
}

fn git_version(git: &str) -> Option<(u32, u32)> {
    let out = Command::new(git).arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut parts = text.split_whitespace().nth(2)?.split('.');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

/// The tokens the git server let through, as `SCHEME TOKEN` lines.
fn git_log(path: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(scheme, token)| (scheme.to_owned(), token.to_owned()))
        .collect()
}

/// git clones and pushes over smart HTTP from a server that takes only the daemon's current
/// access token: git before 2.46 sends it as a Basic password, git 2.46 and later (which
/// offers `capability[]=authtype`) as a Bearer credential; after a refresh the next fetch
/// carries the new token; once the session ends, git fails with the helper's message naming
/// the login.
#[tokio::test]
async fn git_clones_and_pushes_with_the_sessions_token() {
    let gits: Vec<(String, (u32, u32))> = ["/usr/bin/git", "/usr/local/bin/git"]
        .iter()
        .filter_map(|git| git_version(git).map(|version| ((*git).to_owned(), version)))
        .collect();
    let basic = gits.iter().find(|(_, version)| *version < (2, 46));
    let bearer = gits.iter().find(|(_, version)| *version >= (2, 46));
    if basic.is_none() || bearer.is_none() {
        skip(&format!(
            "needs a git before 2.46 and one from 2.46 on (found {gits:?})"
        ));
    }
    // Access tokens that outlive the helper's default min_valid (60 s): each git run takes the
    // cached token, so the one the test reads is the one git sends.
    let (_provider, daemon, mut client) = corp(&["--access-ttl", "600"]).await;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("served");
    std::fs::create_dir(&root).unwrap();
    let any_git = &gits[0].0;
    let init = git(
        any_git,
        dir.path(),
        "",
        &["init", "-q", "--bare", "served/repo.git"],
    );
    assert!(init.status.success(), "{init:?}");
    let log = dir.path().join("served.log");
    let mut server = Command::new("python3");
    server
        .arg(tools_dir().join("git_server.py"))
        .arg("--root")
        .arg(&root)
        .args(["--latchkey", &workspace_bin("latchkey")])
        .arg("--socket")
        .arg(&daemon.socket)
        .args(["--app", "corp"])
        .arg("--log")
        .arg(&log);
    let (_server, ready) = start_with_line(server, "the git server");
    let url = format!(
        "{}/repo.git",
        ready.strip_prefix("listening ").expect("ready line")
    );
    let helper = format!(
        "{} --socket {} --app corp",
        workspace_bin("git-credential-latchkey"),
        daemon.socket.display()
    );
    let mut round = 0;
    for (git_path, expected_scheme) in
        [(&basic.unwrap().0, "Basic"), (&bearer.unwrap().0, "Bearer")]
    {
        round += 1;
        let token = access_token(&mut client, false).await;
        // Push a commit, then clone it back.
        let work = dir.path().join(format!("work-{round}"));
        std::fs::create_dir(&work).unwrap();
        for args in [
            &["init", "-q"][..],
            &["commit", "-q", "--allow-empty", "-m", "round"][..],
        ] {
            let out = git(git_path, &work, &helper, args);
            assert!(out.status.success(), "{out:?}");
        }
        // A branch per round: the rounds' commits are unrelated histories.
        let branch = format!("round-{round}");
        let push = git(
            git_path,
            &work,
            &helper,
            &["push", "-q", &url, &format!("HEAD:{branch}")],
        );
        assert!(push.status.success(), "push with {git_path}: {push:?}");
        let clone = git(
            git_path,
            dir.path(),
            &helper,
            &[
                "clone",
                "-q",
                "-b",
                &branch,
                &url,
                &format!("clone-{round}"),
            ],
        );
        assert!(clone.status.success(), "clone with {git_path}: {clone:?}");
        let used = git_log(&log);
        assert!(!used.is_empty());
        assert!(
            used.iter()
                .rev()
                .take(2)
                .all(|(scheme, used)| scheme == expected_scheme && *used == token),
            "{git_path} should send the current token as {expected_scheme}: {used:?}"
        );
        // After a refresh, the next fetch carries the new token.
        let refreshed = access_token(&mut client, true).await;
        assert_ne!(refreshed, token);
        let fetch = git(
            git_path,
            &dir.path().join(format!("clone-{round}")),
            &helper,
            &["fetch", "-q"],
        );
        assert!(fetch.status.success(), "fetch with {git_path}: {fetch:?}");
        let (scheme, last) = git_log(&log).pop().unwrap();
        assert_eq!(
            (scheme.as_str(), last.as_str()),
            (expected_scheme, refreshed.as_str())
        );
    }
    // The session ends: git fails, saying why and how to log in again; no prompt, no hang.
    let out = daemon.cli(&["--app", "corp", "logout"], "");
    assert!(out.status.success(), "{out:?}");
    let failed = git(
        &bearer.unwrap().0,
        dir.path(),
        &helper,
        &["ls-remote", &url],
    );
    assert!(!failed.status.success(), "{failed:?}");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(
        stderr.contains("git-credential-latchkey:")
            && stderr.contains("latchkey --app corp login browser"),
        "{stderr}"
    );
}

/// The Python interpreter that has the tools' libraries, or a skip when none has.
fn tools_python(modules: &str) -> Option<String> {
    let python = std::env::var("LATCHKEY_TOOLS_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let check = Command::new(&python)
        .args(["-c", &format!("import {modules}")])
        .output();
    match check {
        Ok(out) if out.status.success() => Some(python),
        _ => {
            skip(&format!(
                "{python} lacks {modules} (./.ci/run makes a venv with them: LATCHKEY_TOOLS_PYTHON)"
            ));
            None
        }
    }
}

/// Runs a check of `tests/tools/` with `args`; its JSON report.
fn run_check(python: &str, script: &str, args: &[&str]) -> Value {
    let out = Command::new(python)
        .arg(tools_dir().join(script))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the check");
    assert!(
        out.status.success(),
        "{script}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "{script} printed no report: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// kubectl, when installed, with its minor version.
fn kubectl() -> Option<(String, u32)> {
    let out = Command::new("kubectl")
        .args(["version", "--client", "-o", "json"])
        .output()
        .ok()?;
    let version: Value = serde_json::from_slice(&out.stdout).ok()?;
    let minor = version["clientVersion"]["minor"]
        .as_str()?
        .trim_end_matches('+')
        .parse()
        .ok()?;
    Some(("kubectl".to_owned(), minor))
}

/// The Kubernetes Python client and kubectl, with an exec kubeconfig of each `apiVersion`,
/// reach a server that takes only the current ID token; once the session has ended, a
/// non-interactive run fails with the one line that names the login, and kubectl says so.
#[tokio::test]
async fn kubernetes_clients_authenticate_with_the_exec_plugin() {
    let Some(python) = tools_python("kubernetes") else {
        return;
    };
    let kubectl = kubectl();
    if kubectl.is_none() {
        skip("kubectl is not installed (./.ci/run installs Debian's kubernetes-client)");
    }
    let (_provider, daemon, mut client) = corp(&[]).await;
    let socket = daemon.socket.display().to_string();
    let latchkey = workspace_bin("latchkey");
    for api_version in [
        "client.authentication.k8s.io/v1",
        "client.authentication.k8s.io/v1beta1",
    ] {
        // kubectl speaks v1 from 1.22 on.
        let kubectl = kubectl
            .as_ref()
            .filter(|(_, minor)| api_version.ends_with("v1beta1") || *minor >= 22);
        let mut args = vec![
            "--latchkey",
            &latchkey,
            "--socket",
            &socket,
            "--app",
            "corp",
            "--api-version",
            api_version,
        ];
        if let Some((path, _)) = kubectl {
            args.extend(["--kubectl", path]);
        }
        let report = run_check(&python, "kube_check.py", &args);
        let current = id_token(&mut client, 0).await.token;
        assert_eq!(
            report["python"]["ok"][0], "latchkey-ok",
            "{api_version}: {report}"
        );
        if kubectl.is_some() {
            assert_eq!(report["kubectl"]["status"], 0, "{api_version}: {report}");
            assert!(
                report["kubectl"]["stdout"]
                    .as_str()
                    .unwrap()
                    .contains("latchkey-ok"),
                "{report}"
            );
        }
        let seen = report["seen"].as_array().unwrap();
        assert!(
            !seen.is_empty() && seen.iter().all(|token| token.as_str() == Some(&current)),
            "every request carried the current ID token: {report}"
        );
    }
    // The plugin by itself: the ExecCredential of the version asked, nothing else on stdout.
    let plugin = Command::new(&latchkey)
        .args(["--socket", &socket, "--app", "corp", "kubernetes-credential", "--id-token"])
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#,
        )
        .output()
        .unwrap();
    assert!(plugin.status.success(), "{plugin:?}");
    let credential: Value = serde_json::from_slice(&plugin.stdout).expect("only JSON on stdout");
    assert_eq!(
        credential["apiVersion"],
        "client.authentication.k8s.io/v1beta1"
    );
    assert_eq!(credential["kind"], "ExecCredential");
    assert_eq!(
        credential["status"]["token"],
        id_token(&mut client, 0).await.token.as_str()
    );
    assert!(
        credential["status"]["expirationTimestamp"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    // The session ends: non-interactive, the plugin fails at once with the login to run.
    let out = daemon.cli(&["--app", "corp", "logout"], "");
    assert!(out.status.success(), "{out:?}");
    let ended = Command::new(&latchkey)
        .args(["--socket", &socket, "--app", "corp", "kubernetes-credential"])
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":false}}"#,
        )
        .output()
        .unwrap();
    assert_eq!(ended.status.code(), Some(3), "{ended:?}");
    assert!(ended.stdout.is_empty(), "{ended:?}");
    let stderr = String::from_utf8_lossy(&ended.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("latchkey --app corp login browser"),
        "{stderr}"
    );
    if let Some((path, minor)) = &kubectl {
        let version = if *minor >= 22 {
            "client.authentication.k8s.io/v1"
        } else {
            "client.authentication.k8s.io/v1beta1"
        };
        let args = [
            "--latchkey",
            &latchkey,
            "--socket",
            &socket,
            "--app",
            "corp",
            "--api-version",
            version,
            "--kubectl",
            path,
        ];
        let report = run_check(&python, "kube_check.py", &args);
        assert_ne!(report["kubectl"]["status"], 0, "{report}");
        assert!(
            report["kubectl"]["stderr"]
                .as_str()
                .unwrap()
                .contains("latchkey --app corp login browser"),
            "{report}"
        );
        assert!(report["python"]["error"].is_string(), "{report}");
    }
}

/// google-auth's executable-sourced credential exchanges the current ID token for an access
/// token at the security token service; after the session ends, the library's refresh fails
/// with the daemon's reason.
#[tokio::test]
async fn google_auth_takes_the_id_token_from_the_executable_source() {
    let Some(python) = tools_python("google.auth") else {
        return;
    };
    let (_provider, daemon, mut client) = corp(&[]).await;
    let socket = daemon.socket.display().to_string();
    let latchkey = workspace_bin("latchkey");
    let args = [
        "--latchkey",
        &latchkey,
        "--socket",
        &socket,
        "--app",
        "corp",
    ];
    let report = run_check(&python, "google_check.py", &args);
    assert_eq!(report["token"], "sts-access-1", "{report}");
    let current = id_token(&mut client, 0).await.token;
    assert_eq!(
        report["seen"][0]["subject_token"],
        current.as_str(),
        "{report}"
    );
    assert_eq!(
        report["seen"][0]["subject_token_type"],
        "urn:ietf:params:oauth:token-type:id_token"
    );
    // The answer itself, as Google's libraries read it.
    let out = daemon.cli(
        &[
            "--app",
            "corp",
            "token",
            "--id-token",
            "--format",
            "google-executable",
        ],
        "",
    );
    assert!(out.status.success(), "{out:?}");
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["version"], 1);
    assert_eq!(answer["success"], true);
    assert_eq!(answer["id_token"], current.as_str());
    assert!(answer["expiration_time"].as_i64().unwrap() > 0);
    // The session ends: success false with the reason, a failing exit status, and the library
    // refuses the credential.
    let out = daemon.cli(&["--app", "corp", "logout"], "");
    assert!(out.status.success(), "{out:?}");
    let out = daemon.cli(
        &[
            "--app",
            "corp",
            "token",
            "--id-token",
            "--format",
            "google-executable",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["success"], false);
    assert_eq!(answer["code"], "NO_CURRENT_USER");
    assert!(
        answer["message"].as_str().unwrap().contains("login"),
        "{answer}"
    );
    let report = run_check(&python, "google_check.py", &args);
    assert!(report["error"].is_string(), "{report}");
}

/// Waits (20 s at most) until `file` holds `token`, and only it.
async fn file_holds(file: &Path, token: &str, what: &str) {
    let deadline = Deadline::new(what, Duration::from_secs(20));
    while std::fs::read_to_string(file).ok().as_deref() != Some(token) {
        deadline.tick(file.display()).await;
    }
}

/// `latchkey token --id-token --write FILE --follow` keeps the file for
/// `web_identity_token_file` current (mode 0600, the token alone); boto3's
/// AssumeRoleWithWebIdentity at moto carries the file's token, and after a refresh the file
/// and the next call hold the new one.
#[tokio::test]
async fn boto3_reads_the_web_identity_token_file_kept_current() {
    use std::os::unix::fs::PermissionsExt as _;
    let Some(python) = tools_python("boto3, moto.server") else {
        return;
    };
    let (_provider, daemon, mut client) = corp(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("web-identity-token");
    let mut follow = Command::new(workspace_bin("latchkey"));
    follow
        .arg("--socket")
        .arg(&daemon.socket)
        .args(["--app", "corp", "token", "--id-token", "--write"])
        .arg(&file)
        .arg("--follow")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = follow.spawn().expect("latchkey token --follow");
    watchdog(&child, "latchkey token --follow");
    let _stderr = child.stderr.take();
    let _follow = Running(child);
    let first = id_token(&mut client, 0).await.token;
    file_holds(&file, &first, "the file holds the current ID token").await;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let token_file = file.display().to_string();
    let report = run_check(&python, "aws_check.py", &["--token-file", &token_file]);
    assert!(
        report["arn"]
            .as_str()
            .unwrap_or_default()
            .contains("latchkey-test"),
        "{report}"
    );
    assert_eq!(
        report["web_identity_tokens"],
        serde_json::json!([first]),
        "{report}"
    );
    // A refresh lands: the file holds the new ID token, and so does the next call.
    access_token(&mut client, true).await;
    let renewed = id_token(&mut client, 0).await.token;
    assert_ne!(renewed, first);
    file_holds(&file, &renewed, "the file is rewritten after the refresh").await;
    let report = run_check(&python, "aws_check.py", &["--token-file", &token_file]);
    assert_eq!(
        report["web_identity_tokens"],
        serde_json::json!([renewed]),
        "{report}"
    );
}

/// An interactive client-go request (`spec.interactive`) for a session that has ended: the
/// plugin runs the app's device login, its prompt on stderr, and once the user approved at the
/// provider answers the ExecCredential with the new session's token; stdout holds only that.
#[tokio::test]
async fn the_kubernetes_plugin_logs_in_again_when_a_user_is_there() {
    let (provider, daemon, mut client) = corp(&[]).await;
    let out = daemon.cli(&["--app", "corp", "logout"], "");
    assert!(out.status.success(), "{out:?}");
    let mut plugin = Command::new(workspace_bin("latchkey"))
        .arg("--socket")
        .arg(&daemon.socket)
        .args(["--app", "corp", "kubernetes-credential", "--user", "alice"])
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1","spec":{"interactive":true}}"#,
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    watchdog(&plugin, "latchkey kubernetes-credential");
    let lines = line_reader(plugin.stderr.take().unwrap());
    let complete = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(30))
            .expect("the device prompt on stderr");
        if let Some(url) = line.strip_prefix("Or open ") {
            break url.to_owned();
        }
    };
    provider.approve_device(&complete, "alice").await;
    let output = tokio::task::spawn_blocking(move || plugin.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let credential: Value = serde_json::from_slice(&output.stdout).expect("only JSON on stdout");
    assert_eq!(credential["apiVersion"], "client.authentication.k8s.io/v1");
    let current = client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "corp".to_owned(),
            user_id: "alice".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .token;
    assert_eq!(credential["status"]["token"], current.as_str());
}
