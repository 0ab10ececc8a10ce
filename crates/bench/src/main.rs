//! `latchkey-bench`: every performance figure against its floor, in one run (see
//! `latchkey_bench`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Starts its own emulators and daemon, measures, prints a table and writes a JSON report.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Every scenario at sizes that take seconds (the test suite's smoke run).
    #[arg(long)]
    quick: bool,
    /// Where the JSON report goes.
    #[arg(long, default_value = "latchkey-bench.json")]
    json: PathBuf,
    /// Sessions in the many-sessions scenario (default 100,000; 2,000 with --quick).
    #[arg(long)]
    sessions: Option<usize>,
    /// Runs only these scenarios (repeatable): idle, cached, logins, cli, forced, storm,
    /// watchers, wave, sessions, week.
    #[arg(long, value_name = "SCENARIO", value_parser = clap::builder::PossibleValuesParser::new(latchkey_bench::SCENARIOS), conflicts_with = "oidc")]
    only: Vec<String>,
    /// Runs the OIDC scenarios against this OpenID provider instead of the emulator scenarios:
    /// the daemon logs in with the refresh token in LATCHKEY_BENCH_REFRESH_TOKEN (or through a
    /// device login you approve). `tests/oidc/bench.sh` sets it all up against the test provider.
    #[arg(long, value_name = "ISSUER")]
    oidc: Option<String>,
    /// The OIDC client id.
    #[arg(long, default_value = "latchkey", requires = "oidc")]
    client_id: String,
    /// A file holding the OIDC client's secret (none: a public client).
    #[arg(long, value_name = "PATH", requires = "oidc")]
    client_secret_file: Option<PathBuf>,
    /// Scopes the OIDC app asks for (repeatable; default openid offline_access).
    #[arg(long = "scope", value_name = "SCOPE", requires = "oidc")]
    scopes: Vec<String>,
    /// An oidc-agent account on the same provider (agent reached through OIDC_SOCK; its RSS read
    /// from OIDCD_PID): measured side by side.
    #[arg(long, value_name = "ACCOUNT", requires = "oidc")]
    oidc_agent: Option<String>,
    /// A built tests/oidc/agent-probe.c: liboidc-agent's own round trip.
    #[arg(long, value_name = "PATH", requires = "oidc_agent")]
    agent_probe: Option<PathBuf>,
    /// Internal: log in COUNT anonymous users on SOCKET (one worker per uid).
    #[arg(long, num_args = 2, value_names = ["SOCKET", "COUNT"], hide = true)]
    login_worker: Option<Vec<String>>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.login_worker {
        Some(worker) => match worker.get(1).map(|count| count.parse::<usize>()) {
            Some(Ok(count)) => latchkey_bench::login_worker(worker[0].as_ref(), count),
            _ => Err(anyhow::anyhow!("--login-worker SOCKET COUNT")),
        },
        None => latchkey_bench::run(&latchkey_bench::Options {
            quick: args.quick,
            json: args.json,
            sessions: args.sessions,
            only: args.only,
            oidc: args.oidc.map(|issuer| latchkey_bench::OidcOptions {
                issuer,
                client_id: args.client_id,
                client_secret_file: args.client_secret_file,
                scopes: args.scopes,
                agent_account: args.oidc_agent,
                agent_probe: args.agent_probe,
            }),
        })
        .map(|_| ()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("latchkey-bench: {err:#}");
            ExitCode::FAILURE
        }
    }
}
