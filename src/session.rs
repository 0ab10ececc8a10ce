//! Sessions: every user of every app and OS uid, the current-user rules of spec §8, logins,
//! logouts, links, access tokens refreshed before they expire (one refresh per session at a
//! time), and the events that report every change.
//!
//! Owns the in-memory view of the store and keeps the two in step: every change is committed to
//! the store before the caller is answered. Never sees gRPC types; never logs token material;
//! events never carry tokens.

mod accounts;
mod events;
mod refresh;
mod schedule;
mod users;
mod watch;
pub use watch::WatchFilter;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};
use tokio::sync::Mutex;

use crate::backend::{Backend, BackendError, Credentials, Identity, Tokens};
use crate::config::{Limits, RefreshPolicy};
use crate::secret::Secret;
use crate::store::{Change, SessionStore, StoreError, StoredState, UserRecord};
use events::EventBus;
pub use events::{EventKind, SessionEvent};
use schedule::{Job, Schedule, SessionKey};
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
    /// A per-uid limit of the configuration (`[limits]`) is reached.
    #[error("{0}")]
    LimitReached(String),
    /// The operation is not for anonymous users (API keys).
    #[error("anonymous users cannot have API keys; link another identity first")]
    AnonymousUser,
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
    policy: RefreshPolicy,
    /// Shared with this app's replacement when a reload changes its settings, so in-flight
    /// operations on the old one land in the same place.
    users: Arc<Mutex<AppUsers>>,
    /// Backend reachability last reported in a `backend_status` event (0 = never).
    reported_reachable: AtomicU8,
}

/// Every configured app's backend and refresh policy, by app name.
pub type AppBackends = BTreeMap<String, (Arc<dyn Backend>, RefreshPolicy)>;

/// Refreshes running at once, at most: a burst of due sessions must not flood the backend.
const REFRESH_SLOTS: usize = 32;

/// Every session of every app.
pub struct SessionManager {
    /// The configured apps; replaced as a whole by [`SessionManager::reconfigure`].
    table: std::sync::RwLock<Arc<AppTable>>,
    store: SessionStore,
    events: EventBus,
    schedule: Schedule,
    refresh_slots: tokio::sync::Semaphore,
    limits: Limits,
    /// Open `WatchEvents` streams per uid.
    subscribers: std::sync::Mutex<std::collections::HashMap<u32, usize>>,
}

/// The apps and which one is the default.
struct AppTable {
    apps: BTreeMap<String, Arc<AppSessions>>,
    default_app: String,
}

impl std::fmt::Debug for SessionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionManager")
            .field("apps", &self.table().apps.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// The users of app `name` as stored.
fn stored_users(snapshot: &crate::store::Snapshot, name: &str) -> AppUsers {
    let mut users = AppUsers::default();
    for record in snapshot.users.iter().filter(|record| record.app == name) {
        users.insert(UserEntry::new(record.clone()));
    }
    for (uid, app, user_id) in &snapshot.current {
        if app == name {
            users.current.insert(*uid, user_id.clone());
        }
    }
    users
}

/// Wall-clock now in milliseconds since the Unix epoch.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
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
        backends: AppBackends,
        default_app: String,
        store: SessionStore,
    ) -> Result<Self, SessionError> {
        let snapshot = store.load()?;
        let mut apps = BTreeMap::new();
        for (name, (backend, policy)) in backends {
            let users = stored_users(&snapshot, &name);
            apps.insert(
                name,
                Arc::new(AppSessions {
                    backend,
                    policy,
                    users: Arc::new(Mutex::new(users)),
                    reported_reachable: AtomicU8::new(0),
                }),
            );
        }
        let manager = Self {
            table: std::sync::RwLock::new(Arc::new(AppTable { apps, default_app })),
            store,
            events: EventBus::new(),
            schedule: Schedule::default(),
            refresh_slots: tokio::sync::Semaphore::new(REFRESH_SLOTS),
            limits: Limits::default(),
            subscribers: std::sync::Mutex::new(std::collections::HashMap::new()),
        };
        for (name, app) in &manager.table().apps {
            // Not yet shared: the lock is free.
            if let Ok(users) = app.users.try_lock() {
                for entry in &users.entries {
                    manager.schedule_session(name, &app.policy, entry);
                }
            }
        }
        Ok(manager)
    }

    /// The same manager with these per-uid limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Schedules a logged-in session's next refresh and its refresh-token expiry warning.
    fn schedule_session(&self, app: &str, policy: &RefreshPolicy, entry: &UserEntry) {
        let key = session_key(app, entry.record.owner_uid, &entry.record.user_id);
        let Some(access) = entry.access.filter(|_| entry.tokens().is_some()) else {
            self.schedule.cancel(&key);
            return;
        };
        // The point is taken on the lifetime that is surely usable (lifetime less the expiry
        // margin), so that short-lived tokens are refreshed before callers stop getting them.
        let usable_ms = access.expires_ms - access.received_ms;
        let spread = policy.jitter * (rand::random::<f64>() * 2.0 - 1.0);
        #[expect(
            clippy::cast_possible_truncation,
            reason = "milliseconds of a token lifetime"
        )]
        let offset = (usable_ms as f64 * (policy.refresh_at + spread)) as i64;
        self.schedule
            .set(&key, Job::Refresh, access.received_ms + offset);
        if let Some(refresh) = entry.refresh_timing().filter(|_| !entry.warned) {
            let lead = i64::try_from(policy.expiry_warning.as_millis()).unwrap_or(i64::MAX);
            self.schedule.set(
                &key,
                Job::ExpiryWarning,
                refresh.expires_ms.saturating_sub(lead),
            );
        }
    }

    fn publish(&self, uid: u32, app: &str, user_id: &str, kind: EventKind) {
        self.events.publish(Some(uid), app, user_id, kind);
    }

    /// Publishes `current_user_changed` if the owner's current user is no longer `before`.
    fn publish_current_change(
        &self,
        uid: u32,
        app: &str,
        users: &AppUsers,
        before: Option<String>,
    ) {
        let after = users.current_of(uid);
        if before.as_deref() != after {
            self.publish(
                uid,
                app,
                after.unwrap_or_default(),
                EventKind::CurrentUserChanged {
                    previous_user_id: before.unwrap_or_default(),
                },
            );
        }
    }

    /// Publishes `backend_status` when the backend's reachability differs from the last report.
    fn note_reachability(&self, app_name: &str, app: &AppSessions) {
        let now = match app.backend.reachable() {
            Some(true) => 1,
            Some(false) => 2,
            None => return,
        };
        if app.reported_reachable.swap(now, Ordering::Relaxed) != now {
            self.events.publish(
                None,
                app_name,
                "",
                EventKind::BackendStatus {
                    reachable: now == 1,
                },
            );
        }
    }

    fn table(&self) -> Arc<AppTable> {
        self.table
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn app(&self, name: &str) -> Result<(String, Arc<AppSessions>), SessionError> {
        let table = self.table();
        let name = if name.is_empty() {
            table.default_app.as_str()
        } else {
            name
        };
        table
            .apps
            .get_key_value(name)
            .map(|(name, app)| (name.clone(), app.clone()))
            .ok_or_else(|| SessionError::AppNotFound(name.to_owned()))
    }

    /// The backend of a configured app, to keep it across a reload that leaves the app alone.
    pub fn backend_of(&self, name: &str) -> Option<Arc<dyn Backend>> {
        self.table().apps.get(name).map(|app| app.backend.clone())
    }

    /// Replaces the configured apps (SIGHUP): apps that stay keep their users and sessions,
    /// even when their settings change; new apps load theirs from the store; removed apps'
    /// sessions stay in the store, untouched.
    ///
    /// # Errors
    /// The store cannot be read.
    pub async fn reconfigure(
        &self,
        backends: AppBackends,
        default_app: String,
    ) -> Result<(), SessionError> {
        let old = self.table();
        let snapshot = self.store.load()?;
        let mut apps = BTreeMap::new();
        for (name, (backend, policy)) in backends {
            let users = match old.apps.get(&name) {
                Some(existing) => existing.users.clone(),
                None => Arc::new(Mutex::new(stored_users(&snapshot, &name))),
            };
            let app = Arc::new(AppSessions {
                backend,
                policy,
                users,
                reported_reachable: AtomicU8::new(0),
            });
            {
                let users = app.users.lock().await;
                for entry in &users.entries {
                    self.schedule_session(&name, &app.policy, entry);
                }
            }
            apps.insert(name, app);
        }
        *self
            .table
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Arc::new(AppTable { apps, default_app });
        Ok(())
    }

    /// The configured apps.
    pub fn apps(&self) -> Vec<AppInfo> {
        let table = self.table();
        table
            .apps
            .iter()
            .map(|(name, app)| AppInfo {
                name: name.clone(),
                kind: app.backend.kind(),
                providers: app.backend.accepts(),
                is_default: *name == table.default_app,
            })
            .collect()
    }

    /// Session counts per app, over every owner.
    pub async fn status(&self) -> Vec<AppStatus> {
        let mut out = Vec::new();
        for (name, app) in &self.table().apps {
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        if !app.backend.accepts().contains(&credentials.kind()) {
            return Err(SessionError::ProviderNotSupported(credentials.kind()));
        }
        if let Credentials::Anonymous { new_user: false } = credentials {
            let mut users = app.users.lock().await;
            if let Some(user_id) = users.reusable_anonymous(caller.uid) {
                let before = users.current_of(caller.uid).map(str::to_owned);
                let changes = users.make_current(caller.uid, app_name, &user_id, now_ms());
                self.store.commit(changes).await?;
                let view = users.view(caller.uid, app_name, &user_id)?;
                self.publish(
                    caller.uid,
                    app_name,
                    &user_id,
                    EventKind::LoggedIn(Box::new(view.clone())),
                );
                self.publish_current_change(caller.uid, app_name, &users, before);
                return Ok(view);
            }
        }
        let grant = app.backend.log_in(&credentials).await;
        self.note_reachability(app_name, app);
        let grant = grant?;
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
        let owned = users
            .entries
            .iter()
            .filter(|entry| entry.record.owner_uid == caller.uid)
            .count();
        if users.get(caller.uid, &grant.user_id).is_none()
            && owned >= self.limits.max_sessions_per_uid
        {
            drop(users);
            // The backend session exists but will not be kept: end it there too.
            revoke(app.backend.as_ref(), &tokens.refresh).await;
            return Err(SessionError::LimitReached(format!(
                "uid {} already has {owned} users of app {app_name} (limits.max_sessions_per_uid)",
                caller.uid
            )));
        }
        let before = users.current_of(caller.uid).map(str::to_owned);
        let now = now_ms();
        let entry = users.upsert(caller.uid, app_name, &grant.user_id, now);
        entry.record.state = StoredState::LoggedIn;
        entry.record.provider_type = grant.provider_type;
        entry.record.device_id = grant.device_id;
        entry.set_tokens(Some(tokens), now);
        if let Ok(profile) = &profile {
            entry.record.identities = profile.identities.clone();
            entry.record.profile = profile.data.clone();
        }
        self.schedule_session(app_name, &app.policy, entry);
        let mut changes = vec![Change::PutUser(Box::new(entry.record_for_disk()))];
        changes.extend(users.make_current(caller.uid, app_name, &grant.user_id, now));
        self.store.commit(changes).await?;
        let view = users.view(caller.uid, app_name, &grant.user_id)?;
        self.publish(
            caller.uid,
            app_name,
            &grant.user_id,
            EventKind::LoggedIn(Box::new(view.clone())),
        );
        self.publish_current_change(caller.uid, app_name, &users, before);
        profile?;
        Ok(view)
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
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
            let (user_id, _, tokens) = users.logged_in(caller.uid, user_id)?;
            (user_id, tokens)
        };
        let linked = app.backend.link(&tokens, &credentials).await;
        self.note_reachability(app_name, app);
        tokens.access = linked?;
        let profile = app.backend.profile(&tokens).await?;
        if let Some(access) = profile.new_access_token {
            tokens.access = access;
        }
        let mut users = app.users.lock().await;
        let before = users.current_of(caller.uid).map(str::to_owned);
        let now = now_ms();
        let entry = users
            .get_mut(caller.uid, &user_id)
            .filter(|entry| entry.holds_refresh_token(&tokens.refresh))
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the link",
            ))?;
        entry.set_tokens(Some(tokens), now);
        entry.record.identities = profile.value.identities;
        entry.record.profile = profile.value.data;
        self.schedule_session(app_name, &app.policy, entry);
        let mut changes = vec![Change::PutUser(Box::new(entry.record_for_disk()))];
        changes.extend(users.make_current(caller.uid, app_name, &user_id, now));
        self.store.commit(changes).await?;
        let view = users.view(caller.uid, app_name, &user_id)?;
        self.publish(
            caller.uid,
            app_name,
            &user_id,
            EventKind::ProfileUpdated(Box::new(view.clone())),
        );
        self.publish_current_change(caller.uid, app_name, &users, before);
        Ok(view)
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        let mut users = app.users.lock().await;
        let user_id = users.resolve(caller.uid, user_id)?;
        let view = users.view(caller.uid, app_name, &user_id)?;
        let Some(tokens) = users.get(caller.uid, &user_id).and_then(UserEntry::tokens) else {
            return Ok(view);
        };
        let before = users.current_of(caller.uid).map(str::to_owned);
        let (changes, view) = users.end_session(caller.uid, app_name, &user_id)?;
        self.store.commit(changes).await?;
        self.schedule
            .cancel(&session_key(app_name, caller.uid, &user_id));
        self.publish_ended(caller.uid, app_name, &view, "requested", "anonymous_logout");
        self.publish_current_change(caller.uid, app_name, &users, before);
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
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
        self.list(app_name, Some(caller.uid)).await
    }

    /// Every owner's users that are not removed (for uid 0's `all_owners`), per app in creation
    /// order; every app when `app_name` is empty.
    ///
    /// # Errors
    /// Unknown app.
    pub async fn list_all_users(&self, app_name: &str) -> Result<Vec<UserView>, SessionError> {
        self.list(app_name, None).await
    }

    /// The users of `owner` (every owner when `None`).
    async fn list(
        &self,
        app_name: &str,
        owner: Option<u32>,
    ) -> Result<Vec<UserView>, SessionError> {
        let apps: Vec<(String, Arc<AppSessions>)> = if app_name.is_empty() {
            self.table()
                .apps
                .iter()
                .map(|(name, app)| (name.clone(), app.clone()))
                .collect()
        } else {
            vec![self.app(app_name)?]
        };
        let mut out = Vec::new();
        for (name, app) in &apps {
            let users = app.users.lock().await;
            for entry in users
                .entries
                .iter()
                .filter(|entry| owner.is_none_or(|uid| entry.record.owner_uid == uid))
            {
                out.push(users.view(entry.record.owner_uid, name, &entry.record.user_id)?);
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
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
        let before = users.current_of(caller.uid).map(str::to_owned);
        let changes = users.make_current(caller.uid, app_name, user_id, now_ms());
        self.store.commit(changes).await?;
        self.publish_current_change(caller.uid, app_name, &users, before);
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        let mut users = app.users.lock().await;
        let user_id = users.resolve(caller.uid, user_id)?;
        let tokens = users.get(caller.uid, &user_id).and_then(UserEntry::tokens);
        let before = users.current_of(caller.uid).map(str::to_owned);
        let (changes, view) = users.remove(caller.uid, app_name, &user_id)?;
        self.store.commit(changes).await?;
        self.schedule
            .cancel(&session_key(app_name, caller.uid, &user_id));
        if tokens.is_some() {
            self.publish(
                caller.uid,
                app_name,
                &user_id,
                EventKind::LoggedOut {
                    reason: "removed".to_owned(),
                },
            );
        }
        self.publish(
            caller.uid,
            app_name,
            &user_id,
            EventKind::UserRemoved {
                reason: "removed".to_owned(),
            },
        );
        self.publish_current_change(caller.uid, app_name, &users, before);
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
        let (app_name, app) = (app_name.as_str(), app.as_ref());
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
        let deleted = app.backend.delete_user(&tokens).await;
        self.note_reachability(app_name, app);
        deleted?;
        let mut users = app.users.lock().await;
        let before = users.current_of(caller.uid).map(str::to_owned);
        let (changes, view) = users.remove(caller.uid, app_name, &user_id)?;
        self.store.commit(changes).await?;
        self.schedule
            .cancel(&session_key(app_name, caller.uid, &user_id));
        self.publish(
            caller.uid,
            app_name,
            &user_id,
            EventKind::UserRemoved {
                reason: "deleted".to_owned(),
            },
        );
        self.publish_current_change(caller.uid, app_name, &users, before);
        Ok(view)
    }

    /// Fetches again, after a restart, the profiles whose memory-only keys (Facebook picture
    /// URLs) were not written to disk. Best effort: a failure is logged and the profile stays as
    /// stored.
    pub async fn reload_memory_only_profiles(&self) {
        for (app_name, app) in &self.table().apps {
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
                    entry.set_tokens(Some(tokens), now_ms());
                    self.schedule_session(app_name, &app.policy, entry);
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
                if let Ok(view) = users.view(uid, app_name, &user_id) {
                    self.publish(
                        uid,
                        app_name,
                        &user_id,
                        EventKind::ProfileUpdated(Box::new(view)),
                    );
                }
            }
        }
    }
}

fn session_key(app: &str, uid: u32, user_id: &str) -> SessionKey {
    SessionKey {
        app: app.to_owned(),
        uid,
        user_id: user_id.to_owned(),
    }
}

impl SessionManager {
    /// Publishes the end of a session: `logged_out`, and `user_removed` when the user is gone.
    fn publish_ended(
        &self,
        uid: u32,
        app: &str,
        view: &UserView,
        reason: &str,
        removed_reason: &str,
    ) {
        self.publish(
            uid,
            app,
            &view.id,
            EventKind::LoggedOut {
                reason: reason.to_owned(),
            },
        );
        if view.state == UserState::Removed {
            self.publish(
                uid,
                app,
                &view.id,
                EventKind::UserRemoved {
                    reason: removed_reason.to_owned(),
                },
            );
        }
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
    let custom_data = record
        .access_token
        .as_ref()
        .and_then(|token| crate::jwt::decode_unverified(token.expose()).ok())
        .and_then(|claims| claims.user_data);
    let logged_in = record.state == StoredState::LoggedIn;
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
        custom_data,
        device_id: record.device_id.clone(),
        access_token_expires_at: entry
            .access
            .filter(|_| logged_in)
            .map(|timing| unix_millis(timing.expires_ms)),
        refresh_token_expires_at: entry
            .refresh_timing()
            .filter(|_| logged_in)
            .map(|timing| unix_millis(timing.expires_ms)),
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
        access_received_at_ms: None,
        refresh_received_at_ms: None,
        expired: false,
    }
}
