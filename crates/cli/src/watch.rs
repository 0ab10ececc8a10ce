//! `latchkey watch`: session events as they happen, one a line, across daemon restarts; with
//! `--notify`, also as desktop notifications ([`super::notify`]).

use std::time::Duration;

use latchkey_client::{Client, WatchOptions};
use tokio::time::Instant;

use super::Failure;
use super::notify::Notifier;
use super::render::print_event;

/// What `latchkey watch` was asked for.
pub(super) struct WatchArgs<'a> {
    pub app: &'a str,
    pub user_id: &'a str,
    pub snapshot: bool,
    pub as_json: bool,
    pub notify: bool,
    /// How long a backend stays unreachable before a notification says so.
    pub notify_after: Duration,
}

/// Streams events with the client crate's resuming [`latchkey_client::Watch`]: once the daemon
/// holds the subscription, says so on stderr (`latchkey: watching`, the moment from which no
/// event is missed); on a lost connection says so, and the stream reconnects and resumes after
/// the last event seen (the daemon reports what it could not replay as `lagged`).
pub(super) async fn watch(client: &Client, args: WatchArgs<'_>) -> Result<(), Failure> {
    let mut notifier = if args.notify {
        Some(Notifier::connect(client, args.notify_after).await?)
    } else {
        None
    };
    let nonempty = |text: &str| (!text.is_empty()).then(|| text.to_owned());
    let mut events = client.watch(WatchOptions {
        app: nonempty(args.app),
        user_id: nonempty(args.user_id),
        snapshot: args.snapshot,
    });
    events.subscribed().await?;
    note!("latchkey: watching");
    let mut subscription = events.subscription();
    subscription.mark_unchanged();
    let mut connection_known = true;
    loop {
        let deadline = notifier.as_ref().and_then(Notifier::deadline);
        let timer = tokio::time::sleep_until(
            deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600)),
        );
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => {
                    print_event(&event, args.as_json);
                    if let Some(notifier) = notifier.as_mut() {
                        notifier.event(&event).await;
                    }
                }
                Some(Err(err)) => return Err(err.into()),
                None => return Ok(()),
            },
            changed = subscription.changed(), if connection_known => {
                if changed.is_err() {
                    // The stream's task ended: its last word comes through `events`.
                    connection_known = false;
                } else if *subscription.borrow_and_update() {
                    note!("latchkey: watching again, from the last event seen");
                } else {
                    note!("latchkey: connection to latchkeyd lost; reconnecting");
                }
            }
            () = timer, if deadline.is_some() => {
                if let Some(notifier) = notifier.as_mut() {
                    notifier.due().await;
                }
            }
        }
    }
}
