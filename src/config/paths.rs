//! Where the daemon looks for its configuration file. The socket and state directory of each
//! mode are the client crate's (`latchkey_client::layout`), shared with the command line.

use std::path::PathBuf;

pub use latchkey_client::layout::{Mode, Paths};
pub use latchkey_client::socket::{check_socket_dir, client_socket};

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
