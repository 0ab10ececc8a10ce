//! The interactive logins of an OpenID Connect app: the device authorization grant (RFC 8628:
//! the prompt first, then polling at the server's interval, slower after `slow_down`) and the
//! authorization code with PKCE S256 and a loopback redirect (RFC 8252). Both send their prompt
//! to the caller before they wait, and the wait ends when the caller's future is dropped.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc;

use super::metadata::{DEVICE_CODE, Metadata};
use super::wire::{self, Exchange};
use super::{OidcClient, loopback};
use crate::backend::{BackendError, ErrorKind, Grant, Prompt};
use crate::secret::Secret;

/// RFC 8628's polling interval when the server names none.
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);

/// What `slow_down` adds to the polling interval (RFC 8628 §3.5).
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// Longest polling interval believed from a server.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);

impl OidcClient {
    pub(super) async fn device_login(
        &self,
        metadata: &Metadata,
        scopes: &[String],
        prompt: mpsc::Sender<Prompt>,
    ) -> Result<Grant, BackendError> {
        let endpoint = metadata
            .device_authorization_endpoint
            .as_deref()
            .ok_or_else(|| {
                BackendError::NotOffered(
                    "the provider has no device authorization endpoint".to_owned(),
                )
            })?;
        let mut form = vec![("scope", self.scope_of(scopes))];
        form.extend(self.login_resources());
        if self.secret.is_some() && !metadata.secret_in_body() {
            // RFC 8628 §3.1 lets a client authenticated by HTTP Basic send its client_id in the
            // body too, and some servers (oauthlib's, under django-oauth-toolkit) read it only
            // from there.
            form.push(("client_id", self.config.client_id.clone()));
        }
        let answer = self.post(metadata, endpoint, form).await?;
        let started_ms = self.clock.now_ms();
        let json = answer.json();
        if !answer.is_success() {
            return Err(wire::error(&answer, json.as_ref(), Exchange::Login));
        }
        let text = |key: &str| {
            json.as_ref()
                .and_then(|json| json.get(key))
                .and_then(Value::as_str)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        let malformed = |what: &str| {
            BackendError::Malformed(format!("the device authorization answer has no {what}"))
        };
        let device_code = Secret::new(text("device_code").ok_or_else(|| malformed("device_code"))?);
        let user_code = text("user_code").ok_or_else(|| malformed("user_code"))?;
        // Google says `verification_url`.
        let verification_uri = text("verification_uri")
            .or_else(|| text("verification_url"))
            .ok_or_else(|| malformed("verification_uri"))?;
        web_url(&verification_uri, "verification_uri")?;
        let verification_uri_complete = text("verification_uri_complete")
            .filter(|complete| web_url(complete, "verification_uri_complete").is_ok());
        let lifetime = wire::seconds(json.as_ref().and_then(|json| json.get("expires_in")))
            .ok_or_else(|| malformed("expires_in"))?;
        let mut interval = wire::seconds(json.as_ref().and_then(|json| json.get("interval")))
            .unwrap_or(DEFAULT_POLL_INTERVAL)
            .clamp(Duration::from_millis(200), MAX_POLL_INTERVAL);
        let expires_at_ms = started_ms.saturating_add(crate::clock::millis(lifetime));
        // A caller that went away cancels the login (the receiver is dropped).
        prompt
            .send(Prompt::Device {
                verification_uri,
                verification_uri_complete,
                user_code,
                expires_at_ms,
            })
            .await
            .map_err(|_| BackendError::Unreachable("the login was cancelled".to_owned()))?;
        loop {
            tokio::time::sleep(interval).await;
            if self.clock.now_ms() >= expires_at_ms {
                return Err(expired_code());
            }
            let form = vec![
                ("grant_type", DEVICE_CODE.to_owned()),
                ("device_code", device_code.expose().to_owned()),
            ];
            match self.token(metadata, form, Exchange::Login).await {
                Ok(tokens) => return self.user_grant(metadata, tokens, None, "device").await,
                Err(BackendError::Service { ref code, .. }) if code == "authorization_pending" => {}
                Err(BackendError::Service { ref code, .. }) if code == "slow_down" => {
                    interval = (interval + SLOW_DOWN_STEP).min(MAX_POLL_INTERVAL);
                }
                Err(BackendError::Service { ref code, .. }) if code == "expired_token" => {
                    return Err(expired_code());
                }
                Err(BackendError::Service { ref code, .. }) if code == "access_denied" => {
                    return Err(BackendError::Service {
                        kind: ErrorKind::CredentialsRefused,
                        status: 400,
                        code: "access_denied".to_owned(),
                        message: "the user denied the login".to_owned(),
                        link: None,
                        retry_after: None,
                    });
                }
                // The server may come back before the code expires: keep polling.
                Err(err) if err.is_transient() => {
                    tracing::debug!(error = %err, "device login poll failed; polling on");
                }
                Err(err) => return Err(err),
            }
        }
    }

    pub(super) async fn browser_login(
        &self,
        metadata: &Metadata,
        scopes: &[String],
        local_uid: u32,
        prompt: mpsc::Sender<Prompt>,
    ) -> Result<Grant, BackendError> {
        let endpoint = metadata.authorization_endpoint.as_deref().ok_or_else(|| {
            BackendError::NotOffered("the provider has no authorization endpoint".to_owned())
        })?;
        if let Some(methods) = &metadata.code_challenge_methods_supported
            && !methods.iter().any(|method| method == "S256")
        {
            return Err(BackendError::NotOffered(
                "the provider does not support PKCE with S256".to_owned(),
            ));
        }
        web_url(endpoint, "authorization endpoint")?;
        let loopback = self.redirect_listener().await?;
        let redirect_uri = loopback.redirect_uri();
        let state = wire::random_token(32);
        let nonce = wire::random_token(32);
        let verifier = Secret::new(wire::random_token(32));
        let scope = self.scope_of(scopes);
        let mut url = reqwest::Url::parse(endpoint).map_err(|_| {
            BackendError::Malformed("the authorization endpoint is not a URL".to_owned())
        })?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &self.config.client_id)
                .append_pair("redirect_uri", &redirect_uri)
                .append_pair("scope", &scope)
                .append_pair("state", &state)
                .append_pair("nonce", &nonce)
                .append_pair("code_challenge", &wire::pkce_challenge(verifier.expose()))
                .append_pair("code_challenge_method", "S256");
            // OIDC Core §11: a refresh token is granted only after consent.
            if scope.split(' ').any(|s| s == "offline_access") {
                query.append_pair("prompt", "consent");
            }
            for (key, resource) in self.login_resources() {
                query.append_pair(key, &resource);
            }
        }
        prompt
            .send(Prompt::Browser {
                authorization_url: url.into(),
            })
            .await
            .map_err(|_| BackendError::Unreachable("the login was cancelled".to_owned()))?;
        let waited = self.config.browser_timeout;
        let redirect = tokio::time::timeout(waited, loopback.redirect(&state, local_uid))
            .await
            .map_err(|_| BackendError::Service {
                kind: ErrorKind::LoginExpired,
                status: 408,
                code: "timeout".to_owned(),
                message: format!(
                    "no redirect from the browser within {} s (browser_timeout); the login was abandoned",
                    waited.as_secs()
                ),
                link: None,
                retry_after: None,
            })??;
        drop(loopback);
        let code = match redirect {
            loopback::Redirect::Code { code, issuer } => {
                check_response_issuer(metadata, issuer.as_deref())?;
                code
            }
            loopback::Redirect::Refused { error, description } => {
                return Err(BackendError::Service {
                    kind: ErrorKind::CredentialsRefused,
                    status: 400,
                    message: if description.is_empty() {
                        format!("the provider refused the sign-in: {error}")
                    } else {
                        format!("the provider refused the sign-in: {description}")
                    },
                    code: error,
                    link: None,
                    retry_after: None,
                });
            }
        };
        let form = vec![
            ("grant_type", "authorization_code".to_owned()),
            ("code", code.expose().to_owned()),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose().to_owned()),
        ];
        let tokens = self.token(metadata, form, Exchange::Login).await?;
        self.user_grant(metadata, tokens, Some(&nonce), "browser")
            .await
    }
}

impl OidcClient {
    /// The loopback listener of a browser login: a new one on a free port, or the app's fixed
    /// `redirect_port` (the provider knows only that redirect URI), shared by every browser
    /// login of the app that is waiting at the same time and closed when the last one ends.
    async fn redirect_listener(&self) -> Result<Arc<loopback::Loopback>, BackendError> {
        let Some(port) = self.config.redirect_port else {
            return loopback::Loopback::bind(0).await;
        };
        // Held across the bind: two logins starting together must not both try to bind.
        let mut shared = self.redirect_listener.lock().await;
        if let Some(listener) = shared.upgrade() {
            return Ok(listener);
        }
        let listener = loopback::Loopback::bind(port).await?;
        *shared = Arc::downgrade(&listener);
        Ok(listener)
    }
}

/// RFC 9207 §2.4: an authorization response that names another issuer (a mix-up: the code is
/// another server's), or none from a server that says it always does, is refused before the
/// code goes anywhere.
fn check_response_issuer(metadata: &Metadata, issuer: Option<&str>) -> Result<(), BackendError> {
    match issuer {
        Some(issuer) if issuer != metadata.issuer => Err(BackendError::Malformed(format!(
            "the authorization response names the issuer {}, not this app's {}; the code was not exchanged",
            crate::escape::Escaped(issuer),
            metadata.issuer
        ))),
        None if metadata.authorization_response_iss_parameter_supported => {
            Err(BackendError::Malformed(
                "the authorization response carries no iss although the provider says it always does (RFC 9207); the code was not exchanged".to_owned(),
            ))
        }
        _ => Ok(()),
    }
}

/// A URL from the provider that a user will open: only http(s), so that a hostile discovery
/// document cannot make a browser open a local file or run a script.
fn web_url(url: &str, what: &str) -> Result<(), BackendError> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "https" | "http") && parsed.has_host() => Ok(()),
        _ => Err(BackendError::Malformed(format!(
            "the provider's {what} is not an http(s) URL"
        ))),
    }
}

fn expired_code() -> BackendError {
    BackendError::Service {
        kind: ErrorKind::LoginExpired,
        status: 400,
        code: "expired_token".to_owned(),
        message: "the device code expired before the user approved the login".to_owned(),
        link: None,
        retry_after: None,
    }
}
