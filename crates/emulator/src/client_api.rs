//! The App Services client API (spec §2.1): location, login for every provider and `?link=true`,
//! profile, refresh and logout of a session, and deleting oneself.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};
use sha2::Digest;

use super::state::{EmuState, hex, object_id};
use super::{
    EmuError, Emulator, Reply, Shared, bearer, check_app, field, json_reply, parse_object,
};
use crate::jwt;

pub(super) async fn location(State(emu): State<Shared>, Path(app_id): Path<String>) -> Reply {
    check_app(&emu, &app_id)?;
    let ws = emu.base_url.replacen("http", "ws", 1);
    Ok(json_reply(
        StatusCode::OK,
        json!({
            "deployment_model": "GLOBAL",
            "location": "US-VA",
            "hostname": emu.base_url,
            "ws_hostname": ws,
        }),
    ))
}

/// An identity proven by a login body: (provider type, identity id, profile data).
type ProvenIdentity = (String, String, Map<String, Value>);

impl Emulator {
    /// Verifies a social-provider token issued by `POST /emulator/v1/social-tokens`.
    fn social_identity(&self, provider: &str, token: &str) -> Result<ProvenIdentity, EmuError> {
        let claims = jwt::verify_hs256(token, &self.signing_key)
            .map_err(|_| EmuError::new(401, "AuthError", "invalid provider token"))?;
        if claims.get("social_provider").and_then(Value::as_str) != Some(provider) {
            return Err(EmuError::new(
                401,
                "AuthError",
                "token was issued for another provider",
            ));
        }
        let sub = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut data = Map::new();
        for key in ["name", "email"] {
            if let Some(value) = claims.get(key) {
                data.insert(key.to_owned(), value.clone());
            }
        }
        if provider == "oauth2-facebook" {
            // Facebook's picture URLs embed the access token; the emulator does the same so that
            // the daemon's keep-it-off-disk rule can be tested.
            data.insert(
                "picture".to_owned(),
                Value::from(format!(
                    "https://graph.facebook.invalid/{sub}/picture?access_token={token}"
                )),
            );
        }
        Ok((provider.to_owned(), sub.to_owned(), data))
    }

    /// The identity a login body proves, or why it proves none.
    fn prove(
        &self,
        state: &EmuState,
        provider: &str,
        body: &Map<String, Value>,
    ) -> Result<ProvenIdentity, EmuError> {
        match provider {
            "anon-user" => Ok((provider.to_owned(), object_id(), Map::new())),
            "local-userpass" => {
                let email = field(body, "username")?;
                let password = field(body, "password")?;
                match state.emails.get(email) {
                    Some(account) if account.password == password && !account.confirmed => {
                        Err(EmuError::new(401, "AuthError", "confirmation required"))
                    }
                    Some(account) if account.password == password => {
                        let mut data = Map::new();
                        data.insert("email".to_owned(), Value::from(email));
                        Ok((provider.to_owned(), email.to_owned(), data))
                    }
                    _ => Err(EmuError::new(
                        401,
                        "InvalidPassword",
                        "invalid username/password",
                    )),
                }
            }
            "api-key" => {
                let key = field(body, "key")?;
                match state.api_keys.iter().find(|candidate| candidate.key == key) {
                    Some(found) if !found.disabled => {
                        Ok((provider.to_owned(), found.id.clone(), Map::new()))
                    }
                    _ => Err(EmuError::new(401, "InvalidPassword", "invalid API key")),
                }
            }
            "custom-token" => {
                let token = field(body, "token")?;
                let claims = jwt::verify_hs256(token, &self.custom_jwt_secret).map_err(|err| {
                    EmuError::new(
                        401,
                        "AuthError",
                        &format!("invalid custom auth token: {err}"),
                    )
                })?;
                if let Some(exp) = claims.get("exp").and_then(Value::as_i64)
                    && exp <= state.now()
                {
                    return Err(EmuError::new(401, "AuthError", "custom auth token expired"));
                }
                let sub = claims
                    .get("sub")
                    .and_then(Value::as_str)
                    .filter(|sub| !sub.is_empty())
                    .ok_or_else(|| {
                        EmuError::new(401, "AuthError", "custom auth token has no `sub`")
                    })?;
                let mut data = Map::new();
                for key in ["name", "email"] {
                    if let Some(value) = claims.get(key) {
                        data.insert(key.to_owned(), value.clone());
                    }
                }
                Ok((provider.to_owned(), sub.to_owned(), data))
            }
            "custom-function" => {
                // The emulator's "function": the user id is the payload's `id`, `userId` or
                // `realmCustomAuthFuncUserId` when present, else a digest of the whole payload.
                let id = ["id", "userId", "realmCustomAuthFuncUserId"]
                    .iter()
                    .find_map(|key| match body.get(*key) {
                        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
                        Some(Value::Number(number)) => Some(number.to_string()),
                        _ => None,
                    })
                    .unwrap_or_else(|| {
                        hex(&sha2::Sha256::digest(
                            Value::Object(body.clone()).to_string().as_bytes(),
                        ))
                    });
                Ok((provider.to_owned(), id, Map::new()))
            }
            "oauth2-facebook" => self.social_identity(provider, field(body, "accessToken")?),
            "oauth2-google" => {
                let token = field(body, "authCode").or_else(|_| field(body, "id_token"))?;
                self.social_identity(provider, token)
            }
            "oauth2-apple" => self.social_identity(provider, field(body, "id_token")?),
            _ => Err(EmuError::new(
                404,
                "AuthProviderNotFound",
                &format!("authentication via '{provider}' is unsupported"),
            )),
        }
    }
}

pub(super) async fn login(
    State(emu): State<Shared>,
    Path((app_id, provider)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let link = query.get("link").is_some_and(|value| value == "true");
    let mut state = emu.state.lock().await;
    check_app(&emu, &app_id)?;
    let mut body = parse_object(&body)?;
    // Both official SDKs append `options` (with `device`), also to function payloads (§13.5).
    let options = body.remove("options");
    if body
        .get("provider")
        .and_then(Value::as_str)
        .is_some_and(|p| p != provider)
    {
        return Err(EmuError::bad_request(
            "body `provider` does not match the URL",
        ));
    }
    if provider != "custom-function" {
        body.remove("provider");
    }
    let (provider_type, identity, data) = emu.prove(&state, &provider, &body)?;
    let user_id = if link {
        // Only here is Authorization looked at on a login route (spec §13.3).
        let user_id = state.check_access(&emu.signing_key, bearer(&headers))?;
        if provider_type == "anon-user" {
            return Err(EmuError::bad_request("cannot link an anonymous identity"));
        }
        match state.user_by_identity(&provider_type, &identity) {
            Some(owner) if owner.id != user_id => {
                return Err(EmuError::new(
                    409,
                    "AuthError",
                    "a user already exists with the specified provider",
                ));
            }
            Some(_) => {}
            None => {
                state.add_identity(&user_id, &identity, &provider_type);
                if let Some(user) = state.user_mut(&user_id) {
                    for (key, value) in data {
                        user.data.entry(key).or_insert(value);
                    }
                }
                // The account now belongs to this user: deleting the user deletes it (§4.3).
                if provider_type == "local-userpass"
                    && let Some(account) = state.emails.get_mut(&identity)
                {
                    account.user_id = Some(user_id.clone());
                }
            }
        }
        user_id
    } else {
        // A user API key logs in as the user who owns it; any other identity as its user.
        let existing = if provider_type == "api-key" {
            state
                .api_keys
                .iter()
                .find(|key| key.id == identity)
                .and_then(|key| state.user(&key.user_id))
                .cloned()
        } else {
            state.user_by_identity(&provider_type, &identity).cloned()
        };
        match existing {
            Some(user) if user.disabled => {
                return Err(EmuError::new(401, "UserDisabled", "user disabled"));
            }
            Some(user) => {
                if let Some(stored) = state.user_mut(&user.id) {
                    // Social providers may have new profile data (a new picture URL, say).
                    for (key, value) in data {
                        stored.data.insert(key, value);
                    }
                }
                user.id
            }
            None => {
                let id = state.create_user(&provider_type, &identity, data);
                if provider_type == "local-userpass"
                    && let Some(account) = state.emails.get_mut(&identity)
                {
                    account.user_id = Some(id.clone());
                }
                id
            }
        }
    };
    let device_id = options
        .as_ref()
        .and_then(|options| options.pointer("/device/deviceId"))
        .and_then(|device| device.get("$oid").or(Some(device)))
        .and_then(Value::as_str)
        .filter(|id| id.len() == 24 && *id != "000000000000000000000000")
        .map(str::to_owned)
        .unwrap_or_else(object_id);
    let access_token = state.access_token(&emu.signing_key, &user_id, &device_id);
    let refresh_token = state.refresh_token(&emu.signing_key, &user_id);
    Ok(json_reply(
        StatusCode::OK,
        json!({
            "access_token": access_token,
            "refresh_token": refresh_token,
            "user_id": user_id,
            "device_id": device_id,
        }),
    ))
}

pub(super) async fn profile(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let state = emu.state.lock().await;
    let user_id = state.check_access(&emu.signing_key, bearer(&headers))?;
    let user = state
        .user(&user_id)
        .ok_or_else(|| EmuError::invalid_session("user not found"))?;
    let identities: Vec<Value> = user
        .identities
        .iter()
        .map(|(id, provider)| {
            json!({"id": id, "provider_type": provider, "provider_id": object_id(), "provider_data": {}})
        })
        .collect();
    Ok(json_reply(
        StatusCode::OK,
        json!({
            "user_id": user.id,
            "domain_id": "000000000000000000000000",
            "identities": identities,
            "data": user.data,
            "type": if user.server { "server" } else { "normal" },
        }),
    ))
}

pub(super) async fn refresh_session(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let state = emu.state.lock().await;
    let (_, user_id) = state.check_refresh(&emu.signing_key, bearer(&headers))?;
    let device_id = bearer(&headers)
        .and_then(|token| jwt::payload(token).ok())
        .and_then(|claims| {
            claims
                .get("baas_device_id")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "000000000000000000000000".to_owned());
    let access_token = state.access_token(&emu.signing_key, &user_id, &device_id);
    Ok(json_reply(
        StatusCode::CREATED,
        json!({ "access_token": access_token }),
    ))
}

pub(super) async fn logout_session(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let mut state = emu.state.lock().await;
    // Answered 204 even for a dead or unknown token (spec §13.10).
    if let Ok((session_id, _)) = state.check_refresh(&emu.signing_key, bearer(&headers)) {
        state.sessions.remove(&session_id);
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn delete_self(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let mut state = emu.state.lock().await;
    let user_id = state.check_access(&emu.signing_key, bearer(&headers))?;
    state.delete_user(&user_id);
    Ok(StatusCode::NO_CONTENT.into_response())
}
