//! Connecting to the daemon over its Unix socket, for the CLI, the tests and any Rust client.

use std::path::{Path, PathBuf};

use hyper_util::rt::TokioIo;
use tonic::transport::{Channel, Endpoint};

/// Why the daemon could not be reached.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The socket's directory is not one the caller can trust ([`crate::config::check_socket_dir`]):
    /// nothing was sent.
    #[error("refusing the socket: {0}")]
    Untrusted(String),
    /// Nobody answers on the socket.
    #[error(transparent)]
    Transport(#[from] tonic::transport::Error),
}

/// Opens a gRPC channel to the daemon's socket at `path`, once its directory is one the
/// calling uid can trust.
///
/// # Errors
/// An untrusted directory; the socket does not exist or nobody answers on it.
pub async fn connect(path: &Path) -> Result<Channel, ConnectError> {
    let uid = rustix::process::geteuid().as_raw();
    crate::config::check_socket_dir(path, uid).map_err(ConnectError::Untrusted)?;
    Ok(open(path).await?)
}

/// Opens a gRPC channel to the socket at `path` without checking its directory.
async fn open(path: &Path) -> Result<Channel, tonic::transport::Error> {
    let path: PathBuf = path.to_path_buf();
    // The URI is required by the API but unused: every connection goes to the socket. Its
    // authority `localhost` is what clients over Unix sockets must send (see the README).
    Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let path = path.clone();
            async move {
                let stream = tokio::net::UnixStream::connect(path).await?;
                Ok::<_, std::io::Error>(TokioIo::new(stream))
            }
        }))
        .await
}
