//! The Atlas App Services client API v2.0 (spec `app-services-auth.md` §1-§7), speaking what
//! realm-core sends. [`transport`] does the HTTP (location lookup, headers, size limits, error
//! answers); [`wire`] knows the formats (bodies, answers, claims, provider strings, error codes).
//!
//! A 401 on a call made with the access token is returned as [`ErrorKind::TokenRefused`]: the
//! session layer refreshes through its one refresh path and retries (spec §4.4). Never logs
//! request or response bodies: they carry tokens and passwords.

mod transport;
mod wire;
pub(crate) use wire::fuzz;

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use super::capabilities::{Accounts, ApiKeys, Linking};
use super::{
    AccessGrant, AccountCall, ApiKeyAnswer, ApiKeyCall, Backend, BackendError, Capabilities,
    Classify, CredentialKind, Credentials, Grant, Profile, RefreshGrant, Refreshed,
};
use crate::clock::SharedClock;
use crate::secret::Secret;
use transport::{Bearer, Route, Transport};

#[cfg(test)]
use super::ErrorKind;

/// A client of one App Services app.
pub(crate) struct AppServicesClient {
    transport: Transport,
    /// The `options.device` object sent with every login and link.
    device: Value,
    /// Stamps every token's receipt: local expiries are computed from it.
    clock: SharedClock,
}

impl std::fmt::Debug for AppServicesClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppServicesClient")
            .field("base_url", &self.transport.base_url())
            .field("app_id", &self.transport.app_id())
            .finish_non_exhaustive()
    }
}

impl AppServicesClient {
    /// A client of `app_id` at `base_url`, each request bounded by `timeout`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built (no TLS roots on the machine).
    pub(crate) fn new(
        base_url: &str,
        app_id: &str,
        timeout: Duration,
        clock: SharedClock,
    ) -> Result<Self, BackendError> {
        Ok(Self {
            transport: Transport::new(base_url, app_id, timeout)?,
            device: wire::device_info(app_id),
            clock,
        })
    }

    /// A bodiless call under the client API made with a token (profile, session, delete).
    async fn session_call(
        &self,
        method: Method,
        path: &str,
        bearer: Bearer<'_>,
    ) -> Result<Value, BackendError> {
        self.transport
            .call(method, Route::Client(path), bearer, None)
            .await
    }
}

#[async_trait::async_trait]
impl Backend for AppServicesClient {
    fn kind(&self) -> &'static str {
        "app-services"
    }

    fn location(&self) -> &str {
        self.transport.base_url()
    }

    fn accepts(&self) -> &[CredentialKind] {
        wire::ACCEPTS
    }

    fn capabilities(&self) -> Capabilities<'_> {
        Capabilities {
            linking: Some(self),
            accounts: Some(self),
            api_keys: Some(self),
            ..Capabilities::default()
        }
    }

    fn classify(&self) -> Classify {
        wire::user_traits
    }

    async fn log_in(&self, credentials: &Credentials) -> Result<Grant, BackendError> {
        let (provider, body) = wire::login_body(&self.device, credentials)?;
        let path = format!("/auth/providers/{provider}/login");
        let answer = self
            .transport
            .call(Method::POST, Route::App(&path), Bearer::None, Some(&body))
            .await?;
        wire::grant(&answer, provider, self.clock.now_ms())
    }

    async fn profile(&self, access: &Secret) -> Result<Profile, BackendError> {
        let answer = self
            .session_call(Method::GET, "/auth/profile", Bearer::Access(access))
            .await?;
        wire::profile(&answer)
    }

    async fn refresh(
        &self,
        _user_id: &str,
        refresh: Option<&Secret>,
    ) -> Result<Refreshed, BackendError> {
        let refresh = refresh.ok_or_else(|| {
            BackendError::Malformed("an App Services session without a refresh token".to_owned())
        })?;
        let answer = self
            .session_call(Method::POST, "/auth/session", Bearer::Refresh(refresh))
            .await?;
        // App Services never rotates refresh tokens (spec §13.14).
        Ok(Refreshed {
            access: wire::access_grant(
                wire::required_secret(&answer, "access_token", "refresh")?,
                Some(self.clock.now_ms()),
            )?,
            refresh: None,
            id_token: None,
            session: None,
        })
    }

    async fn log_out(
        &self,
        _access: &Secret,
        refresh: Option<&Secret>,
    ) -> Result<(), BackendError> {
        let Some(refresh) = refresh else {
            return Ok(());
        };
        self.session_call(Method::DELETE, "/auth/session", Bearer::Refresh(refresh))
            .await
            .map(drop)
    }

    fn reread_access(&self, token: &Secret, received_at_ms: Option<i64>) -> Option<AccessGrant> {
        wire::access_grant(token.clone(), received_at_ms).ok()
    }

    fn reread_refresh(&self, token: &Secret, received_at_ms: Option<i64>) -> Option<RefreshGrant> {
        wire::refresh_grant(token.clone(), received_at_ms).ok()
    }

    fn reachable(&self) -> Option<bool> {
        self.transport.reachable()
    }
}

#[async_trait::async_trait]
impl Linking for AppServicesClient {
    async fn link(
        &self,
        access: &Secret,
        credentials: &Credentials,
    ) -> Result<AccessGrant, BackendError> {
        let (provider, body) = wire::login_body(&self.device, credentials)?;
        let path = format!("/auth/providers/{provider}/login?link=true");
        let answer = self
            .transport
            .call(
                Method::POST,
                Route::App(&path),
                Bearer::Access(access),
                Some(&body),
            )
            .await?;
        wire::access_grant(
            wire::required_secret(&answer, "access_token", "link")?,
            Some(self.clock.now_ms()),
        )
    }
}

#[async_trait::async_trait]
impl Accounts for AppServicesClient {
    async fn delete_user(&self, access: &Secret) -> Result<(), BackendError> {
        self.session_call(Method::DELETE, "/auth/delete", Bearer::Access(access))
            .await
            .map(drop)
    }

    async fn account(&self, call: AccountCall) -> Result<(), BackendError> {
        let (suffix, body) = match call {
            AccountCall::Register { email, password } => (
                "register",
                json!({"email": email, "password": password.expose()}),
            ),
            AccountCall::Confirm { token, token_id } => (
                "confirm",
                json!({"token": token.expose(), "tokenId": token_id}),
            ),
            AccountCall::ResendConfirmation { email } => ("confirm/send", json!({"email": email})),
            AccountCall::RetryCustomConfirmation { email } => {
                ("confirm/call", json!({"email": email}))
            }
            AccountCall::SendResetPasswordEmail { email } => {
                ("reset/send", json!({"email": email}))
            }
            AccountCall::ResetPassword {
                password,
                token,
                token_id,
            } => (
                "reset",
                json!({"password": password.expose(), "token": token.expose(), "tokenId": token_id}),
            ),
            AccountCall::CallResetPasswordFunction {
                email,
                password,
                arguments,
            } => {
                let arguments: Value = serde_json::from_str(arguments.expose()).map_err(|_| {
                    BackendError::Malformed("reset function arguments are not JSON".to_owned())
                })?;
                (
                    "reset/call",
                    json!({"email": email, "password": password.expose(), "arguments": arguments}),
                )
            }
        };
        let path = format!("{}/{suffix}", wire::EMAIL_PASSWORD_ROUTE);
        self.transport
            .call(Method::POST, Route::App(&path), Bearer::None, Some(&body))
            .await
            .map(drop)
    }
}

#[async_trait::async_trait]
impl ApiKeys for AppServicesClient {
    async fn api_keys(
        &self,
        refresh: &Secret,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, BackendError> {
        let (method, suffix) = match &call {
            ApiKeyCall::Create(_) => (Method::POST, String::new()),
            ApiKeyCall::List => (Method::GET, String::new()),
            ApiKeyCall::Get(id) => (Method::GET, format!("/{id}")),
            ApiKeyCall::Enable(id) => (Method::PUT, format!("/{id}/enable")),
            ApiKeyCall::Disable(id) => (Method::PUT, format!("/{id}/disable")),
            ApiKeyCall::Delete(id) => (Method::DELETE, format!("/{id}")),
        };
        let body = match &call {
            ApiKeyCall::Create(name) => Some(json!({ "name": name })),
            _ => None,
        };
        let path = format!("/auth/api_keys{suffix}");
        let answer = self
            .transport
            .call(
                method,
                Route::Client(&path),
                Bearer::Refresh(refresh),
                body.as_ref(),
            )
            .await?;
        Ok(match call {
            ApiKeyCall::Create(_) | ApiKeyCall::Get(_) => {
                ApiKeyAnswer::Key(wire::api_key_info(&answer)?)
            }
            ApiKeyCall::List => ApiKeyAnswer::Keys(
                answer
                    .as_array()
                    .ok_or_else(|| BackendError::Malformed("API keys: not an array".to_owned()))?
                    .iter()
                    .map(wire::api_key_info)
                    .collect::<Result<_, _>>()?,
            ),
            ApiKeyCall::Enable(_) | ApiKeyCall::Disable(_) | ApiKeyCall::Delete(_) => {
                ApiKeyAnswer::Done
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_unreachable_backend_is_transient() {
        let client = AppServicesClient::new(
            "http://127.0.0.1:9/",
            "app-x",
            Duration::from_secs(1),
            crate::clock::system(),
        )
        .unwrap();
        let err = client.profile(&Secret::new("t")).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(client.reachable(), Some(false));
    }
}
