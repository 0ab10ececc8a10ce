//! `latchkey-emulator`: serves the App Services client auth API on loopback.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use latchkey::config::{EX_USAGE, parse_duration};
use latchkey::emulator::{self, EmulatorConfig};

/// A local Atlas App Services auth emulator for offline development and tests.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:9090")]
    listen: SocketAddr,
    /// The App Services app id to serve.
    #[arg(long, default_value = latchkey::config::DEV_APP_ID)]
    app_id: String,
    /// Access token lifetime (e.g. 30m, 4s).
    #[arg(long, default_value = "30m", value_parser = parse_duration)]
    access_ttl: std::time::Duration,
    /// Refresh token lifetime (e.g. 60d, 20s).
    #[arg(long, default_value = "60d", value_parser = parse_duration)]
    refresh_ttl: std::time::Duration,
    /// HS256 key custom JWTs must be signed with.
    #[arg(long, env = "LATCHKEY_EMULATOR_JWT_SECRET", hide_env_values = true,
          default_value = emulator::DEFAULT_CUSTOM_JWT_SECRET)]
    jwt_secret: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.access_ttl.as_secs() == 0 || args.refresh_ttl.as_secs() == 0 {
        eprintln!("latchkey-emulator: token lifetimes must be at least one second");
        return ExitCode::from(EX_USAGE);
    }
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("latchkey-emulator: {err:#}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn run(args: Args) -> anyhow::Result<()> {
    let config = EmulatorConfig {
        app_id: args.app_id,
        access_ttl: args.access_ttl,
        refresh_ttl: args.refresh_ttl,
        custom_jwt_secret: args.jwt_secret,
    };
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    let addr = listener.local_addr()?;
    // The one ready line, for scripts and tests.
    #[expect(
        clippy::print_stdout,
        reason = "the ready line is the emulator's output"
    )]
    {
        println!("latchkey-emulator listening on http://{addr}");
    }
    emulator::serve(listener, config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
