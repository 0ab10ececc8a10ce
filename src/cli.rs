//! `latchkey`: the command-line client of latchkeyd, as a library module so that the binary is
//! a few lines ([`main`]).
//!
//! Secrets (passwords, tokens, keys, function payloads) are read from a prompt or from standard
//! input, never from the command line, where other users could see them in the process list.
//!
//! Exit codes: 0 success; 1 other error; 2 bad usage; 3 not logged in or re-login needed;
//! 4 daemon unreachable; 5 backend unavailable or backend error; 6 credentials refused.
//!
//! Module map: [`args`] (the command line), [`commands`] (one call per command), [`render`]
//! (output), [`secrets`] (prompts and stdin), [`watch`] (the event stream), [`docs`]
//! (completions and man pages), [`doctor`] (the checks of `latchkey doctor`), [`fast`] (the
//! small `latchkey` binary: the plain `latchkey token`, and the hand-over of every other command
//! to this full command line, the `latchkey-cli` binary).

pub use fast::{full_command_line, token as fast_token};

/// Writes a line to standard error, its control characters made visible (what it says may come
/// from a backend: an error description, a user code). A closed stderr (a pager or a log reader
/// gone) is no reason for a command to fail halfway, so a line that cannot be written is dropped.
macro_rules! note {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", crate::escape::for_terminal(&line));
    }};
}

mod args;
mod commands;
mod docs;
mod doctor;
mod fast;
mod notify;
mod render;
mod secrets;
mod watch;

use std::process::ExitCode;

use clap::Parser;
use tonic::Code;
use tonic_types::StatusExt;

/// A failure with its exit code.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    pub(crate) fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

const EXIT_FAILURE: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_NOT_LOGGED_IN: u8 = 3;
const EXIT_UNREACHABLE: u8 = 4;
const EXIT_BACKEND: u8 = 5;
const EXIT_REFUSED: u8 = 6;

impl From<tonic::Status> for Failure {
    fn from(status: tonic::Status) -> Self {
        let reason = status
            .get_error_details()
            .error_info()
            .map(|info| info.reason.clone());
        let code = match reason.as_deref() {
            Some("NO_CURRENT_USER" | "USER_NOT_LOGGED_IN" | "REAUTH_REQUIRED") => {
                EXIT_NOT_LOGGED_IN
            }
            Some("BACKEND_UNAVAILABLE" | "BACKEND_ERROR") => EXIT_BACKEND,
            Some("INVALID_CREDENTIALS" | "USER_DISABLED") => EXIT_REFUSED,
            Some(_) => EXIT_FAILURE,
            // No ErrorInfo: the transport failed, the daemon is gone.
            None if matches!(status.code(), Code::Unavailable | Code::Unknown) => EXIT_UNREACHABLE,
            None => EXIT_FAILURE,
        };
        let message = match reason {
            Some(reason) => format!("{} ({reason})", status.message()),
            None => status.message().to_owned(),
        };
        Self { code, message }
    }
}

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
