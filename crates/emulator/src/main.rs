//! `latchkey-emulator`: serves the App Services client auth API on loopback.

use std::process::ExitCode;

use clap::Parser;
use latchkey_emulator::{self as emulator, Args, EX_USAGE, EmulatorConfig};

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
