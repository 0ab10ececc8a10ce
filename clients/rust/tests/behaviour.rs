//! This library keeps the defaults and rules every client library shares
//! (`clients/behaviour.json`, the README's "Same behaviour in every language" table).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests fail by panicking"
)]

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use latchkey_client::proto::session_event::Kind;
use latchkey_client::{App, Backoff, Credentials, TOKEN_MIN_VALID, WatchOptions, socket};
use serde_json::Value;

mod common;
use common::Daemon;

/// `$LATCHKEY_BEHAVIOUR`, else the repository's `clients/behaviour.json` (the crate's tests also
/// run from its packaged copy, outside the repository).
fn behaviour() -> Value {
    let path = std::env::var_os("LATCHKEY_BEHAVIOUR").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../behaviour.json"),
        std::path::PathBuf::from,
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn millis(value: &Value) -> Duration {
    Duration::from_millis(value.as_u64().unwrap())
}

#[test]
fn the_defaults_and_the_watch_backoff() {
    let shared = behaviour();
    assert_eq!(
        TOKEN_MIN_VALID.as_secs(),
        shared["token"]["min_valid_seconds"].as_u64().unwrap()
    );
    assert_eq!(
        WatchOptions::default().snapshot,
        shared["watch"]["snapshot"].as_bool().unwrap()
    );
    assert_eq!(
        socket::SYSTEM_SOCKET,
        shared["socket"]["system"].as_str().unwrap()
    );
    let mut backoff = Backoff::default();
    let sequence = shared["watch"]["retry_sequence_ms"].as_array().unwrap();
    let waits: Vec<Duration> = sequence.iter().map(|_| backoff.delay()).collect();
    let want: Vec<Duration> = sequence.iter().map(millis).collect();
    assert_eq!(waits, want);
    backoff.reset();
    assert_eq!(backoff.delay(), millis(&shared["watch"]["first_retry_ms"]));
}

#[tokio::test]
async fn a_watch_starts_with_a_snapshot_by_default() {
    let daemon = Daemon::start().await;
    let app = App::builder().client(daemon.client()).build();
    let user = app.log_in(Credentials::anonymous()).await.unwrap();
    let mut events = daemon.client().watch(WatchOptions::default());
    let first = tokio::time::timeout(Duration::from_secs(10), events.next())
        .await
        .expect("an event within 10 s")
        .unwrap()
        .unwrap();
    assert!(matches!(first.kind, Some(Kind::Snapshot(_))), "{first:?}");
    assert_eq!(first.user_id, user.id());
}

#[test]
fn socket_discovery() {
    let shared = behaviour();
    let uid = rustix::process::getuid().as_raw().to_string();
    for case in shared["socket"]["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_str().unwrap().to_owned();
        let fill = |text: &str| text.replace("{tmp}", &root).replace("{uid}", &uid);
        for dir in case["make"].as_array().unwrap() {
            let made = tmp.path().join(fill(dir.as_str().unwrap()));
            std::fs::create_dir_all(&made).unwrap();
            std::fs::set_permissions(&made, std::fs::Permissions::from_mode(0o700)).unwrap();
            std::fs::write(made.join("latchkeyd.sock"), "").unwrap();
        }
        if let Some(open) = case["open"].as_str() {
            let open = tmp.path().join(fill(open));
            std::fs::set_permissions(open, std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let env: HashMap<String, String> = case["env"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(key, value)| (key.clone(), fill(value.as_str().unwrap())))
            .collect();
        let (found, warning) = socket::discover_socket(&|key| env.get(key).cloned());
        assert_eq!(
            found.to_str().unwrap(),
            fill(case["expect"].as_str().unwrap()),
            "{name}"
        );
        assert_eq!(
            warning.is_some(),
            case["warns"].as_bool().unwrap(),
            "{name}: {warning:?}"
        );
    }
}
