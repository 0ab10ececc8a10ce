//! The bench's OIDC mode (`--oidc ISSUER`): a daemon with one oidc app on the given provider,
//! logged in once (with a refresh token handed over in `LATCHKEY_BENCH_REFRESH_TOKEN`, or a
//! device login a person approves), measured on its cached and forced paths; and, when an
//! oidc-agent account on the same provider is named, oidc-agent measured the same way in the same
//! run: `oidc-token` as a process, `oidc-token -f`, and liboidc-agent's own round trip through a
//! probe program (`tests/oidc/agent-probe.c`).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};
use tokio::time::Instant;

use super::procs::{self, Daemon};
use super::scenarios::{self, cached, sessions};
use super::{Row, Sizes, percentiles};
use latchkey_client::proto;

/// Where the refresh token to log in with is handed over.
pub const REFRESH_TOKEN_ENV: &str = "LATCHKEY_BENCH_REFRESH_TOKEN";

/// The provider and, optionally, the oidc-agent account to compare with.
#[derive(Debug, Clone)]
pub struct OidcOptions {
    /// The provider's issuer URL.
    pub issuer: String,
    /// The OAuth client the daemon's app uses.
    pub client_id: String,
    /// The client's secret, in a file (none: a public client).
    pub client_secret_file: Option<PathBuf>,
    /// Scopes to ask for (`openid offline_access` when empty).
    pub scopes: Vec<String>,
    /// An oidc-agent account on the same provider, reached through `OIDC_SOCK`.
    pub agent_account: Option<String>,
    /// A built `tests/oidc/agent-probe`: liboidc-agent's round trip.
    pub agent_probe: Option<PathBuf>,
}

fn toml_string(value: &str) -> String {
    serde_json::Value::String(value.to_owned()).to_string()
}

fn app_table(options: &OidcOptions) -> anyhow::Result<String> {
    let scopes = if options.scopes.is_empty() {
        vec!["openid".to_owned(), "offline_access".to_owned()]
    } else {
        options.scopes.clone()
    };
    let scopes: Vec<String> = scopes.iter().map(|scope| toml_string(scope)).collect();
    let mut table = format!(
        "[apps.oidc]\nkind = \"oidc\"\nissuer = {}\nclient_id = {}\nscopes = [{}]\n",
        toml_string(options.issuer.trim_end_matches('/')),
        toml_string(&options.client_id),
        scopes.join(", "),
    );
    if let Some(file) = &options.client_secret_file {
        let file = std::fs::canonicalize(file)
            .with_context(|| format!("the client secret file {}", file.display()))?;
        table.push_str(&format!(
            "client_secret_file = {}\n",
            toml_string(&file.to_string_lossy())
        ));
    }
    Ok(table)
}

/// Logs the bench's user in: with the handed-over refresh token, else through a device login
/// whose code is printed for a person to approve.
async fn log_in(socket: &Path) -> anyhow::Result<()> {
    let mut client = sessions(socket).await?;
    if let Ok(token) = std::env::var(REFRESH_TOKEN_ENV) {
        let credentials = proto::Credentials {
            kind: Some(proto::credentials::Kind::RefreshToken(
                proto::RefreshTokenCredential { token },
            )),
        };
        client
            .log_in(proto::LogInRequest {
                app: "oidc".to_owned(),
                credentials: Some(credentials),
            })
            .await
            .context("logging in with the refresh token of LATCHKEY_BENCH_REFRESH_TOKEN")?;
        return Ok(());
    }
    let mut stream = client
        .log_in_with_device(proto::LogInWithDeviceRequest {
            app: "oidc".to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner();
    while let Some(message) = stream.message().await? {
        if message.user.is_some() {
            return Ok(());
        }
        eprintln!(
            "latchkey-bench: approve the login at {} (code {}), or set {REFRESH_TOKEN_ENV}",
            message.verification_uri, message.user_code
        );
    }
    bail!("the device login ended without a user")
}

/// The OIDC scenarios, in one run.
pub(super) async fn all(
    bin: &Path,
    sizes: Sizes,
    options: &OidcOptions,
) -> anyhow::Result<Vec<Row>> {
    let dir = tempfile::tempdir()?;
    let daemon = Daemon::start(bin, dir.path(), "oidc", &app_table(options)?)?;
    log_in(&daemon.socket).await?;
    let daemon_rss = procs::rss_bytes(daemon.pid()) as f64 / 1e6;
    let mut rows = vec![Row::new(
        "oidc: daemon RSS with one session",
        daemon_rss,
        "MB",
    )];
    let cached_rows = scenarios::cached_path(&daemon.socket, sizes).await?;
    let cached_p50 = cached_rows
        .iter()
        .find(|row| row.name.starts_with("cached GetAccessToken, 1"))
        .map(|row| row.value);
    rows.extend(cached_rows);
    let cli_rows = scenarios::cli(bin, &daemon.socket, sizes)?;
    let true_p50 = cli_rows.first().map(|row| row.value);
    rows.extend(cli_rows);
    let refresh_p50 = forced_refresh(&daemon.socket, sizes, &mut rows).await?;
    if let Some(account) = &options.agent_account {
        let agent = Agent {
            account,
            probe: options.agent_probe.as_deref(),
        };
        rows.extend(agent.side_by_side(bin, &daemon.socket, sizes, true_p50)?);
        rows.extend(agent.rows(sizes, cached_p50, refresh_p50, daemon_rss)?);
    }
    Ok(rows
        .into_iter()
        .map(|mut row| {
            if !row.name.starts_with("oidc") {
                row.name = format!("oidc: {}", row.name);
            }
            row
        })
        .collect())
}

/// Forced refreshes through the daemon (with rotation when the provider rotates), a second apart:
/// their p50.
async fn forced_refresh(socket: &Path, sizes: Sizes, rows: &mut Vec<Row>) -> anyhow::Result<f64> {
    let mut client = sessions(socket).await?;
    let mut samples = Vec::new();
    for n in 0..sizes.oidc_refreshes {
        if n > 0 {
            // The daemon spaces forced refreshes of one session a second apart (the one session
            // here): wait that out, untimed.
            tokio::time::sleep(std::time::Duration::from_millis(1_050)).await;
        }
        let started = Instant::now();
        client
            .get_access_token(proto::GetAccessTokenRequest {
                force_refresh: true,
                ..cached("")
            })
            .await?;
        samples.push(started.elapsed());
    }
    let (p50, p99) = percentiles(samples);
    rows.push(Row::new("forced refresh through the daemon", p50, "us").p99(p99));
    Ok(p50)
}

/// oidc-agent on the same provider.
struct Agent<'a> {
    account: &'a str,
    probe: Option<&'a Path>,
}

impl Agent<'_> {
    /// Runs `oidc-token` (with `args` before the account) `count` times: the p50/p99 of the whole
    /// process.
    fn token_runs(&self, args: &[&str], count: usize) -> anyhow::Result<(f64, f64)> {
        let samples = (0..count)
            .map(|_| self.token_run(args))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(percentiles(samples))
    }

    /// Runs `oidc-token` (with `args` before the account) once: how long the process took.
    fn token_run(&self, args: &[&str]) -> anyhow::Result<std::time::Duration> {
        let started = Instant::now();
        let output = Command::new("oidc-token")
            .args(args)
            .arg(self.account)
            .output()
            .context("running oidc-token (is oidc-agent-cli installed?)")?;
        let took = started.elapsed();
        if !output.status.success() {
            bail!(
                "oidc-token {args:?} failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(took)
    }

    /// `latchkey token` and `oidc-token` as whole processes, run alternately so that both see
    /// the same machine: the target is `latchkey token` no slower than `oidc-token`.
    fn side_by_side(
        &self,
        bin: &Path,
        socket: &Path,
        sizes: Sizes,
        true_p50: Option<f64>,
    ) -> anyhow::Result<Vec<Row>> {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..sizes.cli_runs {
            ours.push(scenarios::latchkey_token(bin, socket)?);
            theirs.push(self.token_run(&[])?);
        }
        let (their_p50, their_p99) = percentiles(theirs);
        let (our_p50, our_p99) = percentiles(ours);
        let mut agent =
            Row::new("oidc-agent: `oidc-token`, whole process", their_p50, "us").p99(their_p99);
        if let Some(true_p50) = true_p50 {
            agent = agent.ratio_to(true_p50);
        }
        Ok(vec![
            agent,
            Row::new(
                "`latchkey token` beside `oidc-token`, whole process",
                our_p50,
                "us",
            )
            .p99(our_p99)
            .at_most_ratio_of(their_p50, 1.0, "oidc-token"),
        ])
    }

    fn rows(
        &self,
        sizes: Sizes,
        cached_p50: Option<f64>,
        refresh_p50: f64,
        daemon_rss: f64,
    ) -> anyhow::Result<Vec<Row>> {
        let mut rows = Vec::new();
        let (forced_p50, forced_p99) = self.token_runs(&["-f"], sizes.oidc_refreshes)?;
        rows.push(
            Row::new(
                "oidc-agent: `oidc-token -f` (forced refresh)",
                forced_p50,
                "us",
            )
            .p99(forced_p99),
        );
        rows.push(
            Row::new(
                "forced refresh: daemon vs `oidc-token -f`",
                refresh_p50,
                "us",
            )
            .at_most_ratio_of(forced_p50, 0.1, "oidc-agent"),
        );
        if let (Some(probe), Some(cached_p50)) = (self.probe, cached_p50) {
            let output = Command::new(probe)
                .arg(self.account)
                .arg(sizes.sequential.to_string())
                .output()
                .with_context(|| format!("running {}", probe.display()))?;
            if !output.status.success() {
                bail!(
                    "{} failed: {}",
                    probe.display(),
                    String::from_utf8_lossy(&output.stderr).trim()
                );
            }
            let figures: serde_json::Value =
                serde_json::from_slice(&output.stdout).context("the probe's answer")?;
            let probe_p50 = figures["p50_us"].as_f64().context("p50_us")?;
            let probe_p99 = figures["p99_us"].as_f64().context("p99_us")?;
            rows.push(
                Row::new("oidc-agent: liboidc-agent round trip", probe_p50, "us").p99(probe_p99),
            );
            rows.push(
                Row::new("cached token: daemon vs liboidc-agent", cached_p50, "us")
                    .at_most_ratio_of(probe_p50, 0.5, "oidc-agent"),
            );
        }
        if let Some(pid) = std::env::var("OIDCD_PID")
            .ok()
            .and_then(|pid| pid.parse::<u32>().ok())
        {
            let agent_rss = procs::rss_bytes(pid) as f64 / 1e6;
            rows.push(Row::new(
                "oidc-agent: RSS with one account",
                agent_rss,
                "MB",
            ));
            rows.push(
                Row::new(
                    "daemon RSS with one session vs oidc-agent's",
                    daemon_rss,
                    "MB",
                )
                .at_most_ratio_of(agent_rss, 1.0, "oidc-agent"),
            );
        }
        Ok(rows)
    }
}
