//! Shell completion scripts, made from the clap definitions the command line parses with, so
//! they cannot drift. (The man pages are made from the same definitions by the workspace's
//! `manpages` example, which alone links the daemon's, the emulator's and this one.)

use std::io::Write as _;

use clap::CommandFactory;

use super::args::Cli;
use super::{EXIT_FAILURE, Failure};

/// Writes the completion script of `latchkey` for `shell` to standard output.
pub(super) fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "latchkey", &mut script);
    match std::io::stdout().write_all(&script) {
        // A reader that stopped early (`| head`) wanted no more.
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::new(
            EXIT_FAILURE,
            format!("cannot write the script: {err}"),
        )),
        _ => Ok(()),
    }
}
