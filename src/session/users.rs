//! The users of one app, every owner's, with their current-user pointers: the bookkeeping of
//! spec §8 without any I/O. Each step changes memory and returns its [`Effects`] (store changes,
//! schedule changes, events), which the caller applies while it still holds the app's users.
//!
//! [`UserEntry`] holds one user's record and the in-memory state of its session (single-flight
//! gate, token generation, backoff). Times come in as arguments, from the injected clock.

mod entry;

use std::collections::HashMap;

use super::effects::Effects;
use super::events::{EventKind, ExpiryReason, LogoutReason, RemovalReason};
use super::scheduler::{ScheduleChange, SessionKey};
use super::{AccessTokenView, SessionError, UserState, UserView};
use crate::backend::{AccessGrant, Backend, Classify, Grant, Profile, Refreshed};
use crate::clock::system_time;
use crate::store::{Change, Snapshot, StoredState, UserRecord};
pub(super) use entry::{Tokens, UserEntry};

/// A login between its two steps: the session is registered, its profile not yet fetched.
#[derive(Debug)]
pub(super) struct PendingLogin {
    pub key: SessionKey,
    /// Identifies this login's tokens: a later login or logout of the same user replaces them.
    pub session: u64,
    /// The owner's current user before the login, for `current_user_changed`.
    pub previous_current: Option<String>,
}

/// The users of one app.
pub(super) struct AppUsers {
    app: String,
    /// The app's backend's rule for anonymous and memory-only users.
    classify: Classify,
    /// Every owner's users, in creation order.
    entries: Vec<UserEntry>,
    /// Stored current user per owner; read through [`AppUsers::current_of`], which falls back.
    current: HashMap<u32, String>,
    next_order: u64,
    /// Numbers the sessions (token sets from a login) handed out.
    next_session: u64,
}

impl AppUsers {
    /// The app's users as stored; records of versions that did not keep what the backend reads
    /// from tokens are completed by the backend.
    pub(super) fn load(app: &str, backend: &dyn Backend, snapshot: &Snapshot) -> Self {
        let mut users = Self {
            app: app.to_owned(),
            classify: backend.classify(),
            entries: Vec::new(),
            current: HashMap::new(),
            next_order: 0,
            next_session: 1,
        };
        for record in snapshot.users.iter().filter(|record| record.app == app) {
            let session = users.new_session();
            let entry = UserEntry::load(record.clone(), Some(backend), users.classify, session);
            users.next_order = users.next_order.max(entry.record.order + 1);
            users.entries.push(entry);
        }
        for (uid, app_name, user_id) in &snapshot.current {
            if app_name == app {
                users.current.insert(*uid, user_id.clone());
            }
        }
        users
    }

    /// Takes the rule of a reconfigured app's backend.
    pub(super) fn reclassify(&mut self, classify: Classify) {
        self.classify = classify;
        for entry in &mut self.entries {
            entry.classify(classify);
        }
    }

    fn new_session(&mut self) -> u64 {
        self.next_session += 1;
        self.next_session
    }

    fn key(&self, uid: u32, user_id: &str) -> SessionKey {
        SessionKey {
            app: self.app.clone(),
            uid,
            user_id: user_id.to_owned(),
        }
    }

    fn position(&self, uid: u32, user_id: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|entry| entry.record.owner_uid == uid && entry.record.user_id == user_id)
    }

    pub(super) fn get(&self, uid: u32, user_id: &str) -> Option<&UserEntry> {
        self.position(uid, user_id)
            .map(|index| &self.entries[index])
    }

    fn get_mut(&mut self, uid: u32, user_id: &str) -> Option<&mut UserEntry> {
        self.position(uid, user_id)
            .map(|index| &mut self.entries[index])
    }

    /// The entry of `key` if it still holds the tokens of `session`.
    fn session_mut(&mut self, key: &SessionKey, session: u64) -> Option<&mut UserEntry> {
        self.get_mut(key.uid, &key.user_id)
            .filter(|entry| entry.session == session && entry.tokens().is_some())
    }

    /// Logged-in and logged-out users (all owners).
    pub(super) fn counts(&self) -> (u32, u32) {
        let count = |state| {
            let n = self
                .entries
                .iter()
                .filter(|entry| entry.record.state == state)
                .count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        (count(StoredState::LoggedIn), count(StoredState::LoggedOut))
    }

    /// How many users `uid` holds.
    pub(super) fn owned_by(&self, uid: u32) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.record.owner_uid == uid)
            .count()
    }

    /// The schedule of every logged-in session.
    pub(super) fn plan_all(&self) -> Vec<ScheduleChange> {
        self.entries
            .iter()
            .filter_map(|entry| {
                let times = entry.times()?;
                Some(ScheduleChange::Plan(
                    self.key(entry.record.owner_uid, &entry.record.user_id),
                    times,
                ))
            })
            .collect()
    }

    /// The stored current user if logged in, else the first logged-in user (spec §8.2).
    pub(super) fn current_of(&self, uid: u32) -> Option<&str> {
        let logged_in = |entry: &&UserEntry| {
            entry.record.owner_uid == uid && entry.record.state == StoredState::LoggedIn
        };
        if let Some(id) = self.current.get(&uid) {
            if self.get(uid, id).is_some_and(|entry| logged_in(&entry)) {
                return Some(id);
            }
        }
        self.entries
            .iter()
            .find(logged_in)
            .map(|entry| entry.record.user_id.as_str())
    }

    /// `user_id`, or the current user when empty.
    pub(super) fn resolve(&self, uid: u32, user_id: &str) -> Result<String, SessionError> {
        if user_id.is_empty() {
            return self
                .current_of(uid)
                .map(str::to_owned)
                .ok_or(SessionError::NoCurrentUser);
        }
        self.get(uid, user_id)
            .map(|entry| entry.record.user_id.clone())
            .ok_or(SessionError::UserNotFound)
    }

    /// `user_id` (or the current user when empty), which must hold tokens.
    pub(super) fn logged_in(
        &self,
        uid: u32,
        user_id: &str,
    ) -> Result<(SessionKey, &UserEntry), SessionError> {
        let user_id = self.resolve(uid, user_id)?;
        let entry = self.get(uid, &user_id).ok_or(SessionError::UserNotFound)?;
        if entry.tokens().is_none() {
            return Err(entry.not_logged_in());
        }
        Ok((self.key(uid, &user_id), entry))
    }

    /// The user as callers see it.
    pub(super) fn view(&self, uid: u32, user_id: &str) -> Result<UserView, SessionError> {
        let entry = self.get(uid, user_id).ok_or(SessionError::UserNotFound)?;
        Ok(entry.view(&self.app, self.current_of(uid) == Some(user_id)))
    }

    /// The users of `owner` (every owner's when `None`), in creation order.
    pub(super) fn list(&self, owner: Option<u32>) -> Vec<UserView> {
        self.entries
            .iter()
            .filter(|entry| owner.is_none_or(|uid| entry.record.owner_uid == uid))
            .map(|entry| {
                let uid = entry.record.owner_uid;
                entry.view(
                    &self.app,
                    self.current_of(uid) == Some(entry.record.user_id.as_str()),
                )
            })
            .collect()
    }

    /// Runs `step`, then reports a change of `uid`'s current user (`current_user_changed`),
    /// comparing with `before` when given (the current user when a longer operation began).
    fn tracking_current<R>(
        &mut self,
        uid: u32,
        before: Option<Option<String>>,
        effects: &mut Effects,
        step: impl FnOnce(&mut Self, &mut Effects) -> R,
    ) -> R {
        let before = before.unwrap_or_else(|| self.current_of(uid).map(str::to_owned));
        let result = step(self, effects);
        let after = self.current_of(uid).map(str::to_owned);
        if before != after {
            effects.event(
                uid,
                after.as_deref().unwrap_or_default(),
                EventKind::CurrentUserChanged {
                    previous_user_id: before.unwrap_or_default(),
                },
            );
        }
        result
    }

    /// Makes a user current and marks it used.
    fn make_current(&mut self, uid: u32, user_id: &str, now_ms: i64, effects: &mut Effects) {
        if let Some(entry) = self.get_mut(uid, user_id) {
            entry.record.last_used_at_ms = now_ms;
            effects.change(Change::PutUser(Box::new(entry.record_for_disk())));
        }
        self.current.insert(uid, user_id.to_owned());
        effects.change(Change::SetCurrent {
            owner_uid: uid,
            app: self.app.clone(),
            user_id: Some(user_id.to_owned()),
        });
    }

    /// After `user_id` stopped being usable: if it was the stored current user, the first
    /// logged-in user (or none) takes its place.
    fn fall_back(&mut self, uid: u32, user_id: &str, effects: &mut Effects) {
        if self.current.get(&uid).map(String::as_str) != Some(user_id) {
            return;
        }
        self.current.remove(&uid);
        let next = self.current_of(uid).map(str::to_owned);
        if let Some(next) = &next {
            self.current.insert(uid, next.clone());
        }
        effects.change(Change::SetCurrent {
            owner_uid: uid,
            app: self.app.clone(),
            user_id: next,
        });
    }

    /// Forgets a user; returns it as it was, marked removed.
    fn forget(&mut self, uid: u32, user_id: &str, effects: &mut Effects) -> Option<UserView> {
        let index = self.position(uid, user_id)?;
        let mut entry = self.entries.remove(index);
        entry.sign_out();
        let mut view = entry.view(&self.app, false);
        view.state = UserState::Removed;
        effects.change(Change::DeleteUser {
            owner_uid: uid,
            app: self.app.clone(),
            user_id: user_id.to_owned(),
        });
        effects.schedule(ScheduleChange::Cancel(self.key(uid, user_id)));
        self.fall_back(uid, user_id, effects);
        Some(view)
    }

    /// Wipes a user's tokens (logged out).
    fn sign_out(&mut self, uid: u32, user_id: &str, effects: &mut Effects) -> Option<UserView> {
        let key = self.key(uid, user_id);
        let entry = self.get_mut(uid, user_id)?;
        entry.sign_out();
        effects.change(Change::PutUser(Box::new(entry.record_for_disk())));
        effects.schedule(ScheduleChange::Cancel(key));
        self.fall_back(uid, user_id, effects);
        self.view(uid, user_id).ok()
    }

    /// Ends a session (spec §4.2): an anonymous user is forgotten, any other signed out.
    fn end_session(
        &mut self,
        uid: u32,
        user_id: &str,
        effects: &mut Effects,
        ended: EventKind,
        removed: RemovalReason,
    ) -> Option<UserView> {
        let anonymous = self.get(uid, user_id)?.traits.anonymous;
        effects.event(uid, user_id, ended);
        if anonymous {
            effects.event(uid, user_id, EventKind::UserRemoved { reason: removed });
            self.forget(uid, user_id, effects)
        } else {
            self.sign_out(uid, user_id, effects)
        }
    }

    /// Anonymous login without `new_user` (spec §3.5): the owner's logged-in anonymous user, if
    /// any, becomes current without a request.
    pub(super) fn reuse_anonymous(&mut self, uid: u32, now_ms: i64) -> Option<(Effects, UserView)> {
        let user_id = self
            .entries
            .iter()
            .find(|entry| {
                entry.record.owner_uid == uid
                    && entry.record.state == StoredState::LoggedIn
                    && entry.traits.anonymous
            })
            .map(|entry| entry.record.user_id.clone())?;
        let mut effects = Effects::default();
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            users.make_current(uid, &user_id, now_ms, effects);
            let view = users.view(uid, &user_id).ok();
            if let Some(view) = &view {
                effects.event(uid, &user_id, EventKind::LoggedIn(Box::new(view.clone())));
            }
            view
        })?;
        Some((effects, view))
    }

    /// The first step of a login (spec §3.4): the user (created if new) holds the grant's tokens
    /// in memory and is scheduled; nothing is written or announced until [`Self::finish_login`].
    pub(super) fn begin_login(
        &mut self,
        uid: u32,
        grant: Grant,
        now_ms: i64,
    ) -> (Effects, PendingLogin) {
        let previous_current = self.current_of(uid).map(str::to_owned);
        let session = self.new_session();
        let index = match self.position(uid, &grant.user_id) {
            Some(index) => index,
            None => {
                let order = self.next_order;
                self.next_order += 1;
                let record = UserRecord::new(uid, &self.app, &grant.user_id, now_ms, order);
                self.entries
                    .push(UserEntry::load(record, None, self.classify, session));
                self.entries.len() - 1
            }
        };
        let classify = self.classify;
        let entry = &mut self.entries[index];
        entry.record.provider_type = grant.provider_type;
        entry.record.device_id = grant.device_id;
        entry.set_access(grant.access);
        entry.set_refresh(grant.refresh);
        entry.session = session;
        entry.classify(classify);
        let mut effects = Effects::default();
        let key = self.key(uid, &grant.user_id);
        if let Some(times) = self.entries[index].times() {
            effects.schedule(ScheduleChange::Plan(key.clone(), times));
        }
        let pending = PendingLogin {
            key,
            session,
            previous_current,
        };
        (effects, pending)
    }

    /// The last step of a login: the profile (when its fetch succeeded) is stored, the user
    /// becomes current, and the login is committed and announced.
    ///
    /// # Errors
    /// The user logged out (or logged in again) while its profile was fetched.
    pub(super) fn finish_login(
        &mut self,
        pending: PendingLogin,
        profile: Option<Profile>,
        now_ms: i64,
    ) -> Result<(Effects, UserView), SessionError> {
        let PendingLogin {
            key,
            session,
            previous_current,
        } = pending;
        let classify = self.classify;
        let entry = self
            .session_mut(&key, session)
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the login",
            ))?;
        if let Some(profile) = profile {
            entry.set_profile(profile);
        }
        entry.classify(classify);
        let mut effects = Effects::default();
        let uid = key.uid;
        let view = self.tracking_current(
            uid,
            Some(previous_current),
            &mut effects,
            |users, effects| {
                users.make_current(uid, &key.user_id, now_ms, effects);
                let view = users.view(uid, &key.user_id);
                if let Ok(view) = &view {
                    effects.event(
                        uid,
                        &key.user_id,
                        EventKind::LoggedIn(Box::new(view.clone())),
                    );
                }
                view
            },
        )?;
        Ok((effects, view))
    }

    /// Makes a logged-in user current (spec §8.2).
    ///
    /// # Errors
    /// No such user; the user is logged out.
    pub(super) fn switch(
        &mut self,
        uid: u32,
        user_id: &str,
        now_ms: i64,
    ) -> Result<(Effects, UserView), SessionError> {
        let entry = self.get(uid, user_id).ok_or(SessionError::UserNotFound)?;
        if entry.record.state != StoredState::LoggedIn {
            return Err(SessionError::UserNotLoggedIn(
                "cannot switch to a logged-out user",
            ));
        }
        let mut effects = Effects::default();
        self.tracking_current(uid, None, &mut effects, |users, effects| {
            users.make_current(uid, user_id, now_ms, effects);
        });
        Ok((effects, self.view(uid, user_id)?))
    }

    /// Logs a user out (spec §4.2): tokens wiped, an anonymous user removed, the current user
    /// falls back. Returns the refresh token to revoke at the backend, or nothing (and no
    /// effects) when the user was logged out already.
    ///
    /// # Errors
    /// No such user.
    pub(super) fn log_out(
        &mut self,
        uid: u32,
        user_id: &str,
    ) -> Result<(Effects, UserView, Option<Tokens>), SessionError> {
        let entry = self.get(uid, user_id).ok_or(SessionError::UserNotFound)?;
        let Some(tokens) = entry.tokens() else {
            return Ok((Effects::default(), self.view(uid, user_id)?, None));
        };
        let mut effects = Effects::default();
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            let ended = EventKind::LoggedOut {
                reason: LogoutReason::Requested,
            };
            users.end_session(uid, user_id, effects, ended, RemovalReason::AnonymousLogout)
        });
        Ok((
            effects,
            view.ok_or(SessionError::UserNotFound)?,
            Some(tokens),
        ))
    }

    /// Forgets a user locally (spec §8.4); returns the tokens a logged-in user had, to revoke.
    ///
    /// # Errors
    /// No such user.
    pub(super) fn remove(
        &mut self,
        uid: u32,
        user_id: &str,
    ) -> Result<(Effects, UserView, Option<Tokens>), SessionError> {
        let tokens = self
            .get(uid, user_id)
            .ok_or(SessionError::UserNotFound)?
            .tokens();
        let mut effects = Effects::default();
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            if tokens.is_some() {
                effects.event(
                    uid,
                    user_id,
                    EventKind::LoggedOut {
                        reason: LogoutReason::Removed,
                    },
                );
            }
            effects.event(
                uid,
                user_id,
                EventKind::UserRemoved {
                    reason: RemovalReason::Removed,
                },
            );
            users.forget(uid, user_id, effects)
        });
        Ok((effects, view.ok_or(SessionError::UserNotFound)?, tokens))
    }

    /// Forgets a user the backend deleted (spec §4.3).
    ///
    /// # Errors
    /// No such user (it was removed meanwhile).
    pub(super) fn deleted(
        &mut self,
        uid: u32,
        user_id: &str,
    ) -> Result<(Effects, UserView), SessionError> {
        let mut effects = Effects::default();
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            effects.event(
                uid,
                user_id,
                EventKind::UserRemoved {
                    reason: RemovalReason::Deleted,
                },
            );
            users.forget(uid, user_id, effects)
        });
        Ok((effects, view.ok_or(SessionError::UserNotFound)?))
    }

    /// The backend refused the refresh token of `session` (spec §4.5): the session is over,
    /// exactly once. `None` when the session had already ended or been replaced.
    pub(super) fn expire(
        &mut self,
        key: &SessionKey,
        session: u64,
        detail: &str,
    ) -> Option<Effects> {
        self.session_mut(key, session)?.record.expired = true;
        let mut effects = Effects::default();
        let uid = key.uid;
        self.tracking_current(uid, None, &mut effects, |users, effects| {
            let ended = EventKind::TokenExpired {
                reason: ExpiryReason::RefreshTokenRejected,
                detail: detail.to_owned(),
            };
            users.end_session(
                uid,
                &key.user_id,
                effects,
                ended,
                RemovalReason::TokenExpired,
            )
        });
        Some(effects)
    }

    /// A refresh of `session` succeeded: the new tokens, a reschedule, `token_refreshed` (and
    /// `profile_updated` when the custom data changed). The commit is durable only when the
    /// refresh token rotated. The result is the new token, or why it cannot be handed out.
    ///
    /// # Errors
    /// The session ended while the refresh was in flight (the new tokens are dropped).
    pub(super) fn refreshed(
        &mut self,
        key: &SessionKey,
        session: u64,
        refreshed: Refreshed,
        now_ms: i64,
    ) -> Result<(Effects, Result<AccessTokenView, SessionError>), SessionError> {
        let app = self.app.clone();
        let entry = self
            .session_mut(key, session)
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the refresh",
            ))?;
        let custom_data_before = entry.record.custom_data.clone();
        entry.set_access(refreshed.access);
        let rotated = refreshed.refresh.is_some();
        if let Some(refresh) = refreshed.refresh {
            entry.set_refresh(refresh);
        }
        let mut effects = Effects {
            durable: rotated,
            ..Effects::default()
        };
        effects.change(Change::PutUser(Box::new(entry.record_for_disk())));
        if let Some(times) = entry.times() {
            effects.schedule(ScheduleChange::Plan(key.clone(), times));
        }
        let token = entry
            .token_valid_for(&app, std::time::Duration::ZERO, now_ms)
            .ok_or_else(|| {
                SessionError::Backend(crate::backend::BackendError::Malformed(
                    "the refreshed access token has already expired".to_owned(),
                ))
            });
        let custom_changed = entry.record.custom_data != custom_data_before;
        if let Some(expires_at) = entry.record.access_expires_at_ms {
            effects.event(
                key.uid,
                &key.user_id,
                EventKind::TokenRefreshed {
                    expires_at: system_time(expires_at),
                },
            );
        }
        if custom_changed {
            let view = self.view(key.uid, &key.user_id)?;
            effects.event(
                key.uid,
                &key.user_id,
                EventKind::ProfileUpdated(Box::new(view)),
            );
        }
        Ok((effects, token))
    }

    /// A refresh failed transiently (or its answer was malformed): the session stays, the next
    /// attempt is due at `retry_at_ms`, subscribers hear `refresh_failed`.
    pub(super) fn refresh_failed(
        &mut self,
        key: &SessionKey,
        error: String,
        retry_at_ms: i64,
    ) -> Effects {
        let mut effects = Effects::default();
        if let Some(entry) = self.get_mut(key.uid, &key.user_id) {
            entry.failures += 1;
            entry.retry_at_ms = Some(retry_at_ms);
            entry.last_failure = Some(error.clone());
        }
        effects.schedule(ScheduleChange::RetryAt(key.clone(), retry_at_ms));
        effects.event(
            key.uid,
            &key.user_id,
            EventKind::RefreshFailed {
                error,
                next_attempt_at: system_time(retry_at_ms),
            },
        );
        effects
    }

    /// A link gave `session` a new access token (spec §3.6).
    ///
    /// # Errors
    /// The session ended while the link was in flight.
    pub(super) fn linked(
        &mut self,
        key: &SessionKey,
        session: u64,
        access: AccessGrant,
    ) -> Result<Effects, SessionError> {
        let entry = self
            .session_mut(key, session)
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the link",
            ))?;
        entry.set_access(access);
        let mut effects = Effects {
            durable: false,
            ..Effects::default()
        };
        effects.change(Change::PutUser(Box::new(entry.record_for_disk())));
        if let Some(times) = entry.times() {
            effects.schedule(ScheduleChange::Plan(key.clone(), times));
        }
        Ok(effects)
    }

    /// A profile fetched for `session` is stored and announced (`profile_updated`); after a link
    /// the user also becomes current.
    ///
    /// # Errors
    /// The session ended while the profile was fetched.
    pub(super) fn profile_fetched(
        &mut self,
        key: &SessionKey,
        session: u64,
        profile: Profile,
        make_current: bool,
        now_ms: i64,
    ) -> Result<(Effects, UserView), SessionError> {
        let classify = self.classify;
        let entry = self
            .session_mut(key, session)
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the link",
            ))?;
        entry.set_profile(profile);
        entry.classify(classify);
        let record = entry.record_for_disk();
        let mut effects = Effects::default();
        let uid = key.uid;
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            if make_current {
                users.make_current(uid, &key.user_id, now_ms, effects);
            } else {
                effects.change(Change::PutUser(Box::new(record)));
            }
            let view = users.view(uid, &key.user_id);
            if let Ok(view) = &view {
                effects.event(
                    uid,
                    &key.user_id,
                    EventKind::ProfileUpdated(Box::new(view.clone())),
                );
            }
            view
        })?;
        Ok((effects, view))
    }

    /// The refresh token of a logged-in session expires soon: `refresh_token_expiring`, once per
    /// refresh token.
    pub(super) fn warn_expiry(&mut self, key: &SessionKey) -> Option<Effects> {
        let entry = self.get_mut(key.uid, &key.user_id)?;
        if entry.warned || entry.tokens().is_none() {
            return None;
        }
        entry.warned = true;
        let mut effects = Effects::default();
        if let Some(expires_at) = entry.record.refresh_expires_at_ms {
            effects.event(
                key.uid,
                &key.user_id,
                EventKind::RefreshTokenExpiring {
                    expires_at: system_time(expires_at),
                },
            );
        }
        Some(effects)
    }

    /// The sessions whose profiles have memory-only keys, which a restart lost.
    pub(super) fn with_memory_only_profiles(&self) -> Vec<SessionKey> {
        self.entries
            .iter()
            .filter(|entry| {
                !entry.traits.memory_only_profile_keys.is_empty() && entry.tokens().is_some()
            })
            .map(|entry| self.key(entry.record.owner_uid, &entry.record.user_id))
            .collect()
    }
}
