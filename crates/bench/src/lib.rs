//! `latchkey-bench`: one run that starts its own emulators and daemon in temporary directories,
//! measures every performance figure the project tracks against its floor measured in the same
//! run (a `grpc.health.v1.Health/Check` over the same socket from the same client, a `/bin/true`
//! spawn), and prints a table plus a JSON file. It measures; it asserts nothing (the test suite
//! runs `--quick` only to keep it working).
//!
//! A crate of its own, on the contract and `latchkey-client` only: it drives the workspace's
//! binaries as processes (`latchkeyd`, `latchkey`, `latchkey-emulator`, built first when
//! missing) and speaks to them as any client does. Not an API: the bench binary is its only
//! user.

mod oidc;
mod procs;
mod scale;
mod scenarios;
mod week;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

pub use oidc::{OidcOptions, REFRESH_TOKEN_ENV};

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// A smoke run: every scenario, at sizes that take seconds.
    pub quick: bool,
    /// Where the JSON report goes.
    pub json: PathBuf,
    /// Sessions in the many-sessions scenario (default 100,000; quick 2,000).
    pub sessions: Option<usize>,
    /// Runs the OIDC scenarios against this provider instead of the emulator scenarios.
    pub oidc: Option<OidcOptions>,
    /// Runs only these of the emulator scenarios ([`SCENARIOS`]; empty: all of them).
    pub only: Vec<String>,
}

/// The emulator scenarios, by the names `--only` takes, in the order a run makes them.
pub const SCENARIOS: &[&str] = &[
    "idle", "cached", "logins", "cli", "forced", "storm", "watchers", "wave", "sessions", "week",
];

/// How many of each thing a run makes.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    sequential: usize,
    concurrent_each: usize,
    cli_runs: usize,
    sessions: usize,
    uids: u32,
    storm_callers: usize,
    together: usize,
    subscribers: usize,
    idle_window: Duration,
    refreshes: usize,
    /// Forced refreshes in the OIDC mode (each side).
    oidc_refreshes: usize,
    /// Token lifetime of the sessions logged in together (their refreshes come at 2/3 of it).
    wave_ttl: Duration,
    /// Sessions of the week of refreshes, their token lifetime, and how long it is watched
    /// once warm.
    week_sessions: usize,
    week_ttl: Duration,
    week_duration: Duration,
}

impl Sizes {
    fn of(options: &Options) -> Self {
        if options.quick {
            Self {
                sequential: 2_000,
                concurrent_each: 500,
                cli_runs: 20,
                sessions: options.sessions.unwrap_or(400),
                uids: 4,
                storm_callers: 200,
                together: 100,
                subscribers: 100,
                idle_window: Duration::from_secs(1),
                refreshes: 50,
                oidc_refreshes: 5,
                wave_ttl: Duration::from_secs(12),
                week_sessions: 200,
                week_ttl: Duration::from_secs(4),
                week_duration: Duration::from_secs(8),
            }
        } else {
            Self {
                sequential: 20_000,
                concurrent_each: 4_000,
                cli_runs: 200,
                sessions: options.sessions.unwrap_or(100_000),
                uids: 50,
                storm_callers: 1_000,
                together: 10_000,
                subscribers: 1_000,
                idle_window: Duration::from_secs(30),
                refreshes: 500,
                oidc_refreshes: 50,
                wave_ttl: Duration::from_secs(60),
                week_sessions: 10_000,
                week_ttl: Duration::from_secs(30),
                week_duration: Duration::from_secs(600),
            }
        }
    }
}

/// One figure of the report.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub name: String,
    /// The figure, in its unit.
    pub value: f64,
    pub unit: &'static str,
    /// p99 for latencies.
    pub p99: Option<f64>,
    /// The figure divided by its floor, when it has one.
    pub ratio: Option<f64>,
    /// The target, in words ("<= 1.1x floor").
    pub target: String,
    pub met: Option<bool>,
}

impl Row {
    pub(crate) fn new(name: &str, value: f64, unit: &'static str) -> Self {
        Self {
            name: name.to_owned(),
            value,
            unit,
            p99: None,
            ratio: None,
            target: String::new(),
            met: None,
        }
    }

    pub(crate) fn p99(mut self, p99: f64) -> Self {
        self.p99 = Some(p99);
        self
    }

    /// The ratio to a floor (a peer's figure), without a target.
    pub(crate) fn ratio_to(mut self, floor: f64) -> Self {
        self.ratio = Some(self.value / floor);
        self
    }

    /// A target on the ratio to a floor: met when `value / floor <= most`.
    pub(crate) fn at_most_ratio(self, floor: f64, most: f64) -> Self {
        self.at_most_ratio_of(floor, most, "floor")
    }

    /// A target on the ratio to a figure called `of` (a peer's): met when `value / floor <=
    /// most`.
    pub(crate) fn at_most_ratio_of(mut self, floor: f64, most: f64, of: &str) -> Self {
        let ratio = self.value / floor;
        self.ratio = Some(ratio);
        self.target = format!("<= {most}x {of}");
        self.met = Some(ratio <= most);
        self
    }

    /// A target on the ratio to a floor: met when `value / floor >= least`.
    pub(crate) fn at_least_ratio(mut self, floor: f64, least: f64) -> Self {
        let ratio = self.value / floor;
        self.ratio = Some(ratio);
        self.target = format!(">= {least}x floor");
        self.met = Some(ratio >= least);
        self
    }

    /// An absolute target: met when `value <= most`.
    pub(crate) fn at_most(mut self, most: f64) -> Self {
        self.target = format!("<= {most} {}", self.unit);
        self.met = Some(self.value <= most);
        self
    }

    /// A target range: met when `least <= value <= most`.
    pub(crate) fn within(mut self, least: f64, most: f64) -> Self {
        self.target = format!("{least}-{most} {}", self.unit);
        self.met = Some((least..=most).contains(&self.value));
        self
    }

    /// An exact target.
    pub(crate) fn exactly(mut self, wanted: f64) -> Self {
        self.target = format!("= {wanted}");
        self.met = Some((self.value - wanted).abs() < f64::EPSILON);
        self
    }

    fn json(&self) -> Value {
        json!({
            "name": self.name, "value": self.value, "unit": self.unit, "p99": self.p99,
            "ratio": self.ratio, "target": self.target, "met": self.met,
        })
    }
}

/// Latency percentiles of `samples`, in microseconds: (p50, p99).
pub(crate) fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len().saturating_sub(1)) as f64 * q) as usize;
        samples
            .get(index)
            .map_or(0.0, |sample| sample.as_secs_f64() * 1e6)
    };
    (at(0.5), at(0.99))
}

/// Runs every scenario; prints the table and writes the JSON report.
///
/// # Errors
/// A process does not start or a call fails: the run stops there.
pub fn run(options: &Options) -> anyhow::Result<Vec<Value>> {
    let sizes = Sizes::of(options);
    let bin = procs::binaries()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let rows = match &options.oidc {
        Some(oidc) => runtime.block_on(oidc::all(&bin, sizes, oidc))?,
        None => runtime.block_on(scenarios::all(&bin, sizes, &options.only))?,
    };
    print_table(&rows);
    let report: Vec<Value> = rows.iter().map(Row::json).collect();
    let document = json!({
        "machine": machine(),
        "quick": options.quick,
        "oidc": options.oidc.as_ref().map(|oidc| oidc.issuer.clone()),
        "rows": report,
    });
    std::fs::write(&options.json, serde_json::to_vec_pretty(&document)?)?;
    eprintln!("report written to {}", options.json.display());
    Ok(report)
}

/// The login worker of the many-sessions scenario (the bench starts itself as one per uid).
///
/// # Errors
/// A login fails.
pub fn login_worker(socket: &std::path::Path, count: usize) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(scale::login_worker(socket, count))
}

fn machine() -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
        .unwrap_or_default();
    json!({
        "cores": std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        "cpu": cpu,
        "kernel": std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default().trim(),
    })
}

#[expect(clippy::print_stdout, reason = "the table is the bench's output")]
fn print_table(rows: &[Row]) {
    println!(
        "| {:<58} | {:>14} | {:>12} | {:>7} | {:<18} | {:<4} |",
        "scenario", "value", "p99", "ratio", "target", "met"
    );
    println!(
        "|{:-<60}|{:-<16}|{:-<14}|{:-<9}|{:-<20}|{:-<6}|",
        "", "", "", "", "", ""
    );
    for row in rows {
        let value = format!("{:.1} {}", row.value, row.unit);
        let p99 = row.p99.map_or(String::new(), |p99| format!("{p99:.1}"));
        let ratio = row
            .ratio
            .map_or(String::new(), |ratio| format!("{ratio:.2}x"));
        let met = match row.met {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "",
        };
        println!(
            "| {:<58} | {:>14} | {:>12} | {:>7} | {:<18} | {:<4} |",
            row.name, value, p99, ratio, row.target, met
        );
    }
}
