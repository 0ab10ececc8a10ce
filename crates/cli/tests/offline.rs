//! The command line where no daemon is needed: completion scripts that the shells parse, usage
//! errors, and what it says when no daemon answers. (Everything else is the workspace's
//! integration suite, `tests/it`, against a real daemon.)

#![allow(clippy::panic, reason = "tests fail by panicking")]

use std::path::Path;
use std::process::{Command, Output};

const LATCHKEY: &str = env!("CARGO_BIN_EXE_latchkey");

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `shell -n`-style parse of a completion script, when the shell is installed (`.ci/run`
/// installs zsh and fish); bash is always there.
fn parses(shell: &str, flag: &str, script: &Path) {
    match Command::new(shell).arg(flag).arg(script).output() {
        Ok(output) => assert!(
            output.status.success(),
            "{shell} does not parse the script: {}",
            text(&output)
        ),
        Err(err) if shell == "bash" => panic!("bash: {err}"),
        Err(_) => {
            // ./.ci/run installs every shell: there, a missing one is a failure.
            assert!(
                std::env::var_os("LATCHKEY_CI").is_none(),
                "no {shell} to parse its completions: ./.ci/run must run this test"
            );
            eprintln!("SKIPPED: no {shell} here to parse its completions");
        }
    }
}

#[test]
fn completions_parse_in_each_shell() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (shell, flag, marker) in [
        ("bash", "-n", "complete -F _latchkey"),
        ("zsh", "-n", "#compdef latchkey"),
        ("fish", "--no-execute", "complete -c latchkey"),
    ] {
        let output = Command::new(LATCHKEY)
            .args(["completions", shell])
            .output()
            .expect("latchkey");
        assert!(output.status.success(), "{}", text(&output));
        let script = String::from_utf8(output.stdout).expect("utf-8");
        assert!(script.contains(marker), "{shell}: {marker:?} missing");
        assert!(
            script.contains("min-valid"),
            "{shell}: the token flags are in"
        );
        let path = dir.path().join(format!("latchkey.{shell}"));
        std::fs::write(&path, &script).expect("write");
        parses(shell, flag, &path);
    }
    let wrong = Command::new(LATCHKEY)
        .args(["completions", "cmd.exe"])
        .output()
        .expect("latchkey");
    assert_eq!(wrong.status.code(), Some(2), "a bad shell is a usage error");
}

#[test]
fn no_daemon_at_the_socket_is_exit_4_naming_the_socket() {
    let dir = tempfile::tempdir().expect("tempdir");
    let socket = dir.path().join("latchkeyd.sock");
    for args in [&["token"][..], &["whoami"], &["users"], &["status"]] {
        let output = Command::new(LATCHKEY)
            .arg("--socket")
            .arg(&socket)
            .args(args)
            .output()
            .expect("latchkey");
        let said = text(&output);
        assert_eq!(output.status.code(), Some(4), "{args:?}: {said}");
        assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
        assert!(
            said.contains(&socket.display().to_string()) && said.contains("latchkeyd --dev"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn a_watch_with_no_daemon_is_exit_4_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = Command::new(LATCHKEY)
        .arg("--socket")
        .arg(dir.path().join("latchkeyd.sock"))
        .arg("watch")
        .output()
        .expect("latchkey");
    assert_eq!(output.status.code(), Some(4), "{}", text(&output));
}

#[test]
fn a_bad_flag_is_exit_2() {
    let output = Command::new(LATCHKEY)
        .args(["token", "--min-valid", "3y"])
        .output()
        .expect("latchkey");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("unknown unit"), "{}", text(&output));
}

#[test]
fn the_version_is_latchkeys() {
    let output = Command::new(LATCHKEY)
        .arg("--version")
        .output()
        .expect("latchkey");
    assert!(output.status.success(), "{}", text(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        format!("latchkey {}", env!("CARGO_PKG_VERSION"))
    );
}
