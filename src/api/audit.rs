//! The audit trail of tokens handed out: which process of which uid got which session's token,
//! without a log line per call. The first hand-out of a kind (access token, ID token) of one
//! session on one connection is logged with the process's pid and executable; the rest are
//! counted, and summarised in one line at most every [`SUMMARY_EVERY`] and when the connection
//! closes. A client polling its token tens of thousands of times a second so costs a line per
//! connection and session, not a line per call, and never pushes the daemon's other lines past
//! journald's rate limit.
//!
//! Never logs a token: only who got one, of which session, and how often.

use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// The longest a count of hand-outs waits to be logged while its connection stays open.
pub(crate) const SUMMARY_EVERY: Duration = Duration::from_secs(600);

/// The most sessions whose hand-outs one connection counts; past them each hand-out is logged
/// as it happens, so the trail stays whole while the memory a connection holds stays bounded.
const MAX_TALLIES: usize = 256;

/// What was handed out, and to whom, as an audit line names it.
pub(crate) struct Handout<'a> {
    /// "access token", "ID token".
    pub what: &'static str,
    /// Whose session: the caller's own uid unless uid 0 named another owner.
    pub owner: u32,
    pub app: &'a str,
    pub user: &'a str,
    /// Served past its refresh because the backend could not be reached.
    pub stale: bool,
}

/// The hand-outs of one session on one connection since its last line.
struct Tally {
    what: &'static str,
    owner: u32,
    app: Box<str>,
    user: Box<str>,
    /// Hand-outs not yet in a line.
    unlogged: u64,
    /// Of them, served stale.
    stale: u64,
    /// When the last line of this tally was written.
    logged_at: Instant,
}

impl Tally {
    fn is(&self, handout: &Handout<'_>) -> bool {
        self.what == handout.what
            && self.owner == handout.owner
            && *self.app == *handout.app
            && *self.user == *handout.user
    }
}

/// The process on one connection, as its audit lines name it.
struct Process {
    uid: u32,
    pid: Option<i32>,
    exe: Arc<str>,
}

/// The hand-outs of one connection. Shared by the connection's requests; the counts left when
/// the last of them is gone are logged then.
pub(crate) struct Handouts {
    process: Process,
    tallies: Mutex<hashbrown::HashTable<Tally>>,
    hasher: RandomState,
}

impl Handouts {
    /// The hand-outs to come on the connection of the process `pid` (executable `exe`) of `uid`.
    pub(crate) fn new(uid: u32, pid: Option<i32>, exe: Arc<str>) -> Self {
        Self {
            process: Process { uid, pid, exe },
            tallies: Mutex::new(hashbrown::HashTable::new()),
            hasher: RandomState::new(),
        }
    }

    fn hash(&self, what: &str, owner: u32, app: &str, user: &str) -> u64 {
        self.hasher.hash_one((what, owner, app, user))
    }

    /// Records that the connection's process got `handout`: a line for the first of its kind
    /// on this connection, or for the count since the last line once [`SUMMARY_EVERY`] has
    /// passed.
    pub(crate) fn record(&self, handout: &Handout<'_>) {
        let process = &self.process;
        let now = Instant::now();
        let hash = self.hash(handout.what, handout.owner, handout.app, handout.user);
        let mut tallies = self.tallies.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(tally) = tallies.find_mut(hash, |tally| tally.is(handout)) {
            tally.unlogged += 1;
            tally.stale += u64::from(handout.stale);
            if now.duration_since(tally.logged_at) >= SUMMARY_EVERY {
                summary(process, tally, now);
            }
            return;
        }
        first(process, handout);
        if tallies.len() >= MAX_TALLIES {
            return;
        }
        tallies.insert_unique(
            hash,
            Tally {
                what: handout.what,
                owner: handout.owner,
                app: handout.app.into(),
                user: handout.user.into(),
                unlogged: 0,
                stale: 0,
                logged_at: now,
            },
            |tally| self.hash(tally.what, tally.owner, &tally.app, &tally.user),
        );
    }
}

impl Drop for Handouts {
    fn drop(&mut self) {
        let now = Instant::now();
        let tallies = self
            .tallies
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        for tally in tallies.iter_mut() {
            summary(&self.process, tally, now);
        }
    }
}

fn first(process: &Process, handout: &Handout<'_>) {
    tracing::info!(
        target: "audit",
        uid = process.uid,
        owner = handout.owner,
        pid = process.pid,
        exe = %process.exe,
        app = %handout.app,
        user = %handout.user,
        stale = handout.stale,
        "{} handed out",
        handout.what
    );
}

/// The line of a tally's hand-outs since its last line (none when there were none).
fn summary(process: &Process, tally: &mut Tally, now: Instant) {
    if tally.unlogged > 0 {
        tracing::info!(
            target: "audit",
            uid = process.uid,
            owner = tally.owner,
            pid = process.pid,
            exe = %process.exe,
            app = %tally.app,
            user = %tally.user,
            times = tally.unlogged,
            stale = tally.stale,
            over_s = now.duration_since(tally.logged_at).as_secs(),
            "{} handed out again",
            tally.what
        );
    }
    tally.unlogged = 0;
    tally.stale = 0;
    tally.logged_at = now;
}
