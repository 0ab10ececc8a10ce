//! The emulator's email/password provider endpoints (spec §6) and user API keys (spec §5).
//!
//! Confirmation is `auto`, by `token` (a link whose token and token id the admin API reveals),
//! or by `function` (whose answer, `success`, `pending` or `fail`, is set with `PUT config`);
//! resets likewise by `token` or `function`. Tokens are valid 30 minutes on the emulator's clock.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use rand::RngCore;
use serde_json::{Value, json};

use super::state::{EmailAccount, EmuApiKey, EmuState, TokenKind, hex, object_id};
use super::{EmuError, Reply, Shared, bearer, check_app, field, json_reply, parse_object};

/// Most user API keys one user may have (App Services documents 20).
const MAX_USER_API_KEYS: usize = 20;

fn check_password(password: &str) -> Result<(), EmuError> {
    if (6..=128).contains(&password.chars().count()) {
        Ok(())
    } else {
        Err(EmuError::new(
            400,
            "BadRequest",
            "password must be between 6 and 128 characters",
        ))
    }
}

fn user_not_found() -> EmuError {
    EmuError::new(404, "UserNotFound", "user not found")
}

fn invalid_token() -> EmuError {
    EmuError::new(400, "UserpassTokenInvalid", "invalid token data")
}

/// The common start of an app-scoped request: the state, once the app id is checked, and the
/// JSON object body.
async fn app_request<'a>(
    emu: &'a super::Emulator,
    app_id: &str,
    body: &[u8],
) -> Result<
    (
        tokio::sync::MutexGuard<'a, EmuState>,
        serde_json::Map<String, Value>,
    ),
    EmuError,
> {
    let state = emu.state.lock().await;
    check_app(emu, app_id)?;
    Ok((state, parse_object(body)?))
}

/// Runs the confirmation of `email` as the configured mode says.
fn confirm_by_mode(state: &mut EmuState, email: &str) -> Result<(), EmuError> {
    let mode = state.modes.confirmation.clone();
    let outcome = match mode.as_str() {
        "auto" => "success".to_owned(),
        "token" => "pending".to_owned(),
        _ => state.modes.confirmation_function.clone(),
    };
    match outcome.as_str() {
        "success" => {
            if let Some(account) = state.emails.get_mut(email) {
                account.confirmed = true;
            }
            Ok(())
        }
        "pending" => {
            state.issue_token(TokenKind::Confirmation, email);
            Ok(())
        }
        _ => Err(EmuError::new(
            400,
            "BadRequest",
            &format!("failed to confirm user \"{email}\""),
        )),
    }
}

/// `POST .../local-userpass/register` `{"email", "password"}`.
pub async fn register(State(emu): State<Shared>, Path(app_id): Path<String>, body: Bytes) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let email = field(&body, "email")?.to_owned();
    let password = field(&body, "password")?.to_owned();
    check_password(&password)?;
    if state.emails.contains_key(&email) {
        return Err(EmuError::new(
            409,
            "AccountNameInUse",
            "name already in use",
        ));
    }
    state.emails.insert(
        email.clone(),
        EmailAccount {
            password,
            user_id: None,
            confirmed: false,
        },
    );
    if let Err(err) = confirm_by_mode(&mut state, &email) {
        // A rejecting confirmation function leaves no account behind.
        state.emails.remove(&email);
        return Err(err);
    }
    Ok(StatusCode::CREATED.into_response())
}

/// `POST .../local-userpass/confirm` `{"token", "tokenId"}`.
pub async fn confirm(State(emu): State<Shared>, Path(app_id): Path<String>, body: Bytes) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let email = state
        .redeem_token(
            TokenKind::Confirmation,
            field(&body, "token")?,
            field(&body, "tokenId")?,
        )
        .ok_or_else(invalid_token)?;
    if let Some(account) = state.emails.get_mut(&email) {
        account.confirmed = true;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn unconfirmed_account<'a>(
    state: &'a mut EmuState,
    email: &str,
) -> Result<&'a mut EmailAccount, EmuError> {
    let account = state.emails.get_mut(email).ok_or_else(user_not_found)?;
    if account.confirmed {
        return Err(EmuError::new(
            400,
            "UserAlreadyConfirmed",
            "already confirmed",
        ));
    }
    Ok(account)
}

/// `POST .../local-userpass/confirm/send` `{"email"}`.
pub async fn resend_confirmation(
    State(emu): State<Shared>,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let email = field(&body, "email")?.to_owned();
    unconfirmed_account(&mut state, &email)?;
    state.issue_token(TokenKind::Confirmation, &email);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST .../local-userpass/confirm/call` `{"email"}`.
pub async fn retry_custom_confirmation(
    State(emu): State<Shared>,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let email = field(&body, "email")?.to_owned();
    unconfirmed_account(&mut state, &email)?;
    if state.modes.confirmation == "auto" {
        return Err(EmuError::new(
            400,
            "BadRequest",
            &format!("cannot run confirmation for {email}: automatic confirmation is enabled"),
        ));
    }
    confirm_by_mode(&mut state, &email)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST .../local-userpass/reset/send` `{"email"}`.
pub async fn send_reset_email(
    State(emu): State<Shared>,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let email = field(&body, "email")?.to_owned();
    if !state.emails.contains_key(&email) {
        return Err(user_not_found());
    }
    if state.modes.reset != "token" {
        return Err(EmuError::new(400, "BadRequest", "error processing request"));
    }
    state.issue_token(TokenKind::Reset, &email);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST .../local-userpass/reset` `{"password", "token", "tokenId"}`.
pub async fn reset_password(
    State(emu): State<Shared>,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let password = field(&body, "password")?.to_owned();
    check_password(&password)?;
    let email = state
        .redeem_token(
            TokenKind::Reset,
            field(&body, "token")?,
            field(&body, "tokenId")?,
        )
        .ok_or_else(invalid_token)?;
    if let Some(account) = state.emails.get_mut(&email) {
        account.password = password;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST .../local-userpass/reset/call` `{"email", "password", "arguments": [...]}`.
pub async fn call_reset_function(
    State(emu): State<Shared>,
    Path(app_id): Path<String>,
    body: Bytes,
) -> Reply {
    let (mut state, body) = app_request(&emu, &app_id, &body).await?;
    let email = field(&body, "email")?.to_owned();
    let password = field(&body, "password")?.to_owned();
    if !matches!(body.get("arguments"), Some(Value::Array(_))) {
        return Err(EmuError::new(
            400,
            "InvalidParameter",
            "arguments must be an array",
        ));
    }
    check_password(&password)?;
    if !state.emails.contains_key(&email) {
        return Err(user_not_found());
    }
    if state.modes.reset != "function" {
        return Err(EmuError::new(
            400,
            "BadRequest",
            "the reset function is not enabled",
        ));
    }
    match state.modes.reset_function.clone().as_str() {
        "success" => {
            if let Some(account) = state.emails.get_mut(&email) {
                account.password = password;
            }
        }
        "pending" => state.issue_token(TokenKind::Reset, &email),
        _ => {
            return Err(EmuError::new(
                400,
                "BadRequest",
                &format!("failed to reset password for user \"{email}\""),
            ));
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ----- user API keys ------------------------------------------------------------------------------

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
pub async fn create_key(State(emu): State<Shared>, headers: HeaderMap, body: Bytes) -> Reply {
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
pub async fn list_keys(State(emu): State<Shared>, headers: HeaderMap) -> Reply {
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

fn owned_key<'a>(
    state: &'a mut EmuState,
    owner: &str,
    id: &str,
) -> Result<&'a mut EmuApiKey, EmuError> {
    state
        .api_keys
        .iter_mut()
        .find(|key| key.id == id && key.user_id == owner && !key.server)
        .ok_or_else(key_not_found)
}

/// `GET /api/client/v2.0/auth/api_keys/{id}`.
pub async fn get_key(
    State(emu): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Reply {
    let mut state = emu.state.lock().await;
    let owner = key_owner(&emu, &state, &headers)?;
    let key = owned_key(&mut state, &owner, &id)?;
    Ok(json_reply(StatusCode::OK, key_json(key, false)))
}

/// `PUT /api/client/v2.0/auth/api_keys/{id}/enable`.
pub async fn enable_key(
    State(emu): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Reply {
    set_key_disabled(&emu, &headers, &id, false).await
}

/// `PUT /api/client/v2.0/auth/api_keys/{id}/disable`.
pub async fn disable_key(
    State(emu): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Reply {
    set_key_disabled(&emu, &headers, &id, true).await
}

async fn set_key_disabled(
    emu: &super::Emulator,
    headers: &HeaderMap,
    id: &str,
    disabled: bool,
) -> Reply {
    let mut state = emu.state.lock().await;
    let owner = key_owner(emu, &state, headers)?;
    owned_key(&mut state, &owner, id)?.disabled = disabled;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `DELETE /api/client/v2.0/auth/api_keys/{id}`.
pub async fn delete_key(
    State(emu): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Reply {
    let mut state = emu.state.lock().await;
    let owner = key_owner(&emu, &state, &headers)?;
    owned_key(&mut state, &owner, &id)?;
    state.api_keys.retain(|key| key.id != id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Admin `GET tokens`: pending confirmation and reset tokens.
pub async fn admin_tokens(State(emu): State<Shared>) -> Reply {
    let state = emu.state.lock().await;
    let tokens: Vec<Value> = state
        .tokens
        .iter()
        .map(|pending| {
            json!({
                "kind": match pending.kind { TokenKind::Confirmation => "confirmation", TokenKind::Reset => "reset" },
                "email": pending.email,
                "token": pending.token,
                "token_id": pending.token_id,
                "expires_at": pending.expires_at,
            })
        })
        .collect();
    Ok(json_reply(StatusCode::OK, Value::Array(tokens)))
}
