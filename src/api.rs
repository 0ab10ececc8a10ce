//! The gRPC face of the daemon: the `Sessions`, `ApiKeys`, `EmailPassword` and `Daemon`
//! services of `proto/latchkey/v1/latchkey.proto`.
//!
//! [`caller`] reads who calls from the kernel (peer credentials, never a request field);
//! [`convert`] checks every request field and translates between proto messages and session
//! types; the services ([`sessions`], [`api_keys`], [`email_password`], [`daemon_info`]) only
//! translate; errors become a status code plus a `google.rpc.ErrorInfo` in exactly one place,
//! [`status_of`]. No business rule lives here, and no secret goes into an error message.

pub(crate) mod api_keys;
mod audit;
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
use crate::proto::{ERROR_DOMAIN, Reason};
use crate::session::SessionError;

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
    reason: Reason,
    message: &str,
    metadata: HashMap<String, String>,
) -> Status {
    Status::with_error_details(
        code,
        bounded(message),
        ErrorDetails::with_error_info(reason.as_str_name(), ERROR_DOMAIN, metadata),
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
        SessionError::AppNotFound(_) => (Code::NotFound, Reason::AppNotFound),
        SessionError::InvalidArgument(_) => (Code::InvalidArgument, Reason::InvalidArgument),
        SessionError::UserNotFound => (Code::NotFound, Reason::UserNotFound),
        SessionError::UserNotLoggedIn(_) => (Code::FailedPrecondition, Reason::UserNotLoggedIn),
        SessionError::NoCurrentUser => (Code::NotFound, Reason::NoCurrentUser),
        SessionError::ReauthRequired(_) => (Code::Unauthenticated, Reason::ReauthRequired),
        SessionError::ProviderNotSupported(_) | SessionError::NotOffered { .. } => {
            (Code::FailedPrecondition, Reason::ProviderNotSupported)
        }
        SessionError::AnonymousUser => (Code::FailedPrecondition, Reason::AnonymousUser),
        SessionError::IdTokensNotEnabled(_) => {
            (Code::FailedPrecondition, Reason::IdTokensNotEnabled)
        }
        SessionError::IdTokenNotRenewed(_) => (Code::FailedPrecondition, Reason::IdTokenNotRenewed),
        SessionError::WrongUser { .. } => (Code::FailedPrecondition, Reason::UserMismatch),
        SessionError::LimitReached(_) => (Code::ResourceExhausted, Reason::LimitReached),
        SessionError::OwnerSelectionDenied => {
            (Code::PermissionDenied, Reason::OwnerSelectionDenied)
        }
        SessionError::AccessDenied(_) => (Code::PermissionDenied, Reason::AccessDenied),
        SessionError::BackingOff { .. } => (Code::Unavailable, Reason::BackendUnavailable),
        // A full or read-only disk passes: callers may retry.
        SessionError::Store(crate::store::StoreError::Io(_)) => {
            (Code::Unavailable, Reason::StoreUnavailable)
        }
        SessionError::Store(_) => (Code::Internal, Reason::StoreError),
        SessionError::Interrupted(_) => (Code::Unavailable, Reason::Interrupted),
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

fn backend_code(err: &BackendError) -> (Code, Reason) {
    match err.kind() {
        ErrorKind::CredentialsRefused => (Code::Unauthenticated, Reason::InvalidCredentials),
        ErrorKind::TokenRefused => (Code::Unauthenticated, Reason::ReauthRequired),
        ErrorKind::UserDisabled => (Code::PermissionDenied, Reason::UserDisabled),
        ErrorKind::UserNotFound => (Code::NotFound, Reason::UserNotFound),
        ErrorKind::AccountNameInUse => (Code::AlreadyExists, Reason::AccountNameInUse),
        ErrorKind::ApiKeyNotFound => (Code::NotFound, Reason::ApiKeyNotFound),
        ErrorKind::ApiKeyAlreadyExists => (Code::AlreadyExists, Reason::ApiKeyAlreadyExists),
        ErrorKind::ApiKeyLimitReached => (Code::ResourceExhausted, Reason::ApiKeyLimitReached),
        ErrorKind::InvalidToken => (Code::InvalidArgument, Reason::InvalidToken),
        ErrorKind::AlreadyConfirmed => (Code::FailedPrecondition, Reason::AlreadyConfirmed),
        ErrorKind::ProviderNotSupported => (Code::FailedPrecondition, Reason::ProviderNotSupported),
        ErrorKind::LoginExpired => (Code::DeadlineExceeded, Reason::LoginExpired),
        ErrorKind::Unavailable => (Code::Unavailable, Reason::BackendUnavailable),
        ErrorKind::Malformed => (Code::Unknown, Reason::BackendError),
        ErrorKind::Rejected => match err.status() {
            Some(400) => (Code::InvalidArgument, Reason::BackendError),
            Some(401) => (Code::Unauthenticated, Reason::InvalidCredentials),
            Some(403) => (Code::PermissionDenied, Reason::BackendError),
            Some(404) => (Code::NotFound, Reason::BackendError),
            Some(409) => (Code::AlreadyExists, Reason::BackendError),
            _ => (Code::Unknown, Reason::BackendError),
        },
    }
}
