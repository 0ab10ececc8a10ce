//! Where things are by default: the socket and state directory of system and user mode (from
//! systemd's and XDG's variables, read through a lookup function so tests feed a map), where a
//! client looks for the daemon, and where the daemon looks for its configuration file.

use std::path::{Path, PathBuf};

use super::{ConfigError, Mode};

/// File name of the daemon's socket inside its runtime directory.
const SOCKET_FILE: &str = "latchkeyd.sock";

/// Default socket and state directory of a mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// Socket path.
    pub socket: PathBuf,
    /// State directory.
    pub state_dir: PathBuf,
    /// systemd's credential directory, when set.
    pub credentials_dir: Option<PathBuf>,
    /// Socket mode: 0666 for the system daemon (every call is authorised by peer uid), 0600 for
    /// a user's own daemon.
    pub socket_mode: u32,
}

impl Paths {
    /// The defaults of `mode`, reading systemd's and XDG's variables through `env`.
    ///
    /// # Errors
    /// In user mode when no home directory can be found.
    pub fn defaults(mode: Mode, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let nonempty = |name: &str| {
            env(name)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        };
        let credentials_dir = nonempty("CREDENTIALS_DIRECTORY");
        match mode {
            Mode::System => Ok(Self {
                socket: nonempty("RUNTIME_DIRECTORY")
                    .unwrap_or_else(|| PathBuf::from("/run/latchkey"))
                    .join(SOCKET_FILE),
                state_dir: nonempty("STATE_DIRECTORY")
                    .unwrap_or_else(|| PathBuf::from("/var/lib/latchkey")),
                credentials_dir,
                socket_mode: 0o666,
            }),
            Mode::User => {
                let dirs = directories::ProjectDirs::from("", "", "latchkey").ok_or_else(|| {
                    ConfigError::new("state_dir", "no home directory to put it in")
                })?;
                let state_dir = dirs
                    .state_dir()
                    .unwrap_or_else(|| dirs.data_local_dir())
                    .to_path_buf();
                Ok(Self {
                    socket: user_socket(env),
                    state_dir,
                    credentials_dir,
                    socket_mode: 0o600,
                })
            }
        }
    }
}

fn user_socket(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    match env("XDG_RUNTIME_DIR").filter(|value| !value.is_empty()) {
        Some(dir) => PathBuf::from(dir).join("latchkey").join(SOCKET_FILE),
        None => {
            let uid = rustix::process::getuid().as_raw();
            std::env::temp_dir()
                .join(format!("latchkey-{uid}"))
                .join(SOCKET_FILE)
        }
    }
}

/// Where a client looks for the daemon when not told: `$LATCHKEY_SOCKET`, then the caller's own
/// user-mode daemon if its socket exists, then the system daemon.
pub fn client_socket(env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    if let Some(path) = env("LATCHKEY_SOCKET").filter(|value| !value.is_empty()) {
        return PathBuf::from(path);
    }
    let user = user_socket(env);
    if user.exists() {
        return user;
    }
    Path::new("/run/latchkey").join(SOCKET_FILE)
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

/// The configuration file when `--config` is not given: `$CONFIGURATION_DIRECTORY` or
/// `/etc/latchkey` (system mode), the user's configuration directory (user mode).
pub fn default_config_path(mode: Mode, env: &dyn Fn(&str) -> Option<String>) -> PathBuf {
    match mode {
        Mode::System => env("CONFIGURATION_DIRECTORY")
            .filter(|dir| !dir.is_empty())
            .map_or_else(|| PathBuf::from("/etc/latchkey"), PathBuf::from)
            .join("latchkeyd.toml"),
        Mode::User => directories::ProjectDirs::from("", "", "latchkey").map_or_else(
            || PathBuf::from("latchkeyd.toml"),
            |dirs| dirs.config_dir().join("latchkeyd.toml"),
        ),
    }
}
