//! Identity backends: the core trait the session layer talks to ([`Backend`]), the capabilities
//! some backends add to it ([`capabilities`]), and the types that cross them. A backend owns its protocol: it turns credentials into a [`Grant`] and refresh tokens
//! into new access tokens, computes every expiry on the local clock (its server's clock does not
//! matter), extracts the app's custom data, says what the session layer must know of a user's
//! identities ([`UserTraits`]), and classifies its errors ([`BackendError::kind`]).
//!
//! A backend never refreshes on its own: a call whose bearer token is refused fails with
//! [`ErrorKind::TokenRefused`] and the session layer decides. It never sees owners, current users
//! or the store, and never logs token material; errors carry the backend's code and message,
//! never a token.

pub(crate) mod app_services;
pub(crate) mod capabilities;
mod error;
mod grant;
pub(crate) mod http;
pub(crate) mod oidc;

pub(crate) use capabilities::Capabilities;
pub(crate) use error::{BackendError, ErrorKind};
pub(crate) use grant::{AccessGrant, IdGrant, RefreshGrant, Refreshed};

use serde_json::{Map, Value};

use crate::jwt::JwtError;
use crate::secret::Secret;

/// The kinds of credential a login can carry, as the `Credentials` oneof of the proto names
/// them ([`CredentialKind::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CredentialKind {
    Anonymous,
    EmailPassword,
    Jwt,
    ApiKey,
    Function,
    Facebook,
    Google,
    Apple,
    ClientCredentials,
    Password,
    RefreshToken,
    /// The device authorization grant (`LogInWithDevice`).
    Device,
    /// Authorization code with PKCE in a browser (`LogInWithBrowser`).
    Browser,
}

impl CredentialKind {
    /// The name of the `Credentials` oneof field (stable: `ListApps` reports it).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::EmailPassword => "email_password",
            Self::Jwt => "jwt",
            Self::ApiKey => "api_key",
            Self::Function => "function",
            Self::Facebook => "facebook",
            Self::Google => "google",
            Self::Apple => "apple",
            Self::ClientCredentials => "client_credentials",
            Self::Password => "password",
            Self::RefreshToken => "refresh_token",
            Self::Device => "device",
            Self::Browser => "browser",
        }
    }
}

/// Credentials as the session layer hands them to a backend, already checked for shape.
#[derive(Debug, Clone)]
#[expect(
    clippy::enum_variant_names,
    reason = "OAuth 2.0 calls the grant client credentials"
)]
pub(crate) enum Credentials {
    /// `new_user = false` lets the session layer reuse an existing anonymous user.
    Anonymous {
        new_user: bool,
    },
    EmailPassword {
        email: String,
        password: Secret,
    },
    /// A custom JWT, checked to have the JWT shape ([`Credentials::custom_jwt`]).
    Jwt(Secret),
    /// A user or server API key.
    ApiKey(Secret),
    /// A custom function's payload: a JSON object, serialised.
    Function(Secret),
    /// A Facebook access token.
    Facebook(Secret),
    GoogleAuthCode(Secret),
    GoogleIdToken(Secret),
    /// An Apple ID token.
    Apple(Secret),
    /// OAuth 2.0 client credentials (oidc only).
    ClientCredentials,
    /// OAuth 2.0 password grant (oidc only).
    Password {
        username: String,
        password: Secret,
    },
    /// An existing refresh token to adopt (oidc only).
    RefreshToken(Secret),
}

impl Credentials {
    /// A custom JWT credential: three dot-separated base64url segments whose first two are JSON
    /// objects (nothing is verified; the backend does that).
    ///
    /// # Errors
    /// The first problem with the token's shape.
    pub(crate) fn custom_jwt(token: Secret) -> Result<Self, JwtError> {
        crate::jwt::check_shape(token.expose())?;
        Ok(Self::Jwt(token))
    }

    /// Which kind of credential this is.
    pub(crate) fn kind(&self) -> CredentialKind {
        match self {
            Self::Anonymous { .. } => CredentialKind::Anonymous,
            Self::EmailPassword { .. } => CredentialKind::EmailPassword,
            Self::Jwt(_) => CredentialKind::Jwt,
            Self::ApiKey(_) => CredentialKind::ApiKey,
            Self::Function(_) => CredentialKind::Function,
            Self::Facebook(_) => CredentialKind::Facebook,
            Self::GoogleAuthCode(_) | Self::GoogleIdToken(_) => CredentialKind::Google,
            Self::Apple(_) => CredentialKind::Apple,
            Self::ClientCredentials => CredentialKind::ClientCredentials,
            Self::Password { .. } => CredentialKind::Password,
            Self::RefreshToken(_) => CredentialKind::RefreshToken,
        }
    }
}

/// One identity (provider account) of a user. `provider_type` is the backend's own name for the
/// provider, shown to callers as it is and never interpreted outside the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub id: String,
    pub provider_type: String,
}

/// What the session layer must know about a user that only the backend can read from the
/// user's identities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct UserTraits {
    /// Anonymous users are reused by anonymous logins, removed on logout, and have no API keys.
    pub anonymous: bool,
    /// Profile keys that may embed a provider token (Facebook's picture URLs do): kept in memory,
    /// never written to disk, and fetched again after a restart.
    pub memory_only_profile_keys: &'static [&'static str],
}

/// How a backend tells a user's traits from the provider of its last login and its identities
/// (empty until the profile is known). A plain function: the session layer calls it on its own
/// records, at load and after every change of identities.
pub(crate) type Classify = fn(login_provider: &str, identities: &[Identity]) -> UserTraits;

/// What a successful login returns.
#[derive(Debug)]
pub(crate) struct Grant {
    pub user_id: String,
    pub device_id: String,
    /// The backend's name of the provider the login used, shown to callers.
    pub provider_type: String,
    pub access: AccessGrant,
    /// `None` for a session the backend renews without one (OAuth client credentials).
    pub refresh: Option<RefreshGrant>,
    /// The user's profile when the login already told it (OpenID Connect: the ID token and
    /// userinfo); `None` = ask [`Backend::profile`].
    pub profile: Option<Profile>,
    /// The login's ID token, when the app serves ID tokens and the provider sent one.
    pub id_token: Option<IdGrant>,
}

/// What a token is for, when a caller asks for one narrower than the session's own: OAuth
/// scopes and an RFC 8707 resource. Scopes are sorted and deduplicated, so equal purposes are
/// equal values. The default (no scopes, no audience) is the session's own token.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub(crate) struct Purpose {
    pub scopes: Vec<String>,
    pub audience: String,
}

impl Purpose {
    /// A purpose from a caller's scopes and audience, normalised.
    pub(crate) fn new(mut scopes: Vec<String>, audience: String) -> Self {
        scopes.sort();
        scopes.dedup();
        Self { scopes, audience }
    }

    /// Whether this is the session's own token.
    pub(crate) fn is_default(&self) -> bool {
        self.scopes.is_empty() && self.audience.is_empty()
    }
}

/// A login the user completes outside the daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Interactive {
    /// RFC 8628: the user enters a code on another device.
    Device,
    /// Authorization code with PKCE, the browser redirected to a loopback listener.
    Browser,
}

impl Interactive {
    pub(crate) fn kind(self) -> CredentialKind {
        match self {
            Self::Device => CredentialKind::Device,
            Self::Browser => CredentialKind::Browser,
        }
    }
}

/// What the user must be told to complete an interactive login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Prompt {
    Device {
        verification_uri: String,
        /// The same with the code filled in, when the server gives it.
        verification_uri_complete: Option<String>,
        user_code: String,
        /// When the code expires, local clock.
        expires_at_ms: i64,
    },
    Browser {
        authorization_url: String,
    },
}

/// A user's profile as the backend returns it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Profile {
    /// Identities in the backend's order.
    pub identities: Vec<Identity>,
    /// Provider metadata (`name`, `email`, `picture`, ...), unchanged.
    pub data: Map<String, Value>,
}

/// A user API key as the backend describes it.
#[derive(Debug, Clone)]
pub(crate) struct ApiKeyInfo {
    pub id: String,
    pub name: String,
    /// Logins with a disabled key are refused.
    pub disabled: bool,
    /// The secret: only in the answer to its creation.
    pub key: Option<Secret>,
}

/// An operation on a user's API keys; all authenticate with the user's refresh token.
#[derive(Debug, Clone)]
pub(crate) enum ApiKeyCall {
    /// Create a key with this name.
    Create(String),
    Get(String),
    List,
    Enable(String),
    Disable(String),
    Delete(String),
}

/// What an API-key operation returns.
#[derive(Debug)]
pub(crate) enum ApiKeyAnswer {
    /// One key (create, get).
    Key(ApiKeyInfo),
    /// Every key (list).
    Keys(Vec<ApiKeyInfo>),
    /// Nothing (enable, disable, delete).
    Done,
}

/// An email/password account operation (spec §6); none involves a logged-in user.
#[derive(Debug, Clone)]
pub(crate) enum AccountCall {
    Register {
        email: String,
        password: Secret,
    },
    /// Confirm with a confirmation link's token and token id.
    Confirm {
        token: Secret,
        token_id: String,
    },
    ResendConfirmation {
        email: String,
    },
    RetryCustomConfirmation {
        email: String,
    },
    SendResetPasswordEmail {
        email: String,
    },
    /// Set a new password with a reset link's token and token id.
    ResetPassword {
        password: Secret,
        token: Secret,
        token_id: String,
    },
    /// Set a new password through the custom reset function.
    CallResetPasswordFunction {
        email: String,
        password: Secret,
        /// The function's arguments: a JSON array, serialised.
        arguments: Secret,
    },
}

/// An endpoint of a backend and where it was learned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// Its metadata name, e.g. `token_endpoint`.
    pub name: &'static str,
    pub url: String,
    /// `openid-configuration`, `oauth-authorization-server` or `configuration`.
    pub source: &'static str,
}

/// An identity backend: the core every backend implements. What only some backends offer
/// (interactive logins, linking, accounts, API keys, tokens for a purpose) is a trait of its own
/// in [`capabilities`], handed out by [`Backend::capabilities`].
#[async_trait::async_trait]
pub(crate) trait Backend: Send + Sync + 'static {
    /// The config `kind` it implements.
    fn kind(&self) -> &'static str;

    /// The credential kinds it takes (interactive ones included).
    fn accepts(&self) -> &[CredentialKind];

    /// Where it is: the App Services base URL, the OpenID issuer ("" when it has no address).
    fn location(&self) -> &str {
        ""
    }

    /// The endpoints it has learned and where each came from (OpenID Connect: from the
    /// provider's metadata or the configuration; empty before the first discovery).
    fn endpoints(&self) -> Vec<Endpoint> {
        Vec::new()
    }

    /// What it offers beyond the core; nothing by default.
    fn capabilities(&self) -> Capabilities<'_> {
        Capabilities::default()
    }

    /// Work worth doing before the first request (OpenID Connect: discovery), run in the
    /// background at start-up; a failure only shows in [`Backend::reachable`].
    async fn warm_up(&self) {}

    /// How it tells a user's traits from the user's identities.
    fn classify(&self) -> Classify;

    /// Logs in, returning a new session's tokens.
    async fn log_in(&self, credentials: &Credentials) -> Result<Grant, BackendError>;

    /// The profile of the user holding `access`.
    async fn profile(&self, access: &Secret) -> Result<Profile, BackendError>;

    /// A new access token (and, when the backend rotates them, a new refresh token) for the
    /// session of `user_id`. `refresh` is `None` for a session renewed without one (client
    /// credentials). An answer that names another user than `user_id` (an OpenID ID token with
    /// another `sub`) fails with [`ErrorKind::TokenRefused`]: the session ends rather than serve
    /// someone else's token as this user's.
    async fn refresh(
        &self,
        user_id: &str,
        refresh: Option<&Secret>,
    ) -> Result<Refreshed, BackendError>;

    /// Ends the session at the backend (revokes its refresh token, or its access token when it
    /// has none).
    async fn log_out(&self, access: &Secret, refresh: Option<&Secret>) -> Result<(), BackendError>;

    /// Reads again an access token stored by a version that did not keep what the backend reads
    /// from it (its expiry and custom data), received at `received_at_ms` when that is known.
    /// `None` when the backend cannot tell (opaque tokens).
    fn reread_access(&self, _token: &Secret, _received_at_ms: Option<i64>) -> Option<AccessGrant> {
        None
    }

    /// As [`Backend::reread_access`], for a refresh token.
    fn reread_refresh(
        &self,
        _token: &Secret,
        _received_at_ms: Option<i64>,
    ) -> Option<RefreshGrant> {
        None
    }

    /// Whether the last request got an HTTP answer (`None` before the first request).
    fn reachable(&self) -> Option<bool>;
}
