//! Running one command: connect to the daemon, make the call, print the answer.

use tonic::transport::Channel;

use super::args::{
    AccountCommand, ApiKeysCommand, Cli, Command, DaemonCommand, KeyRef, Provider, ResetCommand,
    SessionCommand,
};
use super::render::{done, print_apps, print_keys, print_status, print_user, print_users};
use super::secrets::{credentials, read_secret, read_secrets};
use super::token::{Output, Wanted, token};
use super::watch::{WatchArgs, watch};
use super::{EXIT_BACKEND, EXIT_UNREACHABLE, Failure};
use latchkey_client::Client;
use latchkey_client::proto::{
    self, api_keys_client::ApiKeysClient, daemon_client::DaemonClient,
    email_password_client::EmailPasswordClient, sessions_client::SessionsClient,
};

#[tokio::main(flavor = "current_thread")]
pub(super) async fn run(cli: Cli) -> Result<(), Failure> {
    let socket = match cli.socket.clone() {
        Some(socket) => socket,
        None => {
            let (socket, warning) =
                latchkey_client::socket::discover_socket(&|name| std::env::var(name).ok());
            if let Some(warning) = warning {
                note!("latchkey: {warning}");
            }
            socket
        }
    };
    let client = Client::with_socket(socket.clone());
    let app = cli.app.clone();
    let as_json = cli.json;
    let owner_uid = cli.owner;
    match cli.command {
        Command::Completions { shell } => super::docs::completions(shell),
        Command::Doctor => super::doctor::doctor(&socket, cli.socket.is_some()).await,
        Command::Watch {
            user,
            snapshot,
            notify,
            notify_after,
        } => {
            watch(
                &client,
                WatchArgs {
                    app: &cli.app,
                    user_id: user.as_deref().unwrap_or_default(),
                    snapshot,
                    as_json,
                    notify,
                    notify_after,
                },
            )
            .await
        }
        Command::KubernetesCredential {
            user,
            id_token,
            min_valid,
        } => {
            let wanted = Wanted {
                app,
                owner_uid,
                user: user.unwrap_or_default(),
                id_token,
                min_valid,
                ..Wanted::default()
            };
            super::kubernetes::credential(&client, wanted).await
        }
        Command::Session(command) => {
            let target = Addressed {
                app,
                owner_uid,
                as_json,
            };
            session(&client, command, target).await
        }
        Command::ApiKeys(command) => {
            api_keys(client.api_keys().await?, app, command, as_json).await
        }
        Command::Account(command) => {
            account(client.email_password().await?, app, command, as_json).await
        }
        Command::ResetPassword(command) => {
            reset_password(client.email_password().await?, app, command, as_json).await
        }
        Command::Daemon(command) => daemon(client.daemon().await?, command, as_json).await,
    }
}

/// What every command of a group is addressed to, and how it answers.
struct Addressed {
    app: String,
    owner_uid: Option<u32>,
    as_json: bool,
}

/// Logins, users and tokens: the `Sessions` service.
async fn session(
    client: &Client,
    command: SessionCommand,
    Addressed {
        app,
        owner_uid,
        as_json,
    }: Addressed,
) -> Result<(), Failure> {
    let mut sessions = client.sessions().await?;
    match command {
        SessionCommand::Token {
            user,
            min_valid,
            force,
            scopes,
            audience,
            id_token,
            format,
            write,
            follow,
        } => {
            let wanted = Wanted {
                app,
                owner_uid,
                user: user.unwrap_or_default(),
                id_token,
                min_valid,
                force,
                scopes,
                audience,
            };
            let output = Output {
                format,
                as_json,
                write,
                follow,
            };
            return token(client, wanted, output).await;
        }
        SessionCommand::Login {
            provider: Provider::Device { user, scopes },
        } => {
            let request = proto::LogInWithDeviceRequest {
                app,
                scopes,
                user_id: user.unwrap_or_default(),
            };
            print_user(&device_login(&mut sessions, request).await?, as_json);
        }
        SessionCommand::Login {
            provider:
                Provider::Browser {
                    user,
                    scopes,
                    no_open,
                },
        } => {
            let request = proto::LogInWithBrowserRequest {
                app,
                scopes,
                user_id: user.unwrap_or_default(),
            };
            print_user(
                &browser_login(&mut sessions, request, no_open).await?,
                as_json,
            );
        }
        SessionCommand::Login { provider } => {
            let credentials = Some(credentials(&provider)?);
            let request = proto::LogInRequest { app, credentials };
            print_user(&sessions.log_in(request).await?.into_inner(), as_json);
        }
        SessionCommand::Link { user, provider } => {
            let request = proto::LinkCredentialsRequest {
                app,
                user_id: user.unwrap_or_default(),
                credentials: Some(credentials(&provider)?),
            };
            let linked = sessions.link_credentials(request).await?.into_inner();
            print_user(&linked, as_json);
        }
        SessionCommand::Logout { user } => {
            let user_id = user.unwrap_or_default();
            let request = proto::LogOutRequest {
                owner_uid,
                app,
                user_id,
            };
            print_user(&sessions.log_out(request).await?.into_inner(), as_json);
        }
        SessionCommand::Whoami => {
            let request = proto::GetCurrentUserRequest { app, owner_uid };
            let current = sessions.get_current_user(request).await?.into_inner();
            print_user(&current, as_json);
        }
        SessionCommand::Users { all } => {
            let all_owners = all;
            let request = proto::ListUsersRequest {
                app,
                all_owners,
                owner_uid,
            };
            print_users(
                &sessions.list_users(request).await?.into_inner().users,
                as_json,
            );
        }
        SessionCommand::Switch { user: user_id } => {
            let request = proto::SwitchUserRequest {
                owner_uid,
                app,
                user_id,
            };
            print_user(&sessions.switch_user(request).await?.into_inner(), as_json);
        }
        SessionCommand::Remove { user } => {
            let user_id = user.unwrap_or_default();
            let request = proto::RemoveUserRequest {
                owner_uid,
                app,
                user_id,
            };
            if let Some(removed) = sessions.remove_user(request).await?.into_inner().user {
                print_user(&removed, as_json);
            }
        }
        SessionCommand::Delete { user } => {
            let user_id = user.unwrap_or_default();
            let request = proto::DeleteUserRequest {
                owner_uid,
                app,
                user_id,
            };
            if let Some(deleted) = sessions.delete_user(request).await?.into_inner().user {
                print_user(&deleted, as_json);
            }
        }
        SessionCommand::Refresh { user } => {
            let user_id = user.unwrap_or_default();
            let request = proto::RefreshUserRequest {
                owner_uid,
                app,
                user_id,
            };
            print_user(&sessions.refresh_user(request).await?.into_inner(), as_json);
        }
    }
    Ok(())
}

/// Email/password accounts: the `EmailPassword` service.
async fn account(
    mut accounts: EmailPasswordClient<Channel>,
    app: String,
    command: AccountCommand,
    as_json: bool,
) -> Result<(), Failure> {
    match command {
        AccountCommand::Register { email } => {
            let password = read_secret("Password: ")?;
            let request = proto::RegisterUserRequest {
                app,
                email,
                password,
            };
            accounts.register_user(request).await?;
            done("registered", as_json);
        }
        AccountCommand::Confirm { token_id } => {
            let token = read_secret("Token: ")?;
            let request = proto::ConfirmUserRequest {
                app,
                token,
                token_id,
            };
            accounts.confirm_user(request).await?;
            done("confirmed", as_json);
        }
        AccountCommand::ResendConfirmation { email } => {
            let request = proto::ResendConfirmationEmailRequest { app, email };
            accounts.resend_confirmation_email(request).await?;
            done("sent", as_json);
        }
        AccountCommand::RetryConfirmation { email } => {
            let request = proto::RetryCustomConfirmationRequest { app, email };
            accounts.retry_custom_confirmation(request).await?;
            done("done", as_json);
        }
    }
    Ok(())
}

/// The daemon itself: the `Daemon` service.
async fn daemon(
    mut daemon: DaemonClient<Channel>,
    command: DaemonCommand,
    as_json: bool,
) -> Result<(), Failure> {
    match command {
        DaemonCommand::Status => {
            let request = proto::GetStatusRequest {};
            let status = daemon.get_status(request).await?;
            print_status(&status.into_inner(), as_json);
        }
        DaemonCommand::Apps => {
            let request = proto::ListAppsRequest {};
            let listed = daemon.list_apps(request).await?;
            print_apps(&listed.into_inner().apps, as_json);
        }
    }
    Ok(())
}

/// A device login: where to go and the code to enter on stderr, then the user once approved.
///
/// # Errors
/// The daemon's answer (the login refused, expired), or a stream that ended without the user.
pub(super) async fn device_login(
    sessions: &mut SessionsClient<Channel>,
    request: proto::LogInWithDeviceRequest,
) -> Result<proto::User, Failure> {
    let stream = sessions.log_in_with_device(request).await?.into_inner();
    follow_login(stream, |message| {
        if message.user.is_some() {
            return Ok(message.user);
        }
        let expires = message
            .expires_at
            .map(|at| {
                format!(
                    " (the code expires in {} s)",
                    (at.seconds - unix_now()).max(0)
                )
            })
            .unwrap_or_default();
        let verification_uri = web_url(&message.verification_uri).ok_or_else(|| {
            Failure::new(
                EXIT_BACKEND,
                "the provider's verification address is not an http(s) URL",
            )
        })?;
        note!(
            "To sign in, open {verification_uri} and enter the code {}{expires}.",
            message.user_code
        );
        if let Some(complete) = web_url(&message.verification_uri_complete) {
            note!("Or open {complete}");
        }
        note!("Waiting for you to approve...");
        Ok(None)
    })
    .await
}

/// A browser login: the provider's page opened (or its address on stderr), then the user once
/// the browser came back.
///
/// # Errors
/// As [`device_login`].
pub(super) async fn browser_login(
    sessions: &mut SessionsClient<Channel>,
    request: proto::LogInWithBrowserRequest,
    no_open: bool,
) -> Result<proto::User, Failure> {
    let stream = sessions.log_in_with_browser(request).await?.into_inner();
    follow_login(stream, |message| {
        if message.user.is_some() {
            return Ok(message.user);
        }
        let url = web_url(&message.authorization_url).ok_or_else(|| {
            Failure::new(
                EXIT_BACKEND,
                "the provider's authorization address is not an http(s) URL",
            )
        })?;
        let opened = !no_open && open_browser(&url);
        if opened {
            note!("Your browser was opened to sign in. If it did not open, visit:");
        } else {
            note!("To sign in, open this address in a browser on this machine:");
        }
        note!("{url}");
        note!("Waiting for the browser to come back...");
        Ok(None)
    })
    .await
}

/// Follows an interactive login's answers: `step` tells the user what each one asks and returns
/// the user once the login is done.
async fn follow_login<M>(
    mut stream: tonic::Streaming<M>,
    mut step: impl FnMut(M) -> Result<Option<proto::User>, Failure>,
) -> Result<proto::User, Failure> {
    while let Some(message) = stream.message().await? {
        if let Some(user) = step(message)? {
            return Ok(user);
        }
    }
    Err(Failure::new(
        EXIT_UNREACHABLE,
        "the daemon ended the login without an answer",
    ))
}

/// Seconds since the epoch, for showing how long a code stays valid.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| {
            i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
        })
}

/// Opens `url` with `xdg-open` when a graphical session is there and it is a web address;
/// whether a browser was started.
/// A URL from the provider as it is shown and opened: parsed and written out again (so what a
/// person reads is what the browser gets, with no control character or stray space in it), and
/// only when it is an http(s) URL with a host. `None` otherwise (an empty text included).
fn web_url(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw).ok()?;
    (matches!(url.scheme(), "http" | "https") && url.has_host()).then(|| url.to_string())
}

/// Opens `url` (already [`web_url`]) with `xdg-open` when there is a display.
fn open_browser(url: &str) -> bool {
    let web = url.starts_with("https://") || url.starts_with("http://");
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|value| !value.is_empty()));
    web && display
        && std::process::Command::new("xdg-open")
            .arg(url)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .is_ok()
}

pub(super) async fn api_keys(
    mut keys: ApiKeysClient<Channel>,
    app: String,
    command: ApiKeysCommand,
    as_json: bool,
) -> Result<(), Failure> {
    match command {
        ApiKeysCommand::Create { name, user } => {
            let user_id = user.unwrap_or_default();
            let request = proto::CreateApiKeyRequest { app, user_id, name };
            let key = keys.create_api_key(request).await?.into_inner();
            if as_json {
                print_keys(&[key], true);
            } else {
                note!(
                    "API key {} ({}) created; its secret, shown only now:",
                    key.id,
                    key.name
                );
                done(&key.key, false);
            }
        }
        ApiKeysCommand::Get(KeyRef { id, user }) => {
            let user_id = user.unwrap_or_default();
            let request = proto::GetApiKeyRequest { app, user_id, id };
            let key = keys.get_api_key(request).await?.into_inner();
            print_keys(&[key], as_json);
        }
        ApiKeysCommand::List { user } => {
            let user_id = user.unwrap_or_default();
            let request = proto::ListApiKeysRequest { app, user_id };
            let listed = keys.list_api_keys(request).await?.into_inner().api_keys;
            print_keys(&listed, as_json);
        }
        ApiKeysCommand::Enable(KeyRef { id, user }) => {
            let user_id = user.unwrap_or_default();
            let request = proto::EnableApiKeyRequest { app, user_id, id };
            keys.enable_api_key(request).await?;
            done("enabled", as_json);
        }
        ApiKeysCommand::Disable(KeyRef { id, user }) => {
            let user_id = user.unwrap_or_default();
            let request = proto::DisableApiKeyRequest { app, user_id, id };
            keys.disable_api_key(request).await?;
            done("disabled", as_json);
        }
        ApiKeysCommand::Delete(KeyRef { id, user }) => {
            let user_id = user.unwrap_or_default();
            let request = proto::DeleteApiKeyRequest { app, user_id, id };
            keys.delete_api_key(request).await?;
            done("deleted", as_json);
        }
    }
    Ok(())
}

/// `reset-password send | apply | call`.
async fn reset_password(
    mut accounts: EmailPasswordClient<Channel>,
    app: String,
    command: ResetCommand,
    as_json: bool,
) -> Result<(), Failure> {
    match command {
        ResetCommand::Send { email } => {
            let request = proto::SendResetPasswordEmailRequest { app, email };
            accounts.send_reset_password_email(request).await?;
            done("sent", as_json);
        }
        ResetCommand::Apply { token_id } => {
            let mut secrets = read_secrets(&["Token: ", "New password: "])?.into_iter();
            let request = proto::ResetPasswordRequest {
                app,
                token: secrets.next().unwrap_or_default(),
                password: secrets.next().unwrap_or_default(),
                token_id,
            };
            accounts.reset_password(request).await?;
            done("password reset", as_json);
        }
        ResetCommand::Call { email, args } => {
            let request = proto::CallResetPasswordFunctionRequest {
                app,
                email,
                password: read_secret("New password: ")?,
                arguments_json: args,
            };
            accounts.call_reset_password_function(request).await?;
            done("password reset", as_json);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::web_url;

    #[test]
    fn a_providers_url_is_shown_as_parsed_and_only_when_it_is_a_web_url() {
        // Controls and spaces cannot survive the parse (inside it they are percent-encoded, at
        // either end dropped): what is shown is what is opened.
        assert_eq!(
            web_url("https://id.example/device?x=1\u{1b}]52;c;aGk=\u{7}&y=2\u{7}").as_deref(),
            Some("https://id.example/device?x=1%1B]52;c;aGk=%07&y=2")
        );
        assert_eq!(
            web_url("https://id.example/a b").as_deref(),
            Some("https://id.example/a%20b")
        );
        for refused in [
            "",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "not a url",
        ] {
            assert_eq!(web_url(refused), None, "{refused:?}");
        }
    }
}
