//! `latchkey watch`: session events as they happen, one a line, across daemon restarts.

use std::time::Duration;

use tonic_types::StatusExt;

use super::render::print_event;
use super::{EXIT_UNREACHABLE, Failure};
use crate::proto::{self, sessions_client::SessionsClient};

/// Streams events; on a lost connection, reconnects every second and resumes after the last
/// event seen (the daemon reports what it could not replay as `lagged`).
pub(super) async fn watch(
    socket: &std::path::Path,
    app: &str,
    user_id: &str,
    snapshot: bool,
    as_json: bool,
) -> Result<(), Failure> {
    let mut resume_after = 0;
    let mut connected_once = false;
    loop {
        let channel = match crate::client::connect(socket).await {
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
            app: app.to_owned(),
            user_id: user_id.to_owned(),
            include_snapshot: snapshot && resume_after == 0,
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
        while let Ok(Some(event)) = stream.message().await {
            resume_after = resume_after.max(event.seq);
            print_event(&event, as_json);
        }
        note!("latchkey: connection to latchkeyd lost; reconnecting");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
