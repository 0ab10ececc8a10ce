//! The `Sessions` service.

use std::pin::Pin;
use std::sync::Arc;

use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status};

use super::{caller, convert, status_of};
use crate::proto::{self, sessions_server::Sessions};
use std::collections::{HashMap, VecDeque};

use crate::config::Limits;
use crate::session::{Caller, DEFAULT_MIN_VALID, SessionError, SessionManager, WatchFilter};

/// Serves `latchkey.v1.Sessions`.
#[derive(Debug, Clone)]
pub struct SessionsService {
    sessions: Arc<SessionManager>,
    limits: Limits,
    /// App name -> gid of its `shared_with_group`.
    shared: HashMap<String, u32>,
    /// Recent `LogIn` calls per uid, for `limits.logins_per_minute`.
    logins: Arc<std::sync::Mutex<HashMap<u32, VecDeque<tokio::time::Instant>>>>,
}

impl SessionsService {
    /// A service over `sessions` with the per-uid `limits`.
    pub fn new(
        sessions: Arc<SessionManager>,
        limits: Limits,
        shared: HashMap<String, u32>,
    ) -> Self {
        Self {
            sessions,
            limits,
            shared,
            logins: Arc::default(),
        }
    }

    /// Counts a `LogIn` of `uid`; RESOURCE_EXHAUSTED past `logins_per_minute`.
    fn admit_login(&self, uid: u32) -> Result<(), Status> {
        let now = tokio::time::Instant::now();
        let mut logins = self
            .logins
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let recent = logins.entry(uid).or_default();
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= std::time::Duration::from_secs(60))
        {
            recent.pop_front();
        }
        if recent.len() >= self.limits.logins_per_minute {
            return Err(status_of(&SessionError::LimitReached(format!(
                "uid {uid} made {} logins in the last minute (limits.logins_per_minute)",
                recent.len()
            ))));
        }
        recent.push_back(now);
        Ok(())
    }
}

fn owner_denied() -> Status {
    super::error_status(
        tonic::Code::PermissionDenied,
        "OWNER_SELECTION_DENIED",
        "only uid 0 may act on another uid's sessions",
        std::collections::HashMap::new(),
    )
}

/// The caller, or for uid 0 with `owner_uid` set, the caller acting as that owner (explicit,
/// never implicit: root's own requests touch root's own sessions).
fn acting(caller: Caller, owner_uid: Option<u32>) -> Result<Caller, Status> {
    match owner_uid {
        None => Ok(caller),
        Some(uid) if caller.uid == 0 => Ok(Caller { uid, ..caller }),
        Some(_) => Err(owner_denied()),
    }
}

impl SessionsService {
    /// As [`acting`], and for reads only: a member of the app's `shared_with_group` may read
    /// uid 0's sessions of that app by naming `owner_uid = 0`.
    fn reading(&self, caller: Caller, app: &str, owner_uid: Option<u32>) -> Result<Caller, Status> {
        if owner_uid == Some(0) && caller.uid != 0 {
            let app = if app.is_empty() {
                self.sessions
                    .apps()
                    .into_iter()
                    .find(|info| info.is_default)
                    .map(|info| info.name)
                    .unwrap_or_default()
            } else {
                app.to_owned()
            };
            let shared = self
                .shared
                .get(&app)
                .is_some_and(|gid| super::caller_groups(caller.gid, caller.pid).contains(gid));
            if shared {
                return Ok(Caller { uid: 0, ..caller });
            }
        }
        acting(caller, owner_uid)
    }
}

type ServerStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

fn user_response(
    result: Result<crate::session::UserView, crate::session::SessionError>,
) -> Result<Response<proto::User>, Status> {
    result
        .map(|view| Response::new(convert::user(view)))
        .map_err(|err| status_of(&err))
}

#[tonic::async_trait]
impl Sessions for SessionsService {
    async fn log_in(
        &self,
        request: Request<proto::LogInRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        self.admit_login(caller.uid)?;
        let request = request.into_inner();
        let credentials = convert::credentials(request.credentials)?;
        let kind = credentials.kind();
        let result = self
            .sessions
            .log_in(caller, &request.app, credentials)
            .await;
        match &result {
            Ok(user) => {
                tracing::info!(uid = caller.uid, app = %user.app, user = %user.id, credential = kind, "logged in")
            }
            Err(err) => {
                tracing::info!(uid = caller.uid, credential = kind, error = %err, "login failed")
            }
        }
        user_response(result)
    }

    async fn link_credentials(
        &self,
        request: Request<proto::LinkCredentialsRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let credentials = convert::credentials(request.credentials)?;
        user_response(
            self.sessions
                .link(caller, &request.app, &request.user_id, credentials)
                .await,
        )
    }

    async fn log_out(
        &self,
        request: Request<proto::LogOutRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = acting(caller, request.owner_uid)?;
        user_response(
            self.sessions
                .log_out(caller, &request.app, &request.user_id)
                .await,
        )
    }

    async fn get_current_user(
        &self,
        request: Request<proto::GetCurrentUserRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = self.reading(caller, &request.app, request.owner_uid)?;
        user_response(self.sessions.current_user(caller, &request.app).await)
    }

    async fn list_users(
        &self,
        request: Request<proto::ListUsersRequest>,
    ) -> Result<Response<proto::ListUsersResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let users = if request.all_owners {
            if caller.uid != 0 {
                return Err(owner_denied());
            }
            self.sessions.list_all_users(&request.app).await
        } else {
            let caller = self.reading(caller, &request.app, request.owner_uid)?;
            self.sessions.list_users(caller, &request.app).await
        }
        .map_err(|err| status_of(&err))?;
        Ok(Response::new(proto::ListUsersResponse {
            users: users.into_iter().map(convert::user).collect(),
        }))
    }

    async fn switch_user(
        &self,
        request: Request<proto::SwitchUserRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = acting(caller, request.owner_uid)?;
        user_response(
            self.sessions
                .switch_user(caller, &request.app, &request.user_id)
                .await,
        )
    }

    async fn remove_user(
        &self,
        request: Request<proto::RemoveUserRequest>,
    ) -> Result<Response<proto::RemoveUserResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = acting(caller, request.owner_uid)?;
        let user = self
            .sessions
            .remove_user(caller, &request.app, &request.user_id)
            .await
            .map_err(|err| status_of(&err))?;
        Ok(Response::new(proto::RemoveUserResponse {
            user: Some(convert::user(user)),
        }))
    }

    async fn delete_user(
        &self,
        request: Request<proto::DeleteUserRequest>,
    ) -> Result<Response<proto::DeleteUserResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = acting(caller, request.owner_uid)?;
        let user = self
            .sessions
            .delete_user(caller, &request.app, &request.user_id)
            .await
            .map_err(|err| status_of(&err))?;
        Ok(Response::new(proto::DeleteUserResponse {
            user: Some(convert::user(user)),
        }))
    }

    async fn get_access_token(
        &self,
        request: Request<proto::GetAccessTokenRequest>,
    ) -> Result<Response<proto::AccessToken>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = self.reading(caller, &request.app, request.owner_uid)?;
        let min_valid = convert::min_valid(request.min_valid, DEFAULT_MIN_VALID)?;
        let token = self
            .sessions
            .access_token(
                caller,
                &request.app,
                &request.user_id,
                min_valid,
                request.force_refresh,
            )
            .await
            .map_err(|err| status_of(&err))?;
        tracing::info!(
            target: "audit",
            uid = caller.uid,
            pid = caller.pid,
            exe = %super::caller_exe(&caller),
            app = %token.app,
            user = %token.user_id,
            stale = token.stale,
            "access token handed out"
        );
        Ok(Response::new(convert::access_token(token)))
    }

    async fn refresh_user(
        &self,
        request: Request<proto::RefreshUserRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let caller = acting(caller, request.owner_uid)?;
        user_response(
            self.sessions
                .refresh_user(caller, &request.app, &request.user_id)
                .await,
        )
    }

    type WatchEventsStream = ServerStream<proto::SessionEvent>;

    async fn watch_events(
        &self,
        request: Request<proto::WatchEventsRequest>,
    ) -> Result<Response<Self::WatchEventsStream>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let filter = WatchFilter {
            app: request.app,
            user_id: request.user_id,
            include_snapshot: request.include_snapshot,
            resume_after: request.resume_after,
        };
        let events = self
            .sessions
            .watch(caller, filter)
            .await
            .map_err(|err| status_of(&err))?;
        let stream = tokio_stream::wrappers::ReceiverStream::new(events)
            .map(|event| Ok(convert::event(&event)));
        Ok(Response::new(Box::pin(stream)))
    }

    type LogInWithDeviceStream = ServerStream<proto::LogInWithDeviceResponse>;

    async fn log_in_with_device(
        &self,
        _request: Request<proto::LogInWithDeviceRequest>,
    ) -> Result<Response<Self::LogInWithDeviceStream>, Status> {
        Err(Status::unimplemented(
            "LogInWithDevice is not implemented yet: it needs the oidc backend",
        ))
    }

    type LogInWithBrowserStream = ServerStream<proto::LogInWithBrowserResponse>;

    async fn log_in_with_browser(
        &self,
        _request: Request<proto::LogInWithBrowserRequest>,
    ) -> Result<Response<Self::LogInWithBrowserStream>, Status> {
        Err(Status::unimplemented(
            "LogInWithBrowser is not implemented yet: it needs the oidc backend",
        ))
    }
}
