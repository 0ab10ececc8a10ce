//! The metrics listener (`metrics_listen`): `GET /metrics` in the OpenMetrics text format (the
//! classic Prometheus text format to a scraper that does not ask for OpenMetrics), on a TCP
//! address or a Unix socket (mode 0660: the daemon's user and group). It shows aggregate
//! counts over every uid and nothing else; it has no authentication, so keep a TCP address on
//! loopback or behind a firewall.

use std::sync::Arc;

use anyhow::Context as _;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use tokio_util::sync::CancellationToken;

use crate::config::MetricsListen;
use crate::session::Sessions;

const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const CLASSIC: &str = "text/plain; version=0.0.4; charset=utf-8";

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

    /// Serves until `shutdown`.
    pub(super) async fn serve(self, sessions: Arc<Sessions>, shutdown: CancellationToken) {
        let app = axum::Router::new()
            .route("/metrics", axum::routing::get(scrape))
            .with_state(sessions);
        let stop = shutdown.cancelled_owned();
        let result = match self {
            Self::Tcp(listener) => {
                axum::serve(listener, app)
                    .with_graceful_shutdown(stop)
                    .await
            }
            Self::Unix(listener) => {
                let path = listener
                    .local_addr()
                    .ok()
                    .and_then(|addr| addr.as_pathname().map(std::path::Path::to_path_buf));
                let result = axum::serve(listener, app)
                    .with_graceful_shutdown(stop)
                    .await;
                if let Some(path) = path {
                    let _ = std::fs::remove_file(path);
                }
                result
            }
        };
        if let Err(err) = result {
            tracing::warn!(error = %err, "the metrics listener failed");
        }
    }
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
