//! Sessions: every user of every app and OS uid, the current-user rules of spec §8, the per-uid
//! policy, the one refresh path, the refresh scheduler and the events that report every change.
//!
//! [`Sessions`] composes parts with one job each: [`apps`] (the app table and its reload),
//! [`users`] (pure bookkeeping: each step returns the [`Effects`] it has), [`operations`] (log in,
//! link, log out, switch, remove, delete), [`refresh`] (the one refresh path, single flight per
//! session, backoff shared by every trigger), [`scheduler`] (deadlines on the injected clock),
//! [`events`] and [`watch`] (the event log and its subscriptions), [`policy`] (every per-uid
//! rule). Effects are applied in one place, [`Sessions::apply`]: committed to the store, then
//! scheduled, then published.
//!
//! Never sees gRPC types, never decodes a token and never names a backend's provider strings:
//! what it needs to know of a backend's protocol comes typed from [`crate::backend`]. Never logs
//! token material; events never carry tokens.

mod apps;
mod effects;
mod events;
mod operations;
mod policy;
mod refresh;
mod scheduler;
#[cfg(test)]
mod tests;
mod users;
mod watch;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Map, Value};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::backend::{Backend, BackendError, CredentialKind, Identity};
use crate::clock::SharedClock;
use crate::config::RefreshPolicy;
use crate::metrics::{AppGauges, Metrics};
use crate::secret::Secret;
use crate::store::{SessionStore, Snapshot, StoreError};
use apps::{App, Apps};
use effects::Effects;
use events::EventBus;
pub(crate) use events::SessionEvent;
pub(crate) use events::{EventKind, ExpiryReason};
pub(crate) use operations::Ending;
use policy::Policy;
pub(crate) use policy::Rules;
use scheduler::RefreshScheduler;
use users::{AppUsers, Writing};
pub(crate) use watch::WatchFilter;

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

/// One app as the daemon configures it.
#[derive(Clone)]
pub(crate) struct AppSetup {
    pub backend: Arc<dyn Backend>,
    pub refresh: RefreshPolicy,
}

/// Everything [`Sessions`] is built from, and rebuilt from on SIGHUP.
#[derive(Clone)]
pub(crate) struct Setup {
    pub apps: BTreeMap<String, AppSetup>,
    /// The app that requests with an empty `app` go to.
    pub default_app: String,
    pub rules: Rules,
}

/// Default validity a caller asks of a token when it does not say.
pub(crate) const DEFAULT_MIN_VALID: Duration = Duration::from_secs(60);

/// Every session of every app, and the parts that keep them.
pub(crate) struct Sessions {
    apps: Apps,
    store: SessionStore,
    events: EventBus,
    scheduler: RefreshScheduler,
    policy: Policy,
    clock: SharedClock,
    /// Background work (the scheduler, profile reloads, event feeders), awaited on shutdown.
    tasks: TaskTracker,
    /// Stops every background task.
    shutdown: CancellationToken,
    /// Counters of logins and refreshes (and, through [`Self::metrics`], of RPCs).
    metrics: Arc<Metrics>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("apps", &self.apps.names())
            .finish_non_exhaustive()
    }
}

impl Sessions {
    /// Builds the sessions from the store's contents and schedules their refreshes. Records of
    /// apps not configured stay in the store untouched.
    ///
    /// # Errors
    /// The store cannot be read.
    pub(crate) fn new(
        setup: Setup,
        store: SessionStore,
        clock: SharedClock,
    ) -> Result<Arc<Self>, SessionError> {
        let started = tokio::time::Instant::now();
        let snapshot = store.load()?;
        let records = snapshot.users.len();
        let read = started.elapsed();
        let apps = Apps::new(setup.apps, setup.default_app, snapshot);
        let sessions = Arc::new(Self {
            apps,
            store,
            events: EventBus::new(clock.clone()),
            scheduler: RefreshScheduler::new(clock.clone()),
            policy: Policy::new(setup.rules),
            clock,
            tasks: TaskTracker::new(),
            shutdown: CancellationToken::new(),
            metrics: Arc::new(Metrics::new()),
        });
        for app in sessions.apps.all() {
            sessions.schedule_all(&app, &app.users.read());
        }
        tracing::debug!(
            records,
            read_ms = read.as_millis(),
            ready_ms = started.elapsed().as_millis(),
            "sessions loaded"
        );
        Ok(sessions)
    }

    /// Starts the background work: the refresh scheduler, and a fetch of the profiles whose
    /// memory-only keys were not written to disk.
    pub(crate) fn start(self: &Arc<Self>) {
        let sessions = self.clone();
        let shutdown = self.shutdown.clone();
        self.tasks.spawn(async move {
            // A slow backend must not hold the shutdown for a request timeout.
            tokio::select! {
                () = sessions.reload_memory_only_profiles() => {}
                () = shutdown.cancelled() => {}
            }
        });
        for app in self.apps.all() {
            let (sessions, shutdown) = (self.clone(), self.shutdown.clone());
            self.tasks.spawn(async move {
                let warm_up = async {
                    app.backend.warm_up().await;
                    Ok::<(), BackendError>(())
                };
                tokio::select! {
                    _ = sessions.backend_call(&app, warm_up) => {}
                    () = shutdown.cancelled() => {}
                }
            });
        }
        let sessions = self.clone();
        let shutdown = self.shutdown.clone();
        self.tasks.spawn(async move {
            let due = sessions.clone();
            sessions
                .scheduler
                .run(shutdown, move |key, job| {
                    let sessions = due.clone();
                    async move { sessions.run_job(key, job).await }
                })
                .await;
        });
    }

    /// Stops the background work and waits for it.
    pub(crate) async fn shut_down(&self) {
        self.shutdown.cancel();
        self.tasks.close();
        self.tasks.wait().await;
    }

    /// Replaces the configured apps and the policy (SIGHUP): apps that stay keep their users and
    /// sessions, even when their settings change; new apps load theirs from the store; removed
    /// apps' sessions stay in the store, untouched.
    ///
    /// # Errors
    /// The store cannot be read; the running configuration then stays.
    pub(crate) async fn reconfigure(&self, setup: Setup) -> Result<(), SessionError> {
        // Only an app new to the running daemon has users to read (and unseal) from the store.
        let snapshot = if setup.apps.keys().all(|name| self.apps.contains(name)) {
            Snapshot::default()
        } else {
            self.store.load()?
        };
        for app in self.apps.replace(setup.apps, setup.default_app, snapshot) {
            self.schedule_all(&app, &app.users.read());
        }
        self.policy.replace(setup.rules);
        Ok(())
    }

    /// The backend of a configured app, to keep it across a reload that leaves the app alone.
    pub(crate) fn backend_of(&self, name: &str) -> Option<Arc<dyn Backend>> {
        self.apps.get(name).ok().map(|app| app.backend.clone())
    }

    /// The limits in force (they follow a reload).
    pub(crate) fn limits(&self) -> crate::config::Limits {
        self.policy.limits()
    }

    /// Whether `[access]` lets the caller use the daemon at all.
    ///
    /// # Errors
    /// [`SessionError::AccessDenied`].
    pub(crate) fn admit(&self, caller: &Caller) -> Result<(), SessionError> {
        self.policy.admit(caller)
    }

    /// The configured apps.
    pub(crate) fn apps(&self) -> Vec<AppInfo> {
        let default = self.apps.default_name();
        self.apps
            .all()
            .iter()
            .map(|app| AppInfo {
                name: app.name.clone(),
                kind: app.backend.kind(),
                accepts: app.backend.accepts().to_vec(),
                is_default: app.name == default,
                location: app.backend.location().to_owned(),
            })
            .collect()
    }

    /// The daemon's metrics.
    pub(crate) fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// The metrics in the OpenMetrics text format, with the gauges read now.
    pub(crate) async fn scrape(&self) -> String {
        let now = self.clock.now_ms();
        let seconds_until = |at: i64| at.saturating_sub(now) / 1000;
        let mut apps = Vec::new();
        for app in self.apps.all() {
            let (logged_in, logged_out, access, refresh) = {
                let users = app.users.read();
                let (logged_in, logged_out) = users.counts(None);
                let (access, refresh) = users.earliest_expiries();
                (logged_in, logged_out, access, refresh)
            };
            apps.push(AppGauges {
                app: app.name.clone(),
                logged_in,
                logged_out,
                backend_reachable: app.backend.reachable(),
                access_expiry_in: access.map(seconds_until),
                refresh_expiry_in: refresh.map(seconds_until),
            });
        }
        self.metrics.encode(&apps, self.events.subscribers())
    }

    /// Session counts per app, over every owner.
    pub(crate) async fn status(&self, caller: &Caller) -> Vec<AppStatus> {
        // Another uid's activity is none of the caller's business: uid 0 sees every owner's.
        let owner = (caller.uid != 0).then_some(caller.uid);
        let mut out = Vec::new();
        for app in self.apps.all() {
            let (logged_in, logged_out) = app.users.read().counts(owner);
            out.push(AppStatus {
                name: app.name.clone(),
                logged_in,
                logged_out,
                backend_reachable: app.backend.reachable(),
            });
        }
        out
    }

    /// Applies what a bookkeeping step changed, in the one order that keeps every reader right:
    /// committed to the store first (a caller is answered only after), then the schedule, then
    /// the events. Called during the writer's turn on the app's users, so that commits and
    /// events come out in the order the changes were made; no lock that a reader takes is held
    /// meanwhile.
    ///
    /// A commit that fails leaves memory ahead of the disk (the step already changed it): the
    /// app's users are then read back from the store, so that nothing the caller was told failed
    /// lives on until a restart.
    async fn apply(
        &self,
        app: &App,
        users: &mut Writing<'_>,
        effects: Effects,
    ) -> Result<(), SessionError> {
        let Effects {
            changes,
            durable,
            schedule,
            events,
        } = effects;
        if !changes.is_empty() {
            let committed = if durable {
                self.store.commit(changes).await
            } else {
                self.store.commit_lazily(changes).await
            };
            if let Err(err) = committed {
                self.resync(app, users).await;
                return Err(err.into());
            }
        }
        for change in schedule {
            self.scheduler.apply(change, &app.refresh);
        }
        for (uid, user_id, kind) in events {
            self.events.publish(Some(uid), &app.name, &user_id, kind);
        }
        Ok(())
    }

    /// Replaces the app's users in memory with what the store holds, after a failed commit. When
    /// the store cannot even be read (a disk gone read-only before the database could be opened
    /// again), memory stays as it is and is logged as ahead of the disk.
    async fn resync(&self, app: &App, users: &mut Writing<'_>) {
        let store = self.store.clone();
        match tokio::task::spawn_blocking(move || store.load()).await {
            Ok(Ok(mut snapshot)) => {
                let loaded = AppUsers::load(&app.name, app.backend.as_ref(), &mut snapshot);
                let plan = users.with(|users| {
                    *users = loaded;
                    users.plan_all()
                });
                for change in plan {
                    self.scheduler.apply(change, &app.refresh);
                }
                tracing::info!(app = %app.name, "users read back from the store after a failed commit");
            }
            Ok(Err(err)) => {
                tracing::warn!(app = %app.name, error = %err, "the store cannot be read back after a failed commit; memory is ahead of the disk until it can");
            }
            Err(err) => {
                tracing::warn!(app = %app.name, error = %err, "reading the store back failed")
            }
        }
    }

    /// Runs one bookkeeping step on the app's users and applies its effects; returns the step's
    /// answer.
    async fn step<T>(
        &self,
        app: &App,
        step: impl FnOnce(&mut AppUsers) -> Result<(Effects, T), SessionError>,
    ) -> Result<T, SessionError> {
        let mut users = app.users.writing().await;
        let (effects, answer) = users.with(step)?;
        self.apply(app, &mut users, effects).await?;
        Ok(answer)
    }

    /// Runs one backend call and reports a change of the backend's reachability
    /// (`backend_status`).
    async fn backend_call<T>(
        &self,
        app: &App,
        call: impl Future<Output = Result<T, BackendError>>,
    ) -> Result<T, BackendError> {
        let result = call.await;
        if let Some(reachable) = app.reachability_changed() {
            self.events
                .publish(None, &app.name, "", EventKind::BackendStatus { reachable });
        }
        result
    }

    /// Schedules every logged-in session of an app (at start-up and after a reload, when its
    /// refresh policy may have changed).
    fn schedule_all(&self, app: &App, users: &AppUsers) {
        for change in users.plan_all() {
            self.scheduler.apply(change, &app.refresh);
        }
    }
}
