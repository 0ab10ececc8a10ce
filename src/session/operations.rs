//! The user operations: log in, link, log out, list, switch, remove, delete, API keys and
//! email/password accounts. Each checks the policy, talks to the backend without holding the
//! app's users, then runs one bookkeeping step and applies its effects. Calls made with the
//! access token go through [`RefreshPath::with_access_token`], so a refused token is refreshed
//! by the one refresh path and the call retried.

use std::sync::Arc;

use super::apps::App;
use super::core::Core;
use super::refresh::RefreshPath;
use super::scheduler::SessionKey;
use super::types::{Caller, SessionError, Target, UserView};
use super::users::Tokens;

/// How [`Operations::end_session`] ends a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// `LogOut`: the user stays known, logged out (an anonymous one is removed).
    LogOut,
    /// `RemoveUser`: the user is forgotten.
    Remove,
}
use crate::backend::{
    AccountCall, ApiKeyAnswer, ApiKeyCall, CredentialKind, Credentials, ErrorKind, Grant,
    Interactive, Profile, Prompt,
};
use crate::metrics::LoginOutcome;

/// The user operations, on the session core.
#[derive(Clone, Copy)]
pub(crate) struct Operations<'a> {
    pub(super) core: &'a Arc<Core>,
}

impl Operations<'_> {
    /// The refresh path, for the calls made with a session's access token.
    fn refresh_path(&self) -> RefreshPath<'_> {
        RefreshPath { core: self.core }
    }

    /// The profile of a session, through the access-token path.
    async fn fetch_profile(&self, app: &App, key: &SessionKey) -> Result<Profile, SessionError> {
        let backend = app.backend.as_ref();
        self.refresh_path()
            .with_access_token(
                app,
                key,
                |access| async move { backend.profile(&access).await },
            )
            .await
    }

    /// Logs in and makes the user current (spec §3.4); an anonymous login without `new_user`
    /// reuses the caller's logged-in anonymous user without a request (spec §3.5). Once the
    /// backend is asked, the login runs to its end even if the caller goes away: a session the
    /// backend granted is either kept (committed, announced) or ended there, never half kept.
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
        let kind = credentials.kind();
        let result = async {
            self.core.policy.admit_login(caller.uid)?;
            let app = self.core.apps.get(app_name)?;
            self.core.accepting(&app, kind)?;
            let uid = caller.uid;
            if let Credentials::Anonymous { new_user: false } = credentials {
                // The reused user is answered as it is: with its tokens' custom data.
                self.core.open_sealed(&app, Some(uid)).await?;
                let mut users = app.users.writing().await;
                let now = self.core.clock.now_ms();
                if let Some((effects, view)) = users.with(|users| users.reuse_anonymous(uid, now)) {
                    self.core.apply(&app, &mut users, effects).await?;
                    return Ok(view);
                }
            }
            let core = self.core.clone();
            self.core
                .tasks
                .spawn(async move {
                    Operations { core: &core }
                        .log_in_at_backend(&app, uid, credentials)
                        .await
                })
                .await
                .unwrap_or(Err(SessionError::Interrupted("the login")))
        }
        .await;
        self.count_login(app_name, kind, &result);
        result
    }

    /// A login the user completes outside the daemon (device code, browser). `prompt` gets
    /// what the user must be told; the wait for the user ends when the caller goes away (this
    /// future is dropped). Once the backend has granted the session, the rest runs to its end
    /// as in [`Self::log_in`]. A non-empty `user_id` signs that known user in again: a login
    /// of anyone else is refused and ended at the backend.
    ///
    /// # Errors
    /// As [`Self::log_in`]; `UserNotFound` for an unknown `user_id`; `WrongUser`.
    pub(crate) async fn log_in_interactive(
        &self,
        caller: &Caller,
        app_name: &str,
        flow: Interactive,
        scopes: Vec<String>,
        user_id: String,
        prompt: tokio::sync::mpsc::Sender<Prompt>,
    ) -> Result<UserView, SessionError> {
        let result = async {
            self.core.policy.admit_login(caller.uid)?;
            let app = self.core.apps.get(app_name)?;
            self.core.accepting(&app, flow.kind())?;
            let interactive =
                app.offers(app.backend.capabilities().interactive, "interactive logins")?;
            let uid = caller.uid;
            if !user_id.is_empty() && app.users.read().get(uid, &user_id).is_none() {
                return Err(SessionError::UserNotFound);
            }
            let grant = self
                .core
                .backend_call(
                    &app,
                    interactive.log_in_interactive(flow, &scopes, uid, prompt),
                )
                .await?;
            let expected = Some(user_id).filter(|id| !id.is_empty());
            let core = self.core.clone();
            self.core
                .tasks
                .spawn(async move {
                    Operations { core: &core }
                        .keep_grant(&app, uid, grant, expected)
                        .await
                })
                .await
                .unwrap_or(Err(SessionError::Interrupted("the login")))
        }
        .await;
        self.count_login(app_name, flow.kind(), &result);
        result
    }

    /// Counts a login of a configured app (an unknown app name is no label).
    fn count_login(
        &self,
        app_name: &str,
        kind: CredentialKind,
        result: &Result<UserView, SessionError>,
    ) {
        let outcome = match result {
            Ok(_) => LoginOutcome::Ok,
            Err(SessionError::AppNotFound(_)) => return,
            Err(SessionError::Backend(err)) if err.kind() == ErrorKind::CredentialsRefused => {
                LoginOutcome::Refused
            }
            Err(_) => LoginOutcome::Error,
        };
        let app = self.core.apps.get(app_name).map(|app| app.name.clone());
        if let Ok(app) = app {
            self.core.metrics.login(&app, kind.as_str(), outcome);
        }
    }

    /// The login's part from the backend request on.
    async fn log_in_at_backend(
        &self,
        app: &App,
        uid: u32,
        credentials: Credentials,
    ) -> Result<UserView, SessionError> {
        let _slot = app.logins.acquire().await;
        let grant = self
            .core
            .backend_call(app, app.backend.log_in(&credentials))
            .await?;
        self.keep_grant(app, uid, grant, None).await
    }

    /// Keeps a session the backend granted: stored, made current, its profile fetched unless
    /// the login told it, then committed and announced; or, when a limit or `expected` (the
    /// user it had to be) refuses it, ended at the backend.
    async fn keep_grant(
        &self,
        app: &App,
        uid: u32,
        mut grant: Grant,
        expected: Option<String>,
    ) -> Result<UserView, SessionError> {
        if let Some(expected) = expected.filter(|expected| *expected != grant.user_id) {
            let tokens = Tokens {
                access: grant.access.token,
                refresh: grant.refresh.map(|refresh| refresh.token),
            };
            self.core.revoke(app, &tokens).await;
            return Err(SessionError::WrongUser {
                expected,
                got: grant.user_id,
            });
        }
        let told_profile = grant.profile.take();
        let pending = {
            let mut users = app.users.writing().await;
            let admitted = {
                let users = users.read();
                if users.get(uid, &grant.user_id).is_none() {
                    self.core
                        .policy
                        .admit_session(uid, users.owned_by(uid), &app.name)
                } else {
                    Ok(())
                }
            };
            if let Err(refused) = admitted {
                drop(users);
                // The backend session exists but will not be kept: end it there too.
                let tokens = Tokens {
                    access: grant.access.token,
                    refresh: grant.refresh.map(|refresh| refresh.token),
                };
                self.core.revoke(app, &tokens).await;
                return Err(refused);
            }
            let now = self.core.clock.now_ms();
            let (effects, pending) = users.with(|users| users.begin_login(uid, grant, now));
            self.core.apply(app, &mut users, effects).await?;
            pending
        };
        let profile = match told_profile {
            Some(profile) => Ok(profile),
            None => self.fetch_profile(app, &pending.key).await,
        };
        let now = self.core.clock.now_ms();
        let fetched = profile.as_ref().ok().cloned();
        let finished = self
            .core
            .step(app, |users| users.finish_login(pending, fetched, now))
            .await;
        // A failed profile fetch is the error to report, even when it also ended the session.
        profile?;
        finished
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
        // A link submits a credential: it counts like a login (no password guessing through it).
        self.core.policy.admit_login(caller.uid)?;
        let app = self.core.apps.get(app_name)?;
        if matches!(credentials, Credentials::Anonymous { .. }) {
            return Err(SessionError::InvalidArgument(
                "anonymous credentials cannot be linked to an existing user".to_owned(),
            ));
        }
        let linking = app.offers(app.backend.capabilities().linking, "linking of credentials")?;
        self.core.accepting(&app, credentials.kind())?;
        self.core.open_sealed(&app, Some(caller.uid)).await?;
        let (key, session) = {
            let users = app.users.read();
            let entry = users.logged_in(caller.uid, user_id)?;
            (users.key_of(entry), entry.session)
        };
        let credentials = &credentials;
        let access = self
            .refresh_path()
            .with_access_token(&app, &key, |access| async move {
                linking.link(&access, credentials).await
            })
            .await?;
        self.core
            .step(&app, |users| Ok((users.linked(&key, session, access)?, ())))
            .await?;
        let profile = self.fetch_profile(&app, &key).await?;
        let now = self.core.clock.now_ms();
        self.core
            .step(&app, |users| {
                users.profile_fetched(&key, session, profile, true, now)
            })
            .await
    }

    /// Ends a user's session locally, then revokes its refresh token at the backend, best
    /// effort: the local change stands either way. [`Ending::LogOut`] (spec §4.2): tokens wiped,
    /// an anonymous user removed, the current user falls back; a logged-out user is left alone.
    /// [`Ending::Remove`] (spec §8.4): the user is forgotten, logged in or not.
    ///
    /// # Errors
    /// No such user or no current user; store failure.
    pub(crate) async fn end_session(
        &self,
        caller: &Caller,
        target: Target<'_>,
        ending: Ending,
    ) -> Result<UserView, SessionError> {
        let (app, owner) = self.core.acting_on(caller, target).await?;
        let (mut view, tokens) = {
            let mut users = app.users.writing().await;
            let (key, held) = {
                let users = users.read();
                let user_id = users.resolve(owner, target.user_id)?;
                let entry = users
                    .get(owner, &user_id)
                    .ok_or(SessionError::UserNotFound)?;
                (users.key_of(entry), entry.tokens())
            };
            // Read before the step: its commit takes the refresh token out of the store. During
            // the writer's turn, nothing else changes it meanwhile.
            let tokens = match held {
                Some(held) => match self.core.tokens(&app, &key, held.clone()).await {
                    Ok(tokens) => Some(tokens),
                    Err(err) => {
                        tracing::warn!(app = %app.name, user = %key.user_id, error = %err, "the refresh token to revoke cannot be read; revoking the access token only");
                        Some(Tokens {
                            access: held.0,
                            refresh: None,
                        })
                    }
                },
                None => None,
            };
            let (effects, view) = users.with(|users| match ending {
                Ending::LogOut => users.log_out(owner, &key.user_id),
                Ending::Remove => users.remove(owner, &key.user_id),
            })?;
            self.core.apply(&app, &mut users, effects).await?;
            (view, tokens)
        };
        if let Some(tokens) = tokens {
            view.revocation_error = self.core.revoke(&app, &tokens).await;
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
        app: &str,
    ) -> Result<UserView, SessionError> {
        let target = Target {
            owner_uid,
            app,
            user_id: "",
        };
        let (app, owner) = self.core.reading_on(caller, target).await?;
        let users = app.users.read();
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
            self.core.apps.all()
        } else {
            vec![self.core.apps.get(app_name)?]
        };
        if all_owners {
            self.core.policy.all_owners(caller)?;
        }
        // Whose users may be read is decided app by app: a group's share of uid 0's sessions
        // covers its own app only, so a listing of every app shows the others' only to those
        // who may read them.
        let mut out = Vec::new();
        let mut refused = None;
        let mut readable = 0;
        for app in &apps {
            let owner = if all_owners {
                None
            } else {
                match self.core.policy.reading(caller, &app.name, owner_uid) {
                    Ok(owner) => Some(owner),
                    Err(err) if app_name.is_empty() => {
                        refused.get_or_insert(err);
                        continue;
                    }
                    Err(err) => return Err(err),
                }
            };
            readable += 1;
            self.core.open_sealed(app, owner).await?;
            out.extend(app.users.read().list(owner));
        }
        if readable == 0
            && let Some(err) = refused
        {
            return Err(err);
        }
        Ok(out)
    }

    /// Makes a logged-in user current (the target names the user: switching to "the current
    /// user" means nothing).
    ///
    /// # Errors
    /// No such user; user logged out.
    pub(crate) async fn switch_user(
        &self,
        caller: &Caller,
        target: Target<'_>,
    ) -> Result<UserView, SessionError> {
        let now = self.core.clock.now_ms();
        let (app, owner) = self.core.acting_on(caller, target).await?;
        self.core
            .step(&app, |users| users.switch(owner, target.user_id, now))
            .await
    }

    /// Deletes the user at the backend, then forgets them (spec §4.3). On failure nothing
    /// changes locally.
    ///
    /// # Errors
    /// No such user; user logged out; backend failure.
    pub(crate) async fn delete_user(
        &self,
        caller: &Caller,
        target: Target<'_>,
    ) -> Result<UserView, SessionError> {
        let (app, owner) = self.core.acting_on(caller, target).await?;
        let accounts = app.offers(app.backend.capabilities().accounts, "deletion of users")?;
        let key = {
            let users = app.users.read();
            let user_id = users.resolve(owner, target.user_id)?;
            match users.logged_in(owner, &user_id) {
                Ok(entry) => users.key_of(entry),
                Err(SessionError::UserNotLoggedIn(_) | SessionError::ReauthRequired(_)) => {
                    return Err(SessionError::UserNotLoggedIn(
                        "the user must be logged in to be deleted",
                    ));
                }
                Err(other) => return Err(other),
            }
        };
        self.refresh_path()
            .with_access_token(&app, &key, |access| async move {
                accounts.delete_user(&access).await
            })
            .await?;
        self.core
            .step(&app, |users| users.deleted(key.uid, &key.user_id))
            .await
    }

    /// Fetches again, after a restart, the profiles whose memory-only keys (Facebook picture
    /// URLs) were not written to disk. Best effort: a failure is logged and the profile stays as
    /// stored.
    pub(super) async fn reload_memory_only_profiles(&self) {
        for app in self.core.apps.all() {
            let targets = app.users.read().with_memory_only_profiles();
            for key in targets {
                let session = match app.users.read().get(key.uid, &key.user_id) {
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
                let now = self.core.clock.now_ms();
                let applied = self
                    .core
                    .step(&app, |users| {
                        users.profile_fetched(&key, session, profile, false, now)
                    })
                    .await;
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
        let app = self.core.apps.get(app_name)?;
        self.core.accepting(&app, CredentialKind::ApiKey)?;
        let api_keys = app.offers(app.backend.capabilities().api_keys, "API keys")?;
        self.core.open_sealed(&app, Some(caller.uid)).await?;
        let (key, session, tokens) = {
            let users = app.users.read();
            let entry = users.logged_in(caller.uid, user_id)?;
            if entry.traits.anonymous {
                return Err(SessionError::AnonymousUser);
            }
            let tokens = entry.tokens().ok_or_else(|| entry.not_logged_in())?;
            (users.key_of(entry), entry.session, tokens)
        };
        let tokens = self.core.tokens(&app, &key, tokens).await?;
        let Some(refresh) = tokens.refresh.as_ref() else {
            return Err(SessionError::ProviderNotSupported(CredentialKind::ApiKey));
        };
        let result = self
            .core
            .backend_call(&app, api_keys.api_keys(refresh, call))
            .await;
        match result {
            Err(err) if err.kind() == ErrorKind::TokenRefused => {
                {
                    let mut users = app.users.writing().await;
                    self.refresh_path()
                        .end_refused(&app, &mut users, &key, session, &err)
                        .await?;
                }
                // A normal logout follows (spec §4.4), though it will probably fail too.
                self.core.revoke(&app, &tokens).await;
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
        caller: &Caller,
        app_name: &str,
        call: AccountCall,
    ) -> Result<(), SessionError> {
        // Registrations and mails count like logins: no uid may flood the backend with them.
        self.core.policy.admit_login(caller.uid)?;
        let app = self.core.apps.get(app_name)?;
        self.core.accepting(&app, CredentialKind::EmailPassword)?;
        let accounts = app.offers(
            app.backend.capabilities().accounts,
            "email/password accounts",
        )?;
        Ok(self.core.backend_call(&app, accounts.account(call)).await?)
    }
}
