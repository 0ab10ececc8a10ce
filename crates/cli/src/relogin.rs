//! The one "log in again": the command that signs the same user in to an app again, named by
//! every command that finds a session ended (the tool helpers, `token`, the desktop
//! notifications of `watch --notify`), so that a user reads the same instruction wherever the
//! failure shows up.

use std::path::Path;

use latchkey_client::proto;
use latchkey_client::{Client, Reason};

/// A login that signs a user in again: its arguments (after `latchkey`, the socket first), and
/// whether it runs without a terminal (a browser login), so that a notification may start it.
pub(crate) struct Login {
    pub args: Vec<String>,
    pub unattended: bool,
}

/// The `latchkey login` subcommand of a user's last login, by the backend's provider name (App
/// Services), when it needs nothing but what the command line takes.
fn app_services_login(provider_type: &str) -> Option<&'static str> {
    Some(match provider_type {
        "anon-user" => "anonymous",
        "custom-token" => "jwt",
        "api-key" => "api-key",
        "custom-function" => "function",
        "oauth2-facebook" => "facebook",
        "oauth2-google" => "google",
        "oauth2-apple" => "apple",
        _ => return None,
    })
}

impl Login {
    /// The login that signs `user` (empty: whoever logs in) in to `app` again: a browser login
    /// where the app offers one (`providers`, its `ListApps` credentials), else a device login,
    /// else the kind of the user's last login (`provider_type`, and `email` for email/password).
    pub(crate) fn again(
        socket: &Path,
        app: &str,
        user: &str,
        providers: &[String],
        last: Option<&proto::User>,
    ) -> Self {
        let mut args = vec![
            "--socket".to_owned(),
            socket.display().to_string(),
            "--app".to_owned(),
            app.to_owned(),
            "login".to_owned(),
        ];
        let has = |name: &str| providers.iter().any(|provider| provider == name);
        let with_user = |args: &mut Vec<String>, flow: &str| {
            args.push(flow.to_owned());
            if !user.is_empty() {
                args.extend(["--user".to_owned(), user.to_owned()]);
            }
        };
        let mut unattended = false;
        if has("browser") {
            with_user(&mut args, "browser");
            unattended = true;
        } else if has("device") {
            with_user(&mut args, "device");
        } else if let Some(user) = last {
            let email = user
                .profile
                .as_ref()
                .map(|profile| profile.email.clone())
                .filter(|email| !email.is_empty());
            match (user.provider_type.as_str(), email) {
                ("local-userpass", Some(email)) => args.extend(["email".to_owned(), email]),
                (other, _) => args.push(app_services_login(other).unwrap_or("--help").to_owned()),
            }
        } else {
            args.push("--help".to_owned());
        }
        Self { args, unattended }
    }

    /// The command as a user types it (`latchkey --app APP login ...`, without the socket),
    /// control characters made visible: an app name or user id may come from a backend.
    pub(crate) fn shown(&self) -> String {
        let words: Vec<&str> = self.args.iter().skip(2).map(String::as_str).collect();
        latchkey_client::escape::for_terminal(&format!("latchkey {}", words.join(" "))).into_owned()
    }
}

/// Whether a daemon's answer means that only a new login gives a token again.
pub(crate) fn needs_login(err: &latchkey_client::Error) -> bool {
    matches!(
        err.reason_code(),
        Some(
            Reason::NoCurrentUser
                | Reason::UserNotLoggedIn
                | Reason::ReauthRequired
                | Reason::IdTokenNotRenewed
        )
    )
}

/// The login that signs `user` (empty: the current one) in to `app` (empty: the default app)
/// again, asking the daemon what it offers; a bare `latchkey login --help` when it cannot tell.
pub(crate) async fn login_for(client: &Client, app: &str, user: &str) -> Login {
    let apps = apps(client).await;
    let found = apps
        .iter()
        .find(|known| known.name == app || (app.is_empty() && known.is_default));
    let name = found.map_or(app, |known| known.name.as_str());
    let providers = found
        .map(|known| known.providers.as_slice())
        .unwrap_or_default();
    let last = last_login(client, name, user).await;
    let user = if user.is_empty() {
        last.as_ref().map_or("", |last| last.id.as_str())
    } else {
        user
    };
    Login::again(client.socket(), name, user, providers, last.as_ref())
}

/// The daemon's apps (empty when it cannot say): what each offers, for the login to name.
pub(crate) async fn apps(client: &Client) -> Vec<proto::App> {
    match client.daemon().await {
        Ok(mut daemon) => daemon
            .list_apps(proto::ListAppsRequest {})
            .await
            .map(|listed| listed.into_inner().apps)
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// The user `user` of `app` as the daemon knows it (empty: the current user, else the most
/// recently used one that is logged out, the one a "no current user" most likely means).
async fn last_login(client: &Client, app: &str, user: &str) -> Option<proto::User> {
    let request = proto::ListUsersRequest {
        app: app.to_owned(),
        ..Default::default()
    };
    let mut users = client
        .sessions()
        .await
        .ok()?
        .list_users(request)
        .await
        .ok()?
        .into_inner()
        .users;
    if user.is_empty() {
        let last_used =
            |known: &proto::User| known.last_used_at.as_ref().map(|at| (at.seconds, at.nanos));
        match users.iter().position(|known| known.is_current) {
            Some(current) => Some(users.swap_remove(current)),
            None => users
                .into_iter()
                .filter(|known| known.state == proto::UserState::LoggedOut as i32)
                .max_by_key(last_used),
        }
    } else {
        users.into_iter().find(|known| known.id == user)
    }
}

/// The one line a helper prints when the session needs a new login: what the daemon said (its
/// message and reason, as `failure` has them) and the command that signs the user in again.
pub(crate) async fn login_again_line(client: &Client, app: &str, user: &str, said: &str) -> String {
    let login = login_for(client, app, user).await;
    format!("{said}; sign in again with: {}", login.shown())
}
