//! Waiting for a fact: a deadline to poll against, so a test waits exactly as long as the fact
//! takes and fails naming it when it does not come.

use std::time::Duration;

use tokio::time::Instant;

/// How often a poll looks again.
const POLL: Duration = Duration::from_millis(50);

/// A deadline for one fact a test polls for.
pub struct Deadline {
    what: String,
    until: Instant,
}

impl Deadline {
    /// `what` must become true within `limit`.
    pub fn new(what: impl Into<String>, limit: Duration) -> Self {
        Self {
            what: what.into(),
            until: Instant::now() + limit,
        }
    }

    /// Fails the test (with `detail`) once the deadline has passed; waits a poll interval
    /// otherwise, before the caller looks again.
    pub async fn tick(&self, detail: impl std::fmt::Display) {
        assert!(
            Instant::now() < self.until,
            "{}: not within the deadline; {detail}",
            self.what
        );
        tokio::time::sleep(POLL).await;
    }
}

/// A test that cannot run here (it needs root, or a tool the machine lacks) says why and is
/// skipped; under `./.ci/run` (`LATCHKEY_CI=1`), which provides everything, that is a failure
/// instead, so that no test passes by not running where it is meant to run.
pub fn skip(reason: &str) {
    assert!(
        std::env::var_os("LATCHKEY_CI").is_none(),
        "{reason}: ./.ci/run must run this test"
    );
    eprintln!("SKIPPED: {reason}");
}
