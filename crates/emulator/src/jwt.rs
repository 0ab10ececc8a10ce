//! JSON Web Tokens as Latchkey needs them: reading the claims of a backend's token without
//! verifying it (the client never holds the backend's key, spec §3.8), and HS256 signing and
//! verification for the emulator.
//!
//! Never logs or returns token text in an error.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

/// Why a token could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[non_exhaustive]
pub enum JwtError {
    /// Not three dot-separated segments, an empty header or signature, or a segment that is not
    /// base64url. Usually a token that was cut or is not a JWT at all.
    #[error("not a JWT: {0}")]
    Malformed(&'static str),
    /// The payload is not a JSON object.
    #[error("JWT payload is not a JSON object")]
    PayloadNotObject,
    /// `exp` or `iat` missing or not an integer (realm-core rejects such tokens too).
    #[error("JWT claim `{0}` is missing or not an integer")]
    BadClaim(&'static str),
    /// The signature does not match (emulator side only).
    #[error("JWT signature does not verify")]
    BadSignature,
    /// The header names another algorithm than HS256 (emulator side only).
    #[error("JWT algorithm is not HS256")]
    UnsupportedAlgorithm,
}

/// The claims of a token that Latchkey uses.
#[derive(Clone, PartialEq)]
pub struct Claims {
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
    /// Issued at, seconds since the Unix epoch.
    pub iat: i64,
    /// Subject (the user id on App Services).
    pub sub: Option<String>,
    /// Custom user data (`user_data`), when present.
    pub user_data: Option<Map<String, Value>>,
}

impl std::fmt::Debug for Claims {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // user_data is the app's data: keep it out of logs.
        f.debug_struct("Claims")
            .field("exp", &self.exp)
            .field("iat", &self.iat)
            .field("sub", &self.sub)
            .finish_non_exhaustive()
    }
}

fn decode_segment(segment: &str) -> Result<Vec<u8>, JwtError> {
    let trimmed = segment.trim_end_matches('=');
    URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
        .map_err(|_| JwtError::Malformed("a segment is not base64url"))
}

fn split(token: &str) -> Result<[&str; 3], JwtError> {
    let mut parts = token.split('.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(payload), Some(signature), None) => {
            if header.is_empty() || signature.is_empty() {
                return Err(JwtError::Malformed("empty header or signature"));
            }
            Ok([header, payload, signature])
        }
        _ => Err(JwtError::Malformed("not three dot-separated segments")),
    }
}

/// Checks the shape of a token a user hands in (custom JWT login): three dot-separated base64url
/// segments whose first two are JSON objects. No signature check.
///
/// # Errors
/// The first problem found.
pub fn check_shape(token: &str) -> Result<(), JwtError> {
    let [header, payload, signature] = split(token)?;
    decode_segment(signature)?;
    for segment in [header, payload] {
        let bytes = decode_segment(segment)?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(_)) => {}
            _ => return Err(JwtError::PayloadNotObject),
        }
    }
    Ok(())
}

/// The payload of a token as a JSON object, without verifying anything.
///
/// # Errors
/// Malformed token or payload.
pub fn payload(token: &str) -> Result<Map<String, Value>, JwtError> {
    let [_, payload, _] = split(token)?;
    match serde_json::from_slice::<Value>(&decode_segment(payload)?) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err(JwtError::PayloadNotObject),
    }
}

/// Reads the claims of a backend token without verifying its signature (spec §3.8): `exp` and
/// `iat` must be integers.
///
/// # Errors
/// Malformed token, or `exp`/`iat` missing or not integers.
pub fn decode_unverified(token: &str) -> Result<Claims, JwtError> {
    claims_of(&payload(token)?)
}

fn claims_of(map: &Map<String, Value>) -> Result<Claims, JwtError> {
    let int = |name: &'static str| {
        map.get(name)
            .and_then(Value::as_i64)
            .ok_or(JwtError::BadClaim(name))
    };
    Ok(Claims {
        exp: int("exp")?,
        iat: int("iat")?,
        sub: map.get("sub").and_then(Value::as_str).map(str::to_owned),
        user_data: map.get("user_data").and_then(Value::as_object).cloned(),
    })
}

fn mac(key: &[u8]) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC-SHA256 takes keys of every length"))
}

/// Signs `claims` as an HS256 JWT.
pub fn sign_hs256(claims: &Map<String, Value>, key: &[u8]) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string());
    let signing_input = format!("{header}.{payload}");
    let mut mac = mac(key);
    mac.update(signing_input.as_bytes());
    let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// Verifies an HS256 JWT and returns its payload. Does not look at `exp`: the caller compares it
/// with its own clock.
///
/// # Errors
/// Malformed token, another algorithm, or a signature that does not match.
pub fn verify_hs256(token: &str, key: &[u8]) -> Result<Map<String, Value>, JwtError> {
    let [header_segment, payload_segment, signature] = split(token)?;
    let header: Value = serde_json::from_slice(&decode_segment(header_segment)?)
        .map_err(|_| JwtError::Malformed("header is not JSON"))?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err(JwtError::UnsupportedAlgorithm);
    }
    let mut mac = mac(key);
    mac.update(format!("{header_segment}.{payload_segment}").as_bytes());
    mac.verify_slice(&decode_segment(signature)?)
        .map_err(|_| JwtError::BadSignature)?;
    payload(token)
}

/// Fuzz entry (the daemon crate's `fuzzing`): any text through every reader, and a token that verifies
/// under the fuzz key must read back as the same claims.
#[doc(hidden)]
pub fn fuzz(data: &[u8]) {
    let Ok(token) = std::str::from_utf8(data) else {
        return;
    };
    let _ = check_shape(token);
    let _ = decode_unverified(token);
    let unverified = payload(token);
    if let Ok(verified) = verify_hs256(token, FUZZ_KEY) {
        assert_eq!(Some(&verified), unverified.as_ref().ok(), "{token}");
    }
}

/// The key [`fuzz`] verifies with (the seeded test signs its tokens with it).
#[doc(hidden)]
pub const FUZZ_KEY: &[u8] = b"key";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    #[test]
    fn signed_token_round_trips_and_verifies() {
        let token = sign_hs256(
            &claims(json!({"sub": "u1", "exp": 20, "iat": 10, "user_data": {"a": 1}})),
            b"k",
        );
        let decoded = decode_unverified(&token).unwrap();
        assert_eq!((decoded.exp, decoded.iat), (20, 10));
        assert_eq!(decoded.sub.as_deref(), Some("u1"));
        assert_eq!(decoded.user_data.unwrap()["a"], json!(1));
        assert!(verify_hs256(&token, b"k").is_ok());
        assert_eq!(verify_hs256(&token, b"other"), Err(JwtError::BadSignature));
    }

    #[test]
    fn float_or_missing_exp_is_rejected() {
        let token = sign_hs256(&claims(json!({"exp": 1.5, "iat": 1})), b"k");
        assert_eq!(decode_unverified(&token), Err(JwtError::BadClaim("exp")));
        let token = sign_hs256(&claims(json!({"exp": 1})), b"k");
        assert_eq!(decode_unverified(&token), Err(JwtError::BadClaim("iat")));
    }

    #[test]
    fn shapes_that_are_not_jwts_are_rejected() {
        for bad in [
            "",
            "abc",
            "a.b",
            "a.b.c.d",
            ".e30.sig",
            "e30.e30.",
            "e30.!!!.c2ln",
        ] {
            assert!(check_shape(bad).is_err(), "{bad:?} accepted");
        }
        assert!(check_shape("e30.e30.c2ln").is_ok());
        // Standard alphabet and padding are tolerated, as realm-core does.
        assert!(decode_segment("e30=").is_ok());
    }
}
