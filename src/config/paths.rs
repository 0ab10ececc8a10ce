//! Where things are by default: the socket and state directory of system and user mode (from
//! systemd's and XDG's variables, read through a lookup function so tests feed a map), where a
//! client looks for the daemon, and where the daemon looks for its configuration file.

use std::path::PathBuf;

pub use latchkey_client::socket::{check_socket_dir, client_socket, user_socket};

use super::{ConfigError, Mode};

use latchkey_client::socket::SOCKET_FILE;

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
