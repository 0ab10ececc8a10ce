//! A browser login's redirect to the daemon's loopback listener, as other local uids and a
//! hostile provider ([`Hostile`]) can shape it: another uid delivering it first (login CSRF),
//! RFC 9207 issuer mix-ups, and two uids' logins sharing a fixed redirect port.

use std::process::Command;
use std::time::Duration;

use crate::harness::*;

const NOBODY: u32 = 65534;

/// RFC 9207: with a provider that announces `iss` on its authorization responses, a response
/// naming another issuer, or none, is refused before the code is exchanged.
#[tokio::test]
async fn an_authorization_response_from_another_issuer_is_not_exchanged() {
    let provider = Hostile::start().await;
    // Announced before the daemon starts: it reads the metadata once (at start-up) and keeps it.
    provider.set(|b| b.iss_supported = true);
    let daemon = provider.daemon("").await;
    let mut client = daemon.sessions().await;
    for (case, iss) in [("mix-up", "https://evil.example"), ("no iss", "")] {
        provider.set(|b| b.redirect_iss = Some(iss.to_owned()));
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
    let provider = Hostile::start().await;
    let daemon = provider.daemon("").await;
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

    let provider = Hostile::start().await;
    let port = free_port();
    let daemon = provider.daemon(&format!("redirect_port = {port}\n")).await;
    let mut client = daemon.sessions().await;
    let (url, _, mut stream) = browser_login(&mut client, "rp").await;
    assert!(url.contains(&format!("127.0.0.1%3A{port}")), "{url}");
    // Nobody's login through the CLI, which prints the address to open on stderr.
    let mut theirs = Command::new(workspace_bin("latchkey"))
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
    let freed = Deadline::new("the redirect port freed", Duration::from_secs(5));
    while std::net::TcpListener::bind(("127.0.0.1", port)).is_err() {
        freed.tick("still bound").await;
    }
}
