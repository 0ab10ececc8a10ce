//! The gRPC face of the daemon: the `Sessions`, `ApiKeys`, `EmailPassword` and `Daemon`
//! services of `proto/latchkey/v1/latchkey.proto`.
//!
//! [`caller`] reads who calls from the kernel (peer credentials, never a request field);
//! [`convert`] checks every request field and translates between proto messages and session
//! types; the services ([`sessions`], [`api_keys`], [`email_password`], [`daemon_info`]) only
//! translate; errors become a status code plus a `google.rpc.ErrorInfo` in exactly one place,
//! [`status_of`]. No business rule lives here, and no secret goes into an error message.

pub(crate) mod api_keys;
pub(crate) mod caller;
mod convert;
pub(crate) mod daemon_info;
pub(crate) mod email_password;
pub(crate) mod peer;
pub(crate) mod sessions;

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::backend::{BackendError, ErrorKind};
use crate::session::SessionError;

/// The `ErrorInfo` domain of every error the daemon returns.
const ERROR_DOMAIN: &str = "latchkey";

/// Longest status message sent: it travels in an HTTP/2 header, and a message that echoes a
/// caller's or a backend's text must not grow past what clients accept.
const MAX_MESSAGE: usize = 1024;

/// `text` cut at [`MAX_MESSAGE`] bytes, on a character boundary.
fn bounded(text: &str) -> &str {
    let mut end = text.len().min(MAX_MESSAGE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A status with an `ErrorInfo` detail.
fn error_status(
    code: Code,
    reason: &str,
    message: &str,
    metadata: HashMap<String, String>,
) -> Status {
    Status::with_error_details(
        code,
        bounded(message),
        ErrorDetails::with_error_info(reason, ERROR_DOMAIN, metadata),
    )
}

/// An INVALID_ARGUMENT status for a bad request field.
fn invalid_argument(message: impl Into<String>) -> Status {
    status_of(&SessionError::InvalidArgument(message.into()))
}

/// Maps a session-layer error to its status code and `ErrorInfo` reason; what the backend said
/// of its error (its own code, a link) and the HTTP status travel in the metadata.
pub(crate) fn status_of(err: &SessionError) -> Status {
    let (code, reason) = match err {
        SessionError::AppNotFound(_) => (Code::NotFound, "APP_NOT_FOUND"),
        SessionError::InvalidArgument(_) => (Code::InvalidArgument, "INVALID_ARGUMENT"),
        SessionError::UserNotFound => (Code::NotFound, "USER_NOT_FOUND"),
        SessionError::UserNotLoggedIn(_) => (Code::FailedPrecondition, "USER_NOT_LOGGED_IN"),
        SessionError::NoCurrentUser => (Code::NotFound, "NO_CURRENT_USER"),
        SessionError::ReauthRequired(_) => (Code::Unauthenticated, "REAUTH_REQUIRED"),
        SessionError::ProviderNotSupported(_) => {
            (Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED")
        }
        SessionError::AnonymousUser => (Code::FailedPrecondition, "ANONYMOUS_USER"),
        SessionError::WrongUser { .. } => (Code::FailedPrecondition, "USER_MISMATCH"),
        SessionError::LimitReached(_) => (Code::ResourceExhausted, "LIMIT_REACHED"),
        SessionError::OwnerSelectionDenied => (Code::PermissionDenied, "OWNER_SELECTION_DENIED"),
        SessionError::AccessDenied(_) => (Code::PermissionDenied, "ACCESS_DENIED"),
        SessionError::BackingOff { .. } => (Code::Unavailable, "BACKEND_UNAVAILABLE"),
        // A full or read-only disk passes: callers may retry.
        SessionError::Store(crate::store::StoreError::Io(_)) => {
            (Code::Unavailable, "STORE_UNAVAILABLE")
        }
        SessionError::Store(_) => (Code::Internal, "STORE_ERROR"),
        SessionError::Interrupted(_) => (Code::Unavailable, "INTERRUPTED"),
        SessionError::Backend(backend) => backend_code(backend),
    };
    let mut metadata = HashMap::new();
    if let SessionError::Backend(backend) = err {
        if let Some(status) = backend.status() {
            metadata.insert("http_status".to_owned(), status.to_string());
        }
        for (key, value) in backend.details() {
            metadata.insert(key.to_owned(), bounded(&value).to_owned());
        }
    }
    error_status(code, reason, &err.to_string(), metadata)
}

fn backend_code(err: &BackendError) -> (Code, &'static str) {
    match err.kind() {
        ErrorKind::CredentialsRefused => (Code::Unauthenticated, "INVALID_CREDENTIALS"),
        ErrorKind::TokenRefused => (Code::Unauthenticated, "REAUTH_REQUIRED"),
        ErrorKind::UserDisabled => (Code::PermissionDenied, "USER_DISABLED"),
        ErrorKind::UserNotFound => (Code::NotFound, "USER_NOT_FOUND"),
        ErrorKind::AccountNameInUse => (Code::AlreadyExists, "ACCOUNT_NAME_IN_USE"),
        ErrorKind::ApiKeyNotFound => (Code::NotFound, "API_KEY_NOT_FOUND"),
        ErrorKind::ApiKeyAlreadyExists => (Code::AlreadyExists, "API_KEY_ALREADY_EXISTS"),
        ErrorKind::ApiKeyLimitReached => (Code::ResourceExhausted, "API_KEY_LIMIT_REACHED"),
        ErrorKind::InvalidToken => (Code::InvalidArgument, "INVALID_TOKEN"),
        ErrorKind::AlreadyConfirmed => (Code::FailedPrecondition, "ALREADY_CONFIRMED"),
        ErrorKind::ProviderNotSupported => (Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED"),
        ErrorKind::LoginExpired => (Code::DeadlineExceeded, "LOGIN_EXPIRED"),
        ErrorKind::Unavailable => (Code::Unavailable, "BACKEND_UNAVAILABLE"),
        ErrorKind::Malformed => (Code::Unknown, "BACKEND_ERROR"),
        ErrorKind::Rejected => match err.status() {
            Some(400) => (Code::InvalidArgument, "BACKEND_ERROR"),
            Some(401) => (Code::Unauthenticated, "INVALID_CREDENTIALS"),
            Some(403) => (Code::PermissionDenied, "BACKEND_ERROR"),
            Some(404) => (Code::NotFound, "BACKEND_ERROR"),
            Some(409) => (Code::AlreadyExists, "BACKEND_ERROR"),
            _ => (Code::Unknown, "BACKEND_ERROR"),
        },
    }
}
