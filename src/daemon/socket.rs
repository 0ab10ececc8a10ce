//! The daemon's socket when it binds one itself (not socket activated): its directory made and
//! checked (another user's directory could let them replace the socket under our clients), a
//! live daemon on it refused, a stale socket file from a crash replaced, and the mode and group
//! set explicitly after bind (the umask must not decide who may connect).

use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;

use tokio::net::UnixListener;

use super::StartError;
use crate::config::check_socket_dir;

/// Makes the socket path ready to bind: creates its directory (0700 when only the owner may
/// connect, as for a user's daemon, else 0755), refuses a directory that is not to be trusted
/// ([`check_socket_dir`]) or a live daemon answering there, and removes a stale socket file.
/// Only a refused connection means stale: a socket that answers EACCES or EAGAIN is someone's,
/// and is left alone.
///
/// # Errors
/// [`StartError::SocketInUse`] or [`StartError::Bind`].
pub(super) async fn claim_socket(socket: &Path, mode: u32) -> Result<(), StartError> {
    let shown = socket.display().to_string();
    let bind_error = |source: std::io::Error| StartError::Bind {
        path: shown.clone(),
        source,
    };
    if let Some(dir) = socket.parent() {
        if !dir.exists() {
            let dir_mode = if mode & 0o077 == 0 { 0o700 } else { 0o755 };
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(dir_mode)
                .create(dir)
                .map_err(bind_error)?;
        }
        // A directory someone else owns or may write (say a /tmp fallback created in advance by
        // another user) could let them replace the socket under our clients.
        let me = rustix::process::geteuid().as_raw();
        check_socket_dir(socket, me)
            .map_err(|problem| bind_error(std::io::Error::other(problem)))?;
    }
    match tokio::net::UnixStream::connect(socket).await {
        Ok(_) => return Err(StartError::SocketInUse(shown)),
        Err(err) if err.kind() == ErrorKind::NotFound => {}
        Err(err) if err.kind() == ErrorKind::ConnectionRefused => {
            // Nobody listens: a stale socket file from a daemon that died. Anything that is not
            // a socket is left alone.
            let is_socket = std::fs::symlink_metadata(socket)
                .is_ok_and(|meta| std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()));
            if !is_socket {
                return Err(bind_error(std::io::Error::other(
                    "the path exists and is not a socket",
                )));
            }
            match std::fs::remove_file(socket) {
                Ok(()) => tracing::info!(socket = %shown, "removed a stale socket file"),
                Err(err) if err.kind() == ErrorKind::NotFound => {}
                Err(err) => return Err(bind_error(err)),
            }
        }
        // Permission denied, a full backlog: a socket in use that we may not replace.
        Err(err) => return Err(bind_error(err)),
    }
    Ok(())
}

/// Binds the daemon's socket: creates its directory, refuses when a live daemon answers there,
/// replaces a stale socket file, and sets the configured mode explicitly (the umask must not
/// decide who may connect).
///
/// # Errors
/// [`StartError::SocketInUse`] or [`StartError::Bind`].
pub(super) async fn bind(
    socket: &Path,
    mode: u32,
    gid: Option<u32>,
) -> Result<UnixListener, StartError> {
    claim_socket(socket, mode).await?;
    let bind_error = |source: std::io::Error| StartError::Bind {
        path: socket.display().to_string(),
        source,
    };
    let listener = UnixListener::bind(socket).map_err(bind_error)?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(mode)).map_err(bind_error)?;
    if let Some(gid) = gid {
        rustix::fs::chown(socket, None, Some(rustix::fs::Gid::from_raw(gid)))
            .map_err(|err| bind_error(err.into()))?;
    }
    Ok(listener)
}
