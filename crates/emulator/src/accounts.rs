//! The emulator's email/password provider endpoints (spec §6).
//!
//! Confirmation is `auto`, by `token` (a link whose token and token id the admin API reveals),
//! or by `function` (whose answer, `success`, `pending` or `fail`, is set with `PUT config`);
//! resets likewise by `token` or `function`. Tokens are valid 30 minutes on the emulator's clock.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, post};
use serde_json::{Map, Value, json};

use super::state::{EmailAccount, EmuState, TokenKind};
use super::{EmuError, Reply, Shared, check_app, field, json_reply, parse_object, user_not_found};

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

fn invalid_token() -> EmuError {
    EmuError::new(400, "UserpassTokenInvalid", "invalid token data")
}

/// A JSON object body, as the endpoints read it.
type Body = Map<String, Value>;

/// What an email/password endpoint does with the state and the request body.
pub(super) type Step = fn(&mut EmuState, &Body) -> Reply;

/// The route of an email/password endpoint: the app id is checked, the body parsed, and `step`
/// runs on the state with it.
pub(super) fn endpoint(step: Step) -> MethodRouter<Shared> {
    post(
        move |State(emu): State<Shared>, Path(app_id): Path<String>, body: Bytes| async move {
            let mut state = emu.state.lock().await;
            check_app(&emu, &app_id)?;
            step(&mut state, &parse_object(&body)?)
        },
    )
}

/// An empty success.
fn done() -> Reply {
    Ok(StatusCode::NO_CONTENT.into_response())
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
pub(super) fn register(state: &mut EmuState, body: &Body) -> Reply {
    let email = field(body, "email")?.to_owned();
    let password = field(body, "password")?.to_owned();
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
    if let Err(err) = confirm_by_mode(state, &email) {
        // A rejecting confirmation function leaves no account behind.
        state.emails.remove(&email);
        return Err(err);
    }
    Ok(StatusCode::CREATED.into_response())
}

/// `POST .../local-userpass/confirm` `{"token", "tokenId"}`.
pub(super) fn confirm(state: &mut EmuState, body: &Body) -> Reply {
    let email = state
        .redeem_token(
            TokenKind::Confirmation,
            field(body, "token")?,
            field(body, "tokenId")?,
        )
        .ok_or_else(invalid_token)?;
    if let Some(account) = state.emails.get_mut(&email) {
        account.confirmed = true;
    }
    done()
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
pub(super) fn resend_confirmation(state: &mut EmuState, body: &Body) -> Reply {
    let email = field(body, "email")?.to_owned();
    unconfirmed_account(state, &email)?;
    state.issue_token(TokenKind::Confirmation, &email);
    done()
}

/// `POST .../local-userpass/confirm/call` `{"email"}`.
pub(super) fn retry_custom_confirmation(state: &mut EmuState, body: &Body) -> Reply {
    let email = field(body, "email")?.to_owned();
    unconfirmed_account(state, &email)?;
    if state.modes.confirmation == "auto" {
        return Err(EmuError::new(
            400,
            "BadRequest",
            &format!("cannot run confirmation for {email}: automatic confirmation is enabled"),
        ));
    }
    confirm_by_mode(state, &email)?;
    done()
}

/// `POST .../local-userpass/reset/send` `{"email"}`.
pub(super) fn send_reset_email(state: &mut EmuState, body: &Body) -> Reply {
    let email = field(body, "email")?.to_owned();
    if !state.emails.contains_key(&email) {
        return Err(user_not_found());
    }
    if state.modes.reset != "token" {
        return Err(EmuError::new(400, "BadRequest", "error processing request"));
    }
    state.issue_token(TokenKind::Reset, &email);
    done()
}

/// `POST .../local-userpass/reset` `{"password", "token", "tokenId"}`.
pub(super) fn reset_password(state: &mut EmuState, body: &Body) -> Reply {
    let password = field(body, "password")?.to_owned();
    check_password(&password)?;
    let email = state
        .redeem_token(
            TokenKind::Reset,
            field(body, "token")?,
            field(body, "tokenId")?,
        )
        .ok_or_else(invalid_token)?;
    if let Some(account) = state.emails.get_mut(&email) {
        account.password = password;
    }
    done()
}

/// `POST .../local-userpass/reset/call` `{"email", "password", "arguments": [...]}`.
pub(super) fn call_reset_function(state: &mut EmuState, body: &Body) -> Reply {
    let email = field(body, "email")?.to_owned();
    let password = field(body, "password")?.to_owned();
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
    done()
}

// ----- user API keys ------------------------------------------------------------------------------

/// Admin `GET tokens`: pending confirmation and reset tokens.
pub(super) async fn admin_tokens(State(emu): State<Shared>) -> Reply {
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
