//! The bench's command line where nothing is measured: its usage, and a refusal of a flag it
//! does not know. (Its smoke run, `--quick` against real binaries, is in the workspace's
//! integration suite, `tests/it/bench.rs`.)

use std::process::Command;

const BENCH: &str = env!("CARGO_BIN_EXE_latchkey-bench");

#[test]
fn help_names_the_scenarios_options_and_a_bad_flag_is_a_usage_error() {
    let help = Command::new(BENCH)
        .arg("--help")
        .output()
        .expect("latchkey-bench");
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("--quick") && text.contains("--oidc") && text.contains("--only"),
        "{text}"
    );
    let unknown = Command::new(BENCH)
        .args(["--only", "everything"])
        .output()
        .expect("latchkey-bench");
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "an unknown scenario is a usage error"
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("week"));
    let bad = Command::new(BENCH)
        .arg("--fast")
        .output()
        .expect("latchkey-bench");
    assert_eq!(bad.status.code(), Some(2));
}
