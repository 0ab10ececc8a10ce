//! The user operations: log in, link, log out, list, switch, remove, delete, API keys and
//! email/password accounts. Each checks the policy, talks to the backend without holding the
//! app's users, then runs one bookkeeping step and applies its effects. Calls made with the
//! access token go through [`Sessions::with_access_token`], so a refused token is refreshed by
//! the one refresh path and the call retried.

use super::apps::App;
use super::scheduler::SessionKey;
use super::users::Tokens;
use super::{Caller, SessionError, Sessions, UserView};
use crate::backend::{
    AccountCall, ApiKeyAnswer, ApiKeyCall, CredentialKind, Credentials, ErrorKind, Profile,
};

impl Sessions {
    fn accepting(&self, app: &App, kind: CredentialKind) -> Result<(), SessionError> {
        if app.backend.accepts().contains(&kind) {
            Ok(())
        } else {
            Err(SessionError::ProviderNotSupported(kind))
        }
    }

    /// Revokes a refresh token at the backend after a local logout; the local change stands
    /// either way, so a failure is only logged.
    async fn revoke(&self, app: &App, tokens: &Tokens) {
        let result = self
            .backend_call(app, app.backend.log_out(&tokens.refresh))
            .await;
        if let Err(err) = result {
            tracing::warn!(app = %app.name, error = %err, "logged out locally; the backend did not confirm the logout");
        }
    }

    /// The profile of a session, through the access-token path.
    async fn fetch_profile(&self, app: &App, key: &SessionKey) -> Result<Profile, SessionError> {
        let backend = app.backend.as_ref();
        self.with_access_token(
            app,
            key,
            |access| async move { backend.profile(&access).await },
        )
        .await
    }

    /// Logs in and makes the user current (spec §3.4); an anonymous login without `new_user`
    /// reuses the caller's logged-in anonymous user without a request (spec §3.5).
    ///
    /// # Errors
    /// Unknown app, a limit, an unsupported credential, a refusal by the backend, a store
    /// failure. When the profile fetch after a successful login fails, the user is stored logged
    /// in and current, and the profile error is returned (as realm-core does).
    pub(crate) async fn log_in(
        &self,
        caller: &Caller,
        app_name: &str,
        credentials: Credentials,
    ) -> Result<UserView, SessionError> {
        self.policy.admit_login(caller.uid)?;
        let app = self.apps.get(app_name)?;
        self.accepting(&app, credentials.kind())?;
        let uid = caller.uid;
        if let Credentials::Anonymous { new_user: false } = credentials {
            let mut users = app.users.lock().await;
            if let Some((effects, view)) = users.reuse_anonymous(uid, self.clock.now_ms()) {
                self.apply(&app, effects).await?;
                return Ok(view);
            }
        }
        let grant = self
            .backend_call(&app, app.backend.log_in(&credentials))
            .await?;
        let pending = {
            let mut users = app.users.lock().await;
            if users.get(uid, &grant.user_id).is_none() {
                if let Err(refused) = self
                    .policy
                    .admit_session(uid, users.owned_by(uid), &app.name)
                {
                    drop(users);
                    // The backend session exists but will not be kept: end it there too.
                    let tokens = Tokens {
                        access: grant.access.token,
                        refresh: grant.refresh.token,
                    };
                    self.revoke(&app, &tokens).await;
                    return Err(refused);
                }
            }
            let (effects, pending) = users.begin_login(uid, grant, self.clock.now_ms());
            self.apply(&app, effects).await?;
            pending
        };
        let profile = self.fetch_profile(&app, &pending.key).await;
        let mut users = app.users.lock().await;
        let (effects, view) =
            users.finish_login(pending, profile.as_ref().ok().cloned(), self.clock.now_ms())?;
        self.apply(&app, effects).await?;
        profile?;
        Ok(view)
    }

    /// Adds an identity to a logged-in user (spec §3.6); the user becomes current. A refused
    /// access token is refreshed and the link retried once.
    ///
    /// # Errors
    /// No such user, user logged out, anonymous credentials, backend refusal.
    pub(crate) async fn link(
        &self,
        caller: &Caller,
        app_name: &str,
        user_id: &str,
        credentials: Credentials,
    ) -> Result<UserView, SessionError> {
        let app = self.apps.get(app_name)?;
        if matches!(credentials, Credentials::Anonymous { .. }) {
            return Err(SessionError::InvalidArgument(
                "anonymous credentials cannot be linked to an existing user".to_owned(),
            ));
        }
        self.accepting(&app, credentials.kind())?;
        let (key, session) = {
            let users = app.users.lock().await;
            let (key, entry) = users.logged_in(caller.uid, user_id)?;
            (key, entry.session)
        };
        let backend = app.backend.as_ref();
        let credentials = &credentials;
        let access = self
            .with_access_token(&app, &key, |access| async move {
                backend.link(&access, credentials).await
            })
            .await?;
        {
            let mut users = app.users.lock().await;
            let effects = users.linked(&key, session, access)?;
            self.apply(&app, effects).await?;
        }
        let profile = self.fetch_profile(&app, &key).await?;
        let mut users = app.users.lock().await;
        let (effects, view) =
            users.profile_fetched(&key, session, profile, true, self.clock.now_ms())?;
        self.apply(&app, effects).await?;
        Ok(view)
    }

    /// Logs a user out (spec §4.2): tokens wiped locally first, an anonymous user removed, the
    /// current user falls back; then the refresh token is revoked at the backend, best effort.
    /// Logging out a logged-out user is a no-op.
    ///
    /// # Errors
    /// No such user or no current user; store failure.
    pub(crate) async fn log_out(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let app = self.apps.get(app_name)?;
        let owner = self.policy.acting(caller, owner_uid)?;
        let (view, tokens) = {
            let mut users = app.users.lock().await;
            let user_id = users.resolve(owner, user_id)?;
            let (effects, view, tokens) = users.log_out(owner, &user_id)?;
            self.apply(&app, effects).await?;
            (view, tokens)
        };
        if let Some(tokens) = tokens {
            self.revoke(&app, &tokens).await;
        }
        Ok(view)
    }

    /// The owner's current user of the app (spec §8.2).
    ///
    /// # Errors
    /// No current user.
    pub(crate) async fn current_user(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
        app_name: &str,
    ) -> Result<UserView, SessionError> {
        let app = self.apps.get(app_name)?;
        let owner = self.policy.reading(caller, &app.name, owner_uid)?;
        let users = app.users.lock().await;
        let user_id = users.resolve(owner, "")?;
        users.view(owner, &user_id)
    }

    /// The owner's users that are not removed (every owner's with `all_owners`), per app in
    /// creation order; every app when `app_name` is empty.
    ///
    /// # Errors
    /// Unknown app; `all_owners` or another uid's users asked by a non-root caller.
    pub(crate) async fn list_users(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
        all_owners: bool,
        app_name: &str,
    ) -> Result<Vec<UserView>, SessionError> {
        let apps = if app_name.is_empty() {
            self.apps.all()
        } else {
            vec![self.apps.get(app_name)?]
        };
        let owner = if all_owners {
            self.policy.all_owners(caller)?;
            None
        } else {
            let shared_app = self.apps.get(app_name)?;
            Some(self.policy.reading(caller, &shared_app.name, owner_uid)?)
        };
        let mut out = Vec::new();
        for app in &apps {
            out.extend(app.users.lock().await.list(owner));
        }
        Ok(out)
    }

    /// Makes a logged-in user current.
    ///
    /// # Errors
    /// No such user; user logged out.
    pub(crate) async fn switch_user(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let app = self.apps.get(app_name)?;
        let owner = self.policy.acting(caller, owner_uid)?;
        if user_id.is_empty() {
            return Err(SessionError::InvalidArgument(
                "user_id: name the user to switch to".to_owned(),
            ));
        }
        let mut users = app.users.lock().await;
        let (effects, view) = users.switch(owner, user_id, self.clock.now_ms())?;
        self.apply(&app, effects).await?;
        Ok(view)
    }

    /// Forgets a user locally; a logged-in user is logged out at the backend first, best effort
    /// (spec §8.4).
    ///
    /// # Errors
    /// No such user; store failure.
    pub(crate) async fn remove_user(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let app = self.apps.get(app_name)?;
        let owner = self.policy.acting(caller, owner_uid)?;
        let (view, tokens) = {
            let mut users = app.users.lock().await;
            let user_id = users.resolve(owner, user_id)?;
            let (effects, view, tokens) = users.remove(owner, &user_id)?;
            self.apply(&app, effects).await?;
            (view, tokens)
        };
        if let Some(tokens) = tokens {
            self.revoke(&app, &tokens).await;
        }
        Ok(view)
    }

    /// Deletes the user at the backend, then forgets them (spec §4.3). On failure nothing
    /// changes locally.
    ///
    /// # Errors
    /// No such user; user logged out; backend failure.
    pub(crate) async fn delete_user(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let app = self.apps.get(app_name)?;
        let owner = self.policy.acting(caller, owner_uid)?;
        let key = {
            let users = app.users.lock().await;
            let user_id = users.resolve(owner, user_id)?;
            match users.logged_in(owner, &user_id) {
                Ok((key, _)) => key,
                Err(SessionError::UserNotLoggedIn(_) | SessionError::ReauthRequired(_)) => {
                    return Err(SessionError::UserNotLoggedIn(
                        "the user must be logged in to be deleted",
                    ));
                }
                Err(other) => return Err(other),
            }
        };
        let backend = app.backend.as_ref();
        self.with_access_token(&app, &key, |access| async move {
            backend.delete_user(&access).await
        })
        .await?;
        let mut users = app.users.lock().await;
        let (effects, view) = users.deleted(key.uid, &key.user_id)?;
        self.apply(&app, effects).await?;
        Ok(view)
    }

    /// Fetches again, after a restart, the profiles whose memory-only keys (Facebook picture
    /// URLs) were not written to disk. Best effort: a failure is logged and the profile stays as
    /// stored.
    pub(super) async fn reload_memory_only_profiles(&self) {
        for app in self.apps.all() {
            let targets = app.users.lock().await.with_memory_only_profiles();
            for key in targets {
                let session = match app.users.lock().await.get(key.uid, &key.user_id) {
                    Some(entry) => entry.session,
                    None => continue,
                };
                let profile = match self.fetch_profile(&app, &key).await {
                    Ok(profile) => profile,
                    Err(err) => {
                        tracing::warn!(app = %app.name, user = %key.user_id, error = %err, "cannot reload the profile");
                        continue;
                    }
                };
                let mut users = app.users.lock().await;
                let now = self.clock.now_ms();
                let applied = match users.profile_fetched(&key, session, profile, false, now) {
                    Ok((effects, _)) => self.apply(&app, effects).await,
                    Err(err) => Err(err),
                };
                if let Err(err) = applied {
                    tracing::warn!(app = %app.name, user = %key.user_id, error = %err, "cannot store the reloaded profile");
                }
            }
        }
    }

    /// An operation on the API keys of one of the caller's users. A refused refresh token ends
    /// the session (spec §4.4).
    ///
    /// # Errors
    /// No such user; logged out; anonymous user; backend refusal (`ReauthRequired` when the
    /// refresh token is refused: the user is then logged out).
    pub(crate) async fn api_keys(
        &self,
        caller: &Caller,
        app_name: &str,
        user_id: &str,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, SessionError> {
        let app = self.apps.get(app_name)?;
        self.accepting(&app, CredentialKind::ApiKey)?;
        let (key, session, tokens) = {
            let users = app.users.lock().await;
            let (key, entry) = users.logged_in(caller.uid, user_id)?;
            if entry.traits.anonymous {
                return Err(SessionError::AnonymousUser);
            }
            let tokens = entry.tokens().ok_or_else(|| entry.not_logged_in())?;
            (key, entry.session, tokens)
        };
        let result = self
            .backend_call(&app, app.backend.api_keys(&tokens.refresh, call))
            .await;
        match result {
            Err(err) if err.kind() == ErrorKind::TokenRefused => {
                {
                    let mut users = app.users.lock().await;
                    if let Some(effects) = users.expire(&key, session, &err.to_string()) {
                        self.apply(&app, effects).await?;
                    }
                }
                // A normal logout follows (spec §4.4), though it will probably fail too.
                self.revoke(&app, &tokens).await;
                Err(SessionError::ReauthRequired(err.to_string()))
            }
            other => Ok(other?),
        }
    }

    /// An email/password account operation on an app.
    ///
    /// # Errors
    /// Unknown app; the app's backend has no email/password provider; backend refusal.
    pub(crate) async fn account(
        &self,
        app_name: &str,
        call: AccountCall,
    ) -> Result<(), SessionError> {
        let app = self.apps.get(app_name)?;
        self.accepting(&app, CredentialKind::EmailPassword)?;
        Ok(self.backend_call(&app, app.backend.account(call)).await?)
    }
}
