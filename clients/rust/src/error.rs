//! The client's one error type: the daemon could not be reached, or it answered with a gRPC
//! status, whose `google.rpc.ErrorInfo` reason says what went wrong.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tonic_types::StatusExt;

use crate::proto::Reason;

/// Why a call to the daemon failed. Later versions may add kinds: match with a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Nobody answers on the socket: the daemon is not running there (or not yet).
    #[error("latchkeyd is not running at {}: {reason}", socket.display())]
    NotRunning {
        /// The socket tried.
        socket: PathBuf,
        /// What connecting said ("No such file or directory", "Connection refused").
        reason: String,
    },
    /// The socket's directory is not one the caller can trust: nothing was sent.
    #[error("refusing the socket {}: {reason}", socket.display())]
    Untrusted {
        /// The socket refused.
        socket: PathBuf,
        /// What is wrong with its directory.
        reason: String,
    },
    /// The daemon answered with an error.
    #[error(transparent)]
    Rpc(Box<RpcError>),
}

/// An error answer of the daemon: its gRPC code and its `ErrorInfo`.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message} ({code:?}{})", reason.as_deref().map(|reason| format!(", {reason}")).unwrap_or_default())]
pub struct RpcError {
    /// The gRPC status code.
    pub code: tonic::Code,
    /// The daemon's message. Never carries a secret.
    pub message: String,
    /// The `ErrorInfo` reason (`REAUTH_REQUIRED`, `NO_CURRENT_USER`, ...), when the daemon gave
    /// one.
    pub reason: Option<String>,
    /// The `ErrorInfo` metadata: for a backend's own error, its `error_code`, `link` and
    /// `http_status`.
    pub metadata: HashMap<String, String>,
}

impl From<&tonic::Status> for RpcError {
    /// A status as the daemon's answer: its code, message, and `ErrorInfo` reason and metadata
    /// when it carries one.
    fn from(status: &tonic::Status) -> Self {
        let details = status.get_error_details();
        let info = details.error_info();
        Self {
            code: status.code(),
            message: status.message().to_owned(),
            reason: info.map(|info| info.reason.clone()),
            metadata: info.map(|info| info.metadata.clone()).unwrap_or_default(),
        }
    }
}

impl RpcError {
    /// Whether this is the transport's failure rather than an answer of the daemon: no
    /// `ErrorInfo`, and UNAVAILABLE or UNKNOWN (the daemon's own errors always carry one).
    pub fn is_transport(&self) -> bool {
        self.reason.is_none()
            && matches!(self.code, tonic::Code::Unavailable | tonic::Code::Unknown)
    }
}

impl Error {
    /// A status of the daemon (or of the transport to it at `socket`) as an error: a transport
    /// failure, which carries no `ErrorInfo`, is [`Error::NotRunning`].
    pub(crate) fn from_status(status: &tonic::Status, socket: &Path) -> Self {
        let rpc = RpcError::from(status);
        // The daemon's own errors always carry an ErrorInfo; a status without one is tonic's
        // about the transport ("transport error", "connection refused"): when nobody answers
        // on the socket any more, the daemon is gone.
        if rpc.is_transport()
            && let Err(err) = std::os::unix::net::UnixStream::connect(socket)
        {
            return Self::NotRunning {
                socket: socket.to_path_buf(),
                reason: err.to_string(),
            };
        }
        Self::Rpc(Box::new(rpc))
    }

    /// The gRPC code of an error answer; `Unavailable` when the daemon is not running.
    pub fn code(&self) -> tonic::Code {
        match self {
            Self::NotRunning { .. } => tonic::Code::Unavailable,
            Self::Untrusted { .. } => tonic::Code::PermissionDenied,
            Self::Rpc(rpc) => rpc.code,
        }
    }

    /// The `ErrorInfo` reason of an error answer, as the daemon sent it (a newer daemon may
    /// send one this crate does not know: see [`Error::reason_code`]).
    pub fn reason(&self) -> Option<&str> {
        match self {
            Self::Rpc(rpc) => rpc.reason.as_deref(),
            _ => None,
        }
    }

    /// The `ErrorInfo` reason of an error answer as a [`Reason`], when this crate knows it.
    pub fn reason_code(&self) -> Option<Reason> {
        self.reason().and_then(Reason::parse)
    }

    /// The `ErrorInfo` metadata of an error answer (empty otherwise).
    pub fn metadata(&self) -> Option<&HashMap<String, String>> {
        match self {
            Self::Rpc(rpc) => Some(&rpc.metadata),
            _ => None,
        }
    }

    /// Whether the daemon answered with this `ErrorInfo` reason.
    pub fn has_reason(&self, reason: Reason) -> bool {
        self.reason_code() == Some(reason)
    }

    /// The user must log in again (`REAUTH_REQUIRED`).
    pub fn is_reauth_required(&self) -> bool {
        self.has_reason(Reason::ReauthRequired)
    }

    /// Nobody is logged in to the app (`NO_CURRENT_USER`), or the user named is logged out
    /// (`USER_NOT_LOGGED_IN`): a login is needed.
    pub fn is_not_logged_in(&self) -> bool {
        self.has_reason(Reason::NoCurrentUser) || self.has_reason(Reason::UserNotLoggedIn)
    }

    /// No such app (`APP_NOT_FOUND`).
    pub fn is_app_not_found(&self) -> bool {
        self.has_reason(Reason::AppNotFound)
    }

    /// The daemon is not running at the socket tried.
    pub fn is_not_running(&self) -> bool {
        matches!(self, Self::NotRunning { .. })
    }
}
