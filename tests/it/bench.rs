//! The benchmark's smoke run: `latchkey-bench --quick` starts its own emulators and daemon, runs
//! every scenario and writes its report. Timings are not checked (the bench measures, the tests
//! check behaviour); what the scenarios count is: one backend refresh for a storm of callers,
//! every subscriber reached, every session of the wave refreshed. Its OIDC mode runs against the
//! real test provider with a handed-over refresh token.

use std::process::{Command, Output};

use crate::harness::{Provider, workspace_bin};

/// The rows of a bench report, and a lookup by name prefix that fails with the table.
fn report(output: &Output, json: &std::path::Path) -> Vec<serde_json::Value> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("| scenario"), "{stdout}");
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    report["rows"].as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [serde_json::Value], prefix: &str) -> &'a serde_json::Value {
    rows.iter()
        .find(|row| row["name"].as_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no row {prefix:?} in {rows:#?}"))
}

#[test]
fn the_quick_bench_runs_every_scenario_and_counts_right() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let output = Command::new(workspace_bin("latchkey-bench"))
        .arg("--quick")
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap();
    let rows = report(&output, &json);
    let row = |prefix: &str| row(&rows, prefix);
    for scenario in [
        "idle daemon RSS",
        "cached GetAccessToken, 1 client",
        "cached GetAccessToken, 16 clients",
        "`latchkey token`, whole process",
        "cached GetAccessToken p99 under those logins",
        "forced refresh: daemon overhead",
        "cached p50 with a stalled subscriber",
        "  restart to serving",
        "  CPU while idle",
        "  memory per session",
        "  RSS growth once warm",
        "  descriptor growth once warm",
        "  store growth once warm",
    ] {
        assert!(row(scenario)["value"].is_number(), "{scenario}");
    }
    assert!(
        row("logins meanwhile")["value"].as_f64().unwrap() > 0.0,
        "the logins ran while the cached path was measured"
    );
    assert!(
        row("200 sessions, 4 s tokens")["value"].as_f64().unwrap() > 0.0,
        "the week of refreshes refreshed"
    );
    for counted in [
        "daemon log lines during",
        "refresh storm",
        "subscribers reached",
        "100 sessions logged in together",
    ] {
        assert_eq!(row(counted)["met"], true, "{counted}: {rows:#?}");
    }
}

#[tokio::test]
async fn the_oidc_bench_logs_in_with_a_handed_over_refresh_token_and_follows_rotation() {
    let provider = Provider::start(&["--access-ttl", "300"]);
    let refresh_token = provider.refresh_token_of("bench-user").await;
    let before = provider.grants("refresh_token").await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("bench.json");
    let output = tokio::process::Command::new(workspace_bin("latchkey-bench"))
        .args([
            "--quick",
            "--oidc",
            &provider.issuer,
            "--client-secret-file",
        ])
        .arg(provider.secret_file())
        .arg("--json")
        .arg(&json)
        .env("LATCHKEY_BENCH_REFRESH_TOKEN", &refresh_token)
        // No oidc-agent here: the daemon's side alone.
        .env_remove("OIDC_SOCK")
        .output()
        .await
        .unwrap();
    let rows = report(&output, &json);
    for scenario in [
        "oidc: daemon RSS with one session",
        "oidc: cached GetAccessToken, 1 client",
        "oidc: `latchkey token`, whole process",
        "oidc: forced refresh through the daemon",
    ] {
        assert!(
            row(&rows, scenario)["value"].as_f64().unwrap() > 0.0,
            "{scenario}"
        );
    }
    assert!(
        rows.iter()
            .all(|row| !row["name"].as_str().unwrap().contains("oidc-agent")),
        "no agent was named: {rows:#?}"
    );
    // Every forced refresh (5 in a quick run) reached the provider, each with the newest
    // rotated refresh token: an old one would have been seen as reuse.
    assert!(provider.grants("refresh_token").await >= before + 5);
    assert_eq!(provider.counters().await["reused"], 0);
    assert!(!String::from_utf8_lossy(&output.stderr).contains(&refresh_token));
}
