//! The benchmark's smoke run: `latchkey-bench --quick` starts its own emulators and daemon, runs
//! every scenario and writes its report. Timings are not checked (the bench measures, the tests
//! check behaviour); what the scenarios count is: one backend refresh for a storm of callers,
//! every subscriber reached, every session of the wave refreshed.

use std::process::Command;

#[test]
fn the_quick_bench_runs_every_scenario_and_counts_right() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let output = Command::new(env!("CARGO_BIN_EXE_latchkey-bench"))
        .arg("--quick")
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let rows = report["rows"].as_array().unwrap();
    let row = |prefix: &str| {
        rows.iter()
            .find(|row| row["name"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("no row {prefix:?} in {stdout}"))
    };
    for scenario in [
        "idle daemon RSS",
        "cached GetAccessToken, 1 client",
        "cached GetAccessToken, 16 clients",
        "`latchkey token`, whole process",
        "forced refresh: daemon overhead",
        "cached p50 with a stalled subscriber",
        "  restart to serving",
        "  CPU while idle",
        "  memory per session",
    ] {
        assert!(row(scenario)["value"].is_number(), "{scenario}");
    }
    for counted in [
        "refresh storm",
        "subscribers reached",
        "100 sessions logged in together",
    ] {
        assert_eq!(row(counted)["met"], true, "{counted}: {stdout}");
    }
    assert!(stdout.contains("| scenario"), "{stdout}");
}
