//! A user's API keys and the email/password account flows: pass-throughs to the backend, with
//! the session rules around them (a logged-in, non-anonymous user; a refused refresh token on an
//! API-key call ends the session, spec §4.4). API key secrets are handed back, never stored.

use std::sync::Arc;

use super::{AppSessions, Caller, SessionError, SessionManager, revoke, session_key};
use crate::backend::{AccountCall, ApiKeyAnswer, ApiKeyCall};

impl SessionManager {
    fn api_key_app(&self, app_name: &str) -> Result<(String, Arc<AppSessions>), SessionError> {
        let (app_name, app) = self.app(app_name)?;
        if !app.backend.accepts().contains(&"api_key") {
            return Err(SessionError::ProviderNotSupported("api_key"));
        }
        Ok((app_name, app))
    }

    /// An operation on the API keys of one of the caller's users.
    ///
    /// # Errors
    /// No such user; logged out; anonymous user; backend refusal (`ReauthRequired` when the
    /// refresh token is refused: the user is then logged out).
    pub async fn api_keys(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, SessionError> {
        let (app_name, app) = self.api_key_app(app_name)?;
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        let (user_id, tokens) = {
            let users = app.users.lock().await;
            let (user_id, entry, tokens) = users.logged_in(caller.uid, user_id)?;
            if entry.is_anonymous_identity() {
                return Err(SessionError::AnonymousUser);
            }
            (user_id, tokens)
        };
        let result = app.backend.api_keys(&tokens.refresh, call).await;
        self.note_reachability(app_name, app);
        match result {
            Err(err) if err.is_unauthorized() => {
                let key = session_key(app_name, caller.uid, &user_id);
                let refused = self
                    .refresh_refused(app_name, app, &key, &tokens, &err)
                    .await;
                // A normal logout follows (spec §4.4), though it will probably fail too.
                revoke(app.backend.as_ref(), &tokens.refresh).await;
                Err(refused)
            }
            other => other.map_err(SessionError::from),
        }
    }

    /// An email/password account operation on an app.
    ///
    /// # Errors
    /// Unknown app; the app's backend has no email/password provider; backend refusal.
    pub async fn account(&self, app_name: &str, call: AccountCall) -> Result<(), SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        if !app.backend.accepts().contains(&"email_password") {
            return Err(SessionError::ProviderNotSupported("email_password"));
        }
        let result = app.backend.account(call).await;
        self.note_reachability(app_name, app);
        result.map_err(SessionError::from)
    }
}
