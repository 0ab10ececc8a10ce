//! The `ApiKeys` and `EmailPassword` services: request validation and translation only.

use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::{caller, invalid_argument, status_of};
use crate::backend::{AccountCall, ApiKeyAnswer, ApiKeyCall, ApiKeyInfo};
use crate::proto::{self, api_keys_server::ApiKeys, email_password_server::EmailPassword};
use crate::secret::Secret;
use crate::session::SessionManager;

/// Longest API key name accepted.
const MAX_KEY_NAME: usize = 256;

/// Serves `latchkey.v1.ApiKeys`.
#[derive(Debug, Clone)]
pub struct ApiKeysService {
    sessions: Arc<SessionManager>,
}

impl ApiKeysService {
    /// A service over `sessions`.
    pub fn new(sessions: Arc<SessionManager>) -> Self {
        Self { sessions }
    }

    async fn call(
        &self,
        caller: crate::session::Caller,
        app: &str,
        user_id: &str,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, Status> {
        self.sessions
            .api_keys(caller, app, user_id, call)
            .await
            .map_err(|err| status_of(&err))
    }
}

fn key_id(id: String) -> Result<String, Status> {
    if id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(id)
    } else {
        Err(invalid_argument(
            "id: must be an API key id (24 hex digits)",
        ))
    }
}

/// The one place an API key's secret leaves the daemon (creation only).
fn api_key(info: ApiKeyInfo) -> proto::ApiKey {
    proto::ApiKey {
        id: info.id,
        name: info.name,
        disabled: info.disabled,
        key: info
            .key
            .as_ref()
            .map(|key| key.expose().to_owned())
            .unwrap_or_default(),
    }
}

fn one_key(answer: ApiKeyAnswer) -> Result<Response<proto::ApiKey>, Status> {
    match answer {
        ApiKeyAnswer::Key(info) => Ok(Response::new(api_key(info))),
        _ => Err(Status::internal("the backend answered with no key")),
    }
}

#[tonic::async_trait]
impl ApiKeys for ApiKeysService {
    async fn create_api_key(
        &self,
        request: Request<proto::CreateApiKeyRequest>,
    ) -> Result<Response<proto::ApiKey>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let name = request.name.trim().to_owned();
        if name.is_empty() || name.len() > MAX_KEY_NAME || name.chars().any(char::is_control) {
            return Err(invalid_argument(format!(
                "name: required, at most {MAX_KEY_NAME} bytes, no control characters"
            )));
        }
        let answer = self
            .call(
                caller,
                &request.app,
                &request.user_id,
                ApiKeyCall::Create(name),
            )
            .await?;
        tracing::info!(
            target: "audit",
            uid = caller.uid,
            pid = caller.pid,
            exe = %super::caller_exe(&caller),
            app = %request.app,
            "API key created"
        );
        one_key(answer)
    }

    async fn get_api_key(
        &self,
        request: Request<proto::GetApiKeyRequest>,
    ) -> Result<Response<proto::ApiKey>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = ApiKeyCall::Get(key_id(request.id)?);
        one_key(
            self.call(caller, &request.app, &request.user_id, call)
                .await?,
        )
    }

    async fn list_api_keys(
        &self,
        request: Request<proto::ListApiKeysRequest>,
    ) -> Result<Response<proto::ListApiKeysResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        match self
            .call(caller, &request.app, &request.user_id, ApiKeyCall::List)
            .await?
        {
            ApiKeyAnswer::Keys(keys) => Ok(Response::new(proto::ListApiKeysResponse {
                api_keys: keys.into_iter().map(api_key).collect(),
            })),
            _ => Err(Status::internal("the backend answered with no key list")),
        }
    }

    async fn enable_api_key(
        &self,
        request: Request<proto::EnableApiKeyRequest>,
    ) -> Result<Response<proto::EnableApiKeyResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = ApiKeyCall::Enable(key_id(request.id)?);
        self.call(caller, &request.app, &request.user_id, call)
            .await?;
        Ok(Response::new(proto::EnableApiKeyResponse {}))
    }

    async fn disable_api_key(
        &self,
        request: Request<proto::DisableApiKeyRequest>,
    ) -> Result<Response<proto::DisableApiKeyResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = ApiKeyCall::Disable(key_id(request.id)?);
        self.call(caller, &request.app, &request.user_id, call)
            .await?;
        Ok(Response::new(proto::DisableApiKeyResponse {}))
    }

    async fn delete_api_key(
        &self,
        request: Request<proto::DeleteApiKeyRequest>,
    ) -> Result<Response<proto::DeleteApiKeyResponse>, Status> {
        let caller = caller(&request)?;
        let request = request.into_inner();
        let call = ApiKeyCall::Delete(key_id(request.id)?);
        self.call(caller, &request.app, &request.user_id, call)
            .await?;
        Ok(Response::new(proto::DeleteApiKeyResponse {}))
    }
}

/// Serves `latchkey.v1.EmailPassword`.
#[derive(Debug, Clone)]
pub struct EmailPasswordService {
    sessions: Arc<SessionManager>,
}

impl EmailPasswordService {
    /// A service over `sessions`.
    pub fn new(sessions: Arc<SessionManager>) -> Self {
        Self { sessions }
    }

    async fn call(&self, app: &str, call: AccountCall) -> Result<(), Status> {
        self.sessions
            .account(app, call)
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

fn required(value: String, field: &str) -> Result<String, Status> {
    if value.is_empty() {
        Err(invalid_argument(format!("{field}: required")))
    } else {
        Ok(value)
    }
}

#[tonic::async_trait]
impl EmailPassword for EmailPasswordService {
    async fn register_user(
        &self,
        request: Request<proto::RegisterUserRequest>,
    ) -> Result<Response<proto::RegisterUserResponse>, Status> {
        let request = request.into_inner();
        let call = AccountCall::Register {
            email: email(request.email)?,
            password: password(request.password)?,
        };
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::RegisterUserResponse {}))
    }

    async fn confirm_user(
        &self,
        request: Request<proto::ConfirmUserRequest>,
    ) -> Result<Response<proto::ConfirmUserResponse>, Status> {
        let request = request.into_inner();
        let call = AccountCall::Confirm {
            token: Secret::new(required(request.token, "token")?),
            token_id: required(request.token_id, "token_id")?,
        };
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::ConfirmUserResponse {}))
    }

    async fn resend_confirmation_email(
        &self,
        request: Request<proto::ResendConfirmationEmailRequest>,
    ) -> Result<Response<proto::ResendConfirmationEmailResponse>, Status> {
        let request = request.into_inner();
        let call = AccountCall::ResendConfirmation {
            email: email(request.email)?,
        };
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::ResendConfirmationEmailResponse {}))
    }

    async fn retry_custom_confirmation(
        &self,
        request: Request<proto::RetryCustomConfirmationRequest>,
    ) -> Result<Response<proto::RetryCustomConfirmationResponse>, Status> {
        let request = request.into_inner();
        let call = AccountCall::RetryCustomConfirmation {
            email: email(request.email)?,
        };
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::RetryCustomConfirmationResponse {}))
    }

    async fn send_reset_password_email(
        &self,
        request: Request<proto::SendResetPasswordEmailRequest>,
    ) -> Result<Response<proto::SendResetPasswordEmailResponse>, Status> {
        let request = request.into_inner();
        let call = AccountCall::SendResetPasswordEmail {
            email: email(request.email)?,
        };
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::SendResetPasswordEmailResponse {}))
    }

    async fn reset_password(
        &self,
        request: Request<proto::ResetPasswordRequest>,
    ) -> Result<Response<proto::ResetPasswordResponse>, Status> {
        let request = request.into_inner();
        let call = AccountCall::ResetPassword {
            password: password(request.password)?,
            token: Secret::new(required(request.token, "token")?),
            token_id: required(request.token_id, "token_id")?,
        };
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::ResetPasswordResponse {}))
    }

    async fn call_reset_password_function(
        &self,
        request: Request<proto::CallResetPasswordFunctionRequest>,
    ) -> Result<Response<proto::CallResetPasswordFunctionResponse>, Status> {
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
        self.call(&request.app, call).await?;
        Ok(Response::new(proto::CallResetPasswordFunctionResponse {}))
    }
}
