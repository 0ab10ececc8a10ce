//! What the provider says about itself: its metadata (OpenID Connect Discovery 1.0, fetched
//! from `{issuer}/.well-known/openid-configuration` on first use and kept for an hour) and its
//! signing keys (the JWKS, fetched with the metadata and again when an ID token names a key id
//! it does not hold).

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::jwk::{Jwk, JwkSet};
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::backend::http::{self, Reachability};
use crate::backend::{BackendError, ErrorKind};
use crate::clock::SharedClock;

/// How long fetched metadata is trusted before it is fetched again.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// A JWKS is fetched again for an unknown key id at most this often (a forged `kid` must not
/// make the daemon hammer the provider).
const JWKS_REFETCH_MIN: Duration = Duration::from_secs(10);

/// The grant type names of RFC 8628, RFC 8693 and RFC 7523.
pub(super) const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub(super) const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
pub(super) const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// The provider metadata the daemon uses.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: String,
    pub device_authorization_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub revocation_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    pub grant_types_supported: Option<Vec<String>>,
    pub code_challenge_methods_supported: Option<Vec<String>>,
    pub token_endpoint_auth_methods_supported: Option<Vec<String>>,
    /// RFC 9207: the server puts `iss` on every authorization response, so one without it, or
    /// with another issuer, must be refused.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
}

impl Metadata {
    /// Holds a fetched document to what its issuer implies: an `https` issuer's endpoints and
    /// key set are all `https`, so that no password, code or token goes in cleartext because a
    /// document said so (and no key set comes over a channel anyone on the path can change).
    ///
    /// # Errors
    /// `Malformed`, naming the first endpoint at fault.
    pub(super) fn check_schemes(&self) -> Result<(), BackendError> {
        if !self.issuer.starts_with("https://") {
            return Ok(());
        }
        let endpoints = [
            (
                "authorization_endpoint",
                self.authorization_endpoint.as_deref(),
            ),
            ("token_endpoint", Some(self.token_endpoint.as_str())),
            (
                "device_authorization_endpoint",
                self.device_authorization_endpoint.as_deref(),
            ),
            ("userinfo_endpoint", self.userinfo_endpoint.as_deref()),
            ("revocation_endpoint", self.revocation_endpoint.as_deref()),
            ("jwks_uri", self.jwks_uri.as_deref()),
        ];
        for (name, url) in endpoints {
            if let Some(url) = url
                && !reqwest::Url::parse(url).is_ok_and(|url| url.scheme() == "https")
            {
                return Err(BackendError::Malformed(format!(
                    "the discovery document's {name} is not an https URL, while the issuer is"
                )));
            }
        }
        Ok(())
    }

    /// Whether the server offers `grant_type`. Without `grant_types_supported` the RFC 8414
    /// default holds (authorization code), widened to the grants every server has (refresh,
    /// client credentials); extension grants must be listed.
    pub(super) fn offers(&self, grant_type: &str) -> bool {
        match &self.grant_types_supported {
            Some(list) => list.iter().any(|offered| offered == grant_type),
            None => matches!(
                grant_type,
                "authorization_code" | "refresh_token" | "client_credentials"
            ),
        }
    }

    /// Whether the client secret goes in the form body instead of HTTP Basic: only when the
    /// server lists `client_secret_post` and not `client_secret_basic`.
    pub(super) fn secret_in_body(&self) -> bool {
        self.token_endpoint_auth_methods_supported
            .as_ref()
            .is_some_and(|methods| {
                methods.iter().any(|m| m == "client_secret_post")
                    && !methods.iter().any(|m| m == "client_secret_basic")
            })
    }
}

struct Cached {
    metadata: Arc<Metadata>,
    fetched_at_ms: i64,
}

struct Keys {
    set: Arc<JwkSet>,
    fetched_at_ms: i64,
}

/// The caches of one provider.
pub(super) struct Discovery {
    issuer: String,
    metadata: Mutex<Option<Cached>>,
    keys: Mutex<Option<Keys>>,
    clock: SharedClock,
}

impl Discovery {
    pub(super) fn new(issuer: &str, clock: SharedClock) -> Self {
        Self {
            issuer: issuer.to_owned(),
            metadata: Mutex::new(None),
            keys: Mutex::new(None),
            clock,
        }
    }

    /// The metadata, fetched when not cached or older than [`METADATA_TTL`].
    ///
    /// # Errors
    /// The provider is unreachable or answers something that is not its metadata (an issuer
    /// that is not the configured one included).
    pub(super) async fn metadata(
        &self,
        http: &reqwest::Client,
        reach: &Reachability,
    ) -> Result<Arc<Metadata>, BackendError> {
        let mut cached = self.metadata.lock().await;
        let now = self.clock.now_ms();
        if let Some(cached) = cached.as_ref()
            && now.saturating_sub(cached.fetched_at_ms) < crate::clock::millis(METADATA_TTL)
        {
            return Ok(cached.metadata.clone());
        }
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        let answer = http::receive(http.get(url).send().await, reach).await?;
        if !answer.is_success() {
            return Err(BackendError::Http {
                kind: if answer.status >= 500 || answer.status == 429 {
                    ErrorKind::Unavailable
                } else {
                    ErrorKind::Rejected
                },
                status: answer.status,
                retry_after: answer.retry_after,
            });
        }
        let metadata: Metadata = serde_json::from_slice(&answer.bytes).map_err(|err| {
            BackendError::Malformed(format!("the provider's discovery document: {err}"))
        })?;
        if metadata.issuer.trim_end_matches('/') != self.issuer {
            return Err(BackendError::Malformed(format!(
                "the discovery document names the issuer {:?}, not the configured {:?}",
                metadata.issuer, self.issuer
            )));
        }
        metadata.check_schemes()?;
        let metadata = Arc::new(metadata);
        *cached = Some(Cached {
            metadata: metadata.clone(),
            fetched_at_ms: now,
        });
        Ok(metadata)
    }

    /// The signing key named `kid` (or the only signing key when the token names none);
    /// the JWKS is fetched again once when the key is not known.
    ///
    /// # Errors
    /// No such key after a fresh fetch, or the JWKS cannot be fetched.
    pub(super) async fn key(
        &self,
        http: &reqwest::Client,
        reach: &Reachability,
        metadata: &Metadata,
        kid: Option<&str>,
    ) -> Result<Jwk, BackendError> {
        let mut keys = self.keys.lock().await;
        let now = self.clock.now_ms();
        if let Some(found) = keys.as_ref().and_then(|keys| pick(&keys.set, kid)) {
            return Ok(found);
        }
        if let Some(keys) = keys.as_ref()
            && now.saturating_sub(keys.fetched_at_ms) < crate::clock::millis(JWKS_REFETCH_MIN)
        {
            return Err(unknown_key(kid));
        }
        let url = metadata.jwks_uri.as_deref().ok_or_else(|| {
            BackendError::Malformed("the provider publishes no jwks_uri".to_owned())
        })?;
        let answer = http::receive(http.get(url).send().await, reach).await?;
        if !answer.is_success() {
            return Err(BackendError::Http {
                kind: ErrorKind::Unavailable,
                status: answer.status,
                retry_after: answer.retry_after,
            });
        }
        let set: JwkSet = serde_json::from_slice(&answer.bytes)
            .map_err(|err| BackendError::Malformed(format!("the provider's JWKS: {err}")))?;
        let set = Arc::new(set);
        *keys = Some(Keys {
            set: set.clone(),
            fetched_at_ms: now,
        });
        pick(&set, kid).ok_or_else(|| unknown_key(kid))
    }
}

fn unknown_key(kid: Option<&str>) -> BackendError {
    BackendError::Malformed(format!(
        "the ID token is signed with a key the provider does not publish ({})",
        kid.map_or_else(|| "no key id".to_owned(), |kid| format!("key id {kid:?}"))
    ))
}

/// The key named `kid`; without one, the set's only key that may sign.
fn pick(set: &JwkSet, kid: Option<&str>) -> Option<Jwk> {
    match kid {
        Some(kid) => set.find(kid).cloned(),
        None => {
            let mut signing = set.keys.iter().filter(|key| {
                !matches!(
                    key.common.public_key_use,
                    Some(jsonwebtoken::jwk::PublicKeyUse::Encryption)
                )
            });
            match (signing.next(), signing.next()) {
                (Some(only), None) => Some(only.clone()),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(json: &str) -> JwkSet {
        serde_json::from_str(json).unwrap_or_else(|err| panic!("{err}: {json}"))
    }

    const RSA: &str = r#"{"kty":"RSA","n":"sXch","e":"AQAB","kid":"KID","use":"USE"}"#;

    fn key(kid: &str, usage: &str) -> String {
        RSA.replace("KID", kid).replace("USE", usage)
    }

    #[test]
    fn a_key_is_picked_by_its_id_or_as_the_only_signing_key() {
        let two = keys(&format!(
            r#"{{"keys":[{},{}]}}"#,
            key("a", "sig"),
            key("b", "sig")
        ));
        assert_eq!(
            pick(&two, Some("b")).and_then(|k| k.common.key_id),
            Some("b".to_owned())
        );
        assert!(
            pick(&two, Some("c")).is_none(),
            "an unknown kid: fetch again"
        );
        assert!(pick(&two, None).is_none(), "no kid and two keys: ambiguous");
        let one = keys(&format!(
            r#"{{"keys":[{},{}]}}"#,
            key("s", "sig"),
            key("e", "enc")
        ));
        assert_eq!(
            pick(&one, None).and_then(|k| k.common.key_id),
            Some("s".to_owned())
        );
    }

    #[test]
    fn grants_follow_the_discovery_document() {
        let listed: Metadata = serde_json::from_str(
            r#"{"issuer":"https://i","token_endpoint":"https://i/t","grant_types_supported":["authorization_code","urn:ietf:params:oauth:grant-type:device_code"],"token_endpoint_auth_methods_supported":["client_secret_post"]}"#,
        )
        .unwrap();
        assert!(listed.offers(DEVICE_CODE));
        assert!(!listed.offers("password") && !listed.offers("client_credentials"));
        assert!(listed.secret_in_body());
        let silent: Metadata =
            serde_json::from_str(r#"{"issuer":"https://i","token_endpoint":"https://i/t"}"#)
                .unwrap();
        assert!(silent.offers("refresh_token") && !silent.offers(TOKEN_EXCHANGE));
        assert!(!silent.secret_in_body());
    }

    #[test]
    fn an_https_issuer_lists_https_endpoints_only() {
        let document = |token: &str, jwks: &str| -> Metadata {
            serde_json::from_str(&format!(
                r#"{{"issuer":"https://id.example","token_endpoint":"{token}","jwks_uri":"{jwks}"}}"#
            ))
            .unwrap()
        };
        assert!(
            document("https://id.example/t", "https://id.example/k")
                .check_schemes()
                .is_ok()
        );
        let cleartext = document("http://id.example/t", "https://id.example/k").check_schemes();
        assert!(
            matches!(&cleartext, Err(BackendError::Malformed(text)) if text.contains("token_endpoint")),
            "{cleartext:?}"
        );
        let keys = document("https://id.example/t", "http://id.example/k").check_schemes();
        assert!(
            matches!(&keys, Err(BackendError::Malformed(text)) if text.contains("jwks_uri")),
            "{keys:?}"
        );
        // A loopback provider on http (tests, --dev) keeps working.
        let local: Metadata = serde_json::from_str(
            r#"{"issuer":"http://127.0.0.1:1","token_endpoint":"http://127.0.0.1:1/t"}"#,
        )
        .unwrap();
        assert!(local.check_schemes().is_ok());
    }
}
