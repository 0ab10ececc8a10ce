//! Connecting to the daemon over its Unix socket, for the CLI, the bench and the tests: the
//! `latchkey-client` crate's, so that every Rust client finds and checks sockets alike.

pub use latchkey_client::Error as ConnectError;
pub use latchkey_client::socket::connect;

/// Why the CLI could not reach the daemon at all, in one line: the socket and what went wrong.
pub fn unreachable(err: &ConnectError) -> String {
    match err {
        ConnectError::NotRunning { socket, reason } => format!(
            "cannot reach latchkeyd at {}: {reason}; is it running? (try `latchkeyd --dev`)",
            socket.display()
        ),
        other => format!("cannot reach latchkeyd: {other}"),
    }
}
