//! Fetching what the provider says about itself: its metadata ([`super::metadata`] merges it)
//! and its signing keys (the JWKS, fetched with the metadata and again when an ID token names a
//! key id it does not hold).
//!
//! The metadata is read from the OpenID Connect Discovery 1.0 document
//! (`{issuer}/.well-known/openid-configuration`) and, when that leaves out a field the daemon
//! uses (grant types, revocation, device authorization, ...), from the RFC 8414 authorization
//! server metadata: first at the §3.1 location (`/.well-known/oauth-authorization-server`
//! inserted before the issuer's path), then appended to the issuer, where servers mounted under
//! a prefix put it. An endpoint the app's configuration names takes the place of the documents'
//! (the operator completes what a provider leaves out), and each endpoint remembers where it came
//! from, for `latchkey doctor`. Fetched on first use and kept for an hour.

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::jwk::{Jwk, JwkSet};
use tokio::sync::Mutex;

use super::metadata::{Document, Metadata, grant_types};
use crate::backend::http::{self, Reachability};
use crate::backend::{BackendError, ErrorKind};
use crate::clock::SharedClock;
use crate::config::{OidcEndpoints, OidcGrant};

/// How long fetched metadata is trusted before it is fetched again.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// A JWKS is fetched again for an unknown key id at most this often (a forged `kid` must not
/// make the daemon hammer the provider).
const JWKS_REFETCH_MIN: Duration = Duration::from_secs(10);

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
    configured: OidcEndpoints,
    operator_grants: Option<Vec<&'static str>>,
    metadata: Mutex<Option<Cached>>,
    keys: Mutex<Option<Keys>>,
    clock: SharedClock,
}

/// What one metadata location answered.
enum Fetched {
    Found(Document),
    /// An HTTP error answer (no document there).
    Missing(BackendError),
}

impl Discovery {
    /// The discovery of `issuer`'s metadata, completed by the `configured` endpoints and, when
    /// the documents list no grant types, by the operator's `grants` (`None`: not listed).
    pub(super) fn new(
        issuer: &str,
        configured: &OidcEndpoints,
        grants: Option<&[OidcGrant]>,
        clock: SharedClock,
    ) -> Self {
        Self {
            issuer: issuer.to_owned(),
            configured: configured.clone(),
            operator_grants: grants.map(grant_types),
            metadata: Mutex::new(None),
            keys: Mutex::new(None),
            clock,
        }
    }

    /// The metadata, fetched when not cached or older than [`METADATA_TTL`].
    ///
    /// # Errors
    /// The provider is unreachable, or answers something that is not its metadata (an issuer
    /// that is not the configured one included), or no document is found at all.
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
        let openid_url = format!("{}/.well-known/openid-configuration", self.issuer);
        let (openid, openid_error) = match self.fetch(http, reach, &openid_url).await? {
            Fetched::Found(document) => (Some(document), None),
            Fetched::Missing(err) => (None, Some(err)),
        };
        let mut oauth = None;
        if openid.as_ref().is_none_or(Document::incomplete) {
            for url in self.authorization_server_urls() {
                if let Fetched::Found(document) = self.fetch(http, reach, &url).await? {
                    oauth = Some(document);
                    break;
                }
            }
        }
        if let (None, None, Some(err)) = (&openid, &oauth, openid_error) {
            return Err(err);
        }
        let metadata = Metadata::merge(
            &self.issuer,
            openid,
            oauth,
            &self.configured,
            self.operator_grants.clone(),
        )?;
        metadata.check_schemes()?;
        let metadata = Arc::new(metadata);
        *cached = Some(Cached {
            metadata: metadata.clone(),
            fetched_at_ms: now,
        });
        Ok(metadata)
    }

    /// The metadata fetched last, without a request (none before the first fetch).
    pub(super) fn cached(&self) -> Option<Arc<Metadata>> {
        self.metadata
            .try_lock()
            .ok()
            .and_then(|cached| cached.as_ref().map(|cached| cached.metadata.clone()))
    }

    /// Where RFC 8414 metadata may be: the §3.1 location (the well-known path inserted between
    /// the host and the issuer's path), then the issuer with the well-known path appended (where
    /// servers mounted under a prefix serve it). One URL for an issuer without a path.
    fn authorization_server_urls(&self) -> Vec<String> {
        const WELL_KNOWN: &str = "/.well-known/oauth-authorization-server";
        let Ok(url) = reqwest::Url::parse(&self.issuer) else {
            return vec![format!("{}{WELL_KNOWN}", self.issuer)];
        };
        let path = url.path().trim_end_matches('/');
        let origin = url.origin().ascii_serialization();
        if path.is_empty() {
            return vec![format!("{origin}{WELL_KNOWN}")];
        }
        vec![
            format!("{origin}{WELL_KNOWN}{path}"),
            format!("{}{WELL_KNOWN}", self.issuer),
        ]
    }

    /// One metadata document: found, or missing (an HTTP error answer).
    ///
    /// # Errors
    /// Unreachable; a document that is not JSON metadata, or names another issuer.
    async fn fetch(
        &self,
        http: &reqwest::Client,
        reach: &Reachability,
        url: &str,
    ) -> Result<Fetched, BackendError> {
        let answer = http::receive(http.get(url).send().await, reach).await?;
        if !answer.is_success() {
            let kind = if answer.status >= 500 || answer.status == 429 {
                ErrorKind::Unavailable
            } else {
                ErrorKind::Rejected
            };
            let err = BackendError::Http {
                kind,
                status: answer.status,
                retry_after: answer.retry_after,
            };
            // A server in trouble is not a missing document: the whole fetch is retried later.
            if kind == ErrorKind::Unavailable {
                return Err(err);
            }
            return Ok(Fetched::Missing(err));
        }
        let document: Document = serde_json::from_slice(&answer.bytes).map_err(|err| {
            BackendError::Malformed(format!("the provider's metadata at {url}: {err}"))
        })?;
        let named = document.issuer.as_deref().unwrap_or_default();
        if named.trim_end_matches('/') != self.issuer {
            return Err(BackendError::Malformed(format!(
                "the metadata at {url} names the issuer {named:?}, not the configured {:?}",
                self.issuer
            )));
        }
        Ok(Fetched::Found(document))
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
    fn rfc_8414_metadata_is_looked_for_where_section_3_1_puts_it_then_after_the_issuer() {
        let clock = crate::clock::system();
        let at = |issuer: &str| {
            Discovery::new(issuer, &OidcEndpoints::default(), None, clock.clone())
                .authorization_server_urls()
        };
        assert_eq!(
            at("https://id.example/tenant/o"),
            [
                "https://id.example/.well-known/oauth-authorization-server/tenant/o",
                "https://id.example/tenant/o/.well-known/oauth-authorization-server",
            ]
        );
        assert_eq!(
            at("http://127.0.0.1:8080"),
            ["http://127.0.0.1:8080/.well-known/oauth-authorization-server"]
        );
    }
}
