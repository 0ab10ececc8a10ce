//! The gRPC face of the daemon: the `Sessions`, `ApiKeys`, `EmailPassword` and `Daemon`
//! services of `proto/latchkey/v1/latchkey.proto`.
//!
//! Translates requests into session-layer calls, reads the caller's identity from the socket's
//! peer credentials (never from a request field), and maps errors to a status code plus a
//! `google.rpc.ErrorInfo` in exactly one place ([`status_of`]). No business logic lives here.
//! Never puts a secret in an error message.

mod accounts_service;
mod convert;
mod daemon_service;
mod sessions_service;

use std::collections::HashMap;

use tonic::transport::server::UdsConnectInfo;
use tonic::{Code, Request, Status};
use tonic_types::{ErrorDetails, StatusExt};

use crate::backend::BackendError;
use crate::config::AccessPolicy;
use crate::session::{Caller, SessionError};

pub use accounts_service::{ApiKeysService, EmailPasswordService};
pub use daemon_service::DaemonService;
pub use sessions_service::SessionsService;

/// The `ErrorInfo` domain of every error the daemon returns.
pub const ERROR_DOMAIN: &str = "latchkey";

/// The caller of a request, from the peer credentials captured when its connection was accepted.
///
/// # Errors
/// PERMISSION_DENIED when the connection has no peer credentials (not a Unix socket).
pub fn caller<T>(request: &Request<T>) -> Result<Caller, Status> {
    let credentials = request
        .extensions()
        .get::<UdsConnectInfo>()
        .and_then(|info| info.peer_cred)
        .ok_or_else(|| {
            error_status(
                Code::PermissionDenied,
                "PEER_UNKNOWN",
                "the caller's identity cannot be read from the connection",
                HashMap::new(),
            )
        })?;
    Ok(Caller {
        uid: credentials.uid(),
        gid: credentials.gid(),
        pid: credentials.pid(),
    })
}

/// The caller's groups: the primary gid from the peer credentials plus the supplementary ones
/// from `/proc/<pid>/status` (best effort: a process that already exited has only its primary).
pub(crate) fn caller_groups(gid: u32, pid: Option<i32>) -> Vec<u32> {
    let mut groups = vec![gid];
    if let Some(status) =
        pid.and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
    {
        if let Some(line) = status.lines().find_map(|line| line.strip_prefix("Groups:")) {
            groups.extend(
                line.split_whitespace()
                    .filter_map(|gid| gid.parse::<u32>().ok()),
            );
        }
    }
    groups
}

/// The `[access]` check, as a tonic interceptor: callers outside the policy get
/// PERMISSION_DENIED before any work.
///
/// # Errors
/// PERMISSION_DENIED, reason `ACCESS_DENIED` (or `PEER_UNKNOWN` without peer credentials).
pub fn authorize(policy: &AccessPolicy, request: Request<()>) -> Result<Request<()>, Status> {
    let caller = caller(&request)?;
    // Supplementary groups cost a read of /proc: only when the uid alone does not decide.
    let allowed = policy.allows(caller.uid, &[caller.gid])
        || (!policy.gids.is_empty()
            && policy.allows(caller.uid, &caller_groups(caller.gid, caller.pid)));
    if allowed {
        Ok(request)
    } else {
        tracing::info!(target: "audit", uid = caller.uid, pid = caller.pid, "connection refused by [access]");
        Err(error_status(
            Code::PermissionDenied,
            "ACCESS_DENIED",
            &format!(
                "uid {} may not use latchkeyd (see [access] in its configuration)",
                caller.uid
            ),
            HashMap::new(),
        ))
    }
}

/// The caller's executable, for the audit log: `/proc/<pid>/exe`, or `unknown` when the process
/// already exited or is not ours to inspect.
pub fn caller_exe(caller: &Caller) -> String {
    caller
        .pid
        .and_then(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok())
        .map_or_else(|| "unknown".to_owned(), |path| path.display().to_string())
}

fn error_status(
    code: Code,
    reason: &str,
    message: &str,
    metadata: HashMap<String, String>,
) -> Status {
    Status::with_error_details(
        code,
        message,
        ErrorDetails::with_error_info(reason, ERROR_DOMAIN, metadata),
    )
}

/// An INVALID_ARGUMENT status for a bad request field.
pub fn invalid_argument(message: impl Into<String>) -> Status {
    status_of(&SessionError::InvalidArgument(message.into()))
}

/// Maps a session-layer error to its status code and `ErrorInfo` reason; the backend's own
/// `error_code`, `link` and HTTP status travel in the metadata.
pub fn status_of(err: &SessionError) -> Status {
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
        SessionError::LimitReached(_) => (Code::ResourceExhausted, "LIMIT_REACHED"),
        SessionError::Store(_) => (Code::Internal, "STORE_ERROR"),
        SessionError::Backend(backend) => backend_code(backend),
    };
    let mut metadata = HashMap::new();
    if let SessionError::Backend(backend) = err {
        if let Some(status) = backend.status() {
            metadata.insert("http_status".to_owned(), status.to_string());
        }
        if let BackendError::Service { code, link, .. } = backend {
            if !code.is_empty() {
                metadata.insert("error_code".to_owned(), code.clone());
            }
            if let Some(link) = link {
                metadata.insert("link".to_owned(), link.clone());
            }
        }
    }
    error_status(code, reason, &err.to_string(), metadata)
}

fn backend_code(err: &BackendError) -> (Code, &'static str) {
    if let BackendError::Service { code, .. } = err {
        match code.as_str() {
            "InvalidPassword" | "AuthError" => {
                return (Code::Unauthenticated, "INVALID_CREDENTIALS");
            }
            "UserDisabled" => return (Code::PermissionDenied, "USER_DISABLED"),
            "AccountNameInUse" => return (Code::AlreadyExists, "ACCOUNT_NAME_IN_USE"),
            "UserNotFound" => return (Code::NotFound, "USER_NOT_FOUND"),
            "APIKeyNotFound" => return (Code::NotFound, "API_KEY_NOT_FOUND"),
            "APIKeyAlreadyExists" => return (Code::AlreadyExists, "API_KEY_ALREADY_EXISTS"),
            "APIKeyLimitReached" => return (Code::ResourceExhausted, "API_KEY_LIMIT_REACHED"),
            "UserpassTokenInvalid" => return (Code::InvalidArgument, "INVALID_TOKEN"),
            "UserAlreadyConfirmed" => return (Code::FailedPrecondition, "ALREADY_CONFIRMED"),
            "InvalidSession" => return (Code::Unauthenticated, "REAUTH_REQUIRED"),
            _ => {}
        }
    }
    match err {
        BackendError::ProviderNotSupported(_) => {
            (Code::FailedPrecondition, "PROVIDER_NOT_SUPPORTED")
        }
        err if err.is_transient() => (Code::Unavailable, "BACKEND_UNAVAILABLE"),
        err => match err.status() {
            Some(401) => (Code::Unauthenticated, "INVALID_CREDENTIALS"),
            Some(400) => (Code::InvalidArgument, "BACKEND_ERROR"),
            Some(403) => (Code::PermissionDenied, "BACKEND_ERROR"),
            Some(404) => (Code::NotFound, "BACKEND_ERROR"),
            Some(409) => (Code::AlreadyExists, "BACKEND_ERROR"),
            _ => (Code::Unknown, "BACKEND_ERROR"),
        },
    }
}
