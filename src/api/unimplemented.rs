//! The services whose behaviour is not built yet: `ApiKeys` and `EmailPassword`. Each method
//! answers UNIMPLEMENTED with a message naming what is missing, so clients can code against the
//! contract today.

use tonic::{Request, Response, Status};

use crate::proto::{self, api_keys_server::ApiKeys, email_password_server::EmailPassword};

/// Serves `latchkey.v1.ApiKeys` (not implemented yet).
#[derive(Debug, Clone, Default)]
pub struct ApiKeysService;

/// Serves `latchkey.v1.EmailPassword` (not implemented yet).
#[derive(Debug, Clone, Default)]
pub struct EmailPasswordService;

/// Implements `$service` for `$target` with methods that answer UNIMPLEMENTED with `$why`.
macro_rules! not_yet {
    ($service:ident for $target:ty, $why:literal; $($method:ident($request:ty) -> $response:ty;)*) => {
        #[tonic::async_trait]
        impl $service for $target {
            $(
                async fn $method(&self, _request: Request<$request>) -> Result<Response<$response>, Status> {
                    Err(Status::unimplemented(concat!(stringify!($method), ": ", $why)))
                }
            )*
        }
    };
}

not_yet! {
        ApiKeys for ApiKeysService, "user API keys are not implemented yet";
        create_api_key(proto::CreateApiKeyRequest) -> proto::ApiKey;
        get_api_key(proto::GetApiKeyRequest) -> proto::ApiKey;
        list_api_keys(proto::ListApiKeysRequest) -> proto::ListApiKeysResponse;
        enable_api_key(proto::EnableApiKeyRequest) -> proto::EnableApiKeyResponse;
        disable_api_key(proto::DisableApiKeyRequest) -> proto::DisableApiKeyResponse;
        delete_api_key(proto::DeleteApiKeyRequest) -> proto::DeleteApiKeyResponse;
}

not_yet! {
        EmailPassword for EmailPasswordService, "email/password account flows are not implemented yet";
        register_user(proto::RegisterUserRequest) -> proto::RegisterUserResponse;
        confirm_user(proto::ConfirmUserRequest) -> proto::ConfirmUserResponse;
        resend_confirmation_email(proto::ResendConfirmationEmailRequest) -> proto::ResendConfirmationEmailResponse;
        retry_custom_confirmation(proto::RetryCustomConfirmationRequest) -> proto::RetryCustomConfirmationResponse;
        send_reset_password_email(proto::SendResetPasswordEmailRequest) -> proto::SendResetPasswordEmailResponse;
        reset_password(proto::ResetPasswordRequest) -> proto::ResetPasswordResponse;
        call_reset_password_function(proto::CallResetPasswordFunctionRequest) -> proto::CallResetPasswordFunctionResponse;
}
