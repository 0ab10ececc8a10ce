//! The Realm SDK's user management over the daemon: [`App`], [`Credentials`] and [`User`], with
//! the names an Atlas Device SDK user knows (`app.log_in(Credentials::anonymous())`,
//! `app.current_user()`, `user.api_keys().create(..)`, ...). Every call is one RPC to latchkeyd,
//! which holds the sessions: they are shared by every process of the user and outlive this one,
//! so what the Realm SDK read from memory (`current_user`, `all_users`) is asked of the daemon.
//!
//! ```no_run
//! # async fn demo() -> Result<(), latchkey_client::Error> {
//! use latchkey_client::{App, Credentials};
//! let app = App::builder().id("corp").build();
//! let mut user = app.log_in(Credentials::email_password("ada@example.com", "secret")).await?;
//! let key = user.api_keys().create("laptop").await?;
//! println!("{} has key {}", user.id(), key.name);
//! user.log_out().await?;
//! # Ok(()) }
//! ```

use std::path::PathBuf;

use crate::proto::{self, credentials::Kind};
use crate::{Client, Error, Reason, TokenOptions, WatchOptions};

/// How to log in: one constructor per provider. Its `Debug` names the provider only, never a
/// secret.
#[derive(Clone)]
pub struct Credentials(proto::Credentials);

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials::{}(..)", self.provider())
    }
}

impl Credentials {
    fn of(kind: Kind) -> Self {
        Self(proto::Credentials { kind: Some(kind) })
    }

    /// The caller's anonymous user of the app: the existing one if there is one (the Realm
    /// SDK's default), else a new one.
    pub fn anonymous() -> Self {
        Self::of(Kind::Anonymous(proto::AnonymousCredential {
            new_user: false,
        }))
    }

    /// A new anonymous user, even when the caller has one already.
    pub fn new_anonymous() -> Self {
        Self::of(Kind::Anonymous(proto::AnonymousCredential {
            new_user: true,
        }))
    }

    /// Email and password (App Services `local-userpass`).
    pub fn email_password(email: impl Into<String>, password: impl Into<String>) -> Self {
        Self::of(Kind::EmailPassword(proto::EmailPasswordCredential {
            email: email.into(),
            password: password.into(),
        }))
    }

    /// A custom JWT (App Services `custom-token`; an oidc app's JWT bearer grant).
    pub fn jwt(token: impl Into<String>) -> Self {
        Self::of(Kind::Jwt(proto::JwtCredential {
            token: token.into(),
        }))
    }

    /// A user or server API key.
    pub fn api_key(key: impl Into<String>) -> Self {
        Self::of(Kind::ApiKey(proto::ApiKeyCredential { key: key.into() }))
    }

    /// A custom function's payload: a JSON object's text.
    pub fn function(payload_json: impl Into<String>) -> Self {
        Self::of(Kind::Function(proto::FunctionCredential {
            payload_json: payload_json.into(),
        }))
    }

    /// A Facebook access token.
    pub fn facebook(access_token: impl Into<String>) -> Self {
        Self::of(Kind::Facebook(proto::FacebookCredential {
            access_token: access_token.into(),
        }))
    }

    /// A Google server auth code.
    pub fn google_auth_code(auth_code: impl Into<String>) -> Self {
        Self::of(Kind::Google(proto::GoogleCredential {
            token: Some(proto::google_credential::Token::AuthCode(auth_code.into())),
        }))
    }

    /// A Google ID token.
    pub fn google_id_token(id_token: impl Into<String>) -> Self {
        Self::of(Kind::Google(proto::GoogleCredential {
            token: Some(proto::google_credential::Token::IdToken(id_token.into())),
        }))
    }

    /// An Apple ID token.
    pub fn apple(id_token: impl Into<String>) -> Self {
        Self::of(Kind::Apple(proto::AppleCredential {
            id_token: id_token.into(),
        }))
    }

    /// An oidc app's client credentials grant, with its configured client.
    pub fn client_credentials() -> Self {
        Self::of(Kind::ClientCredentials(
            proto::ClientCredentialsCredential {},
        ))
    }

    /// An oidc app's resource owner password grant.
    pub fn password(username: impl Into<String>, password: impl Into<String>) -> Self {
        Self::of(Kind::Password(proto::PasswordCredential {
            username: username.into(),
            password: password.into(),
        }))
    }

    /// Adopts an oidc refresh token obtained elsewhere.
    pub fn refresh_token(token: impl Into<String>) -> Self {
        Self::of(Kind::RefreshToken(proto::RefreshTokenCredential {
            token: token.into(),
        }))
    }

    /// The provider: `anonymous`, `email_password`, `jwt`, `api_key`, `function`, `facebook`,
    /// `google`, `apple`, `client_credentials`, `password` or `refresh_token`.
    pub fn provider(&self) -> &'static str {
        match &self.0.kind {
            Some(Kind::Anonymous(_)) => "anonymous",
            Some(Kind::EmailPassword(_)) => "email_password",
            Some(Kind::Jwt(_)) => "jwt",
            Some(Kind::ApiKey(_)) => "api_key",
            Some(Kind::Function(_)) => "function",
            Some(Kind::Facebook(_)) => "facebook",
            Some(Kind::Google(_)) => "google",
            Some(Kind::Apple(_)) => "apple",
            Some(Kind::ClientCredentials(_)) => "client_credentials",
            Some(Kind::Password(_)) => "password",
            Some(Kind::RefreshToken(_)) => "refresh_token",
            None => "none",
        }
    }

    /// The `Credentials` message sent to the daemon.
    pub fn into_proto(self) -> proto::Credentials {
        self.0
    }
}

/// Builds an [`App`]: which app of the daemon's configuration, through which daemon.
#[derive(Debug, Default)]
#[must_use]
pub struct AppBuilder {
    id: Option<String>,
    socket: Option<PathBuf>,
    client: Option<Client>,
}

impl AppBuilder {
    /// The app's name in the daemon's configuration; not set: the daemon's default app.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The daemon's socket; not set: where the CLI looks ([`crate::socket::default_socket`]).
    pub fn socket(mut self, socket: impl Into<PathBuf>) -> Self {
        self.socket = Some(socket.into());
        self
    }

    /// A client to share (its connection too); takes the place of [`AppBuilder::socket`].
    pub fn client(mut self, client: Client) -> Self {
        self.client = Some(client);
        self
    }

    /// The app.
    pub fn build(self) -> App {
        let client = match (self.client, self.socket) {
            (Some(client), _) => client,
            (None, Some(socket)) => Client::with_socket(socket),
            (None, None) => Client::new(),
        };
        App {
            client,
            id: self.id.unwrap_or_default(),
        }
    }
}

/// An app of the daemon's configuration, with the Realm SDK's user management. Cheap to clone
/// (the connection is shared).
#[derive(Debug, Clone)]
pub struct App {
    client: Client,
    id: String,
}

impl App {
    /// The app named `id` in the daemon's configuration, through the daemon the CLI would use.
    pub fn new(id: impl Into<String>) -> Self {
        Self::builder().id(id).build()
    }

    /// An [`AppBuilder`].
    pub fn builder() -> AppBuilder {
        AppBuilder::default()
    }

    /// The app's name (empty: the daemon's default app).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The client underneath, for every other RPC.
    pub fn client(&self) -> &Client {
        &self.client
    }

    fn user(&self, data: proto::User) -> User {
        User {
            app: self.clone(),
            data,
        }
    }

    /// Logs in and makes the user the current one; answered once the session is stored.
    ///
    /// # Errors
    /// The daemon's refusal, e.g. `INVALID_CREDENTIALS` or `PROVIDER_NOT_SUPPORTED`
    /// ([`Error::has_reason`]).
    pub async fn log_in(&self, credentials: Credentials) -> Result<User, Error> {
        let request = proto::LogInRequest {
            app: self.id.clone(),
            credentials: Some(credentials.into_proto()),
        };
        let answer = self.client.sessions().await?.log_in(request).await;
        Ok(self.user(self.client.answer(answer)?))
    }

    /// The caller's current user of the app, or `None`.
    ///
    /// # Errors
    /// An unknown app, or a daemon not reached.
    pub async fn current_user(&self) -> Result<Option<User>, Error> {
        match self.client.current_user(Some(&self.id)).await {
            Ok(data) => Ok(Some(self.user(data))),
            Err(err) if err.has_reason(Reason::NoCurrentUser) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Every user of the caller's that is not removed, in the order they came.
    ///
    /// # Errors
    /// An unknown app, or a daemon not reached.
    pub async fn all_users(&self) -> Result<Vec<User>, Error> {
        let request = proto::ListUsersRequest {
            app: self.id.clone(),
            ..Default::default()
        };
        let answer = self.client.sessions().await?.list_users(request).await;
        let users = self.client.answer(answer)?.users;
        Ok(users.into_iter().map(|data| self.user(data)).collect())
    }

    /// Makes `user` (logged in) the current user.
    ///
    /// # Errors
    /// `USER_NOT_LOGGED_IN` for a logged-out user, `USER_NOT_FOUND` for a removed one.
    pub async fn switch_user(&self, user: &mut User) -> Result<(), Error> {
        let request = proto::SwitchUserRequest {
            app: user.app_id().to_owned(),
            user_id: user.id().to_owned(),
            owner_uid: None,
        };
        let answer = self.client.sessions().await?.switch_user(request).await;
        user.data = self.client.answer(answer)?;
        Ok(())
    }

    /// Logs `user` out and forgets them on this machine.
    ///
    /// # Errors
    /// `USER_NOT_FOUND` when the user is not the caller's.
    pub async fn remove_user(&self, user: &mut User) -> Result<(), Error> {
        let request = proto::RemoveUserRequest {
            app: user.app_id().to_owned(),
            user_id: user.id().to_owned(),
            owner_uid: None,
        };
        let answer = self.client.sessions().await?.remove_user(request).await;
        if let Some(data) = self.client.answer(answer)?.user {
            user.data = data;
        }
        Ok(())
    }

    /// Deletes `user` at the backend, then forgets them.
    ///
    /// # Errors
    /// The backend's refusal, or `USER_NOT_FOUND`.
    pub async fn delete_user(&self, user: &mut User) -> Result<(), Error> {
        let request = proto::DeleteUserRequest {
            app: user.app_id().to_owned(),
            user_id: user.id().to_owned(),
            owner_uid: None,
        };
        let answer = self.client.sessions().await?.delete_user(request).await;
        if let Some(data) = self.client.answer(answer)?.user {
            user.data = data;
        }
        Ok(())
    }

    /// Email/password accounts.
    pub fn email_password_auth(&self) -> EmailPasswordAuth<'_> {
        EmailPasswordAuth { app: self }
    }

    /// The expiry callback: `callback` with every `token_expired` event of this app (the moment
    /// to ask for a new login). Returns once subscribed; abort the task to stop. The default
    /// app (an empty id) watches every app.
    ///
    /// # Errors
    /// As [`crate::Watch::subscribed`].
    pub async fn on_reauth_required<F>(
        &self,
        callback: F,
    ) -> Result<tokio::task::JoinHandle<Result<(), Error>>, Error>
    where
        F: FnMut(proto::SessionEvent) + Send + 'static,
    {
        let app = (!self.id.is_empty()).then_some(self.id.as_str());
        self.client.on_reauth_required(app, callback).await
    }

    /// Session events of this app (the default app: every app), as [`Client::watch`].
    pub fn watch(&self, snapshot: bool) -> crate::Watch {
        let options = WatchOptions::default().snapshot(snapshot);
        let options = if self.id.is_empty() {
            options
        } else {
            options.app(self.id.clone())
        };
        self.client.watch(options)
    }
}

/// A user's state, as the Realm SDK names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserState {
    /// Holds tokens.
    LoggedIn,
    /// Known, but needs a new login.
    LoggedOut,
    /// Forgotten.
    Removed,
}

/// One of the caller's users of an app, as the daemon last described it ([`User::data`]). Its
/// methods act on the daemon's session and bring the description up to date.
#[derive(Debug, Clone)]
pub struct User {
    app: App,
    data: proto::User,
}

impl PartialEq for User {
    fn eq(&self, other: &Self) -> bool {
        self.data.app == other.data.app && self.data.id == other.data.id
    }
}

impl User {
    /// The user's id.
    pub fn id(&self) -> &str {
        &self.data.id
    }

    /// The app's name in the daemon's configuration.
    pub fn app_id(&self) -> &str {
        &self.data.app
    }

    /// The app this user belongs to.
    pub fn app(&self) -> &App {
        &self.app
    }

    /// The daemon's description of the user, as last seen.
    pub fn data(&self) -> &proto::User {
        &self.data
    }

    /// Logged in, logged out or removed.
    pub fn state(&self) -> UserState {
        match self.data.state() {
            proto::UserState::LoggedIn => UserState::LoggedIn,
            proto::UserState::LoggedOut => UserState::LoggedOut,
            _ => UserState::Removed,
        }
    }

    /// Whether the user holds tokens.
    pub fn is_logged_in(&self) -> bool {
        self.state() == UserState::LoggedIn
    }

    /// The provider the user logged in with, e.g. `anon-user`, `local-userpass`.
    pub fn provider_type(&self) -> &str {
        &self.data.provider_type
    }

    /// The user's identities (one per linked provider account).
    pub fn identities(&self) -> &[proto::Identity] {
        &self.data.identities
    }

    /// The device id the backend gave at login.
    pub fn device_id(&self) -> &str {
        &self.data.device_id
    }

    /// What the backend knows of the user (name, email, ... as it sent them).
    pub fn profile(&self) -> Option<&prost_types::Struct> {
        self.data
            .profile
            .as_ref()
            .and_then(|profile| profile.data.as_ref())
    }

    /// The custom data as of the last refresh ([`User::refresh_custom_data`] fetches it anew).
    pub fn custom_data(&self) -> Option<&prost_types::Struct> {
        self.data.custom_data.as_ref()
    }

    /// A valid access token of this user, refreshed by the daemon first when it would expire
    /// within a minute. (The refresh token stays in the daemon.)
    ///
    /// # Errors
    /// `USER_NOT_LOGGED_IN` after a logout, `REAUTH_REQUIRED` when the session is over.
    pub async fn access_token(&self) -> Result<String, Error> {
        let options = TokenOptions {
            app: Some(self.data.app.clone()),
            user_id: Some(self.data.id.clone()),
            min_valid: Some(crate::TOKEN_MIN_VALID),
            ..TokenOptions::default()
        };
        Ok(self.app.client.access_token(&options).await?.token)
    }

    /// Ends the session (and revokes it at the backend); an anonymous user is removed.
    ///
    /// # Errors
    /// The daemon's refusal.
    pub async fn log_out(&mut self) -> Result<(), Error> {
        let request = proto::LogOutRequest {
            app: self.data.app.clone(),
            user_id: self.data.id.clone(),
            owner_uid: None,
        };
        let client = &self.app.client;
        let answer = client.sessions().await?.log_out(request).await;
        self.data = client.answer(answer)?;
        Ok(())
    }

    /// Adds another identity to this user.
    ///
    /// # Errors
    /// The backend's refusal (the identity belongs to another user, say).
    pub async fn link_credentials(&mut self, credentials: Credentials) -> Result<(), Error> {
        let request = proto::LinkCredentialsRequest {
            app: self.data.app.clone(),
            user_id: self.data.id.clone(),
            credentials: Some(credentials.into_proto()),
        };
        let client = &self.app.client;
        let answer = client.sessions().await?.link_credentials(request).await;
        self.data = client.answer(answer)?;
        Ok(())
    }

    /// Refreshes the access token now, which brings the custom data with it; returns it.
    ///
    /// # Errors
    /// `REAUTH_REQUIRED` when the session cannot be refreshed.
    pub async fn refresh_custom_data(&mut self) -> Result<Option<&prost_types::Struct>, Error> {
        let request = proto::RefreshUserRequest {
            app: self.data.app.clone(),
            user_id: self.data.id.clone(),
            owner_uid: None,
        };
        let client = &self.app.client;
        let answer = client.sessions().await?.refresh_user(request).await;
        self.data = client.answer(answer)?;
        Ok(self.custom_data())
    }

    /// The user's API keys.
    pub fn api_keys(&self) -> ApiKeyAuth<'_> {
        ApiKeyAuth { user: self }
    }
}

/// A user's API keys ([`User::api_keys`]), as the Realm SDK's `user.apiKeys`.
#[derive(Debug)]
pub struct ApiKeyAuth<'a> {
    user: &'a User,
}

impl ApiKeyAuth<'_> {
    fn client(&self) -> &Client {
        &self.user.app.client
    }

    fn app(&self) -> String {
        self.user.data.app.clone()
    }

    fn user_id(&self) -> String {
        self.user.data.id.clone()
    }

    /// A new key; its `key` (the secret) is in this answer only.
    ///
    /// # Errors
    /// `ANONYMOUS_USER`, `API_KEY_ALREADY_EXISTS`, `API_KEY_LIMIT_REACHED`.
    pub async fn create(&self, name: impl Into<String>) -> Result<proto::ApiKey, Error> {
        let request = proto::CreateApiKeyRequest {
            app: self.app(),
            user_id: self.user_id(),
            name: name.into(),
        };
        let answer = self
            .client()
            .api_keys()
            .await?
            .create_api_key(request)
            .await;
        self.client().answer(answer)
    }

    /// One key, without its secret.
    ///
    /// # Errors
    /// `API_KEY_NOT_FOUND`.
    pub async fn fetch(&self, id: impl Into<String>) -> Result<proto::ApiKey, Error> {
        let request = proto::GetApiKeyRequest {
            app: self.app(),
            user_id: self.user_id(),
            id: id.into(),
        };
        let answer = self.client().api_keys().await?.get_api_key(request).await;
        self.client().answer(answer)
    }

    /// Every key of the user, without their secrets.
    ///
    /// # Errors
    /// `ANONYMOUS_USER`.
    pub async fn fetch_all(&self) -> Result<Vec<proto::ApiKey>, Error> {
        let request = proto::ListApiKeysRequest {
            app: self.app(),
            user_id: self.user_id(),
        };
        let answer = self.client().api_keys().await?.list_api_keys(request).await;
        Ok(self.client().answer(answer)?.api_keys)
    }

    /// Enables a key.
    ///
    /// # Errors
    /// `API_KEY_NOT_FOUND`.
    pub async fn enable(&self, id: impl Into<String>) -> Result<(), Error> {
        let request = proto::EnableApiKeyRequest {
            app: self.app(),
            user_id: self.user_id(),
            id: id.into(),
        };
        let answer = self
            .client()
            .api_keys()
            .await?
            .enable_api_key(request)
            .await;
        self.client().answer(answer).map(drop)
    }

    /// Disables a key: logins with it are refused until it is enabled again.
    ///
    /// # Errors
    /// `API_KEY_NOT_FOUND`.
    pub async fn disable(&self, id: impl Into<String>) -> Result<(), Error> {
        let request = proto::DisableApiKeyRequest {
            app: self.app(),
            user_id: self.user_id(),
            id: id.into(),
        };
        let answer = self
            .client()
            .api_keys()
            .await?
            .disable_api_key(request)
            .await;
        self.client().answer(answer).map(drop)
    }

    /// Deletes a key.
    ///
    /// # Errors
    /// `API_KEY_NOT_FOUND`.
    pub async fn delete(&self, id: impl Into<String>) -> Result<(), Error> {
        let request = proto::DeleteApiKeyRequest {
            app: self.app(),
            user_id: self.user_id(),
            id: id.into(),
        };
        let answer = self
            .client()
            .api_keys()
            .await?
            .delete_api_key(request)
            .await;
        self.client().answer(answer).map(drop)
    }
}

/// Email/password accounts ([`App::email_password_auth`]), as the Realm SDK's.
#[derive(Debug)]
pub struct EmailPasswordAuth<'a> {
    app: &'a App,
}

impl EmailPasswordAuth<'_> {
    async fn service(
        &self,
    ) -> Result<proto::email_password_client::EmailPasswordClient<tonic::transport::Channel>, Error>
    {
        self.app.client.email_password().await
    }

    /// Registers an account (confirmed as the app's configuration says).
    ///
    /// # Errors
    /// `ACCOUNT_NAME_IN_USE`, or the backend's password rules.
    pub async fn register_user(&self, email: &str, password: &str) -> Result<(), Error> {
        let request = proto::RegisterUserRequest {
            app: self.app.id.clone(),
            email: email.to_owned(),
            password: password.to_owned(),
        };
        let answer = self.service().await?.register_user(request).await;
        self.app.client.answer(answer).map(drop)
    }

    /// Confirms an account with the token and token id of its confirmation link.
    ///
    /// # Errors
    /// `INVALID_TOKEN`, `ALREADY_CONFIRMED`.
    pub async fn confirm_user(&self, token: &str, token_id: &str) -> Result<(), Error> {
        let request = proto::ConfirmUserRequest {
            app: self.app.id.clone(),
            token: token.to_owned(),
            token_id: token_id.to_owned(),
        };
        let answer = self.service().await?.confirm_user(request).await;
        self.app.client.answer(answer).map(drop)
    }

    /// Sends the confirmation email again.
    ///
    /// # Errors
    /// `USER_NOT_FOUND`, `ALREADY_CONFIRMED`.
    pub async fn resend_confirmation_email(&self, email: &str) -> Result<(), Error> {
        let request = proto::ResendConfirmationEmailRequest {
            app: self.app.id.clone(),
            email: email.to_owned(),
        };
        let answer = self
            .service()
            .await?
            .resend_confirmation_email(request)
            .await;
        self.app.client.answer(answer).map(drop)
    }

    /// Runs the app's confirmation function again.
    ///
    /// # Errors
    /// `USER_NOT_FOUND`, `ALREADY_CONFIRMED`.
    pub async fn retry_custom_confirmation(&self, email: &str) -> Result<(), Error> {
        let request = proto::RetryCustomConfirmationRequest {
            app: self.app.id.clone(),
            email: email.to_owned(),
        };
        let answer = self
            .service()
            .await?
            .retry_custom_confirmation(request)
            .await;
        self.app.client.answer(answer).map(drop)
    }

    /// Sends a password reset email.
    ///
    /// # Errors
    /// `USER_NOT_FOUND`.
    pub async fn send_reset_password_email(&self, email: &str) -> Result<(), Error> {
        let request = proto::SendResetPasswordEmailRequest {
            app: self.app.id.clone(),
            email: email.to_owned(),
        };
        let answer = self
            .service()
            .await?
            .send_reset_password_email(request)
            .await;
        self.app.client.answer(answer).map(drop)
    }

    /// Sets a new password with the token and token id of a reset link.
    ///
    /// # Errors
    /// `INVALID_TOKEN`.
    pub async fn reset_password(
        &self,
        password: &str,
        token: &str,
        token_id: &str,
    ) -> Result<(), Error> {
        let request = proto::ResetPasswordRequest {
            app: self.app.id.clone(),
            password: password.to_owned(),
            token: token.to_owned(),
            token_id: token_id.to_owned(),
        };
        let answer = self.service().await?.reset_password(request).await;
        self.app.client.answer(answer).map(drop)
    }

    /// Runs the app's reset function with `arguments_json` (a JSON array's text).
    ///
    /// # Errors
    /// The function's refusal.
    pub async fn call_reset_password_function(
        &self,
        email: &str,
        password: &str,
        arguments_json: &str,
    ) -> Result<(), Error> {
        let request = proto::CallResetPasswordFunctionRequest {
            app: self.app.id.clone(),
            email: email.to_owned(),
            password: password.to_owned(),
            arguments_json: arguments_json.to_owned(),
        };
        let answer = self
            .service()
            .await?
            .call_reset_password_function(request)
            .await;
        self.app.client.answer(answer).map(drop)
    }
}
