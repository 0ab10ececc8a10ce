//! The core of the session layer: the apps with their users, the store, the event bus, the
//! refresh scheduler, the per-uid policy, the clock and the background tasks, and the one place
//! where what a bookkeeping step returns ([`Effects`]) is applied: committed, scheduled,
//! published. [`super::Sessions`] is the façade over it; the operations, the refresh path and
//! the subscriptions run their steps through [`Core::step`] and [`Core::apply`].

use std::future::Future;
use std::sync::Arc;

use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::apps::{App, Apps};
use super::effects::Effects;
use super::events::{EventBus, EventKind};
use super::policy::Policy;
use super::scheduler::RefreshScheduler;
use super::scheduler::SessionKey;
use super::types::SessionError;
use super::types::{Caller, Target};
use super::users::{AppUsers, RefreshToken, Tokens, Writing};
use crate::backend::BackendError;
use crate::backend::CredentialKind;
use crate::clock::SharedClock;
use crate::metrics::Metrics;
use crate::secret::Secret;
use crate::store::Change;
use crate::store::SessionStore;

/// What keeps every session of every app.
pub(super) struct Core {
    pub apps: Apps,
    pub store: SessionStore,
    pub events: EventBus,
    pub scheduler: RefreshScheduler,
    pub policy: Policy,
    pub clock: SharedClock,
    /// Background work (the scheduler, profile reloads, event feeders), awaited on shutdown.
    pub tasks: TaskTracker,
    /// Stops every background task.
    pub shutdown: CancellationToken,
    /// Counters of logins and refreshes (and, through [`Self::metrics`], of RPCs).
    pub metrics: Arc<Metrics>,
}

impl Core {
    /// Applies what a bookkeeping step changed, in the one order that keeps every reader right:
    /// committed to the store first (a caller is answered only after), then the schedule, then
    /// the events. Called during the writer's turn on the app's users, so that commits and
    /// events come out in the order the changes were made; no lock that a reader takes is held
    /// meanwhile.
    ///
    /// A commit that fails leaves memory ahead of the disk (the step already changed it): the
    /// app's users are then read back from the store, so that nothing the caller was told failed
    /// lives on until a restart.
    pub(super) async fn apply(
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
            // The users whose refresh tokens, held in memory until now, this commit stores.
            let storing: Vec<(u32, String)> = changes
                .iter()
                .filter_map(|change| match change {
                    Change::PutUser(record) if record.refresh_token.is_some() => {
                        Some((record.owner_uid, record.user_id.clone()))
                    }
                    _ => None,
                })
                .collect();
            let committed = if durable {
                self.store.commit(changes).await
            } else {
                self.store.commit_lazily(changes).await
            };
            if let Err(err) = committed {
                self.resync(app, users).await;
                return Err(err.into());
            }
            if !storing.is_empty() {
                users.with(|users| {
                    for (uid, user_id) in &storing {
                        users.refresh_committed(*uid, user_id);
                    }
                });
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
    pub(super) async fn step<T>(
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
    pub(super) async fn backend_call<T>(
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
    pub(super) fn schedule_all(&self, app: &App, users: &AppUsers) {
        for change in users.plan_all() {
            self.scheduler.apply(change, &app.refresh);
        }
    }

    /// The app a request changes sessions of, and whose sessions (policy: uid 0 may name another
    /// owner).
    /// The owner's sessions are opened first ([`Self::open_sealed`]).
    pub(super) async fn acting_on(
        &self,
        caller: &Caller,
        target: Target<'_>,
    ) -> Result<(Arc<App>, u32), SessionError> {
        let app = self.apps.get(target.app)?;
        let owner = self.policy.acting(caller, target.owner_uid)?;
        self.open_sealed(&app, Some(owner)).await?;
        Ok((app, owner))
    }

    /// As [`Self::acting_on`], for a request that only reads (policy: `shared_with_group`).
    pub(super) async fn reading_on(
        &self,
        caller: &Caller,
        target: Target<'_>,
    ) -> Result<(Arc<App>, u32), SessionError> {
        let app = self.apps.get(target.app)?;
        let owner = self.policy.reading(caller, &app.name, target.owner_uid)?;
        self.open_sealed(&app, Some(owner)).await?;
        Ok((app, owner))
    }

    /// Opens the tokens that the start left sealed in the store, of the sessions of `owner`
    /// (of every owner with `None`): a session's tokens are opened by the first request that
    /// may use them, all of its owner's at once (one read of the store). Costs one lookup once
    /// they are open, and nothing on a store that had none.
    ///
    /// A session whose tokens the store no longer holds, or holds damaged, is over (logged,
    /// its user told to log in again); the owner's others are opened all the same.
    ///
    /// # Errors
    /// The store cannot be read.
    pub(super) async fn open_sealed(
        &self,
        app: &App,
        owner: Option<u32>,
    ) -> Result<(), SessionError> {
        let sealed = app.users.read().unopened(owner);
        for (uid, user_ids) in sealed {
            let records = self
                .store
                .open_sealed(uid, &app.name, user_ids.clone())
                .await?;
            let missing = app
                .users
                .update(|users| users.opened(uid, user_ids, records));
            for user_id in missing {
                tracing::warn!(app = %app.name, uid, user = %user_id, "the store holds no usable tokens for a session read at start: it is over, and its user must log in again");
            }
        }
        Ok(())
    }

    pub(super) fn accepting(&self, app: &App, kind: CredentialKind) -> Result<(), SessionError> {
        if app.backend.accepts().contains(&kind) {
            Ok(())
        } else {
            Err(SessionError::ProviderNotSupported(kind))
        }
    }

    /// A session's tokens with its refresh token read from the store where it is kept.
    ///
    /// # Errors
    /// `UserNotLoggedIn` when the store holds another refresh token by now (the user logged out
    /// or in again meanwhile); a store failure.
    pub(super) async fn tokens(
        &self,
        app: &App,
        key: &SessionKey,
        (access, refresh): (Secret, RefreshToken),
    ) -> Result<Tokens, SessionError> {
        let refresh = match refresh {
            RefreshToken::None => None,
            RefreshToken::Held(token) => Some(token),
            RefreshToken::Stored { received_at_ms } => Some(
                self.store
                    .refresh_token(key.uid, &app.name, &key.user_id, received_at_ms)
                    .await?
                    .ok_or(SessionError::UserNotLoggedIn(
                        "the user logged out or in again meanwhile",
                    ))?,
            ),
        };
        Ok(Tokens { access, refresh })
    }

    /// Revokes a session at the backend after a local logout; the local change stands either
    /// way, so a failure is only logged and returned for the caller's event.
    pub(super) async fn revoke(&self, app: &App, tokens: &Tokens) -> Option<String> {
        let result = self
            .backend_call(
                app,
                app.backend.log_out(&tokens.access, tokens.refresh.as_ref()),
            )
            .await;
        match result {
            Ok(()) => None,
            Err(err) => {
                tracing::warn!(app = %app.name, error = %err, "logged out locally; the backend did not confirm the logout");
                Some(err.to_string())
            }
        }
    }
}
