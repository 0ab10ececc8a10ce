//! What an operator runs: `latchkey doctor` against healthy and broken set-ups, and man pages
//! that `man` renders and that are committed as made (the completion scripts are the CLI
//! crate's tests).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use crate::harness::*;

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn line_with<'a>(report: &'a str, needle: &str) -> &'a str {
    report
        .lines()
        .find(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{report}"))
}

/// An HTTP server whose clock runs `ahead` of ours: every answer is a 404 with that `Date`.
fn skewed_backend(ahead: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let date = httpdate::fmt_http_date(SystemTime::now() + ahead);
            let _ = write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nDate: {date}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    url
}

#[tokio::test]
async fn doctor_passes_a_healthy_daemon_and_names_each_problem_with_a_fix() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    assert!(daemon.cli(&["login", "anonymous"], "").status.success());
    let healthy = daemon.cli(&["doctor"], "");
    let report = text(&healthy);
    assert!(healthy.status.success(), "{report}");
    assert!(!report.contains("FAIL"), "{report}");
    line_with(&report, "ok    daemon answers: latchkeyd 0.1.0");
    let app = line_with(&report, "app main (app-services, default, ");
    assert!(app.contains(&emulator.base_url), "{app}");
    line_with(&report, "the daemon reached its backend last time");
    let clock = line_with(&report, "its clock is");
    assert!(clock.starts_with("ok"), "{clock}");

    // The backend goes away: the daemon's last request failed, and it is not reachable from
    // here either.
    drop(emulator);
    let login = daemon.cli(&["login", "anonymous", "--new"], "");
    assert_eq!(login.status.code(), Some(5));
    let down = daemon.cli(&["doctor"], "");
    let report = text(&down);
    assert_eq!(down.status.code(), Some(1), "{report}");
    let failed = line_with(&report, "FAIL  app main");
    assert!(
        failed.contains("last request to its backend failed"),
        "{failed}"
    );
    line_with(&report, "does not answer from here");
    assert!(report.contains("fix: "), "{report}");

    // No daemon where the socket is looked for; a directory others could write.
    let gone = cli_as(
        &daemon.dir.path().join("gone/latchkeyd.sock"),
        &["doctor"],
        "",
        None,
    );
    let report = text(&gone);
    assert_eq!(gone.status.code(), Some(1), "{report}");
    line_with(&report, "FAIL  socket directory");
    line_with(&report, "fix: start a daemon");
    let open = daemon.dir.path().join("open");
    std::fs::create_dir(&open).expect("mkdir");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let planted = cli_as(&open.join("latchkeyd.sock"), &["doctor"], "", None);
    let report = text(&planted);
    assert_eq!(planted.status.code(), Some(1), "{report}");
    assert!(
        line_with(&report, "FAIL  socket directory refused").contains("writable by other users"),
        "{report}"
    );
}

#[tokio::test]
async fn doctor_reports_a_backend_clock_ten_minutes_ahead() {
    let backend = skewed_backend(Duration::from_secs(600));
    let daemon = Daemon::start(&backend).await;
    let skewed = daemon.cli(&["doctor"], "");
    let report = text(&skewed);
    assert_eq!(skewed.status.code(), Some(1), "{report}");
    let clock = line_with(&report, "its clock is");
    assert!(clock.starts_with("FAIL"), "{clock}");
    assert!(clock.contains("ahead of ours"), "{clock}");
    // Ten minutes, less the Date header's whole seconds.
    assert!(
        clock.contains(" 9m 5") || clock.contains(" 10m 0s"),
        "{clock}"
    );
    line_with(&report, "fix: tokens will look expired");
}

/// `man`'s output without its overstrikes (bold is `X\bX`, underline `_\bX`) and with plain
/// hyphens.
fn plain(rendered: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    for c in rendered.chars() {
        if c == '\u{8}' {
            out.pop();
        } else {
            out.push(if c == '\u{2010}' || c == '\u{2212}' {
                '-'
            } else {
                c
            });
        }
    }
    out.into_iter().collect()
}

#[test]
fn man_pages_render() {
    let dir = tempfile::tempdir().expect("tempdir");
    let man = dir.path().join("man");
    let written = Command::new(workspace_bin("examples/manpages"))
        .arg(&man)
        .output()
        .expect("manpages");
    assert!(written.status.success(), "{}", text(&written));
    for (page, says) in [
        ("latchkey.1", "Command-line client of the Latchkey"),
        ("latchkey-token.1", "--min-valid"),
        ("latchkey-doctor.1", "fix"),
        ("latchkeyd.8", "--dev-listen"),
        ("latchkey-emulator.1", "--access-ttl"),
    ] {
        let path = man.join(page);
        let source = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{page}: {err}"));
        assert!(
            source.starts_with(".ie") || source.contains(".TH"),
            "{page} is roff"
        );
        let rendered = Command::new("man")
            .arg("-l")
            .arg(&path)
            .env("MANWIDTH", "200")
            .env("MAN_KEEP_FORMATTING", "0")
            .output()
            .expect("man");
        assert!(rendered.status.success(), "man {page}: {}", text(&rendered));
        let rendered = plain(&String::from_utf8_lossy(&rendered.stdout));
        assert!(
            rendered.contains(says),
            "man {page} lacks {says:?}:\n{rendered}"
        );
    }
}

/// What the CLI makes of a directory's files, by name.
fn files_of(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| {
            let entry = entry.expect("entry");
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn the_committed_man_pages_and_completions_are_current() {
    let latchkey = workspace_bin("latchkey");
    let dir = tempfile::tempdir().expect("tempdir");
    let man = dir.path().join("man");
    let made = Command::new(workspace_bin("examples/manpages"))
        .arg(&man)
        .output()
        .expect("manpages");
    assert!(made.status.success(), "{}", text(&made));
    let completions = dir.path().join("completions");
    std::fs::create_dir(&completions).expect("mkdir");
    for (shell, file) in [
        ("bash", "latchkey"),
        ("zsh", "_latchkey"),
        ("fish", "latchkey.fish"),
    ] {
        let script = Command::new(&latchkey)
            .args(["completions", shell])
            .output()
            .expect("latchkey");
        std::fs::write(completions.join(file), script.stdout).expect("write");
    }
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/generated");
    for part in ["man", "completions"] {
        let fresh = files_of(&dir.path().join(part));
        let have = files_of(&committed.join(part));
        let stale: std::collections::BTreeSet<&String> = fresh
            .keys()
            .chain(have.keys())
            .filter(|name| fresh.get(*name) != have.get(*name))
            .collect();
        assert!(
            stale.is_empty(),
            "packaging/generated/{part} is out of date ({stale:?}): run packaging/build-deb"
        );
    }
}
