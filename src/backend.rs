//! Identity backends: the one trait the session layer talks to, and its implementations
//! (`app_services` today). A backend turns credentials into tokens and tokens into profiles; it
//! never sees the session layer's bookkeeping (owners, current users, the store).
//!
//! Never logs token material; errors carry the backend's code and message, never a token.

pub mod app_services;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::jwt::JwtError;
use crate::secret::Secret;

/// Credentials as the session layer hands them to a backend, already checked for shape.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// Anonymous; `new_user = false` lets the session layer reuse an existing anonymous user.
    Anonymous {
        /// Always create a new user.
        new_user: bool,
    },
    /// Email and password.
    EmailPassword {
        /// The account's email.
        email: String,
        /// Its password.
        password: Secret,
    },
    /// A custom JWT (already checked to have the JWT shape).
    Jwt(Secret),
    /// A user or server API key.
    ApiKey(Secret),
    /// A custom function payload: a JSON object, serialised.
    Function(Secret),
    /// A Facebook access token.
    Facebook(Secret),
    /// A Google auth code.
    GoogleAuthCode(Secret),
    /// A Google ID token.
    GoogleIdToken(Secret),
    /// An Apple ID token.
    Apple(Secret),
    /// OAuth 2.0 client credentials (oidc only).
    ClientCredentials,
    /// OAuth 2.0 password grant (oidc only).
    Password {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// An existing refresh token to adopt (oidc only).
    RefreshToken(Secret),
}

impl Credentials {
    /// The name of the `Credentials` oneof field this credential came from.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Anonymous { .. } => "anonymous",
            Self::EmailPassword { .. } => "email_password",
            Self::Jwt(_) => "jwt",
            Self::ApiKey(_) => "api_key",
            Self::Function(_) => "function",
            Self::Facebook(_) => "facebook",
            Self::GoogleAuthCode(_) | Self::GoogleIdToken(_) => "google",
            Self::Apple(_) => "apple",
            Self::ClientCredentials => "client_credentials",
            Self::Password { .. } => "password",
            Self::RefreshToken(_) => "refresh_token",
        }
    }
}

/// One identity (provider account) of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The identity's id at its provider.
    pub id: String,
    /// Provider type string, e.g. `anon-user`.
    pub provider_type: String,
}

/// What a successful login returns.
#[derive(Debug)]
pub struct Grant {
    /// The backend's user id.
    pub user_id: String,
    /// The backend's device id.
    pub device_id: String,
    /// The provider type the login used (e.g. `local-userpass`).
    pub provider_type: String,
    /// Tokens of the new session.
    pub tokens: Tokens,
}

/// A session's token pair.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// Bearer for ordinary calls.
    pub access: Secret,
    /// Bearer for refresh, logout and API-key calls.
    pub refresh: Secret,
}

/// A user's profile as the backend returns it.
#[derive(Debug, Clone, Default)]
pub struct BackendProfile {
    /// Identities in the backend's order.
    pub identities: Vec<Identity>,
    /// Provider metadata (`name`, `email`, `picture`, ...), unchanged.
    pub data: Map<String, Value>,
}

/// The result of a call made with the access token, which may have refreshed that token on the
/// way (a 401 is followed by one refresh and one retry, spec §4.4).
#[derive(Debug)]
pub struct Authed<T> {
    /// The call's result.
    pub value: T,
    /// The new access token, when the call had to refresh it.
    pub new_access_token: Option<Secret>,
}

/// A user API key as the backend describes it.
#[derive(Debug, Clone)]
pub struct ApiKeyInfo {
    /// Its id (24 hex digits on App Services).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether logins with it are refused.
    pub disabled: bool,
    /// The secret: only in the answer to its creation.
    pub key: Option<Secret>,
}

/// An operation on a user's API keys; all authenticate with the user's refresh token.
#[derive(Debug, Clone)]
pub enum ApiKeyCall {
    /// Create a key with this name.
    Create(String),
    /// Fetch one key.
    Get(String),
    /// Fetch every key.
    List,
    /// Enable a key.
    Enable(String),
    /// Disable a key.
    Disable(String),
    /// Delete a key.
    Delete(String),
}

/// What an API-key operation returns.
#[derive(Debug)]
pub enum ApiKeyAnswer {
    /// One key (create, get).
    Key(ApiKeyInfo),
    /// Every key (list).
    Keys(Vec<ApiKeyInfo>),
    /// Nothing (enable, disable, delete).
    Done,
}

/// An email/password account operation (spec §6); none involves a logged-in user.
#[derive(Debug, Clone)]
pub enum AccountCall {
    /// Register an account.
    Register {
        /// Email.
        email: String,
        /// Password.
        password: Secret,
    },
    /// Confirm with a confirmation link's token and token id.
    Confirm {
        /// `token`.
        token: Secret,
        /// `tokenId`.
        token_id: String,
    },
    /// Send the confirmation email again.
    ResendConfirmation {
        /// Email.
        email: String,
    },
    /// Run the custom confirmation function again.
    RetryCustomConfirmation {
        /// Email.
        email: String,
    },
    /// Send a password reset email.
    SendResetPasswordEmail {
        /// Email.
        email: String,
    },
    /// Set a new password with a reset link's token and token id.
    ResetPassword {
        /// New password.
        password: Secret,
        /// `token`.
        token: Secret,
        /// `tokenId`.
        token_id: String,
    },
    /// Set a new password through the custom reset function.
    CallResetPasswordFunction {
        /// Email.
        email: String,
        /// New password.
        password: Secret,
        /// The function's arguments: a JSON array, serialised.
        arguments: Secret,
    },
}

/// Why a backend call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackendError {
    /// No HTTP answer: connection refused, DNS failure, timeout. Transient.
    #[error("backend unreachable: {0}")]
    Unreachable(String),
    /// The backend answered with an error of its own (`error_code`, `error`, `link`).
    #[error("backend error {code} (HTTP {status}): {message}")]
    Service {
        /// HTTP status.
        status: u16,
        /// The backend's `error_code` (may be empty).
        code: String,
        /// The backend's `error` message.
        message: String,
        /// The backend's `link` to its logs.
        link: Option<String>,
        /// The `Retry-After` header, in seconds, when the backend sent one.
        retry_after: Option<u64>,
    },
    /// A non-2xx answer without a JSON error body.
    #[error("backend answered HTTP {status}")]
    Http {
        /// HTTP status.
        status: u16,
        /// The `Retry-After` header, in seconds, when the backend sent one.
        retry_after: Option<u64>,
    },
    /// A 2xx answer that is not what the protocol says (missing key, not JSON, too large).
    #[error("malformed backend response: {0}")]
    Malformed(String),
    /// The backend returned a token that is not a readable JWT.
    #[error("the backend returned a malformed token: {0}")]
    BadToken(JwtError),
    /// The credential kind is not one this backend takes.
    #[error("credential `{0}` is not supported by this app's backend")]
    ProviderNotSupported(&'static str),
}

impl BackendError {
    /// The HTTP status of an answered request.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Service { status, .. } | Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the backend asked to wait before retrying (`Retry-After`, seconds form).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            Self::Service { retry_after, .. } | Self::Http { retry_after, .. } => {
                retry_after.map(std::time::Duration::from_secs)
            }
            _ => None,
        }
    }

    /// Whether the backend refused the bearer token (HTTP 401).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// Whether a retry later may succeed: no answer, 5xx or 429.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable(_) => true,
            _ => matches!(self.status(), Some(status) if status >= 500 || status == 429),
        }
    }
}

/// An identity backend.
#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
    /// The config `kind` it implements.
    fn kind(&self) -> &'static str;

    /// The credential kinds (see [`Credentials::kind`]) it takes.
    fn accepts(&self) -> &'static [&'static str];

    /// Logs in, returning a new session's tokens.
    async fn log_in(&self, credentials: &Credentials) -> Result<Grant, BackendError>;

    /// Adds `credentials` as an identity of the user holding `tokens`; returns the new access
    /// token.
    async fn link(
        &self,
        tokens: &Tokens,
        credentials: &Credentials,
    ) -> Result<Secret, BackendError>;

    /// The user's profile.
    async fn profile(&self, tokens: &Tokens) -> Result<Authed<BackendProfile>, BackendError>;

    /// A new access token for the refresh token.
    async fn refresh(&self, refresh_token: &Secret) -> Result<Secret, BackendError>;

    /// Ends the session of the refresh token at the backend.
    async fn log_out(&self, refresh_token: &Secret) -> Result<(), BackendError>;

    /// Deletes the user at the backend.
    async fn delete_user(&self, tokens: &Tokens) -> Result<Authed<()>, BackendError>;

    /// An operation on the API keys of the user holding `refresh_token`.
    async fn api_keys(
        &self,
        refresh_token: &Secret,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, BackendError>;

    /// An email/password account operation.
    async fn account(&self, call: AccountCall) -> Result<(), BackendError>;

    /// Whether the last request got an HTTP answer (`None` before the first request).
    fn reachable(&self) -> Option<bool>;
}
