//! The daemon as an OpenID relying party facing a hostile or broken provider ([`Hostile`]): the
//! ID-token checks of the OpenID Foundation's relying-party profiles (Basic RP, Config RP, the
//! refresh checks of the certification plan), RFC 9207's `iss`, token grammar and lifetimes, and
//! what another local uid can do to a browser login. Every case switches one thing and expects
//! the login (or refresh) refused with a reason that names it, and nothing kept.

use std::process::Command;
use std::time::Duration;

use latchkey::proto::{self, credentials::Kind};
use serde_json::{Map, Value, json};
use tokio::time::Instant;
use tonic::Code;

use crate::harness::*;

type Client = proto::sessions_client::SessionsClient<tonic::transport::Channel>;

async fn password_login(client: &mut Client) -> Result<proto::User, tonic::Status> {
    client
        .log_in(proto::LogInRequest {
            app: "rp".to_owned(),
            credentials: creds(Kind::Password(proto::PasswordCredential {
                username: "alice".to_owned(),
                password: "pw".to_owned(),
            })),
        })
        .await
        .map(tonic::Response::into_inner)
}

async fn users_of(client: &mut Client) -> Vec<proto::User> {
    client
        .list_users(proto::ListUsersRequest {
            app: "rp".to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .users
}

async fn token(client: &mut Client, force: bool) -> Result<proto::AccessToken, tonic::Status> {
    client
        .get_access_token(proto::GetAccessTokenRequest {
            app: "rp".to_owned(),
            force_refresh: force,
            min_valid: Some(prost_types::Duration {
                seconds: 1,
                nanos: 0,
            }),
            ..Default::default()
        })
        .await
        .map(tonic::Response::into_inner)
}

fn claims(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!("an object"),
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn rp_daemon(provider: &Hostile, extra: &str) -> Daemon {
    Daemon::start_config(&format!("{}{extra}", provider.app_table("rp"))).await
}

/// Basic RP and Config RP: each spoiled ID token (or header) is refused at login with a reason
/// that names the check, and no user is kept; the same provider behaving well logs in.
#[tokio::test]
async fn id_tokens_failing_a_relying_party_check_are_refused_at_login() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    let user = password_login(&mut client).await.expect("a good provider");
    assert_eq!(user.id, HOSTILE_SUB);
    client
        .remove_user(proto::RemoveUserRequest {
            app: "rp".to_owned(),
            user_id: user.id,
            ..Default::default()
        })
        .await
        .unwrap();
    let cases: Vec<(&str, Value, Value, &str)> = vec![
        (
            "rp-id_token-iat (missing)",
            json!({"iat": null}),
            json!({}),
            "iat",
        ),
        (
            "iat an hour ahead",
            json!({"iat": now() + 3600}),
            json!({}),
            "iat",
        ),
        (
            "nbf an hour ahead",
            json!({"nbf": now() + 3600}),
            json!({}),
            "nbf",
        ),
        (
            "rp-id_token-issuer-mismatch",
            json!({"iss": "https://evil.example"}),
            json!({}),
            "iss",
        ),
        (
            "rp-id_token-aud",
            json!({"aud": "someone-else"}),
            json!({}),
            "aud",
        ),
        (
            "several audiences, no azp",
            json!({"aud": [HOSTILE_CLIENT, "other"]}),
            json!({}),
            "azp",
        ),
        (
            "azp of another client",
            json!({"azp": "other"}),
            json!({}),
            "azp",
        ),
        (
            "expired",
            json!({"exp": now() - 3600, "iat": now() - 7200}),
            json!({}),
            "expired",
        ),
        (
            "rp-id_token-sub (missing)",
            json!({"sub": null}),
            json!({}),
            "sub",
        ),
        (
            "crit names an unknown extension",
            json!({}),
            json!({"crit": ["urn:example:must-understand"], "urn:example:must-understand": true}),
            "critical",
        ),
        (
            "rp-id_token-sig-none",
            json!({}),
            json!({"alg": "none"}),
            "JWT",
        ),
        (
            "a MAC algorithm",
            json!({}),
            json!({"alg": "HS256"}),
            "not accepted",
        ),
        (
            "rp-id_token-kid (unknown)",
            json!({}),
            json!({"kid": "not-published"}),
            "does not publish",
        ),
    ];
    for (case, changes, header, needle) in cases {
        provider.set(|b| {
            b.login_claims = claims(changes.clone());
            b.login_header = claims(header.clone());
        });
        let refused = password_login(&mut client)
            .await
            .expect_err(&format!("{case}: accepted"));
        assert!(
            refused.message().contains(needle),
            "{case}: {:?} does not name {needle:?}",
            refused.message()
        );
        assert!(
            users_of(&mut client).await.is_empty(),
            "{case}: a user was kept"
        );
    }
}

/// An access token with CR LF (or any character outside RFC 6750's b64token) is refused at
/// login and at refresh; the session keeps its good token.
#[tokio::test]
async fn access_tokens_outside_the_bearer_grammar_are_refused() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    provider.set(|b| b.access_token = Some("abc\r\nX-Injected: 1".to_owned()));
    let refused = password_login(&mut client).await.expect_err("accepted");
    assert!(
        refused.message().contains("b64token"),
        "{}",
        refused.message()
    );
    assert!(users_of(&mut client).await.is_empty());

    provider.set(|b| b.access_token = None);
    password_login(&mut client).await.expect("a good login");
    let good = token(&mut client, false).await.unwrap().token;
    let first = provider.grants("refresh_token");
    for bad in ["abc\r\nX-Injected: 1", "a b", "tok\u{7f}en", "a=b"] {
        provider.set(|b| b.access_token = Some(bad.to_owned()));
        let before = provider.grants("refresh_token");
        // The refused refresh backs off: until it is over, the good token is served as stale.
        let deadline = Instant::now() + Duration::from_secs(10);
        while provider.grants("refresh_token") == before {
            assert!(Instant::now() < deadline, "{bad:?}: no refresh was tried");
            match token(&mut client, true).await {
                Ok(served) => assert!(served.token == good && served.stale, "{bad:?}: {served:?}"),
                Err(refused) => assert!(
                    refused.message().contains("b64token"),
                    "{bad:?}: {}",
                    refused.message()
                ),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert!(provider.grants("refresh_token") >= first + 4);
    let served = token(&mut client, false).await.unwrap();
    assert_eq!(served.token, good, "never a spoiled token");
    assert!(daemon.log().contains("b64token"), "{}", daemon.log());
}

/// `expires_in: 0` is refused like a malformed answer: a login fails, and a session whose
/// refresh gets it backs off instead of asking again at once (it once made thousands of
/// requests in three seconds), whatever callers do meanwhile.
#[tokio::test]
async fn a_zero_lifetime_backs_off_instead_of_a_refresh_storm() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    provider.set(|b| b.expires_in = Some(json!(0)));
    let refused = password_login(&mut client).await.expect_err("accepted");
    assert!(
        refused.message().contains("too short"),
        "{}",
        refused.message()
    );

    provider.set(|b| b.expires_in = None);
    password_login(&mut client).await.expect("a good login");
    provider.set(|b| b.expires_in = Some(json!(0)));
    let before = provider.grants("refresh_token");
    let started = Instant::now();
    let mut calls = 0;
    while started.elapsed() < Duration::from_secs(3) && calls < 300 {
        // A caller that keeps asking for more than the session has.
        let _ = client
            .get_access_token(proto::GetAccessTokenRequest {
                app: "rp".to_owned(),
                min_valid: Some(prost_types::Duration {
                    seconds: 3600,
                    nanos: 0,
                }),
                ..Default::default()
            })
            .await;
        calls += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let refreshes = provider.grants("refresh_token") - before;
    assert!(
        (1..=6).contains(&refreshes),
        "{refreshes} refreshes in 3 s for {calls} calls"
    );
    assert!(
        daemon.log().contains("too short"),
        "the failure is logged:\n{}",
        daemon.log()
    );
}

/// OIDC Core §12.2: an ID token on a refresh that names another user ends the session
/// (REAUTH_REQUIRED, token_expired saying why) instead of serving its access token as the
/// session's user; one that names the same user is taken.
#[tokio::test]
async fn a_refresh_whose_id_token_names_someone_else_ends_the_session() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a good login");
    provider.set(|b| b.refresh_id_token = Some(Map::new()));
    let before = provider.grants("refresh_token");
    token(&mut client, true)
        .await
        .expect("the same user's ID token");
    assert_eq!(provider.grants("refresh_token"), before + 1);

    let mut events = watch(&daemon, "rp").await;
    provider.set(|b| b.refresh_id_token = Some(claims(json!({"sub": "mallory"}))));
    let refused = token(&mut client, true)
        .await
        .expect_err("another user's token");
    assert_eq!(refused.code(), Code::Unauthenticated, "{refused:?}");
    assert!(refused.message().contains("sub"), "{}", refused.message());
    let expired = next_kind(&mut events, "token_expired").await;
    assert!(format!("{expired:?}").contains("sub"), "{expired:?}");
    let users = users_of(&mut client).await;
    assert_eq!(users[0].state, proto::UserState::LoggedOut as i32);

    // Another issuer on a refresh is refused the same way.
    provider.set(|b| b.refresh_id_token = Some(claims(json!({"iss": "https://evil.example"}))));
    password_login(&mut client).await.expect("a good login");
    let refused = token(&mut client, true)
        .await
        .expect_err("another issuer's token");
    assert_eq!(refused.code(), Code::Unauthenticated, "{refused:?}");
}

/// Subscribes to `app`'s events.
async fn watch(daemon: &Daemon, app: &str) -> tonic::Streaming<proto::SessionEvent> {
    daemon
        .sessions()
        .await
        .watch_events(proto::WatchEventsRequest {
            app: app.to_owned(),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
}

async fn next_kind(
    events: &mut tonic::Streaming<proto::SessionEvent>,
    kind: &str,
) -> proto::session_event::Kind {
    within(kind, 15, async {
        loop {
            let event = events.message().await.unwrap().expect("an event");
            let found = event.kind.expect("a kind");
            if format!("{found:?}")
                .to_lowercase()
                .replace('_', "")
                .starts_with(&kind.replace('_', ""))
            {
                return found;
            }
        }
    })
    .await
}

/// Follows the authorization URL to the provider; its redirect (to the daemon's loopback).
async fn provider_redirect(authorization_url: &str) -> String {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = http.get(authorization_url).send().await.unwrap();
    assert_eq!(answer.status().as_u16(), 302);
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// Delivers the redirect as `uid` (with curl); the HTTP status the daemon's listener answered.
fn deliver_as(location: &str, uid: Option<u32>) -> u16 {
    use std::os::unix::process::CommandExt;
    let mut curl = Command::new("curl");
    curl.args([
        "-s",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        "--max-time",
        "10",
        location,
    ]);
    if let Some(uid) = uid {
        curl.uid(uid).gid(uid);
    }
    let output = curl.output().expect("curl");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// RFC 9207: with a provider that announces `iss` on its authorization responses, a response
/// naming another issuer, or none, is refused before the code is exchanged.
#[tokio::test]
async fn an_authorization_response_from_another_issuer_is_not_exchanged() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    for (case, iss) in [("mix-up", "https://evil.example"), ("no iss", "")] {
        provider.set(|b| {
            b.iss_supported = true;
            b.redirect_iss = Some(iss.to_owned());
        });
        let (url, _, mut stream) = browser_login(&mut client, "rp").await;
        let location = provider_redirect(&url).await;
        deliver_as(&location, None);
        let refused = within(case, 15, stream.message())
            .await
            .expect_err(&format!("{case}: accepted"));
        assert!(
            refused.message().contains("iss"),
            "{case}: {}",
            refused.message()
        );
        assert_eq!(
            provider.grants("authorization_code"),
            0,
            "{case}: the code was exchanged"
        );
    }
    provider.set(|b| b.redirect_iss = None);
    let (url, _, mut stream) = browser_login(&mut client, "rp").await;
    deliver_as(&provider_redirect(&url).await, None);
    assert_eq!(browser_user(&mut stream).await.id, HOSTILE_SUB);
    assert_eq!(provider.grants("authorization_code"), 1);
}

/// Login CSRF across uids: another local uid that read the login's URL and delivers a redirect
/// to the daemon's loopback listener first gets 403, nothing is exchanged, and the login goes on
/// to take the real redirect from its own user.
#[tokio::test]
async fn another_uid_cannot_deliver_a_browser_logins_redirect() {
    const NOBODY: u32 = 65534;
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    let (url, _, mut stream) = browser_login(&mut client, "rp").await;
    let location = provider_redirect(&url).await;
    assert_eq!(deliver_as(&location, Some(NOBODY)), 403);
    assert_eq!(provider.grants("authorization_code"), 0);
    assert_eq!(deliver_as(&location, None), 200);
    assert_eq!(browser_user(&mut stream).await.id, HOSTILE_SUB);
    assert_eq!(provider.grants("authorization_code"), 1);
    assert!(
        daemon.log().contains("another local user"),
        "{}",
        daemon.log()
    );
}

/// With a fixed `redirect_port`, browser logins of two uids wait on one listener at once: each
/// redirect reaches the login its `state` names, only from that login's uid (another uid with a
/// login of its own there still gets 403 for this one), and both complete.
#[tokio::test]
async fn browser_logins_of_two_uids_share_a_fixed_redirect_port() {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    const NOBODY: u32 = 65534;
    let provider = Hostile::start().await;
    let port = free_port();
    let daemon = rp_daemon(&provider, &format!("redirect_port = {port}\n")).await;
    let mut client = daemon.sessions().await;
    let (url, _, mut stream) = browser_login(&mut client, "rp").await;
    assert!(url.contains(&format!("127.0.0.1%3A{port}")), "{url}");
    // Nobody's login through the CLI, which prints the address to open on stderr.
    let mut theirs = Command::new(env!("CARGO_BIN_EXE_latchkey"))
        .arg("--socket")
        .arg(&daemon.socket)
        .args(["--app", "rp", "login", "browser", "--no-open"])
        .uid(NOBODY)
        .gid(NOBODY)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let their_url = std::io::BufReader::new(theirs.stderr.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find(|line| line.starts_with(&provider.issuer))
        .expect("the CLI printed the address");
    let mine = provider_redirect(&url).await;
    let their_redirect = provider_redirect(&their_url).await;
    // Nobody has a login here, but not this one.
    assert_eq!(deliver_as(&mine, Some(NOBODY)), 403);
    assert_eq!(deliver_as(&their_redirect, Some(NOBODY)), 200);
    assert_eq!(deliver_as(&mine, None), 200);
    assert_eq!(browser_user(&mut stream).await.id, HOSTILE_SUB);
    let output = theirs.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains(HOSTILE_SUB));
    assert_eq!(provider.grants("authorization_code"), 2);
    // The port is free again once both ended.
    let deadline = Instant::now() + Duration::from_secs(5);
    while std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "the redirect port stayed bound");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Callers looping on `force_refresh` reach the backend at most about once a second a session
/// (it once took 8,600 refreshes in 5 s); every forced call still gets a refreshed token.
#[tokio::test]
async fn forced_refreshes_of_one_session_are_bounded() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a good login");
    let before = provider.grants("refresh_token");
    let started = Instant::now();
    let mut loops = Vec::new();
    for _ in 0..8 {
        let mut client = daemon.sessions().await;
        loops.push(tokio::spawn(async move {
            let mut calls = 0;
            while started.elapsed() < Duration::from_secs(3) {
                let served = token(&mut client, true).await.expect("a token");
                // Tokens are numbered by issue: a forced call never gets the login's.
                assert_ne!(served.token, "access-1");
                calls += 1;
            }
            calls
        }));
    }
    let mut calls = 0;
    for looping in loops {
        calls += looping.await.unwrap();
    }
    let refreshes = provider.grants("refresh_token") - before;
    eprintln!("{calls} forced calls by 8 callers in 3 s: {refreshes} refreshes at the provider");
    assert!(calls >= 8, "only {calls} calls");
    assert!(
        (2..=5).contains(&refreshes),
        "{refreshes} refreshes for {calls} forced calls in 3 s"
    );
}

/// After an outage longer than the backoff's first steps, a caller holding an expired token gets
/// a fresh one within about a second of the backend's return (not when the backoff ends), and
/// while the backend is down it sees about one refresh a second however many callers ask.
#[tokio::test]
async fn tokens_come_back_within_a_second_of_the_backends_return() {
    let provider = Hostile::start().await;
    provider.set(|b| b.expires_in = Some(json!(3)));
    let daemon = rp_daemon(&provider, "").await;
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a good login");
    provider.set(|b| b.refresh_status = Some(503));
    let before = provider.grants("refresh_token");
    let outage = Duration::from_secs(15);
    let started = Instant::now();
    let mut callers = Vec::new();
    for _ in 0..4 {
        let mut client = daemon.sessions().await;
        callers.push(tokio::spawn(async move {
            while started.elapsed() < outage {
                let _ = token(&mut client, false).await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    for caller in callers {
        caller.await.unwrap();
    }
    let during = provider.grants("refresh_token") - before;
    assert!(
        during <= outage.as_secs() + 4,
        "{during} refresh requests in a {}-s outage",
        outage.as_secs()
    );
    eprintln!("a {}-s outage: {during} refresh requests", outage.as_secs());
    let failing = token(&mut client, false)
        .await
        .expect_err("the token has expired");
    assert_eq!(failing.code(), Code::Unavailable, "{failing:?}");
    provider.set(|b| b.refresh_status = None);
    let back = Instant::now();
    loop {
        match token(&mut client, false).await {
            Ok(_) => {
                eprintln!("a token {:?} after the backend returned", back.elapsed());
                break;
            }
            Err(err) => assert!(
                back.elapsed() < Duration::from_millis(2500),
                "still failing {:?} after the backend returned: {err:?}",
                back.elapsed()
            ),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Strings from the provider reach no terminal or log line raw: a `sub` with a newline and a
/// forged log line, a name with an OSC 52 clipboard write and line erasure.
#[tokio::test]
async fn provider_strings_are_escaped_in_the_cli_and_the_log() {
    let provider = Hostile::start().await;
    let daemon = rp_daemon(&provider, "").await;
    let forged = "eve\nlogged in uid=0 app=rp user=root";
    let name = "Eve\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2K\u{9b}1A";
    provider.set(|b| b.login_claims = claims(json!({"sub": forged, "name": name})));
    let mut client = daemon.sessions().await;
    password_login(&mut client).await.expect("a login");
    let users = daemon.cli(&["--app", "rp", "users"], "");
    let shown = String::from_utf8_lossy(&users.stdout);
    assert!(users.status.success(), "{users:?}");
    assert_eq!(shown.lines().count(), 1, "{shown:?}");
    assert!(shown.contains("eve\\nlogged in"), "{shown:?}");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}') && !shown.contains('\u{9b}'),
        "{shown:?}"
    );
    let whoami = daemon.cli(&["--app", "rp", "whoami"], "");
    let shown = String::from_utf8_lossy(&whoami.stdout);
    assert!(
        !shown.contains('\u{1b}') && shown.lines().count() == 1,
        "{shown:?}"
    );
    // JSON output stays exact (and escaped by JSON).
    let json = daemon.cli(&["--app", "rp", "--json", "whoami"], "");
    let parsed: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(parsed["id"], forged);
    let log = daemon.log();
    assert!(
        !log.lines().any(|line| line.starts_with("logged in uid=0")),
        "a forged line:\n{log}"
    );
    assert!(!log.contains('\u{1b}'), "{log}");
}

/// Runs `openssl` with `args` in `dir`; it must succeed.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl (Debian package openssl)");
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An https server (Node's, in a child process) that answers every request with `body`, with a
/// certificate for 127.0.0.1 from a CA made here; the CA's path for the daemon's
/// `SSL_CERT_FILE`.
struct TlsServer {
    child: std::process::Child,
    ca: std::path::PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

impl TlsServer {
    fn start(body: impl Fn(u16) -> String) -> Self {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        openssl(
            path,
            &[
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=latchkey test CA",
            ],
        );
        openssl(
            path,
            &[
                "req",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "leaf.key",
                "-out",
                "leaf.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        );
        std::fs::write(
            path.join("leaf.ext"),
            "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(
            path,
            &[
                "x509",
                "-req",
                "-in",
                "leaf.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "leaf.pem",
                "-days",
                "2",
                "-extfile",
                "leaf.ext",
            ],
        );
        let port = free_port();
        let script = "const https = require('https'); const fs = require('fs'); \
            https.createServer({cert: fs.readFileSync('leaf.pem'), key: fs.readFileSync('leaf.key')}, \
            (request, answer) => { answer.writeHead(200, {'content-type': 'application/json'}); \
            answer.end(process.env.BODY); }).listen(Number(process.env.PORT), '127.0.0.1', \
            () => console.log('ready'));";
        let mut child = Command::new("node")
            .args(["-e", script])
            .current_dir(path)
            .env("PORT", port.to_string())
            .env("BODY", body(port))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("node");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Self {
            child,
            ca: path.join("ca.pem"),
            port,
            _dir: dir,
        }
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An https issuer whose discovery document sends the token endpoint over http: refused at
/// discovery, naming the endpoint, and the password never leaves in cleartext.
#[tokio::test]
async fn an_https_issuers_cleartext_token_endpoint_never_gets_a_password() {
    let cleartext = Hostile::start().await;
    let token_endpoint = format!("{}/token", cleartext.issuer);
    let server = TlsServer::start(|port| {
        let issuer = format!("https://127.0.0.1:{port}");
        json!({
            "issuer": issuer,
            "authorization_endpoint": format!("{issuer}/authorize"),
            "token_endpoint": token_endpoint,
            "jwks_uri": format!("{issuer}/jwks"),
            "grant_types_supported": ["password", "refresh_token"],
        })
        .to_string()
    });
    let daemon = Daemon::builder(&format!(
        "[apps.rp]\nkind = \"oidc\"\nissuer = \"https://127.0.0.1:{}\"\nclient_id = \"{HOSTILE_CLIENT}\"\ngrants = [\"password\"]\nrequest_timeout = \"5s\"\n",
        server.port
    ))
    .env("SSL_CERT_FILE", server.ca.display().to_string())
    .start()
    .await;
    let mut client = daemon.sessions().await;
    let refused = password_login(&mut client)
        .await
        .expect_err("a cleartext token endpoint");
    // The document was read over TLS (the CA is trusted) and refused for what it says.
    assert!(
        refused
            .message()
            .contains("token_endpoint is not an https URL"),
        "{}",
        refused.message()
    );
    assert_eq!(
        cleartext.grants("password"),
        0,
        "the password went in cleartext"
    );
}
