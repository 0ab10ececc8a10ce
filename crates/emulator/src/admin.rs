//! The admin API under `/emulator/v1/`: inspect and change users, token lifetimes and account
//! modes, the clock, tokens for social providers and custom JWTs, server API keys.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use rand::RngCore;
use serde_json::{Map, Value, json};

use super::state::{EmuApiKey, EmuState, hex, object_id};
use super::{
    EmuError, Emulator, Reply, Shared, admin_object, field, json_reply, parse_object,
    user_not_found,
};
use crate::jwt;

pub(super) async fn admin_users(State(emu): State<Shared>) -> Reply {
    let state = emu.state.lock().await;
    let users: Vec<Value> = state
        .users
        .iter()
        .map(|user| {
            let sessions = state
                .sessions
                .values()
                .filter(|session| session.user_id == user.id && !session.revoked)
                .count();
            user.summary(sessions)
        })
        .collect();
    Ok(json_reply(StatusCode::OK, Value::Array(users)))
}

pub(super) async fn admin_delete_user(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    if emu.state.lock().await.delete_user(&id) {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(user_not_found())
    }
}

pub(super) async fn admin_revoke(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    let mut state = emu.state.lock().await;
    if state.user(&id).is_none() {
        return Err(user_not_found());
    }
    for session in state
        .sessions
        .values_mut()
        .filter(|session| session.user_id == id)
    {
        session.revoked = true;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn set_disabled(emu: &Emulator, id: &str, disabled: bool) -> Reply {
    let mut state = emu.state.lock().await;
    let user = state.user_mut(id).ok_or_else(user_not_found)?;
    user.disabled = disabled;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) async fn admin_disable(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    set_disabled(&emu, &id, true).await
}

pub(super) async fn admin_enable(State(emu): State<Shared>, Path(id): Path<String>) -> Reply {
    set_disabled(&emu, &id, false).await
}

pub(super) async fn admin_custom_data(
    State(emu): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Reply {
    let data = parse_object(&body)?;
    let mut state = emu.state.lock().await;
    let user = state.user_mut(&id).ok_or_else(user_not_found)?;
    user.custom_data = Some(data);
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn config_view(state: &EmuState) -> Value {
    json!({
        "access_ttl_secs": state.access_ttl.as_secs(),
        "refresh_ttl_secs": state.refresh_ttl.as_secs(),
        "clock_offset_secs": state.clock_offset,
        "confirmation": state.modes.confirmation,
        "reset": state.modes.reset,
        "confirmation_function": state.modes.confirmation_function,
        "reset_function": state.modes.reset_function,
    })
}

pub(super) async fn admin_get_config(State(emu): State<Shared>) -> Reply {
    Ok(json_reply(
        StatusCode::OK,
        config_view(&*emu.state.lock().await),
    ))
}

pub(super) async fn admin_config(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = admin_object(
        &body,
        &[
            "access_ttl_secs",
            "refresh_ttl_secs",
            "confirmation",
            "reset",
            "confirmation_function",
            "reset_function",
        ],
    )?;
    let seconds = |key: &str| -> Result<Option<Duration>, EmuError> {
        match body.get(key) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .filter(|secs| *secs > 0)
                .map(|secs| Some(Duration::from_secs(secs)))
                .ok_or_else(|| EmuError::bad_request(&format!("{key} must be a positive integer"))),
        }
    };
    let access = seconds("access_ttl_secs")?;
    let refresh = seconds("refresh_ttl_secs")?;
    let choice = |key: &str, allowed: &[&str]| -> Result<Option<String>, EmuError> {
        match body.get(key) {
            None => Ok(None),
            Some(Value::String(value)) if allowed.contains(&value.as_str()) => {
                Ok(Some(value.clone()))
            }
            Some(_) => Err(EmuError::bad_request(&format!(
                "{key} must be one of {allowed:?}"
            ))),
        }
    };
    let confirmation = choice("confirmation", &["auto", "token", "function"])?;
    let reset = choice("reset", &["token", "function"])?;
    let confirmation_function = choice("confirmation_function", &["success", "pending", "fail"])?;
    let reset_function = choice("reset_function", &["success", "pending", "fail"])?;
    let mut state = emu.state.lock().await;
    let modes = &mut state.modes;
    for (target, value) in [
        (&mut modes.confirmation, confirmation),
        (&mut modes.reset, reset),
        (&mut modes.confirmation_function, confirmation_function),
        (&mut modes.reset_function, reset_function),
    ] {
        if let Some(value) = value {
            *target = value;
        }
    }
    if let Some(access) = access {
        state.access_ttl = access;
    }
    if let Some(refresh) = refresh {
        state.refresh_ttl = refresh;
    }
    Ok(json_reply(StatusCode::OK, config_view(&state)))
}

pub(super) async fn admin_counters(State(emu): State<Shared>) -> Reply {
    let state = emu.state.lock().await;
    Ok(json_reply(StatusCode::OK, json!(state.counters)))
}

pub(super) async fn admin_clock(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = admin_object(&body, &["offset_secs"])?;
    let offset = body
        .get("offset_secs")
        .and_then(Value::as_i64)
        .ok_or_else(|| EmuError::bad_request("offset_secs must be an integer"))?;
    let mut state = emu.state.lock().await;
    state.clock_offset = offset;
    Ok(json_reply(StatusCode::OK, config_view(&state)))
}

pub(super) async fn admin_social_token(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = admin_object(&body, &["provider", "sub", "name", "email"])?;
    let provider = match field(&body, "provider")? {
        "facebook" => "oauth2-facebook",
        "google" => "oauth2-google",
        "apple" => "oauth2-apple",
        _ => {
            return Err(EmuError::bad_request(
                "provider must be facebook, google or apple",
            ));
        }
    };
    let sub = field(&body, "sub")?;
    let now = emu.state.lock().await.now();
    let mut claims = Map::new();
    claims.insert("social_provider".into(), Value::from(provider));
    claims.insert("sub".into(), Value::from(sub));
    claims.insert("iat".into(), Value::from(now));
    claims.insert("exp".into(), Value::from(now + 3600));
    for key in ["name", "email"] {
        if let Some(value) = body.get(key) {
            claims.insert(key.to_owned(), value.clone());
        }
    }
    let token = jwt::sign_hs256(&claims, &emu.signing_key);
    Ok(json_reply(StatusCode::OK, json!({ "token": token })))
}

pub(super) async fn admin_custom_jwt(State(emu): State<Shared>, body: Bytes) -> Reply {
    let mut claims = parse_object(&body)?;
    field(&claims, "sub")?;
    let now = emu.state.lock().await.now();
    claims.entry("iat").or_insert(Value::from(now));
    claims.entry("exp").or_insert(Value::from(now + 3600));
    let token = jwt::sign_hs256(&claims, &emu.custom_jwt_secret);
    Ok(json_reply(StatusCode::OK, json!({ "token": token })))
}

pub(super) async fn admin_server_api_key(State(emu): State<Shared>, body: Bytes) -> Reply {
    let body = admin_object(&body, &["name"])?;
    let name = field(&body, "name")?.to_owned();
    let mut state = emu.state.lock().await;
    let id = object_id();
    let user_id = state.create_user("api-key", &id, Map::new());
    if let Some(user) = state.user_mut(&user_id) {
        user.server = true;
    }
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let key = hex(&secret);
    state.api_keys.push(EmuApiKey {
        id: id.clone(),
        name: name.clone(),
        key: key.clone(),
        disabled: false,
        user_id,
        server: true,
    });
    Ok(json_reply(
        StatusCode::CREATED,
        json!({ "_id": id, "name": name, "key": key, "disabled": false }),
    ))
}
