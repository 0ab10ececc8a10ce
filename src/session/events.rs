//! Session events: a sequence-numbered log of every state change, kept in a ring buffer for
//! `resume_after` and fanned out to subscribers through a broadcast channel. Publishing never
//! waits for a subscriber: one that falls behind loses events and is told which (`Lagged`).
//! Events never carry a token.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio::sync::broadcast;

use super::types::UserView;
use crate::clock::{SharedClock, system_time};

/// Events kept for `resume_after`.
const RING_CAPACITY: usize = 4096;
/// Events buffered per subscriber before it lags.
const CHANNEL_CAPACITY: usize = 1024;

/// Why a user was logged out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LogoutReason {
    /// The owner asked (`LogOut`).
    Requested,
    /// The user was removed while logged in (`RemoveUser`).
    Removed,
}

impl LogoutReason {
    /// The reason as it travels in `logged_out.reason` (stable).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Removed => "removed",
        }
    }
}

/// Why a user was removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RemovalReason {
    /// The owner asked (`RemoveUser`).
    Removed,
    /// The user was deleted at the backend (`DeleteUser`).
    Deleted,
    /// An anonymous user was logged out: nothing could log it in again.
    AnonymousLogout,
    /// An anonymous user's refresh token was refused.
    TokenExpired,
}

impl RemovalReason {
    /// The reason as it travels in `user_removed.reason` (stable).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Removed => "removed",
            Self::Deleted => "deleted",
            Self::AnonymousLogout => "anonymous_logout",
            Self::TokenExpired => "token_expired",
        }
    }
}

/// Why a session can no longer be refreshed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExpiryReason {
    /// The backend refused the refresh token (expired, revoked, the user disabled or deleted).
    RefreshTokenRejected,
}

/// What happened.
#[derive(Debug, Clone)]
pub(crate) enum EventKind {
    /// The user's state when the subscription started.
    Snapshot(Box<UserView>),
    /// The user logged in.
    LoggedIn(Box<UserView>),
    /// The user logged out.
    LoggedOut { reason: LogoutReason },
    /// The access token was refreshed.
    TokenRefreshed {
        /// The new token's expiry (local clock).
        expires_at: SystemTime,
    },
    /// The backend refused the refresh token: the user must log in again.
    TokenExpired {
        reason: ExpiryReason,
        /// What the backend said.
        detail: String,
    },
    /// A refresh failed transiently; it is retried.
    RefreshFailed {
        error: String,
        /// When the next attempt is due.
        next_attempt_at: SystemTime,
    },
    /// The refresh token expires soon.
    RefreshTokenExpiring {
        /// When it expires (local clock).
        expires_at: SystemTime,
    },
    /// The owner's current user of the app changed.
    CurrentUserChanged {
        /// The previous current user (empty if none).
        previous_user_id: String,
    },
    /// The user was removed.
    UserRemoved { reason: RemovalReason },
    /// The user's profile or custom data changed.
    ProfileUpdated(Box<UserView>),
    /// The app's backend became reachable or unreachable.
    BackendStatus {
        /// Whether it answers.
        reachable: bool,
    },
    /// This subscriber missed events `missed_from..=missed_to`.
    Lagged {
        /// First missed seq.
        missed_from: u64,
        /// Last missed seq.
        missed_to: u64,
    },
}

/// One event.
#[derive(Debug, Clone)]
pub(crate) struct SessionEvent {
    /// Position in the daemon's event log.
    pub seq: u64,
    /// When it happened.
    pub time: SystemTime,
    /// The uid whose session it concerns; `None` for app-wide events (backend status).
    pub owner_uid: Option<u32>,
    pub app: String,
    /// User id (empty for app-wide events).
    pub user_id: String,
    /// What happened.
    pub kind: EventKind,
}

struct Ring {
    /// The seq of the last event published (or of the start).
    last_seq: u64,
    /// Events up to this seq are gone: pushed out of the ring, or from an earlier run.
    dropped_through: u64,
    events: VecDeque<Arc<SessionEvent>>,
}

/// The sequence number of an event published at `now_us` after one numbered `last`: the time
/// in microseconds, or one more than `last` when the clock has not moved past it. A count would
/// tell every subscriber how many events other uids' sessions had between two of its own; a
/// timestamp tells only how much time passed.
fn next_seq(last: u64, now_us: i64) -> u64 {
    u64::try_from(now_us)
        .unwrap_or(0)
        .max(last.saturating_add(1))
}

/// The daemon's event log.
pub(super) struct EventBus {
    ring: Mutex<Ring>,
    sender: broadcast::Sender<Arc<SessionEvent>>,
    /// Stamps every event.
    clock: SharedClock,
}

/// A new subscription: what it missed, the backlog since `resume_after`, and the live feed.
pub(super) struct Subscription {
    /// Events before the backlog that are gone from the ring (`resume_after` too old).
    pub missed: Option<(u64, u64)>,
    /// Buffered events after `resume_after`.
    pub backlog: Vec<Arc<SessionEvent>>,
    /// The seq of the last event published when the subscription started.
    pub as_of: u64,
    /// Live events from then on.
    pub receiver: broadcast::Receiver<Arc<SessionEvent>>,
}

impl EventBus {
    /// An empty log. Sequence numbers are publication times in microseconds ([`next_seq`]), so
    /// that they keep increasing across restarts and a `resume_after` from an earlier run is
    /// recognised as older than everything kept.
    pub(super) fn new(clock: SharedClock) -> Self {
        let start = next_seq(0, clock.now_us());
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Self {
            ring: Mutex::new(Ring {
                last_seq: start,
                dropped_through: start,
                events: VecDeque::with_capacity(RING_CAPACITY),
            }),
            sender,
            clock,
        }
    }

    /// Now, as event timestamps say it.
    pub(super) fn now(&self) -> SystemTime {
        system_time(self.clock.now_ms())
    }

    fn ring(&self) -> std::sync::MutexGuard<'_, Ring> {
        // A panic while holding this lock cannot leave the ring inconsistent: recover it.
        self.ring
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records an event and hands it to every subscriber.
    pub(super) fn publish(
        &self,
        owner_uid: Option<u32>,
        app: &str,
        user_id: &str,
        kind: EventKind,
    ) {
        let time = self.now();
        let mut ring = self.ring();
        let seq = next_seq(ring.last_seq, self.clock.now_us());
        let event = Arc::new(SessionEvent {
            seq,
            time,
            owner_uid,
            app: app.to_owned(),
            user_id: user_id.to_owned(),
            kind,
        });
        ring.last_seq = seq;
        if ring.events.len() == RING_CAPACITY
            && let Some(dropped) = ring.events.pop_front()
        {
            ring.dropped_through = dropped.seq;
        }
        ring.events.push_back(event.clone());
        // Sent under the lock so that receivers see events in seq order. No receiver is fine.
        let _ = self.sender.send(event);
    }

    /// How many subscriptions are open.
    pub(super) fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Subscribes, with the buffered events after `resume_after` (0 = live only).
    pub(super) fn subscribe(&self, resume_after: u64) -> Subscription {
        let ring = self.ring();
        let receiver = self.sender.subscribe();
        let as_of = ring.last_seq;
        let mut missed = None;
        let mut backlog = Vec::new();
        if resume_after > 0 && resume_after < as_of {
            if resume_after < ring.dropped_through {
                missed = Some((resume_after + 1, ring.dropped_through));
            }
            backlog = ring
                .events
                .iter()
                .filter(|event| event.seq > resume_after)
                .cloned()
                .collect();
        }
        Subscription {
            missed,
            backlog,
            as_of,
            receiver,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn publish(bus: &EventBus, count: usize) -> Vec<u64> {
        (0..count)
            .map(|_| {
                bus.publish(
                    Some(1),
                    "a",
                    "u",
                    EventKind::BackendStatus { reachable: true },
                );
                bus.ring().last_seq
            })
            .collect()
    }

    #[test]
    fn seqs_are_times_and_resume_reports_only_what_the_ring_dropped() {
        let clock = ManualClock::at(1_000);
        let bus = EventBus::new(clock.clone());
        // The clock standing still: one more each time.
        let first = publish(&bus, 3);
        assert_eq!(first, [1_000_001, 1_000_002, 1_000_003]);
        // The clock moved: the time, whatever happened in between.
        clock.advance_ms(5);
        assert_eq!(publish(&bus, 1), [1_005_000]);
        // A gap in the numbers is not a loss: resuming after any kept event misses nothing.
        let resumed = bus.subscribe(first[0]);
        assert_eq!(resumed.missed, None);
        assert_eq!(resumed.backlog.len(), 3);
        // Pushed out of the ring: reported as missed, up to the last one dropped.
        publish(&bus, RING_CAPACITY);
        let resumed = bus.subscribe(first[0]);
        assert_eq!(resumed.missed, Some((first[0] + 1, 1_005_000)));
        assert_eq!(resumed.backlog.len(), RING_CAPACITY);
        // A seq from before this run: everything up to the start is gone.
        let restarted = EventBus::new(ManualClock::at(2_000));
        assert_eq!(restarted.subscribe(5).missed, Some((6, 2_000_000)));
    }
}
