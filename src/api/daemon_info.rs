//! The `Daemon` service: what the daemon serves and how it is doing.

use std::sync::Arc;
use std::time::SystemTime;

use tonic::{Request, Response, Status};

use super::convert;
use crate::proto::{self, daemon_server::Daemon};
use crate::session::Sessions;

/// Serves `latchkey.v1.Daemon`.
#[derive(Debug, Clone)]
pub(crate) struct DaemonService {
    sessions: Arc<Sessions>,
    /// Uptime is counted from here.
    started_at: SystemTime,
}

impl DaemonService {
    pub(crate) fn new(sessions: Arc<Sessions>, started_at: SystemTime) -> Self {
        Self {
            sessions,
            started_at,
        }
    }
}

#[tonic::async_trait]
impl Daemon for DaemonService {
    async fn list_apps(
        &self,
        _request: Request<proto::ListAppsRequest>,
    ) -> Result<Response<proto::ListAppsResponse>, Status> {
        let apps = self.sessions.apps().into_iter().map(convert::app).collect();
        Ok(Response::new(proto::ListAppsResponse { apps }))
    }

    async fn get_status(
        &self,
        request: Request<proto::GetStatusRequest>,
    ) -> Result<Response<proto::GetStatusResponse>, Status> {
        let caller = super::caller::caller(&request)?;
        let uptime = SystemTime::now()
            .duration_since(self.started_at)
            .unwrap_or_default();
        let apps = self
            .sessions
            .status(&caller)
            .await
            .into_iter()
            .map(|app| proto::AppStatus {
                name: app.name,
                logged_in: app.logged_in,
                logged_out: app.logged_out,
                backend_reachable: app.backend_reachable,
            })
            .collect();
        Ok(Response::new(proto::GetStatusResponse {
            version: crate::VERSION.to_owned(),
            started_at: Some(self.started_at.into()),
            uptime: prost_types::Duration::try_from(uptime).ok(),
            apps,
        }))
    }
}
