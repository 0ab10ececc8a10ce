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
use crate::config::{Downscoping, OidcConfig, OidcGrant};
use crate::secret::Secret;
use discovery::{DEVICE_CODE, Discovery, JWT_BEARER, Metadata, TOKEN_EXCHANGE};
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
    /// What narrowing a token by the refresh grant does to the session's own grant at this
    /// provider: not yet seen, kept, or narrowed (see [`OidcClient::refresh_with`]).
    narrowing: std::sync::atomic::AtomicU8,
    /// Whether the provider ends the previous access token when a session refreshes: not yet
    /// seen, no, or yes (the configuration's `refresh_ends_previous_token`, else seen once).
    ends_previous: std::sync::atomic::AtomicU8,
    /// Where what was seen of these two is kept across restarts.
    facts: facts::Facts,
}

/// [`OidcClient::ends_previous`]'s values.
const ENDS_UNSEEN: u8 = 0;
const ENDS_NO: u8 = 1;
const ENDS_YES: u8 = 2;

/// Where in its lifetime the daemon replaces the access token of a provider that ends the
/// previous one at refresh: the reported expiry is that moment, and the refresh is planned for
/// it (the default `refresh_at`, without jitter).
const REPLACE_AT: f64 = 2.0 / 3.0;

/// [`OidcClient::narrowing`]'s values.
const NARROWING_UNSEEN: u8 = 0;
const NARROWING_KEEPS: u8 = 1;
const NARROWING_NARROWS: u8 = 2;

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
        let narrowing = match learned.narrows_grant {
            Some(true) => NARROWING_NARROWS,
            Some(false) => NARROWING_KEEPS,
            None => NARROWING_UNSEEN,
        };
        let ends_previous = match config
            .refresh_ends_previous_token
            .or(learned.ends_previous_token)
        {
            Some(true) => ENDS_YES,
            Some(false) => ENDS_NO,
            None => ENDS_UNSEEN,
        };
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
            narrowing: std::sync::atomic::AtomicU8::new(narrowing),
            ends_previous: std::sync::atomic::AtomicU8::new(ends_previous),
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
        let Some(metadata) = self.discovery.cached() else {
            return Vec::new();
        };
        let url = |name: &str| -> Option<&String> {
            match name {
                "authorization_endpoint" => metadata.authorization_endpoint.as_ref(),
                "token_endpoint" => Some(&metadata.token_endpoint),
                "device_authorization_endpoint" => metadata.device_authorization_endpoint.as_ref(),
                "userinfo_endpoint" => metadata.userinfo_endpoint.as_ref(),
                "revocation_endpoint" => metadata.revocation_endpoint.as_ref(),
                "jwks_uri" => metadata.jwks_uri.as_ref(),
                _ => None,
            }
        };
        metadata
            .sources
            .iter()
            .filter_map(|(name, source)| {
                url(name).map(|url| super::Endpoint {
                    name,
                    url: url.clone(),
                    source: source.as_str(),
                })
            })
            .collect()
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

impl OidcClient {
    /// A refresh for `purpose` (the default one: the session's own token).
    ///
    /// A token for a narrower purpose must never narrow the session's own grant. Where the server
    /// lists token exchange (RFC 8693), the session's access token (`access`, when it stays
    /// valid a while) is exchanged and the refresh token is left alone. Otherwise the refresh
    /// grant asks for the narrower scope; some servers (oauthlib's, under django-oauth-toolkit)
    /// then give a rotated refresh token of that narrower scope only. So the first time a
    /// narrowed refresh rotates the refresh token, the session's own refresh follows at once with
    /// the new one, and the scope of its answer tells: the original scope (the grant is kept),
    /// or the narrowed one (the provider narrowed the session). From then on this app's tokens
    /// for scopes are refused with a reason, rather than damage another session's grant.
    async fn refresh_with(
        &self,
        user_id: &str,
        access: Option<&Secret>,
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
        if !purpose.is_default() && self.config.downscoping == Downscoping::Off {
            return Err(BackendError::NotOffered(
                "the app's configuration turns tokens for scopes or an audience off (downscoping = \"off\")".to_owned(),
            ));
        }
        let Some(refresh) = refresh else {
            // A session without a refresh token is the client's own: acquire it again.
            let tokens = self
                .client_credentials(&metadata, purpose, exchange)
                .await?;
            return Ok(Refreshed {
                access: tokens.access,
                refresh: tokens.refresh,
                id_token: None,
                session: None,
            });
        };
        if !purpose.is_default() {
            if metadata.lists(TOKEN_EXCHANGE) && self.config.downscoping != Downscoping::Refresh {
                // The exchange needs the session's own token valid a while yet; the scheduler
                // keeps it so except when refreshes are failing.
                let Some(access) = access else {
                    return Err(BackendError::NotOffered(
                        "the session's own access token is about to expire, and a narrower one is exchanged from it: ask again once the session has refreshed".to_owned(),
                    ));
                };
                return self.exchange(&metadata, access, purpose).await;
            }
            if self.config.downscoping == Downscoping::Exchange {
                return Err(BackendError::NotOffered(
                    "the provider does not list token exchange (RFC 8693), and the app's configuration allows no other way to narrow a token (downscoping = \"exchange\")".to_owned(),
                ));
            }
            if self.config.downscoping == Downscoping::Auto
                && self.narrowing.load(std::sync::atomic::Ordering::Relaxed) == NARROWING_NARROWS
            {
                return Err(BackendError::NotOffered(
                    "this app's provider narrowed a session's own grant when asked for a narrower token (its rotated refresh token took the narrower scope), and it offers no token exchange: tokens for scopes or an audience are refused for this app".to_owned(),
                ));
            }
        }
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
        let mut id_token = None;
        if let Some(token) = tokens.id_token {
            // OIDC Core §12.2: a new ID token must be the login's issuer's, for this client, and
            // about the same user; one about anyone else ends the session (TokenRefused) rather
            // than let its access token be served as this user's.
            // Keys that cannot be fetched just now leave the refresh failed, not refused.
            let claims = self
                .check_id_token(&metadata, &token, None, Some(user_id))
                .await
                .map_err(|err| {
                    if err.is_transient() {
                        return err;
                    }
                    BackendError::Service {
                        kind: crate::backend::ErrorKind::TokenRefused,
                        status: 200,
                        code: "id_token_refused".to_owned(),
                        message: format!("the refresh answer was refused: {err}"),
                        link: None,
                        retry_after: None,
                    }
                })?;
            // A token for a purpose is the access token only: the session's ID token stays.
            if purpose.is_default() {
                id_token =
                    self.kept_id_token(Some(token), tokens.access.received_at_ms, &claims)?;
            }
        }
        let mut refresh = tokens.refresh;
        let mut session: Option<super::AccessGrant> = None;
        if !purpose.is_default()
            && self.config.downscoping == Downscoping::Auto
            && self.narrowing.load(std::sync::atomic::Ordering::Relaxed) == NARROWING_UNSEEN
            && let Some(rotated) = refresh.as_ref()
        {
            // The session's own refresh, with the rotated token, at once: its answer's scope
            // says whether the grant was narrowed.
            let form = vec![
                ("grant_type", "refresh_token".to_owned()),
                ("refresh_token", rotated.token.expose().to_owned()),
            ];
            let own = self.token(&metadata, form, Exchange::Refresh).await?;
            if let Some(granted) = &own.scope {
                let narrowed = !purpose.scopes.is_empty()
                    && granted.iter().all(|scope| purpose.scopes.contains(scope))
                    && self
                        .config
                        .scopes
                        .iter()
                        .any(|scope| !purpose.scopes.contains(scope));
                if narrowed {
                    tracing::warn!(issuer = %self.config.issuer, user = %user_id, granted = %granted.join(" "), "the provider narrowed the session's own grant to a token's narrower scope; tokens for scopes are refused for this app from now on (the session keeps the narrowed scope until its next login)");
                }
                let seen = if narrowed {
                    NARROWING_NARROWS
                } else {
                    NARROWING_KEEPS
                };
                self.narrowing
                    .store(seen, std::sync::atomic::Ordering::Relaxed);
                self.facts
                    .save(move |learned| learned.narrows_grant = Some(narrowed))
                    .await;
            }
            if own.refresh.is_some() {
                refresh = own.refresh;
            }
            // The session keeps its token while the provider still takes it; one that ended it
            // at the refresh (some do, at every refresh) gets the new one.
            let previous_alive = match (access, metadata.userinfo_endpoint.as_deref()) {
                (Some(previous), Some(endpoint)) => self.userinfo(endpoint, previous).await.is_ok(),
                _ => false,
            };
            if access.is_some() && metadata.userinfo_endpoint.is_some() {
                self.ends_previous_seen(!previous_alive).await;
            }
            if !previous_alive {
                session = Some(own.access);
            }
        }
        let mut access_grant = tokens.access;
        if purpose.is_default() {
            if let Some(previous) = access {
                self.notice_ending(&metadata, previous, &access_grant.token)
                    .await;
            }
            self.replaced_at_refresh(&mut access_grant);
        }
        if let Some(session) = session.as_mut() {
            self.replaced_at_refresh(session);
        }
        Ok(Refreshed {
            access: access_grant,
            refresh,
            id_token,
            session,
        })
    }

    /// The first time a session refreshes with its previous token still meant to be valid:
    /// whether the provider ended it (the previous token refused at userinfo while the new one
    /// is taken). Nothing is concluded when the provider has no userinfo endpoint or refuses the
    /// new token too.
    async fn notice_ending(&self, metadata: &Metadata, previous: &Secret, new: &Secret) {
        use std::sync::atomic::Ordering::Relaxed;
        if self.ends_previous.load(Relaxed) != ENDS_UNSEEN {
            return;
        }
        let Some(endpoint) = metadata.userinfo_endpoint.as_deref() else {
            return;
        };
        if self.userinfo(endpoint, new).await.is_err() {
            return;
        }
        let ended = self.userinfo(endpoint, previous).await.is_err();
        self.ends_previous_seen(ended).await;
    }

    /// Whether the provider ended a previous access token at a refresh, seen for the first time:
    /// remembered, and kept across restarts.
    async fn ends_previous_seen(&self, ended: bool) {
        use std::sync::atomic::Ordering::Relaxed;
        let seen = if ended { ENDS_YES } else { ENDS_NO };
        if self
            .ends_previous
            .compare_exchange(ENDS_UNSEEN, seen, Relaxed, Relaxed)
            .is_err()
        {
            return;
        }
        if ended {
            tracing::info!(issuer = %self.config.issuer, "the provider ends the previous access token at each refresh: tokens are handed out with the moment the daemon replaces them as their expiry");
        }
        self.facts
            .save(move |learned| learned.ends_previous_token = Some(ended))
            .await;
    }

    /// A session's new access token, as handed out: where the provider ends it at the next
    /// refresh, its expiry is the moment the daemon replaces it.
    pub(super) fn replaced_at_refresh(&self, access: &mut super::AccessGrant) {
        if self
            .ends_previous
            .load(std::sync::atomic::Ordering::Relaxed)
            != ENDS_YES
        {
            return;
        }
        let lifetime = access.expires_at_ms.saturating_sub(access.received_at_ms);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_precision_loss,
            reason = "milliseconds of a token lifetime"
        )]
        let replaced = (lifetime as f64 * REPLACE_AT) as i64;
        access.expires_at_ms = access.received_at_ms.saturating_add(replaced.max(1000));
        access.ends_at_refresh = true;
    }

    /// A token for `purpose` by token exchange (RFC 8693) of the session's access token; the
    /// session's refresh token is not used, so its grant cannot change.
    async fn exchange(
        &self,
        metadata: &Metadata,
        access: &Secret,
        purpose: &Purpose,
    ) -> Result<Refreshed, BackendError> {
        const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
        let mut form = vec![
            ("grant_type", TOKEN_EXCHANGE.to_owned()),
            ("subject_token", access.expose().to_owned()),
            ("subject_token_type", ACCESS_TOKEN_TYPE.to_owned()),
            ("requested_token_type", ACCESS_TOKEN_TYPE.to_owned()),
        ];
        if !purpose.scopes.is_empty() {
            form.push(("scope", purpose.scopes.join(" ")));
        }
        if !purpose.audience.is_empty() {
            form.push(("resource", purpose.audience.clone()));
        }
        let tokens = self.token(metadata, form, Exchange::Downscope).await?;
        Ok(Refreshed {
            access: tokens.access,
            refresh: None,
            id_token: None,
            session: None,
        })
    }
}
