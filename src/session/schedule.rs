//! The refresh schedule: one deadline-ordered set of (wall-clock deadline, session, job) for
//! every session of every app, and a `Notify` that wakes the scheduler when the earliest
//! deadline changes. No task or timer per session.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use tokio::sync::Notify;

/// One session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SessionKey {
    /// App name.
    pub app: String,
    /// Owner uid.
    pub uid: u32,
    /// User id.
    pub user_id: String,
}

/// What is due for a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    /// Refresh the access token.
    Refresh,
    /// Warn that the refresh token expires soon.
    ExpiryWarning,
}

#[derive(Default)]
struct Queue {
    by_deadline: BTreeSet<(i64, SessionKey, Job)>,
    deadline_of: HashMap<(SessionKey, Job), i64>,
}

/// Deadlines in milliseconds since the Unix epoch (wall clock, as JWT `exp` is).
#[derive(Default)]
pub struct Schedule {
    queue: Mutex<Queue>,
    /// Signalled when the earliest deadline may have moved earlier.
    pub changed: Notify,
}

impl Schedule {
    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sets (or moves) the deadline of a job.
    pub fn set(&self, key: &SessionKey, job: Job, at_ms: i64) {
        let earliest = {
            let mut queue = self.queue();
            if let Some(old) = queue.deadline_of.insert((key.clone(), job), at_ms) {
                queue.by_deadline.remove(&(old, key.clone(), job));
            }
            queue.by_deadline.insert((at_ms, key.clone(), job));
            queue
                .by_deadline
                .first()
                .is_some_and(|first| first.0 == at_ms)
        };
        if earliest {
            self.changed.notify_one();
        }
    }

    /// Forgets every job of a session.
    pub fn cancel(&self, key: &SessionKey) {
        let mut queue = self.queue();
        for job in [Job::Refresh, Job::ExpiryWarning] {
            if let Some(old) = queue.deadline_of.remove(&(key.clone(), job)) {
                queue.by_deadline.remove(&(old, key.clone(), job));
            }
        }
    }

    /// Removes and returns every job due at `now_ms`.
    pub fn take_due(&self, now_ms: i64) -> Vec<(SessionKey, Job)> {
        let mut queue = self.queue();
        let mut due = Vec::new();
        while let Some(first) = queue.by_deadline.first() {
            if first.0 > now_ms {
                break;
            }
            if let Some((_, key, job)) = queue.by_deadline.pop_first() {
                queue.deadline_of.remove(&(key.clone(), job));
                due.push((key, job));
            }
        }
        due
    }

    /// The earliest deadline.
    pub fn next_deadline(&self) -> Option<i64> {
        self.queue().by_deadline.first().map(|first| first.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(user: &str) -> SessionKey {
        SessionKey {
            app: "a".into(),
            uid: 0,
            user_id: user.into(),
        }
    }

    #[test]
    fn jobs_come_out_in_deadline_order_and_moves_replace() {
        let schedule = Schedule::default();
        schedule.set(&key("x"), Job::Refresh, 30);
        schedule.set(&key("y"), Job::Refresh, 10);
        schedule.set(&key("x"), Job::ExpiryWarning, 20);
        schedule.set(&key("y"), Job::Refresh, 40);
        assert_eq!(schedule.next_deadline(), Some(20));
        assert_eq!(schedule.take_due(5), []);
        assert_eq!(
            schedule.take_due(35),
            [(key("x"), Job::ExpiryWarning), (key("x"), Job::Refresh)]
        );
        schedule.cancel(&key("y"));
        assert_eq!(schedule.next_deadline(), None);
    }
}
