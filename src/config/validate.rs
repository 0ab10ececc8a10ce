//! Validation: a [`RawConfig`] becomes a [`Config`] in which invalid states cannot exist, or the
//! first key at fault is named with its problem.

use std::collections::BTreeMap;
use std::time::Duration;

use super::raw::{RawApp, RawConfig};
use super::{
    AccessPolicy, AppConfig, BackendConfig, Config, ConfigError, DEFAULT_REQUEST_TIMEOUT, Limits,
    LogFormat, Paths, RefreshPolicy,
};

/// The validated configuration of `raw`; paths not given come from `defaults`.
pub(super) fn config(raw: RawConfig, defaults: &Paths) -> Result<Config, ConfigError> {
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
    Ok(Config {
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
    let positive_duration = |field: &str, value: Option<&String>, default: Duration| match value {
        None => Ok(default),
        Some(text) => match parse_duration(text) {
            Ok(duration) if !duration.is_zero() => Ok(duration),
            Ok(_) => Err(ConfigError::new(key(field), "must be positive")),
            Err(problem) => Err(ConfigError::new(key(field), problem)),
        },
    };
    let request_timeout = positive_duration(
        "request_timeout",
        raw.request_timeout.as_ref(),
        DEFAULT_REQUEST_TIMEOUT,
    )?;
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
