//! Any OpenID Connect / OAuth 2.0 server: discovery ([`discovery`]), the grants of a login
//! (device authorization RFC 8628, authorization code with PKCE S256 and a loopback redirect
//! RFC 8252, client credentials, password, an imported refresh token, a JWT through token
//! exchange RFC 8693 or JWT bearer RFC 7523), refresh with rotation, tokens for a narrower
//! purpose (a `scope` subset and an RFC 8707 `resource` on the refresh grant), revocation
//! (RFC 7009) and userinfo. ID tokens are checked ([`wire::id_token_claims`]) before anything
//! of a login is returned; the user's id is the issuer's `sub`.
//!
//! Grants are plain form posts written here, over the daemon's own reqwest client (see the
//! module notes in ARCHITECTURE.md for why no OAuth crate); JWT signatures are checked by
//! `jsonwebtoken`. Never logs a request or response body: they carry tokens and secrets.

mod discovery;
mod loopback;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::http::{self, Reachability};
use super::{
    AccessGrant, AccountCall, ApiKeyAnswer, ApiKeyCall, Backend, BackendError, Classify,
    CredentialKind, Credentials, ErrorKind, Grant, Identity, Interactive, Profile, Prompt, Purpose,
    Refreshed, UserTraits,
};
use crate::clock::SharedClock;
use crate::config::{OidcConfig, OidcGrant};
use crate::secret::Secret;
use discovery::{DEVICE_CODE, Discovery, JWT_BEARER, Metadata, TOKEN_EXCHANGE};
use wire::{Exchange, Expected, Tokens};

/// RFC 8628's polling interval when the server names none.
const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(5);

/// What `slow_down` adds to the polling interval (RFC 8628 §3.5).
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);

/// Longest polling interval believed from a server.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(60);

/// Scopes that ask for the user's identity and a refresh token: not sent with client
/// credentials, where there is no user.
const USER_SCOPES: [&str; 6] = [
    "openid",
    "offline_access",
    "profile",
    "email",
    "address",
    "phone",
];

/// A client of one OpenID Connect provider.
pub(crate) struct OidcClient {
    config: OidcConfig,
    secret: Option<Secret>,
    http: reqwest::Client,
    reach: Reachability,
    discovery: Discovery,
    accepts: Vec<CredentialKind>,
    clock: SharedClock,
}

impl std::fmt::Debug for OidcClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcClient")
            .field("issuer", &self.config.issuer)
            .field("client_id", &self.config.client_id)
            .field("secret", &self.secret.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl OidcClient {
    /// A client for `config`, authenticating with `secret` when it is a confidential client.
    ///
    /// # Errors
    /// The HTTP client cannot be built.
    pub(crate) fn new(
        config: &OidcConfig,
        secret: Option<Secret>,
        timeout: Duration,
        clock: SharedClock,
    ) -> Result<Self, BackendError> {
        // Redirects are not followed: a token endpoint that redirects would re-send a secret.
        let http = http::client(timeout, reqwest::redirect::Policy::none())?;
        let accepts = config
            .grants
            .iter()
            .map(|grant| match grant {
                OidcGrant::Device => CredentialKind::Device,
                OidcGrant::Browser => CredentialKind::Browser,
                OidcGrant::ClientCredentials => CredentialKind::ClientCredentials,
                OidcGrant::Password => CredentialKind::Password,
                OidcGrant::RefreshToken => CredentialKind::RefreshToken,
                OidcGrant::Jwt => CredentialKind::Jwt,
            })
            .collect();
        Ok(Self {
            discovery: Discovery::new(&config.issuer, clock.clone()),
            config: config.clone(),
            secret,
            http,
            reach: Reachability::default(),
            accepts,
            clock,
        })
    }

    async fn metadata(&self) -> Result<Arc<Metadata>, BackendError> {
        self.discovery.metadata(&self.http, &self.reach).await
    }

    /// A form post to one of the provider's endpoints, authenticated as the client.
    async fn post(
        &self,
        metadata: &Metadata,
        endpoint: &str,
        mut form: Vec<(&str, String)>,
    ) -> Result<http::Answer, BackendError> {
        let mut request = self
            .http
            .post(endpoint)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        match &self.secret {
            Some(secret) if !metadata.secret_in_body() => {
                // RFC 6749 §2.3.1: both parts form-encoded, then Basic.
                use base64::Engine;
                let encode = |text: &str| {
                    url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
                };
                let pair = format!(
                    "{}:{}",
                    encode(&self.config.client_id),
                    encode(secret.expose())
                );
                let mut value = HeaderValue::from_str(&format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
                .map_err(|_| {
                    BackendError::Malformed("the client secret is not a header value".to_owned())
                })?;
                value.set_sensitive(true);
                request = request.header(AUTHORIZATION, value);
            }
            Some(secret) => {
                form.push(("client_id", self.config.client_id.clone()));
                form.push(("client_secret", secret.expose().to_owned()));
            }
            None => form.push(("client_id", self.config.client_id.clone())),
        }
        let answer = http::receive(request.form(&form).send().await, &self.reach).await;
        // The form held secrets: wipe the copies.
        for (_, value) in &mut form {
            zeroize::Zeroize::zeroize(value);
        }
        answer
    }

    /// A token request; its answer read and classified.
    async fn token(
        &self,
        metadata: &Metadata,
        form: Vec<(&str, String)>,
        exchange: Exchange,
    ) -> Result<Tokens, BackendError> {
        let answer = self.post(metadata, &metadata.token_endpoint, form).await?;
        wire::tokens(&answer, exchange, self.clock.now_ms())
    }

    /// The resource indicators of a login: every configured audience.
    fn login_resources(&self) -> impl Iterator<Item = (&'static str, String)> + '_ {
        self.config
            .audience
            .iter()
            .map(|resource| ("resource", resource.clone()))
    }

    fn scope_of(&self, scopes: &[String]) -> String {
        if scopes.is_empty() {
            self.config.scopes.join(" ")
        } else {
            scopes.join(" ")
        }
    }

    /// Fails unless the server offers `grant_type`.
    fn offered(metadata: &Metadata, grant_type: &str, what: &str) -> Result<(), BackendError> {
        if metadata.offers(grant_type) {
            Ok(())
        } else {
            Err(BackendError::NotOffered(format!(
                "the provider does not offer the {what} grant ({grant_type})"
            )))
        }
    }

    /// A user's session from a token answer: the ID token checked (with `nonce` in the code
    /// flow), the user being its `sub`, or userinfo's when no ID token came.
    async fn user_grant(
        &self,
        metadata: &Metadata,
        tokens: Tokens,
        nonce: Option<&str>,
        provider_type: &str,
    ) -> Result<Grant, BackendError> {
        let id_claims = match &tokens.id_token {
            Some(id_token) => self.check_id_token(metadata, id_token, nonce).await?,
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
        Ok(Grant {
            user_id: sub,
            device_id: String::new(),
            provider_type: provider_type.to_owned(),
            access: tokens.access,
            refresh: tokens.refresh,
            profile: Some(profile),
        })
    }

    async fn check_id_token(
        &self,
        metadata: &Metadata,
        id_token: &Secret,
        nonce: Option<&str>,
    ) -> Result<Map<String, Value>, BackendError> {
        let (algorithm, kid) = wire::id_token_header(id_token)?;
        let key = self
            .discovery
            .key(&self.http, &self.reach, metadata, kid.as_deref())
            .await?;
        wire::id_token_claims(
            id_token,
            algorithm,
            &key,
            &Expected {
                issuer: &metadata.issuer,
                client_id: &self.config.client_id,
                nonce,
            },
        )
    }

    async fn userinfo(
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

    /// The client's own session (client credentials), for `purpose` or the app's scopes.
    async fn client_credentials(
        &self,
        metadata: &Metadata,
        purpose: &Purpose,
        exchange: Exchange,
    ) -> Result<Tokens, BackendError> {
        Self::offered(metadata, "client_credentials", "client credentials")?;
        if self.secret.is_none() {
            return Err(BackendError::NotOffered(
                "client credentials need a confidential client (client_secret_file)".to_owned(),
            ));
        }
        let mut form = vec![("grant_type", "client_credentials".to_owned())];
        let scopes: Vec<&str> = if purpose.scopes.is_empty() {
            self.config
                .scopes
                .iter()
                .map(String::as_str)
                .filter(|scope| !USER_SCOPES.contains(scope))
                .collect()
        } else {
            purpose.scopes.iter().map(String::as_str).collect()
        };
        if !scopes.is_empty() {
            form.push(("scope", scopes.join(" ")));
        }
        if !purpose.audience.is_empty() {
            form.push(("resource", purpose.audience.clone()));
        }
        self.token(metadata, form, exchange).await
    }

    async fn device_login(
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

    async fn browser_login(
        &self,
        metadata: &Metadata,
        scopes: &[String],
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
        let loopback = loopback::Loopback::bind(self.config.redirect_port.unwrap_or(0)).await?;
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
        let redirect = tokio::time::timeout(waited, loopback.redirect(&state))
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
            loopback::Redirect::Code(code) => code,
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

/// Users of an OpenID provider are never anonymous and have nothing kept from disk.
fn user_traits(_login_provider: &str, _identities: &[Identity]) -> UserTraits {
    UserTraits::default()
}

#[async_trait::async_trait]
impl Backend for OidcClient {
    fn kind(&self) -> &'static str {
        "oidc"
    }

    fn accepts(&self) -> &[CredentialKind] {
        &self.accepts
    }

    fn has_purposes(&self) -> bool {
        true
    }

    async fn warm_up(&self) {
        if let Err(err) = self.metadata().await {
            {
                tracing::warn!(issuer = %self.config.issuer, error = %err, "OpenID provider discovery failed; retried at the next login");
            }
        }
    }

    fn classify(&self) -> Classify {
        user_traits
    }

    async fn log_in(&self, credentials: &Credentials) -> Result<Grant, BackendError> {
        let metadata = self.metadata().await?;
        match credentials {
            Credentials::ClientCredentials => {
                let tokens = self
                    .client_credentials(&metadata, &Purpose::default(), Exchange::Login)
                    .await?;
                Ok(Grant {
                    user_id: self.config.client_id.clone(),
                    device_id: String::new(),
                    provider_type: "client_credentials".to_owned(),
                    access: tokens.access,
                    refresh: tokens.refresh,
                    profile: Some(Profile {
                        identities: vec![Identity {
                            id: self.config.client_id.clone(),
                            provider_type: "client_credentials".to_owned(),
                        }],
                        data: Map::new(),
                    }),
                })
            }
            Credentials::Password { username, password } => {
                Self::offered(&metadata, "password", "password")?;
                let mut form = vec![
                    ("grant_type", "password".to_owned()),
                    ("username", username.clone()),
                    ("password", password.expose().to_owned()),
                    ("scope", self.config.scopes.join(" ")),
                ];
                form.extend(self.login_resources());
                let tokens = self.token(&metadata, form, Exchange::Login).await?;
                self.user_grant(&metadata, tokens, None, "password").await
            }
            Credentials::RefreshToken(refresh) => {
                Self::offered(&metadata, "refresh_token", "refresh token")?;
                let form = vec![
                    ("grant_type", "refresh_token".to_owned()),
                    ("refresh_token", refresh.expose().to_owned()),
                ];
                let mut tokens = self.token(&metadata, form, Exchange::Login).await?;
                // Without rotation the adopted token stays the session's.
                if tokens.refresh.is_none() {
                    tokens.refresh = Some(super::RefreshGrant {
                        token: refresh.clone(),
                        received_at_ms: tokens.access.received_at_ms,
                        expires_at_ms: None,
                    });
                }
                self.user_grant(&metadata, tokens, None, "refresh_token")
                    .await
            }
            Credentials::Jwt(assertion) => {
                let form = if metadata.offers(TOKEN_EXCHANGE) {
                    vec![
                        ("grant_type", TOKEN_EXCHANGE.to_owned()),
                        ("subject_token", assertion.expose().to_owned()),
                        (
                            "subject_token_type",
                            "urn:ietf:params:oauth:token-type:jwt".to_owned(),
                        ),
                        ("scope", self.config.scopes.join(" ")),
                    ]
                } else if metadata.offers(JWT_BEARER) {
                    vec![
                        ("grant_type", JWT_BEARER.to_owned()),
                        ("assertion", assertion.expose().to_owned()),
                        ("scope", self.config.scopes.join(" ")),
                    ]
                } else {
                    return Err(BackendError::NotOffered(
                        "the provider offers neither token exchange (RFC 8693) nor JWT bearer (RFC 7523)".to_owned(),
                    ));
                };
                let tokens = self.token(&metadata, form, Exchange::Login).await?;
                self.user_grant(&metadata, tokens, None, "jwt").await
            }
            other => Err(BackendError::ProviderNotSupported(other.kind())),
        }
    }

    async fn log_in_interactive(
        &self,
        flow: Interactive,
        scopes: &[String],
        prompt: mpsc::Sender<Prompt>,
    ) -> Result<Grant, BackendError> {
        if !self.accepts.contains(&flow.kind()) {
            return Err(BackendError::ProviderNotSupported(flow.kind()));
        }
        let metadata = self.metadata().await?;
        match flow {
            Interactive::Device => {
                Self::offered(&metadata, DEVICE_CODE, "device authorization")?;
                self.device_login(&metadata, scopes, prompt).await
            }
            Interactive::Browser => {
                Self::offered(&metadata, "authorization_code", "authorization code")?;
                self.browser_login(&metadata, scopes, prompt).await
            }
        }
    }

    async fn link(
        &self,
        _access: &Secret,
        _credentials: &Credentials,
    ) -> Result<AccessGrant, BackendError> {
        Err(BackendError::NotOffered(
            "OpenID Connect has no linking of credentials".to_owned(),
        ))
    }

    async fn profile(&self, access: &Secret) -> Result<Profile, BackendError> {
        let metadata = self.metadata().await?;
        let endpoint = metadata.userinfo_endpoint.as_deref().ok_or_else(|| {
            BackendError::NotOffered("the provider has no userinfo endpoint".to_owned())
        })?;
        let claims = self.userinfo(endpoint, access).await?;
        let sub = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        Ok(wire::profile(&sub, &Map::new(), Some(&claims)))
    }

    async fn refresh(
        &self,
        refresh: Option<&Secret>,
        purpose: &Purpose,
    ) -> Result<Refreshed, BackendError> {
        let metadata = self.metadata().await?;
        let exchange = if purpose.is_default() {
            Exchange::Refresh
        } else {
            Exchange::Purpose
        };
        if !purpose.audience.is_empty() && !self.config.audience.contains(&purpose.audience) {
            return Err(BackendError::NotOffered(format!(
                "the app's configuration does not list the audience {:?}",
                purpose.audience
            )));
        }
        let Some(refresh) = refresh else {
            // A session without a refresh token is the client's own: acquire it again.
            let tokens = self
                .client_credentials(&metadata, purpose, exchange)
                .await?;
            return Ok(Refreshed {
                access: tokens.access,
                refresh: tokens.refresh,
            });
        };
        let form = || {
            let mut form = vec![
                ("grant_type", "refresh_token".to_owned()),
                ("refresh_token", refresh.expose().to_owned()),
            ];
            if !purpose.scopes.is_empty() {
                form.push(("scope", purpose.scopes.join(" ")));
            }
            if !purpose.audience.is_empty() {
                form.push(("resource", purpose.audience.clone()));
            }
            form
        };
        let tokens = match self.token(&metadata, form(), exchange).await {
            // The answer never arrived: the server may not have seen the request, so the same
            // refresh token is tried once more (a server that did see it and rotates will
            // refuse it, and the session ends as for any refused token).
            Err(BackendError::Unreachable(first)) => {
                tracing::debug!(error = %first, "refresh answer lost; trying the same refresh token once more");
                self.token(&metadata, form(), exchange).await?
            }
            other => other?,
        };
        Ok(Refreshed {
            access: tokens.access,
            refresh: tokens.refresh,
        })
    }

    async fn log_out(&self, access: &Secret, refresh: Option<&Secret>) -> Result<(), BackendError> {
        let metadata = self.metadata().await?;
        let endpoint = metadata.revocation_endpoint.as_deref().ok_or_else(|| {
            BackendError::NotOffered("the provider has no revocation endpoint".to_owned())
        })?;
        let (token, hint) = match refresh {
            Some(refresh) => (refresh, "refresh_token"),
            None => (access, "access_token"),
        };
        let form = vec![
            ("token", token.expose().to_owned()),
            ("token_type_hint", hint.to_owned()),
        ];
        let answer = self.post(&metadata, endpoint, form).await?;
        if answer.is_success() {
            Ok(())
        } else {
            let json = answer.json();
            Err(wire::error(&answer, json.as_ref(), Exchange::Login))
        }
    }

    async fn delete_user(&self, _access: &Secret) -> Result<(), BackendError> {
        Err(BackendError::NotOffered(
            "OpenID Connect has no deletion of users".to_owned(),
        ))
    }

    async fn api_keys(
        &self,
        _refresh: &Secret,
        _call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, BackendError> {
        Err(BackendError::NotOffered(
            "API keys are an App Services feature".to_owned(),
        ))
    }

    async fn account(&self, _call: AccountCall) -> Result<(), BackendError> {
        Err(BackendError::NotOffered(
            "email/password accounts are an App Services feature".to_owned(),
        ))
    }

    fn reachable(&self) -> Option<bool> {
        self.reach.get()
    }
}
