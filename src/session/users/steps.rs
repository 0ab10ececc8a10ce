//! The bookkeeping steps of every operation: each changes the users in memory and returns its
//! [`Effects`]: the store changes that make it durable, the schedule changes, and the events
//! that report it, in order (spec §8's current-user rules are kept by the helpers of
//! [`super::AppUsers`]).

use super::{AppUsers, Backoff, PendingLogin, UserEntry};
use crate::backend::{AccessGrant, Grant, Profile, Purpose, Refreshed};
use crate::clock::system_time;
use crate::session::effects::Effects;
use crate::session::events::{EventKind, ExpiryReason, LogoutReason, RemovalReason};
use crate::session::scheduler::{ScheduleChange, SessionKey};
use crate::session::types::{AccessTokenView, SessionError, UserView};
use crate::store::{Change, StoredState, UserRecord};

/// When a failed refresh was made and when the next is due.
#[derive(Debug, Clone, Copy)]
pub(in crate::session) struct FailedAttempt {
    pub attempted_at_ms: i64,
    pub retry_at_ms: i64,
    /// The backend named the time itself (`Retry-After`).
    pub server_asked: bool,
}

impl AppUsers {
    /// Anonymous login without `new_user` (spec §3.5): the owner's logged-in anonymous user, if
    /// any, becomes current without a request.
    pub(in crate::session) fn reuse_anonymous(
        &mut self,
        uid: u32,
        now_ms: i64,
    ) -> Option<(Effects, UserView)> {
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
            users
                .announce(uid, &user_id, effects, EventKind::LoggedIn)
                .ok()
        })?;
        Some((effects, view))
    }

    /// The first step of a login (spec §3.4): the user (created if new) holds the grant's tokens
    /// in memory and is scheduled; nothing is written or announced until [`Self::finish_login`].
    pub(in crate::session) fn begin_login(
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
                self.push(UserEntry::load(record, None, self.classify, session))
            }
        };
        let classify = self.classify;
        let entry = &mut self.entries[index];
        entry.record.provider_type = self.names.intern(&grant.provider_type);
        entry.record.device_id = grant.device_id.into();
        entry.set_access(grant.access);
        entry.set_refresh(grant.refresh);
        entry.set_id_token(grant.id_token);
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
    pub(in crate::session) fn finish_login(
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
        let (entry, names) =
            self.session_and_names(&key, session)
                .ok_or(SessionError::UserNotLoggedIn(
                    "the user logged out during the login",
                ))?;
        if let Some(profile) = profile {
            entry.set_profile(profile, names);
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
                users.announce(uid, &key.user_id, effects, EventKind::LoggedIn)
            },
        )?;
        Ok((effects, view))
    }

    /// Makes a logged-in user current (spec §8.2).
    ///
    /// # Errors
    /// No such user; the user is logged out.
    pub(in crate::session) fn switch(
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
    /// falls back. Nothing (and no effects) when the user was logged out already.
    ///
    /// # Errors
    /// No such user.
    pub(in crate::session) fn log_out(
        &mut self,
        uid: u32,
        user_id: &str,
    ) -> Result<(Effects, UserView), SessionError> {
        let entry = self.get(uid, user_id).ok_or(SessionError::UserNotFound)?;
        if !entry.is_logged_in() {
            return Ok((Effects::default(), self.view(uid, user_id)?));
        }
        let mut effects = Effects::default();
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            let ended = EventKind::LoggedOut {
                reason: LogoutReason::Requested,
            };
            users.end_session(uid, user_id, effects, ended, RemovalReason::AnonymousLogout)
        });
        Ok((effects, view.ok_or(SessionError::UserNotFound)?))
    }

    /// Forgets a user locally (spec §8.4).
    ///
    /// # Errors
    /// No such user.
    pub(in crate::session) fn remove(
        &mut self,
        uid: u32,
        user_id: &str,
    ) -> Result<(Effects, UserView), SessionError> {
        let logged_in = self
            .get(uid, user_id)
            .ok_or(SessionError::UserNotFound)?
            .is_logged_in();
        let mut effects = Effects::default();
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            if logged_in {
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
        Ok((effects, view.ok_or(SessionError::UserNotFound)?))
    }

    /// Forgets a user the backend deleted (spec §4.3).
    ///
    /// # Errors
    /// No such user (it was removed meanwhile).
    pub(in crate::session) fn deleted(
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
    pub(in crate::session) fn expire(
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

    /// The session a refresh was for, unless it ended while the refresh was in flight.
    fn refreshing(
        &mut self,
        key: &SessionKey,
        session: u64,
    ) -> Result<&mut UserEntry, SessionError> {
        self.session_mut(key, session)
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the refresh",
            ))
    }

    /// A token for `purpose` arrived for `session`: kept in memory; a rotated refresh token
    /// is committed durably. The result is the new token, or why it cannot be handed out.
    ///
    /// # Errors
    /// The session ended while the refresh was in flight (the new token is dropped).
    pub(in crate::session) fn purpose_refreshed(
        &mut self,
        key: &SessionKey,
        session: u64,
        purpose: &Purpose,
        refreshed: Refreshed,
        now_ms: i64,
    ) -> Result<(Effects, Result<AccessTokenView, SessionError>), SessionError> {
        let app = self.app.clone();
        let entry = self.refreshing(key, session)?;
        entry.set_purpose_token(purpose, refreshed.access);
        // The session's own token, when getting this one refreshed the session too.
        let renewed = refreshed.session.is_some();
        if let Some(access) = refreshed.session {
            entry.set_access(access);
        }
        // A rotated refresh token is the session's from now on, written durably before the
        // token it came with is handed out.
        let rotated = refreshed.refresh.is_some();
        let effects = if rotated || renewed {
            if rotated {
                entry.set_refresh(refreshed.refresh);
            }
            entry.generation += 1;
            tokens_changed(key, entry, rotated)
        } else {
            Effects::default()
        };
        let token = served(entry, &app, purpose, now_ms);
        Ok((effects, token))
    }

    /// A refresh of `session` succeeded: the new tokens, a reschedule, `token_refreshed` (and
    /// `profile_updated` when the custom data changed). The commit is durable only when the
    /// refresh token rotated. The result is the new token, or why it cannot be handed out.
    ///
    /// # Errors
    /// The session ended while the refresh was in flight (the new tokens are dropped).
    pub(in crate::session) fn refreshed(
        &mut self,
        key: &SessionKey,
        session: u64,
        refreshed: Refreshed,
        now_ms: i64,
    ) -> Result<(Effects, Result<AccessTokenView, SessionError>), SessionError> {
        let app = self.app.clone();
        let entry = self.refreshing(key, session)?;
        let custom_data_before = entry.record.custom_data.clone();
        entry.set_access(refreshed.access);
        // A refresh without an ID token leaves the one held until it expires.
        if refreshed.id_token.is_some() {
            entry.set_id_token(refreshed.id_token);
        }
        let rotated = refreshed.refresh.is_some();
        if refreshed.refresh.is_some() {
            entry.set_refresh(refreshed.refresh);
        }
        let mut effects = tokens_changed(key, entry, rotated);
        let token = served(entry, &app, &Purpose::default(), now_ms);
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
            self.announce(
                key.uid,
                &key.user_id,
                &mut effects,
                EventKind::ProfileUpdated,
            )?;
        }
        Ok((effects, token))
    }

    /// A refresh failed transiently (or its answer was malformed): the session stays, the next
    /// attempt is due at `retry_at_ms`, subscribers hear `refresh_failed`.
    pub(in crate::session) fn refresh_failed(
        &mut self,
        key: &SessionKey,
        session: u64,
        error: String,
        attempt: FailedAttempt,
    ) -> Effects {
        let FailedAttempt {
            attempted_at_ms,
            retry_at_ms,
            server_asked,
        } = attempt;
        let mut effects = Effects::default();
        // A session that ended (or was replaced by a new login) while its refresh was in
        // flight gets no backoff, no retry and no event.
        let Some(entry) = self.session_mut(key, session) else {
            return effects;
        };
        let failures = entry.backoff.as_ref().map_or(0, |backoff| backoff.failures);
        entry.backoff = Some(Box::new(Backoff {
            failures: failures + 1,
            retry_at_ms,
            attempted_at_ms,
            server_asked,
            last_error: error.clone(),
        }));
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

    /// The app's backend answered again after an outage: every session still backing off is
    /// retried now, spread over `spread_ms` so that the backend does not get them all at once
    /// (`unit_random` draws each one's place, in `[0, 1)`).
    pub(in crate::session) fn end_backoffs(
        &mut self,
        now_ms: i64,
        spread_ms: i64,
        mut unit_random: impl FnMut() -> f64,
    ) -> Effects {
        let mut effects = Effects::default();
        let mut ended = Vec::new();
        for entry in &mut self.entries {
            if entry
                .backoff
                .as_ref()
                .is_some_and(|b| b.retry_at_ms > now_ms)
            {
                entry.backoff = None;
                ended.push((entry.record.owner_uid, entry.record.user_id.clone()));
            }
        }
        for (uid, user_id) in ended {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "a fraction of a spread of milliseconds"
            )]
            let at = now_ms.saturating_add((spread_ms as f64 * unit_random()) as i64);
            effects.schedule(ScheduleChange::RetryAt(self.key(uid, &user_id), at));
        }
        effects
    }

    /// A link gave `session` a new access token (spec §3.6).
    ///
    /// # Errors
    /// The session ended while the link was in flight.
    pub(in crate::session) fn linked(
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
        Ok(tokens_changed(key, entry, false))
    }

    /// A profile fetched for `session` is stored and announced (`profile_updated`); after a link
    /// the user also becomes current.
    ///
    /// # Errors
    /// The session ended while the profile was fetched.
    pub(in crate::session) fn profile_fetched(
        &mut self,
        key: &SessionKey,
        session: u64,
        profile: Profile,
        make_current: bool,
        now_ms: i64,
    ) -> Result<(Effects, UserView), SessionError> {
        let classify = self.classify;
        let (entry, names) =
            self.session_and_names(key, session)
                .ok_or(SessionError::UserNotLoggedIn(
                    "the user logged out while its profile was fetched",
                ))?;
        entry.set_profile(profile, names);
        entry.classify(classify);
        let mut effects = Effects::default();
        let uid = key.uid;
        let view = self.tracking_current(uid, None, &mut effects, |users, effects| {
            if make_current {
                users.make_current(uid, &key.user_id, now_ms, effects);
            } else {
                users.put(uid, &key.user_id, effects);
            }
            users.announce(uid, &key.user_id, effects, EventKind::ProfileUpdated)
        })?;
        Ok((effects, view))
    }

    /// The refresh token of a logged-in session expires soon: `refresh_token_expiring`, once per
    /// refresh token.
    pub(in crate::session) fn warn_expiry(&mut self, key: &SessionKey) -> Option<Effects> {
        let entry = self.get_mut(key.uid, &key.user_id)?;
        if entry.warned || !entry.is_logged_in() {
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
}

/// The effects of new tokens in `entry`: the record written (durably only when `durable`) and
/// the session rescheduled.
/// The token a refresh just brought, for its caller; a token that arrived already expired is a
/// malformed answer.
fn served(
    entry: &UserEntry,
    app: &str,
    purpose: &Purpose,
    now_ms: i64,
) -> Result<AccessTokenView, SessionError> {
    entry
        .token_for(app, purpose, std::time::Duration::ZERO, now_ms)
        .ok_or_else(|| {
            SessionError::Backend(crate::backend::BackendError::Malformed(
                "the refreshed access token has already expired".to_owned(),
            ))
        })
}

fn tokens_changed(key: &SessionKey, entry: &UserEntry, durable: bool) -> Effects {
    let mut effects = Effects {
        durable,
        ..Effects::default()
    };
    effects.change(Change::PutUser(Box::new(entry.record_for_disk())));
    if let Some(times) = entry.times() {
        effects.schedule(ScheduleChange::Plan(key.clone(), times));
    }
    effects
}
