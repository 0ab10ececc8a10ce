//! The `EmailPassword` service: request validation and translation only.

use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::caller::caller;
use super::convert::required;
use super::{invalid_argument, status_of};
use crate::backend::AccountCall;
use crate::proto::{self, email_password_server::EmailPassword};
use crate::secret::Secret;
use crate::session::{Caller, Sessions};

/// Serves `latchkey.v1.EmailPassword`.
#[derive(Debug, Clone)]
pub(crate) struct EmailPasswordService {
    sessions: Arc<Sessions>,
}

impl EmailPasswordService {
    pub(crate) fn new(sessions: Arc<Sessions>) -> Self {
        Self { sessions }
    }

    async fn call(&self, caller: &Caller, app: &str, call: AccountCall) -> Result<(), Status> {
        self.sessions
            .operations()
            .account(caller, app, call)
            .await
            .map_err(|err| status_of(&err))
    }
}

fn email(email: String) -> Result<String, Status> {
    let email = email.trim().to_owned();
    if email.is_empty() || !email.contains('@') || email.chars().any(char::is_whitespace) {
        return Err(invalid_argument("email: must be an email address"));
    }
    Ok(email)
}

fn password(password: String) -> Result<Secret, Status> {
    let password = Secret::new(password);
    if (6..=128).contains(&password.expose().chars().count()) {
        Ok(password)
    } else {
        Err(invalid_argument(
            "password: must be between 6 and 128 characters",
        ))
    }
}

#[tonic::async_trait]
impl EmailPassword for EmailPasswordService {
    async fn register_user(
        &self,
        request: Request<proto::RegisterUserRequest>,
    ) -> Result<Response<proto::RegisterUserResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = AccountCall::Register {
            email: email(request.email)?,
            password: password(request.password)?,
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::RegisterUserResponse {}))
    }

    async fn confirm_user(
        &self,
        request: Request<proto::ConfirmUserRequest>,
    ) -> Result<Response<proto::ConfirmUserResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = AccountCall::Confirm {
            token: Secret::new(required(request.token, "token")?),
            token_id: required(request.token_id, "token_id")?,
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::ConfirmUserResponse {}))
    }

    async fn resend_confirmation_email(
        &self,
        request: Request<proto::ResendConfirmationEmailRequest>,
    ) -> Result<Response<proto::ResendConfirmationEmailResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = AccountCall::ResendConfirmation {
            email: email(request.email)?,
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::ResendConfirmationEmailResponse {}))
    }

    async fn retry_custom_confirmation(
        &self,
        request: Request<proto::RetryCustomConfirmationRequest>,
    ) -> Result<Response<proto::RetryCustomConfirmationResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = AccountCall::RetryCustomConfirmation {
            email: email(request.email)?,
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::RetryCustomConfirmationResponse {}))
    }

    async fn send_reset_password_email(
        &self,
        request: Request<proto::SendResetPasswordEmailRequest>,
    ) -> Result<Response<proto::SendResetPasswordEmailResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = AccountCall::SendResetPasswordEmail {
            email: email(request.email)?,
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::SendResetPasswordEmailResponse {}))
    }

    async fn reset_password(
        &self,
        request: Request<proto::ResetPasswordRequest>,
    ) -> Result<Response<proto::ResetPasswordResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = AccountCall::ResetPassword {
            password: password(request.password)?,
            token: Secret::new(required(request.token, "token")?),
            token_id: required(request.token_id, "token_id")?,
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::ResetPasswordResponse {}))
    }

    async fn call_reset_password_function(
        &self,
        request: Request<proto::CallResetPasswordFunctionRequest>,
    ) -> Result<Response<proto::CallResetPasswordFunctionResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let arguments = if request.arguments_json.trim().is_empty() {
            "[]".to_owned()
        } else {
            request.arguments_json
        };
        match serde_json::from_str::<serde_json::Value>(&arguments) {
            Ok(serde_json::Value::Array(_)) => {}
            _ => {
                return Err(invalid_argument("arguments_json: must be a JSON array"));
            }
        }
        let call = AccountCall::CallResetPasswordFunction {
            email: email(request.email)?,
            password: password(request.password)?,
            arguments: Secret::new(arguments),
        };
        self.call(&caller, &request.app, call).await?;
        Ok(Response::new(proto::CallResetPasswordFunctionResponse {}))
    }
}
