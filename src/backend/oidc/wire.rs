//! The OAuth 2.0 / OpenID Connect formats: token answers (RFC 6749 §5.1), error answers (§5.2)
//! and what each error code means for a session, the ID token's checks (OIDC Core §3.1.3.7),
//! and a profile from ID-token and userinfo claims. Pure functions; no HTTP.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Map, Value};

use crate::backend::http::Answer;
use crate::backend::{AccessGrant, BackendError, ErrorKind, Identity, Profile, RefreshGrant};
use crate::secret::Secret;

/// An access token without `expires_in` is treated as living this long (RFC 6749 makes the
/// field only RECOMMENDED); a refresh answers the truth soon enough.
const DEFAULT_ACCESS_LIFETIME: Duration = Duration::from_secs(300);

/// No lifetime from a server is believed beyond this (a huge `expires_in` must not overflow a
/// deadline).
const MAX_LIFETIME: Duration = Duration::from_secs(10 * 365 * 86_400);

/// Leeway for the ID token's `exp` and `iat`, for clock skew with the provider.
const ID_TOKEN_LEEWAY_SECS: u64 = 60;

/// Signature algorithms accepted on ID tokens: asymmetric ones only (never `none`, never a MAC
/// keyed with something the daemon would have to share).
const ID_TOKEN_ALGORITHMS: [Algorithm; 9] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::EdDSA,
];

/// What a token request was, which decides what its refusal means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exchange {
    /// A login's grant (code, device code, password, client credentials, imported refresh
    /// token, JWT): `invalid_grant` means the credential was refused.
    Login,
    /// A session's refresh: `invalid_grant` means the refresh token is dead.
    Refresh,
    /// A refresh or re-acquisition for a narrower purpose: a scope or resource the server will
    /// not give is something it does not offer.
    Purpose,
    /// A token exchange (RFC 8693) of the session's access token for a narrower one: a refusal
    /// says nothing of the session's refresh token.
    Downscope,
}

/// A successful token answer.
pub(super) struct Tokens {
    pub access: AccessGrant,
    pub refresh: Option<RefreshGrant>,
    pub id_token: Option<Secret>,
    /// The scope the access token was issued with, when the server says (RFC 6749 §5.1).
    pub scope: Option<Vec<String>>,
}

/// Reads a token endpoint answer received at `now_ms`.
///
/// # Errors
/// The server's error, classified for `exchange`; an answer without an access token or with a
/// token type other than Bearer.
pub(super) fn tokens(
    answer: &Answer,
    exchange: Exchange,
    now_ms: i64,
) -> Result<Tokens, BackendError> {
    let json = answer.json();
    if !answer.is_success() {
        return Err(error(answer, json.as_ref(), exchange));
    }
    let Some(Value::Object(map)) = json else {
        return Err(BackendError::Malformed(
            "the token endpoint's answer is not a JSON object".to_owned(),
        ));
    };
    let text = |key: &str| {
        map.get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let access = text("access_token").ok_or_else(|| {
        BackendError::Malformed("the token endpoint's answer has no access_token".to_owned())
    })?;
    if let Some(kind) = text("token_type")
        && !kind.eq_ignore_ascii_case("bearer")
    {
        return Err(BackendError::Malformed(format!(
            "the token endpoint issued a {kind:?} token; only Bearer tokens are supported"
        )));
    }
    let access_lifetime = seconds(map.get("expires_in")).unwrap_or(DEFAULT_ACCESS_LIFETIME);
    let access = AccessGrant {
        token: Secret::new(access),
        received_at_ms: now_ms,
        expires_at_ms: now_ms.saturating_add(crate::clock::millis(access_lifetime)),
        custom_data: None,
        ends_at_refresh: false,
    }
    .checked()?;
    // Keycloak says how long its refresh token lives (0: an offline token without expiry).
    let refresh_lifetime = seconds(map.get("refresh_expires_in")).filter(|d| !d.is_zero());
    let refresh = text("refresh_token")
        .map(|token| {
            RefreshGrant {
                token: Secret::new(token),
                received_at_ms: now_ms,
                expires_at_ms: refresh_lifetime
                    .map(|lifetime| now_ms.saturating_add(crate::clock::millis(lifetime))),
            }
            .checked()
        })
        .transpose()?;
    Ok(Tokens {
        access,
        refresh,
        id_token: text("id_token").map(Secret::new),
        scope: text("scope").map(|scope| scope.split_whitespace().map(str::to_owned).collect()),
    })
}

/// A lifetime in seconds (a number, or a numeric string as some servers send), clamped to
/// [`MAX_LIFETIME`]; `None` when absent, negative or not a number.
pub(super) fn seconds(value: Option<&Value>) -> Option<Duration> {
    let secs = match value? {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    if !secs.is_finite() || secs < 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(
        secs.min(MAX_LIFETIME.as_secs_f64()),
    ))
}

/// The server's error answer (RFC 6749 §5.2), classified.
pub(super) fn error(answer: &Answer, json: Option<&Value>, exchange: Exchange) -> BackendError {
    let status = answer.status;
    let field = |key: &str| {
        json.and_then(|json| json.get(key))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let Some(code) = field("error") else {
        return BackendError::Http {
            kind: status_kind(status),
            status,
            retry_after: answer.retry_after,
        };
    };
    let kind = match (code.as_str(), exchange) {
        ("invalid_grant", Exchange::Refresh | Exchange::Purpose) => ErrorKind::TokenRefused,
        // The server would not exchange the session's token: nothing of the session was used.
        ("invalid_grant" | "invalid_request" | "access_denied", Exchange::Downscope) => {
            ErrorKind::ProviderNotSupported
        }
        ("expired_token", Exchange::Login) => ErrorKind::LoginExpired,
        ("invalid_grant" | "access_denied", _) => ErrorKind::CredentialsRefused,
        ("invalid_scope" | "invalid_target", Exchange::Purpose | Exchange::Downscope) => {
            ErrorKind::ProviderNotSupported
        }
        ("unsupported_grant_type", _) => ErrorKind::ProviderNotSupported,
        ("temporarily_unavailable" | "server_error", _) => ErrorKind::Unavailable,
        _ => status_kind(status),
    };
    BackendError::Service {
        kind,
        status,
        message: field("error_description").unwrap_or_else(|| code.clone()),
        code,
        link: field("error_uri"),
        retry_after: answer.retry_after,
    }
}

/// What a status without an OAuth error body means.
pub(super) fn status_kind(status: u16) -> ErrorKind {
    match status {
        429 | 500..=599 => ErrorKind::Unavailable,
        _ => ErrorKind::Rejected,
    }
}

/// What an ID token must be.
pub(super) struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    /// The nonce the authorization request carried (code flow only).
    pub nonce: Option<&'a str>,
    /// The user the token must name: the session's, for an ID token that comes with a refresh
    /// (OIDC Core §12.2: same `iss`, same `sub`).
    pub subject: Option<&'a str>,
}

/// The ID token's algorithm and key id, read before its key is looked up.
///
/// # Errors
/// Not a JWT, signed with an algorithm that is not accepted, or naming in `crit` an extension
/// this client does not understand (RFC 7515 §4.1.11: it must then be refused; none is
/// understood here).
pub(super) fn id_token_header(token: &Secret) -> Result<(Algorithm, Option<String>), BackendError> {
    let header = jsonwebtoken::decode_header(token.expose())
        .map_err(|err| refused(format!("not a signed JWT ({err})")))?;
    if !ID_TOKEN_ALGORITHMS.contains(&header.alg) {
        return Err(refused(format!(
            "signed with {:?}, which is not accepted",
            header.alg
        )));
    }
    if let Some(critical) = &header.crit {
        return Err(refused(format!(
            "its header marks {} as critical, which this client does not understand",
            crate::escape::Escaped(&critical.join(", "))
        )));
    }
    Ok((header.alg, header.kid))
}

/// Checks an ID token's signature with `key`, and its `iss`, `aud`, `azp`, `exp` and `nonce`;
/// its claims when all hold.
///
/// # Errors
/// The first check that fails, named.
pub(super) fn id_token_claims(
    token: &Secret,
    algorithm: Algorithm,
    key: &jsonwebtoken::jwk::Jwk,
    expected: &Expected<'_>,
) -> Result<Map<String, Value>, BackendError> {
    let key = DecodingKey::from_jwk(key)
        .map_err(|err| refused(format!("the provider's key cannot be used ({err})")))?;
    let mut validation = Validation::new(algorithm);
    validation.set_issuer(&[expected.issuer]);
    validation.set_audience(&[expected.client_id]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    // A token not yet valid is refused like an expired one (RFC 7519 §4.1.5).
    validation.validate_nbf = true;
    validation.sub = expected.subject.map(str::to_owned);
    validation.leeway = ID_TOKEN_LEEWAY_SECS;
    let data = jsonwebtoken::decode::<Map<String, Value>>(token.expose(), &key, &validation)
        .map_err(|err| {
            use jsonwebtoken::errors::ErrorKind as Jwt;
            refused(match err.kind() {
                Jwt::InvalidSignature => "its signature does not verify".to_owned(),
                Jwt::InvalidAudience => {
                    format!("its aud does not name this client {:?}", expected.client_id)
                }
                Jwt::InvalidIssuer => format!("its iss is not the issuer {:?}", expected.issuer),
                Jwt::ExpiredSignature => "it has expired".to_owned(),
                Jwt::ImmatureSignature => "its nbf lies in the future".to_owned(),
                Jwt::InvalidSubject => {
                    "its sub is not the session's user: the provider answered for someone else"
                        .to_owned()
                }
                Jwt::MissingRequiredClaim(claim) => format!("it has no {claim} claim"),
                other => format!("{other:?}"),
            })
        })?;
    let claims = data.claims;
    // OIDC Core §2: iat is required; one far ahead of this clock is as suspect as a late exp.
    match claims.get("iat").and_then(Value::as_f64) {
        None => return Err(refused("it has no iat claim".to_owned())),
        Some(iat) if iat > now_secs() + ID_TOKEN_LEEWAY_SECS as f64 => {
            return Err(refused("its iat lies in the future".to_owned()));
        }
        Some(_) => {}
    }
    // Several audiences: the others are trusted only through an authorized party that is this
    // client (OIDC Core §3.1.3.7 items 3 to 5).
    let audiences = match claims.get("aud") {
        Some(Value::Array(list)) => list.len(),
        _ => 1,
    };
    match claims.get("azp").and_then(Value::as_str) {
        Some(azp) if azp != expected.client_id => {
            return Err(refused(format!(
                "its azp {} is not this client",
                crate::escape::Escaped(azp)
            )));
        }
        None if audiences > 1 => {
            return Err(refused(
                "it names several audiences and no authorized party (azp)".to_owned(),
            ));
        }
        _ => {}
    }
    if let Some(nonce) = expected.nonce {
        match claims.get("nonce").and_then(Value::as_str) {
            Some(found) if found == nonce => {}
            Some(_) => {
                return Err(refused(
                    "its nonce is not the one the login sent".to_owned(),
                ));
            }
            None => return Err(refused("it carries no nonce".to_owned())),
        }
    }
    if claims
        .get("sub")
        .and_then(Value::as_str)
        .is_none_or(str::is_empty)
    {
        return Err(refused("its sub is empty".to_owned()));
    }
    Ok(claims)
}

fn now_secs() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64())
}

fn refused(reason: String) -> BackendError {
    BackendError::Malformed(format!("the provider's ID token was refused: {reason}"))
}

/// Claims that describe the token, not the user: left out of the profile.
const TOKEN_CLAIMS: [&str; 13] = [
    "iss",
    "aud",
    "exp",
    "iat",
    "nbf",
    "nonce",
    "at_hash",
    "c_hash",
    "azp",
    "auth_time",
    "sid",
    "jti",
    "acr",
];

/// The profile from ID-token claims and userinfo claims (userinfo wins), the user being `sub`.
pub(super) fn profile(
    sub: &str,
    id_claims: &Map<String, Value>,
    userinfo: Option<&Map<String, Value>>,
) -> Profile {
    let mut data = Map::new();
    for (key, value) in id_claims.iter().chain(userinfo.into_iter().flatten()) {
        if !TOKEN_CLAIMS.contains(&key.as_str()) {
            data.insert(key.clone(), value.clone());
        }
    }
    Profile {
        identities: vec![Identity {
            id: sub.to_owned(),
            provider_type: "oidc".to_owned(),
        }],
        data,
    }
}

/// A random URL-safe string of `bytes` random bytes (state, nonce, PKCE verifier).
pub(super) fn random_token(bytes: usize) -> String {
    use base64::Engine;
    let mut buffer = vec![0u8; bytes];
    rand::fill(buffer.as_mut_slice());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buffer)
}

/// The PKCE S256 challenge of `verifier` (RFC 7636 §4.2).
pub(super) fn pkce_challenge(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}

/// Fuzz entry (see `crate::fuzzing`): the first byte picks the status (and whether the body
/// says it is JSON), the rest is a token endpoint's answer, read as every exchange; the body is
/// also read as an ID token header and as discovery metadata. Whatever is accepted has an access
/// token that expires no earlier than it was received.
pub(crate) fn fuzz(data: &[u8]) {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let statuses = [200, 400, 401, 403, 429, 500, 503];
    let answer = Answer {
        status: statuses[usize::from(pick & 0x7f) % statuses.len()],
        retry_after: None,
        is_json: pick & 0x80 == 0,
        bytes: body.to_vec(),
    };
    for exchange in [
        Exchange::Login,
        Exchange::Refresh,
        Exchange::Purpose,
        Exchange::Downscope,
    ] {
        for now_ms in [0, i64::MAX - 5] {
            if let Ok(tokens) = tokens(&answer, exchange, now_ms) {
                assert!(tokens.access.expires_at_ms >= tokens.access.received_at_ms);
                assert!(!tokens.access.token.expose().is_empty());
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(body) {
        let _ = id_token_header(&Secret::new(text));
    }
    super::metadata::fuzz_document(body);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            retry_after: None,
            is_json: true,
            bytes: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn near_valid_token_and_error_answers_never_panic() {
        let ok = r#"{"access_token":"a","token_type":"Bearer","expires_in":3600,"refresh_token":"r","refresh_expires_in":"7200","id_token":"x.y.z","scope":"openid"}"#;
        let refused = r#"{"error":"invalid_grant","error_description":"grant request is invalid","error_uri":"https://e"}"#;
        for (seed, status) in [(ok, 0_u8), (refused, 1)] {
            for mut input in crate::mutations::mutations(seed.as_bytes(), 10_000, 4) {
                input.insert(0, status);
                fuzz(&input);
            }
        }
        for input in
            crate::mutations::text_mutations("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", 10_000, 5)
        {
            fuzz(format!("\x00{input}").as_bytes());
        }
    }

    #[test]
    fn pkce_challenge_is_rfc7636s_example() {
        // RFC 7636 Appendix B.
        assert_eq!(
            pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn invalid_grant_means_a_dead_refresh_token_only_on_refresh() {
        let body = r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#;
        let refresh = error(
            &answer(400, body),
            answer(400, body).json().as_ref(),
            Exchange::Refresh,
        );
        assert_eq!(refresh.kind(), ErrorKind::TokenRefused);
        let login = error(
            &answer(400, body),
            answer(400, body).json().as_ref(),
            Exchange::Login,
        );
        assert_eq!(login.kind(), ErrorKind::CredentialsRefused);
        assert!(login.to_string().contains("grant request is invalid"));
    }

    #[test]
    fn server_trouble_is_transient_and_a_refused_purpose_is_not_offered() {
        for (status, body) in [
            (503, "{}"),
            (429, ""),
            (400, r#"{"error":"temporarily_unavailable"}"#),
        ] {
            let answer = answer(status, body);
            assert!(error(&answer, answer.json().as_ref(), Exchange::Refresh).is_transient());
        }
        let body = r#"{"error":"invalid_target"}"#;
        let purpose = error(
            &answer(400, body),
            answer(400, body).json().as_ref(),
            Exchange::Purpose,
        );
        assert_eq!(purpose.kind(), ErrorKind::ProviderNotSupported);
    }

    #[test]
    fn lifetimes_are_clamped_and_odd_ones_ignored() {
        assert_eq!(
            seconds(Some(&serde_json::json!(30))),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            seconds(Some(&serde_json::json!("45"))),
            Some(Duration::from_secs(45))
        );
        assert_eq!(
            seconds(Some(&serde_json::json!(9.3e15))),
            Some(MAX_LIFETIME)
        );
        assert_eq!(seconds(Some(&serde_json::json!(-1))), None);
        assert_eq!(seconds(Some(&serde_json::json!({}))), None);
        let tokens = tokens(
            &answer(
                200,
                r#"{"access_token":"a","token_type":"Bearer","expires_in":1e300}"#,
            ),
            Exchange::Login,
            1_000,
        )
        .ok()
        .map(|tokens| tokens.access.expires_at_ms);
        assert_eq!(tokens, Some(1_000 + crate::clock::millis(MAX_LIFETIME)));
    }

    #[test]
    fn a_token_answer_without_an_access_token_or_of_another_type_is_malformed() {
        for body in [
            r#"{"token_type":"Bearer"}"#,
            r#"{"access_token":"a","token_type":"DPoP"}"#,
            "[]",
        ] {
            let result = tokens(&answer(200, body), Exchange::Login, 0);
            assert!(matches!(result, Err(BackendError::Malformed(_))), "{body}");
        }
    }
}
