//! Connecting to the daemon over its Unix socket, for the CLI, the tests and any Rust client.

use std::path::{Path, PathBuf};

use hyper_util::rt::TokioIo;
use tonic::transport::{Channel, Endpoint};

/// Opens a gRPC channel to the daemon's socket at `path`.
///
/// # Errors
/// The socket does not exist or nobody answers on it.
pub async fn connect(path: &Path) -> Result<Channel, tonic::transport::Error> {
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
