//! The wall clock, injected: every expiry, refresh deadline, backoff and event timestamp is read
//! from one [`Clock`], so that the daemon runs on the system clock and tests (the session core's
//! and, through [`crate::daemon::Builder`], a whole daemon in the test's process) on a
//! [`ManualClock`] they move by hand, without sleeping.
//!
//! Times are milliseconds since the Unix epoch (`i64`), the unit of the store and of the
//! schedule. Waiting is not the clock's job: timers use tokio's clock.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A source of wall-clock time.
pub trait Clock: Send + Sync + 'static {
    /// Now, in milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;

    /// Now, in microseconds since the Unix epoch (event sequence numbers).
    fn now_us(&self) -> i64 {
        self.now_ms().saturating_mul(1000)
    }
}

/// The clock the daemon runs on.
pub(crate) type SharedClock = Arc<dyn Clock>;

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct SystemClock;

impl SystemClock {
    /// Time since the Unix epoch (zero before it).
    fn since_epoch() -> Duration {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
    }
}

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        millis(Self::since_epoch())
    }

    fn now_us(&self) -> i64 {
        i64::try_from(Self::since_epoch().as_micros()).unwrap_or(i64::MAX)
    }
}

/// The system clock, shared.
pub(crate) fn system() -> SharedClock {
    Arc::new(SystemClock)
}

/// A clock that moves only when told to, for tests: with tokio's clock paused beside it, hours
/// of a daemon's schedule run in milliseconds, and a suspend is this clock jumping while
/// tokio's does not.
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock showing `now_ms` (milliseconds since the Unix epoch).
    pub fn at(now_ms: i64) -> Arc<Self> {
        Arc::new(Self(AtomicI64::new(now_ms)))
    }

    /// A clock showing the system's time now.
    pub fn now() -> Arc<Self> {
        Self::at(SystemClock.now_ms())
    }

    /// Moves the clock forward (or back, with a negative step).
    pub fn advance_ms(&self, step: i64) {
        self.0.fetch_add(step, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// A timestamp of the clock as a `SystemTime` (times before the epoch become the epoch).
pub(crate) fn system_time(millis: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

/// A duration in the clock's unit, saturating.
pub(crate) fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
