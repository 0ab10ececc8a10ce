//! The client examples (`examples/python`, `examples/node`) run against a live daemon, each with
//! its language's client library (`clients/python`, `clients/node`) installed as a user would:
//! `.ci/run` installs both.

use std::path::Path;
use std::process::Command;

use crate::harness::*;

fn check_token(output: std::process::Output, what: &str, expected_user: &str) {
    assert!(
        output.status.success(),
        "{what} failed (dependencies are installed by .ci/run): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    let claims = latchkey_emulator::jwt::payload(&token).expect("the example prints a JWT");
    assert_eq!(
        claims["sub"], expected_user,
        "{what} printed another user's token"
    );
}

#[tokio::test]
async fn python_and_node_examples_log_in_and_print_a_token() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));

    let python = Command::new("python3")
        .arg(root.join("examples/python/client.py"))
        .arg("--socket")
        .arg(&daemon.socket)
        .output()
        .expect("python3");
    let mut client = daemon.sessions().await;
    let user = current(&mut client)
        .await
        .expect("the Python example logged in");
    assert!(user.is_anonymous);
    check_token(python, "examples/python/client.py", &user.id);

    let node = Command::new("node")
        .arg(root.join("examples/node/client.js"))
        .arg(&daemon.socket)
        .output()
        .expect("node");
    // The Node example reuses the anonymous user: same uid, same daemon.
    check_token(node, "examples/node/client.js", &user.id);
    assert_eq!(users(&mut client).await.len(), 1);
}
