//! The types every part of the session layer shares, and the api layer reads: who calls
//! ([`Caller`]), what a request names ([`Target`]), why an operation failed ([`SessionError`]),
//! and what callers are shown (views: never a token but in [`AccessTokenView`]). A leaf: it
//! depends on nothing else of the session layer.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};

use crate::backend::{Backend, BackendError, CredentialKind, Identity};
use crate::config::RefreshPolicy;
use crate::secret::Secret;
use crate::store::StoreError;

/// Who is calling: read by the api layer from the socket's peer credentials, never from a
/// request field.
#[derive(Clone)]
pub(crate) struct Caller {
    /// Owns the sessions it creates.
    pub uid: u32,
    pub gid: u32,
    /// For logs only: pids are reused, never authorize on one.
    pub pid: Option<i32>,
    /// The primary group and every supplementary group, as the kernel recorded them when the
    /// caller connected.
    pub groups: Arc<[u32]>,
    /// For the audit log only: the caller's executable, read when it connected.
    pub exe: Arc<str>,
}

impl std::fmt::Debug for Caller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Caller")
            .field("uid", &self.uid)
            .field("gid", &self.gid)
            .field("pid", &self.pid)
            .finish_non_exhaustive()
    }
}

/// The user a request acts on, as the request names it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Target<'a> {
    /// uid 0 only: another owner's sessions (`None`: the caller's own).
    pub owner_uid: Option<u32>,
    /// The app (empty: the default app).
    pub app: &'a str,
    /// The user (empty: the owner's current user).
    pub user_id: &'a str,
}

/// Why a session operation failed. The api maps each variant to a gRPC code and an `ErrorInfo`
/// reason in one place.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SessionError {
    /// The request named an app that is not configured.
    #[error("no app named {0:?} is configured")]
    AppNotFound(String),
    /// A request field is invalid; the message names it and says why.
    #[error("{0}")]
    InvalidArgument(String),
    /// No such user among the owner's users of the app (another uid's users included).
    #[error("no such user")]
    UserNotFound,
    /// The user exists but is logged out (or logged out while the operation ran).
    #[error("{0}")]
    UserNotLoggedIn(&'static str),
    /// No user named and the owner has no current user of the app.
    #[error("no current user; log in first")]
    NoCurrentUser,
    /// The backend refused the refresh token: the session is over and the user must log in
    /// again.
    #[error("the session can no longer be refreshed; log in again ({0})")]
    ReauthRequired(String),
    /// The app's backend does not offer an operation (a capability it lacks); `what` names it.
    #[error("app {app:?} does not offer {what}")]
    NotOffered { app: String, what: &'static str },
    /// The app's backend does not take this credential kind.
    #[error("credential `{}` is not supported by this app", .0.as_str())]
    ProviderNotSupported(CredentialKind),
    /// A login meant to sign a known user in again signed in someone else: refused, nothing
    /// kept.
    #[error(
        "the login signed in {got:?}, not the user {expected:?} it was meant to sign in again; nothing was kept"
    )]
    WrongUser { expected: String, got: String },
    /// The app does not hand out ID tokens (not oidc, or `id_tokens` is off).
    #[error(
        "app {0:?} does not hand out ID tokens: only an oidc app whose configuration says `id_tokens = true` does"
    )]
    IdTokensNotEnabled(String),
    /// The session's ID token lacks the validity asked for and a refresh does not renew it;
    /// the message says why.
    #[error("{0}")]
    IdTokenNotRenewed(String),
    /// A per-uid limit of the configuration (`[limits]`) is reached; the message names it.
    #[error("{0}")]
    LimitReached(String),
    /// The operation is not for anonymous users (API keys).
    #[error("anonymous users cannot have API keys; link another identity first")]
    AnonymousUser,
    /// A non-root caller named another uid's sessions (`owner_uid`, `all_owners`).
    #[error("only uid 0 may act on another uid's sessions")]
    OwnerSelectionDenied,
    /// The caller is outside `[access]`.
    #[error("uid {0} may not use latchkeyd (see [access] in its configuration)")]
    AccessDenied(u32),
    /// The session's refreshes are failing and the next attempt is not due yet: nothing was
    /// sent to the backend.
    #[error("the backend is failing ({last_error}); the next refresh is due in {}s", .retry_in.as_secs().max(1))]
    BackingOff {
        /// What the last refresh got.
        last_error: String,
        /// How long until the next attempt.
        retry_in: Duration,
    },
    /// Work the daemon had started did not finish (its task panicked or was cancelled by a
    /// shutdown).
    #[error("{0} was interrupted")]
    Interrupted(&'static str),
    /// The backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A user's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UserState {
    LoggedIn,
    LoggedOut,
    Removed,
}

/// A user as the session layer shows it: never a token.
#[derive(Debug, Clone)]
pub(crate) struct UserView {
    pub app: String,
    pub id: String,
    pub state: UserState,
    /// Whether this is the owner's current user of the app.
    pub is_current: bool,
    pub is_anonymous: bool,
    /// The backend's name of the provider of the last login.
    pub provider_type: String,
    pub identities: Vec<Identity>,
    /// Profile data (memory-only keys included while in memory).
    pub profile: Map<String, Value>,
    /// The app's custom data, from the access token.
    pub custom_data: Option<Map<String, Value>>,
    pub device_id: String,
    pub access_token_expires_at: Option<SystemTime>,
    /// When the backend says.
    pub refresh_token_expires_at: Option<SystemTime>,
    pub owner_uid: u32,
    pub created_at: SystemTime,
    /// Last login or switch.
    pub last_used_at: SystemTime,
    /// In the answer of a logout or removal: what the backend said when it did not confirm
    /// the end of the session.
    pub revocation_error: Option<String>,
}

/// An access token handed to a caller.
#[derive(Debug)]
pub(crate) struct AccessTokenView {
    pub token: Secret,
    pub expires_at: SystemTime,
    pub user_id: String,
    pub app: String,
    /// A refresh was needed but failed transiently: this is the cached token.
    pub stale: bool,
}

/// An ID token handed to a caller.
#[derive(Debug)]
pub(crate) struct IdTokenView {
    pub token: Secret,
    pub expires_at: SystemTime,
    pub user_id: String,
    pub app: String,
}

/// A configured app as callers see it.
#[derive(Debug, Clone)]
pub(crate) struct AppInfo {
    pub name: String,
    /// The config `kind` of its backend.
    pub kind: &'static str,
    pub accepts: Vec<CredentialKind>,
    pub is_default: bool,
    /// The backend's address ([`Backend::location`]).
    pub location: String,
    /// The endpoints it learned and from where ([`Backend::endpoints`]).
    pub endpoints: Vec<crate::backend::Endpoint>,
}

/// Session counts of one app, over every owner.
#[derive(Debug, Clone)]
pub(crate) struct AppStatus {
    pub name: String,
    pub logged_in: u32,
    pub logged_out: u32,
    /// Whether the backend answered its last request (`None` before the first).
    pub backend_reachable: Option<bool>,
}

/// Default validity a caller asks of a token when it does not say.
pub(crate) const DEFAULT_MIN_VALID: Duration = Duration::from_secs(60);

/// One app as the daemon configures it.
#[derive(Clone)]
pub(crate) struct AppSetup {
    pub backend: Arc<dyn Backend>,
    pub refresh: RefreshPolicy,
}
