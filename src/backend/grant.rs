//! Tokens as a backend hands them over: an access token with its local expiry and custom data,
//! a refresh token, what a refresh returns, and the checks every backend applies to what its
//! server issued before anything keeps it (a bearer token's grammar, a usable lifetime).

use std::time::Duration;

use serde_json::{Map, Value};

use super::BackendError;
use crate::secret::Secret;

/// An access token as a backend issued it, with what the backend read from it.
#[derive(Debug, Clone)]
pub(crate) struct AccessGrant {
    pub token: Secret,
    /// When it was received, local clock.
    pub received_at_ms: i64,
    /// When it stops being usable, local clock: the backend allows for its own precision (App
    /// Services' whole-second `exp`) so that a token is never handed out expired.
    pub expires_at_ms: i64,
    /// The app's custom user data the token carries (App Services: the `user_data` claim).
    pub custom_data: Option<Map<String, Value>>,
    /// The provider ends this token when it is refreshed, so `expires_at_ms` is the moment the
    /// daemon replaces it (its refresh is planned for then), not the provider's expiry.
    pub ends_at_refresh: bool,
}

/// The shortest access-token lifetime a backend's answer may give: a shorter one (`expires_in:
/// 0` was seen) cannot be scheduled or handed out, and is refused like any malformed answer, so
/// that the refresh path backs off instead of asking again at once.
const MIN_ACCESS_LIFETIME: Duration = Duration::from_secs(1);

impl AccessGrant {
    /// Checks what a backend is about to hand out as an access token: only characters of RFC
    /// 6750's `b64token` (a token with CR LF in it would let the backend inject headers into
    /// every caller's requests), and a lifetime of at least [`MIN_ACCESS_LIFETIME`].
    ///
    /// # Errors
    /// `Malformed`, naming the rule (never the token).
    pub(crate) fn checked(self) -> Result<Self, BackendError> {
        if !is_b64token(self.token.expose()) {
            return Err(BackendError::Malformed(
                "the access token has characters a bearer token cannot have (RFC 6750 b64token)"
                    .to_owned(),
            ));
        }
        let lifetime_ms = self.expires_at_ms.saturating_sub(self.received_at_ms);
        if lifetime_ms < crate::clock::millis(MIN_ACCESS_LIFETIME) {
            return Err(BackendError::Malformed(format!(
                "the access token lives {} ms, too short to be used (at least {} s)",
                lifetime_ms.max(0),
                MIN_ACCESS_LIFETIME.as_secs()
            )));
        }
        Ok(self)
    }
}

/// RFC 6750 §2.1: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

/// A refresh token as a backend issued it.
#[derive(Debug, Clone)]
pub(crate) struct RefreshGrant {
    pub token: Secret,
    /// When it was received, local clock.
    pub received_at_ms: i64,
    /// When it expires, local clock, when the backend can tell.
    pub expires_at_ms: Option<i64>,
}

impl RefreshGrant {
    /// Checks a refresh token's characters: RFC 6749's `1*VSCHAR` (printable ASCII).
    ///
    /// # Errors
    /// `Malformed` (never naming the token).
    pub(crate) fn checked(self) -> Result<Self, BackendError> {
        let token = self.token.expose();
        if token.is_empty() || !token.bytes().all(|b| (0x20..=0x7e).contains(&b)) {
            return Err(BackendError::Malformed(
                "the refresh token has characters a refresh token cannot have (RFC 6749 VSCHAR)"
                    .to_owned(),
            ));
        }
        Ok(self)
    }
}

/// An OpenID Connect ID token as the backend checked it (signature, issuer, audience, subject),
/// kept for callers only when the app serves ID tokens.
#[derive(Debug, Clone)]
pub(crate) struct IdGrant {
    pub token: Secret,
    /// When it was received, local clock.
    pub received_at_ms: i64,
    /// When it expires, local clock: the sooner of its `exp` and its receipt plus its lifetime
    /// (`exp - iat`), so that neither a provider's clock nor ours makes it look longer-lived
    /// than a relying party with a true clock will take it.
    pub expires_at_ms: i64,
}

impl IdGrant {
    /// An ID token received at `now_ms` whose claims say `exp` and maybe `iat` (seconds since
    /// the epoch). Checks the compact JWS grammar (three base64url segments): the token goes
    /// into other tools' headers and files as it is.
    ///
    /// # Errors
    /// `Malformed`, naming the rule (never the token).
    pub(crate) fn new(
        token: Secret,
        now_ms: i64,
        exp: i64,
        iat: Option<i64>,
    ) -> Result<Self, BackendError> {
        let segments: Vec<&str> = token.expose().split('.').collect();
        let base64url = |segment: &&str| {
            !segment.is_empty()
                && segment
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        };
        if segments.len() != 3 || !segments.iter().all(base64url) {
            return Err(BackendError::Malformed(
                "the ID token is not three base64url segments (a compact JWS)".to_owned(),
            ));
        }
        let by_exp = exp.saturating_mul(1000);
        let by_lifetime = iat.filter(|&iat| iat <= exp).map_or(by_exp, |iat| {
            now_ms.saturating_add((exp - iat).saturating_mul(1000))
        });
        Ok(Self {
            token,
            received_at_ms: now_ms,
            expires_at_ms: by_exp.min(by_lifetime),
        })
    }
}

/// What a successful refresh returns.
#[derive(Debug)]
pub(crate) struct Refreshed {
    pub access: AccessGrant,
    /// A new refresh token when the backend rotates them (the old one is then dead).
    pub refresh: Option<RefreshGrant>,
    /// A new ID token, when the app serves them and the provider sent one.
    pub id_token: Option<IdGrant>,
    /// For a token for a purpose: the session's own new access token, when getting the purpose's
    /// refreshed the session as well (its previous token may have died with the refresh).
    pub session: Option<AccessGrant>,
}
