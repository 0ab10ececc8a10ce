//! What systemd gives and expects: a listener passed by socket activation (`LISTEN_FDS`), and
//! the notify protocol (`READY=1` once the store is open and the listener up, `STATUS=`,
//! `STOPPING=1`, `WATCHDOG=1` at half the watchdog interval). Outside systemd every notification
//! is a no-op.

use tokio::net::UnixListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The name (`FileDescriptorName=`) of the metrics listener a unit may pass
/// (`latchkeyd-metrics.socket`).
const METRICS_FD_NAME: &str = "metrics";

/// The listeners systemd passed (socket activation), ready for tokio.
pub(super) struct Inherited {
    /// The gRPC socket: the first passed descriptor not named [`METRICS_FD_NAME`].
    pub grpc: Option<UnixListener>,
    /// The metrics listener, when a socket unit named `metrics` passed one.
    pub metrics: Option<super::metrics::Listener>,
}

/// The listeners systemd passed, told apart by their names (`LISTEN_FDNAMES`).
///
/// # Errors
/// A passed descriptor is not a listener of the kind its name says, or cannot be made
/// non-blocking.
pub(super) fn inherited_listeners() -> std::io::Result<Inherited> {
    let mut fds = listenfd::ListenFd::from_env();
    let names: Vec<String> = std::env::var("LISTEN_FDNAMES")
        .map(|names| names.split(':').map(str::to_owned).collect())
        .unwrap_or_default();
    let mut inherited = Inherited {
        grpc: None,
        metrics: None,
    };
    for index in 0..fds.len() {
        let is_metrics = names.get(index).is_some_and(|name| name == METRICS_FD_NAME);
        if is_metrics && inherited.metrics.is_none() {
            inherited.metrics = Some(match fds.take_unix_listener(index) {
                Ok(Some(listener)) => {
                    listener.set_nonblocking(true)?;
                    super::metrics::Listener::Unix(UnixListener::from_std(listener)?)
                }
                _ => {
                    let listener = fds.take_tcp_listener(index)?.ok_or_else(|| {
                        std::io::Error::other("the metrics descriptor was already taken")
                    })?;
                    listener.set_nonblocking(true)?;
                    super::metrics::Listener::Tcp(tokio::net::TcpListener::from_std(listener)?)
                }
            });
        } else if !is_metrics && inherited.grpc.is_none() {
            let Some(listener) = fds.take_unix_listener(index)? else {
                continue;
            };
            // Inherited descriptors are blocking; tokio needs them non-blocking.
            listener.set_nonblocking(true)?;
            inherited.grpc = Some(UnixListener::from_std(listener)?);
        }
    }
    Ok(inherited)
}

/// `READY=1` with the banner as `STATUS=`.
pub(super) fn ready(status: &str) {
    let _ = sd_notify::notify(&[
        sd_notify::NotifyState::Ready,
        sd_notify::NotifyState::Status(status),
    ]);
}

/// A new `STATUS=` line.
pub(super) fn status(status: &str) {
    let _ = sd_notify::notify(&[sd_notify::NotifyState::Status(status)]);
}

/// `STOPPING=1`.
pub(super) fn stopping() {
    let _ = sd_notify::notify(&[
        sd_notify::NotifyState::Stopping,
        sd_notify::NotifyState::Status("shutting down"),
    ]);
}

/// Pings the watchdog, when systemd asked for one, until `shutdown`.
pub(super) fn keep_watchdog(tasks: &TaskTracker, shutdown: CancellationToken) {
    let Some(interval) = sd_notify::watchdog_enabled() else {
        return;
    };
    tasks.spawn(async move {
        let mut tick = tokio::time::interval(interval / 2);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = tick.tick() => {
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
                }
            }
        }
    });
}
