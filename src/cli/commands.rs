//! Running one command: connect to the daemon, make the call, print the answer.

use tonic::transport::Channel;

use super::args::{ApiKeysCommand, Cli, Command, ResetCommand};
use super::render::{
    done, print_apps, print_keys, print_status, print_token, print_user, print_users,
};
use super::secrets::{credentials, read_secret, read_secrets};
use super::watch::watch;
use super::{EXIT_UNREACHABLE, EXIT_USAGE, Failure};
use crate::proto::{
    self, api_keys_client::ApiKeysClient, daemon_client::DaemonClient,
    email_password_client::EmailPasswordClient, sessions_client::SessionsClient,
};

#[tokio::main(flavor = "current_thread")]
pub(super) async fn run(cli: Cli) -> Result<(), Failure> {
    let socket = cli
        .socket
        .clone()
        .unwrap_or_else(|| crate::config::client_socket(&|name| std::env::var(name).ok()));
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
    let channel: Channel = crate::client::connect(&socket).await.map_err(|err| {
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
                .map_err(|_| Failure::new(EXIT_USAGE, "--min-valid is out of range"))?;
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

pub(super) async fn api_keys(
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
