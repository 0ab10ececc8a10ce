//! What a bookkeeping step changed, as data: the store changes that make it durable, the
//! schedule changes, and the events that report it. Built by [`super::users`] without any I/O and
//! applied in one place, [`super::core::Core::apply`].

use super::events::EventKind;
use super::scheduler::ScheduleChange;
use crate::store::Change;

/// The consequences of one bookkeeping step, in the order they are applied.
#[must_use = "effects do nothing until applied"]
#[derive(Debug)]
pub(super) struct Effects {
    /// Written to the store before anyone is told.
    pub changes: Vec<Change>,
    /// Whether the commit waits for the disk. Only a refreshed access token may skip it: losing
    /// one in a crash costs one refresh, while the refresh token that gets another is on disk.
    pub durable: bool,
    pub schedule: Vec<ScheduleChange>,
    /// (owner uid, user id, what happened), published in this order.
    pub events: Vec<(u32, String, EventKind)>,
}

impl Default for Effects {
    fn default() -> Self {
        Self {
            changes: Vec::new(),
            durable: true,
            schedule: Vec::new(),
            events: Vec::new(),
        }
    }
}

impl Effects {
    pub(super) fn change(&mut self, change: Change) {
        self.changes.push(change);
    }

    pub(super) fn schedule(&mut self, change: ScheduleChange) {
        self.schedule.push(change);
    }

    pub(super) fn event(&mut self, uid: u32, user_id: &str, kind: EventKind) {
        self.events.push((uid, user_id.to_owned(), kind));
    }
}
