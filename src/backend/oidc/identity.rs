//! Who logged in: the ID token checked against the provider's keys and the login's nonce, the
//! user's claims from userinfo (refused when they describe someone else), and the profile made
//! of both. The user is the issuer's `sub`.

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use serde_json::{Map, Value};

use super::OidcClient;
use super::metadata::Metadata;
use super::wire::{self, Expected, Tokens};
use crate::backend::http;
use crate::backend::{BackendError, ErrorKind, Grant, IdGrant};
use crate::secret::Secret;

impl OidcClient {
    /// A user's session from a token answer: the ID token checked (with `nonce` in the code
    /// flow), the user being its `sub`, or userinfo's when no ID token came.
    pub(super) async fn user_grant(
        &self,
        metadata: &Metadata,
        tokens: Tokens,
        nonce: Option<&str>,
        provider_type: &str,
    ) -> Result<Grant, BackendError> {
        let id_claims = match &tokens.id_token {
            Some(id_token) => self.check_id_token(metadata, id_token, nonce, None).await?,
            None if nonce.is_some() && self.config.scopes.iter().any(|s| s == "openid") => {
                return Err(BackendError::Malformed(
                    "the provider answered an OpenID Connect login without an ID token".to_owned(),
                ));
            }
            None => Map::new(),
        };
        let userinfo = match &metadata.userinfo_endpoint {
            Some(endpoint) => match self.userinfo(endpoint, &tokens.access.token).await {
                Ok(claims) => Some(claims),
                // The ID token says who it is; userinfo only adds to the profile.
                Err(err) if !id_claims.is_empty() => {
                    tracing::debug!(error = %err, "userinfo unavailable at login; profile from the ID token");
                    None
                }
                Err(err) => return Err(err),
            },
            None => None,
        };
        let id_sub = id_claims.get("sub").and_then(Value::as_str);
        let info_sub = userinfo
            .as_ref()
            .and_then(|claims| claims.get("sub"))
            .and_then(Value::as_str);
        if let (Some(id_sub), Some(info_sub)) = (id_sub, info_sub)
            && id_sub != info_sub
        {
            // OIDC Core §5.3.2: a userinfo answer for someone else must not be used.
            return Err(BackendError::Malformed(
                "userinfo describes another user than the ID token".to_owned(),
            ));
        }
        let sub = id_sub
            .or(info_sub)
            .filter(|sub| !sub.is_empty())
            .ok_or_else(|| {
                BackendError::Malformed(
                    "the provider said neither in an ID token nor through userinfo who logged in"
                        .to_owned(),
                )
            })?
            .to_owned();
        let profile = wire::profile(&sub, &id_claims, userinfo.as_ref());
        let id_token =
            self.kept_id_token(tokens.id_token, tokens.access.received_at_ms, &id_claims)?;
        let mut access = tokens.access;
        self.replaced_at_refresh(&mut access);
        Ok(Grant {
            user_id: sub,
            device_id: String::new(),
            provider_type: provider_type.to_owned(),
            access,
            refresh: tokens.refresh,
            profile: Some(profile),
            id_token,
        })
    }

    /// The checked ID token of an answer received at `received_at_ms`, kept for callers when
    /// the app serves ID tokens (`id_tokens = true`); `None` otherwise, or when none came.
    pub(super) fn kept_id_token(
        &self,
        id_token: Option<Secret>,
        received_at_ms: i64,
        claims: &Map<String, Value>,
    ) -> Result<Option<IdGrant>, BackendError> {
        let Some(token) = id_token.filter(|_| self.config.id_tokens) else {
            return Ok(None);
        };
        let seconds = |name: &str| claims.get(name).and_then(Value::as_i64);
        let exp = seconds("exp").ok_or_else(|| {
            BackendError::Malformed("the ID token's exp is not a whole number".to_owned())
        })?;
        IdGrant::new(token, received_at_ms, exp, seconds("iat")).map(Some)
    }

    pub(super) async fn check_id_token(
        &self,
        metadata: &Metadata,
        id_token: &Secret,
        nonce: Option<&str>,
        subject: Option<&str>,
    ) -> Result<Map<String, Value>, BackendError> {
        let (algorithm, kid) = wire::id_token_header(id_token)?;
        let key = self
            .discovery
            .key(self.http.get()?, &self.reach, metadata, kid.as_deref())
            .await?;
        wire::id_token_claims(
            id_token,
            algorithm,
            &key,
            &Expected {
                issuer: &metadata.issuer,
                client_id: &self.config.client_id,
                nonce,
                subject,
            },
        )
    }

    pub(super) async fn userinfo(
        &self,
        endpoint: &str,
        access: &Secret,
    ) -> Result<Map<String, Value>, BackendError> {
        let mut bearer =
            HeaderValue::from_str(&format!("Bearer {}", access.expose())).map_err(|_| {
                BackendError::Malformed("an access token is not a header value".to_owned())
            })?;
        bearer.set_sensitive(true);
        let request = self
            .http
            .get()?
            .get(endpoint)
            .header(AUTHORIZATION, bearer)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        let answer = http::receive(request.send().await, &self.reach).await?;
        if answer.status == 401 {
            return Err(BackendError::Http {
                kind: ErrorKind::TokenRefused,
                status: 401,
                retry_after: None,
            });
        }
        if !answer.is_success() {
            return Err(BackendError::Http {
                kind: wire::status_kind(answer.status),
                status: answer.status,
                retry_after: answer.retry_after,
            });
        }
        match answer.json() {
            Some(Value::Object(claims)) => Ok(claims),
            _ => Err(BackendError::Malformed(
                "userinfo is not a JSON object".to_owned(),
            )),
        }
    }
}
