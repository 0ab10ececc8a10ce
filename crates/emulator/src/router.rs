//! The emulator's routes, and the middleware every client API request goes through: it is
//! counted (`GET counters`), then delayed or failed as the injected faults say.

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, delete, get, post, put};

use super::{EmuError, Shared, accounts, admin, api_keys, client_api, faults};

pub(super) fn router(emulator: Shared) -> Router {
    let app = "/api/client/v2.0/app/{app_id}";
    let userpass = format!("{app}/auth/providers/local-userpass");
    let accounts: [(&str, accounts::Step); 7] = [
        ("register", accounts::register),
        ("confirm", accounts::confirm),
        ("confirm/send", accounts::resend_confirmation),
        ("confirm/call", accounts::retry_custom_confirmation),
        ("reset/send", accounts::send_reset_email),
        ("reset", accounts::reset_password),
        ("reset/call", accounts::call_reset_function),
    ];
    let router = accounts
        .into_iter()
        .fold(Router::new(), |router, (path, step)| {
            router.route(&format!("{userpass}/{path}"), accounts::endpoint(step))
        });
    router
        .route(&format!("{app}/location"), get(client_api::location))
        .route(
            &format!("{app}/auth/providers/{{provider}}/login"),
            post(client_api::login),
        )
        .route(
            "/api/client/v2.0/auth/api_keys",
            post(api_keys::create_key).get(api_keys::list_keys),
        )
        .route(
            "/api/client/v2.0/auth/api_keys/{id}",
            api_keys::on_key(MethodFilter::GET, api_keys::get_key)
                .merge(api_keys::on_key(MethodFilter::DELETE, api_keys::delete_key)),
        )
        .route(
            "/api/client/v2.0/auth/api_keys/{id}/enable",
            api_keys::on_key(MethodFilter::PUT, api_keys::enable_key),
        )
        .route(
            "/api/client/v2.0/auth/api_keys/{id}/disable",
            api_keys::on_key(MethodFilter::PUT, api_keys::disable_key),
        )
        .route("/emulator/v1/tokens", get(accounts::admin_tokens))
        .route("/api/client/v2.0/auth/profile", get(client_api::profile))
        .route(
            "/api/client/v2.0/auth/session",
            post(client_api::refresh_session).delete(client_api::logout_session),
        )
        .route(
            "/api/client/v2.0/auth/delete",
            delete(client_api::delete_self),
        )
        .route("/emulator/v1/users", get(admin::admin_users))
        .route("/emulator/v1/users/{id}", delete(admin::admin_delete_user))
        .route("/emulator/v1/users/{id}/revoke", post(admin::admin_revoke))
        .route(
            "/emulator/v1/users/{id}/disable",
            post(admin::admin_disable),
        )
        .route("/emulator/v1/users/{id}/enable", post(admin::admin_enable))
        .route(
            "/emulator/v1/users/{id}/custom-data",
            put(admin::admin_custom_data),
        )
        .route(
            "/emulator/v1/config",
            put(admin::admin_config).get(admin::admin_get_config),
        )
        .route("/emulator/v1/counters", get(admin::admin_counters))
        .route("/emulator/v1/clock", post(admin::admin_clock))
        .route(
            "/emulator/v1/social-tokens",
            post(admin::admin_social_token),
        )
        .route("/emulator/v1/custom-jwts", post(admin::admin_custom_jwt))
        .route(
            "/emulator/v1/server-api-keys",
            post(admin::admin_server_api_key),
        )
        .route(
            "/emulator/v1/faults",
            post(faults::admin_add_fault).delete(faults::admin_clear_faults),
        )
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            emulator.clone(),
            count_and_inject,
        ))
        .with_state(emulator)
}

/// The counter name of a client API request (`None` for the admin API).
fn endpoint_name(method: &axum::http::Method, uri: &axum::http::Uri) -> Option<&'static str> {
    use axum::http::Method;
    let path = uri.path();
    if path.starts_with("/emulator/") {
        return None;
    }
    let name = if path.ends_with("/location") {
        "location"
    } else if path.ends_with("/login") {
        if uri.query().is_some_and(|query| query.contains("link=true")) {
            "link"
        } else {
            "login"
        }
    } else if path.ends_with("/local-userpass/register") {
        "register"
    } else if path.ends_with("/auth/profile") {
        "profile"
    } else if path.ends_with("/auth/session") {
        if method == Method::DELETE {
            "session.logout"
        } else {
            "session.refresh"
        }
    } else if path.ends_with("/auth/delete") {
        "delete"
    } else {
        "other"
    };
    Some(name)
}

/// Counts every client API request, then applies the injected latency and failures.
async fn count_and_inject(
    State(emu): State<Shared>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let Some(endpoint) = endpoint_name(request.method(), request.uri()) else {
        return next.run(request).await;
    };
    let (latency, failure) = {
        let mut state = emu.state.lock().await;
        state.count(endpoint);
        state.faults.take(endpoint)
    };
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    match failure {
        Some(failure) => {
            let mut response = (
                StatusCode::from_u16(failure.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                [(header::CONTENT_TYPE, "application/json")],
                failure.body,
            )
                .into_response();
            if let Some(seconds) = failure.retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, axum::http::HeaderValue::from(seconds));
            }
            response
        }
        None => next.run(request).await,
    }
}

async fn not_found() -> EmuError {
    EmuError::new(404, "NotFound", "no such endpoint")
}
