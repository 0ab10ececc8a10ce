//! The Rust client of `latchkeyd`, the local auth-session daemon.
//!
//! ```no_run
//! # async fn demo() -> Result<(), latchkey_client::Error> {
//! let client = latchkey_client::Client::new();
//! let token = client.token(None).await?; // the default app's current user
//! # Ok(()) }
//! ```
//!
//! [`Client::new`] finds the socket as the `latchkey` CLI does (`$LATCHKEY_SOCKET`, the
//! caller's user daemon, then the system one), refuses one in a directory others could have
//! planted it in, and connects on first use. Every RPC of the contract is reachable with the
//! generated types of [`proto`] through [`Client::sessions`], [`Client::api_keys`],
//! [`Client::email_password`] and [`Client::daemon`]; errors are [`Error`], which carries the
//! gRPC code and the daemon's `ErrorInfo` reason.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;
use tonic::transport::Channel;

mod app;
mod error;
pub mod escape;
#[cfg(feature = "reqwest")]
mod http;
pub mod layout;
pub mod socket;
mod watch;

pub use app::{ApiKeyAuth, App, AppBuilder, Credentials, EmailPasswordAuth, User, UserState};
pub use error::{Error, RpcError};
#[cfg(feature = "reqwest")]
pub use http::SendError;
pub use latchkey_proto::Reason;
pub use watch::{Backoff, Watch, WatchOptions};

/// The generated code of the gRPC contract (`proto/latchkey/v1/latchkey.proto`): messages,
/// clients and [`proto::Reason`], the `latchkey-proto` crate's.
pub use latchkey_proto::v1 as proto;

use proto::api_keys_client::ApiKeysClient;
use proto::daemon_client::DaemonClient;
use proto::email_password_client::EmailPasswordClient;
use proto::sessions_client::SessionsClient;

/// How long a token [`Client::token`] hands out stays valid at least, in every client library
/// (`clients/behaviour.json`).
pub const TOKEN_MIN_VALID: Duration = Duration::from_secs(60);

/// What [`Client::access_token`] asks for. `Default` is the default app's current user, valid
/// for at least 60 s.
#[derive(Debug, Clone, Default)]
pub struct TokenOptions {
    /// App name; `None` = the daemon's default app.
    pub app: Option<String>,
    /// The user; `None` = the app's current user.
    pub user_id: Option<String>,
    /// How long the token must stay valid (refreshed first otherwise); `None` = 60 s.
    pub min_valid: Option<Duration>,
    /// Refresh now, whatever the cached token's validity.
    pub force_refresh: bool,
    /// OpenID Connect apps: a token narrowed to these scopes.
    pub scopes: Vec<String>,
    /// OpenID Connect apps: an RFC 8707 resource the token is for.
    pub audience: Option<String>,
}

/// What [`Client::id_token`] asks for. `Default` is the default app's current user, valid for
/// at least 60 s.
#[derive(Debug, Clone, Default)]
pub struct IdTokenOptions {
    /// App name; `None` = the daemon's default app.
    pub app: Option<String>,
    /// The user; `None` = the app's current user.
    pub user_id: Option<String>,
    /// How long the ID token must stay valid (the session refreshed first otherwise); `None` =
    /// 60 s.
    pub min_valid: Option<Duration>,
}

impl TokenOptions {
    /// The options of `app`'s current user.
    pub fn app(app: impl Into<String>) -> Self {
        Self {
            app: Some(app.into()),
            ..Self::default()
        }
    }

    fn request(&self) -> proto::GetAccessTokenRequest {
        proto::GetAccessTokenRequest {
            app: self.app.clone().unwrap_or_default(),
            user_id: self.user_id.clone().unwrap_or_default(),
            min_valid: self.min_valid.map(layout::proto_duration),
            force_refresh: self.force_refresh,
            owner_uid: None,
            scopes: self.scopes.clone(),
            audience: self.audience.clone().unwrap_or_default(),
        }
    }
}

/// A connection to the daemon, made on first use and shared by clones.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    socket: PathBuf,
    channel: OnceCell<Channel>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("socket", &self.inner.socket)
            .finish_non_exhaustive()
    }
}

impl Default for Client {
    fn default() -> Self {
        Self::new()
    }
}

impl Client {
    /// A client of the daemon the CLI would use ([`socket::default_socket`]). Connects on
    /// first use.
    pub fn new() -> Self {
        Self::with_socket(socket::default_socket())
    }

    /// A client of the daemon listening at `socket`.
    pub fn with_socket(socket: impl Into<PathBuf>) -> Self {
        Self {
            inner: Arc::new(Inner {
                socket: socket.into(),
                channel: OnceCell::new(),
            }),
        }
    }

    /// The socket this client talks to.
    pub fn socket(&self) -> &Path {
        &self.inner.socket
    }

    /// The channel to the daemon, connected on first use. It reconnects by itself after the
    /// daemon restarts.
    ///
    /// # Errors
    /// The daemon is not running, or its socket's directory is not trusted.
    pub async fn channel(&self) -> Result<Channel, Error> {
        self.inner
            .channel
            .get_or_try_init(|| socket::connect(&self.inner.socket))
            .await
            .cloned()
    }

    /// An error answer (or transport failure) of a call as an [`Error`].
    pub fn error(&self, status: &tonic::Status) -> Error {
        Error::from_status(status, &self.inner.socket)
    }

    /// A call's answer: its message, or its failure as an [`Error`].
    fn answer<T>(&self, answer: Result<tonic::Response<T>, tonic::Status>) -> Result<T, Error> {
        answer
            .map(tonic::Response::into_inner)
            .map_err(|status| self.error(&status))
    }

    /// The `Sessions` service: log in and out, users, tokens, events.
    ///
    /// # Errors
    /// As [`Client::channel`].
    pub async fn sessions(&self) -> Result<SessionsClient<Channel>, Error> {
        Ok(SessionsClient::new(self.channel().await?))
    }

    /// The `ApiKeys` service: a user's App Services API keys.
    ///
    /// # Errors
    /// As [`Client::channel`].
    pub async fn api_keys(&self) -> Result<ApiKeysClient<Channel>, Error> {
        Ok(ApiKeysClient::new(self.channel().await?))
    }

    /// The `EmailPassword` service: registration, confirmation, password resets.
    ///
    /// # Errors
    /// As [`Client::channel`].
    pub async fn email_password(&self) -> Result<EmailPasswordClient<Channel>, Error> {
        Ok(EmailPasswordClient::new(self.channel().await?))
    }

    /// The `Daemon` service: apps and status.
    ///
    /// # Errors
    /// As [`Client::channel`].
    pub async fn daemon(&self) -> Result<DaemonClient<Channel>, Error> {
        Ok(DaemonClient::new(self.channel().await?))
    }

    /// A valid access token of `app`'s current user (`None`: the default app), refreshed first
    /// when it has less than 60 s left.
    ///
    /// # Errors
    /// [`Error::is_not_logged_in`] when nobody is logged in, [`Error::is_reauth_required`]
    /// when the session needs a new login, [`Error::is_not_running`] without a daemon.
    ///
    /// # Examples
    /// ```no_run
    /// # async fn demo() {
    /// let client = latchkey_client::Client::new();
    /// match client.token(Some("corp")).await {
    ///     Ok(token) => assert!(!token.is_empty()),
    ///     Err(err) if err.is_not_logged_in() => eprintln!("log in first: latchkey login"),
    ///     Err(err) => eprintln!("no token: {err}"),
    /// }
    /// # }
    /// ```
    pub async fn token(&self, app: Option<&str>) -> Result<String, Error> {
        let options = TokenOptions {
            app: app.map(str::to_owned),
            min_valid: Some(TOKEN_MIN_VALID),
            ..TokenOptions::default()
        };
        Ok(self.access_token(&options).await?.token)
    }

    /// The access token `options` describe, with its expiry, user and app.
    ///
    /// # Errors
    /// As [`Client::token`].
    ///
    /// # Examples
    /// ```no_run
    /// # async fn demo() -> Result<(), latchkey_client::Error> {
    /// use std::time::Duration;
    /// let client = latchkey_client::Client::new();
    /// let options = latchkey_client::TokenOptions {
    ///     min_valid: Some(Duration::from_secs(300)),
    ///     ..latchkey_client::TokenOptions::app("corp")
    /// };
    /// let token = client.access_token(&options).await?;
    /// println!("{} expires at {:?}", token.user_id, token.expires_at);
    /// # Ok(()) }
    /// ```
    pub async fn access_token(&self, options: &TokenOptions) -> Result<proto::AccessToken, Error> {
        let answer = self
            .sessions()
            .await?
            .get_access_token(options.request())
            .await;
        self.answer(answer)
    }

    /// The OpenID Connect ID token of the user `options` name, for oidc apps whose
    /// configuration says `id_tokens = true`.
    ///
    /// # Errors
    /// As [`Client::token`]; `ID_TOKENS_NOT_ENABLED` for an app that does not serve ID tokens,
    /// `ID_TOKEN_NOT_RENEWED` when its provider sends no new one and the one held falls short
    /// ([`Error::has_reason`]).
    pub async fn id_token(&self, options: &IdTokenOptions) -> Result<proto::IdToken, Error> {
        let request = proto::GetIdTokenRequest {
            app: options.app.clone().unwrap_or_default(),
            user_id: options.user_id.clone().unwrap_or_default(),
            min_valid: options.min_valid.map(layout::proto_duration),
            owner_uid: None,
        };
        let answer = self.sessions().await?.get_id_token(request).await;
        self.answer(answer)
    }

    /// The current user of `app` (`None`: the default app).
    ///
    /// # Errors
    /// [`Error::is_not_logged_in`] when there is none.
    pub async fn current_user(&self, app: Option<&str>) -> Result<proto::User, Error> {
        let request = proto::GetCurrentUserRequest {
            app: app.unwrap_or_default().to_owned(),
            ..Default::default()
        };
        let answer = self.sessions().await?.get_current_user(request).await;
        self.answer(answer)
    }

    /// Session events as they happen, resuming after the last one seen when the daemon
    /// restarts (what it could not replay is announced as `lagged`).
    ///
    /// # Examples
    /// ```no_run
    /// # async fn demo() -> Result<(), latchkey_client::Error> {
    /// let client = latchkey_client::Client::new();
    /// let mut events = client.watch(latchkey_client::WatchOptions {
    ///     app: Some("corp".to_owned()),
    ///     snapshot: true,
    ///     ..Default::default()
    /// });
    /// events.subscribed().await?;
    /// while let Some(event) = events.next().await {
    ///     let event = event?;
    ///     println!("{} {:?}", event.user_id, event.kind);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn watch(&self, options: WatchOptions) -> Watch {
        Watch::start(self.clone(), options)
    }

    /// Calls `callback` with every `token_expired` event of `app` (`None`: every app): the
    /// moment to ask the user for a new login. Returns once subscribed; the task runs until it
    /// is aborted or the daemon refuses the subscription.
    ///
    /// # Errors
    /// As [`Watch::subscribed`].
    pub async fn on_reauth_required<F>(
        &self,
        app: Option<&str>,
        mut callback: F,
    ) -> Result<tokio::task::JoinHandle<Result<(), Error>>, Error>
    where
        F: FnMut(proto::SessionEvent) + Send + 'static,
    {
        let mut events = self.watch(WatchOptions {
            app: app.map(str::to_owned),
            user_id: None,
            snapshot: false,
        });
        events.subscribed().await?;
        Ok(tokio::spawn(async move {
            while let Some(event) = events.next().await {
                let event = event?;
                if matches!(
                    event.kind,
                    Some(proto::session_event::Kind::TokenExpired(_))
                ) {
                    callback(event);
                }
            }
            Ok(())
        }))
    }
}
