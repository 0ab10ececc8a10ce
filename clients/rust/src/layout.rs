//! What the daemon and its command line agree on outside the gRPC contract: where an
//! installation keeps its socket and state in each [`Mode`], and how a duration is written (in
//! the configuration and on the command line alike).

use std::path::PathBuf;
use std::time::Duration;

use crate::socket::{SOCKET_FILE, user_socket};

/// Whether the daemon runs for the whole machine (systemd service) or for one login user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One daemon for every uid: `/run/latchkey`, `/var/lib/latchkey` or systemd's directories.
    System,
    /// One daemon for the invoking user: `$XDG_RUNTIME_DIR` and the user's state directory.
    User,
}

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
    /// In user mode when no home directory can be found (the message says so).
    pub fn defaults(mode: Mode, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
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
                let dirs = directories::ProjectDirs::from("", "", "latchkey")
                    .ok_or("no home directory to put the state directory in")?;
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

/// A duration as the proto carries it (`google.protobuf.Duration`), saturating at the longest
/// one it can hold (longer than [`parse_duration`] accepts).
pub fn proto_duration(duration: Duration) -> prost_types::Duration {
    prost_types::Duration {
        seconds: i64::try_from(duration.as_secs()).unwrap_or(i64::MAX),
        nanos: i32::try_from(duration.subsec_nanos()).unwrap_or(0),
    }
}

/// Parses a duration such as `500ms`, `30s`, `5m`, `2h`, `60d`, or a bare number of seconds;
/// never longer than a `google.protobuf.Duration` can carry.
///
/// # Errors
/// A message saying what is wrong.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration like 30s, 5m, 2h or 60d"))?;
    let seconds = |factor: u64| {
        number
            .checked_mul(factor)
            .filter(|&secs| i64::try_from(secs).is_ok())
            .map(Duration::from_secs)
            .ok_or_else(|| format!("{text:?} is too long"))
    };
    match unit {
        "ms" => Ok(Duration::from_millis(number)),
        "" | "s" => seconds(1),
        "m" => seconds(60),
        "h" => seconds(3600),
        "d" => seconds(86_400),
        _ => Err(format!(
            "{text:?} has an unknown unit; use ms, s, m, h or d"
        )),
    }
}
