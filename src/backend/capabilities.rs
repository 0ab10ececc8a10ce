//! What a backend offers beyond the core [`Backend`](super::Backend): each capability a trait of
//! its own, handed out by [`Backend::capabilities`](super::Backend::capabilities) as a
//! [`Capabilities`] of trait objects. A backend without one simply does not implement it: the
//! session layer asks once per operation and answers `PROVIDER_NOT_SUPPORTED` itself, with no
//! stub in any backend.
//!
//! What a server may or may not offer at run time (an endpoint its discovery document lacks)
//! stays the backend's answer ([`BackendError::NotOffered`]): that is not a capability of the
//! protocol but a fact about one server.

use tokio::sync::mpsc;

use super::{
    AccessGrant, AccountCall, ApiKeyAnswer, ApiKeyCall, BackendError, Credentials, Grant,
    Interactive, Prompt, Purpose, Refreshed,
};
use crate::secret::Secret;

/// The capabilities of one backend; `None` = not offered.
#[derive(Default, Clone, Copy)]
pub(crate) struct Capabilities<'a> {
    /// Logins that wait for the user: device authorization, a browser.
    pub interactive: Option<&'a dyn InteractiveLogins>,
    /// Another identity added to an existing user.
    pub linking: Option<&'a dyn Linking>,
    /// Users deleted at the backend, email/password accounts registered, confirmed and reset.
    pub accounts: Option<&'a dyn Accounts>,
    /// A user's API keys.
    pub api_keys: Option<&'a dyn ApiKeys>,
    /// Access tokens narrower than the session's own (scopes, an audience).
    pub purposes: Option<&'a dyn Purposes>,
    /// The session's ID token is kept and handed to callers (an oidc app's `id_tokens`): its
    /// grants and refreshes carry it, and nothing more is needed of the backend.
    pub id_tokens: bool,
}

/// Logins that wait for the user.
#[async_trait::async_trait]
pub(crate) trait InteractiveLogins: Send + Sync {
    /// An interactive login: `prompt` gets what the user must be told, once, then the call
    /// waits for the user (dropping the future cancels it). `scopes` empty = the app's own.
    /// `local_uid` is the local user the login is for: whatever of the login comes back over a
    /// local channel (a browser's redirect to loopback) is taken only from that user's
    /// processes (or root's), never from another uid that read the login's URL.
    async fn log_in_interactive(
        &self,
        flow: Interactive,
        scopes: &[String],
        local_uid: u32,
        prompt: mpsc::Sender<Prompt>,
    ) -> Result<Grant, BackendError>;
}

/// Another identity added to a user.
#[async_trait::async_trait]
pub(crate) trait Linking: Send + Sync {
    /// Adds `credentials` as an identity of the user holding `access`; returns the new access
    /// token.
    async fn link(
        &self,
        access: &Secret,
        credentials: &Credentials,
    ) -> Result<AccessGrant, BackendError>;
}

/// Users and accounts managed at the backend.
#[async_trait::async_trait]
pub(crate) trait Accounts: Send + Sync {
    /// Deletes the user holding `access` at the backend.
    async fn delete_user(&self, access: &Secret) -> Result<(), BackendError>;

    /// An email/password account operation.
    async fn account(&self, call: AccountCall) -> Result<(), BackendError>;
}

/// A user's API keys.
#[async_trait::async_trait]
pub(crate) trait ApiKeys: Send + Sync {
    /// An operation on the API keys of the user holding `refresh`.
    async fn api_keys(
        &self,
        refresh: &Secret,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, BackendError>;
}

/// Tokens for a purpose.
#[async_trait::async_trait]
pub(crate) trait Purposes: Send + Sync {
    /// As [`Backend::refresh`](super::Backend::refresh), for an access token narrowed to
    /// `purpose` (never the default purpose: that is the core refresh). `access` is the
    /// session's own access token when it stays valid a while yet (a server that exchanges
    /// tokens, RFC 8693, narrows that one and leaves the refresh token alone).
    async fn refresh_for(
        &self,
        user_id: &str,
        access: Option<&Secret>,
        refresh: Option<&Secret>,
        purpose: &Purpose,
    ) -> Result<Refreshed, BackendError>;
}
