//! Sessions: every user of every app and OS uid, the current-user rules of spec §8, the per-uid
//! policy, the one refresh path, the refresh scheduler and the events that report every change.
//!
//! [`Sessions`] is a façade over [`core`] (the apps and their users, the store, the event bus,
//! the scheduler, the policy, the clock and the background tasks, and the one place where the
//! [`effects`] of a bookkeeping step are applied: committed to the store, then scheduled, then
//! published). Its operations are three types on the core, each in its file: `Operations` in
//! [`operations`] (log in, link, log out, switch, remove, delete), `RefreshPath` in [`refresh`]
//! (the one refresh path, single flight per session, backoff shared by every trigger) and
//! `Subscriptions` in [`watch`]; the parts they use are [`apps`] (the app
//! table and its reload), [`users`] (pure bookkeeping: each step returns the effects it has,
//! behind the locks of `users/shared.rs`), [`scheduler`] (deadlines on the injected clock),
//! [`events`] (the event log) and [`policy`] (every per-uid rule). The types they share and the
//! api layer reads are the leaf [`types`].
//!
//! Never sees gRPC types, never decodes a token and never names a backend's provider strings:
//! what it needs to know of a backend's protocol comes typed from [`crate::backend`]. Never logs
//! token material; events never carry tokens.

mod apps;
mod core;
mod effects;
mod events;
mod operations;
mod policy;
mod refresh;
mod scheduler;
#[cfg(test)]
mod tests;
mod types;
mod users;
mod watch;

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::backend::{Backend, BackendError};
use crate::clock::SharedClock;
use crate::metrics::{AppGauges, Metrics};
use crate::store::{SessionStore, Snapshot};
use apps::Apps;
use core::Core;
use events::EventBus;
pub(crate) use events::SessionEvent;
pub(crate) use events::{EventKind, ExpiryReason};
pub(crate) use operations::Ending;
use operations::Operations;
use policy::Policy;
pub(crate) use policy::Rules;
use refresh::RefreshPath;
use scheduler::RefreshScheduler;
pub(crate) use types::{
    AccessTokenView, AppInfo, AppSetup, AppStatus, Caller, DEFAULT_MIN_VALID, IdTokenView,
    SessionError, Target, UserState, UserView,
};
use watch::Subscriptions;
pub(crate) use watch::WatchFilter;

/// Everything [`Sessions`] is built from, and rebuilt from on SIGHUP.
#[derive(Clone)]
pub(crate) struct Setup {
    pub apps: BTreeMap<String, AppSetup>,
    /// The app that requests with an empty `app` go to.
    pub default_app: String,
    pub rules: Rules,
}

/// Every session of every app, and the parts that keep them.
pub(crate) struct Sessions {
    /// What keeps the sessions; the façade's operations run on it.
    core: Arc<Core>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("apps", &self.core.apps.names())
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
            core: Arc::new(Core {
                apps,
                store,
                events: EventBus::new(clock.clone()),
                scheduler: RefreshScheduler::new(clock.clone()),
                policy: Policy::new(setup.rules),
                clock,
                tasks: TaskTracker::new(),
                shutdown: CancellationToken::new(),
                metrics: Arc::new(Metrics::new()),
            }),
        });
        for app in sessions.core.apps.all() {
            sessions.core.schedule_all(&app, &app.users.read());
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
    pub(crate) fn start(&self) {
        let core = self.core.clone();
        let shutdown = self.core.shutdown.clone();
        self.core.tasks.spawn(async move {
            let operations = Operations { core: &core };
            // A slow backend must not hold the shutdown for a request timeout.
            tokio::select! {
                () = operations.reload_memory_only_profiles() => {}
                () = shutdown.cancelled() => {}
            }
        });
        for app in self.core.apps.all() {
            let (core, shutdown) = (self.core.clone(), self.core.shutdown.clone());
            self.core.tasks.spawn(async move {
                let warm_up = async {
                    app.backend.warm_up().await;
                    Ok::<(), BackendError>(())
                };
                tokio::select! {
                    _ = core.backend_call(&app, warm_up) => {}
                    () = shutdown.cancelled() => {}
                }
            });
        }
        let core = self.core.clone();
        let shutdown = self.core.shutdown.clone();
        self.core.tasks.spawn(async move {
            let due = core.clone();
            core.scheduler
                .run(shutdown, move |key, job| {
                    let core = due.clone();
                    async move { RefreshPath { core: &core }.run_job(key, job).await }
                })
                .await;
        });
    }

    /// Stops the background work and waits for it.
    pub(crate) async fn shut_down(&self) {
        self.core.shutdown.cancel();
        self.core.tasks.close();
        self.core.tasks.wait().await;
    }

    /// Replaces the configured apps and the policy (SIGHUP): apps that stay keep their users and
    /// sessions, even when their settings change; new apps load theirs from the store; removed
    /// apps' sessions stay in the store, untouched.
    ///
    /// # Errors
    /// The store cannot be read; the running configuration then stays.
    pub(crate) async fn reconfigure(&self, setup: Setup) -> Result<(), SessionError> {
        // Only an app new to the running daemon has users to read (and unseal) from the store.
        let snapshot = if setup.apps.keys().all(|name| self.core.apps.contains(name)) {
            Snapshot::default()
        } else {
            self.core.store.load()?
        };
        for app in self
            .core
            .apps
            .replace(setup.apps, setup.default_app, snapshot)
        {
            self.core.schedule_all(&app, &app.users.read());
        }
        self.core.policy.replace(setup.rules);
        Ok(())
    }

    /// The backend of a configured app, to keep it across a reload that leaves the app alone.
    pub(crate) fn backend_of(&self, name: &str) -> Option<Arc<dyn Backend>> {
        self.core.apps.get(name).ok().map(|app| app.backend.clone())
    }

    /// The limits in force (they follow a reload).
    pub(crate) fn limits(&self) -> crate::config::Limits {
        self.core.policy.limits()
    }

    /// Whether `[access]` lets the caller use the daemon at all.
    ///
    /// # Errors
    /// [`SessionError::AccessDenied`].
    pub(crate) fn admit(&self, caller: &Caller) -> Result<(), SessionError> {
        self.core.policy.admit(caller)
    }

    /// The configured apps.
    pub(crate) fn apps(&self) -> Vec<AppInfo> {
        let default = self.core.apps.default_name();
        self.core
            .apps
            .all()
            .iter()
            .map(|app| AppInfo {
                name: app.name.clone(),
                kind: app.backend.kind(),
                accepts: app.backend.accepts().to_vec(),
                is_default: app.name == default,
                location: app.backend.location().to_owned(),
                endpoints: app.backend.endpoints(),
            })
            .collect()
    }

    /// The daemon's metrics.
    pub(crate) fn metrics(&self) -> &Arc<Metrics> {
        &self.core.metrics
    }

    /// The metrics in the OpenMetrics text format, with the gauges read now.
    pub(crate) async fn scrape(&self) -> String {
        let now = self.core.clock.now_ms();
        let seconds_until = |at: i64| at.saturating_sub(now) / 1000;
        let mut apps = Vec::new();
        for app in self.core.apps.all() {
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
        self.core
            .metrics
            .encode(&apps, self.core.events.subscribers())
    }

    /// Session counts per app, over every owner.
    pub(crate) async fn status(&self, caller: &Caller) -> Vec<AppStatus> {
        // Another uid's activity is none of the caller's business: uid 0 sees every owner's.
        let owner = (caller.uid != 0).then_some(caller.uid);
        let mut out = Vec::new();
        for app in self.core.apps.all() {
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

    /// The user operations: log in, link, log out, list, switch, delete, API keys, accounts.
    pub(crate) fn operations(&self) -> Operations<'_> {
        Operations { core: &self.core }
    }

    /// The refresh path: access tokens and refreshes.
    pub(crate) fn refresh_path(&self) -> RefreshPath<'_> {
        RefreshPath { core: &self.core }
    }

    /// The event subscriptions.
    pub(crate) fn subscriptions(&self) -> Subscriptions<'_> {
        Subscriptions { core: &self.core }
    }
}
