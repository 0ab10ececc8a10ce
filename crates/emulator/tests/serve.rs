//! The `latchkey-emulator` binary as a user starts it: the one ready line on stdout, the client
//! API on the address it names, and a usage error for a token lifetime it cannot serve. (The
//! daemon's suite drives the emulator through every route.)

#![allow(clippy::expect_used, clippy::panic, reason = "tests fail by panicking")]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const EMULATOR: &str = env!("CARGO_BIN_EXE_latchkey-emulator");

#[tokio::test]
async fn it_says_where_it_listens_and_answers_there() {
    let mut child = Command::new(EMULATOR)
        .args(["--listen", "127.0.0.1:0", "--app-id", "serve-test"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("latchkey-emulator");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the ready line");
    let base = line
        .trim()
        .strip_prefix("latchkey-emulator listening on ")
        .unwrap_or_else(|| panic!("{line:?}"))
        .to_owned();
    let answer = reqwest::get(format!("{base}/api/client/v2.0/app/serve-test/location"))
        .await
        .expect("location");
    let status = answer.status();
    let body: serde_json::Value = answer.json().await.expect("JSON");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 200);
    assert_eq!(body["hostname"].as_str(), Some(base.as_str()), "{body}");
}

#[test]
fn a_lifetime_under_a_second_is_a_usage_error() {
    let output = Command::new(EMULATOR)
        .args(["--listen", "127.0.0.1:0", "--access-ttl", "500ms"])
        .output()
        .expect("latchkey-emulator");
    assert_eq!(output.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&output.stderr).contains("at least one second"));
}
