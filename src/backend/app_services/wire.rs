//! The App Services wire formats (spec §1-§7): provider strings, login bodies with realm-core's
//! `options.device` object, the answers of location, login, profile, refresh and API keys, the
//! meaning of `error_code` values, reading the tokens' `exp`, `iat` and `user_data` claims, and
//! which identities make a user anonymous or keep its profile in memory.
//!
//! Everything App Services names lives here; nothing outside `backend::app_services` sees a
//! provider string, a claim or an `error_code` as anything but text to pass on.

use serde_json::{Map, Value, json};

use super::transport::Bearer;
use crate::backend::{
    AccessGrant, ApiKeyInfo, BackendError, CredentialKind, Credentials, ErrorKind, Grant, Identity,
    Profile, RefreshGrant, UserTraits,
};
use crate::jwt;
use crate::secret::Secret;

/// The credential kinds App Services takes.
pub(super) const ACCEPTS: &[CredentialKind] = &[
    CredentialKind::Anonymous,
    CredentialKind::EmailPassword,
    CredentialKind::Jwt,
    CredentialKind::ApiKey,
    CredentialKind::Function,
    CredentialKind::Facebook,
    CredentialKind::Google,
    CredentialKind::Apple,
];

const ANONYMOUS: &str = "anon-user";
const EMAIL_PASSWORD: &str = "local-userpass";
const FACEBOOK: &str = "oauth2-facebook";

/// The provider path of the email/password endpoints (spec §6).
pub(super) const EMAIL_PASSWORD_ROUTE: &str = "/auth/providers/local-userpass";

/// Profile keys that may embed the user's provider token (Facebook's picture URLs do).
const PICTURE_KEYS: &[&str] = &["picture", "picture_url"];

/// Safety margin taken off every local expiry: `iat` and `exp` are whole seconds, so a token
/// may expire up to a second before `received + lifetime`.
const EXPIRY_MARGIN_MS: i64 = 1000;

/// Anonymous: exactly one identity, `anon-user` (spec §8.1); before the profile is known, the
/// login's provider decides. A user with a Facebook identity (or logged in with Facebook) keeps
/// its picture URLs in memory only.
pub(super) fn user_traits(login_provider: &str, identities: &[Identity]) -> UserTraits {
    let anonymous = match identities {
        [only] => only.provider_type == ANONYMOUS,
        [] => login_provider == ANONYMOUS,
        _ => false,
    };
    let facebook = login_provider == FACEBOOK
        || identities
            .iter()
            .any(|identity| identity.provider_type == FACEBOOK);
    UserTraits {
        anonymous,
        memory_only_profile_keys: if facebook { PICTURE_KEYS } else { &[] },
    }
}

/// What an error answer means (spec §7.3, §7.4): the `error_code` when the backend gave a known
/// one; otherwise the status. A 401 on a call made with a token means the token was refused
/// (realm-core refreshes on any 401), except that a link's credentials can be refused too.
pub(super) fn error_kind(status: u16, code: &str, bearer: Bearer<'_>) -> ErrorKind {
    let refused_token = match bearer {
        Bearer::Refresh(_) => status == 401,
        Bearer::Access(_) => {
            status == 401 && !matches!(code, "InvalidPassword" | "AuthError" | "UserDisabled")
        }
        Bearer::None => false,
    };
    if refused_token {
        return ErrorKind::TokenRefused;
    }
    match code {
        "InvalidPassword" | "AuthError" => ErrorKind::CredentialsRefused,
        "UserDisabled" => ErrorKind::UserDisabled,
        "AccountNameInUse" => ErrorKind::AccountNameInUse,
        "UserNotFound" => ErrorKind::UserNotFound,
        "APIKeyNotFound" => ErrorKind::ApiKeyNotFound,
        "APIKeyAlreadyExists" => ErrorKind::ApiKeyAlreadyExists,
        "APIKeyLimitReached" => ErrorKind::ApiKeyLimitReached,
        "UserpassTokenInvalid" => ErrorKind::InvalidToken,
        "UserAlreadyConfirmed" => ErrorKind::AlreadyConfirmed,
        "InvalidSession" => ErrorKind::TokenRefused,
        _ if status >= 500 || status == 429 => ErrorKind::Unavailable,
        _ if status == 401 => ErrorKind::CredentialsRefused,
        _ => ErrorKind::Rejected,
    }
}

/// The host of a location answer (spec §1.2): its `hostname`, or the base URL when empty.
pub(super) fn location_host(body: &Value, base_url: &str) -> Result<String, BackendError> {
    let hostname = required_str(body, "hostname", "location")?;
    required_str(body, "ws_hostname", "location")?;
    if hostname.is_empty() {
        return Ok(base_url.to_owned());
    }
    let host = hostname.trim_end_matches('/').to_owned();
    // Passwords and tokens follow the location: it must be a web URL, and never a downgrade
    // from https to http.
    match reqwest::Url::parse(&host) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
            if base_url.starts_with("https://") && url.scheme() != "https" {
                return Err(BackendError::Malformed(format!(
                    "location: {host:?} would downgrade the https base URL to {}",
                    url.scheme()
                )));
            }
            // What is kept is what was checked: the parsed form, not the text.
            Ok(url.as_str().trim_end_matches('/').to_owned())
        }
        _ => Err(BackendError::Malformed(format!(
            "location: hostname {host:?} is not an http(s) URL"
        ))),
    }
}

/// The login body of spec §3.1 with `options.device` appended, and its provider.
pub(super) fn login_body(
    device: &Value,
    credentials: &Credentials,
) -> Result<(&'static str, Value), BackendError> {
    let (provider, mut body) = match credentials {
        Credentials::Anonymous { .. } => (ANONYMOUS, Map::new()),
        Credentials::EmailPassword { email, password } => (
            EMAIL_PASSWORD,
            fields([
                ("username", email.as_str()),
                ("password", password.expose()),
            ]),
        ),
        Credentials::Jwt(token) => ("custom-token", fields([("token", token.expose())])),
        Credentials::ApiKey(key) => ("api-key", fields([("key", key.expose())])),
        Credentials::Facebook(token) => (FACEBOOK, fields([("accessToken", token.expose())])),
        Credentials::GoogleAuthCode(code) => {
            ("oauth2-google", fields([("authCode", code.expose())]))
        }
        Credentials::GoogleIdToken(token) => {
            ("oauth2-google", fields([("id_token", token.expose())]))
        }
        Credentials::Apple(token) => ("oauth2-apple", fields([("id_token", token.expose())])),
        Credentials::Function(payload) => {
            // The payload goes verbatim, without a `provider` key (spec §3.1).
            let Ok(Value::Object(mut body)) = serde_json::from_str::<Value>(payload.expose())
            else {
                return Err(BackendError::Malformed(
                    "function payload is not a JSON object".to_owned(),
                ));
            };
            body.insert("options".to_owned(), json!({ "device": device }));
            return Ok(("custom-function", Value::Object(body)));
        }
        other => return Err(BackendError::ProviderNotSupported(other.kind())),
    };
    let mut ordered = Map::new();
    ordered.insert("provider".to_owned(), Value::from(provider));
    ordered.append(&mut body);
    ordered.insert("options".to_owned(), json!({ "device": device }));
    Ok((provider, Value::Object(ordered)))
}

fn fields<const N: usize>(pairs: [(&str, &str); N]) -> Map<String, Value> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_owned(), Value::from(value)))
        .collect()
}

/// The twelve keys realm-core sends in `options.device`, in its order (spec §3.2).
pub(super) fn device_info(app_id: &str) -> Value {
    let platform_version = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|text| text.trim().to_owned())
        .unwrap_or_else(|_| "unknown".to_owned());
    let cpu_arch = match std::env::consts::ARCH {
        "x86_64" => "x86_64",
        "x86" => "x86",
        "aarch64" => "arm64",
        "arm" => "arm",
        _ => "unknown",
    };
    json!({
        "appId": app_id,
        "platform": "Linux",
        "platformVersion": platform_version,
        "sdk": "Latchkey",
        "sdkVersion": env!("CARGO_PKG_VERSION"),
        "cpuArch": cpu_arch,
        "deviceName": "",
        "deviceVersion": "",
        "frameworkName": "",
        "frameworkVersion": "",
        "coreVersion": "",
        "bundleId": "",
    })
}

/// A JWT's lifetime on the local clock: received at `received_at_ms` (or, for tokens stored
/// without a receipt time, at their `iat`), usable for `exp - iat` less the margin, so that a
/// backend whose clock is off makes tokens look neither expired nor immortal.
fn lifetime(claims: &jwt::Claims, received_at_ms: Option<i64>) -> (i64, i64) {
    let span_ms = claims
        .exp
        .saturating_sub(claims.iat)
        .max(0)
        .saturating_mul(1000);
    match received_at_ms {
        Some(received) => (
            received,
            received
                .saturating_add(span_ms)
                .saturating_sub(EXPIRY_MARGIN_MS),
        ),
        None => (
            claims.iat.saturating_mul(1000),
            claims
                .exp
                .saturating_mul(1000)
                .saturating_sub(EXPIRY_MARGIN_MS),
        ),
    }
}

/// An access token with its local expiry and its `user_data` claim (custom data).
pub(super) fn access_grant(
    token: Secret,
    received_at_ms: Option<i64>,
) -> Result<AccessGrant, BackendError> {
    let claims = jwt::decode_unverified(token.expose())?;
    let (received_at_ms, expires_at_ms) = lifetime(&claims, received_at_ms);
    AccessGrant {
        custom_data: claims.user_data,
        token,
        received_at_ms,
        expires_at_ms,
        ends_at_refresh: false,
    }
    .checked()
}

/// A refresh token with its local expiry.
pub(super) fn refresh_grant(
    token: Secret,
    received_at_ms: Option<i64>,
) -> Result<RefreshGrant, BackendError> {
    let claims = jwt::decode_unverified(token.expose())?;
    let (received_at_ms, expires_at_ms) = lifetime(&claims, received_at_ms);
    RefreshGrant {
        token,
        received_at_ms,
        expires_at_ms: Some(expires_at_ms),
    }
    .checked()
}

/// A login answer (spec §3.3): both tokens must be readable JWTs.
pub(super) fn grant(
    answer: &Value,
    provider: &str,
    received_at_ms: i64,
) -> Result<Grant, BackendError> {
    let access = access_grant(
        required_secret(answer, "access_token", "login")?,
        Some(received_at_ms),
    )?;
    let refresh = refresh_grant(
        required_secret(answer, "refresh_token", "login")?,
        Some(received_at_ms),
    )?;
    Ok(Grant {
        user_id: required_str(answer, "user_id", "login")?,
        device_id: required_str(answer, "device_id", "login")?,
        provider_type: provider.to_owned(),
        access,
        refresh: Some(refresh),
        profile: None,
        id_token: None,
    })
}

/// A profile answer (spec §3.7): `identities` (each with `id` and `provider_type`) and `data`.
pub(super) fn profile(answer: &Value) -> Result<Profile, BackendError> {
    let identities = answer
        .get("identities")
        .and_then(Value::as_array)
        .ok_or_else(|| BackendError::Malformed("profile: missing `identities`".to_owned()))?
        .iter()
        .map(|identity| {
            Ok(Identity {
                id: required_str(identity, "id", "profile identity")?,
                provider_type: required_str(identity, "provider_type", "profile identity")?,
            })
        })
        .collect::<Result<Vec<_>, BackendError>>()?;
    let data = answer
        .get("data")
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| BackendError::Malformed("profile: missing `data`".to_owned()))?;
    Ok(Profile { identities, data })
}

/// A key object (spec §5): `_id`, `name`, `disabled`, and `key` on creation only.
pub(super) fn api_key_info(body: &Value) -> Result<ApiKeyInfo, BackendError> {
    Ok(ApiKeyInfo {
        id: required_str(body, "_id", "API key")?,
        name: required_str(body, "name", "API key")?,
        disabled: body
            .get("disabled")
            .and_then(Value::as_bool)
            .ok_or_else(|| BackendError::Malformed("API key: missing `disabled`".to_owned()))?,
        key: body.get("key").and_then(Value::as_str).map(Secret::new),
    })
}

fn required_str(body: &Value, key: &str, what: &str) -> Result<String, BackendError> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| BackendError::Malformed(format!("{what}: missing `{key}`")))
}

/// A token field of an answer.
pub(super) fn required_secret(body: &Value, key: &str, what: &str) -> Result<Secret, BackendError> {
    required_str(body, key, what).map(Secret::new)
}

/// Fuzz entry (see `crate::fuzzing`): bytes as every answer the client reads (login, profile,
/// API key, location) and as an access token received near the end of time. A login accepted is
/// one whose tokens expire no earlier than they were received; a location accepted for an https
/// base is https.
pub(crate) fn fuzz(data: &[u8]) {
    if let Ok(answer) = serde_json::from_slice::<Value>(data) {
        if let Ok(grant) = grant(&answer, "anon-user", 1_000) {
            let access = &grant.access;
            assert!(access.expires_at_ms >= access.received_at_ms - EXPIRY_MARGIN_MS);
        }
        let _ = profile(&answer);
        let _ = api_key_info(&answer);
        if let Ok(host) = location_host(&answer, "https://services.example.com") {
            assert!(host.starts_with("https://"), "{host}");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        // Absurd exp/iat next to a receipt at either end of time, or none (a stored token).
        for received in [Some(i64::MAX - 10), Some(i64::MIN + 10), None] {
            let _ = access_grant(Secret::new(text), received);
            let _ = refresh_grant(Secret::new(text), received);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_valid_answers_never_panic() {
        let mut claims = Map::new();
        claims.insert("exp".into(), Value::from(2_000_000_100_i64));
        claims.insert("iat".into(), Value::from(2_000_000_000_i64));
        claims.insert("user_data".into(), json!({"plan": "pro"}));
        let token = jwt::sign_hs256(&claims, b"k");
        let login = json!({"access_token": token, "refresh_token": token, "user_id": "u",
                           "device_id": "d"})
        .to_string();
        let identities = r#"{"identities":[{"id":"i","provider_type":"anon-user"}],"data":{"name":"n"},"type":"normal"}"#;
        let key = r#"{"_id":"0123456789abcdef01234567","name":"k","disabled":false,"key":"s"}"#;
        let location = r#"{"hostname":"https://h","ws_hostname":"wss://h","deployment_model":"GLOBAL","location":"US-VA"}"#;
        for (seed, n) in [
            (login.as_str(), 1),
            (identities, 2),
            (key, 3),
            (location, 4),
        ] {
            for input in crate::mutations::mutations(seed.as_bytes(), 5_000, 10 + n) {
                fuzz(&input);
            }
        }
        for input in crate::mutations::text_mutations(&token, 10_000, 20) {
            fuzz(input.as_bytes());
        }
    }

    #[test]
    fn a_location_never_downgrades_https_nor_leaves_the_web() {
        let answer = |host: &str| json!({"hostname": host, "ws_hostname": "wss://x"});
        let https = "https://services.example.com";
        assert_eq!(
            location_host(&answer("https://eu.example.com/"), https).ok(),
            Some("https://eu.example.com".to_owned())
        );
        assert_eq!(
            location_host(&answer(""), https).ok(),
            Some(https.to_owned())
        );
        for bad in [
            "http://eu.example.com",
            "file:///etc/passwd",
            "eu.example.com",
        ] {
            assert!(location_host(&answer(bad), https).is_err(), "{bad}");
        }
        assert!(location_host(&answer("http://127.0.0.1:9"), "http://127.0.0.1:8").is_ok());
    }

    #[test]
    fn device_object_has_the_twelve_keys_in_order() {
        let device = device_info("app-x");
        let keys: Vec<&str> = device
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "appId",
                "platform",
                "platformVersion",
                "sdk",
                "sdkVersion",
                "cpuArch",
                "deviceName",
                "deviceVersion",
                "frameworkName",
                "frameworkVersion",
                "coreVersion",
                "bundleId"
            ]
        );
    }

    #[test]
    fn login_bodies_match_the_wire_format() {
        let device = device_info("app-x");
        let body = |credentials| login_body(&device, &credentials).unwrap();
        let (provider, anonymous) = body(Credentials::Anonymous { new_user: true });
        assert_eq!(provider, "anon-user");
        assert_eq!(anonymous["provider"], "anon-user");
        assert_eq!(anonymous.as_object().unwrap().len(), 2);
        let (_, email) = body(Credentials::EmailPassword {
            email: "a@b.c".into(),
            password: Secret::new("pw"),
        });
        assert_eq!(email["username"], "a@b.c");
        assert!(email.get("email").is_none());
        assert_eq!(
            body(Credentials::Facebook(Secret::new("fb"))).1["accessToken"],
            "fb"
        );
        assert_eq!(
            body(Credentials::GoogleAuthCode(Secret::new("gc"))).1["authCode"],
            "gc"
        );
        assert_eq!(
            body(Credentials::GoogleIdToken(Secret::new("gi"))).1["id_token"],
            "gi"
        );
        let (provider, apple) = body(Credentials::Apple(Secret::new("ap")));
        assert_eq!(
            (provider, &apple["id_token"]),
            ("oauth2-apple", &json!("ap"))
        );
        let (provider, function) = body(Credentials::Function(Secret::new(
            r#"{"realmCustomAuthFuncUserId":"123456"}"#,
        )));
        assert_eq!(provider, "custom-function");
        assert!(function.get("provider").is_none());
        assert_eq!(function["realmCustomAuthFuncUserId"], "123456");
        assert!(matches!(
            login_body(&device, &Credentials::ClientCredentials),
            Err(BackendError::ProviderNotSupported(
                CredentialKind::ClientCredentials
            ))
        ));
    }

    #[test]
    fn error_codes_and_statuses_have_their_meaning() {
        let token = Secret::new("t");
        let access = Bearer::Access(&token);
        let refresh = Bearer::Refresh(&token);
        assert_eq!(
            error_kind(401, "InvalidSession", access),
            ErrorKind::TokenRefused
        );
        assert_eq!(error_kind(401, "", access), ErrorKind::TokenRefused);
        assert_eq!(
            error_kind(401, "InvalidPassword", access),
            ErrorKind::CredentialsRefused,
            "a link's credentials refused"
        );
        assert_eq!(
            error_kind(401, "UserDisabled", refresh),
            ErrorKind::TokenRefused,
            "any 401 on a refresh-token call"
        );
        assert_eq!(
            error_kind(401, "InvalidPassword", Bearer::None),
            ErrorKind::CredentialsRefused
        );
        assert_eq!(
            error_kind(503, "MaintenanceInProgress", Bearer::None),
            ErrorKind::Unavailable
        );
        assert_eq!(error_kind(429, "", refresh), ErrorKind::Unavailable);
        assert_eq!(error_kind(404, "", Bearer::None), ErrorKind::Rejected);
    }

    #[test]
    fn anonymous_and_memory_only_profiles_come_from_identities() {
        let identity = |provider: &str| Identity {
            id: "i".into(),
            provider_type: provider.into(),
        };
        assert!(user_traits("anon-user", &[]).anonymous);
        assert!(user_traits("local-userpass", &[identity("anon-user")]).anonymous);
        let linked = [identity("anon-user"), identity("local-userpass")];
        assert!(!user_traits("anon-user", &linked).anonymous);
        let facebook = user_traits("local-userpass", &[identity("oauth2-facebook")]);
        assert_eq!(facebook.memory_only_profile_keys, PICTURE_KEYS);
        assert!(
            user_traits("local-userpass", &[identity("local-userpass")])
                .memory_only_profile_keys
                .is_empty()
        );
    }

    #[test]
    fn expiry_is_local_receipt_plus_lifetime_less_the_margin() {
        let claims = |exp: i64, iat: i64| {
            let mut map = Map::new();
            map.insert("exp".into(), json!(exp));
            map.insert("iat".into(), json!(iat));
            map.insert("user_data".into(), json!({"plan": "gold"}));
            Secret::new(jwt::sign_hs256(&map, b"k"))
        };
        // A backend clock 31 minutes ahead does not matter: only exp - iat does.
        let grant = access_grant(
            claims(1_000_000 + 1800 + 1860, 1_000_000 + 1860),
            Some(5_000),
        )
        .unwrap();
        assert_eq!(grant.received_at_ms, 5_000);
        assert_eq!(grant.expires_at_ms, 5_000 + 1_800_000 - 1000);
        assert_eq!(grant.custom_data.unwrap()["plan"], "gold");
        // Stored without a receipt time: the token's own clock.
        let legacy = refresh_grant(claims(2_000, 1_000), None).unwrap();
        assert_eq!(legacy.received_at_ms, 1_000_000);
        assert_eq!(legacy.expires_at_ms, Some(2_000_000 - 1000));
        assert!(access_grant(Secret::new("x.y"), Some(0)).is_err());
    }
}
