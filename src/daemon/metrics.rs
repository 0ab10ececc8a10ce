//! The metrics listener (`metrics_listen`): `GET /metrics` in the OpenMetrics text format (the
//! classic Prometheus text format to a scraper that does not ask for OpenMetrics), on a Unix
//! socket (mode 0660: the daemon's user and group), a TCP address, or a listener the unit passes
//! (`latchkeyd-metrics.socket`). It shows aggregate counts over every uid (sessions per app,
//! login and refresh outcomes, RPC codes, earliest expiries) and nothing else; it has no
//! authentication, so a TCP address shows them to every local uid.
//!
//! Every local uid may be able to reach it, so it never stands in the way of session service:
//! an address that cannot be bound is logged and tried again while the daemon serves; at most
//! [`MAX_CONNECTIONS`] connections are served at once (more are closed at once), a request head
//! must arrive within [`HEADER_TIMEOUT`] and a connection lives at most [`CONNECTION_LIFETIME`].

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::MetricsListen;
use crate::session::Sessions;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const CLASSIC: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Connections served at once; a scraper needs one.
const MAX_CONNECTIONS: usize = 32;

/// A request head must arrive within this (a half-sent head is closed then).
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection is closed after this long, idle or not: a scrape takes milliseconds.
const CONNECTION_LIFETIME: Duration = Duration::from_secs(30);

/// How often an address that could not be bound is tried again.
const BIND_RETRY: Duration = Duration::from_secs(10);

/// A bound metrics listener.
pub(super) enum Listener {
    Tcp(tokio::net::TcpListener),
    Unix(tokio::net::UnixListener),
}

/// Binds `listen`; a stale socket file at a Unix path is replaced.
///
/// # Errors
/// The address or path cannot be bound.
pub(super) async fn bind(listen: &MetricsListen) -> anyhow::Result<Listener> {
    match listen {
        MetricsListen::Tcp(addr) => Ok(Listener::Tcp(
            tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("metrics_listen: cannot listen on {addr}"))?,
        )),
        MetricsListen::Unix(path) => {
            use std::os::unix::fs::{FileTypeExt, PermissionsExt};
            if std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_socket()) {
                let _ = std::fs::remove_file(path);
            }
            let listener = tokio::net::UnixListener::bind(path)
                .with_context(|| format!("metrics_listen: cannot bind {}", path.display()))?;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o660))
                .with_context(|| format!("metrics_listen: chmod {}", path.display()))?;
            Ok(Listener::Unix(listener))
        }
    }
}

/// Serves metrics until `shutdown`: on `inherited` (a listener the unit passed) when there is
/// one, else on `listen`, bound now or, while that fails, tried again every [`BIND_RETRY`]
/// (warned once, and said again once it works).
pub(super) async fn run(
    listen: Option<MetricsListen>,
    inherited: Option<Listener>,
    sessions: Arc<Sessions>,
    shutdown: CancellationToken,
) {
    // A socket the unit passed is systemd's: its file stays when the daemon stops.
    let owned = inherited.is_none();
    let listener = match (inherited, listen) {
        (Some(listener), listen) => {
            if listen.is_some() {
                tracing::info!("metrics_listen is ignored: the unit passed a metrics socket");
            }
            listener
        }
        (None, None) => return,
        (None, Some(listen)) => {
            let mut failures = 0_u32;
            loop {
                match bind(&listen).await {
                    Ok(listener) => {
                        if failures > 0 {
                            tracing::info!(
                                failures,
                                "metrics listener bound after {failures} failures"
                            );
                        }
                        break listener;
                    }
                    Err(err) => {
                        if failures == 0 {
                            tracing::warn!(
                                error = format!("{err:#}"),
                                "metrics are not served; retrying every {} s (sessions are served meanwhile)",
                                BIND_RETRY.as_secs()
                            );
                        }
                        failures += 1;
                    }
                }
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(BIND_RETRY) => {}
                }
            }
        }
    };
    if matches!(listener, Listener::Tcp(_)) {
        tracing::warn!(
            "metrics on a TCP address show every local uid the daemon's activity (sessions per app, logins, refreshes, RPC outcomes); a Unix socket keeps them to the daemon's group"
        );
    }
    tracing::info!(listen = %listener.describe(), "serving metrics");
    listener.serve(sessions, shutdown, owned).await;
}

impl Listener {
    /// Where it listens, for the start-up banner.
    pub(super) fn describe(&self) -> String {
        match self {
            Self::Tcp(listener) => listener.local_addr().map_or_else(
                |_| "tcp".to_owned(),
                |addr| format!("http://{addr}/metrics"),
            ),
            Self::Unix(listener) => listener
                .local_addr()
                .ok()
                .and_then(|addr| addr.as_pathname().map(|path| path.display().to_string()))
                .unwrap_or_else(|| "a unix socket".to_owned()),
        }
    }

    /// Serves until `shutdown`; then the file of a Unix socket the daemon bound (`owned`) is
    /// removed.
    async fn serve(self, sessions: Arc<Sessions>, shutdown: CancellationToken, owned: bool) {
        let app = axum::Router::new()
            .route("/metrics", axum::routing::get(scrape))
            .with_state(sessions);
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let connections = TaskTracker::new();
        match self {
            Self::Tcp(listener) => loop {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => connection(stream, &app, &slots, &connections, &shutdown),
                        Err(err) => accept_failed(&err).await,
                    },
                }
            },
            Self::Unix(listener) => {
                let path = listener
                    .local_addr()
                    .ok()
                    .and_then(|addr| addr.as_pathname().map(std::path::Path::to_path_buf));
                loop {
                    tokio::select! {
                        () = shutdown.cancelled() => break,
                        accepted = listener.accept() => match accepted {
                            Ok((stream, _)) => connection(stream, &app, &slots, &connections, &shutdown),
                            Err(err) => accept_failed(&err).await,
                        },
                    }
                }
                if let Some(path) = path.filter(|_| owned) {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        connections.close();
        connections.wait().await;
    }
}

/// Out of descriptors, say: wait a little rather than spin.
async fn accept_failed(err: &std::io::Error) {
    tracing::debug!(error = %err, "metrics listener: accept failed");
    tokio::time::sleep(Duration::from_millis(50)).await;
}

/// Serves one connection when a slot is free (it is closed at once otherwise): HTTP/1 only, its
/// head within [`HEADER_TIMEOUT`], all of it within [`CONNECTION_LIFETIME`] or `shutdown`.
fn connection<S>(
    stream: S,
    app: &axum::Router,
    slots: &Arc<Semaphore>,
    connections: &TaskTracker,
    shutdown: &CancellationToken,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let Ok(slot) = slots.clone().try_acquire_owned() else {
        return;
    };
    let service = hyper_util::service::TowerToHyperService::new(app.clone());
    let shutdown = shutdown.clone();
    connections.spawn(async move {
        let _slot = slot;
        let mut builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT);
        let builder = builder.http1_only();
        let served = builder.serve_connection(TokioIo::new(stream), service);
        tokio::select! {
            () = shutdown.cancelled() => {}
            _ = tokio::time::timeout(CONNECTION_LIFETIME, served) => {}
        }
    });
}

/// OpenMetrics for a scraper that asks for it (Prometheus does), the classic text format
/// otherwise.
async fn scrape(
    axum::extract::State(sessions): axum::extract::State<Arc<Sessions>>,
    headers: axum::http::HeaderMap,
) -> impl IntoResponse {
    let text = sessions.scrape().await;
    let openmetrics = headers
        .get_all(axum::http::header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.contains("application/openmetrics-text"));
    if openmetrics {
        ([(CONTENT_TYPE, OPENMETRICS)], text)
    } else {
        (
            [(CONTENT_TYPE, CLASSIC)],
            crate::metrics::classic_text(&text),
        )
    }
}
