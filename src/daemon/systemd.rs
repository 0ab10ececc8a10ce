//! What systemd gives and expects: a listener passed by socket activation (`LISTEN_FDS`), and
//! the notify protocol (`READY=1` once the store is open and the listener up, `STATUS=`,
//! `STOPPING=1`, `WATCHDOG=1` at half the watchdog interval). Outside systemd every notification
//! is a no-op.

use tokio::net::UnixListener;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The listener systemd passed, if any, ready for tokio.
///
/// # Errors
/// The passed descriptor is not a Unix listener or cannot be made non-blocking.
pub(super) fn inherited_listener() -> std::io::Result<Option<UnixListener>> {
    let Some(listener) = listenfd::ListenFd::from_env().take_unix_listener(0)? else {
        return Ok(None);
    };
    // Inherited descriptors are blocking; tokio needs them non-blocking.
    listener.set_nonblocking(true)?;
    UnixListener::from_std(listener).map(Some)
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
