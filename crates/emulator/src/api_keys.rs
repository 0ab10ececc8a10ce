//! User API keys (spec §5): at most 20 a user, none for anonymous users, the secret only in the
//! answer to its creation, another user's key is `APIKeyNotFound`. Every call authenticates with
//! the user's refresh token.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{MethodFilter, MethodRouter, on};
use rand::RngCore;
use serde_json::{Value, json};

use super::state::{EmuApiKey, EmuState, hex, object_id};
use super::{EmuError, Reply, Shared, bearer, field, json_reply, parse_object};

/// Most user API keys one user may have (App Services documents 20).
const MAX_USER_API_KEYS: usize = 20;

fn key_json(key: &EmuApiKey, with_secret: bool) -> Value {
    let mut value = json!({"_id": key.id, "name": key.name, "disabled": key.disabled});
    if with_secret {
        value["key"] = Value::from(key.key.clone());
    }
    value
}

fn key_not_found() -> EmuError {
    EmuError::new(404, "APIKeyNotFound", "API key not found")
}

/// The user of the refresh token in `headers` (API-key endpoints authenticate with it).
fn key_owner(
    emu: &super::Emulator,
    state: &EmuState,
    headers: &HeaderMap,
) -> Result<String, EmuError> {
    state
        .check_refresh(&emu.signing_key, bearer(headers))
        .map(|(_, user_id)| user_id)
}

/// `POST /api/client/v2.0/auth/api_keys` `{"name"}`.
pub(super) async fn create_key(
    State(emu): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let mut state = emu.state.lock().await;
    let owner = key_owner(&emu, &state, &headers)?;
    let body = parse_object(&body)?;
    let name = field(&body, "name")?.to_owned();
    let anonymous = state.user(&owner).is_some_and(|user| {
        user.identities
            .iter()
            .all(|(_, provider)| provider == "anon-user")
    });
    if anonymous {
        return Err(EmuError::new(
            400,
            "BadRequest",
            "anonymous users cannot have API keys",
        ));
    }
    let mine: Vec<&EmuApiKey> = state
        .api_keys
        .iter()
        .filter(|key| key.user_id == owner && !key.server)
        .collect();
    if mine.iter().any(|key| key.name == name) {
        return Err(EmuError::new(
            409,
            "APIKeyAlreadyExists",
            "API key with that name already exists",
        ));
    }
    if mine.len() >= MAX_USER_API_KEYS {
        return Err(EmuError::new(
            400,
            "APIKeyLimitReached",
            "a user may have at most 20 API keys",
        ));
    }
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let key = EmuApiKey {
        id: object_id(),
        name,
        key: hex(&secret),
        disabled: false,
        user_id: owner,
        server: false,
    };
    let answer = key_json(&key, true);
    state.api_keys.push(key);
    Ok(json_reply(StatusCode::CREATED, answer))
}

/// `GET /api/client/v2.0/auth/api_keys`.
pub(super) async fn list_keys(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
    let state = emu.state.lock().await;
    let owner = key_owner(&emu, &state, &headers)?;
    let keys: Vec<Value> = state
        .api_keys
        .iter()
        .filter(|key| key.user_id == owner && !key.server)
        .map(|key| key_json(key, false))
        .collect();
    Ok(json_reply(StatusCode::OK, Value::Array(keys)))
}

/// Where key `id` of `owner` is among the keys.
fn owned_key(state: &EmuState, owner: &str, id: &str) -> Result<usize, EmuError> {
    state
        .api_keys
        .iter()
        .position(|key| key.id == id && key.user_id == owner && !key.server)
        .ok_or_else(key_not_found)
}

/// The route of a call on one key, `{id}`, which the refresh token's user must own: `step` runs
/// on the state with the key's index.
pub(super) fn on_key(
    method: MethodFilter,
    step: fn(&mut EmuState, usize) -> Reply,
) -> MethodRouter<Shared> {
    on(
        method,
        move |State(emu): State<Shared>, headers: HeaderMap, Path(id): Path<String>| async move {
            let mut state = emu.state.lock().await;
            let owner = key_owner(&emu, &state, &headers)?;
            let index = owned_key(&state, &owner, &id)?;
            step(&mut state, index)
        },
    )
}

/// `GET /api/client/v2.0/auth/api_keys/{id}`.
pub(super) fn get_key(state: &mut EmuState, index: usize) -> Reply {
    Ok(json_reply(
        StatusCode::OK,
        key_json(&state.api_keys[index], false),
    ))
}

/// `PUT /api/client/v2.0/auth/api_keys/{id}/enable`.
pub(super) fn enable_key(state: &mut EmuState, index: usize) -> Reply {
    state.api_keys[index].disabled = false;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `PUT /api/client/v2.0/auth/api_keys/{id}/disable`.
pub(super) fn disable_key(state: &mut EmuState, index: usize) -> Reply {
    state.api_keys[index].disabled = true;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/client/v2.0/auth/api_keys/{id}`.
pub(super) fn delete_key(state: &mut EmuState, index: usize) -> Reply {
    state.api_keys.remove(index);
    Ok(StatusCode::NO_CONTENT.into_response())
}
