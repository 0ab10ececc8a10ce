//! What the CLI prints: one line (or one JSON object with `--json`) per user, token, key, app or
//! event. Tokens are printed only by `token` and `api-keys create`, the commands that exist to
//! print them.

use serde_json::{Value, json};

use latchkey_client::escape::for_terminal;
use latchkey_client::proto;

pub(super) fn rfc3339(timestamp: Option<&prost_types::Timestamp>) -> Value {
    match timestamp {
        Some(ts) => Value::from(ts.to_string()),
        None => Value::Null,
    }
}

pub(super) fn state_name(state: i32) -> &'static str {
    match proto::UserState::try_from(state) {
        Ok(proto::UserState::LoggedIn) => "logged_in",
        Ok(proto::UserState::LoggedOut) => "logged_out",
        Ok(proto::UserState::Removed) => "removed",
        _ => "unknown",
    }
}

pub(super) fn user_json(user: &proto::User) -> Value {
    let profile = user.profile.clone().unwrap_or_default();
    json!({
        "app": user.app,
        "id": user.id,
        "state": state_name(user.state),
        "is_current": user.is_current,
        "is_anonymous": user.is_anonymous,
        "provider_type": user.provider_type,
        "identities": user.identities.iter().map(|i| json!({"id": i.id, "provider_type": i.provider_type})).collect::<Vec<_>>(),
        "name": profile.name,
        "email": profile.email,
        "device_id": user.device_id,
        "access_token_expires_at": rfc3339(user.access_token_expires_at.as_ref()),
        "refresh_token_expires_at": rfc3339(user.refresh_token_expires_at.as_ref()),
        "owner_uid": user.owner_uid,
        "created_at": rfc3339(user.created_at.as_ref()),
        "last_used_at": rfc3339(user.last_used_at.as_ref()),
    })
}

/// Prints one line of text output. Its fields come from the daemon, and through it from
/// backends and other uids: every control character is made visible ([`for_terminal`]), so a
/// name or an id cannot write the clipboard, erase lines or forge output. (`--json` output is
/// escaped by JSON itself; the token alone is printed as it is, its grammar checked on receipt.)
#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn say(line: &str) {
    println!("{}", for_terminal(line));
}

pub(super) fn user_line(user: &proto::User) -> String {
    let profile = user.profile.clone().unwrap_or_default();
    let mut flags = Vec::new();
    if user.is_current {
        flags.push("current");
    }
    if user.is_anonymous {
        flags.push("anonymous");
    }
    let who = if profile.email.is_empty() {
        profile.name
    } else {
        profile.email
    };
    format!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        user.app,
        user.id,
        state_name(user.state),
        user.provider_type,
        flags.join(","),
        who
    )
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_user(user: &proto::User, as_json: bool) {
    if as_json {
        println!("{}", user_json(user));
    } else {
        say(&user_line(user));
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_users(users: &[proto::User], as_json: bool) {
    if as_json {
        println!("{}", Value::Array(users.iter().map(user_json).collect()));
    } else {
        for user in users {
            say(&user_line(user));
        }
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_token(token: &super::token::Issued, as_json: bool) {
    if as_json {
        println!(
            "{}",
            json!({
                "token": token.token,
                "expires_at": rfc3339(token.expires_at.as_ref()),
                "user_id": token.user_id,
                "app": token.app,
                "stale": token.stale,
            })
        );
    } else {
        println!("{}", token.token);
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_status(status: &proto::GetStatusResponse, as_json: bool) {
    let uptime = status.uptime.as_ref().map_or(0, |uptime| uptime.seconds);
    let apps: Vec<Value> = status
        .apps
        .iter()
        .map(|app| {
            json!({
                "name": app.name,
                "logged_in": app.logged_in,
                "logged_out": app.logged_out,
                "backend_reachable": app.backend_reachable,
            })
        })
        .collect();
    if as_json {
        println!(
            "{}",
            json!({"version": status.version, "uptime_secs": uptime, "started_at": rfc3339(status.started_at.as_ref()), "apps": apps})
        );
        return;
    }
    say(&format!("latchkeyd {}, up {uptime}s", status.version));
    for app in &status.apps {
        let reachable = match app.backend_reachable {
            Some(true) => "reachable",
            Some(false) => "UNREACHABLE",
            None => "not contacted yet",
        };
        say(&format!(
            "{}\t{} logged in, {} logged out\tbackend {reachable}",
            app.name, app.logged_in, app.logged_out
        ));
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_apps(apps: &[proto::App], as_json: bool) {
    if as_json {
        let apps: Vec<Value> = apps
            .iter()
            .map(|app| json!({"name": app.name, "kind": app.kind, "providers": app.providers, "is_default": app.is_default}))
            .collect();
        println!("{}", Value::Array(apps));
        return;
    }
    for app in apps {
        let default = if app.is_default { " (default)" } else { "" };
        say(&format!(
            "{}{default}\t{}\t{}",
            app.name,
            app.kind,
            app.providers.join(",")
        ));
    }
}

pub(super) fn event_fields(event: &proto::SessionEvent) -> (&'static str, Value) {
    use proto::session_event::Kind as E;
    match &event.kind {
        Some(E::Snapshot(e)) => ("snapshot", e.user.as_ref().map_or(Value::Null, user_json)),
        Some(E::LoggedIn(e)) => ("logged_in", e.user.as_ref().map_or(Value::Null, user_json)),
        Some(E::LoggedOut(e)) => ("logged_out", json!({"reason": e.reason})),
        Some(E::TokenRefreshed(e)) => (
            "token_refreshed",
            json!({"expires_at": rfc3339(e.expires_at.as_ref())}),
        ),
        Some(E::TokenExpired(e)) => (
            "token_expired",
            json!({"reason": e.reason, "detail": e.detail}),
        ),
        Some(E::RefreshFailed(e)) => (
            "refresh_failed",
            json!({"error": e.error, "next_attempt_at": rfc3339(e.next_attempt_at.as_ref())}),
        ),
        Some(E::RefreshTokenExpiring(e)) => (
            "refresh_token_expiring",
            json!({"expires_at": rfc3339(e.expires_at.as_ref())}),
        ),
        Some(E::CurrentUserChanged(e)) => (
            "current_user_changed",
            json!({"previous_user_id": e.previous_user_id}),
        ),
        Some(E::UserRemoved(e)) => ("user_removed", json!({"reason": e.reason})),
        Some(E::ProfileUpdated(e)) => (
            "profile_updated",
            e.user.as_ref().map_or(Value::Null, user_json),
        ),
        Some(E::BackendStatus(e)) => ("backend_status", json!({"reachable": e.reachable})),
        Some(E::Lagged(e)) => (
            "lagged",
            json!({"missed_from": e.missed_from, "missed_to": e.missed_to}),
        ),
        None => ("unknown", Value::Null),
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_event(event: &proto::SessionEvent, as_json: bool) {
    let (kind, details) = event_fields(event);
    if as_json {
        println!(
            "{}",
            json!({
                "seq": event.seq,
                "time": rfc3339(event.time.as_ref()),
                "app": event.app,
                "user_id": event.user_id,
                "kind": kind,
                "details": details,
            })
        );
    } else {
        let time = event
            .time
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        say(&format!(
            "{}\t{time}\t{}\t{}\t{kind}\t{details}",
            event.seq, event.app, event.user_id
        ));
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn done(what: &str, as_json: bool) {
    if as_json {
        println!("{}", json!({ "result": what }));
    } else {
        say(what);
    }
}

pub(super) fn key_json(key: &proto::ApiKey) -> Value {
    let mut value = json!({"id": key.id, "name": key.name, "disabled": key.disabled});
    if !key.key.is_empty() {
        value["key"] = Value::from(key.key.clone());
    }
    value
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
pub(super) fn print_keys(keys: &[proto::ApiKey], as_json: bool) {
    for key in keys {
        if as_json {
            println!("{}", key_json(key));
        } else {
            let state = if key.disabled { "disabled" } else { "enabled" };
            say(&format!("{}\t{}\t{state}", key.id, key.name));
        }
    }
}
