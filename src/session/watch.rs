//! `WatchEvents` subscriptions: the caller's own events, filtered by app and user, optionally
//! preceded by a snapshot of every matching user and by the buffered events after
//! `resume_after`. Each subscription is fed by a task of its own, so a subscriber that does not
//! read only ever delays itself; when it falls too far behind it gets a `Lagged` event.

use std::sync::Arc;

use tokio::sync::{broadcast, mpsc};

use super::core::Core;
use super::events::{EventKind, SessionEvent};
use super::operations::Operations;
use super::types::{Caller, SessionError};

/// Events queued for one subscriber's stream before its feeder waits (and then lags).
const SUBSCRIBER_QUEUE: usize = 64;

/// What a subscription selects.
#[derive(Debug, Clone, Default)]
pub(crate) struct WatchFilter {
    /// Only this app (empty = every app).
    pub app: String,
    /// Only this user (empty = every user).
    pub user_id: String,
    /// Start with a snapshot of every matching user.
    pub include_snapshot: bool,
    /// Replay the buffered events after this seq (0 = none).
    pub resume_after: u64,
}

fn visible(event: &SessionEvent, uid: u32, filter: &WatchFilter) -> bool {
    let owner_ok = event.owner_uid.is_none_or(|owner| owner == uid);
    let app_ok = filter.app.is_empty() || filter.app == event.app;
    let user_ok =
        filter.user_id.is_empty() || event.user_id.is_empty() || filter.user_id == event.user_id;
    owner_ok && app_ok && user_ok
}

/// The subscriptions, on the session core.
#[derive(Clone, Copy)]
pub(crate) struct Subscriptions<'a> {
    pub(super) core: &'a Arc<Core>,
}

impl Subscriptions<'_> {
    /// Subscribes the caller to its own session events.
    ///
    /// # Errors
    /// An app filter naming no configured app; the caller's `max_subscribers_per_uid`.
    pub(crate) async fn watch(
        &self,
        caller: &Caller,
        mut filter: WatchFilter,
    ) -> Result<mpsc::Receiver<Arc<SessionEvent>>, SessionError> {
        if !filter.app.is_empty() {
            filter.app = self.core.apps.get(&filter.app)?.name.clone();
        }
        let uid = caller.uid;
        let slot = self.core.policy.take_subscriber(uid)?;
        let subscription = self.core.events.subscribe(filter.resume_after);
        let mut first = Vec::new();
        if let Some((missed_from, missed_to)) = subscription.missed {
            first.push(Arc::new(SessionEvent {
                seq: missed_to,
                time: self.core.events.now(),
                owner_uid: Some(uid),
                app: filter.app.clone(),
                user_id: String::new(),
                kind: EventKind::Lagged {
                    missed_from,
                    missed_to,
                },
            }));
        }
        first.extend(
            subscription
                .backlog
                .into_iter()
                .filter(|event| visible(event, uid, &filter)),
        );
        if filter.include_snapshot {
            let users = Operations { core: self.core }
                .list_users(caller, None, false, &filter.app)
                .await?;
            for user in users {
                if !filter.user_id.is_empty() && user.id != filter.user_id {
                    continue;
                }
                first.push(Arc::new(SessionEvent {
                    seq: subscription.as_of,
                    time: self.core.events.now(),
                    owner_uid: Some(uid),
                    app: user.app.clone(),
                    user_id: user.id.clone(),
                    kind: EventKind::Snapshot(Box::new(user)),
                }));
            }
        }
        let (sender, receiver) = mpsc::channel(SUBSCRIBER_QUEUE);
        let mut live = subscription.receiver;
        let mut last_seq = subscription.as_of;
        let shutdown = self.core.shutdown.clone();
        let now = {
            let clock = self.core.clock.clone();
            move || crate::clock::system_time(clock.now_ms())
        };
        self.core.tasks.spawn(async move {
            let _slot = slot;
            for event in first {
                tokio::select! {
                    sent = sender.send(event) => if sent.is_err() { return },
                    () = shutdown.cancelled() => return,
                }
            }
            let mut lagged = false;
            loop {
                let received = tokio::select! {
                    () = sender.closed() => return,
                    () = shutdown.cancelled() => return,
                    received = live.recv() => received,
                };
                let event = match received {
                    Ok(event) => event,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        lagged = true;
                        continue;
                    }
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                if event.seq <= last_seq {
                    continue;
                }
                if lagged {
                    lagged = false;
                    let notice = Arc::new(SessionEvent {
                        seq: event.seq - 1,
                        time: now(),
                        owner_uid: Some(uid),
                        app: filter.app.clone(),
                        user_id: String::new(),
                        kind: EventKind::Lagged {
                            missed_from: last_seq + 1,
                            missed_to: event.seq - 1,
                        },
                    });
                    if sender.send(notice).await.is_err() {
                        return;
                    }
                }
                last_seq = event.seq;
                if visible(&event, uid, &filter) && sender.send(event).await.is_err() {
                    return;
                }
            }
        });
        Ok(receiver)
    }
}
