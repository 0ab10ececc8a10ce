//! Translation between the proto messages and the session layer's types, with the validation of
//! every client-supplied field (a clear INVALID_ARGUMENT naming the field, before any request to
//! a backend).

use std::time::Duration;

use prost_types::value::Kind;
use serde_json::{Map, Value};
use tonic::Status;

use super::invalid_argument;
use crate::backend::{Credentials, Purpose};
use crate::proto;
use crate::secret::Secret;
use crate::session::{
    AccessTokenView, AppInfo, EventKind, ExpiryReason, IdTokenView, SessionEvent, UserState,
    UserView,
};

/// Largest custom-function payload accepted, in bytes.
const MAX_FUNCTION_PAYLOAD: usize = 64 * 1024;

pub(super) fn required(value: String, field: &str) -> Result<String, Status> {
    if value.is_empty() {
        Err(invalid_argument(format!("{field}: required")))
    } else {
        Ok(value)
    }
}

fn required_secret(value: String, field: &str) -> Result<Secret, Status> {
    required(value, field).map(Secret::from)
}

/// Checks and converts the `credentials` field.
///
/// # Errors
/// INVALID_ARGUMENT naming the field at fault.
pub(super) fn credentials(credentials: Option<proto::Credentials>) -> Result<Credentials, Status> {
    use proto::credentials::Kind as K;
    let kind = credentials
        .ok_or_else(|| invalid_argument("credentials: required"))?
        .kind
        .ok_or_else(|| invalid_argument("credentials: set exactly one kind of credential"))?;
    Ok(match kind {
        K::Anonymous(anonymous) => Credentials::Anonymous {
            new_user: anonymous.new_user,
        },
        K::EmailPassword(fields) => Credentials::EmailPassword {
            email: required(fields.email, "credentials.email_password.email")?,
            password: required_secret(fields.password, "credentials.email_password.password")?,
        },
        K::Jwt(fields) => {
            let token = required_secret(fields.token, "credentials.jwt.token")?;
            Credentials::custom_jwt(token).map_err(|err| {
                invalid_argument(format!(
                    "credentials.jwt.token: must be a JWT, three dot-separated base64url segments ({err})"
                ))
            })?
        }
        K::ApiKey(fields) => {
            Credentials::ApiKey(required_secret(fields.key, "credentials.api_key.key")?)
        }
        K::Function(fields) => {
            let payload =
                required_secret(fields.payload_json, "credentials.function.payload_json")?;
            if payload.expose().len() > MAX_FUNCTION_PAYLOAD {
                return Err(invalid_argument(format!(
                    "credentials.function.payload_json: larger than {MAX_FUNCTION_PAYLOAD} bytes"
                )));
            }
            match serde_json::from_str::<Value>(payload.expose()) {
                Ok(Value::Object(_)) => Credentials::Function(payload),
                Ok(_) => {
                    return Err(invalid_argument(
                        "credentials.function.payload_json: must be a JSON object",
                    ));
                }
                Err(err) => {
                    return Err(invalid_argument(format!(
                        "credentials.function.payload_json: not valid JSON (line {}, column {})",
                        err.line(),
                        err.column()
                    )));
                }
            }
        }
        K::Facebook(fields) => Credentials::Facebook(required_secret(
            fields.access_token,
            "credentials.facebook.access_token",
        )?),
        K::Google(fields) => match fields.token {
            Some(proto::google_credential::Token::AuthCode(code)) => {
                Credentials::GoogleAuthCode(required_secret(code, "credentials.google.auth_code")?)
            }
            Some(proto::google_credential::Token::IdToken(token)) => {
                Credentials::GoogleIdToken(required_secret(token, "credentials.google.id_token")?)
            }
            None => {
                return Err(invalid_argument(
                    "credentials.google: set auth_code or id_token",
                ));
            }
        },
        K::Apple(fields) => Credentials::Apple(required_secret(
            fields.id_token,
            "credentials.apple.id_token",
        )?),
        K::ClientCredentials(_) => Credentials::ClientCredentials,
        K::Password(fields) => Credentials::Password {
            username: required(fields.username, "credentials.password.username")?,
            password: required_secret(fields.password, "credentials.password.password")?,
        },
        K::RefreshToken(fields) => Credentials::RefreshToken(required_secret(
            fields.token,
            "credentials.refresh_token.token",
        )?),
    })
}

/// Most scopes one request may name.
const MAX_SCOPES: usize = 32;

/// Longest scope or audience accepted.
const MAX_SCOPE_LEN: usize = 2048;

/// Scopes as a request names them: each printable ASCII without spaces, quotes or
/// backslashes (RFC 6749 §3.3), at most [`MAX_SCOPES`].
pub(super) fn scopes(scopes: Vec<String>, field: &str) -> Result<Vec<String>, Status> {
    if scopes.len() > MAX_SCOPES {
        return Err(invalid_argument(format!(
            "{field}: at most {MAX_SCOPES} scopes"
        )));
    }
    if let Some(bad) = scopes.iter().find(|scope| {
        scope.is_empty()
            || scope.len() > MAX_SCOPE_LEN
            || !scope
                .chars()
                .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
    }) {
        return Err(invalid_argument(format!(
            "{field}: {:?} is not a scope (printable ASCII, no spaces, quotes or backslashes)",
            bad.chars().take(64).collect::<String>()
        )));
    }
    Ok(scopes)
}

/// What a token request is for.
pub(super) fn purpose(scopes_: Vec<String>, audience: String) -> Result<Purpose, Status> {
    let scopes_ = scopes(scopes_, "scopes")?;
    if audience.len() > MAX_SCOPE_LEN || audience.chars().any(|c| c.is_control() || c == ' ') {
        return Err(invalid_argument(
            "audience: must be a URI without spaces or control characters",
        ));
    }
    Ok(Purpose::new(scopes_, audience))
}

/// `min_valid`, defaulting when unset.
///
/// # Errors
/// INVALID_ARGUMENT when negative or out of range.
pub(super) fn min_valid(
    value: Option<prost_types::Duration>,
    default: Duration,
) -> Result<Duration, Status> {
    match value {
        None => Ok(default),
        Some(duration) => Duration::try_from(duration)
            .map_err(|_| invalid_argument("min_valid: must be a non-negative duration")),
    }
}

fn json_value(value: &Value) -> prost_types::Value {
    let kind = match value {
        Value::Null => Kind::NullValue(0),
        Value::Bool(flag) => Kind::BoolValue(*flag),
        Value::Number(number) => Kind::NumberValue(number.as_f64().unwrap_or(0.0)),
        Value::String(text) => Kind::StringValue(text.clone()),
        Value::Array(items) => Kind::ListValue(prost_types::ListValue {
            values: items.iter().map(json_value).collect(),
        }),
        Value::Object(map) => Kind::StructValue(json_struct(map)),
    };
    prost_types::Value { kind: Some(kind) }
}

fn json_struct(map: &Map<String, Value>) -> prost_types::Struct {
    prost_types::Struct {
        fields: map
            .iter()
            .map(|(key, value)| (key.clone(), json_value(value)))
            .collect(),
    }
}

fn text(map: &Map<String, Value>, keys: &[&str]) -> String {
    keys.iter()
        .find_map(|key| map.get(*key).and_then(Value::as_str))
        .unwrap_or_default()
        .to_owned()
}

/// A user as the proto shows it.
pub(super) fn user(view: UserView) -> proto::User {
    let state = match view.state {
        UserState::LoggedIn => proto::UserState::LoggedIn,
        UserState::LoggedOut => proto::UserState::LoggedOut,
        UserState::Removed => proto::UserState::Removed,
    };
    proto::User {
        app: view.app,
        id: view.id,
        state: state.into(),
        is_current: view.is_current,
        is_anonymous: view.is_anonymous,
        provider_type: view.provider_type,
        identities: view
            .identities
            .into_iter()
            .map(|identity| proto::Identity {
                id: identity.id,
                provider_type: identity.provider_type,
            })
            .collect(),
        profile: Some(proto::Profile {
            name: text(&view.profile, &["name"]),
            email: text(&view.profile, &["email"]),
            picture_url: text(&view.profile, &["picture_url", "picture"]),
            data: Some(json_struct(&view.profile)),
        }),
        custom_data: view.custom_data.as_ref().map(json_struct),
        device_id: view.device_id,
        access_token_expires_at: view.access_token_expires_at.map(Into::into),
        refresh_token_expires_at: view.refresh_token_expires_at.map(Into::into),
        owner_uid: view.owner_uid,
        created_at: Some(view.created_at.into()),
        last_used_at: Some(view.last_used_at.into()),
        revocation_error: view.revocation_error.unwrap_or_default(),
    }
}

/// An access token as the proto shows it: the one place a token leaves the daemon.
pub(super) fn access_token(view: AccessTokenView) -> proto::AccessToken {
    proto::AccessToken {
        token: view.token.expose().to_owned(),
        expires_at: Some(view.expires_at.into()),
        user_id: view.user_id,
        app: view.app,
        stale: view.stale,
    }
}

pub(super) fn id_token(view: IdTokenView) -> proto::IdToken {
    proto::IdToken {
        token: view.token.expose().to_owned(),
        expires_at: Some(view.expires_at.into()),
        user_id: view.user_id,
        app: view.app,
    }
}

/// A session event as the proto shows it (never with a token).
pub(super) fn event(event: &SessionEvent) -> proto::SessionEvent {
    use proto::session_event::Kind;
    let kind = match &event.kind {
        EventKind::Snapshot(view) => Kind::Snapshot(proto::Snapshot {
            user: Some(user((**view).clone())),
        }),
        EventKind::LoggedIn(view) => Kind::LoggedIn(proto::LoggedIn {
            user: Some(user((**view).clone())),
        }),
        EventKind::LoggedOut { reason } => Kind::LoggedOut(proto::LoggedOut {
            reason: reason.as_str().to_owned(),
        }),
        EventKind::TokenRefreshed { expires_at } => Kind::TokenRefreshed(proto::TokenRefreshed {
            expires_at: Some((*expires_at).into()),
        }),
        EventKind::TokenExpired { reason, detail } => Kind::TokenExpired(proto::TokenExpired {
            reason: expiry_reason(*reason).as_str_name().to_owned(),
            detail: detail.clone(),
        }),
        EventKind::RefreshFailed {
            error,
            next_attempt_at,
        } => Kind::RefreshFailed(proto::RefreshFailed {
            error: error.clone(),
            next_attempt_at: Some((*next_attempt_at).into()),
        }),
        EventKind::RefreshTokenExpiring { expires_at } => {
            Kind::RefreshTokenExpiring(proto::RefreshTokenExpiring {
                expires_at: Some((*expires_at).into()),
            })
        }
        EventKind::CurrentUserChanged { previous_user_id } => {
            Kind::CurrentUserChanged(proto::CurrentUserChanged {
                previous_user_id: previous_user_id.clone(),
            })
        }
        EventKind::UserRemoved { reason } => Kind::UserRemoved(proto::UserRemoved {
            reason: reason.as_str().to_owned(),
        }),
        EventKind::ProfileUpdated(view) => Kind::ProfileUpdated(proto::ProfileUpdated {
            user: Some(user((**view).clone())),
        }),
        EventKind::BackendStatus { reachable } => Kind::BackendStatus(proto::BackendStatus {
            reachable: *reachable,
        }),
        EventKind::Lagged {
            missed_from,
            missed_to,
        } => Kind::Lagged(proto::Lagged {
            missed_from: *missed_from,
            missed_to: *missed_to,
        }),
    };
    proto::SessionEvent {
        seq: event.seq,
        time: Some(event.time.into()),
        app: event.app.clone(),
        user_id: event.user_id.clone(),
        kind: Some(kind),
    }
}

/// A configured app as the proto shows it.
pub(super) fn app(info: AppInfo) -> proto::App {
    proto::App {
        name: info.name,
        kind: info.kind.to_owned(),
        providers: info
            .accepts
            .iter()
            .map(|kind| kind.as_str().to_owned())
            .collect(),
        is_default: info.is_default,
        backend_url: info.location,
        endpoints: info
            .endpoints
            .into_iter()
            .map(|endpoint| proto::Endpoint {
                name: endpoint.name.to_owned(),
                url: endpoint.url,
                source: endpoint.source.to_owned(),
            })
            .collect(),
    }
}

/// The proto's name of why a session can no longer be refreshed.
fn expiry_reason(reason: ExpiryReason) -> proto::Reason {
    match reason {
        ExpiryReason::RefreshTokenRejected => proto::Reason::RefreshTokenRejected,
    }
}
