//! Validation: a [`RawConfig`] becomes a [`Config`] in which invalid states cannot exist, or the
//! first key at fault is named with its problem.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use super::raw::{RawApp, RawConfig};
use super::{
    AccessPolicy, AppConfig, BackendConfig, Config, ConfigError, DEFAULT_BROWSER_TIMEOUT,
    DEFAULT_OIDC_SCOPES, DEFAULT_REQUEST_TIMEOUT, Downscoping, Limits, LogFormat, MetricsListen,
    OidcConfig, OidcEndpoints, OidcGrant, Paths, RefreshPolicy, SecretSource, parse_duration,
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
        connections_per_uid: positive(
            raw.limits.connections_per_uid,
            defaults_limits.connections_per_uid,
            "limits.connections_per_uid",
        )?,
        idle_connection_timeout: match raw.limits.idle_connection_timeout.as_deref() {
            None => defaults_limits.idle_connection_timeout,
            Some(text) => match parse_duration(text) {
                Ok(timeout) if timeout >= Duration::from_millis(100) => timeout,
                Ok(_) => {
                    return Err(ConfigError::new(
                        "limits.idle_connection_timeout",
                        "must be at least 100ms",
                    ));
                }
                Err(problem) => {
                    return Err(ConfigError::new("limits.idle_connection_timeout", problem));
                }
            },
        },
    };
    let metrics_listen = match raw.metrics_listen.as_deref() {
        None => None,
        Some(text) if text.starts_with('/') => Some(MetricsListen::Unix(PathBuf::from(text))),
        Some(text) => Some(MetricsListen::Tcp(text.parse().map_err(|_| {
            ConfigError::new(
                "metrics_listen",
                format!(
                    "{text:?} is neither an address with a port (127.0.0.1:9464) nor an absolute socket path"
                ),
            )
        })?)),
    };
    Ok(Config {
        metrics_listen,
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

/// A group's id from its number, or from its name through the system's name service (NSS:
/// `/etc/group`, systemd's dynamic and sysusers groups, LDAP or SSSD, as `getent group` sees).
fn group_id(name: &str, key: &str) -> Result<u32, ConfigError> {
    if let Ok(gid) = name.parse::<u32>() {
        return Ok(gid);
    }
    match nix::unistd::Group::from_name(name) {
        Ok(Some(group)) => Ok(group.gid.as_raw()),
        Ok(None) => Err(ConfigError::new(key, format!("no group named {name:?}"))),
        Err(err) => Err(ConfigError::new(
            key,
            format!("cannot look up the group {name:?}: {err}"),
        )),
    }
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
    let shared_gid = raw
        .shared_with_group
        .as_deref()
        .map(|group| group_id(group, &key("shared_with_group")))
        .transpose()?;
    let backend = match raw.kind.as_deref() {
        None => {
            return Err(ConfigError::new(
                key("kind"),
                "missing; use \"app-services\" or \"oidc\"",
            ));
        }
        Some("app-services") => app_services(raw, &key)?,
        Some("oidc") => {
            let browser_timeout = positive_duration(
                "browser_timeout",
                raw.browser_timeout.as_ref(),
                DEFAULT_BROWSER_TIMEOUT,
            )?;
            BackendConfig::Oidc(Box::new(oidc(raw, &key, browser_timeout)?))
        }
        Some(other) => {
            return Err(ConfigError::new(
                key("kind"),
                format!("unknown kind {other:?}; use \"app-services\" or \"oidc\""),
            ));
        }
    };
    Ok(AppConfig {
        name: name.to_owned(),
        backend,
        request_timeout,
        refresh,
        shared_gid,
    })
}

/// An http(s) URL with a host, trailing slashes stripped.
fn http_url(text: &str, key: String) -> Result<String, ConfigError> {
    let text = text.trim_end_matches('/').to_owned();
    match reqwest::Url::parse(&text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => Ok(text),
        _ => Err(ConfigError::new(
            key,
            format!("{text:?} is not an http(s) URL"),
        )),
    }
}

/// An endpoint URL, kept as written (a trailing slash can be part of its path: Django's are).
fn endpoint_url(text: &str, key: String) -> Result<String, ConfigError> {
    match reqwest::Url::parse(text) {
        Ok(url)
            if matches!(url.scheme(), "http" | "https")
                && url.has_host()
                && url.fragment().is_none() =>
        {
            Ok(text.to_owned())
        }
        _ => Err(ConfigError::new(
            key,
            format!("{text:?} is not an http(s) URL without a fragment"),
        )),
    }
}

fn app_services(raw: RawApp, key: &dyn Fn(&str) -> String) -> Result<BackendConfig, ConfigError> {
    for (field, present) in [
        ("issuer", raw.issuer.is_some()),
        ("client_id", raw.client_id.is_some()),
        ("client_secret", raw.client_secret.is_some()),
        ("client_secret_file", raw.client_secret_file.is_some()),
        (
            "client_secret_credential",
            raw.client_secret_credential.is_some(),
        ),
        ("scopes", raw.scopes.is_some()),
        ("audience", raw.audience.is_some()),
        ("grants", raw.grants.is_some()),
        ("redirect_port", raw.redirect_port.is_some()),
        ("browser_timeout", raw.browser_timeout.is_some()),
        ("id_tokens", raw.id_tokens.is_some()),
        (
            "authorization_endpoint",
            raw.authorization_endpoint.is_some(),
        ),
        ("token_endpoint", raw.token_endpoint.is_some()),
        (
            "device_authorization_endpoint",
            raw.device_authorization_endpoint.is_some(),
        ),
        ("revocation_endpoint", raw.revocation_endpoint.is_some()),
        ("userinfo_endpoint", raw.userinfo_endpoint.is_some()),
        ("jwks_uri", raw.jwks_uri.is_some()),
        (
            "refresh_ends_previous_token",
            raw.refresh_ends_previous_token.is_some(),
        ),
        ("downscoping", raw.downscoping.is_some()),
    ] {
        if present {
            return Err(ConfigError::new(
                key(field),
                "is an oidc key; an app-services app does not take it",
            ));
        }
    }
    let base_url = http_url(
        raw.base_url
            .as_deref()
            .unwrap_or("https://services.cloud.mongodb.com"),
        key("base_url"),
    )?;
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
    Ok(BackendConfig::AppServices { base_url, app_id })
}

fn oidc(
    raw: RawApp,
    key: &dyn Fn(&str) -> String,
    browser_timeout: Duration,
) -> Result<OidcConfig, ConfigError> {
    for (field, present) in [
        ("base_url", raw.base_url.is_some()),
        ("app_id", raw.app_id.is_some()),
    ] {
        if present {
            return Err(ConfigError::new(
                key(field),
                "is an app-services key; an oidc app does not take it",
            ));
        }
    }
    if raw.client_secret.is_some() {
        return Err(ConfigError::new(
            key("client_secret"),
            "a client secret is never written in the configuration: put it in a file (mode 0600) named by client_secret_file, or in a systemd credential named by client_secret_credential",
        ));
    }
    let issuer = http_url(
        &raw.issuer
            .ok_or_else(|| ConfigError::new(key("issuer"), "missing"))?,
        key("issuer"),
    )?;
    let client_id = raw
        .client_id
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ConfigError::new(key("client_id"), "missing"))?;
    let client_secret = match (raw.client_secret_file, raw.client_secret_credential) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::new(
                key("client_secret_credential"),
                "give client_secret_file or client_secret_credential, not both",
            ));
        }
        (Some(path), None) if !path.is_absolute() => {
            return Err(ConfigError::new(
                key("client_secret_file"),
                "must be an absolute path",
            ));
        }
        (Some(path), None) => Some(SecretSource::File(path)),
        (None, Some(name))
            if name.is_empty() || name.contains('/') || name == "." || name == ".." =>
        {
            return Err(ConfigError::new(
                key("client_secret_credential"),
                "must be a credential name (no '/')",
            ));
        }
        (None, Some(name)) => Some(SecretSource::Credential(name)),
        (None, None) => None,
    };
    let scopes = raw.scopes.unwrap_or_else(|| {
        DEFAULT_OIDC_SCOPES
            .iter()
            .map(|scope| (*scope).to_owned())
            .collect()
    });
    if let Some(bad) = scopes.iter().find(|scope| {
        scope.is_empty()
            || !scope
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
    }) {
        return Err(ConfigError::new(
            key("scopes"),
            format!("{bad:?} is not a scope (printable ASCII, no spaces, quotes or backslashes)"),
        ));
    }
    let audience = raw
        .audience
        .map(|value| value.into_vec())
        .unwrap_or_default();
    if let Some(bad) = audience
        .iter()
        .find(|resource| !resource_indicator(resource))
    {
        return Err(ConfigError::new(
            key("audience"),
            format!("{bad:?} is not an absolute URI without a fragment (RFC 8707)"),
        ));
    }
    let grants_given = raw.grants.is_some();
    let mut grants = match raw.grants {
        None => OidcGrant::ALL.to_vec(),
        Some(names) => {
            let mut grants = Vec::new();
            for name in &names {
                let grant = OidcGrant::ALL
                    .into_iter()
                    .find(|grant| grant.as_str() == name)
                    .ok_or_else(|| {
                        ConfigError::new(
                            key("grants"),
                            format!(
                                "unknown grant {name:?}; use device, browser, client_credentials, password, refresh_token or jwt"
                            ),
                        )
                    })?;
                if !grants.contains(&grant) {
                    grants.push(grant);
                }
            }
            if grants.is_empty() {
                return Err(ConfigError::new(
                    key("grants"),
                    "must name at least one grant",
                ));
            }
            grants.sort();
            grants
        }
    };
    if client_secret.is_none() && grants.contains(&OidcGrant::ClientCredentials) {
        if grants_given {
            return Err(ConfigError::new(
                key("grants"),
                "client_credentials needs a confidential client: set client_secret_file or client_secret_credential",
            ));
        }
        grants.retain(|grant| *grant != OidcGrant::ClientCredentials);
    }
    if raw.redirect_port == Some(0) {
        return Err(ConfigError::new(
            key("redirect_port"),
            "must be a port number (leave it out for a random port)",
        ));
    }
    let endpoint = |value: Option<String>, name: &str| {
        value.map(|url| endpoint_url(&url, key(name))).transpose()
    };
    let endpoints = OidcEndpoints {
        authorization: endpoint(raw.authorization_endpoint, "authorization_endpoint")?,
        token: endpoint(raw.token_endpoint, "token_endpoint")?,
        device_authorization: endpoint(
            raw.device_authorization_endpoint,
            "device_authorization_endpoint",
        )?,
        revocation: endpoint(raw.revocation_endpoint, "revocation_endpoint")?,
        userinfo: endpoint(raw.userinfo_endpoint, "userinfo_endpoint")?,
        jwks: endpoint(raw.jwks_uri, "jwks_uri")?,
    };
    let downscoping = match raw.downscoping.as_deref() {
        None | Some("auto") => Downscoping::Auto,
        Some("exchange") => Downscoping::Exchange,
        Some("refresh") => Downscoping::Refresh,
        Some("off") => Downscoping::Off,
        Some(other) => {
            return Err(ConfigError::new(
                key("downscoping"),
                format!("{other:?} is not auto, exchange, refresh or off"),
            ));
        }
    };
    let id_tokens = raw.id_tokens.unwrap_or(false);
    if id_tokens && !scopes.iter().any(|scope| scope == "openid") {
        return Err(ConfigError::new(
            key("id_tokens"),
            "needs the openid scope in scopes: without it the provider issues no ID token",
        ));
    }
    Ok(OidcConfig {
        issuer,
        client_id,
        client_secret,
        scopes,
        audience,
        grants,
        grants_listed: grants_given,
        endpoints,
        refresh_ends_previous_token: raw.refresh_ends_previous_token,
        downscoping,
        redirect_port: raw.redirect_port,
        browser_timeout,
        id_tokens,
    })
}

/// An RFC 8707 resource indicator: an absolute URI without a fragment.
fn resource_indicator(text: &str) -> bool {
    reqwest::Url::parse(text).is_ok_and(|url| url.fragment().is_none())
}
