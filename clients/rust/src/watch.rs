//! A stream of session events that survives daemon restarts: on a lost connection it
//! reconnects (200 ms, doubling to 2 s) and resumes after the last `seq` it delivered.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::proto::{SessionEvent, WatchEventsRequest};
use crate::{Client, Error};

/// What [`Client::watch`] subscribes to. The default, as in the Python and Node libraries:
/// every app, every user, starting with a snapshot.
///
/// ```
/// let options = latchkey_client::WatchOptions::default().app("corp").snapshot(false);
/// assert_eq!(options.app.as_deref(), Some("corp"));
/// assert!(!options.snapshot);
/// assert!(latchkey_client::WatchOptions::default().snapshot);
/// ```
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// Only this app's events; `None` = every app.
    pub app: Option<String>,
    /// Only this user's events; `None` = every user.
    pub user_id: Option<String>,
    /// First a `snapshot` event for every matching user (on the first subscription only, not
    /// on a resume).
    pub snapshot: bool,
}

impl Default for WatchOptions {
    fn default() -> Self {
        Self {
            app: None,
            user_id: None,
            snapshot: true,
        }
    }
}

impl WatchOptions {
    /// Only `app`'s events.
    #[must_use]
    pub fn app(mut self, app: impl Into<String>) -> Self {
        self.app = Some(app.into());
        self
    }

    /// Only `user_id`'s events.
    #[must_use]
    pub fn user_id(mut self, user_id: impl Into<String>) -> Self {
        self.user_id = Some(user_id.into());
        self
    }

    /// Whether to start with a snapshot event of every matching user.
    #[must_use]
    pub fn snapshot(mut self, snapshot: bool) -> Self {
        self.snapshot = snapshot;
        self
    }
}

/// Session events, in order. A `Stream` (`tokio_stream::StreamExt::next`), or read with
/// [`Watch::next`]. It ends with an error only when the daemon refuses the subscription (an
/// unknown app, say) or was never reachable; otherwise it reconnects for ever. Dropping it
/// ends the subscription.
#[derive(Debug)]
pub struct Watch {
    events: mpsc::Receiver<Result<SessionEvent, Error>>,
    subscribed: watch::Receiver<bool>,
    task: tokio::task::JoinHandle<()>,
}

const FIRST_RETRY: Duration = Duration::from_millis(200);
const LAST_RETRY: Duration = Duration::from_secs(2);

/// The waits of a [`Watch`] before each reconnect, the same in every client library
/// (`clients/behaviour.json`): 200 ms, doubling to 2 s, and from 200 ms again once an event
/// came through.
///
/// ```
/// use std::time::Duration;
/// let mut backoff = latchkey_client::Backoff::default();
/// assert_eq!(backoff.delay(), Duration::from_millis(200));
/// assert_eq!(backoff.delay(), Duration::from_millis(400));
/// ```
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self { next: FIRST_RETRY }
    }
}

impl Backoff {
    /// The wait now; the next one is longer.
    pub fn delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(LAST_RETRY);
        delay
    }

    /// An event came through: start over.
    pub fn reset(&mut self) {
        self.next = FIRST_RETRY;
    }
}

impl Watch {
    pub(crate) fn start(client: Client, options: WatchOptions) -> Self {
        let (sender, events) = mpsc::channel(64);
        let (ready, subscribed) = watch::channel(false);
        let task = tokio::spawn(subscribe(client, options, sender, ready));
        Self {
            events,
            subscribed,
            task,
        }
    }

    /// Returns once the daemon holds the subscription: every event after that is delivered.
    ///
    /// # Errors
    /// The daemon's refusal (an unknown app), or [`Error::NotRunning`] when it was never
    /// reached; the stream then ends.
    pub async fn subscribed(&mut self) -> Result<(), Error> {
        if self.subscribed.wait_for(|ready| *ready).await.is_ok() {
            return Ok(());
        }
        match self.events.recv().await {
            Some(Err(err)) => Err(err),
            _ => Ok(()),
        }
    }

    /// Whether the daemon holds the subscription now, as a value that changes: `true` once
    /// subscribed, `false` while the connection is lost and the stream reconnects, `true` again
    /// after the resume. For showing the connection's state beside the events.
    pub fn subscription(&self) -> watch::Receiver<bool> {
        self.subscribed.clone()
    }

    /// The next event; `None` once the stream ended.
    pub async fn next(&mut self) -> Option<Result<SessionEvent, Error>> {
        self.events.recv().await
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl tokio_stream::Stream for Watch {
    type Item = Result<SessionEvent, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.events.poll_recv(cx)
    }
}

async fn subscribe(
    client: Client,
    options: WatchOptions,
    sender: mpsc::Sender<Result<SessionEvent, Error>>,
    subscribed: watch::Sender<bool>,
) {
    let mut resume_after = 0;
    let mut reached = false;
    let mut backoff = Backoff::default();
    loop {
        let request = WatchEventsRequest {
            app: options.app.clone().unwrap_or_default(),
            user_id: options.user_id.clone().unwrap_or_default(),
            include_snapshot: options.snapshot && resume_after == 0,
            resume_after,
        };
        let answer = match client.sessions().await {
            Ok(mut sessions) => sessions
                .watch_events(request)
                .await
                .map_err(|status| client.error(&status)),
            Err(err) => Err(err),
        };
        match answer {
            Ok(response) => {
                // The answer's headers come after the daemon registered the subscription.
                subscribed.send_replace(true);
                reached = true;
                backoff.reset();
                let mut stream = response.into_inner();
                while let Ok(Some(event)) = stream.message().await {
                    resume_after = resume_after.max(event.seq);
                    if sender.send(Ok(event)).await.is_err() {
                        return;
                    }
                }
                subscribed.send_replace(false);
            }
            // The daemon itself refused: retrying would not help.
            Err(err @ (Error::Rpc(_) | Error::Untrusted { .. })) => {
                let _ = sender.send(Err(err)).await;
                return;
            }
            Err(err) if !reached => {
                let _ = sender.send(Err(err)).await;
                return;
            }
            Err(Error::NotRunning { .. }) => {}
        }
        if sender.is_closed() {
            return;
        }
        tokio::time::sleep(backoff.delay()).await;
    }
}
