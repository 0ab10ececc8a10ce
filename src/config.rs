//! The daemon's configuration: the TOML file, the defaults of system and user mode, and the
//! validation that turns the raw file into a [`Config`] in which invalid states cannot exist.
//!
//! Everything is validated before any socket is bound; an error names the key and the problem
//! in one line. Environment variables are read through a lookup function so tests feed a map.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

/// Exit status for a bad command line or configuration (`EX_USAGE` of sysexits.h).
pub const EX_USAGE: u8 = 64;

/// The name of the one app `latchkeyd --dev` serves.
pub const DEV_APP: &str = "dev";

/// The App Services app id of the `--dev` emulator.
pub const DEV_APP_ID: &str = "latchkey-dev";

/// File name of the daemon's socket inside its runtime directory.
const SOCKET_FILE: &str = "latchkeyd.sock";

/// A configuration problem, naming the key at fault.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{key}: {problem}")]
pub struct ConfigError {
    /// The key (dotted path) at fault, or the file when the syntax is wrong.
    pub key: String,
    /// What is wrong with it.
    pub problem: String,
}

impl ConfigError {
    fn new(key: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            problem: problem.into(),
        }
    }
}

/// Whether the daemon runs for the whole machine (systemd service) or for one login user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One daemon for every uid: `/run/latchkey`, `/var/lib/latchkey` or systemd's directories.
    System,
    /// One daemon for the invoking user: `$XDG_RUNTIME_DIR` and the user's state directory.
    User,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object a line.
    Json,
}

/// The validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the gRPC socket is bound.
    pub socket: PathBuf,
    /// Mode bits of the socket file, set explicitly after bind (the umask must not decide).
    pub socket_mode: u32,
    /// Where the session store lives.
    pub state_dir: PathBuf,
    /// systemd's credential directory (`$CREDENTIALS_DIRECTORY`), where the seal key may be.
    pub credentials_dir: Option<PathBuf>,
    /// Log line format.
    pub log_format: LogFormat,
    /// The app that requests with an empty `app` go to.
    pub default_app: String,
    /// The configured apps, by name.
    pub apps: BTreeMap<String, AppConfig>,
    /// Group the socket file is given to (`socket_group`), if any.
    pub socket_gid: Option<u32>,
    /// Who may connect at all (`[access]`).
    pub access: AccessPolicy,
    /// Per-uid limits (`[limits]`).
    pub limits: Limits,
}

/// Which callers may use the daemon at all. Empty lists allow everyone; otherwise a caller is
/// allowed when its uid is listed or one of its groups is. uid 0 is always allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccessPolicy {
    /// Allowed uids.
    pub uids: Vec<u32>,
    /// Allowed gids (primary or supplementary).
    pub gids: Vec<u32>,
}

impl AccessPolicy {
    /// Whether a caller with `uid` and `groups` may connect.
    pub fn allows(&self, uid: u32, groups: &[u32]) -> bool {
        uid == 0
            || (self.uids.is_empty() && self.gids.is_empty())
            || self.uids.contains(&uid)
            || groups.iter().any(|gid| self.gids.contains(gid))
    }
}

/// Per-uid limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Users one uid may hold per app (`max_sessions_per_uid`).
    pub max_sessions_per_uid: usize,
    /// `LogIn` calls one uid may make per minute (`logins_per_minute`).
    pub logins_per_minute: usize,
    /// `WatchEvents` streams one uid may hold open (`max_subscribers_per_uid`).
    pub max_subscribers_per_uid: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_sessions_per_uid: 100,
            logins_per_minute: 60,
            max_subscribers_per_uid: 16,
        }
    }
}

/// A group's id from its name or number, through `/etc/group`.
fn group_id(name: &str, key: &str) -> Result<u32, ConfigError> {
    if let Ok(gid) = name.parse::<u32>() {
        return Ok(gid);
    }
    let groups = std::fs::read_to_string("/etc/group").unwrap_or_default();
    groups
        .lines()
        .filter_map(|line| {
            let mut fields = line.split(':');
            let group = fields.next()?;
            let gid = fields.nth(1)?.parse::<u32>().ok()?;
            (group == name).then_some(gid)
        })
        .next()
        .ok_or_else(|| ConfigError::new(key, format!("no group named {name:?}")))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawAccess {
    #[serde(default)]
    uids: Vec<u32>,
    #[serde(default)]
    groups: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_sessions_per_uid: Option<usize>,
    logins_per_minute: Option<usize>,
    max_subscribers_per_uid: Option<usize>,
}

/// One configured app.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfig {
    /// Its configuration name.
    pub name: String,
    /// Which backend it talks to.
    pub backend: BackendConfig,
    /// Timeout of one HTTP request to the backend.
    pub request_timeout: Duration,
    /// When and how sessions are refreshed.
    pub refresh: RefreshPolicy,
    /// Members of this group may read (list, current user, access token) the sessions uid 0
    /// holds in this app, naming `owner_uid = 0` (`shared_with_group`).
    pub shared_gid: Option<u32>,
}

/// When access tokens are refreshed and how failures are retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RefreshPolicy {
    /// Fraction of an access token's lifetime after which it is refreshed (`refresh_at`).
    pub refresh_at: f64,
    /// Random spread of the refresh point, as a fraction of the lifetime, either way
    /// (`refresh_jitter`), so that sessions logged in together do not refresh together.
    pub jitter: f64,
    /// First retry delay after a transient failure; doubles per failure.
    pub backoff_base: Duration,
    /// Longest retry delay (`refresh_backoff_cap`).
    pub backoff_cap: Duration,
    /// How long before the refresh token expires `refresh_token_expiring` is emitted
    /// (`refresh_token_warning`).
    pub expiry_warning: Duration,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        Self {
            refresh_at: 2.0 / 3.0,
            jitter: 0.1,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            expiry_warning: Duration::from_secs(86_400),
        }
    }
}

/// Backend settings by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackendConfig {
    /// Atlas App Services client API v2.0.
    AppServices {
        /// Base URL with trailing slashes stripped (spec §1.1).
        base_url: String,
        /// The App Services app id.
        app_id: String,
    },
}

impl BackendConfig {
    /// The `kind` key's value.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AppServices { .. } => "app-services",
        }
    }
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    socket: Option<PathBuf>,
    socket_mode: Option<toml::Value>,
    state_dir: Option<PathBuf>,
    log_format: Option<String>,
    default_app: Option<String>,
    socket_group: Option<String>,
    #[serde(default)]
    access: RawAccess,
    #[serde(default)]
    limits: RawLimits,
    #[serde(default)]
    apps: BTreeMap<String, RawApp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApp {
    kind: Option<String>,
    base_url: Option<String>,
    app_id: Option<String>,
    request_timeout: Option<String>,
    shared_with_group: Option<String>,
    refresh_at: Option<f64>,
    refresh_jitter: Option<f64>,
    refresh_backoff_cap: Option<String>,
    refresh_token_warning: Option<String>,
    // oidc keys, accepted by the parser so the error can say what is missing.
    issuer: Option<String>,
    client_id: Option<String>,
    client_secret_file: Option<PathBuf>,
    scopes: Option<Vec<String>>,
}

impl Config {
    /// Parses and validates a TOML configuration; paths not given come from `defaults`.
    ///
    /// # Errors
    /// The first key that is missing, unknown or invalid.
    pub fn from_toml(text: &str, defaults: &Paths) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let location = err
                .span()
                .map(|span| format!("line {}", text[..span.start].matches('\n').count() + 1))
                .unwrap_or_else(|| "config".to_owned());
            ConfigError::new(location, err.message().trim().to_owned())
        })?;
        let socket = raw.socket.unwrap_or_else(|| defaults.socket.clone());
        if !socket.is_absolute() {
            return Err(ConfigError::new("socket", "must be an absolute path"));
        }
        let state_dir = raw.state_dir.unwrap_or_else(|| defaults.state_dir.clone());
        if !state_dir.is_absolute() {
            return Err(ConfigError::new("state_dir", "must be an absolute path"));
        }
        let socket_mode = match raw.socket_mode {
            None => defaults.socket_mode,
            Some(value) => parse_socket_mode(&value)?,
        };
        let log_format = match raw.log_format.as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::new(
                    "log_format",
                    format!("unknown format {other:?}; use \"text\" or \"json\""),
                ));
            }
        };
        if raw.apps.is_empty() {
            return Err(ConfigError::new(
                "apps",
                "no app configured; add an [apps.NAME] table",
            ));
        }
        let mut apps = BTreeMap::new();
        for (name, app) in raw.apps {
            let config = validate_app(&name, app)?;
            apps.insert(name, config);
        }
        let default_app = match raw.default_app {
            Some(name) if apps.contains_key(&name) => name,
            Some(name) => {
                return Err(ConfigError::new(
                    "default_app",
                    format!("no app named {name:?} is configured"),
                ));
            }
            None if apps.len() == 1 => apps.keys().next().cloned().unwrap_or_default(),
            None => {
                return Err(ConfigError::new(
                    "default_app",
                    "required when more than one app is configured",
                ));
            }
        };
        let socket_gid = raw
            .socket_group
            .as_deref()
            .map(|group| group_id(group, "socket_group"))
            .transpose()?;
        let access = AccessPolicy {
            uids: raw.access.uids,
            gids: raw
                .access
                .groups
                .iter()
                .map(|group| group_id(group, "access.groups"))
                .collect::<Result<_, _>>()?,
        };
        let defaults_limits = Limits::default();
        let positive = |value: Option<usize>, default: usize, key: &str| match value {
            None => Ok(default),
            Some(0) => Err(ConfigError::new(key, "must be at least 1")),
            Some(value) => Ok(value),
        };
        let limits = Limits {
            max_sessions_per_uid: positive(
                raw.limits.max_sessions_per_uid,
                defaults_limits.max_sessions_per_uid,
                "limits.max_sessions_per_uid",
            )?,
            logins_per_minute: positive(
                raw.limits.logins_per_minute,
                defaults_limits.logins_per_minute,
                "limits.logins_per_minute",
            )?,
            max_subscribers_per_uid: positive(
                raw.limits.max_subscribers_per_uid,
                defaults_limits.max_subscribers_per_uid,
                "limits.max_subscribers_per_uid",
            )?,
        };
        Ok(Self {
            socket_gid,
            access,
            limits,
            socket,
            socket_mode,
            state_dir,
            credentials_dir: defaults.credentials_dir.clone(),
            log_format,
            default_app,
            apps,
        })
    }

    /// The configuration of `latchkeyd --dev`: one App Services app `dev` on the built-in emulator.
    pub fn dev(emulator_base_url: &str, paths: Paths) -> Self {
        let app = AppConfig {
            name: DEV_APP.to_owned(),
            backend: BackendConfig::AppServices {
                base_url: emulator_base_url.trim_end_matches('/').to_owned(),
                app_id: DEV_APP_ID.to_owned(),
            },
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            refresh: RefreshPolicy::default(),
            shared_gid: None,
        };
        Self {
            socket: paths.socket,
            socket_mode: 0o600,
            state_dir: paths.state_dir,
            credentials_dir: paths.credentials_dir,
            socket_gid: None,
            access: AccessPolicy::default(),
            limits: Limits::default(),
            log_format: LogFormat::Text,
            default_app: DEV_APP.to_owned(),
            apps: BTreeMap::from([(DEV_APP.to_owned(), app)]),
        }
    }
}

/// Timeout of one backend HTTP request unless `request_timeout` says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn parse_socket_mode(value: &toml::Value) -> Result<u32, ConfigError> {
    let mode = match value {
        toml::Value::String(text) => u32::from_str_radix(text.trim_start_matches("0o"), 8)
            .map_err(|_| {
                ConfigError::new("socket_mode", format!("{text:?} is not an octal mode"))
            })?,
        toml::Value::Integer(number) => u32::try_from(*number)
            .map_err(|_| ConfigError::new("socket_mode", "must not be negative"))?,
        _ => {
            return Err(ConfigError::new(
                "socket_mode",
                "write it as an octal string (\"0660\") or 0o660",
            ));
        }
    };
    if mode > 0o777 {
        return Err(ConfigError::new(
            "socket_mode",
            "not a permission mode; write it as an octal string (\"0660\") or 0o660",
        ));
    }
    Ok(mode)
}

fn validate_app(name: &str, raw: RawApp) -> Result<AppConfig, ConfigError> {
    let key = |field: &str| format!("apps.{name}.{field}");
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ConfigError::new(
            format!("apps.{name}"),
            "app names use only letters, digits, '-' and '_'",
        ));
    }
    let request_timeout = match raw.request_timeout {
        None => DEFAULT_REQUEST_TIMEOUT,
        Some(text) => match parse_duration(&text) {
            Ok(duration) if !duration.is_zero() => duration,
            Ok(_) => return Err(ConfigError::new(key("request_timeout"), "must be positive")),
            Err(problem) => return Err(ConfigError::new(key("request_timeout"), problem)),
        },
    };
    let positive_duration = |field: &str, value: Option<&String>, default: Duration| match value {
        None => Ok(default),
        Some(text) => match parse_duration(text) {
            Ok(duration) if !duration.is_zero() => Ok(duration),
            Ok(_) => Err(ConfigError::new(key(field), "must be positive")),
            Err(problem) => Err(ConfigError::new(key(field), problem)),
        },
    };
    let defaults = RefreshPolicy::default();
    let refresh_at = raw.refresh_at.unwrap_or(defaults.refresh_at);
    if !(0.1..=0.95).contains(&refresh_at) {
        return Err(ConfigError::new(
            key("refresh_at"),
            "must be a fraction of the token lifetime between 0.1 and 0.95",
        ));
    }
    let jitter = raw.refresh_jitter.unwrap_or(defaults.jitter);
    if !(0.0..=0.5).contains(&jitter) || refresh_at + jitter >= 1.0 || refresh_at - jitter <= 0.0 {
        return Err(ConfigError::new(
            key("refresh_jitter"),
            "must be between 0 and 0.5 and keep refresh_at +/- jitter inside (0, 1)",
        ));
    }
    let refresh = RefreshPolicy {
        refresh_at,
        jitter,
        backoff_base: defaults.backoff_base,
        backoff_cap: positive_duration(
            "refresh_backoff_cap",
            raw.refresh_backoff_cap.as_ref(),
            defaults.backoff_cap,
        )?,
        expiry_warning: positive_duration(
            "refresh_token_warning",
            raw.refresh_token_warning.as_ref(),
            defaults.expiry_warning,
        )?,
    };
    let backend = match raw.kind.as_deref() {
        None => {
            return Err(ConfigError::new(
                key("kind"),
                "missing; use \"app-services\"",
            ));
        }
        Some("app-services") => {
            for (field, present) in [
                ("issuer", raw.issuer.is_some()),
                ("client_id", raw.client_id.is_some()),
                ("client_secret_file", raw.client_secret_file.is_some()),
                ("scopes", raw.scopes.is_some()),
            ] {
                if present {
                    return Err(ConfigError::new(
                        key(field),
                        "is an oidc key; an app-services app does not take it",
                    ));
                }
            }
            let base_url = raw
                .base_url
                .unwrap_or_else(|| "https://services.cloud.mongodb.com".to_owned());
            let base_url = base_url.trim_end_matches('/').to_owned();
            match reqwest::Url::parse(&base_url) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {}
                _ => {
                    return Err(ConfigError::new(
                        key("base_url"),
                        format!("{base_url:?} is not an http(s) URL"),
                    ));
                }
            }
            let app_id = raw
                .app_id
                .ok_or_else(|| ConfigError::new(key("app_id"), "missing"))?;
            if app_id.is_empty()
                || !app_id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(ConfigError::new(
                    key("app_id"),
                    "must be a non-empty App Services app id (letters, digits, '-', '_')",
                ));
            }
            BackendConfig::AppServices { base_url, app_id }
        }
        Some("oidc") => {
            return Err(ConfigError::new(
                key("kind"),
                "\"oidc\" apps are not supported by this build yet",
            ));
        }
        Some(other) => {
            return Err(ConfigError::new(
                key("kind"),
                format!("unknown kind {other:?}; use \"app-services\""),
            ));
        }
    };
    Ok(AppConfig {
        name: name.to_owned(),
        backend,
        request_timeout,
        refresh,
        shared_gid: raw
            .shared_with_group
            .as_deref()
            .map(|group| group_id(group, &key("shared_with_group")))
            .transpose()?,
    })
}

/// Parses a duration such as `500ms`, `30s`, `5m`, `2h`, `60d`, or a bare number of seconds.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Paths {
        Paths {
            socket: PathBuf::from("/run/x.sock"),
            state_dir: PathBuf::from("/var/lib/x"),
            credentials_dir: None,
            socket_mode: 0o666,
        }
    }

    fn error(text: &str) -> ConfigError {
        match Config::from_toml(text, &defaults()) {
            Ok(_) => ConfigError::new("", "accepted"),
            Err(err) => err,
        }
    }

    #[test]
    fn full_config_parses() {
        let config = Config::from_toml(
            r#"
socket = "/tmp/l.sock"
socket_mode = "0660"
log_format = "json"
default_app = "todo"
[apps.todo]
kind = "app-services"
base_url = "http://127.0.0.1:9000///"
app_id = "todo-abcde"
request_timeout = "5s"
[apps.other]
kind = "app-services"
app_id = "x"
"#,
            &defaults(),
        )
        .unwrap();
        assert_eq!(config.socket_mode, 0o660);
        assert_eq!(config.state_dir, PathBuf::from("/var/lib/x"));
        assert_eq!(config.log_format, LogFormat::Json);
        let todo = &config.apps["todo"];
        assert_eq!(todo.request_timeout, Duration::from_secs(5));
        match &todo.backend {
            BackendConfig::AppServices { base_url, app_id } => {
                assert_eq!(base_url, "http://127.0.0.1:9000");
                assert_eq!(app_id, "todo-abcde");
            }
        }
    }

    #[test]
    fn every_bad_key_is_named() {
        let app = "[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\n";
        assert_eq!(error("").key, "apps");
        assert_eq!(error(&format!("socket = \"rel\"\n{app}")).key, "socket");
        assert_eq!(
            error(&format!("socket_mode = 660\n{app}")).key,
            "socket_mode"
        );
        assert_eq!(
            error(&format!("socket_mode = \"9\"\n{app}")).key,
            "socket_mode"
        );
        assert_eq!(
            error(&format!("log_format = \"xml\"\n{app}")).key,
            "log_format"
        );
        assert_eq!(error("[apps.a]\napp_id = \"x\"\n").key, "apps.a.kind");
        assert_eq!(error("[apps.a]\nkind = \"nope\"\n").key, "apps.a.kind");
        assert_eq!(
            error("[apps.a]\nkind = \"app-services\"\n").key,
            "apps.a.app_id"
        );
        assert_eq!(
            error("[apps.a]\nkind = \"app-services\"\napp_id = \"x\"\nbase_url = \"ftp://h\"\n")
                .key,
            "apps.a.base_url"
        );
        assert_eq!(
            error(&format!("{app}request_timeout = \"5 parsecs\"\n")).key,
            "apps.a.request_timeout"
        );
        assert_eq!(
            error(&format!("{app}refresh_at = 1.5\n")).key,
            "apps.a.refresh_at"
        );
        assert_eq!(
            error(&format!("{app}refresh_jitter = 0.4\n")).key,
            "apps.a.refresh_jitter"
        );
        assert_eq!(
            error(&format!("{app}refresh_backoff_cap = \"0s\"\n")).key,
            "apps.a.refresh_backoff_cap"
        );
        assert_eq!(
            error(&format!(
                "{app}[apps.b]\nkind = \"app-services\"\napp_id = \"y\"\n"
            ))
            .key,
            "default_app"
        );
        let unknown = error(&format!("{app}colour = \"red\"\n"));
        assert!(unknown.problem.contains("colour"), "{unknown}");
        assert_eq!(unknown.key, "line 4");
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("60d"), Ok(Duration::from_secs(5_184_000)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("3y").is_err());
    }

    #[test]
    fn system_paths_follow_systemd() {
        let env = |name: &str| match name {
            "RUNTIME_DIRECTORY" => Some("/run/lk".to_owned()),
            "STATE_DIRECTORY" => Some("/var/lib/lk".to_owned()),
            _ => None,
        };
        let paths = Paths::defaults(Mode::System, &env).unwrap();
        assert_eq!(paths.socket, PathBuf::from("/run/lk/latchkeyd.sock"));
        assert_eq!(paths.state_dir, PathBuf::from("/var/lib/lk"));
        let none = |_: &str| None;
        let paths = Paths::defaults(Mode::System, &none).unwrap();
        assert_eq!(paths.socket, PathBuf::from("/run/latchkey/latchkeyd.sock"));
        assert_eq!(
            paths.socket_mode, 0o666,
            "system: every uid connects, peer uid decides"
        );
        let user_env =
            |name: &str| (name == "XDG_RUNTIME_DIR").then(|| "/run/user/1000".to_owned());
        let user = Paths::defaults(Mode::User, &user_env).unwrap();
        assert_eq!(
            user.socket,
            PathBuf::from("/run/user/1000/latchkey/latchkeyd.sock")
        );
        assert_eq!(user.socket_mode, 0o600, "user: only its owner connects");
    }
}
