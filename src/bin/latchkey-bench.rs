//! `latchkey-bench`: every performance figure against its floor, in one run (see
//! `latchkey::bench`).

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
    /// Internal: log in COUNT anonymous users on SOCKET (one worker per uid).
    #[arg(long, num_args = 2, value_names = ["SOCKET", "COUNT"], hide = true)]
    login_worker: Option<Vec<String>>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = match &args.login_worker {
        Some(worker) => match worker.get(1).map(|count| count.parse::<usize>()) {
            Some(Ok(count)) => latchkey::bench::login_worker(worker[0].as_ref(), count),
            _ => Err(anyhow::anyhow!("--login-worker SOCKET COUNT")),
        },
        None => latchkey::bench::run(&latchkey::bench::Options {
            quick: args.quick,
            json: args.json,
            sessions: args.sessions,
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
