//! Sessions: every user of every app and OS uid, the current-user rules of spec §8, logins,
//! logouts, links, and handing out access tokens (refreshing them on demand, one refresh per
//! session at a time).
//!
//! Owns the in-memory view of the store and keeps the two in step: every change is committed to
//! the store before the caller is answered. Never sees gRPC types; never logs token material.

mod users;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use tokio::sync::Mutex;

use crate::backend::{Backend, BackendError, Credentials, Identity, Tokens};
use crate::jwt;
use crate::secret::Secret;
use crate::store::{Change, SessionStore, StoreError, StoredState, UserRecord};
use users::{AppUsers, UserEntry};

/// Who is calling: read from the socket's peer credentials by the api layer, never from a
/// request field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    /// OS user id; owns the sessions it creates.
    pub uid: u32,
    /// OS group id.
    pub gid: u32,
    /// Process id, for logs only (pids are reused: never authorize on it).
    pub pid: Option<i32>,
}

/// Why a session operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The request named an app that is not configured.
    #[error("no app named {0:?} is configured")]
    AppNotFound(String),
    /// A request field is invalid (says which and why).
    #[error("{0}")]
    InvalidArgument(String),
    /// No such user among the caller's users of the app.
    #[error("no such user")]
    UserNotFound,
    /// The user exists but is logged out.
    #[error("{0}")]
    UserNotLoggedIn(&'static str),
    /// No user named and the caller has no current user of the app.
    #[error("no current user; log in first")]
    NoCurrentUser,
    /// The backend refused the refresh token: the user must log in again.
    #[error("the session can no longer be refreshed; log in again ({0})")]
    ReauthRequired(String),
    /// The app's backend does not take this credential kind.
    #[error("credential `{0}` is not supported by this app")]
    ProviderNotSupported(&'static str),
    /// The backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// A user's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserState {
    /// Holds tokens.
    LoggedIn,
    /// Known, without tokens.
    LoggedOut,
    /// Forgotten.
    Removed,
}

/// A user as the session layer shows it: no token.
#[derive(Debug, Clone)]
pub struct UserView {
    /// App name.
    pub app: String,
    /// Backend user id.
    pub id: String,
    /// State.
    pub state: UserState,
    /// Whether this is the owner's current user of the app.
    pub is_current: bool,
    /// Logged in with exactly one identity, `anon-user`.
    pub is_anonymous: bool,
    /// Provider of the last login.
    pub provider_type: String,
    /// Identities.
    pub identities: Vec<Identity>,
    /// Profile data (picture URLs included while in memory).
    pub profile: Map<String, Value>,
    /// Custom user data from the access token's `user_data` claim.
    pub custom_data: Option<Map<String, Value>>,
    /// Backend device id.
    pub device_id: String,
    /// Access token expiry.
    pub access_token_expires_at: Option<SystemTime>,
    /// Refresh token expiry, when the token says.
    pub refresh_token_expires_at: Option<SystemTime>,
    /// Owner uid.
    pub owner_uid: u32,
    /// First stored.
    pub created_at: SystemTime,
    /// Last login or switch.
    pub last_used_at: SystemTime,
}

/// An access token handed to a caller.
#[derive(Debug)]
pub struct AccessTokenView {
    /// The token.
    pub token: Secret,
    /// Its expiry.
    pub expires_at: SystemTime,
    /// Whose.
    pub user_id: String,
    /// Which app.
    pub app: String,
    /// A refresh was needed but failed transiently.
    pub stale: bool,
}

/// A configured app as callers see it.
#[derive(Debug, Clone)]
pub struct AppInfo {
    /// Name.
    pub name: String,
    /// Backend kind.
    pub kind: &'static str,
    /// Credential kinds it takes.
    pub providers: &'static [&'static str],
    /// Whether it is the default app.
    pub is_default: bool,
}

/// Session counts of one app.
#[derive(Debug, Clone)]
pub struct AppStatus {
    /// Name.
    pub name: String,
    /// Users (all owners) logged in.
    pub logged_in: u32,
    /// Users (all owners) logged out.
    pub logged_out: u32,
    /// Whether the backend answered its last request.
    pub backend_reachable: Option<bool>,
}

/// The sessions of one app.
struct AppSessions {
    backend: Arc<dyn Backend>,
    users: Mutex<AppUsers>,
}

/// Every session of every app.
pub struct SessionManager {
    apps: BTreeMap<String, AppSessions>,
    default_app: String,
    store: SessionStore,
}

impl std::fmt::Debug for SessionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionManager")
            .field("apps", &self.apps.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Wall-clock now in milliseconds since the Unix epoch.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn unix_seconds(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap_or(0))
}

fn unix_millis(millis: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

/// Default validity a caller asks of a token when it does not say.
pub const DEFAULT_MIN_VALID: Duration = Duration::from_secs(60);

impl SessionManager {
    /// Builds the manager from the store's contents. Records of apps no longer configured stay
    /// in the store untouched.
    ///
    /// # Errors
    /// The store cannot be read.
    pub fn new(
        backends: BTreeMap<String, Arc<dyn Backend>>,
        default_app: String,
        store: SessionStore,
    ) -> Result<Self, SessionError> {
        let snapshot = store.load()?;
        let mut apps = BTreeMap::new();
        for (name, backend) in backends {
            let mut users = AppUsers::default();
            for record in snapshot.users.iter().filter(|record| record.app == name) {
                users.insert(UserEntry::new(record.clone()));
            }
            for (uid, app, user_id) in &snapshot.current {
                if *app == name {
                    users.current.insert(*uid, user_id.clone());
                }
            }
            apps.insert(
                name,
                AppSessions {
                    backend,
                    users: Mutex::new(users),
                },
            );
        }
        Ok(Self {
            apps,
            default_app,
            store,
        })
    }

    fn app(&self, name: &str) -> Result<(&str, &AppSessions), SessionError> {
        let name = if name.is_empty() {
            self.default_app.as_str()
        } else {
            name
        };
        self.apps
            .get_key_value(name)
            .map(|(name, app)| (name.as_str(), app))
            .ok_or_else(|| SessionError::AppNotFound(name.to_owned()))
    }

    /// The configured apps.
    pub fn apps(&self) -> Vec<AppInfo> {
        self.apps
            .iter()
            .map(|(name, app)| AppInfo {
                name: name.clone(),
                kind: app.backend.kind(),
                providers: app.backend.accepts(),
                is_default: *name == self.default_app,
            })
            .collect()
    }

    /// Session counts per app, over every owner.
    pub async fn status(&self) -> Vec<AppStatus> {
        let mut out = Vec::new();
        for (name, app) in &self.apps {
            let users = app.users.lock().await;
            let count = |state| {
                let n = users
                    .entries
                    .iter()
                    .filter(|entry| entry.record.state == state)
                    .count();
                u32::try_from(n).unwrap_or(u32::MAX)
            };
            out.push(AppStatus {
                name: name.clone(),
                logged_in: count(StoredState::LoggedIn),
                logged_out: count(StoredState::LoggedOut),
                backend_reachable: app.backend.reachable(),
            });
        }
        out
    }

    /// Logs in and makes the user current (spec §3.4); anonymous logins without `new_user`
    /// reuse the caller's logged-in anonymous user without a request (spec §3.5).
    ///
    /// # Errors
    /// Unknown app, unsupported credential, backend refusal, store failure. When the profile
    /// fetch after a successful login fails, the user is stored logged in and current, and the
    /// profile error is returned (as realm-core does).
    pub async fn log_in(
        &self,
        caller: Caller,
        app_name: &str,
        credentials: Credentials,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        if !app.backend.accepts().contains(&credentials.kind()) {
            return Err(SessionError::ProviderNotSupported(credentials.kind()));
        }
        if let Credentials::Anonymous { new_user: false } = credentials {
            let mut users = app.users.lock().await;
            if let Some(user_id) = users.reusable_anonymous(caller.uid) {
                let changes = users.make_current(caller.uid, app_name, &user_id, now_ms());
                self.store.commit(changes).await?;
                return users.view(caller.uid, app_name, &user_id);
            }
        }
        let grant = app.backend.log_in(&credentials).await?;
        let mut tokens = grant.tokens;
        let profile = app.backend.profile(&tokens).await;
        let profile = match profile {
            Ok(authed) => {
                if let Some(access) = authed.new_access_token {
                    tokens.access = access;
                }
                Ok(authed.value)
            }
            Err(err) => Err(err),
        };
        let mut users = app.users.lock().await;
        let now = now_ms();
        let entry = users.upsert(caller.uid, app_name, &grant.user_id, now);
        entry.record.state = StoredState::LoggedIn;
        entry.record.provider_type = grant.provider_type;
        entry.record.device_id = grant.device_id;
        entry.set_tokens(Some(tokens));
        if let Ok(profile) = &profile {
            entry.record.identities = profile.identities.clone();
            entry.record.profile = profile.data.clone();
        }
        let mut changes = vec![Change::PutUser(Box::new(entry.record_for_disk()))];
        changes.extend(users.make_current(caller.uid, app_name, &grant.user_id, now));
        self.store.commit(changes).await?;
        profile?;
        users.view(caller.uid, app_name, &grant.user_id)
    }

    /// Adds an identity to a logged-in user (spec §3.6); the user becomes current.
    ///
    /// # Errors
    /// No such user, user logged out, anonymous credentials, backend refusal.
    pub async fn link(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
        credentials: Credentials,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        if matches!(credentials, Credentials::Anonymous { .. }) {
            return Err(SessionError::InvalidArgument(
                "anonymous credentials cannot be linked to an existing user".to_owned(),
            ));
        }
        if !app.backend.accepts().contains(&credentials.kind()) {
            return Err(SessionError::ProviderNotSupported(credentials.kind()));
        }
        let (user_id, mut tokens) = {
            let users = app.users.lock().await;
            let user_id = users.resolve(caller.uid, user_id)?;
            let tokens = users
                .get(caller.uid, &user_id)
                .and_then(UserEntry::tokens)
                .ok_or(SessionError::UserNotLoggedIn("the user is not logged in"))?;
            (user_id, tokens)
        };
        tokens.access = app.backend.link(&tokens, &credentials).await?;
        let profile = app.backend.profile(&tokens).await?;
        if let Some(access) = profile.new_access_token {
            tokens.access = access;
        }
        let mut users = app.users.lock().await;
        let now = now_ms();
        let entry = users
            .get_mut(caller.uid, &user_id)
            .filter(|entry| entry.holds_refresh_token(&tokens.refresh))
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the link",
            ))?;
        entry.set_tokens(Some(tokens));
        entry.record.identities = profile.value.identities;
        entry.record.profile = profile.value.data;
        let mut changes = vec![Change::PutUser(Box::new(entry.record_for_disk()))];
        changes.extend(users.make_current(caller.uid, app_name, &user_id, now));
        self.store.commit(changes).await?;
        users.view(caller.uid, app_name, &user_id)
    }

    /// Logs a user out (spec §4.2): tokens wiped locally first, an anonymous user removed, the
    /// current user falls back; then the refresh token is revoked at the backend, best effort
    /// (a failure is logged: the local logout stands). Logging out a logged-out user is a no-op.
    ///
    /// # Errors
    /// No such user or no current user; store failure.
    pub async fn log_out(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let mut users = app.users.lock().await;
        let user_id = users.resolve(caller.uid, user_id)?;
        let view = users.view(caller.uid, app_name, &user_id)?;
        let Some(tokens) = users.get(caller.uid, &user_id).and_then(UserEntry::tokens) else {
            return Ok(view);
        };
        let (changes, view) = users.end_session(caller.uid, app_name, &user_id)?;
        self.store.commit(changes).await?;
        drop(users);
        revoke(app.backend.as_ref(), &tokens.refresh).await;
        Ok(view)
    }

    /// The caller's current user of the app (spec §8.2).
    ///
    /// # Errors
    /// No current user.
    pub async fn current_user(
        &self,
        caller: Caller,
        app_name: &str,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let users = app.users.lock().await;
        let user_id = users.resolve(caller.uid, "")?;
        users.view(caller.uid, app_name, &user_id)
    }

    /// The caller's users that are not removed, per app in creation order; every app when
    /// `app_name` is empty.
    ///
    /// # Errors
    /// Unknown app.
    pub async fn list_users(
        &self,
        caller: Caller,
        app_name: &str,
    ) -> Result<Vec<UserView>, SessionError> {
        let names: Vec<&str> = if app_name.is_empty() {
            self.apps.keys().map(String::as_str).collect()
        } else {
            vec![self.app(app_name)?.0]
        };
        let mut out = Vec::new();
        for name in names {
            let (name, app) = self.app(name)?;
            let users = app.users.lock().await;
            for entry in users
                .entries
                .iter()
                .filter(|entry| entry.record.owner_uid == caller.uid)
            {
                out.push(users.view(caller.uid, name, &entry.record.user_id)?);
            }
        }
        Ok(out)
    }

    /// Makes a logged-in user current.
    ///
    /// # Errors
    /// No such user; user logged out.
    pub async fn switch_user(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        if user_id.is_empty() {
            return Err(SessionError::InvalidArgument(
                "user_id: name the user to switch to".to_owned(),
            ));
        }
        let mut users = app.users.lock().await;
        let entry = users
            .get(caller.uid, user_id)
            .ok_or(SessionError::UserNotFound)?;
        if entry.record.state != StoredState::LoggedIn {
            return Err(SessionError::UserNotLoggedIn(
                "cannot switch to a logged-out user",
            ));
        }
        let changes = users.make_current(caller.uid, app_name, user_id, now_ms());
        self.store.commit(changes).await?;
        users.view(caller.uid, app_name, user_id)
    }

    /// Forgets a user locally; a logged-in user is logged out at the backend first, best effort
    /// (spec §8.4).
    ///
    /// # Errors
    /// No such user; store failure.
    pub async fn remove_user(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let mut users = app.users.lock().await;
        let user_id = users.resolve(caller.uid, user_id)?;
        let tokens = users.get(caller.uid, &user_id).and_then(UserEntry::tokens);
        let (changes, view) = users.remove(caller.uid, app_name, &user_id)?;
        self.store.commit(changes).await?;
        drop(users);
        if let Some(tokens) = tokens {
            revoke(app.backend.as_ref(), &tokens.refresh).await;
        }
        Ok(view)
    }

    /// Deletes the user at the backend, then forgets them (spec §4.3). On failure nothing
    /// changes locally.
    ///
    /// # Errors
    /// No such user; user logged out; backend failure.
    pub async fn delete_user(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let (user_id, tokens) = {
            let users = app.users.lock().await;
            let user_id = users.resolve(caller.uid, user_id)?;
            let tokens = users
                .get(caller.uid, &user_id)
                .and_then(UserEntry::tokens)
                .ok_or(SessionError::UserNotLoggedIn(
                    "the user must be logged in to be deleted",
                ))?;
            (user_id, tokens)
        };
        app.backend.delete_user(&tokens).await?;
        let mut users = app.users.lock().await;
        let (changes, view) = users.remove(caller.uid, app_name, &user_id)?;
        self.store.commit(changes).await?;
        Ok(view)
    }

    /// An access token valid for at least `min_valid`, refreshed first when needed or when
    /// `force_refresh`. One refresh per session at a time: concurrent callers wait for it and
    /// share its result.
    ///
    /// # Errors
    /// No such user; logged out; `ReauthRequired` when the backend refuses the refresh token
    /// (the user is then logged out, an anonymous one removed); a backend error when the refresh
    /// fails and the cached token has expired.
    pub async fn access_token(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
        min_valid: Duration,
        force_refresh: bool,
    ) -> Result<AccessTokenView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let (user_id, refresh_lock, generation) = {
            let users = app.users.lock().await;
            let user_id = users.resolve(caller.uid, user_id)?;
            let entry = users
                .get(caller.uid, &user_id)
                .ok_or(SessionError::UserNotFound)?;
            if !force_refresh {
                if let Some(view) = entry.token_valid_for(app_name, min_valid) {
                    return Ok(view);
                }
            }
            (user_id, entry.refresh_lock.clone(), entry.generation)
        };
        // Single flight: whoever holds the lock refreshes; the others find a new generation.
        let _flight = refresh_lock.lock().await;
        let tokens = {
            let users = app.users.lock().await;
            let entry = users
                .get(caller.uid, &user_id)
                .ok_or(SessionError::UserNotFound)?;
            if entry.generation != generation {
                let wanted = if force_refresh {
                    Duration::ZERO
                } else {
                    min_valid
                };
                if let Some(view) = entry.token_valid_for(app_name, wanted) {
                    return Ok(view);
                }
            }
            entry
                .tokens()
                .ok_or(SessionError::UserNotLoggedIn("the user is not logged in"))?
        };
        match app.backend.refresh(&tokens.refresh).await {
            Ok(access) => {
                let mut users = app.users.lock().await;
                let entry = users
                    .get_mut(caller.uid, &user_id)
                    .filter(|entry| entry.holds_refresh_token(&tokens.refresh))
                    .ok_or(SessionError::UserNotLoggedIn(
                        "the user logged out during the refresh",
                    ))?;
                entry.set_tokens(Some(Tokens {
                    access,
                    refresh: tokens.refresh.clone(),
                }));
                let record = entry.record_for_disk();
                let view = entry
                    .token_valid_for(app_name, Duration::ZERO)
                    .ok_or_else(|| {
                        SessionError::Backend(BackendError::Malformed(
                            "the refreshed access token has already expired".to_owned(),
                        ))
                    });
                self.store
                    .commit(vec![Change::PutUser(Box::new(record))])
                    .await?;
                view
            }
            Err(err) if err.is_unauthorized() => {
                let mut users = app.users.lock().await;
                let still_ours = users
                    .get(caller.uid, &user_id)
                    .is_some_and(|entry| entry.holds_refresh_token(&tokens.refresh));
                if still_ours {
                    let (changes, _) = users.end_session(caller.uid, app_name, &user_id)?;
                    self.store.commit(changes).await?;
                }
                Err(SessionError::ReauthRequired(err.to_string()))
            }
            Err(err) if err.is_transient() => {
                let users = app.users.lock().await;
                match users
                    .get(caller.uid, &user_id)
                    .and_then(|entry| entry.token_valid_for(app_name, Duration::ZERO))
                {
                    Some(mut view) => {
                        view.stale = true;
                        Ok(view)
                    }
                    None => Err(err.into()),
                }
            }
            Err(err) => Err(err.into()),
        }
    }

    /// Fetches again, after a restart, the profiles whose memory-only keys (Facebook picture
    /// URLs) were not written to disk. Best effort: a failure is logged and the profile stays as
    /// stored.
    pub async fn reload_memory_only_profiles(&self) {
        for app in self.apps.values() {
            let targets: Vec<(u32, String, Tokens)> = {
                let users = app.users.lock().await;
                users
                    .entries
                    .iter()
                    .filter(|entry| entry.has_memory_only_profile())
                    .filter_map(|entry| {
                        let tokens = entry.tokens()?;
                        Some((entry.record.owner_uid, entry.record.user_id.clone(), tokens))
                    })
                    .collect()
            };
            for (uid, user_id, mut tokens) in targets {
                let profile = match app.backend.profile(&tokens).await {
                    Ok(profile) => profile,
                    Err(err) => {
                        tracing::warn!(user = %user_id, error = %err, "cannot reload the profile");
                        continue;
                    }
                };
                let mut users = app.users.lock().await;
                let Some(entry) = users
                    .get_mut(uid, &user_id)
                    .filter(|entry| entry.holds_refresh_token(&tokens.refresh))
                else {
                    continue;
                };
                if let Some(access) = profile.new_access_token {
                    tokens.access = access;
                    entry.set_tokens(Some(tokens));
                }
                entry.record.identities = profile.value.identities;
                entry.record.profile = profile.value.data;
                let record = entry.record_for_disk();
                if let Err(err) = self
                    .store
                    .commit(vec![Change::PutUser(Box::new(record))])
                    .await
                {
                    tracing::warn!(user = %user_id, error = %err, "cannot store the reloaded profile");
                }
            }
        }
    }

    /// Refreshes the access token now (which refreshes custom data) and returns the user.
    ///
    /// # Errors
    /// As [`SessionManager::access_token`].
    pub async fn refresh_user(
        &self,
        caller: Caller,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let token = self
            .access_token(caller, app_name, user_id, Duration::ZERO, true)
            .await?;
        let (app_name, app) = self.app(app_name)?;
        let users = app.users.lock().await;
        users.view(caller.uid, app_name, &token.user_id)
    }
}

/// Revokes a refresh token at the backend after a local logout; the local change stands either
/// way, so a failure is only logged.
async fn revoke(backend: &dyn Backend, refresh: &Secret) {
    if let Err(err) = backend.log_out(refresh).await {
        tracing::warn!(error = %err, "logged out locally; the backend did not confirm the logout");
    }
}

fn view_of(entry: &UserEntry, app: &str, is_current: bool) -> UserView {
    let record = &entry.record;
    let access = record
        .access_token
        .as_ref()
        .and_then(|token| jwt::decode_unverified(token.expose()).ok());
    let refresh = record
        .refresh_token
        .as_ref()
        .and_then(|token| jwt::decode_unverified(token.expose()).ok());
    UserView {
        app: app.to_owned(),
        id: record.user_id.clone(),
        state: match record.state {
            StoredState::LoggedIn => UserState::LoggedIn,
            StoredState::LoggedOut => UserState::LoggedOut,
        },
        is_current,
        is_anonymous: record.state == StoredState::LoggedIn && entry.is_anonymous_identity(),
        provider_type: record.provider_type.clone(),
        identities: record.identities.clone(),
        profile: record.profile.clone(),
        custom_data: access.as_ref().and_then(|claims| claims.user_data.clone()),
        device_id: record.device_id.clone(),
        access_token_expires_at: access.map(|claims| unix_seconds(claims.exp)),
        refresh_token_expires_at: refresh.map(|claims| unix_seconds(claims.exp)),
        owner_uid: record.owner_uid,
        created_at: unix_millis(record.created_at_ms),
        last_used_at: unix_millis(record.last_used_at_ms),
    }
}

fn new_record(owner_uid: u32, app: &str, user_id: &str, now: i64, order: u64) -> UserRecord {
    UserRecord {
        owner_uid,
        app: app.to_owned(),
        user_id: user_id.to_owned(),
        state: StoredState::LoggedOut,
        provider_type: String::new(),
        access_token: None,
        refresh_token: None,
        device_id: String::new(),
        identities: Vec::new(),
        profile: Map::new(),
        created_at_ms: now,
        last_used_at_ms: now,
        order,
    }
}
