//! The daemon's configuration: the TOML file, the defaults of system and user mode, and the
//! validation that turns the raw file into a [`Config`] in which invalid states cannot exist.
//!
//! Everything is validated before any socket is bound; an error names the key and the problem
//! in one line. Environment variables are read through a lookup function so tests feed a map.

mod paths;
mod raw;
#[cfg(test)]
mod tests;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use latchkey_client::layout::parse_duration;
pub use paths::{Mode, Paths, check_socket_dir, client_socket, default_config_path};

/// Exit status for a bad command line or configuration (`EX_USAGE` of sysexits.h).
pub use latchkey_emulator::EX_USAGE;

/// The name of the one app `latchkeyd --dev` serves.
pub const DEV_APP: &str = "dev";

/// The App Services app id of the `--dev` emulator.
pub use latchkey_emulator::DEV_APP_ID;

/// A configuration problem, naming the key at fault.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{key}: {problem}")]
pub struct ConfigError {
    /// The key (dotted path) at fault, or the file when the syntax is wrong.
    pub key: String,
    /// What is wrong with it.
    pub problem: String,
}

/// Why a configuration file was not loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file cannot be read.
    #[error("cannot read the configuration {}: {source} (pass --config FILE, or --dev to run with the built-in emulator)", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What reading it said.
        source: std::io::Error,
    },
    /// The file is read but a key is wrong (the first one found).
    #[error("configuration {}: {error}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The key at fault and what is wrong with it.
        error: ConfigError,
    },
}

impl ConfigError {
    pub(crate) fn new(key: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            problem: problem.into(),
        }
    }
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
    /// Where Prometheus metrics are served (`metrics_listen`); none when unset.
    pub metrics_listen: Option<MetricsListen>,
}

/// Where the metrics listener is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetricsListen {
    /// A TCP address such as `127.0.0.1:9464`.
    Tcp(std::net::SocketAddr),
    /// A Unix socket path.
    Unix(PathBuf),
}

impl std::fmt::Display for MetricsListen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Tcp(addr) => write!(f, "{addr}"),
            Self::Unix(path) => write!(f, "{}", path.display()),
        }
    }
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
    /// Connections one uid may hold open at once (`connections_per_uid`): more are closed as
    /// they are accepted, so that one user cannot take every descriptor of the daemon.
    pub connections_per_uid: usize,
    /// A connection with no request in flight for this long is closed
    /// (`idle_connection_timeout`); clients reconnect when they next call.
    pub idle_connection_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_sessions_per_uid: 100,
            logins_per_minute: 60,
            max_subscribers_per_uid: 16,
            connections_per_uid: 256,
            idle_connection_timeout: Duration::from_secs(300),
        }
    }
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
    /// An OpenID Connect / OAuth 2.0 server.
    Oidc(Box<OidcConfig>),
}

/// An `oidc` app's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcConfig {
    /// The issuer URL, trailing slashes stripped; discovery reads
    /// `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    /// The client registered at the provider.
    pub client_id: String,
    /// Where the client secret is read from; `None` for a public client.
    pub client_secret: Option<SecretSource>,
    /// Scopes of every login (default `openid offline_access profile email`).
    pub scopes: Vec<String>,
    /// RFC 8707 resource indicators requested at login; tokens for them can then be asked for.
    pub audience: Vec<String>,
    /// The grants this app allows (each also needs the server to offer it).
    pub grants: Vec<OidcGrant>,
    /// Whether the configuration listed `grants` (then they stand for a server whose metadata
    /// lists no grant types).
    pub grants_listed: bool,
    /// Endpoints the configuration names: they take the place of the provider's metadata's.
    pub endpoints: OidcEndpoints,
    /// Whether the provider ends the previous access token when a session refreshes; `None`:
    /// the daemon finds out at the first refresh.
    pub refresh_ends_previous_token: Option<bool>,
    /// How tokens for a purpose (narrower scopes, an audience) are obtained.
    pub downscoping: Downscoping,
    /// The fixed loopback port of browser logins, for providers that insist on one.
    pub redirect_port: Option<u16>,
    /// How long a browser login waits for the browser to come back (default 10 minutes).
    pub browser_timeout: Duration,
    /// Whether callers may have the session's ID token (`GetIdToken`); off by default, since an
    /// ID token is a bearer credential for whoever accepts its audience.
    pub id_tokens: bool,
}

/// How an oidc app obtains tokens for a purpose (`downscoping`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Downscoping {
    /// `auto`: token exchange where the provider lists it, else the refresh grant, watched for
    /// a provider that narrows the session's grant that way (then refused).
    #[default]
    Auto,
    /// `exchange`: token exchange only; refused where the provider does not list it.
    Exchange,
    /// `refresh`: the refresh grant, the operator vouching that the provider keeps the grant.
    Refresh,
    /// `off`: no tokens for a purpose.
    Off,
}

/// The endpoints an oidc app's configuration may name, for a provider whose metadata leaves
/// one out (or names one that does not work from here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OidcEndpoints {
    /// `authorization_endpoint`.
    pub authorization: Option<String>,
    /// `token_endpoint`.
    pub token: Option<String>,
    /// `device_authorization_endpoint`.
    pub device_authorization: Option<String>,
    /// `revocation_endpoint`.
    pub revocation: Option<String>,
    /// `userinfo_endpoint`.
    pub userinfo: Option<String>,
    /// `jwks_uri`.
    pub jwks: Option<String>,
}

/// How long a browser login waits unless `browser_timeout` says otherwise.
pub const DEFAULT_BROWSER_TIMEOUT: Duration = Duration::from_secs(600);

/// Where a client secret lives (never inline in the configuration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// `client_secret_file`: a file owned by the daemon's user, mode 0600.
    File(PathBuf),
    /// `client_secret_credential`: a systemd credential (`$CREDENTIALS_DIRECTORY/NAME`).
    Credential(String),
}

/// A way into an `oidc` app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OidcGrant {
    /// `device`: the device authorization grant (RFC 8628), `LogInWithDevice`.
    Device,
    /// `browser`: authorization code with PKCE and a loopback redirect, `LogInWithBrowser`.
    Browser,
    /// `client_credentials`: a service session of the client itself.
    ClientCredentials,
    /// `password`: the resource owner password grant.
    Password,
    /// `refresh_token`: adopting a refresh token obtained elsewhere.
    RefreshToken,
    /// `jwt`: a JWT exchanged for tokens (RFC 8693 token exchange or RFC 7523 JWT bearer).
    Jwt,
}

impl OidcGrant {
    /// Every grant, as the default of `grants`.
    pub const ALL: [Self; 6] = [
        Self::Device,
        Self::Browser,
        Self::ClientCredentials,
        Self::Password,
        Self::RefreshToken,
        Self::Jwt,
    ];

    /// The name in `grants`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Device => "device",
            Self::Browser => "browser",
            Self::ClientCredentials => "client_credentials",
            Self::Password => "password",
            Self::RefreshToken => "refresh_token",
            Self::Jwt => "jwt",
        }
    }
}

/// Default scopes of an `oidc` app.
pub const DEFAULT_OIDC_SCOPES: [&str; 4] = ["openid", "offline_access", "profile", "email"];

impl BackendConfig {
    /// The `kind` key's value.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::AppServices { .. } => "app-services",
            Self::Oidc(_) => "oidc",
        }
    }
}

impl Config {
    /// Parses and validates a TOML configuration; paths not given come from `defaults`.
    ///
    /// # Errors
    /// The first key that is missing, unknown or invalid.
    pub fn from_toml(text: &str, defaults: &Paths) -> Result<Self, ConfigError> {
        validate::config(raw::parse(text)?, defaults)
    }

    /// Reads and validates the configuration file at `path`.
    ///
    /// # Errors
    /// [`LoadError`]: the file cannot be read, or the first key at fault; its message is one
    /// line.
    pub fn load(path: &Path, defaults: &Paths) -> Result<Self, LoadError> {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_toml(&text, defaults).map_err(|error| LoadError::Invalid {
            path: path.to_path_buf(),
            error,
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
            metrics_listen: None,
        }
    }
}

/// Timeout of one backend HTTP request unless `request_timeout` says otherwise.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
