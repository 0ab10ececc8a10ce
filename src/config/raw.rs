//! The configuration file as written: TOML deserialised into structs that mirror it key by key,
//! with unknown keys refused. Nothing here decides whether a value is valid ([`super::validate`]
//! does); nothing else in the crate reads TOML.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAccess {
    #[serde(default)]
    pub(super) uids: Vec<u32>,
    #[serde(default)]
    pub(super) groups: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLimits {
    pub(super) max_sessions_per_uid: Option<usize>,
    pub(super) logins_per_minute: Option<usize>,
    pub(super) max_subscribers_per_uid: Option<usize>,
    pub(super) connections_per_uid: Option<usize>,
    pub(super) idle_connection_timeout: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) socket: Option<PathBuf>,
    pub(super) socket_mode: Option<toml::Value>,
    pub(super) state_dir: Option<PathBuf>,
    pub(super) log_format: Option<String>,
    pub(super) default_app: Option<String>,
    pub(super) socket_group: Option<String>,
    pub(super) metrics_listen: Option<String>,
    #[serde(default)]
    pub(super) access: RawAccess,
    #[serde(default)]
    pub(super) limits: RawLimits,
    #[serde(default)]
    pub(super) apps: BTreeMap<String, RawApp>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawApp {
    pub(super) kind: Option<String>,
    pub(super) base_url: Option<String>,
    pub(super) app_id: Option<String>,
    pub(super) request_timeout: Option<String>,
    pub(super) shared_with_group: Option<String>,
    pub(super) refresh_at: Option<f64>,
    pub(super) refresh_jitter: Option<f64>,
    pub(super) refresh_backoff_cap: Option<String>,
    pub(super) refresh_token_warning: Option<String>,
    // oidc keys.
    pub(super) issuer: Option<String>,
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<toml::Value>,
    pub(super) client_secret_file: Option<PathBuf>,
    pub(super) client_secret_credential: Option<String>,
    pub(super) scopes: Option<Vec<String>>,
    pub(super) audience: Option<OneOrMany>,
    pub(super) grants: Option<Vec<String>>,
    pub(super) redirect_port: Option<u16>,
    pub(super) browser_timeout: Option<String>,
    pub(super) id_tokens: Option<bool>,
    pub(super) authorization_endpoint: Option<String>,
    pub(super) token_endpoint: Option<String>,
    pub(super) device_authorization_endpoint: Option<String>,
    pub(super) revocation_endpoint: Option<String>,
    pub(super) userinfo_endpoint: Option<String>,
    pub(super) jwks_uri: Option<String>,
    pub(super) refresh_ends_previous_token: Option<bool>,
    pub(super) downscoping: Option<String>,
}

/// A key that takes one string or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub(super) fn into_vec(self) -> Vec<String> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }
}

/// Parses the file's text; a syntax error or an unknown key is named by its line.
pub(super) fn parse(text: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|err| {
        let location = err
            .span()
            .map(|span| format!("line {}", text[..span.start].matches('\n').count() + 1))
            .unwrap_or_else(|| "config".to_owned());
        ConfigError::new(location, err.message().trim().to_owned())
    })
}
