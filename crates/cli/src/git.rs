//! `git-credential-latchkey`: a git credential helper. With
//! `git config credential.https://HOST.helper 'latchkey --app APP'`, git runs
//! `git-credential-latchkey --app APP get` and reads the session's access token as the
//! password (or, when git says it takes one, as a `Bearer` credential). `store` does nothing
//! (the daemon keeps the session); `erase` (git's "that credential was refused") makes the next
//! `get` refresh. With no session to serve, it answers nothing and says why on stderr, so that
//! git tries its next helper or fails: never a prompt, never a hang.
//!
//! The token goes only where it cannot be read on the way: `https`, or `http` to this machine.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory as _, Parser};
use latchkey_client::Client;

use super::token::{Wanted, failure, fetch};
use super::{EXIT_FAILURE, Failure};

/// A git credential helper that answers with the access token of a Latchkey session.
#[derive(Parser)]
#[command(name = "git-credential-latchkey", version)]
pub(crate) struct Args {
    /// The daemon's socket (default: $LATCHKEY_SOCKET, your user daemon's, then the system one).
    #[arg(long)]
    socket: Option<PathBuf>,
    /// App name (default: the daemon's default app).
    #[arg(long, default_value = "")]
    app: String,
    /// User id (default: the app's current user).
    #[arg(long)]
    user: Option<String>,
    /// The user name sent beside the token as a password, when git has none from the URL
    /// (default: the session's user id).
    #[arg(long)]
    username: Option<String>,
    /// Refresh first unless the token stays valid this long (e.g. 5m; default 60s).
    #[arg(long, value_parser = latchkey_client::layout::parse_duration)]
    min_valid: Option<Duration>,
    /// What git asks: get, store or erase (others are ignored, as git's protocol asks).
    operation: String,
}

/// The command line's definition, for the man page.
pub fn command() -> clap::Command {
    Args::command()
}

/// What git wrote on stdin: `key=value` lines up to a blank line or the end.
#[derive(Debug, Default)]
struct Request {
    protocol: String,
    host: String,
    username: Option<String>,
    /// The secret of `erase`: the password or the credential git found refused.
    refused: Option<String>,
    /// Git takes a pre-encoded credential with its scheme (`capability[]=authtype`).
    authtype: bool,
}

fn read_request(input: impl std::io::BufRead) -> Request {
    let mut request = Request::default();
    for line in input.lines() {
        let Ok(line) = line else { break };
        if line.is_empty() {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key {
            "protocol" => request.protocol = value.to_owned(),
            "host" => request.host = value.to_owned(),
            "username" => request.username = Some(value.to_owned()),
            "password" | "credential" => request.refused = Some(value.to_owned()),
            "capability[]" if value == "authtype" => request.authtype = true,
            _ => {}
        }
    }
    request
}

/// Whether a token may be sent to `host` over `protocol`: https, or http to this machine.
fn safe_destination(protocol: &str, host: &str) -> bool {
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    match protocol {
        "https" => true,
        "http" => matches!(name, "localhost" | "127.0.0.1" | "[::1]"),
        _ => false,
    }
}

/// A value git can take on one line.
fn one_line(value: &str) -> bool {
    !value.is_empty() && !value.contains(['\n', '\r', '\0'])
}

/// The lines of a `get` answer.
fn answer(request: &Request, token: &str, expires_unix: i64, username: &str) -> String {
    if request.authtype {
        // The credential lives minutes: no helper after this one should store it.
        format!("capability[]=authtype\nauthtype=Bearer\ncredential={token}\nephemeral=true\n")
    } else {
        let mut lines = format!("username={username}\npassword={token}\n");
        if expires_unix > 0 {
            lines.push_str(&format!("password_expiry_utc={expires_unix}\n"));
        }
        lines
    }
}

/// Runs `git-credential-latchkey`: parses the arguments, reads git's request, answers it.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let request = read_request(std::io::stdin().lock());
    match run(args, &request) {
        Ok(Some(lines)) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(lines.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(EXIT_FAILURE);
            }
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(failure) => {
            note!("git-credential-latchkey: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn run(args: Args, request: &Request) -> Result<Option<String>, Failure> {
    if !matches!(args.operation.as_str(), "get" | "erase") {
        // `store`, and operations of later git versions: nothing to do.
        return Ok(None);
    }
    if !safe_destination(&request.protocol, &request.host) {
        return Err(Failure::new(
            EXIT_FAILURE,
            format!(
                "not sending a token to {}://{}: only https, or http to this machine",
                request.protocol, request.host
            ),
        ));
    }
    let client = match &args.socket {
        Some(socket) => Client::with_socket(socket.clone()),
        None => Client::new(),
    };
    let mut wanted = Wanted {
        app: args.app.clone(),
        user: args.user.clone().unwrap_or_default(),
        min_valid: args.min_valid,
        ..Wanted::default()
    };
    if args.operation == "erase" {
        // Refresh only when the refused token is the one the daemon still holds: another
        // process may have renewed it already.
        let Some(refused) = &request.refused else {
            return Ok(None);
        };
        wanted.min_valid = Some(Duration::ZERO);
        let held = fetch(&client, &wanted).await;
        if held.is_ok_and(|held| held.token == *refused) {
            wanted.force = true;
            fetch(&client, &wanted).await.map_err(Failure::from)?;
        }
        return Ok(None);
    }
    let issued = match fetch(&client, &wanted).await {
        Ok(issued) => issued,
        Err(err) => return Err(failure(&client, &wanted, err).await),
    };
    if !one_line(&issued.token) {
        return Err(Failure::new(
            EXIT_FAILURE,
            "the token is not one line; not handing it to git",
        ));
    }
    let username = request
        .username
        .clone()
        .or(args.username)
        .filter(|name| one_line(name))
        .or_else(|| Some(issued.user_id.clone()).filter(|id| one_line(id)))
        .unwrap_or_else(|| "latchkey".to_owned());
    Ok(Some(answer(
        request,
        &issued.token,
        issued.expires_unix(),
        &username,
    )))
}

#[cfg(test)]
mod tests {
    use super::{Request, answer, read_request, safe_destination};

    #[test]
    fn gits_request_is_read_up_to_the_blank_line() {
        let input = "capability[]=authtype\nprotocol=https\nhost=git.example:8443\nusername=ann\npassword=old\n\nhost=ignored\n";
        let request = read_request(input.as_bytes());
        assert_eq!(request.protocol, "https");
        assert_eq!(request.host, "git.example:8443");
        assert_eq!(request.username.as_deref(), Some("ann"));
        assert_eq!(request.refused.as_deref(), Some("old"));
        assert!(request.authtype);
    }

    #[test]
    fn a_token_goes_over_https_or_to_this_machine_only() {
        assert!(safe_destination("https", "git.example"));
        assert!(safe_destination("http", "127.0.0.1:8080"));
        assert!(safe_destination("http", "localhost"));
        assert!(safe_destination("http", "[::1]:80"));
        assert!(!safe_destination("http", "git.example"));
        assert!(!safe_destination("http", "127.0.0.1.evil.example"));
        assert!(!safe_destination("ssh", "git.example"));
        assert!(!safe_destination("", ""));
    }

    #[test]
    fn the_answer_is_a_password_or_a_bearer_credential() {
        let plain = Request::default();
        assert_eq!(
            answer(&plain, "tok", 1_800_000_000, "ann"),
            "username=ann\npassword=tok\npassword_expiry_utc=1800000000\n"
        );
        let bearer = Request {
            authtype: true,
            ..Request::default()
        };
        assert_eq!(
            answer(&bearer, "tok", 1_800_000_000, "ann"),
            "capability[]=authtype\nauthtype=Bearer\ncredential=tok\nephemeral=true\n"
        );
    }
}
