//! Where the daemon's socket is, whether its directory can be trusted, and opening a channel to
//! it. The CLI and the daemon use these same functions, so every client finds the same socket
//! and refuses the same planted ones.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use hyper_util::rt::TokioIo;
use tonic::transport::{Channel, Endpoint};

use crate::Error;

/// File name of the daemon's socket inside its runtime directory.
pub const SOCKET_FILE: &str = "latchkeyd.sock";

/// The system daemon's socket (systemd's `RuntimeDirectory=latchkey`).
pub const SYSTEM_SOCKET: &str = "/run/latchkey/latchkeyd.sock";

/// The socket of the calling user's own daemon (`latchkeyd --user`):
/// `$XDG_RUNTIME_DIR/latchkey/latchkeyd.sock`, or `latchkey-UID` in the temporary directory
/// (`$TMPDIR`, else `/tmp`) when there is no runtime directory. Variables are read through
/// `env`.
pub fn user_socket(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    let set = |name| env(name).filter(|value: &String| !value.is_empty());
    match set("XDG_RUNTIME_DIR") {
        Some(dir) => PathBuf::from(dir).join("latchkey").join(SOCKET_FILE),
        None => {
            let uid = rustix::process::getuid().as_raw();
            set("TMPDIR")
                .map_or_else(|| PathBuf::from("/tmp"), PathBuf::from)
                .join(format!("latchkey-{uid}"))
                .join(SOCKET_FILE)
        }
    }
}

/// Where a client looks for the daemon when not told: `$LATCHKEY_SOCKET`, then the caller's own
/// user-mode daemon if its socket exists in a directory the caller can trust, then the system
/// daemon.
pub fn client_socket(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    discover_socket(env).0
}

/// [`client_socket`], and why the user socket was passed over when it was there but its
/// directory could not be trusted (another uid can make `/tmp/latchkey-UID` before its owner
/// does, when `XDG_RUNTIME_DIR` is unset: under cron, su or ssh without logind). A client says
/// so once, and goes on to the system daemon rather than being denied service by a planted
/// directory.
pub fn discover_socket(env: &dyn Fn(&str) -> Option<String>) -> (PathBuf, Option<String>) {
    if let Some(path) = env("LATCHKEY_SOCKET").filter(|value| !value.is_empty()) {
        return (PathBuf::from(path), None);
    }
    let user = user_socket(env);
    if std::fs::symlink_metadata(&user).is_ok() {
        let uid = rustix::process::geteuid().as_raw();
        match check_socket_dir(&user, uid) {
            Ok(()) => return (user, None),
            Err(reason) => {
                let warning = format!(
                    "ignoring the user socket {}: {reason}; using the system daemon's {SYSTEM_SOCKET}",
                    user.display()
                );
                return (PathBuf::from(SYSTEM_SOCKET), Some(warning));
            }
        }
    }
    (PathBuf::from(SYSTEM_SOCKET), None)
}

/// [`client_socket`] from the process environment. A user socket passed over as untrusted is
/// said on stderr, once a process.
pub fn default_socket() -> PathBuf {
    static WARNED: std::sync::Once = std::sync::Once::new();
    let (socket, warning) = discover_socket(&|name| std::env::var(name).ok());
    if let Some(warning) = warning {
        WARNED.call_once(|| {
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "latchkey-client: {warning}");
        });
    }
    socket
}

/// Whether the directory holding a socket can be trusted by `uid`: a real directory (not a
/// symlink: checked with `lstat`), not writable by group or others, and owned by `uid` or root,
/// or else made where only root can make things (a parent owned by root and writable by no
/// one else: systemd's `RuntimeDirectory=` of a service user). Anyone who could have made or can
/// change the directory could otherwise put their own socket there and receive the connection,
/// with whatever passwords or keys it carries.
///
/// # Errors
/// What is wrong with the directory, naming it.
pub fn check_socket_dir(socket: &Path, uid: u32) -> Result<(), String> {
    use std::os::unix::fs::MetadataExt;
    let Some(dir) = socket.parent().filter(|dir| !dir.as_os_str().is_empty()) else {
        return Ok(());
    };
    let shown = dir.display();
    let meta = std::fs::symlink_metadata(dir).map_err(|err| format!("{shown}: {err}"))?;
    if meta.file_type().is_symlink() {
        return Err(format!("{shown} is a symbolic link"));
    }
    if !meta.is_dir() {
        return Err(format!("{shown} is not a directory"));
    }
    if meta.mode() & 0o022 != 0 {
        return Err(format!(
            "{shown} is writable by other users (mode {:o})",
            meta.mode() & 0o777
        ));
    }
    if meta.uid() == uid || meta.uid() == 0 {
        return Ok(());
    }
    let root_made = dir.parent().is_some_and(|parent| {
        std::fs::symlink_metadata(parent)
            .is_ok_and(|parent| parent.uid() == 0 && parent.mode() & 0o022 == 0)
    });
    if root_made {
        Ok(())
    } else {
        Err(format!(
            "{shown} belongs to uid {}, not to you (uid {uid}) or root",
            meta.uid()
        ))
    }
}

/// Opens a gRPC channel to the daemon's socket at `path`, once its directory is one the
/// calling uid can trust. The channel reconnects by itself after the daemon restarts, and
/// checks the directory again each time.
///
/// # Errors
/// [`Error::Untrusted`] for an untrusted directory (nothing was sent); [`Error::NotRunning`]
/// when the socket does not exist or nobody answers on it.
pub async fn connect(path: &Path) -> Result<Channel, Error> {
    let uid = rustix::process::geteuid().as_raw();
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        // No directory, no daemon: nothing there to trust or distrust yet.
        if std::fs::symlink_metadata(dir).is_err_and(|err| err.kind() == ErrorKind::NotFound) {
            return Err(Error::NotRunning {
                socket: path.to_path_buf(),
                reason: format!("{} does not exist", dir.display()),
            });
        }
    }
    check_socket_dir(path, uid).map_err(|reason| Error::Untrusted {
        socket: path.to_path_buf(),
        reason,
    })?;
    let target = path.to_path_buf();
    // The URI is required by the API but unused: every connection goes to the socket. Its
    // authority `localhost` is what clients over Unix sockets must send.
    Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let target = target.clone();
            async move {
                check_socket_dir(&target, uid).map_err(std::io::Error::other)?;
                let stream = tokio::net::UnixStream::connect(target).await?;
                Ok::<_, std::io::Error>(TokioIo::new(stream))
            }
        }))
        .await
        .map_err(|err| Error::NotRunning {
            socket: path.to_path_buf(),
            reason: innermost(&err),
        })
}

/// The most specific message of an error's chain ("No such file or directory").
pub fn innermost(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}
