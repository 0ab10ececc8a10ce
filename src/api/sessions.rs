//! The `Sessions` service: each method reads the caller, converts the request, calls the session
//! layer and converts the answer.

use std::pin::Pin;
use std::sync::Arc;

use tokio_stream::{Stream, StreamExt};
use tonic::{Request, Response, Status};

use super::audit::Handout;
use super::caller::caller;
use super::peer::Peer;
use super::{convert, status_of};
use tokio::sync::mpsc;

use crate::backend::{Interactive, Prompt};
use crate::proto::{self, sessions_server::Sessions as SessionsRpc};
use crate::session::{
    Caller, DEFAULT_MIN_VALID, Ending, SessionError, Sessions, Target, UserView, WatchFilter,
};

/// Serves `latchkey.v1.Sessions`.
#[derive(Debug, Clone)]
pub(crate) struct SessionsService {
    sessions: Arc<Sessions>,
}

impl SessionsService {
    pub(crate) fn new(sessions: Arc<Sessions>) -> Self {
        Self { sessions }
    }
}

type ServerStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

/// Notes in the audit trail that the caller of `request` got a token (see `api::audit`).
fn audit_handout<T>(request: &Request<T>, handout: &Handout<'_>) {
    if let Some(peer) = request.extensions().get::<Peer>() {
        peer.handouts.record(handout);
    }
}

/// The user a request names.
fn target<'a>(owner_uid: Option<u32>, app: &'a str, user_id: &'a str) -> Target<'a> {
    Target {
        owner_uid,
        app,
        user_id,
    }
}

fn user_response(result: Result<UserView, SessionError>) -> Result<Response<proto::User>, Status> {
    result
        .map(|view| Response::new(convert::user(view)))
        .map_err(|err| status_of(&err))
}

#[tonic::async_trait]
impl SessionsRpc for SessionsService {
    async fn log_in(
        &self,
        request: Request<proto::LogInRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let credentials = convert::credentials(request.credentials)?;
        let kind = credentials.kind().as_str();
        let result = self
            .sessions
            .operations()
            .log_in(&caller, &request.app, credentials)
            .await;
        match &result {
            Ok(user) => {
                tracing::info!(uid = caller.uid, app = %user.app, user = %user.id, credential = kind, "logged in");
            }
            Err(err) => {
                tracing::info!(uid = caller.uid, credential = kind, error = %err, "login failed");
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
                .operations()
                .link(&caller, &request.app, &request.user_id, credentials)
                .await,
        )
    }

    async fn log_out(
        &self,
        request: Request<proto::LogOutRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        user_response(
            self.sessions
                .operations()
                .end_session(
                    &caller,
                    target(request.owner_uid, &request.app, &request.user_id),
                    Ending::LogOut,
                )
                .await,
        )
    }

    async fn get_current_user(
        &self,
        request: Request<proto::GetCurrentUserRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        user_response(
            self.sessions
                .operations()
                .current_user(&caller, request.owner_uid, &request.app)
                .await,
        )
    }

    async fn list_users(
        &self,
        request: Request<proto::ListUsersRequest>,
    ) -> Result<Response<proto::ListUsersResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let users = self
            .sessions
            .operations()
            .list_users(&caller, request.owner_uid, request.all_owners, &request.app)
            .await
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
        let user_id = convert::required(request.user_id, "user_id")?;
        user_response(
            self.sessions
                .operations()
                .switch_user(&caller, target(request.owner_uid, &request.app, &user_id))
                .await,
        )
    }

    async fn remove_user(
        &self,
        request: Request<proto::RemoveUserRequest>,
    ) -> Result<Response<proto::RemoveUserResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let user = self
            .sessions
            .operations()
            .end_session(
                &caller,
                target(request.owner_uid, &request.app, &request.user_id),
                Ending::Remove,
            )
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
        let user = self
            .sessions
            .operations()
            .delete_user(
                &caller,
                target(request.owner_uid, &request.app, &request.user_id),
            )
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
        let message = request.get_ref();
        let min_valid = convert::min_valid(message.min_valid, DEFAULT_MIN_VALID)?;
        let token = self
            .sessions
            .refresh_path()
            .access_token(
                &caller,
                target(message.owner_uid, &message.app, &message.user_id),
                min_valid,
                message.force_refresh,
                &convert::purpose(message.scopes.clone(), message.audience.clone())?,
            )
            .await
            .map_err(|err| status_of(&err))?;
        audit_handout(
            &request,
            &Handout {
                what: "access token",
                owner: message.owner_uid.unwrap_or(caller.uid),
                app: &token.app,
                user: &token.user_id,
                stale: token.stale,
            },
        );
        Ok(Response::new(convert::access_token(token)))
    }

    async fn get_id_token(
        &self,
        request: Request<proto::GetIdTokenRequest>,
    ) -> Result<Response<proto::IdToken>, Status> {
        let caller = caller(&request)?;
        let message = request.get_ref();
        let min_valid = convert::min_valid(message.min_valid, DEFAULT_MIN_VALID)?;
        let token = self
            .sessions
            .refresh_path()
            .id_token(
                &caller,
                target(message.owner_uid, &message.app, &message.user_id),
                min_valid,
            )
            .await
            .map_err(|err| status_of(&err))?;
        audit_handout(
            &request,
            &Handout {
                what: "ID token",
                owner: message.owner_uid.unwrap_or(caller.uid),
                app: &token.app,
                user: &token.user_id,
                stale: false,
            },
        );
        Ok(Response::new(convert::id_token(token)))
    }

    async fn refresh_user(
        &self,
        request: Request<proto::RefreshUserRequest>,
    ) -> Result<Response<proto::User>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        user_response(
            self.sessions
                .refresh_path()
                .refresh_user(
                    &caller,
                    target(request.owner_uid, &request.app, &request.user_id),
                )
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
            .subscriptions()
            .watch(&caller, filter)
            .await
            .map_err(|err| status_of(&err))?;
        let stream = tokio_stream::wrappers::ReceiverStream::new(events)
            .map(|event| Ok(convert::event(&event)));
        Ok(Response::new(Box::pin(stream)))
    }

    type LogInWithDeviceStream = ServerStream<proto::LogInWithDeviceResponse>;

    async fn log_in_with_device(
        &self,
        request: Request<proto::LogInWithDeviceRequest>,
    ) -> Result<Response<Self::LogInWithDeviceStream>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let login = InteractiveLogin::new(
            request.app,
            Interactive::Device,
            request.scopes,
            request.user_id,
        )?;
        Ok(Response::new(interactive(
            self.sessions.clone(),
            caller,
            login,
            |prompt| match prompt {
                Prompt::Device {
                    verification_uri,
                    verification_uri_complete,
                    user_code,
                    expires_at_ms,
                } => Some(proto::LogInWithDeviceResponse {
                    verification_uri,
                    verification_uri_complete: verification_uri_complete.unwrap_or_default(),
                    user_code,
                    expires_at: Some(crate::clock::system_time(expires_at_ms).into()),
                    user: None,
                }),
                Prompt::Browser { .. } => None,
            },
            |user| proto::LogInWithDeviceResponse {
                user: Some(user),
                ..Default::default()
            },
        )))
    }

    type LogInWithBrowserStream = ServerStream<proto::LogInWithBrowserResponse>;

    async fn log_in_with_browser(
        &self,
        request: Request<proto::LogInWithBrowserRequest>,
    ) -> Result<Response<Self::LogInWithBrowserStream>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let login = InteractiveLogin::new(
            request.app,
            Interactive::Browser,
            request.scopes,
            request.user_id,
        )?;
        Ok(Response::new(interactive(
            self.sessions.clone(),
            caller,
            login,
            |prompt| match prompt {
                Prompt::Browser { authorization_url } => Some(proto::LogInWithBrowserResponse {
                    authorization_url,
                    user: None,
                }),
                Prompt::Device { .. } => None,
            },
            |user| proto::LogInWithBrowserResponse {
                authorization_url: String::new(),
                user: Some(user),
            },
        )))
    }
}

/// An interactive login as a request names it.
struct InteractiveLogin {
    app: String,
    flow: Interactive,
    scopes: Vec<String>,
    user_id: String,
}

impl InteractiveLogin {
    /// The login a request asks for, its scopes checked.
    fn new(
        app: String,
        flow: Interactive,
        scopes: Vec<String>,
        user_id: String,
    ) -> Result<Self, Status> {
        Ok(Self {
            app,
            flow,
            scopes: convert::scopes(scopes, "scopes")?,
            user_id,
        })
    }
}

/// The stream of an interactive login: the prompt (as `prompted` makes it a message), then the
/// user (as `done` does) or the error. A client that goes away cancels the wait for the user.
fn interactive<T: Send + 'static>(
    sessions: Arc<Sessions>,
    caller: Caller,
    login: InteractiveLogin,
    prompted: fn(Prompt) -> Option<T>,
    done: fn(proto::User) -> T,
) -> ServerStream<T> {
    let (out, stream) = mpsc::channel(4);
    let (prompt, mut prompts) = mpsc::channel(1);
    let kind = login.flow.kind().as_str();
    tokio::spawn(async move {
        let InteractiveLogin {
            app,
            flow,
            scopes,
            user_id,
        } = login;
        let operations = sessions.operations();
        let result = operations.log_in_interactive(&caller, &app, flow, scopes, user_id, prompt);
        tokio::pin!(result);
        let result = loop {
            tokio::select! {
                Some(message) = prompts.recv() => {
                    if let Some(message) = prompted(message)
                        && out.send(Ok(message)).await.is_err() {
                            return;
                        }
                }
                result = &mut result => break result,
                () = out.closed() => {
                    tracing::info!(uid = caller.uid, credential = kind, "login cancelled by its caller");
                    return;
                }
            }
        };
        let message = match result {
            Ok(user) => {
                tracing::info!(uid = caller.uid, app = %user.app, user = %user.id, credential = kind, "logged in");
                Ok(done(convert::user(user)))
            }
            Err(err) => {
                tracing::info!(uid = caller.uid, credential = kind, error = %err, "login failed");
                Err(status_of(&err))
            }
        };
        // The caller may be gone; the login's outcome is kept either way.
        let _ = out.send(message).await;
    });
    Box::pin(tokio_stream::wrappers::ReceiverStream::new(stream))
}
