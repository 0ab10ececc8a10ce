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
mod facts;
mod identity;
mod interactive;
mod loopback;
mod metadata;
mod refresh;
mod wire;
pub(crate) use wire::fuzz;

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue};
use serde_json::{Map, Value};
use tokio::sync::mpsc;

use super::capabilities::{InteractiveLogins, Purposes};
use super::http::{self, Reachability};
use super::{
    Backend, BackendError, Capabilities, Classify, CredentialKind, Credentials, Grant, Identity,
    Interactive, Profile, Prompt, Purpose, Refreshed, UserTraits,
};
use crate::clock::SharedClock;
use crate::config::{OidcConfig, OidcGrant};
use crate::secret::Secret;
use discovery::Discovery;
use metadata::{DEVICE_CODE, JWT_BEARER, Metadata, TOKEN_EXCHANGE};
use wire::{Exchange, Tokens};

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
    http: http::LazyClient,
    reach: Reachability,
    discovery: Discovery,
    accepts: Vec<CredentialKind>,
    clock: SharedClock,
    /// The listener on the fixed `redirect_port` while browser logins wait on it (shared by
    /// them; closed when the last one ends).
    redirect_listener: tokio::sync::Mutex<std::sync::Weak<loopback::Loopback>>,
    /// Whether narrowing a token by the refresh grant narrows the session's own grant at this
    /// provider (see `refresh.rs`).
    narrowing: refresh::Finding,
    /// Whether the provider ends the previous access token when a session refreshes (the
    /// configuration's `refresh_ends_previous_token`, else seen once).
    ends_previous: refresh::Finding,
    /// Where what was seen of these two is kept across restarts.
    facts: facts::Facts,
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
    /// A client for `config`, authenticating with `secret` when it is a confidential client;
    /// what it learns of the provider is kept under `state_dir`.
    ///
    /// # Errors
    /// The HTTP client cannot be built.
    pub(crate) fn new(
        config: &OidcConfig,
        secret: Option<Secret>,
        timeout: Duration,
        clock: SharedClock,
        state_dir: Option<&std::path::Path>,
    ) -> Result<Self, BackendError> {
        let facts = facts::Facts::new(state_dir, &config.issuer, &config.client_id);
        let learned = facts.load();
        // Redirects are not followed: a token endpoint that redirects would re-send a secret.
        let http = http::LazyClient::new(timeout, http::no_redirects);
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
            discovery: Discovery::new(
                &config.issuer,
                &config.endpoints,
                config.grants_listed.then_some(config.grants.as_slice()),
                clock.clone(),
            ),
            config: config.clone(),
            secret,
            http,
            reach: Reachability::default(),
            accepts,
            clock,
            redirect_listener: tokio::sync::Mutex::new(std::sync::Weak::new()),
            narrowing: refresh::Finding::new(learned.narrows_grant),
            ends_previous: refresh::Finding::new(
                config
                    .refresh_ends_previous_token
                    .or(learned.ends_previous_token),
            ),
            facts,
        })
    }

    async fn metadata(&self) -> Result<Arc<Metadata>, BackendError> {
        self.discovery.metadata(self.http.get()?, &self.reach).await
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
            .get()?
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

    fn location(&self) -> &str {
        &self.config.issuer
    }

    fn endpoints(&self) -> Vec<super::Endpoint> {
        self.discovery
            .cached()
            .map(|metadata| metadata.endpoints())
            .unwrap_or_default()
    }

    fn accepts(&self) -> &[CredentialKind] {
        &self.accepts
    }

    fn capabilities(&self) -> Capabilities<'_> {
        Capabilities {
            interactive: Some(self),
            purposes: Some(self),
            id_tokens: self.config.id_tokens,
            ..Capabilities::default()
        }
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
                    id_token: None,
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
        user_id: &str,
        refresh: Option<&Secret>,
    ) -> Result<Refreshed, BackendError> {
        self.refresh_with(user_id, None, refresh, &Purpose::default())
            .await
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

    fn reachable(&self) -> Option<bool> {
        self.reach.get()
    }
}

#[async_trait::async_trait]
impl InteractiveLogins for OidcClient {
    async fn log_in_interactive(
        &self,
        flow: Interactive,
        scopes: &[String],
        local_uid: u32,
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
                self.browser_login(&metadata, scopes, local_uid, prompt)
                    .await
            }
        }
    }
}

#[async_trait::async_trait]
impl Purposes for OidcClient {
    async fn refresh_for(
        &self,
        user_id: &str,
        access: Option<&Secret>,
        refresh: Option<&Secret>,
        purpose: &Purpose,
    ) -> Result<Refreshed, BackendError> {
        self.refresh_with(user_id, access, refresh, purpose).await
    }
}
