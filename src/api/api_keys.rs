//! The `ApiKeys` service: request validation and translation only. The one place an API key's
//! secret leaves the daemon is the answer to its creation.

use std::sync::Arc;

use tonic::{Request, Response, Status};

use super::caller::caller;
use super::{invalid_argument, status_of};
use crate::backend::{ApiKeyAnswer, ApiKeyCall, ApiKeyInfo};
use crate::proto::{self, api_keys_server::ApiKeys};
use crate::session::{Caller, Sessions};

/// Longest API key name accepted.
const MAX_KEY_NAME: usize = 256;

/// Serves `latchkey.v1.ApiKeys`.
#[derive(Debug, Clone)]
pub(crate) struct ApiKeysService {
    sessions: Arc<Sessions>,
}

impl ApiKeysService {
    pub(crate) fn new(sessions: Arc<Sessions>) -> Self {
        Self { sessions }
    }

    async fn call(
        &self,
        caller: &Caller,
        app: &str,
        user_id: &str,
        call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, Status> {
        self.sessions
            .operations()
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
                &caller,
                &request.app,
                &request.user_id,
                ApiKeyCall::Create(name),
            )
            .await?;
        tracing::info!(
            target: "audit",
            uid = caller.uid,
            pid = caller.pid,
            exe = %caller.exe,
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
            self.call(&caller, &request.app, &request.user_id, call)
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
            .call(&caller, &request.app, &request.user_id, ApiKeyCall::List)
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
        self.call(&caller, &request.app, &request.user_id, call)
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
        self.call(&caller, &request.app, &request.user_id, call)
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
        self.call(&caller, &request.app, &request.user_id, call)
            .await?;
        Ok(Response::new(proto::DeleteApiKeyResponse {}))
    }
}
