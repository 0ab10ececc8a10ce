//! `latchkey token`: the session's access token, or with `--id-token` its OpenID Connect ID
//! token, printed alone, as JSON, or as the answer of a Google executable-sourced credential
//! (`--format google-executable`); or written to a file (`--write FILE`, atomically, mode 0600)
//! and, with `--follow`, kept current there as each refresh lands, for tools that read a token
//! from a file (AWS `web_identity_token_file`).

use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use latchkey_client::proto;
use latchkey_client::{Client, WatchOptions};
use serde_json::json;

use super::args::TokenFormat;
use super::relogin::{login_again_line, needs_login};
use super::render::print_token;
use super::{EXIT_FAILURE, EXIT_USAGE, Failure};

/// How `latchkey token` gives the token it was asked for.
pub(super) struct Output {
    pub format: TokenFormat,
    /// The global `--json`.
    pub as_json: bool,
    pub write: Option<PathBuf>,
    pub follow: bool,
}

/// A token as the daemon handed it out, access or ID.
pub(super) struct Issued {
    pub token: String,
    pub expires_at: Option<prost_types::Timestamp>,
    pub user_id: String,
    pub app: String,
    pub stale: bool,
}

impl Issued {
    /// When it expires, as a time.
    pub(super) fn expires(&self) -> Option<SystemTime> {
        let at = self.expires_at.as_ref()?;
        let secs = u64::try_from(at.seconds).ok()?;
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
    }

    /// Seconds since the epoch of its expiry (0 when the daemon gave none).
    pub(super) fn expires_unix(&self) -> i64 {
        self.expires_at.as_ref().map_or(0, |at| at.seconds)
    }
}

/// Which token of which session, and how long it must stay valid. `Default`: the default
/// app's current user's access token, no narrower than the session's own.
#[derive(Clone, Default)]
pub(super) struct Wanted {
    pub app: String,
    pub owner_uid: Option<u32>,
    pub user: String,
    pub id_token: bool,
    pub min_valid: Option<Duration>,
    pub force: bool,
    pub scopes: Vec<String>,
    pub audience: String,
}

/// Asks the daemon for the token `wanted` names.
///
/// # Errors
/// The daemon's answer, or why it could not be reached.
pub(super) async fn fetch(
    client: &Client,
    wanted: &Wanted,
) -> Result<Issued, latchkey_client::Error> {
    let min_valid = wanted
        .min_valid
        .map(latchkey_client::layout::proto_duration);
    let mut sessions = client.sessions().await?;
    if wanted.id_token {
        let request = proto::GetIdTokenRequest {
            app: wanted.app.clone(),
            user_id: wanted.user.clone(),
            min_valid,
            owner_uid: wanted.owner_uid,
        };
        let token = sessions
            .get_id_token(request)
            .await
            .map_err(|status| client.error(&status))?
            .into_inner();
        return Ok(Issued {
            token: token.token,
            expires_at: token.expires_at,
            user_id: token.user_id,
            app: token.app,
            stale: false,
        });
    }
    let request = proto::GetAccessTokenRequest {
        app: wanted.app.clone(),
        user_id: wanted.user.clone(),
        min_valid,
        force_refresh: wanted.force,
        owner_uid: wanted.owner_uid,
        scopes: wanted.scopes.clone(),
        audience: wanted.audience.clone(),
    };
    let token = sessions
        .get_access_token(request)
        .await
        .map_err(|status| client.error(&status))?
        .into_inner();
    Ok(Issued {
        token: token.token,
        expires_at: token.expires_at,
        user_id: token.user_id,
        app: token.app,
        stale: token.stale,
    })
}

/// A failure of a helper: the daemon's answer as the CLI's exit code, and when the session needs
/// a new login, the command that gives one.
pub(super) async fn failure(
    client: &Client,
    wanted: &Wanted,
    err: latchkey_client::Error,
) -> Failure {
    let login = needs_login(&err);
    let failure = Failure::from(err);
    if login {
        let line = login_again_line(client, &wanted.app, &wanted.user, &failure.message).await;
        Failure {
            message: line,
            ..failure
        }
    } else {
        failure
    }
}

/// `latchkey token`.
pub(super) async fn token(client: &Client, wanted: Wanted, args: Output) -> Result<(), Failure> {
    if args.format == TokenFormat::GoogleExecutable && !wanted.id_token {
        return Err(Failure::new(
            EXIT_USAGE,
            "--format google-executable answers with an ID token: add --id-token",
        ));
    }
    if let Some(path) = args.write {
        return if args.follow {
            follow(client, &wanted, &path).await
        } else {
            let issued = match fetch(client, &wanted).await {
                Ok(issued) => issued,
                Err(err) => return Err(failure(client, &wanted, err).await),
            };
            write_atomically(&path, &issued.token)
        };
    }
    match fetch(client, &wanted).await {
        Ok(issued) => {
            match args.format {
                TokenFormat::GoogleExecutable => google_answer(&json!({
                    "version": 1,
                    "success": true,
                    "token_type": "urn:ietf:params:oauth:token-type:id_token",
                    "id_token": issued.token,
                    "expiration_time": issued.expires_unix(),
                })),
                TokenFormat::Json => print_token(&issued, true),
                TokenFormat::Text => print_token(&issued, args.as_json),
            }
            Ok(())
        }
        Err(err) => {
            let failure = failure(client, &wanted, err).await;
            if args.format == TokenFormat::GoogleExecutable {
                // Google's auth libraries read the reason from the answer, and refuse the
                // credential on the exit status as well.
                google_answer(&json!({
                    "version": 1,
                    "success": false,
                    "code": failure.reason.clone().unwrap_or_else(|| "UNAVAILABLE".to_owned()),
                    "message": failure.message,
                }));
            }
            Err(failure)
        }
    }
}

#[expect(
    clippy::print_stdout,
    reason = "the answer Google's auth libraries read"
)]
fn google_answer(answer: &serde_json::Value) {
    println!("{answer}");
}

/// Writes `token` to `path` so that a reader sees the old file or the new one, never a part:
/// a new file beside it (mode 0600, created by this process, so owned by its user), synced,
/// then renamed over it, and the directory synced. The token alone, without a newline: tools
/// read the file as the token.
///
/// # Errors
/// The file cannot be written (the message names it).
pub(super) fn write_atomically(path: &Path, token: &str) -> Result<(), Failure> {
    let cannot = |err: std::io::Error| {
        Failure::new(
            EXIT_FAILURE,
            format!("cannot write the token to {}: {err}", path.display()),
        )
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Failure::new(EXIT_USAGE, "--write needs a file name"))?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temporary)?;
        file.write_all(token.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        std::fs::File::open(&dir)?.sync_all()
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.map_err(cannot)
}

/// How long to wait before asking again after the daemon could not answer.
const RETRY: Duration = Duration::from_secs(5);

/// `--write FILE --follow`: writes the token now and again whenever the session's token
/// changes (a `token_refreshed` or a new login, told by the daemon's events) or would fall
/// below `--min-valid` (the ID token may expire before the access token that its refresh
/// follows), until interrupted. A session that ends is said once, with the login that renews
/// it; the file is written again after that login.
async fn follow(client: &Client, wanted: &Wanted, path: &Path) -> Result<(), Failure> {
    let mut events = client.watch(WatchOptions {
        app: (!wanted.app.is_empty()).then(|| wanted.app.clone()),
        user_id: (!wanted.user.is_empty()).then(|| wanted.user.clone()),
        snapshot: false,
    });
    events.subscribed().await.map_err(Failure::from)?;
    note!("latchkey: following the token into {}", path.display());
    let min_valid = wanted.min_valid.unwrap_or(Duration::from_secs(60));
    let mut written: Option<String> = None;
    let mut said_ended = false;
    // What the next request asks for: the caller's --min-valid, or, when the timer fires, a
    // little more than the held token has left (so that the daemon renews it).
    let mut asking = wanted.clone();
    loop {
        let wake = match fetch(client, &asking).await {
            Ok(issued) => {
                said_ended = false;
                if written.as_deref() != Some(issued.token.as_str()) {
                    write_atomically(path, &issued.token)?;
                    written = Some(issued.token.clone());
                }
                renewal_due(&issued, min_valid)
            }
            Err(err) if needs_login(&err) => {
                if !said_ended {
                    note!("latchkey: {}", failure(client, wanted, err).await.message);
                    said_ended = true;
                }
                None
            }
            Err(err) if !passing(&err) => return Err(Failure::from(err)),
            Err(err) => {
                note!("latchkey: {err}; trying again in {} s", RETRY.as_secs());
                Some((tokio::time::Instant::now() + RETRY, Duration::ZERO))
            }
        };
        asking = wanted.clone();
        let timer = tokio::time::sleep_until(wake.map_or_else(far_future, |(at, _)| at));
        tokio::select! {
            // Any event of the session (a refresh, a login, an end, a lag) is a reason to ask
            // again: asking is cheap, and what changed is the daemon's to say.
            event = events.next() => match event {
                Some(Ok(_)) => {}
                Some(Err(err)) => return Err(err.into()),
                None => return Ok(()),
            },
            () = timer, if wake.is_some() => {
                if let Some((_, left)) = wake {
                    asking.min_valid = Some(left + Duration::from_secs(1));
                }
            }
        }
    }
}

/// Whether a failure passes by itself (the daemon or its backend unreachable, its disk full, a
/// restart), so that following goes on and asks again later.
fn passing(err: &latchkey_client::Error) -> bool {
    use latchkey_client::Reason;
    match err {
        latchkey_client::Error::Rpc(rpc) if rpc.is_transport() => true,
        latchkey_client::Error::NotRunning { .. } => true,
        _ => matches!(
            err.reason_code(),
            Some(
                Reason::BackendUnavailable
                    | Reason::BackendError
                    | Reason::StoreUnavailable
                    | Reason::Interrupted
            )
        ),
    }
}

fn far_future() -> tokio::time::Instant {
    tokio::time::Instant::now() + Duration::from_secs(86_400)
}

/// When the held token should be renewed, and how long it will have left then: `min_valid`
/// before its expiry, or half way through what it has left when that is shorter (a provider's
/// ID tokens may live less than `min_valid`).
fn renewal_due(issued: &Issued, min_valid: Duration) -> Option<(tokio::time::Instant, Duration)> {
    let left = issued
        .expires()?
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    let margin = min_valid.min(left / 2);
    Some((tokio::time::Instant::now() + (left - margin), margin))
}
