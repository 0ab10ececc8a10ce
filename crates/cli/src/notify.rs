//! `latchkey watch --notify`: desktop notifications (`org.freedesktop.Notifications` on the
//! session bus) when a session needs a new login (`token_expired`), when its refresh token is
//! about to expire (`refresh_token_expiring`), and when an app's backend has been unreachable for
//! a while. One notification per session (or backend): a later one replaces it, a new login
//! closes it. Where the server supports actions and the app can log in without a
//! terminal (an OpenID app with browser logins), the notification's action runs that login.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;
use tokio_stream::StreamExt as _;
use zbus::zvariant::Value;

use super::relogin::Login;
use super::{EXIT_FAILURE, Failure};
use latchkey_client::proto::{self, session_event::Kind};

#[zbus::proxy(
    interface = "org.freedesktop.Notifications",
    default_service = "org.freedesktop.Notifications",
    default_path = "/org/freedesktop/Notifications"
)]
trait Notifications {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: &str,
        replaces_id: u32,
        app_icon: &str,
        summary: &str,
        body: &str,
        actions: &[&str],
        hints: HashMap<&str, Value<'_>>,
        expire_timeout: i32,
    ) -> zbus::Result<u32>;

    fn close_notification(&self, id: u32) -> zbus::Result<()>;

    fn get_capabilities(&self) -> zbus::Result<Vec<String>>;

    #[zbus(signal)]
    fn action_invoked(&self, id: u32, action_key: String) -> zbus::Result<()>;
}

const URGENCY_NORMAL: u8 = 1;
const URGENCY_CRITICAL: u8 = 2;

/// What a notification is about: one at a time for each (a session that ended replaces the
/// warning that it would).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Topic {
    /// A user's session: it ends soon, or it ended.
    Session { app: String, user: String },
    /// An app's backend is unreachable.
    Backend { app: String },
}

/// Turns session events into notifications.
pub(super) struct Notifier {
    proxy: NotificationsProxy<'static>,
    /// Whether the server shows actions.
    actions: bool,
    socket: PathBuf,
    apps: HashMap<String, proto::App>,
    shown: HashMap<Topic, u32>,
    /// The login each shown notification's action runs, by notification id.
    commands: Arc<Mutex<HashMap<u32, Vec<String>>>>,
    /// Apps whose backend went unreachable, since when, not notified yet.
    unreachable: HashMap<String, Instant>,
    notify_after: Duration,
}

impl Notifier {
    /// Connects to the session bus and learns the apps from the daemon of `client`.
    ///
    /// # Errors
    /// No session bus.
    pub(super) async fn connect(
        client: &latchkey_client::Client,
        notify_after: Duration,
    ) -> Result<Self, Failure> {
        let no_bus = |err: zbus::Error| {
            Failure::new(
                EXIT_FAILURE,
                format!("--notify needs a desktop session bus ($DBUS_SESSION_BUS_ADDRESS): {err}"),
            )
        };
        let bus = zbus::Connection::session().await.map_err(no_bus)?;
        let proxy = NotificationsProxy::new(&bus).await.map_err(no_bus)?;
        let actions = proxy
            .get_capabilities()
            .await
            .map(|caps| caps.iter().any(|cap| cap == "actions"))
            .unwrap_or(false);
        let apps = super::relogin::apps(client).await;
        let commands: Arc<Mutex<HashMap<u32, Vec<String>>>> = Arc::default();
        if actions {
            let mut invoked = proxy.receive_action_invoked().await.map_err(no_bus)?;
            let commands = commands.clone();
            tokio::spawn(async move {
                while let Some(signal) = invoked.next().await {
                    let Ok(args) = signal.args() else { continue };
                    let command = commands
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .get(&args.id)
                        .cloned();
                    if let Some(command) = command {
                        run_login(&command);
                    }
                }
            });
        }
        Ok(Self {
            proxy,
            actions,
            socket: client.socket().to_path_buf(),
            apps: apps
                .into_iter()
                .map(|app| (app.name.clone(), app))
                .collect(),
            shown: HashMap::new(),
            commands,
            unreachable: HashMap::new(),
            notify_after,
        })
    }

    /// When [`Self::due`] has something to do.
    pub(super) fn deadline(&self) -> Option<Instant> {
        self.unreachable
            .values()
            .min()
            .map(|since| *since + self.notify_after)
    }

    /// Notifies of the backends unreachable for longer than `--notify-after`.
    pub(super) async fn due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .unreachable
            .iter()
            .filter(|(_, since)| **since + self.notify_after <= now)
            .map(|(app, _)| app.clone())
            .collect();
        for app in due {
            self.unreachable.remove(&app);
            let summary = format!("{app}: backend unreachable");
            let body = format!(
                "latchkeyd has not reached the backend of {app} for {} s. Cached tokens are served until they expire; new logins and refreshes wait.",
                self.notify_after.as_secs()
            );
            self.show(
                Topic::Backend { app },
                &summary,
                &body,
                URGENCY_NORMAL,
                None,
            )
            .await;
        }
    }

    pub(super) async fn event(&mut self, event: &proto::SessionEvent) {
        let app = event.app.clone();
        let user = event.user_id.clone();
        match &event.kind {
            Some(Kind::TokenExpired(expired)) => {
                let login = self.login(&app, &user);
                let summary = format!("Log in again to {app}");
                let body = format!(
                    "The session of {user} can no longer be refreshed ({}). Log in again: {}",
                    expired.reason,
                    login.shown()
                );
                self.show(
                    Topic::Session { app, user },
                    &summary,
                    &body,
                    URGENCY_CRITICAL,
                    Some(login),
                )
                .await;
            }
            Some(Kind::RefreshTokenExpiring(expiring)) => {
                let login = self.login(&app, &user);
                let when = expiring
                    .expires_at
                    .as_ref()
                    .map_or_else(|| "soon".to_owned(), ToString::to_string);
                let summary = format!("{app}: log in again before {when}");
                let body = format!(
                    "The session of {user} ends at {when} and cannot be renewed without a login: {}",
                    login.shown()
                );
                self.show(
                    Topic::Session { app, user },
                    &summary,
                    &body,
                    URGENCY_NORMAL,
                    Some(login),
                )
                .await;
            }
            Some(Kind::BackendStatus(status)) if !status.reachable => {
                self.unreachable.entry(app).or_insert_with(Instant::now);
            }
            Some(Kind::BackendStatus(_)) => {
                self.unreachable.remove(&app);
                self.close(&Topic::Backend { app }).await;
            }
            Some(Kind::LoggedIn(_)) => {
                // Logged in again: what asked for it is answered.
                self.close(&Topic::Session { app, user }).await;
            }
            _ => {}
        }
    }

    /// The login that signs `user` in to `app` again.
    fn login(&self, app: &str, user: &str) -> Login {
        let providers = self
            .apps
            .get(app)
            .map(|app| app.providers.as_slice())
            .unwrap_or_default();
        Login::again(&self.socket, app, user, providers, None)
    }

    async fn show(
        &mut self,
        topic: Topic,
        summary: &str,
        body: &str,
        urgency: u8,
        login: Option<Login>,
    ) {
        let replaces = self.shown.get(&topic).copied().unwrap_or(0);
        let command = login
            .filter(|login| login.unattended && self.actions)
            .map(|login| login.args);
        let actions: &[&str] = if command.is_some() {
            &["default", "Log in", "login", "Log in"]
        } else {
            &[]
        };
        let hints = HashMap::from([("urgency", Value::U8(urgency))]);
        // Both carry user ids and app names, which come from backends: the body is markup to
        // servers that support it (a `sub` must not become a link or an image), the summary
        // plain text; neither may carry control characters.
        let summary = latchkey_client::escape::escaped(summary);
        let body = latchkey_client::escape::markup(body);
        match self
            .proxy
            .notify(
                "Latchkey",
                replaces,
                "dialog-password",
                &summary,
                &body,
                actions,
                hints,
                -1,
            )
            .await
        {
            Ok(id) => {
                self.shown.insert(topic, id);
                let mut commands = self.commands.lock().unwrap_or_else(PoisonError::into_inner);
                commands.remove(&replaces);
                if let Some(command) = command {
                    commands.insert(id, command);
                }
            }
            Err(err) => note!("latchkey: the notification could not be shown: {err}"),
        }
    }

    async fn close(&mut self, topic: &Topic) {
        if let Some(id) = self.shown.remove(topic) {
            self.commands
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&id);
            let _ = self.proxy.close_notification(id).await;
        }
    }
}

/// Runs a login the user asked for from a notification, detached.
fn run_login(args: &[String]) {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("latchkey"));
    match std::process::Command::new(exe)
        .args(args)
        .stdin(std::process::Stdio::null())
        .spawn()
    {
        // Reaped when it ends; the login reports through its own notifications and events.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(err) => note!("latchkey: cannot start the login: {err}"),
    }
}
