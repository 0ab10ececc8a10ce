//! `latchkey`: the command-line client of latchkeyd.
//!
//! Secrets (passwords, tokens, keys, function payloads) are read from a prompt or from standard
//! input, never from the command line, where other users could see them in the process list.
//!
//! Exit codes: 0 success; 1 other error; 2 bad usage; 3 not logged in or re-login needed;
//! 4 daemon unreachable; 5 backend unavailable or backend error; 6 credentials refused.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use latchkey::proto::{
    self, api_keys_client::ApiKeysClient, credentials::Kind, daemon_client::DaemonClient,
    email_password_client::EmailPasswordClient, sessions_client::SessionsClient,
};
use serde_json::{Value, json};
use tonic::Code;
use tonic::transport::Channel;
use tonic_types::StatusExt;

/// Command-line client of the Latchkey auth-session daemon.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// The daemon's socket (default: $LATCHKEY_SOCKET, your user daemon's, then the system one).
    #[arg(long, global = true)]
    socket: Option<PathBuf>,
    /// App name (default: the daemon's default app).
    #[arg(long, global = true, default_value = "")]
    app: String,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// As root: act on this uid's sessions instead of root's own.
    #[arg(long, global = true)]
    owner: Option<u32>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Log in and become the current user.
    Login {
        #[command(subcommand)]
        provider: Provider,
    },
    /// Add another identity to a logged-in user.
    Link {
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
        #[command(subcommand)]
        provider: Provider,
    },
    /// Log a user out (default: current user).
    Logout {
        /// User id.
        user: Option<String>,
    },
    /// Show the current user.
    Whoami,
    /// List your users.
    Users {
        /// As root: every uid's users.
        #[arg(long)]
        all: bool,
    },
    /// Make a logged-in user current.
    Switch {
        /// User id.
        user: String,
    },
    /// Forget a user locally (logging them out first).
    Remove {
        /// User id (default: current user).
        user: Option<String>,
    },
    /// Delete a user at the backend.
    Delete {
        /// User id (default: current user).
        user: Option<String>,
    },
    /// Print a valid access token (only the token: `$(latchkey token)`).
    Token {
        /// User id (default: current user).
        #[arg(long)]
        user: Option<String>,
        /// Refresh first unless the token stays valid this long (e.g. 5m).
        #[arg(long, value_parser = latchkey::config::parse_duration)]
        min_valid: Option<Duration>,
        /// Refresh now.
        #[arg(long)]
        force: bool,
    },
    /// Refresh a user's access token and custom data now.
    Refresh {
        /// User id (default: current user).
        user: Option<String>,
    },
    /// Print session events as they happen, one a line; reconnects (resuming where it left off)
    /// when the daemon restarts. Stop with Ctrl-C.
    Watch {
        /// Only this user's events.
        #[arg(long)]
        user: Option<String>,
        /// Start with the current state of every user.
        #[arg(long)]
        snapshot: bool,
    },
    /// Manage a user's API keys.
    #[command(subcommand)]
    ApiKeys(ApiKeysCommand),
    /// Register an email/password account (password prompted for or read from stdin).
    Register {
        /// The account's email.
        email: String,
    },
    /// Confirm an account with a confirmation link's token id (the token is prompted for or
    /// read from stdin).
    Confirm {
        /// `tokenId` of the link.
        #[arg(long)]
        token_id: String,
    },
    /// Send the confirmation email again.
    ResendConfirmation {
        /// The account's email.
        email: String,
    },
    /// Run the app's confirmation function again.
    RetryConfirmation {
        /// The account's email.
        email: String,
    },
    /// Reset a password.
    #[command(subcommand)]
    ResetPassword(ResetCommand),
    /// Show the daemon's status.
    Status,
    /// List the configured apps.
    Apps,
}

#[derive(Subcommand)]
enum ApiKeysCommand {
    /// Create a key; prints its secret, which is never shown again.
    Create {
        /// The key's name.
        name: String,
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// Show one key.
    Get {
        /// Key id.
        id: String,
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// List the keys.
    List {
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// Enable a key.
    Enable {
        /// Key id.
        id: String,
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// Disable a key.
    Disable {
        /// Key id.
        id: String,
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
    /// Delete a key.
    Delete {
        /// Key id.
        id: String,
        /// The user (default: current user).
        #[arg(long)]
        user: Option<String>,
    },
}

#[derive(Subcommand)]
enum ResetCommand {
    /// Send a password reset email.
    Send {
        /// The account's email.
        email: String,
    },
    /// Set a new password with a reset link's token id; the token and then the new password
    /// are prompted for, or read from stdin one a line.
    Apply {
        /// `tokenId` of the link.
        #[arg(long)]
        token_id: String,
    },
    /// Set a new password through the app's reset function (password prompted for or read from
    /// stdin).
    Call {
        /// The account's email.
        email: String,
        /// The function's arguments, a JSON array.
        #[arg(long, default_value = "[]")]
        args: String,
    },
}

#[derive(Subcommand, Clone)]
enum Provider {
    /// Anonymous user (reuses your anonymous user unless --new).
    Anonymous {
        /// Always create a new anonymous user.
        #[arg(long)]
        new: bool,
    },
    /// Email and password; the password is prompted for or read from stdin.
    Email {
        /// The account's email.
        email: String,
    },
    /// Custom JWT, prompted for or read from stdin.
    Jwt,
    /// API key, prompted for or read from stdin.
    ApiKey,
    /// Custom function; the JSON payload is read from stdin.
    Function,
    /// Facebook access token, prompted for or read from stdin.
    Facebook,
    /// Google auth code (or ID token with --id-token), prompted for or read from stdin.
    Google {
        /// The secret is an ID token, not an auth code.
        #[arg(long)]
        id_token: bool,
    },
    /// Apple ID token, prompted for or read from stdin.
    Apple,
}

/// A failure with its exit code.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

const EXIT_FAILURE: u8 = 1;
const EXIT_NOT_LOGGED_IN: u8 = 3;
const EXIT_UNREACHABLE: u8 = 4;
const EXIT_BACKEND: u8 = 5;
const EXIT_REFUSED: u8 = 6;

impl From<tonic::Status> for Failure {
    fn from(status: tonic::Status) -> Self {
        let reason = status
            .get_error_details()
            .error_info()
            .map(|info| info.reason.clone());
        let code = match reason.as_deref() {
            Some("NO_CURRENT_USER" | "USER_NOT_LOGGED_IN" | "REAUTH_REQUIRED") => {
                EXIT_NOT_LOGGED_IN
            }
            Some("BACKEND_UNAVAILABLE" | "BACKEND_ERROR") => EXIT_BACKEND,
            Some("INVALID_CREDENTIALS" | "USER_DISABLED") => EXIT_REFUSED,
            Some(_) => EXIT_FAILURE,
            // No ErrorInfo: the transport failed, the daemon is gone.
            None if matches!(status.code(), Code::Unavailable | Code::Unknown) => EXIT_UNREACHABLE,
            None => EXIT_FAILURE,
        };
        let message = match reason {
            Some(reason) => format!("{} ({reason})", status.message()),
            None => status.message().to_owned(),
        };
        Self { code, message }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("latchkey: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

/// Reads a secret: from a prompt on the terminal, or from stdin when it is not one.
fn read_secret(prompt: &str) -> Result<String, Failure> {
    let stdin = std::io::stdin();
    let secret = if stdin.is_terminal() {
        rpassword::prompt_password(prompt)
            .map_err(|err| Failure::new(EXIT_FAILURE, format!("reading the secret: {err}")))?
    } else {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .map_err(|err| Failure::new(EXIT_FAILURE, format!("reading stdin: {err}")))?;
        text.trim_end_matches(['\n', '\r']).to_owned()
    };
    if secret.is_empty() {
        return Err(Failure::new(2, "empty secret"));
    }
    Ok(secret)
}

/// Reads several secrets: one prompt each on a terminal, else one line each from stdin.
fn read_secrets(prompts: &[&str]) -> Result<Vec<String>, Failure> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return prompts.iter().map(|prompt| read_secret(prompt)).collect();
    }
    let mut text = String::new();
    stdin
        .lock()
        .read_to_string(&mut text)
        .map_err(|err| Failure::new(EXIT_FAILURE, format!("reading stdin: {err}")))?;
    let lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if lines.len() < prompts.len() || lines.iter().take(prompts.len()).any(String::is_empty) {
        return Err(Failure::new(
            2,
            format!("expected {} non-empty lines on stdin", prompts.len()),
        ));
    }
    Ok(lines.into_iter().take(prompts.len()).collect())
}

fn credentials(provider: &Provider) -> Result<proto::Credentials, Failure> {
    let kind = match provider {
        Provider::Anonymous { new } => {
            Kind::Anonymous(proto::AnonymousCredential { new_user: *new })
        }
        Provider::Email { email } => Kind::EmailPassword(proto::EmailPasswordCredential {
            email: email.clone(),
            password: read_secret("Password: ")?,
        }),
        Provider::Jwt => Kind::Jwt(proto::JwtCredential {
            token: read_secret("JWT: ")?,
        }),
        Provider::ApiKey => Kind::ApiKey(proto::ApiKeyCredential {
            key: read_secret("API key: ")?,
        }),
        Provider::Function => Kind::Function(proto::FunctionCredential {
            payload_json: read_secret("Payload (JSON): ")?,
        }),
        Provider::Facebook => Kind::Facebook(proto::FacebookCredential {
            access_token: read_secret("Facebook access token: ")?,
        }),
        Provider::Google { id_token } => {
            let token = if *id_token {
                proto::google_credential::Token::IdToken(read_secret("Google ID token: ")?)
            } else {
                proto::google_credential::Token::AuthCode(read_secret("Google auth code: ")?)
            };
            Kind::Google(proto::GoogleCredential { token: Some(token) })
        }
        Provider::Apple => Kind::Apple(proto::AppleCredential {
            id_token: read_secret("Apple ID token: ")?,
        }),
    };
    Ok(proto::Credentials { kind: Some(kind) })
}

fn rfc3339(timestamp: Option<&prost_types::Timestamp>) -> Value {
    match timestamp {
        Some(ts) => Value::from(ts.to_string()),
        None => Value::Null,
    }
}

fn state_name(state: i32) -> &'static str {
    match proto::UserState::try_from(state) {
        Ok(proto::UserState::LoggedIn) => "logged_in",
        Ok(proto::UserState::LoggedOut) => "logged_out",
        Ok(proto::UserState::Removed) => "removed",
        _ => "unknown",
    }
}

fn user_json(user: &proto::User) -> Value {
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

fn user_line(user: &proto::User) -> String {
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
fn print_user(user: &proto::User, as_json: bool) {
    if as_json {
        println!("{}", user_json(user));
    } else {
        println!("{}", user_line(user));
    }
}

#[tokio::main(flavor = "current_thread")]
async fn run(cli: Cli) -> Result<(), Failure> {
    let socket = cli
        .socket
        .clone()
        .unwrap_or_else(|| latchkey::config::client_socket(&|name| std::env::var(name).ok()));
    if let Command::Watch { user, snapshot } = &cli.command {
        return watch(
            &socket,
            &cli.app,
            user.as_deref().unwrap_or_default(),
            *snapshot,
            cli.json,
        )
        .await;
    }
    let channel: Channel = latchkey::client::connect(&socket).await.map_err(|err| {
        Failure::new(
            EXIT_UNREACHABLE,
            format!(
                "cannot reach latchkeyd at {}: {err}; is it running? (try `latchkeyd --dev`)",
                socket.display()
            ),
        )
    })?;
    let mut sessions = SessionsClient::new(channel.clone());
    let app = cli.app.clone();
    let as_json = cli.json;
    let owner_uid = cli.owner;
    match cli.command {
        Command::Login { provider } => {
            let credentials = credentials(&provider)?;
            let user = sessions
                .log_in(proto::LogInRequest {
                    app,
                    credentials: Some(credentials),
                })
                .await?
                .into_inner();
            print_user(&user, as_json);
        }
        Command::Link { user, provider } => {
            let credentials = credentials(&provider)?;
            let user = sessions
                .link_credentials(proto::LinkCredentialsRequest {
                    app,
                    user_id: user.unwrap_or_default(),
                    credentials: Some(credentials),
                })
                .await?
                .into_inner();
            print_user(&user, as_json);
        }
        Command::Logout { user } => {
            let user = sessions
                .log_out(proto::LogOutRequest {
                    owner_uid,
                    app,
                    user_id: user.unwrap_or_default(),
                })
                .await?
                .into_inner();
            print_user(&user, as_json);
        }
        Command::Whoami => {
            let user = sessions
                .get_current_user(proto::GetCurrentUserRequest { app, owner_uid })
                .await?
                .into_inner();
            print_user(&user, as_json);
        }
        Command::Users { all } => {
            let users = sessions
                .list_users(proto::ListUsersRequest {
                    app,
                    all_owners: all,
                    owner_uid,
                })
                .await?
                .into_inner()
                .users;
            print_users(&users, as_json);
        }
        Command::Switch { user } => {
            let user = sessions
                .switch_user(proto::SwitchUserRequest {
                    owner_uid,
                    app,
                    user_id: user,
                })
                .await?
                .into_inner();
            print_user(&user, as_json);
        }
        Command::Remove { user } => {
            let removed = sessions
                .remove_user(proto::RemoveUserRequest {
                    owner_uid,
                    app,
                    user_id: user.unwrap_or_default(),
                })
                .await?
                .into_inner();
            if let Some(user) = removed.user {
                print_user(&user, as_json);
            }
        }
        Command::Delete { user } => {
            let deleted = sessions
                .delete_user(proto::DeleteUserRequest {
                    owner_uid,
                    app,
                    user_id: user.unwrap_or_default(),
                })
                .await?
                .into_inner();
            if let Some(user) = deleted.user {
                print_user(&user, as_json);
            }
        }
        Command::Token {
            user,
            min_valid,
            force,
        } => {
            let min_valid = min_valid
                .map(prost_types::Duration::try_from)
                .transpose()
                .map_err(|_| Failure::new(2, "--min-valid is out of range"))?;
            let token = sessions
                .get_access_token(proto::GetAccessTokenRequest {
                    owner_uid,
                    app,
                    user_id: user.unwrap_or_default(),
                    min_valid,
                    force_refresh: force,
                })
                .await?
                .into_inner();
            print_token(&token, as_json);
        }
        Command::Refresh { user } => {
            let user = sessions
                .refresh_user(proto::RefreshUserRequest {
                    owner_uid,
                    app,
                    user_id: user.unwrap_or_default(),
                })
                .await?
                .into_inner();
            print_user(&user, as_json);
        }
        Command::Watch { .. } => {}
        Command::ApiKeys(command) => api_keys(channel, app, command, as_json).await?,
        Command::Register { email } => {
            let password = read_secret("Password: ")?;
            EmailPasswordClient::new(channel)
                .register_user(proto::RegisterUserRequest {
                    app,
                    email,
                    password,
                })
                .await?;
            done("registered", as_json);
        }
        Command::Confirm { token_id } => {
            let token = read_secret("Token: ")?;
            EmailPasswordClient::new(channel)
                .confirm_user(proto::ConfirmUserRequest {
                    app,
                    token,
                    token_id,
                })
                .await?;
            done("confirmed", as_json);
        }
        Command::ResendConfirmation { email } => {
            EmailPasswordClient::new(channel)
                .resend_confirmation_email(proto::ResendConfirmationEmailRequest { app, email })
                .await?;
            done("sent", as_json);
        }
        Command::RetryConfirmation { email } => {
            EmailPasswordClient::new(channel)
                .retry_custom_confirmation(proto::RetryCustomConfirmationRequest { app, email })
                .await?;
            done("done", as_json);
        }
        Command::ResetPassword(command) => {
            let mut accounts = EmailPasswordClient::new(channel);
            match command {
                ResetCommand::Send { email } => {
                    accounts
                        .send_reset_password_email(proto::SendResetPasswordEmailRequest {
                            app,
                            email,
                        })
                        .await?;
                    done("sent", as_json);
                }
                ResetCommand::Apply { token_id } => {
                    let mut secrets = read_secrets(&["Token: ", "New password: "])?.into_iter();
                    let token = secrets.next().unwrap_or_default();
                    let password = secrets.next().unwrap_or_default();
                    accounts
                        .reset_password(proto::ResetPasswordRequest {
                            app,
                            password,
                            token,
                            token_id,
                        })
                        .await?;
                    done("password reset", as_json);
                }
                ResetCommand::Call { email, args } => {
                    let password = read_secret("New password: ")?;
                    accounts
                        .call_reset_password_function(proto::CallResetPasswordFunctionRequest {
                            app,
                            email,
                            password,
                            arguments_json: args,
                        })
                        .await?;
                    done("password reset", as_json);
                }
            }
        }
        Command::Status => {
            let status = DaemonClient::new(channel)
                .get_status(proto::GetStatusRequest {})
                .await?
                .into_inner();
            print_status(&status, as_json);
        }
        Command::Apps => {
            let apps = DaemonClient::new(channel)
                .list_apps(proto::ListAppsRequest {})
                .await?
                .into_inner()
                .apps;
            print_apps(&apps, as_json);
        }
    }
    Ok(())
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
fn print_users(users: &[proto::User], as_json: bool) {
    if as_json {
        println!("{}", Value::Array(users.iter().map(user_json).collect()));
    } else {
        for user in users {
            println!("{}", user_line(user));
        }
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
fn print_token(token: &proto::AccessToken, as_json: bool) {
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
fn print_status(status: &proto::GetStatusResponse, as_json: bool) {
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
    println!("latchkeyd {}, up {uptime}s", status.version);
    for app in &status.apps {
        let reachable = match app.backend_reachable {
            Some(true) => "reachable",
            Some(false) => "UNREACHABLE",
            None => "not contacted yet",
        };
        println!(
            "{}\t{} logged in, {} logged out\tbackend {reachable}",
            app.name, app.logged_in, app.logged_out
        );
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
fn print_apps(apps: &[proto::App], as_json: bool) {
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
        println!(
            "{}{default}\t{}\t{}",
            app.name,
            app.kind,
            app.providers.join(",")
        );
    }
}

/// Streams events; on a lost connection, reconnects every second and resumes after the last
/// event seen (the daemon reports what it could not replay as `lagged`).
async fn watch(
    socket: &std::path::Path,
    app: &str,
    user_id: &str,
    snapshot: bool,
    as_json: bool,
) -> Result<(), Failure> {
    let mut resume_after = 0;
    let mut connected_once = false;
    loop {
        let channel = match latchkey::client::connect(socket).await {
            Ok(channel) => channel,
            Err(err) if !connected_once => {
                return Err(Failure::new(
                    EXIT_UNREACHABLE,
                    format!("cannot reach latchkeyd at {}: {err}", socket.display()),
                ));
            }
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        connected_once = true;
        let request = proto::WatchEventsRequest {
            app: app.to_owned(),
            user_id: user_id.to_owned(),
            include_snapshot: snapshot && resume_after == 0,
            resume_after,
        };
        let mut stream = match SessionsClient::new(channel).watch_events(request).await {
            Ok(response) => response.into_inner(),
            Err(status) if status.get_error_details().error_info().is_some() => {
                return Err(status.into());
            }
            Err(_) => {
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        while let Ok(Some(event)) = stream.message().await {
            resume_after = resume_after.max(event.seq);
            print_event(&event, as_json);
        }
        eprintln!("latchkey: connection to latchkeyd lost; reconnecting");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

fn event_fields(event: &proto::SessionEvent) -> (&'static str, Value) {
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
fn print_event(event: &proto::SessionEvent, as_json: bool) {
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
        println!(
            "{}\t{time}\t{}\t{}\t{kind}\t{details}",
            event.seq, event.app, event.user_id
        );
    }
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
fn done(what: &str, as_json: bool) {
    if as_json {
        println!("{}", json!({ "result": what }));
    } else {
        println!("{what}");
    }
}

fn key_json(key: &proto::ApiKey) -> Value {
    let mut value = json!({"id": key.id, "name": key.name, "disabled": key.disabled});
    if !key.key.is_empty() {
        value["key"] = Value::from(key.key.clone());
    }
    value
}

#[expect(clippy::print_stdout, reason = "the CLI's output")]
fn print_keys(keys: &[proto::ApiKey], as_json: bool) {
    for key in keys {
        if as_json {
            println!("{}", key_json(key));
        } else {
            let state = if key.disabled { "disabled" } else { "enabled" };
            println!("{}\t{}\t{state}", key.id, key.name);
        }
    }
}

async fn api_keys(
    channel: Channel,
    app: String,
    command: ApiKeysCommand,
    as_json: bool,
) -> Result<(), Failure> {
    let mut keys = ApiKeysClient::new(channel);
    let user = |user: Option<String>| user.unwrap_or_default();
    match command {
        ApiKeysCommand::Create {
            name,
            user: user_id,
        } => {
            let key = keys
                .create_api_key(proto::CreateApiKeyRequest {
                    app,
                    user_id: user(user_id),
                    name,
                })
                .await?
                .into_inner();
            if as_json {
                print_keys(&[key], true);
            } else {
                eprintln!(
                    "API key {} ({}) created; its secret, shown only now:",
                    key.id, key.name
                );
                done(&key.key, false);
            }
        }
        ApiKeysCommand::Get { id, user: user_id } => {
            let key = keys
                .get_api_key(proto::GetApiKeyRequest {
                    app,
                    user_id: user(user_id),
                    id,
                })
                .await?
                .into_inner();
            print_keys(&[key], as_json);
        }
        ApiKeysCommand::List { user: user_id } => {
            let listed = keys
                .list_api_keys(proto::ListApiKeysRequest {
                    app,
                    user_id: user(user_id),
                })
                .await?
                .into_inner()
                .api_keys;
            print_keys(&listed, as_json);
        }
        ApiKeysCommand::Enable { id, user: user_id } => {
            keys.enable_api_key(proto::EnableApiKeyRequest {
                app,
                user_id: user(user_id),
                id,
            })
            .await?;
            done("enabled", as_json);
        }
        ApiKeysCommand::Disable { id, user: user_id } => {
            keys.disable_api_key(proto::DisableApiKeyRequest {
                app,
                user_id: user(user_id),
                id,
            })
            .await?;
            done("disabled", as_json);
        }
        ApiKeysCommand::Delete { id, user: user_id } => {
            keys.delete_api_key(proto::DeleteApiKeyRequest {
                app,
                user_id: user(user_id),
                id,
            })
            .await?;
            done("deleted", as_json);
        }
    }
    Ok(())
}
