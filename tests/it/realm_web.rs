//! The official realm-web SDK, unmodified, against `latchkey-emulator`: every auth flow it
//! offers (tests/realm-web/driver.js). `.ci/run` installs realm-web from npm.

use std::path::Path;
use std::process::Command;

use crate::harness::*;

#[test]
fn realm_web_sdk_runs_every_auth_flow_against_the_emulator() {
    let emulator = Emulator::start();
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/realm-web/driver.js");
    let output = Command::new("node")
        .arg(&driver)
        .arg(&emulator.base_url)
        .arg(APP_ID)
        .output()
        .expect("node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "realm-web driver failed (realm-web is installed by .ci/run):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let flows = stdout
        .lines()
        .filter(|line| line.starts_with("ok "))
        .count();
    assert!(
        stdout.contains(&format!("{{\"flows\":{flows}}}")),
        "{stdout}"
    );
    assert!(flows >= 18, "only {flows} flows ran:\n{stdout}");
}
