//! What the provider says about itself: its metadata and its signing keys (the JWKS, fetched with
//! the metadata and again when an ID token names a key id it does not hold).
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
use serde::Deserialize;
use tokio::sync::Mutex;

use crate::backend::http::{self, Reachability};
use crate::backend::{BackendError, ErrorKind};
use crate::clock::SharedClock;
use crate::config::{OidcEndpoints, OidcGrant};

/// How long fetched metadata is trusted before it is fetched again.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// A JWKS is fetched again for an unknown key id at most this often (a forged `kid` must not
/// make the daemon hammer the provider).
const JWKS_REFETCH_MIN: Duration = Duration::from_secs(10);

/// The grant type names of RFC 8628, RFC 8693 and RFC 7523.
pub(super) const DEVICE_CODE: &str = "urn:ietf:params:oauth:grant-type:device_code";
pub(super) const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
pub(super) const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// Where a piece of the metadata came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// The OpenID Connect discovery document.
    OpenIdConfiguration,
    /// The RFC 8414 authorization server metadata.
    AuthorizationServer,
    /// The app's configuration.
    Configuration,
}

impl Source {
    /// How `latchkey doctor` names it.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::OpenIdConfiguration => "openid-configuration",
            Self::AuthorizationServer => "oauth-authorization-server",
            Self::Configuration => "configuration",
        }
    }
}

/// One metadata document as a provider wrote it (every field optional: which are there
/// differs between providers, and between a provider's two documents).
#[derive(Debug, Clone, Default, Deserialize)]
struct Document {
    issuer: Option<String>,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    device_authorization_endpoint: Option<String>,
    userinfo_endpoint: Option<String>,
    revocation_endpoint: Option<String>,
    jwks_uri: Option<String>,
    grant_types_supported: Option<Vec<String>>,
    code_challenge_methods_supported: Option<Vec<String>>,
    token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    authorization_response_iss_parameter_supported: bool,
}

impl Document {
    /// Whether it leaves out a field the daemon uses, so that the other document is worth a
    /// request.
    fn incomplete(&self) -> bool {
        self.token_endpoint.is_none()
            || self.grant_types_supported.is_none()
            || self.revocation_endpoint.is_none()
            || self.device_authorization_endpoint.is_none()
            || self.token_endpoint_auth_methods_supported.is_none()
    }
}

/// The provider metadata the daemon uses: the documents merged, the configuration's endpoints
/// over them.
#[derive(Debug, Clone)]
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
    pub authorization_response_iss_parameter_supported: bool,
    /// Where each endpoint came from (by its metadata name).
    pub sources: Vec<(&'static str, Source)>,
    /// The grant types the operator listed in `grants`: they stand when no document lists
    /// `grant_types_supported`.
    pub operator_grants: Option<Vec<&'static str>>,
}

/// The grant type names an operator's `grants` stand for.
pub(super) fn grant_types(grants: &[OidcGrant]) -> Vec<&'static str> {
    let mut types = vec!["refresh_token"];
    for grant in grants {
        types.extend_from_slice(match grant {
            OidcGrant::Device => &[DEVICE_CODE][..],
            OidcGrant::Browser => &["authorization_code"],
            OidcGrant::ClientCredentials => &["client_credentials"],
            OidcGrant::Password => &["password"],
            OidcGrant::RefreshToken => &["refresh_token"],
            OidcGrant::Jwt => &[TOKEN_EXCHANGE, JWT_BEARER],
        });
    }
    types.sort_unstable();
    types.dedup();
    types
}

impl Metadata {
    /// The documents found (the OpenID one first) merged under the configured endpoints.
    ///
    /// # Errors
    /// `Malformed` when no token endpoint is known from anywhere.
    fn merge(
        issuer: &str,
        openid: Option<Document>,
        oauth: Option<Document>,
        configured: &OidcEndpoints,
        operator_grants: Option<Vec<&'static str>>,
    ) -> Result<Self, BackendError> {
        let openid = openid.unwrap_or_default();
        let oauth = oauth.unwrap_or_default();
        let mut sources = Vec::new();
        let mut endpoint = |name: &'static str,
                            configured: &Option<String>,
                            pick: fn(&Document) -> &Option<String>| {
            let found = [
                (configured.as_ref(), Source::Configuration),
                (pick(&openid).as_ref(), Source::OpenIdConfiguration),
                (pick(&oauth).as_ref(), Source::AuthorizationServer),
            ]
            .into_iter()
            .find_map(|(url, source)| url.map(|url| (url.clone(), source)));
            found.map(|(url, source)| {
                sources.push((name, source));
                url
            })
        };
        let authorization_endpoint =
            endpoint("authorization_endpoint", &configured.authorization, |d| {
                &d.authorization_endpoint
            });
        let token_endpoint = endpoint("token_endpoint", &configured.token, |d| &d.token_endpoint);
        let device_authorization_endpoint = endpoint(
            "device_authorization_endpoint",
            &configured.device_authorization,
            |d| &d.device_authorization_endpoint,
        );
        let userinfo_endpoint = endpoint("userinfo_endpoint", &configured.userinfo, |d| {
            &d.userinfo_endpoint
        });
        let revocation_endpoint = endpoint("revocation_endpoint", &configured.revocation, |d| {
            &d.revocation_endpoint
        });
        let jwks_uri = endpoint("jwks_uri", &configured.jwks, |d| &d.jwks_uri);
        let token_endpoint = token_endpoint.ok_or_else(|| {
            BackendError::Malformed(
                "the provider's metadata names no token_endpoint: name it with token_endpoint in the app's configuration".to_owned(),
            )
        })?;
        let either = |pick: fn(&Document) -> &Option<Vec<String>>| {
            pick(&openid).clone().or_else(|| pick(&oauth).clone())
        };
        Ok(Self {
            issuer: issuer.to_owned(),
            authorization_endpoint,
            token_endpoint,
            device_authorization_endpoint,
            userinfo_endpoint,
            revocation_endpoint,
            jwks_uri,
            grant_types_supported: either(|d| &d.grant_types_supported),
            code_challenge_methods_supported: either(|d| &d.code_challenge_methods_supported),
            token_endpoint_auth_methods_supported: either(|d| {
                &d.token_endpoint_auth_methods_supported
            }),
            authorization_response_iss_parameter_supported: openid
                .authorization_response_iss_parameter_supported
                || oauth.authorization_response_iss_parameter_supported,
            sources,
            operator_grants,
        })
    }

    /// Holds the metadata to what its issuer implies: an `https` issuer's endpoints and key set
    /// are all `https`, so that no password, code or token goes in cleartext because a document
    /// (or a configuration) said so, and no key set comes over a channel anyone on the path can
    /// change.
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
                    "the provider's metadata's {name} is not an https URL, while the issuer is"
                )));
            }
        }
        Ok(())
    }

    /// Whether the server offers `grant_type`. Without `grant_types_supported` in either
    /// document, the operator's `grants` stand when the configuration lists them; otherwise the
    /// RFC 8414 default holds (authorization code), widened to the grants every server has
    /// (refresh, client credentials), and extension grants must be listed.
    pub(super) fn offers(&self, grant_type: &str) -> bool {
        match (&self.grant_types_supported, &self.operator_grants) {
            (Some(list), _) => list.iter().any(|offered| offered == grant_type),
            (None, Some(operator)) => operator.contains(&grant_type),
            (None, None) => matches!(
                grant_type,
                "authorization_code" | "refresh_token" | "client_credentials"
            ),
        }
    }

    /// Whether the server's own metadata lists `grant_type` (the operator's word not counted).
    pub(super) fn lists(&self, grant_type: &str) -> bool {
        self.grant_types_supported
            .as_ref()
            .is_some_and(|list| list.iter().any(|offered| offered == grant_type))
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

/// The fuzz target's way in: a document read and merged as a fetched one is.
pub(super) fn fuzz_document(body: &[u8]) {
    if let Ok(document) = serde_json::from_slice::<Document>(body) {
        let issuer = document.issuer.clone().unwrap_or_default();
        if let Ok(merged) = Metadata::merge(
            &issuer,
            Some(document.clone()),
            Some(document),
            &OidcEndpoints::default(),
            None,
        ) {
            let _ = merged.check_schemes();
            let _ = merged.offers(DEVICE_CODE);
        }
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

    /// The metadata one document makes (as the OpenID one), nothing configured.
    fn metadata(json: &str) -> Result<Metadata, BackendError> {
        let document: Document = serde_json::from_str(json).unwrap();
        let issuer = document.issuer.clone().unwrap_or_default();
        Metadata::merge(
            &issuer,
            Some(document),
            None,
            &OidcEndpoints::default(),
            None,
        )
    }

    #[test]
    fn grants_follow_the_discovery_document() {
        let listed = metadata(
            r#"{"issuer":"https://i","token_endpoint":"https://i/t","grant_types_supported":["authorization_code","urn:ietf:params:oauth:grant-type:device_code"],"token_endpoint_auth_methods_supported":["client_secret_post"]}"#,
        )
        .unwrap();
        assert!(listed.offers(DEVICE_CODE));
        assert!(!listed.offers("password") && !listed.offers("client_credentials"));
        assert!(listed.secret_in_body());
        let silent = metadata(r#"{"issuer":"https://i","token_endpoint":"https://i/t"}"#).unwrap();
        assert!(silent.offers("refresh_token") && !silent.offers(TOKEN_EXCHANGE));
        assert!(!silent.offers("password") && !silent.offers(DEVICE_CODE));
        assert!(!silent.secret_in_body());
    }

    #[test]
    fn the_operators_grants_stand_where_no_document_lists_grant_types() {
        let silent: Document =
            serde_json::from_str(r#"{"issuer":"https://i","token_endpoint":"https://i/t"}"#)
                .unwrap();
        let operator = Some(grant_types(&[OidcGrant::Device, OidcGrant::Password]));
        let merged = Metadata::merge(
            "https://i",
            Some(silent.clone()),
            None,
            &OidcEndpoints::default(),
            operator.clone(),
        )
        .unwrap();
        assert!(merged.offers(DEVICE_CODE) && merged.offers("password"));
        assert!(merged.offers("refresh_token"), "every session refreshes");
        assert!(!merged.offers("client_credentials") && !merged.offers(TOKEN_EXCHANGE));
        assert!(!merged.lists("password"), "the server itself said nothing");
        // A document that lists grant types is believed over the operator.
        let listing: Document = serde_json::from_str(
            r#"{"issuer":"https://i","grant_types_supported":["authorization_code"]}"#,
        )
        .unwrap();
        let merged = Metadata::merge(
            "https://i",
            Some(silent),
            Some(listing),
            &OidcEndpoints::default(),
            operator,
        )
        .unwrap();
        assert!(!merged.offers("password") && merged.offers("authorization_code"));
    }

    #[test]
    fn endpoints_come_from_the_configuration_then_the_openid_then_the_rfc_8414_document() {
        let openid: Document = serde_json::from_str(
            r#"{"issuer":"https://i/o","token_endpoint":"https://i/o/token/","userinfo_endpoint":"https://i/o/userinfo/"}"#,
        )
        .unwrap();
        let oauth: Document = serde_json::from_str(
            r#"{"issuer":"https://i/o","token_endpoint":"https://i/o/other/","revocation_endpoint":"https://i/o/revoke_token/","grant_types_supported":["password"]}"#,
        )
        .unwrap();
        let configured = OidcEndpoints {
            device_authorization: Some("https://i/o/device-authorization/".to_owned()),
            userinfo: Some("https://i/o/me".to_owned()),
            ..OidcEndpoints::default()
        };
        let merged =
            Metadata::merge("https://i/o", Some(openid), Some(oauth), &configured, None).unwrap();
        assert_eq!(merged.token_endpoint, "https://i/o/token/");
        assert_eq!(
            merged.revocation_endpoint.as_deref(),
            Some("https://i/o/revoke_token/")
        );
        assert_eq!(merged.userinfo_endpoint.as_deref(), Some("https://i/o/me"));
        assert!(merged.offers("password"), "grant types from RFC 8414");
        assert_eq!(
            merged.sources,
            [
                ("token_endpoint", Source::OpenIdConfiguration),
                ("device_authorization_endpoint", Source::Configuration),
                ("userinfo_endpoint", Source::Configuration),
                ("revocation_endpoint", Source::AuthorizationServer),
            ]
        );
        let nothing = Metadata::merge("https://i/o", None, None, &OidcEndpoints::default(), None);
        assert!(
            matches!(&nothing, Err(BackendError::Malformed(text)) if text.contains("token_endpoint")),
            "{nothing:?}"
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

    #[test]
    fn an_https_issuer_lists_https_endpoints_only() {
        let document = |token: &str, jwks: &str| -> Metadata {
            metadata(&format!(
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
        let local =
            metadata(r#"{"issuer":"http://127.0.0.1:1","token_endpoint":"http://127.0.0.1:1/t"}"#)
                .unwrap();
        assert!(local.check_schemes().is_ok());
    }
}
