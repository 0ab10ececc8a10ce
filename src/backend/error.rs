//! What a backend call's failure is ([`BackendError`]) and what it means for a session
//! ([`ErrorKind`]): classified by the backend that knows its protocol, acted on by the session
//! layer, mapped to a gRPC status by the api. Never carries a token.

use std::time::Duration;

use super::CredentialKind;
use crate::jwt::JwtError;

/// What a backend's refusal means, whatever the protocol said: the session layer acts on it and
/// the api maps it to a gRPC code and `ErrorInfo` reason, in one place each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorKind {
    /// The credentials of a login or link were refused: a wrong password, an invalid key,
    /// an expired custom token.
    CredentialsRefused,
    /// The call's bearer token was refused: a refused access token is refreshed and the call
    /// retried once; a refused refresh token ends the session.
    TokenRefused,
    /// The backend disabled the user.
    UserDisabled,
    /// No such user at the backend (email/password account calls).
    UserNotFound,
    /// The email is taken (registration).
    AccountNameInUse,
    ApiKeyNotFound,
    /// The user has a key of that name.
    ApiKeyAlreadyExists,
    /// The user has as many keys as the backend allows.
    ApiKeyLimitReached,
    /// A confirmation or reset token that is wrong or expired.
    InvalidToken,
    /// Confirmation of an account that is already confirmed.
    AlreadyConfirmed,
    /// The credential kind is not one this backend takes.
    ProviderNotSupported,
    /// An interactive login the user did not complete in time (an expired device code, a
    /// browser that did not come back).
    LoginExpired,
    /// No answer, a timeout, 5xx or 429: a retry later may succeed.
    Unavailable,
    /// An answer that does not follow the protocol (missing key, not JSON, too large, a token
    /// that cannot be read).
    Malformed,
    /// Any other refusal; its HTTP status says more.
    Rejected,
}

/// Why a backend call failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum BackendError {
    /// No HTTP answer: connection refused, DNS failure, timeout, a body cut off. Transient.
    #[error("backend unreachable: {0}")]
    Unreachable(String),
    /// The backend answered with an error of its own (App Services: `error_code`, `error`,
    /// `link`), classified by the backend as `kind`.
    #[error("backend error {code} (HTTP {status}): {message}")]
    Service {
        kind: ErrorKind,
        status: u16,
        /// The backend's own error code (may be empty); passed on as metadata, never interpreted
        /// outside the backend.
        code: String,
        message: String,
        /// The backend's link to its logs.
        link: Option<String>,
        /// The `Retry-After` header, when the backend sent one.
        retry_after: Option<Duration>,
    },
    /// A non-2xx answer without an error body of the protocol's shape.
    #[error("backend answered HTTP {status}")]
    Http {
        kind: ErrorKind,
        status: u16,
        retry_after: Option<Duration>,
    },
    /// A 2xx answer that is not what the protocol says (missing key, not JSON, too large).
    #[error("malformed backend response: {0}")]
    Malformed(String),
    /// The backend returned a token that is not a readable JWT.
    #[error("the backend returned a malformed token: {0}")]
    BadToken(#[from] JwtError),
    /// The credential kind is not one this backend takes.
    #[error("credential `{}` is not supported by this app's backend", .0.as_str())]
    ProviderNotSupported(CredentialKind),
    /// Something this app's server or configuration does not offer (a grant, tokens for a
    /// purpose, revocation); says what.
    #[error("not supported by this app's server: {0}")]
    NotOffered(String),
}

impl BackendError {
    /// What the failure means.
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Self::Unreachable(_) => ErrorKind::Unavailable,
            Self::Service { kind, .. } | Self::Http { kind, .. } => *kind,
            Self::Malformed(_) | Self::BadToken(_) => ErrorKind::Malformed,
            Self::ProviderNotSupported(_) | Self::NotOffered(_) => ErrorKind::ProviderNotSupported,
        }
    }

    /// The HTTP status of an answered request.
    pub(crate) fn status(&self) -> Option<u16> {
        match self {
            Self::Service { status, .. } | Self::Http { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the backend asked to wait before retrying (`Retry-After`).
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Service { retry_after, .. } | Self::Http { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// What the backend said about the error, verbatim, for the caller's `ErrorInfo` metadata.
    pub(crate) fn details(&self) -> Vec<(&'static str, String)> {
        let mut details = Vec::new();
        if let Self::Service { code, link, .. } = self {
            if !code.is_empty() {
                details.push(("error_code", code.clone()));
            }
            if let Some(link) = link {
                details.push(("link", link.clone()));
            }
        }
        details
    }

    /// Whether a retry later may succeed.
    pub(crate) fn is_transient(&self) -> bool {
        self.kind() == ErrorKind::Unavailable
    }
}
