//! Keeping access tokens fresh: the one refresh path ([`RefreshPath::refresh`]) shared by callers
//! (`GetAccessToken`, `RefreshUser`), by calls whose access token the backend refused, and by the
//! scheduler. One refresh per session at a time: concurrent callers wait for it and share its
//! result. Its outcomes: new tokens (a rotated refresh token committed durably before the new
//! access token is handed out), backoff after a transient failure (which every later trigger
//! honours until it is over), or the end of the session when the refresh token is refused.

use std::sync::Arc;
use std::time::Duration;

use super::apps::App;
use super::core::Core;
use super::scheduler::{Job, ScheduleChange, SessionKey, backoff};
use super::types::{AccessTokenView, Caller, IdTokenView, SessionError, Target, UserView};
use super::users::{FailedAttempt, Seen, Writing};
use crate::backend::{BackendError, ErrorKind, Purpose};
use crate::metrics::RefreshOutcome;
use crate::secret::Secret;

/// How long the session's own access token must stay valid to be exchanged for a narrower one.
const EXCHANGE_MIN_VALID_MS: i64 = 30_000;

/// A caller that holds no usable token may try the backend inside a session's backoff, at most
/// this often: a backend that is back is noticed within about this long, and one that is still
/// down sees at most one request a session per interval however many callers wait.
pub(super) const PROBE_INTERVAL: Duration = Duration::from_secs(1);

/// When an outage ends, the sessions that were backing off are retried over this long.
const RECOVERY_SPREAD: Duration = Duration::from_secs(2);

/// Who asked for a refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trigger {
    /// The scheduler: the token is due.
    Scheduled,
    /// A caller that needs a token; `allow_stale`: after a transient failure, the cached token
    /// (while still valid) answers it.
    Caller { allow_stale: bool },
    /// A call made with the access token was refused: only a new token will do.
    TokenRefused,
}

/// The cached token, marked stale, for a caller that accepts one.
fn stale_or(cached: Option<AccessTokenView>, trigger: Trigger) -> Option<AccessTokenView> {
    cached
        .filter(|_| trigger == Trigger::Caller { allow_stale: true })
        .map(|view| AccessTokenView {
            stale: true,
            ..view
        })
}

/// The one refresh path, on the session core.
#[derive(Clone, Copy)]
pub(crate) struct RefreshPath<'a> {
    pub(super) core: &'a Arc<Core>,
}

impl RefreshPath<'_> {
    /// An access token valid for at least `min_valid`, refreshed first when needed or when
    /// `force_refresh` (honouring the session's backoff).
    ///
    /// # Errors
    /// No such user; logged out; `ReauthRequired` when the backend refuses the refresh token (the
    /// user is then logged out, an anonymous one removed); `BackingOff` or a backend error when
    /// the refresh fails and the cached token has expired.
    pub(crate) async fn access_token(
        &self,
        caller: &Caller,
        target: Target<'_>,
        min_valid: Duration,
        force_refresh: bool,
        purpose: &Purpose,
    ) -> Result<AccessTokenView, SessionError> {
        let (app, owner) = self.core.reading_on(caller, target).await?;
        if !purpose.is_default() && app.backend.capabilities().purposes.is_none() {
            return Err(SessionError::InvalidArgument(format!(
                "app {:?} has no tokens for scopes or an audience: leave scopes and audience empty",
                app.name
            )));
        }
        let (key, seen, forced_at) = {
            // The cached path: a read of memory, never behind a writer's commit.
            let users = app.users.read();
            let entry = users.logged_in(owner, target.user_id)?;
            let now = self.core.clock.now_ms();
            if !force_refresh
                && let Some(view) = entry.token_for(&app.name, purpose, min_valid, now)
            {
                return Ok(view);
            }
            let (key, seen) = (users.key_of(entry), entry.seen(purpose));
            // Forced refreshes of one session are spaced a second apart; one that waits shares
            // any refresh made meanwhile (single flight, below).
            // (Inside a backoff nothing is sent anyway: no wait.)
            let backing_off = entry.backoff.as_ref().is_some_and(|b| b.retry_at_ms > now);
            let forced_at = (force_refresh && !backing_off).then(|| entry.forced_refresh_at(now));
            (key, seen, forced_at)
        };
        let wait_ms = match forced_at {
            Some(at) => {
                app.users.update(|users| users.note_forced(&key, at));
                at.saturating_sub(self.core.clock.now_ms())
            }
            None => 0,
        };
        if wait_ms > 0 {
            tokio::time::sleep(Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0))).await;
        }
        let trigger = Trigger::Caller { allow_stale: true };
        single_flight(
            &app,
            &key,
            self.refresh_for(&app, &key, seen, trigger, purpose),
        )
        .await
    }

    /// The session's ID token valid for at least `min_valid`, the session refreshed first
    /// through the one refresh path when it is not (most providers send a new ID token with each
    /// refresh, checked as at login).
    ///
    /// # Errors
    /// As [`RefreshPath::access_token`] (a stale token is no answer here);
    /// `IdTokensNotEnabled` for an app that does not serve them; `IdTokenNotRenewed` when the
    /// provider sends no new ID token on refresh and the one held falls short.
    pub(crate) async fn id_token(
        &self,
        caller: &Caller,
        target: Target<'_>,
        min_valid: Duration,
    ) -> Result<IdTokenView, SessionError> {
        let (app, owner) = self.core.reading_on(caller, target).await?;
        if !app.backend.capabilities().id_tokens {
            return Err(SessionError::IdTokensNotEnabled(app.name.clone()));
        }
        let (key, generation) = {
            let users = app.users.read();
            let entry = users.logged_in(owner, target.user_id)?;
            if let Some(view) =
                entry.id_token_for(&app.name, min_valid, self.core.clock.now_ms())?
            {
                return Ok(view);
            }
            (users.key_of(entry), entry.generation)
        };
        self.refresh(
            &app,
            &key,
            generation,
            Trigger::Caller { allow_stale: false },
        )
        .await?;
        let users = app.users.read();
        let entry = users.logged_in(key.uid, &key.user_id)?;
        entry
            .id_token_for(&app.name, min_valid, self.core.clock.now_ms())?
            .ok_or_else(|| {
                SessionError::IdTokenNotRenewed(
                    "the session's ID token does not stay valid that long".to_owned(),
                )
            })
    }

    /// Refreshes the access token now (which refreshes custom data) and returns the user.
    ///
    /// # Errors
    /// As [`RefreshPath::access_token`]; a stale token is no answer here.
    pub(crate) async fn refresh_user(
        &self,
        caller: &Caller,
        target: Target<'_>,
    ) -> Result<UserView, SessionError> {
        let (app, owner) = self.core.acting_on(caller, target).await?;
        let (key, generation) = {
            let users = app.users.read();
            let entry = users.logged_in(owner, target.user_id)?;
            (users.key_of(entry), entry.generation)
        };
        self.refresh(
            &app,
            &key,
            generation,
            Trigger::Caller { allow_stale: false },
        )
        .await?;
        app.users.read().view(key.uid, &key.user_id)
    }

    /// Runs a call made with the session's access token; when the backend refuses the token,
    /// refreshes through the one refresh path and retries once (spec §4.4).
    pub(super) async fn with_access_token<T, F, Fut>(
        &self,
        app: &App,
        key: &SessionKey,
        call: F,
    ) -> Result<T, SessionError>
    where
        F: Fn(Secret) -> Fut,
        Fut: Future<Output = Result<T, BackendError>>,
    {
        self.core.open_sealed(app, Some(key.uid)).await?;
        let (access, generation) = {
            let users = app.users.read();
            let entry = users
                .get(key.uid, &key.user_id)
                .ok_or(SessionError::UserNotFound)?;
            let (access, _) = entry.tokens().ok_or_else(|| entry.not_logged_in())?;
            (access, entry.generation)
        };
        match self.core.backend_call(app, call(access)).await {
            Err(err) if err.kind() == ErrorKind::TokenRefused => {
                tracing::debug!(app = %app.name, user = %key.user_id, "access token refused; refreshing");
                let fresh = self
                    .refresh(app, key, generation, Trigger::TokenRefused)
                    .await?;
                Ok(self.core.backend_call(app, call(fresh.token)).await?)
            }
            other => Ok(other?),
        }
    }

    /// The refresh path. `generation` is the session's token generation when the request
    /// arrived: if the tokens changed since (another refresh finished while this one waited for
    /// the session's gate), that result is shared instead of refreshing again.
    pub(super) async fn refresh(
        &self,
        app: &App,
        key: &SessionKey,
        generation: u64,
        trigger: Trigger,
    ) -> Result<AccessTokenView, SessionError> {
        let seen = Seen::Generation(generation);
        let purpose = Purpose::default();
        single_flight(
            app,
            key,
            self.refresh_for(app, key, seen, trigger, &purpose),
        )
        .await
    }

    /// The refresh path for any purpose (the default one: the session's own token), run under
    /// [`single_flight`]. `seen` is what the caller saw of that token when it arrived: when the
    /// session holds another one once this refresh's turn comes (another caller refreshed
    /// meanwhile), that one is shared.
    async fn refresh_for(
        &self,
        app: &App,
        key: &SessionKey,
        seen: Seen,
        trigger: Trigger,
        purpose: &Purpose,
    ) -> Result<AccessTokenView, SessionError> {
        // Any purpose but the session's own needs the capability; a backend that has it also
        // refreshes the session's own token through it, with the session's current access token
        // (an OpenID provider may end that one at the refresh, and the backend finds out).
        let offered = app.backend.capabilities().purposes;
        let purposes = if purpose.is_default() {
            offered
        } else {
            Some(app.offers(offered, "tokens for scopes or an audience")?)
        };
        // A scheduled refresh may be a session's first use since the start.
        self.core.open_sealed(app, Some(key.uid)).await?;
        let (held, session, failures, exchangeable) = {
            let users = app.users.read();
            let entry = users
                .get(key.uid, &key.user_id)
                .ok_or(SessionError::UserNotFound)?;
            let now = self.core.clock.now_ms();
            if entry.seen(purpose) != seen
                && let Some(view) = entry.token_for(&app.name, purpose, Duration::ZERO, now)
            {
                return Ok(view);
            }
            let tokens = entry.tokens().ok_or_else(|| entry.not_logged_in())?;
            if let Some(backoff) = entry.backoff.as_ref().filter(|b| b.retry_at_ms > now) {
                let stale = stale_or(
                    entry.token_for(&app.name, purpose, Duration::ZERO, now),
                    trigger,
                );
                // A caller of GetAccessToken left with nothing to use may probe the backend,
                // spaced out, unless the backend said when to come back; the scheduler,
                // RefreshUser and callers with a usable token wait for the backoff.
                let probe = trigger == (Trigger::Caller { allow_stale: true })
                    && stale.is_none()
                    && !backoff.server_asked
                    && now.saturating_sub(backoff.attempted_at_ms)
                        >= crate::clock::millis(PROBE_INTERVAL);
                if !probe {
                    let retry_in = Duration::from_millis(
                        u64::try_from(backoff.retry_at_ms - now).unwrap_or(0),
                    );
                    let waiting = SessionError::BackingOff {
                        last_error: backoff.last_error.clone(),
                        retry_in,
                    };
                    if trigger == Trigger::Scheduled {
                        // Due early (a reload placed it by the token alone): wait for the backoff.
                        let retry = ScheduleChange::RetryAt(key.clone(), backoff.retry_at_ms);
                        self.core.scheduler.apply(retry, &app.refresh);
                    }
                    return stale.ok_or(waiting);
                }
            }
            let failures = entry.backoff.as_ref().map_or(0, |backoff| backoff.failures);
            // The session's own token, to a backend that narrows it by exchange, only while it
            // stays valid a while yet.
            let exchangeable = entry
                .record
                .access_expires_at_ms
                .is_some_and(|expires| expires.saturating_sub(now) >= EXCHANGE_MIN_VALID_MS);
            (tokens, entry.session, failures, exchangeable)
        };
        // Read from the store outside any lock; a token stored for a later login is not taken.
        let (access_token, refresh_token) = match self.core.tokens(app, key, held).await {
            Ok(tokens) => (tokens.access, tokens.refresh),
            Err(SessionError::Store(err)) => {
                // The disk did not give the refresh token back: the session is tried again
                // after a backoff, as after a failed refresh, so that it is not left unscheduled.
                let now = self.core.clock.now_ms();
                let delay = backoff(&app.refresh, failures + 1, None, rand::random());
                let retry = ScheduleChange::RetryAt(
                    key.clone(),
                    now.saturating_add(crate::clock::millis(delay)),
                );
                self.core.scheduler.apply(retry, &app.refresh);
                tracing::warn!(app = %app.name, user = %key.user_id, error = %err, "the refresh token cannot be read from the store; retrying with backoff");
                let cached = app
                    .users
                    .read()
                    .get(key.uid, &key.user_id)
                    .and_then(|entry| entry.token_for(&app.name, purpose, Duration::ZERO, now));
                return stale_or(cached, trigger).ok_or(SessionError::Store(err));
            }
            Err(err) => return Err(err),
        };
        let result = {
            let _slot = self.core.scheduler.slot().await;
            let sent = tokio::time::Instant::now();
            let refresh_token = refresh_token.as_ref();
            let access_token = exchangeable.then_some(&access_token);
            let call = match purposes {
                Some(purposes) => {
                    purposes.refresh_for(&key.user_id, access_token, refresh_token, purpose)
                }
                None => app.backend.refresh(&key.user_id, refresh_token),
            };
            let result = self.core.backend_call(app, call).await;
            let outcome = match &result {
                Ok(_) => RefreshOutcome::Ok,
                Err(err) if err.kind() == ErrorKind::TokenRefused => RefreshOutcome::TokenRefused,
                Err(_) => RefreshOutcome::Error,
            };
            self.core
                .metrics
                .refresh(&app.name, outcome, sent.elapsed());
            result
        };
        let mut users = app.users.writing().await;
        let now = self.core.clock.now_ms();
        match result {
            Ok(refreshed) => {
                let (effects, token) = users.with(|users| {
                    if purpose.is_default() {
                        users.refreshed(key, session, refreshed, now)
                    } else {
                        users.purpose_refreshed(key, session, purpose, refreshed, now)
                    }
                })?;
                self.core.apply(app, &mut users, effects).await?;
                if failures > 0 {
                    tracing::info!(app = %app.name, user = %key.user_id, failures, "refresh recovered after {failures} failures");
                }
                if app.outage.swap(false, std::sync::atomic::Ordering::Relaxed) {
                    // The backend answers again: no session waits out a backoff it earned
                    // while the backend was down.
                    let spread = crate::clock::millis(RECOVERY_SPREAD);
                    let effects = users.with(|users| users.end_backoffs(now, spread, rand::random));
                    self.core.apply(app, &mut users, effects).await?;
                }
                token
            }
            Err(err) if err.kind() == ErrorKind::TokenRefused => {
                if self
                    .end_refused(app, &mut users, key, session, &err)
                    .await?
                {
                    Err(SessionError::ReauthRequired(err.to_string()))
                } else {
                    Err(SessionError::UserNotLoggedIn("the user is not logged in"))
                }
            }
            // A purpose the server will not serve says nothing of the session's health.
            Err(err) if !err.is_transient() && !purpose.is_default() => Err(err.into()),
            Err(err) => {
                let delay = backoff(
                    &app.refresh,
                    failures + 1,
                    err.retry_after(),
                    rand::random(),
                );
                let retry_at = now.saturating_add(crate::clock::millis(delay));
                if failures == 0 {
                    tracing::warn!(app = %app.name, user = %key.user_id, error = %err, trigger = ?trigger, "refresh failed; retrying with backoff");
                } else {
                    tracing::debug!(app = %app.name, user = %key.user_id, error = %err, failures = failures + 1, "refresh failed again");
                }
                let cached = users
                    .read()
                    .get(key.uid, &key.user_id)
                    .and_then(|entry| entry.token_for(&app.name, purpose, Duration::ZERO, now))
                    // Only a transient failure leaves the cached token an acceptable answer.
                    .filter(|_| err.is_transient());
                if err.is_transient() {
                    app.outage.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                let attempt = FailedAttempt {
                    attempted_at_ms: now,
                    retry_at_ms: retry_at,
                    server_asked: err.retry_after().is_some(),
                };
                let effects = users
                    .with(|users| users.refresh_failed(key, session, err.to_string(), attempt));
                self.core.apply(app, &mut users, effects).await?;
                stale_or(cached, trigger).ok_or_else(|| err.into())
            }
        }
    }

    /// The backend refused the refresh token of `session`: the session ends, once, whoever
    /// finds out first. `false` when it had already ended (or been replaced) meanwhile.
    ///
    /// # Errors
    /// The store failed.
    pub(super) async fn end_refused(
        &self,
        app: &App,
        users: &mut Writing<'_>,
        key: &SessionKey,
        session: u64,
        err: &BackendError,
    ) -> Result<bool, SessionError> {
        let Some(effects) = users.with(|users| users.expire(key, session, &err.to_string())) else {
            return Ok(false);
        };
        self.core.apply(app, users, effects).await?;
        tracing::info!(app = %app.name, user = %key.user_id, error = %err, "refresh token refused: the user must log in again");
        Ok(true)
    }

    /// Runs a job the scheduler found due.
    pub(super) async fn run_job(self, key: SessionKey, job: Job) {
        let Ok(app) = self.core.apps.get(&key.app) else {
            return;
        };
        match job {
            Job::Refresh => {
                let generation = {
                    let users = app.users.read();
                    match users.get(key.uid, &key.user_id) {
                        Some(entry) if entry.is_logged_in() => entry.generation,
                        _ => return,
                    }
                };
                // Outcomes are handled (rescheduled, published) inside; nothing to return to.
                let _ = self
                    .refresh(&app, &key, generation, Trigger::Scheduled)
                    .await;
            }
            Job::ExpiryWarning => {
                let mut users = app.users.writing().await;
                if let Some(effects) = users.with(|users| users.warn_expiry(&key))
                    && let Err(err) = self.core.apply(&app, &mut users, effects).await
                {
                    tracing::warn!(app = %app.name, error = %err, "cannot announce a refresh token's expiry");
                }
            }
        }
    }
}

/// Runs `flight` (a refresh of the session `key`, not yet started) holding the session's
/// single-flight gate, and lets the gate go with the last refresh that holds or waits for it.
async fn single_flight<T>(
    app: &App,
    key: &SessionKey,
    flight: impl Future<Output = Result<T, SessionError>>,
) -> Result<T, SessionError> {
    let gate = app.users.update(|users| users.refresh_gate(key))?;
    let result = {
        let _flight = gate.lock().await;
        flight.await
    };
    app.users.update(|users| users.release_gate(key, &gate));
    result
}
