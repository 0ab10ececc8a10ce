//! `latchkeyd`: the Latchkey daemon. Parses its flags; everything else is `latchkey::daemon`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use latchkey::daemon::{self, Options};

/// The Latchkey auth-session daemon.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Configuration file (TOML). Default: $CONFIGURATION_DIRECTORY/latchkeyd.toml or
    /// /etc/latchkey/latchkeyd.toml (system mode), ~/.config/latchkey/latchkeyd.toml (user mode).
    #[arg(long, conflicts_with = "dev")]
    config: Option<PathBuf>,
    /// Socket path; overrides the configuration's `socket`.
    #[arg(long)]
    socket: Option<PathBuf>,
    /// Run with a built-in App Services emulator and one app `dev`; needs no configuration file.
    /// Sessions live in a temporary state directory removed on exit.
    #[arg(long)]
    dev: bool,
    /// Address of the built-in emulator in `--dev` mode.
    #[arg(long, default_value = "127.0.0.1:0", requires = "dev")]
    dev_listen: SocketAddr,
    /// Per-user mode: socket under $XDG_RUNTIME_DIR, state under the user's state directory.
    /// The default when not running as root, nor as a systemd service with a state directory.
    #[arg(long)]
    user: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    daemon::main(Options {
        config: args.config,
        socket: args.socket,
        dev: args.dev,
        dev_listen: args.dev_listen,
        user: args.user,
    })
}
