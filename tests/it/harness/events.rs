//! Event helpers: subscribing, waiting for the next event with a deadline, naming its kind, and
//! timestamps.

use std::time::Duration;

use latchkey::proto::{self, sessions_client::SessionsClient};
use tonic::transport::Channel;

pub type EventStream = tonic::Streaming<proto::SessionEvent>;

/// Subscribes to the caller's events.
pub async fn watch(
    client: &mut SessionsClient<Channel>,
    request: proto::WatchEventsRequest,
) -> EventStream {
    client
        .watch_events(request)
        .await
        .expect("watch")
        .into_inner()
}

/// The next event, failing the test if none comes within `within`.
pub async fn next_event(stream: &mut EventStream, within: Duration) -> proto::SessionEvent {
    match tokio::time::timeout(within, stream.message()).await {
        Ok(Ok(Some(event))) => event,
        Ok(other) => panic!("event stream ended: {other:?}"),
        Err(_) => panic!("no event within {within:?}"),
    }
}

/// The next event of `wanted` kind (as [`kind`] names it), the others skipped, failing the
/// test if none comes within `within` of each other.
pub async fn next_of_kind(
    stream: &mut EventStream,
    wanted: &str,
    within: Duration,
) -> proto::SessionEvent {
    loop {
        let event = next_event(stream, within).await;
        if kind(&event) == wanted {
            return event;
        }
    }
}

/// Every event that arrives before `until_ms` (milliseconds since the Unix epoch, as
/// [`now_ms`]), each with when it arrived; failing the test if the stream ends first.
pub async fn events_until(
    stream: &mut EventStream,
    until_ms: i64,
) -> Vec<(proto::SessionEvent, i64)> {
    let mut events = Vec::new();
    loop {
        let Ok(left) = u64::try_from(until_ms - now_ms()) else {
            return events;
        };
        match tokio::time::timeout(Duration::from_millis(left), stream.message()).await {
            Ok(Ok(Some(event))) => events.push((event, now_ms())),
            Ok(other) => panic!("event stream ended: {other:?}"),
            Err(_) => return events,
        }
    }
}

/// The event's kind, as the oneof field's name.
pub fn kind(event: &proto::SessionEvent) -> &'static str {
    use proto::session_event::Kind as E;
    match event.kind {
        Some(E::Snapshot(_)) => "snapshot",
        Some(E::LoggedIn(_)) => "logged_in",
        Some(E::LoggedOut(_)) => "logged_out",
        Some(E::TokenRefreshed(_)) => "token_refreshed",
        Some(E::TokenExpired(_)) => "token_expired",
        Some(E::RefreshFailed(_)) => "refresh_failed",
        Some(E::RefreshTokenExpiring(_)) => "refresh_token_expiring",
        Some(E::CurrentUserChanged(_)) => "current_user_changed",
        Some(E::UserRemoved(_)) => "user_removed",
        Some(E::ProfileUpdated(_)) => "profile_updated",
        Some(E::BackendStatus(_)) => "backend_status",
        Some(E::Lagged(_)) => "lagged",
        None => "none",
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Now, in microseconds since the Unix epoch: what event seqs are made of.
pub fn micros_now() -> u64 {
    let elapsed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    u64::try_from(elapsed.as_micros()).unwrap()
}

pub fn timestamp_ms(timestamp: &prost_types::Timestamp) -> i64 {
    timestamp.seconds * 1000 + i64::from(timestamp.nanos) / 1_000_000
}
