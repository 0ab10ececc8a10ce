//! The provider metadata the daemon uses: the OpenID Connect discovery document and the RFC 8414
//! one as a provider writes them ([`Document`]), merged with the endpoints the app's
//! configuration names into one [`Metadata`] that remembers where each endpoint came from, and
//! what the server offers (its grant types, or the operator's where it lists none).

use serde::Deserialize;

use crate::backend::{BackendError, Endpoint};
use crate::config::{OidcEndpoints, OidcGrant};

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
pub(super) struct Document {
    pub(super) issuer: Option<String>,
    pub(super) authorization_endpoint: Option<String>,
    pub(super) token_endpoint: Option<String>,
    pub(super) device_authorization_endpoint: Option<String>,
    pub(super) userinfo_endpoint: Option<String>,
    pub(super) revocation_endpoint: Option<String>,
    pub(super) jwks_uri: Option<String>,
    pub(super) grant_types_supported: Option<Vec<String>>,
    pub(super) code_challenge_methods_supported: Option<Vec<String>>,
    pub(super) token_endpoint_auth_methods_supported: Option<Vec<String>>,
    #[serde(default)]
    pub(super) authorization_response_iss_parameter_supported: bool,
}

impl Document {
    /// Whether it leaves out a field the daemon uses, so that the other document is worth a
    /// request.
    pub(super) fn incomplete(&self) -> bool {
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
    pub(super) fn merge(
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

    /// Each endpoint with where it came from, as `ListApps` and `latchkey doctor` show them.
    pub(super) fn endpoints(&self) -> Vec<Endpoint> {
        let url = |name: &str| match name {
            "authorization_endpoint" => self.authorization_endpoint.as_ref(),
            "token_endpoint" => Some(&self.token_endpoint),
            "device_authorization_endpoint" => self.device_authorization_endpoint.as_ref(),
            "userinfo_endpoint" => self.userinfo_endpoint.as_ref(),
            "revocation_endpoint" => self.revocation_endpoint.as_ref(),
            "jwks_uri" => self.jwks_uri.as_ref(),
            _ => None,
        };
        self.sources
            .iter()
            .filter_map(|(name, source)| {
                url(name).map(|url| Endpoint {
                    name,
                    url: url.clone(),
                    source: source.as_str(),
                })
            })
            .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

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
