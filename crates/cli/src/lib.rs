//! `latchkey`: the command-line client of latchkeyd, as a library so that the binary is a few
//! lines ([`main`]) and the man pages can be made from [`command`]. It talks to the daemon only
//! through `latchkey-client`: socket discovery and its trust check, the channel, the generated
//! services, typed errors and the resuming event stream are that crate's.
//!
//! Secrets (passwords, tokens, keys, function payloads) are read from a prompt or from standard
//! input, never from the command line, where other users could see them in the process list.
//!
//! Exit codes: 0 success; 1 other error; 2 bad usage; 3 not logged in or re-login needed;
//! 4 daemon unreachable; 5 backend unavailable or backend error; 6 credentials refused.
//!
//! Module map: `args` (the command line), `commands` (one call per command), `render`
//! (output), `secrets` (prompts and stdin), `watch` (the event stream), `notify` (desktop
//! notifications of `watch --notify`), `docs` (completion scripts), `doctor` (the checks of
//! `latchkey doctor`), `token` (`latchkey token`: formats, `--write` and `--follow`),
//! `kubernetes` (the client-go exec credential plugin), `git` (`git-credential-latchkey`),
//! `relogin` (the one "log in again" every failure names).

/// Writes a line to standard error, its control characters made visible (what it says may come
/// from a backend: an error description, a user code). A closed stderr (a pager or a log reader
/// gone) is no reason for a command to fail halfway, so a line that cannot be written is dropped.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", latchkey_client::escape::for_terminal(&line));
    }};
}

mod args;
mod commands;
mod docs;
mod doctor;
mod git;
mod kubernetes;
mod notify;
mod relogin;
mod render;
mod secrets;
mod token;
mod watch;

use std::process::ExitCode;

use clap::{CommandFactory as _, Parser};
use latchkey_client::{Reason, RpcError};

/// A failure with its exit code.
pub(crate) struct Failure {
    code: u8,
    message: String,
    /// The daemon's `ErrorInfo` reason, when the failure is its answer.
    reason: Option<String>,
}

impl Failure {
    pub(crate) fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            reason: None,
        }
    }
}

const EXIT_FAILURE: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_NOT_LOGGED_IN: u8 = 3;
const EXIT_UNREACHABLE: u8 = 4;
const EXIT_BACKEND: u8 = 5;
const EXIT_REFUSED: u8 = 6;

impl From<&RpcError> for Failure {
    /// A daemon's error answer: its exit code from the `ErrorInfo` reason, its message with
    /// the reason appended.
    fn from(rpc: &RpcError) -> Self {
        let code = match rpc.reason.as_deref().map(Reason::parse) {
            // No ErrorInfo: the transport failed, the daemon is gone.
            None if rpc.is_transport() => EXIT_UNREACHABLE,
            Some(Some(
                Reason::NoCurrentUser
                | Reason::UserNotLoggedIn
                | Reason::ReauthRequired
                | Reason::IdTokenNotRenewed,
            )) => EXIT_NOT_LOGGED_IN,
            Some(Some(Reason::BackendUnavailable | Reason::BackendError)) => EXIT_BACKEND,
            Some(Some(Reason::InvalidCredentials | Reason::UserDisabled)) => EXIT_REFUSED,
            _ => EXIT_FAILURE,
        };
        let message = match &rpc.reason {
            Some(reason) => format!("{} ({reason})", rpc.message),
            None => rpc.message.clone(),
        };
        Self {
            code,
            message,
            reason: rpc.reason.clone(),
        }
    }
}

impl From<tonic::Status> for Failure {
    fn from(status: tonic::Status) -> Self {
        Self::from(&RpcError::from(&status))
    }
}

impl From<latchkey_client::Error> for Failure {
    fn from(err: latchkey_client::Error) -> Self {
        match err {
            latchkey_client::Error::Rpc(rpc) => Self::from(rpc.as_ref()),
            other => Self::new(EXIT_UNREACHABLE, unreachable(&other)),
        }
    }
}

/// Why the CLI could not reach the daemon at all, in one line: the socket and what went wrong.
pub(crate) fn unreachable(err: &latchkey_client::Error) -> String {
    match err {
        latchkey_client::Error::NotRunning { socket, reason } => format!(
            "cannot reach latchkeyd at {}: {reason}; is it running? (try `latchkeyd --dev`)",
            socket.display()
        ),
        other => format!("cannot reach latchkeyd: {other}"),
    }
}

/// The command line's definition, for the man pages.
pub fn command() -> clap::Command {
    args::Cli::command().name("latchkey")
}

pub use git::{command as git_credential_command, main as git_credential_main};

/// Runs the `latchkey` command line: parses the arguments, runs the command, prints a failure
/// on stderr and returns its exit code.
pub fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            note!("latchkey: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}
