//! Reading secrets (passwords, tokens, keys, function payloads): from a prompt without echo on a
//! terminal, else from standard input. Never from the command line, where other users could read
//! them in the process list.

use std::io::{IsTerminal, Read};

use super::args::Provider;
use super::{EXIT_FAILURE, EXIT_USAGE, Failure};
use latchkey_client::proto::{self, credentials::Kind};

/// Reads a secret: from a prompt on the terminal, or from stdin when it is not one.
pub(super) fn read_secret(prompt: &str) -> Result<String, Failure> {
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
        return Err(Failure::new(EXIT_USAGE, "empty secret"));
    }
    Ok(secret)
}

/// Reads several secrets: one prompt each on a terminal, else one line each from stdin.
pub(super) fn read_secrets(prompts: &[&str]) -> Result<Vec<String>, Failure> {
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
            EXIT_USAGE,
            format!("expected {} non-empty lines on stdin", prompts.len()),
        ));
    }
    Ok(lines.into_iter().take(prompts.len()).collect())
}

pub(super) fn credentials(provider: &Provider) -> Result<proto::Credentials, Failure> {
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
        Provider::ClientCredentials => {
            Kind::ClientCredentials(proto::ClientCredentialsCredential {})
        }
        Provider::Password { username } => Kind::Password(proto::PasswordCredential {
            username: username.clone(),
            password: read_secret("Password: ")?,
        }),
        Provider::RefreshToken => Kind::RefreshToken(proto::RefreshTokenCredential {
            token: read_secret("Refresh token: ")?,
        }),
        Provider::Device { .. } | Provider::Browser { .. } => {
            return Err(Failure::new(
                EXIT_USAGE,
                "device and browser logins sign a user in; they cannot be linked",
            ));
        }
    };
    Ok(proto::Credentials { kind: Some(kind) })
}
