//! The refresh scheduler: one deadline-ordered set of (wall-clock deadline, session, job) for
//! every session of every app, a `Notify` that wakes its one loop when the earliest deadline
//! moves, and the rules that place deadlines: a refresh at a jittered fraction of the access
//! token's usable lifetime, the refresh-token expiry warning, and capped full-jitter backoff. No
//! task or timer per session.
//!
//! Deadlines are on the injected clock (wall clock, as token expiries are); the loop re-reads it
//! at least every [`CLOCK_CHECK`], so a suspend/resume or a clock jump is noticed within seconds.
//! The placement rules are pure functions, tested without a clock.

use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore, SemaphorePermit};
use tokio_util::sync::CancellationToken;

use crate::clock::{SharedClock, millis};
use crate::config::RefreshPolicy;

/// The loop re-reads the clock at least this often.
const CLOCK_CHECK: Duration = Duration::from_secs(2);

/// Refreshes running at once, at most: a burst of due sessions must not flood the backends.
const REFRESH_SLOTS: usize = 32;

/// A retry after a failure never comes sooner than this, whatever the jitter drew.
const BACKOFF_FLOOR: Duration = Duration::from_millis(100);

/// One session: an owner's user of an app.
///
/// A pointer to its parts, shared: the schedule holds each key twice per job, and a key of
/// plain texts (or of two `Arc<str>`, 40 bytes) made those four copies cost about 140 bytes a
/// session more than one shared allocation does. Its parts read as fields (`key.uid`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SessionKey(std::sync::Arc<KeyParts>);

/// What a [`SessionKey`] names.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct KeyParts {
    pub app: std::sync::Arc<str>,
    pub uid: u32,
    pub user_id: Box<str>,
}

impl SessionKey {
    pub(crate) fn new(app: std::sync::Arc<str>, uid: u32, user_id: &str) -> Self {
        Self(std::sync::Arc::new(KeyParts {
            app,
            uid,
            user_id: user_id.into(),
        }))
    }
}

impl std::ops::Deref for SessionKey {
    type Target = KeyParts;

    fn deref(&self) -> &KeyParts {
        &self.0
    }
}

/// What is due for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Job {
    Refresh,
    /// Warn that the refresh token expires soon (`refresh_token_expiring`).
    ExpiryWarning,
}

/// When a logged-in session's tokens were received and expire: what its deadlines follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct SessionTimes {
    pub access_received_ms: i64,
    pub access_expires_ms: i64,
    /// When the backend can tell.
    pub refresh_expires_ms: Option<i64>,
    /// `refresh_token_expiring` was already emitted for this refresh token.
    pub warned: bool,
    /// The access token's expiry is the moment the daemon replaces it (its provider ends it at
    /// refresh): the refresh is planned for then, not earlier.
    pub ends_at_refresh: bool,
}

/// A change to the schedule, as bookkeeping asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ScheduleChange {
    /// The session's tokens changed: place its refresh and its expiry warning.
    Plan(SessionKey, SessionTimes),
    /// A refresh failed: retry at this time (backoff).
    RetryAt(SessionKey, i64),
    /// The session ended.
    Cancel(SessionKey),
}

/// When to refresh an access token: at `refresh_at` of its usable lifetime (receipt to local
/// expiry, which already allows for the backend's precision), moved by up to `jitter` of it
/// either way as `unit_random` (in `[0, 1)`) says, so that sessions logged in together do not
/// refresh together.
pub(super) fn refresh_deadline(
    times: &SessionTimes,
    policy: &RefreshPolicy,
    unit_random: f64,
) -> i64 {
    if times.ends_at_refresh {
        // Its reported expiry was set to when it is replaced: keep that promise.
        return times.access_expires_ms;
    }
    let usable_ms = times
        .access_expires_ms
        .saturating_sub(times.access_received_ms)
        .max(0);
    let spread = policy.jitter * (unit_random * 2.0 - 1.0);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "milliseconds of a token lifetime"
    )]
    let offset = (usable_ms as f64 * (policy.refresh_at + spread)) as i64;
    times.access_received_ms.saturating_add(offset)
}

/// When to warn that a refresh token expires: `expiry_warning` before it does.
pub(super) fn warning_deadline(refresh_expires_ms: i64, policy: &RefreshPolicy) -> i64 {
    refresh_expires_ms.saturating_sub(millis(policy.expiry_warning))
}

/// The longest `Retry-After` honoured: a server asking for more (9.3e15 s was seen) gets this,
/// so that a session is neither hammered nor left without a refresh for ever.
pub(super) const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// How long to wait after the `failures`-th transient failure in a row: a ceiling that doubles
/// from `backoff_base` up to `backoff_cap`, of which the first half is always waited and the
/// second drawn at random (`unit_random` in `[0, 1)`), never sooner than the backend asked
/// (`retry_after`) nor than a floor. Half is fixed so that retries are at least 0.5 s, 1 s,
/// 2 s, ... apart whatever the draws: with full jitter a run of small draws could send
/// several retries within a second to a backend that is already failing.
pub(super) fn backoff(
    policy: &RefreshPolicy,
    failures: u32,
    retry_after: Option<Duration>,
    unit_random: f64,
) -> Duration {
    let exponent = failures.saturating_sub(1).min(20);
    let ceiling = policy
        .backoff_base
        .saturating_mul(1 << exponent)
        .min(policy.backoff_cap);
    ceiling
        .mul_f64(0.5 + unit_random.clamp(0.0, 1.0) / 2.0)
        .max(retry_after.unwrap_or_default().min(MAX_RETRY_AFTER))
        .max(BACKOFF_FLOOR)
}

/// A session's deadlines, `NONE` where it has no such job. Two plain times rather than two
/// `Option`s: 16 bytes instead of 32, for every session.
#[derive(Debug, Clone, Copy)]
struct Deadlines([i64; 2]);

impl Deadlines {
    const NONE: i64 = i64::MAX;
    const JOBS: [Job; 2] = [Job::Refresh, Job::ExpiryWarning];

    fn slot(job: Job) -> usize {
        match job {
            Job::Refresh => 0,
            Job::ExpiryWarning => 1,
        }
    }

    /// The earliest deadline, if any job is due at all.
    fn first(self) -> Option<i64> {
        Some(self.0[0].min(self.0[1])).filter(|at| *at != Self::NONE)
    }
}

impl Default for Deadlines {
    fn default() -> Self {
        Self([Self::NONE; 2])
    }
}

/// Each session once in deadline order, at the earliest of its jobs' deadlines, with its jobs'
/// deadlines beside it: one entry a session in each collection instead of one a job (about 60
/// bytes a session less).
#[derive(Default)]
struct Queue {
    by_deadline: BTreeSet<(i64, SessionKey)>,
    deadlines: HashMap<SessionKey, Deadlines>,
}

impl Queue {
    /// Sets (`Some`) or clears (`None`) the deadline of `key`'s `job`; returns whether the
    /// earliest deadline of all is now `at`.
    fn put(&mut self, key: &SessionKey, job: Job, at: Option<i64>) -> bool {
        let deadlines = self.deadlines.get(key).copied().unwrap_or_default();
        let mut changed = deadlines;
        changed.0[Deadlines::slot(job)] = at.unwrap_or(Deadlines::NONE);
        self.place(key, deadlines.first(), changed);
        at.is_some() && self.by_deadline.first().map(|first| first.0) == at
    }

    /// Moves `key` from its place at `before` to where `deadlines` put it.
    fn place(&mut self, key: &SessionKey, before: Option<i64>, deadlines: Deadlines) {
        let after = deadlines.first();
        if before != after {
            if let Some(before) = before {
                self.by_deadline.remove(&(before, key.clone()));
            }
            if let Some(after) = after {
                self.by_deadline.insert((after, key.clone()));
            }
        }
        if after.is_some() {
            self.deadlines.insert(key.clone(), deadlines);
        } else {
            self.deadlines.remove(key);
        }
    }
}

/// The schedule of every session, and the loop that runs what is due.
pub(super) struct RefreshScheduler {
    queue: Mutex<Queue>,
    /// Signalled when the earliest deadline may have moved earlier.
    changed: Notify,
    /// Limits refreshes in flight at once.
    slots: Semaphore,
    clock: SharedClock,
}

impl RefreshScheduler {
    pub(super) fn new(clock: SharedClock) -> Self {
        Self {
            queue: Mutex::new(Queue::default()),
            changed: Notify::new(),
            slots: Semaphore::new(REFRESH_SLOTS),
            clock,
        }
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        // Every update leaves the queue consistent: a panic elsewhere cannot poison its meaning.
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Applies a change asked for by bookkeeping, with the app's refresh policy.
    pub(super) fn apply(&self, change: ScheduleChange, policy: &RefreshPolicy) {
        match change {
            ScheduleChange::Plan(key, times) => {
                self.set(
                    &key,
                    Job::Refresh,
                    refresh_deadline(&times, policy, rand::random()),
                );
                match times.refresh_expires_ms.filter(|_| !times.warned) {
                    Some(expires) => {
                        self.set(&key, Job::ExpiryWarning, warning_deadline(expires, policy));
                    }
                    None => self.remove(&key, Job::ExpiryWarning),
                }
            }
            ScheduleChange::RetryAt(key, at) => self.set(&key, Job::Refresh, at),
            ScheduleChange::Cancel(key) => {
                self.remove(&key, Job::Refresh);
                self.remove(&key, Job::ExpiryWarning);
            }
        }
    }

    /// A place among the refreshes in flight.
    pub(super) async fn slot(&self) -> Option<SemaphorePermit<'_>> {
        self.slots.acquire().await.ok()
    }

    /// Sets (or moves) the deadline of a job.
    fn set(&self, key: &SessionKey, job: Job, at_ms: i64) {
        if self.queue().put(key, job, Some(at_ms)) {
            self.changed.notify_one();
        }
    }

    fn remove(&self, key: &SessionKey, job: Job) {
        self.queue().put(key, job, None);
    }

    /// Removes and returns every job due at `now_ms`, earliest first.
    fn take_due(&self, now_ms: i64) -> Vec<(SessionKey, Job)> {
        let mut queue = self.queue();
        let mut due = Vec::new();
        while let Some((at, key)) = queue.by_deadline.first().cloned()
            && at <= now_ms
        {
            queue.by_deadline.pop_first();
            let mut deadlines = queue.deadlines.remove(&key).unwrap_or_default();
            for job in Deadlines::JOBS {
                let slot = &mut deadlines.0[Deadlines::slot(job)];
                if *slot != Deadlines::NONE && *slot <= now_ms {
                    due.push((*slot, key.clone(), job));
                    *slot = Deadlines::NONE;
                }
            }
            queue.place(&key, None, deadlines);
        }
        due.sort();
        due.into_iter().map(|(_, key, job)| (key, job)).collect()
    }

    fn next_deadline(&self) -> Option<i64> {
        self.queue().by_deadline.first().map(|first| first.0)
    }

    /// Runs due jobs through `on_due` until `shutdown`: woken when the earliest deadline changes
    /// and at least every [`CLOCK_CHECK`]. Jobs run concurrently and are awaited (or aborted) on
    /// shutdown.
    pub(super) async fn run<F, Fut>(&self, shutdown: CancellationToken, on_due: F)
    where
        F: Fn(SessionKey, Job) -> Fut,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let mut jobs = tokio::task::JoinSet::new();
        loop {
            let now = self.clock.now_ms();
            for (key, job) in self.take_due(now) {
                jobs.spawn(on_due(key, job));
            }
            let wait = self.next_deadline().map_or(CLOCK_CHECK, |at| {
                Duration::from_millis(u64::try_from(at.saturating_sub(now)).unwrap_or(0))
                    .min(CLOCK_CHECK)
            });
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.changed.notified() => {}
                () = tokio::time::sleep(wait) => {}
                Some(_) = jobs.join_next(), if !jobs.is_empty() => {}
            }
        }
        jobs.abort_all();
        while jobs.join_next().await.is_some() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, ManualClock};

    fn key(user: &str) -> SessionKey {
        SessionKey::new("a".into(), 0, user)
    }

    fn times(received: i64, expires: i64, refresh_expires: Option<i64>) -> SessionTimes {
        SessionTimes {
            ends_at_refresh: false,
            access_received_ms: received,
            access_expires_ms: expires,
            refresh_expires_ms: refresh_expires,
            warned: false,
        }
    }

    #[test]
    fn jobs_come_out_in_deadline_order_as_the_clock_moves() {
        let clock = ManualClock::at(0);
        let scheduler = RefreshScheduler::new(clock.clone());
        scheduler.set(&key("x"), Job::Refresh, 30);
        scheduler.set(&key("y"), Job::Refresh, 10);
        scheduler.set(&key("x"), Job::ExpiryWarning, 20);
        scheduler.set(&key("y"), Job::Refresh, 40);
        assert_eq!(scheduler.next_deadline(), Some(20));
        clock.advance_ms(5);
        assert_eq!(scheduler.take_due(clock.now_ms()), []);
        clock.advance_ms(30);
        assert_eq!(
            scheduler.take_due(clock.now_ms()),
            [(key("x"), Job::ExpiryWarning), (key("x"), Job::Refresh)]
        );
        scheduler.apply(ScheduleChange::Cancel(key("y")), &RefreshPolicy::default());
        assert_eq!(scheduler.next_deadline(), None);
    }

    #[test]
    fn due_jobs_of_several_sessions_come_out_by_deadline_not_by_session() {
        let scheduler = RefreshScheduler::new(ManualClock::at(0));
        scheduler.set(&key("a"), Job::Refresh, 10);
        scheduler.set(&key("a"), Job::ExpiryWarning, 30);
        scheduler.set(&key("b"), Job::Refresh, 20);
        scheduler.set(&key("b"), Job::ExpiryWarning, 90);
        assert_eq!(
            scheduler.take_due(30),
            [
                (key("a"), Job::Refresh),
                (key("b"), Job::Refresh),
                (key("a"), Job::ExpiryWarning)
            ]
        );
        // What is not yet due stays, at its own deadline.
        assert_eq!(scheduler.next_deadline(), Some(90));
        scheduler.remove(&key("b"), Job::ExpiryWarning);
        assert_eq!(scheduler.next_deadline(), None);
    }

    #[test]
    fn a_plan_places_the_refresh_and_the_warning_and_a_warned_session_gets_none() {
        let clock = ManualClock::at(0);
        let scheduler = RefreshScheduler::new(clock.clone());
        let policy = RefreshPolicy {
            jitter: 0.0,
            expiry_warning: Duration::from_secs(10),
            ..RefreshPolicy::default()
        };
        scheduler.apply(
            ScheduleChange::Plan(key("x"), times(0, 3000, Some(60_000))),
            &policy,
        );
        assert_eq!(scheduler.take_due(1999), []);
        assert_eq!(scheduler.take_due(2000), [(key("x"), Job::Refresh)]);
        assert_eq!(scheduler.take_due(50_000), [(key("x"), Job::ExpiryWarning)]);
        let warned = SessionTimes {
            warned: true,
            ..times(0, 3000, Some(60_000))
        };
        scheduler.apply(ScheduleChange::Plan(key("x"), warned), &policy);
        assert_eq!(scheduler.take_due(i64::MAX), [(key("x"), Job::Refresh)]);
        scheduler.apply(ScheduleChange::RetryAt(key("x"), 70_000), &policy);
        assert_eq!(scheduler.next_deadline(), Some(70_000));
    }

    #[test]
    fn a_token_whose_expiry_is_its_replacement_is_refreshed_then() {
        // Its provider ends it at refresh: the reported expiry is when it is replaced, whatever
        // the jitter says.
        let session = SessionTimes {
            ends_at_refresh: true,
            ..times(10_000, 10_000 + 20_000, None)
        };
        for unit_random in [0.0, 0.5, 0.999] {
            assert_eq!(
                refresh_deadline(&session, &RefreshPolicy::default(), unit_random),
                30_000
            );
        }
    }

    #[test]
    fn refreshes_fall_inside_the_jitter_window() {
        let policy = RefreshPolicy::default();
        let session = times(10_000, 10_000 + 30_000, None);
        let earliest = refresh_deadline(&session, &policy, 0.0);
        let middle = refresh_deadline(&session, &policy, 0.5);
        let latest = refresh_deadline(&session, &policy, 0.999_999);
        let window = |fraction: f64| 10_000 + (30_000.0 * fraction) as i64;
        assert_eq!(earliest, window(policy.refresh_at - policy.jitter));
        assert_eq!(middle, window(policy.refresh_at));
        assert!(latest <= window(policy.refresh_at + policy.jitter));
        assert!(latest < session.access_expires_ms, "always before expiry");
        // A token that expires before it was received (clock oddities) is refreshed at once.
        assert_eq!(refresh_deadline(&times(500, 100, None), &policy, 0.5), 500);
    }

    #[test]
    fn warnings_come_ahead_of_expiry() {
        let policy = RefreshPolicy {
            expiry_warning: Duration::from_secs(4),
            ..RefreshPolicy::default()
        };
        assert_eq!(warning_deadline(10_000, &policy), 6_000);
        assert_eq!(warning_deadline(i64::MIN, &policy), i64::MIN);
    }

    #[test]
    fn backoff_is_capped_jittered_and_honours_retry_after() {
        let policy = RefreshPolicy {
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(8),
            ..RefreshPolicy::default()
        };
        assert_eq!(backoff(&policy, 1, None, 0.5), Duration::from_millis(750));
        assert_eq!(backoff(&policy, 3, None, 0.5), Duration::from_secs(3));
        assert_eq!(
            backoff(&policy, 30, None, 0.999),
            Duration::from_secs(8).mul_f64(0.9995)
        );
        // Half the ceiling is always waited: no run of small draws bunches retries together.
        assert_eq!(backoff(&policy, 1, None, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(&policy, 2, None, 0.0), Duration::from_secs(1));
        let tiny = RefreshPolicy {
            backoff_base: Duration::from_millis(10),
            ..policy
        };
        assert_eq!(backoff(&tiny, 1, None, 0.0), BACKOFF_FLOOR);
        assert_eq!(
            backoff(&policy, 1, Some(Duration::from_secs(30)), 0.5),
            Duration::from_secs(30)
        );
        assert_eq!(
            backoff(&policy, u32::MAX, None, 1.0),
            Duration::from_secs(8)
        );
        // An absurd Retry-After (seen: 9.3e15 s) is honoured up to an hour, never overflowing.
        assert_eq!(
            backoff(
                &policy,
                1,
                Some(Duration::from_secs(9_300_000_000_000_000)),
                0.5
            ),
            MAX_RETRY_AFTER
        );
    }
}
