//! `latchkey watch`: session events as they happen, one a line, across daemon restarts; with
//! `--notify`, also as desktop notifications ([`super::notify`]).

use std::time::Duration;

use tokio::time::Instant;
use tonic_types::StatusExt;

use super::notify::Notifier;
use super::render::print_event;
use super::{EXIT_UNREACHABLE, Failure};
use crate::proto::{self, sessions_client::SessionsClient};

/// What `latchkey watch` was asked for.
pub(super) struct WatchArgs<'a> {
    pub socket: &'a std::path::Path,
    pub app: &'a str,
    pub user_id: &'a str,
    pub snapshot: bool,
    pub as_json: bool,
    pub notify: bool,
    /// How long a backend stays unreachable before a notification says so.
    pub notify_after: Duration,
}

/// Streams events; on a lost connection, reconnects every second and resumes after the last
/// event seen (the daemon reports what it could not replay as `lagged`).
pub(super) async fn watch(args: WatchArgs<'_>) -> Result<(), Failure> {
    let mut notifier = if args.notify {
        Some(Notifier::connect(args.socket, args.notify_after).await?)
    } else {
        None
    };
    let mut resume_after = 0;
    let mut connected_once = false;
    loop {
        let channel = match crate::client::connect(args.socket).await {
            Ok(channel) => channel,
            Err(err) if !connected_once => {
                return Err(Failure::new(
                    EXIT_UNREACHABLE,
                    crate::client::unreachable(&err),
                ));
            }
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        connected_once = true;
        let request = proto::WatchEventsRequest {
            app: args.app.to_owned(),
            user_id: args.user_id.to_owned(),
            include_snapshot: args.snapshot && resume_after == 0,
            resume_after,
        };
        let mut stream = match SessionsClient::new(channel).watch_events(request).await {
            Ok(response) => response.into_inner(),
            Err(status) if status.get_error_details().error_info().is_some() => {
                return Err(status.into());
            }
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        loop {
            let deadline = notifier.as_ref().and_then(Notifier::deadline);
            let timer = tokio::time::sleep_until(
                deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(3600)),
            );
            tokio::select! {
                message = stream.message() => {
                    let Ok(Some(event)) = message else { break };
                    resume_after = resume_after.max(event.seq);
                    print_event(&event, args.as_json);
                    if let Some(notifier) = notifier.as_mut() {
                        notifier.event(&event).await;
                    }
                }
                () = timer, if deadline.is_some() => {
                    if let Some(notifier) = notifier.as_mut() {
                        notifier.due().await;
                    }
                }
            }
        }
        note!("latchkey: connection to latchkeyd lost; reconnecting");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
