//! Keeping access tokens fresh: the one refresh path (single flight per session) shared by
//! callers (`GetAccessToken`, `RefreshUser`) and the scheduler, its outcomes (new token, backoff
//! after a transient failure, logout after a refused refresh token), and the scheduler loop.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::schedule::{Job, SessionKey};
use super::{
    AccessTokenView, AppSessions, EventKind, SessionError, SessionManager, UserView, now_ms,
    session_key, unix_millis,
};
use crate::backend::{BackendError, Tokens};
use crate::config::RefreshPolicy;
use crate::store::Change;

/// The scheduler re-reads the wall clock at least this often, so that a suspend/resume or a
/// clock jump makes overdue refreshes happen within seconds.
const CLOCK_CHECK: Duration = Duration::from_secs(2);

/// Who asked for a refresh.
#[derive(Debug, Clone, Copy)]
enum Trigger {
    /// A caller that needs a token; `allow_stale`: after a transient failure, the cached token
    /// (while valid) is an answer.
    Caller {
        /// Whether a stale token answers the caller.
        allow_stale: bool,
    },
    /// The scheduler, at the session's refresh point or after a backoff.
    Scheduled,
}

/// The delay before retry number `failures` (1-based): full jitter over a capped exponential.
fn backoff(policy: &RefreshPolicy, failures: u32, retry_after: Option<Duration>) -> Duration {
    let exponent = failures.saturating_sub(1).min(20);
    let ceiling = policy
        .backoff_base
        .saturating_mul(1 << exponent)
        .min(policy.backoff_cap);
    let jittered = ceiling.mul_f64(rand::random::<f64>());
    // Never retry sooner than the backend asked, nor in a tight loop.
    jittered
        .max(retry_after.unwrap_or_default())
        .max(Duration::from_millis(100))
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl SessionManager {
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
        caller: super::Caller,
        app_name: &str,
        user_id: &str,
        min_valid: Duration,
        force_refresh: bool,
    ) -> Result<AccessTokenView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        let (user_id, generation) = {
            let users = app.users.lock().await;
            let (user_id, entry, _) = users.logged_in(caller.uid, user_id)?;
            if !force_refresh {
                if let Some(view) = entry.token_valid_for(app_name, min_valid) {
                    return Ok(view);
                }
            }
            (user_id, entry.generation)
        };
        let key = session_key(app_name, caller.uid, &user_id);
        self.refresh(
            app_name,
            app,
            &key,
            generation,
            Trigger::Caller { allow_stale: true },
        )
        .await
    }

    /// Refreshes the access token now (which refreshes custom data) and returns the user.
    ///
    /// # Errors
    /// As [`SessionManager::access_token`].
    pub async fn refresh_user(
        &self,
        caller: super::Caller,
        app_name: &str,
        user_id: &str,
    ) -> Result<UserView, SessionError> {
        let (app_name, app) = self.app(app_name)?;
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        let (user_id, generation) = {
            let users = app.users.lock().await;
            let (user_id, entry, _) = users.logged_in(caller.uid, user_id)?;
            (user_id, entry.generation)
        };
        let key = session_key(app_name, caller.uid, &user_id);
        // The caller asked for new data: a stale token is no answer.
        self.refresh(
            app_name,
            app,
            &key,
            generation,
            Trigger::Caller { allow_stale: false },
        )
        .await?;
        let users = app.users.lock().await;
        users.view(caller.uid, app_name, &user_id)
    }

    /// The refresh path. `generation` is the session's token generation when the request
    /// arrived: if the tokens changed since (another refresh finished while this one waited for
    /// the session's lock), that result is shared instead of refreshing again.
    async fn refresh(
        &self,
        app_name: &str,
        app: &AppSessions,
        key: &SessionKey,
        generation: u64,
        trigger: Trigger,
    ) -> Result<AccessTokenView, SessionError> {
        let refresh_lock = {
            let users = app.users.lock().await;
            let entry = users
                .get(key.uid, &key.user_id)
                .ok_or(SessionError::UserNotFound)?;
            entry.refresh_lock.clone()
        };
        let _flight = refresh_lock.lock().await;
        let tokens = {
            let users = app.users.lock().await;
            let entry = users
                .get(key.uid, &key.user_id)
                .ok_or(SessionError::UserNotFound)?;
            if entry.generation != generation {
                if let Some(view) = entry.token_valid_for(app_name, Duration::ZERO) {
                    return Ok(view);
                }
            }
            entry
                .tokens()
                .ok_or(SessionError::UserNotLoggedIn("the user is not logged in"))?
        };
        let result = {
            let _slot = self.refresh_slots.acquire().await;
            app.backend.refresh(&tokens.refresh).await
        };
        self.note_reachability(app_name, app);
        match result {
            Ok(access) => self.refreshed(app_name, app, key, tokens, access).await,
            Err(err) if err.is_unauthorized() => Err(self
                .refresh_refused(app_name, app, key, &tokens, &err)
                .await),
            Err(err) => self.refresh_failed(app_name, app, key, err, trigger).await,
        }
    }

    async fn refreshed(
        &self,
        app_name: &str,
        app: &AppSessions,
        key: &SessionKey,
        tokens: Tokens,
        access: crate::secret::Secret,
    ) -> Result<AccessTokenView, SessionError> {
        let mut users = app.users.lock().await;
        let entry = users
            .get_mut(key.uid, &key.user_id)
            .filter(|entry| entry.holds_refresh_token(&tokens.refresh))
            .ok_or(SessionError::UserNotLoggedIn(
                "the user logged out during the refresh",
            ))?;
        if entry.failures > 0 {
            tracing::info!(app = %app_name, user = %key.user_id, failures = entry.failures, "refresh recovered after {} failures", entry.failures);
        }
        let custom_data_before = super::view_of(entry, app_name, false).custom_data;
        entry.set_tokens(
            Some(Tokens {
                access,
                refresh: tokens.refresh,
            }),
            now_ms(),
        );
        self.schedule_session(app_name, &app.policy, entry);
        let record = entry.record_for_disk();
        let view = entry
            .token_valid_for(app_name, Duration::ZERO)
            .ok_or_else(|| {
                SessionError::Backend(BackendError::Malformed(
                    "the refreshed access token has already expired".to_owned(),
                ))
            });
        // Only the access token changed: losing it in a crash costs one refresh, not a session.
        self.store
            .commit_lazily(vec![Change::PutUser(Box::new(record))])
            .await?;
        let user = users.view(key.uid, app_name, &key.user_id)?;
        if let Some(expires_at) = user.access_token_expires_at {
            self.publish(
                key.uid,
                app_name,
                &key.user_id,
                EventKind::TokenRefreshed { expires_at },
            );
        }
        if user.custom_data != custom_data_before {
            self.publish(
                key.uid,
                app_name,
                &key.user_id,
                EventKind::ProfileUpdated(Box::new(user)),
            );
        }
        view
    }

    /// The backend refused the refresh token: the session is over (spec §4.5). Returns the
    /// error for the caller: `ReauthRequired`, or why the session could not be ended.
    pub(super) async fn refresh_refused(
        &self,
        app_name: &str,
        app: &AppSessions,
        key: &SessionKey,
        tokens: &Tokens,
        err: &BackendError,
    ) -> SessionError {
        match self
            .end_refused_session(app_name, app, key, tokens, err)
            .await
        {
            Ok(()) => SessionError::ReauthRequired(err.to_string()),
            Err(failure) => failure,
        }
    }

    /// Ends the session whose refresh token was refused. Exactly one `token_expired` is
    /// published, by whichever refresh finds the session still holding the refused token.
    async fn end_refused_session(
        &self,
        app_name: &str,
        app: &AppSessions,
        key: &SessionKey,
        tokens: &Tokens,
        err: &BackendError,
    ) -> Result<(), SessionError> {
        let mut users = app.users.lock().await;
        let still_ours = users
            .get(key.uid, &key.user_id)
            .is_some_and(|entry| entry.holds_refresh_token(&tokens.refresh));
        if !still_ours {
            return Err(SessionError::UserNotLoggedIn("the user is not logged in"));
        }
        let before = users.current_of(key.uid).map(str::to_owned);
        if let Some(entry) = users.get_mut(key.uid, &key.user_id) {
            entry.record.expired = true;
        }
        let (changes, view) = users.end_session(key.uid, app_name, &key.user_id)?;
        self.store.commit(changes).await?;
        self.schedule.cancel(key);
        tracing::info!(app = %app_name, user = %key.user_id, error = %err, "refresh token refused: the user must log in again");
        self.publish(
            key.uid,
            app_name,
            &key.user_id,
            EventKind::TokenExpired {
                reason: "REFRESH_TOKEN_REJECTED".to_owned(),
                detail: err.to_string(),
            },
        );
        if view.state == super::UserState::Removed {
            self.publish(
                key.uid,
                app_name,
                &key.user_id,
                EventKind::UserRemoved {
                    reason: "token_expired".to_owned(),
                },
            );
        }
        self.publish_current_change(key.uid, app_name, &users, before);
        Ok(())
    }

    /// A transient failure: keep the session, retry after a backoff, tell subscribers; a caller
    /// gets the cached token, marked stale, while it is still valid.
    async fn refresh_failed(
        &self,
        app_name: &str,
        app: &AppSessions,
        key: &SessionKey,
        err: BackendError,
        trigger: Trigger,
    ) -> Result<AccessTokenView, SessionError> {
        let mut users = app.users.lock().await;
        let Some(entry) = users.get_mut(key.uid, &key.user_id) else {
            return Err(SessionError::UserNotFound);
        };
        entry.failures += 1;
        let delay = backoff(&app.policy, entry.failures, err.retry_after());
        let next_attempt_ms = now_ms() + millis(delay);
        if entry.failures == 1 {
            tracing::warn!(app = %app_name, user = %key.user_id, error = %err, trigger = ?trigger, "refresh failed; retrying with backoff");
        } else {
            tracing::debug!(app = %app_name, user = %key.user_id, error = %err, failures = entry.failures, "refresh failed again");
        }
        self.schedule.set(key, Job::Refresh, next_attempt_ms);
        let cached = entry.token_valid_for(app_name, Duration::ZERO);
        drop(users);
        self.publish(
            key.uid,
            app_name,
            &key.user_id,
            EventKind::RefreshFailed {
                error: err.to_string(),
                next_attempt_at: unix_millis(next_attempt_ms),
            },
        );
        // Only a transient failure leaves the cached token an acceptable answer.
        match (cached, trigger) {
            (Some(mut view), Trigger::Caller { allow_stale: true }) if err.is_transient() => {
                view.stale = true;
                Ok(view)
            }
            _ => Err(err.into()),
        }
    }

    /// Runs the refresh scheduler until `shutdown`: one loop over the deadline-ordered schedule,
    /// woken when the earliest deadline changes and at least every [`CLOCK_CHECK`].
    pub async fn run_scheduler(self: Arc<Self>, shutdown: CancellationToken) {
        let mut jobs = tokio::task::JoinSet::new();
        loop {
            let now = now_ms();
            for (key, job) in self.schedule.take_due(now) {
                let manager = self.clone();
                jobs.spawn(async move { manager.run_job(key, job).await });
            }
            let wait = self.schedule.next_deadline().map_or(CLOCK_CHECK, |at| {
                Duration::from_millis(u64::try_from(at - now).unwrap_or(0)).min(CLOCK_CHECK)
            });
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.schedule.changed.notified() => {}
                () = tokio::time::sleep(wait) => {}
                Some(_) = jobs.join_next(), if !jobs.is_empty() => {}
            }
        }
        jobs.abort_all();
    }

    async fn run_job(&self, key: SessionKey, job: Job) {
        let Ok((app_name, app)) = self.app(&key.app) else {
            return;
        };
        let (app_name, app) = (app_name.as_str(), app.as_ref());
        match job {
            Job::Refresh => {
                let generation = {
                    let users = app.users.lock().await;
                    match users.get(key.uid, &key.user_id) {
                        Some(entry) if entry.tokens().is_some() => entry.generation,
                        _ => return,
                    }
                };
                // Outcomes are handled (rescheduled, published) inside; nothing to return to.
                let _ = self
                    .refresh(app_name, app, &key, generation, Trigger::Scheduled)
                    .await;
            }
            Job::ExpiryWarning => {
                let expires_at = {
                    let mut users = app.users.lock().await;
                    let Some(entry) = users.get_mut(key.uid, &key.user_id) else {
                        return;
                    };
                    if entry.warned || entry.tokens().is_none() {
                        return;
                    }
                    entry.warned = true;
                    entry
                        .refresh_timing()
                        .map(|timing| unix_millis(timing.expires_ms))
                };
                if let Some(expires_at) = expires_at {
                    self.publish(
                        key.uid,
                        app_name,
                        &key.user_id,
                        EventKind::RefreshTokenExpiring { expires_at },
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_jittered_and_honours_retry_after() {
        let policy = RefreshPolicy {
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(8),
            ..RefreshPolicy::default()
        };
        for failures in 1..30 {
            let delay = backoff(&policy, failures, None);
            assert!(delay <= Duration::from_secs(8), "{delay:?}");
            assert!(delay >= Duration::from_millis(100));
        }
        assert!(backoff(&policy, 1, Some(Duration::from_secs(30))) >= Duration::from_secs(30));
        let spread: std::collections::BTreeSet<u128> = (0..50)
            .map(|_| backoff(&policy, 10, None).as_millis())
            .collect();
        assert!(spread.len() > 10, "jitter spreads retries: {spread:?}");
    }
}
