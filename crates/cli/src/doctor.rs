//! `latchkey doctor`: the checks a confused user would make, each printed with what to do about
//! it. Only the daemon's public answers and what the caller may `stat` are used: nothing is
//! read that the caller could not read anyway.

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::{EXIT_FAILURE, Failure};
use latchkey_client::layout::{Mode, Paths};
use tonic::transport::Channel;

use latchkey_client::proto::{self, daemon_client::DaemonClient};

/// Clock skew beyond which tokens' `iat`/`exp` checks start failing somewhere.
const SKEW_FAIL: Duration = Duration::from_secs(60);
/// Clock skew worth a warning.
const SKEW_WARN: Duration = Duration::from_secs(5);
/// How long each backend gets to answer.
const BACKEND_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    Ok,
    Warn,
    Fail,
}

/// The checks made so far.
#[derive(Default)]
struct Report {
    failed: bool,
}

impl Report {
    fn say(&mut self, verdict: Verdict, what: &str, fix: Option<&str>) {
        let label = match verdict {
            Verdict::Ok => "ok  ",
            Verdict::Warn => "warn",
            Verdict::Fail => "FAIL",
        };
        self.failed |= verdict == Verdict::Fail;
        say_line(&format!("{label}  {what}"));
        if let Some(fix) = fix {
            say_line(&format!("      fix: {fix}"));
        }
    }

    fn ok(&mut self, what: &str) {
        self.say(Verdict::Ok, what, None);
    }

    fn warn(&mut self, what: &str, fix: &str) {
        self.say(Verdict::Warn, what, Some(fix));
    }

    fn fail(&mut self, what: &str, fix: &str) {
        self.say(Verdict::Fail, what, Some(fix));
    }
}

/// One line of the report on standard output (dropped if stdout is gone, like every line the
/// CLI prints), its control characters made visible: it quotes errors and answers of backends.
fn say_line(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        latchkey_client::escape::for_terminal(line)
    );
}

const START_HINT: &str = "start a daemon: `systemctl enable --now latchkeyd.socket` (system), \
`systemctl --user enable --now latchkeyd.socket` or `latchkeyd --user` (yours), or \
`latchkeyd --dev` to try it out";

/// Runs every check against the daemon at `socket`; fails (exit 1) when one check failed.
pub(super) async fn doctor(socket: &Path, named: bool) -> Result<(), Failure> {
    let mut report = Report::default();
    let uid = rustix::process::geteuid().as_raw();
    let env = |name: &str| std::env::var(name).ok();
    let user_socket = latchkey_client::socket::user_socket(&env);
    let mode = if socket == user_socket {
        Some(Mode::User)
    } else if socket == Path::new(latchkey_client::socket::SYSTEM_SOCKET) {
        Some(Mode::System)
    } else {
        None
    };
    let why = if named {
        "named by --socket"
    } else if env("LATCHKEY_SOCKET").is_some_and(|value| !value.is_empty()) {
        "from $LATCHKEY_SOCKET"
    } else if mode == Some(Mode::User) {
        "your user daemon's"
    } else {
        "the system daemon's: you have no user daemon"
    };
    report.ok(&format!("socket {} ({why})", socket.display()));

    if !check_socket(&mut report, socket, uid) {
        return finish(&report);
    }
    let Some((mut daemon, status)) = check_daemon(&mut report, socket).await else {
        return finish(&report);
    };
    check_apps(&mut report, &mut daemon, &status).await;
    match mode {
        Some(mode) => check_state(&mut report, mode, uid),
        None => {
            report.ok("state directory and seal key: not checked (a socket of no default mode)")
        }
    }
    finish(&report)
}

fn finish(report: &Report) -> Result<(), Failure> {
    if report.failed {
        Err(Failure::new(
            EXIT_FAILURE,
            "doctor found a problem (FAIL above)",
        ))
    } else {
        Ok(())
    }
}

/// The socket's directory and the socket itself; whether it is worth connecting.
fn check_socket(report: &mut Report, socket: &Path, uid: u32) -> bool {
    let dir = socket.parent().unwrap_or(Path::new("/"));
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        report.fail(
            &format!(
                "socket directory {} does not exist: no daemon there",
                dir.display()
            ),
            START_HINT,
        );
        return false;
    };
    if let Err(reason) = latchkey_client::socket::check_socket_dir(socket, uid) {
        report.fail(
            &format!("socket directory refused: {reason}"),
            &format!(
                "a directory another user could change could hold their socket: remove {} or make it yours with mode 0700 (or root's, 0755)",
                dir.display()
            ),
        );
        return false;
    }
    report.ok(&format!(
        "socket directory {}: owned by uid {}, mode {:o}",
        dir.display(),
        meta.uid(),
        meta.mode() & 0o7777
    ));
    match std::fs::symlink_metadata(socket) {
        Ok(meta) if meta.file_type().is_socket() => {
            report.ok(&format!(
                "socket file: owned by uid {}, mode {:o}",
                meta.uid(),
                meta.mode() & 0o7777
            ));
            true
        }
        Ok(_) => {
            report.fail(
                &format!("{} is not a socket", socket.display()),
                "remove it; the daemon makes its socket at start",
            );
            false
        }
        Err(err) => {
            report.fail(
                &format!("no socket at {}: {err}", socket.display()),
                START_HINT,
            );
            false
        }
    }
}

/// Connects and asks for the daemon's status; the connection serves the later checks.
async fn check_daemon(
    report: &mut Report,
    socket: &Path,
) -> Option<(DaemonClient<Channel>, proto::GetStatusResponse)> {
    let mut daemon = match latchkey_client::socket::connect(socket).await {
        Ok(channel) => DaemonClient::new(channel),
        Err(err) => {
            report.fail(&crate::unreachable(&err), START_HINT);
            return None;
        }
    };
    match daemon.get_status(proto::GetStatusRequest {}).await {
        Ok(status) => {
            let status = status.into_inner();
            let uptime = status.uptime.map_or(0, |uptime| uptime.seconds.max(0));
            report.ok(&format!(
                "daemon answers: latchkeyd {}, up {}",
                status.version,
                shown_duration(uptime.unsigned_abs())
            ));
            let mine = env!("CARGO_PKG_VERSION");
            if status.version != mine {
                report.warn(
                    &format!("this CLI is version {mine}, the daemon {}", status.version),
                    "install them from the same release",
                );
            }
            Some((daemon, status))
        }
        Err(status) => {
            report.fail(
                &format!("the daemon refused GetStatus: {}", status.message()),
                "check `[access]` in the daemon's configuration (it may not admit your uid)",
            );
            None
        }
    }
}

/// Each app: the daemon's view of its backend, the backend from here, and the clock.
async fn check_apps(
    report: &mut Report,
    daemon: &mut DaemonClient<Channel>,
    status: &proto::GetStatusResponse,
) {
    let apps = match daemon.list_apps(proto::ListAppsRequest {}).await {
        Ok(listed) => listed.into_inner().apps,
        Err(status) => {
            report.fail(
                &format!("the daemon refused ListApps: {}", status.message()),
                "check `[access]` in the daemon's configuration",
            );
            return;
        }
    };
    if apps.is_empty() {
        report.fail(
            "the daemon has no apps",
            "add an [apps.NAME] table to its configuration and reload it (SIGHUP)",
        );
    }
    // Only doctor speaks TLS: its crypto provider is installed here, not at every start.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .timeout(BACKEND_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build();
    for app in &apps {
        let default = if app.is_default { ", default" } else { "" };
        let name = format!(
            "app {} ({}{default}, {})",
            app.name, app.kind, app.backend_url
        );
        let seen = status
            .apps
            .iter()
            .find(|each| each.name == app.name)
            .and_then(|each| each.backend_reachable);
        match seen {
            Some(true) | None => report.ok(&format!(
                "{name}: {}",
                if seen.is_some() {
                    "the daemon reached its backend last time"
                } else {
                    "the daemon has not needed its backend yet"
                }
            )),
            Some(false) => report.fail(
                &format!("{name}: the daemon's last request to its backend failed"),
                "check the daemon's network and the backend's address in its configuration; `journalctl -u latchkeyd` says why",
            ),
        }
        // Where each endpoint of an OpenID provider came from: its discovery document, its
        // RFC 8414 metadata, or the app's configuration.
        for endpoint in &app.endpoints {
            report.ok(&format!(
                "app {}: {} {} (from {})",
                app.name, endpoint.name, endpoint.url, endpoint.source
            ));
        }
        if app.kind == "oidc" && app.endpoints.is_empty() {
            report.warn(
                &format!("app {}: the daemon has not read its provider's metadata yet", app.name),
                "it does at start and at the first login; `journalctl -u latchkeyd` says why it failed",
            );
        }
        if app.backend_url.is_empty() {
            continue;
        }
        match &http {
            Ok(http) => check_backend(report, http, app).await,
            Err(err) => report.warn(&format!("no HTTP client here: {err}"), "none"),
        }
    }
}

/// The backend from the caller's side, and its clock against ours (its `Date` header).
async fn check_backend(report: &mut Report, http: &reqwest::Client, app: &proto::App) {
    let url = if app.kind == "oidc" {
        format!("{}/.well-known/openid-configuration", app.backend_url)
    } else {
        app.backend_url.clone()
    };
    let sent = SystemTime::now();
    let answer = http.get(&url).send().await;
    let received = SystemTime::now();
    let answer = match answer {
        Ok(answer) => answer,
        Err(err) => {
            report.warn(
                &format!("app {}: {url} does not answer from here: {}", app.name, latchkey_client::socket::innermost(&err)),
                "the daemon may reach it through another network; if not, check the address and the proxy settings",
            );
            return;
        }
    };
    let Some(date) = answer
        .headers()
        .get(reqwest::header::DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| httpdate::parse_http_date(value).ok())
    else {
        report.ok(&format!(
            "app {}: backend answers ({}), no Date header to compare clocks with",
            app.name,
            answer.status()
        ));
        return;
    };
    // Our clock at the moment the backend stamped its answer: halfway through the exchange.
    let halfway = received.duration_since(sent).unwrap_or_default() / 2;
    let ours = sent + halfway;
    let (skew, ahead) = match date.duration_since(ours) {
        Ok(ahead) => (ahead, "ahead of"),
        Err(behind) => (behind.duration(), "behind"),
    };
    // The Date header has whole seconds.
    let skew = skew.saturating_sub(Duration::from_secs(1));
    let what = format!(
        "app {}: backend answers ({}); its clock is {} {ahead} ours",
        app.name,
        answer.status(),
        shown_duration(skew.as_secs())
    );
    if skew > SKEW_FAIL {
        report.fail(
            &what,
            "tokens will look expired or not yet valid: sync this machine's clock (`timedatectl set-ntp true`)",
        );
    } else if skew > SKEW_WARN {
        report.warn(
            &what,
            "sync this machine's clock (`timedatectl set-ntp true`)",
        );
    } else {
        report.ok(&what);
    }
}

/// The daemon's state directory and seal key, where the mode puts them, as far as the caller
/// may look.
fn check_state(report: &mut Report, mode: Mode, uid: u32) {
    let env = |name: &str| std::env::var(name).ok();
    let Ok(paths) = Paths::defaults(mode, &|name| {
        // The daemon's variables, not whatever this shell has.
        if name == "STATE_DIRECTORY" || name == "CREDENTIALS_DIRECTORY" {
            None
        } else {
            env(name)
        }
    }) else {
        report.warn("state directory: no home directory to look in", "set $HOME");
        return;
    };
    let dir = &paths.state_dir;
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => report.fail(
            &format!("state directory {} is not a directory", dir.display()),
            "move it away; the daemon makes its directory at start",
        ),
        Ok(meta) if meta.mode() & 0o077 != 0 => report.fail(
            &format!(
                "state directory {} is open to others (mode {:o})",
                dir.display(),
                meta.mode() & 0o7777
            ),
            &format!("chmod 0700 {}", dir.display()),
        ),
        Ok(meta) if mode == Mode::User && meta.uid() != uid => report.fail(
            &format!(
                "state directory {} belongs to uid {}, not you",
                dir.display(),
                meta.uid()
            ),
            &format!("chown -R {uid} {}", dir.display()),
        ),
        Ok(meta) => report.ok(&format!(
            "state directory {}: owned by uid {}, mode {:o}",
            dir.display(),
            meta.uid(),
            meta.mode() & 0o7777
        )),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => report.ok(&format!(
            "state directory {} not made yet (the daemon makes it at start)",
            dir.display()
        )),
        Err(err) => report.warn(
            &format!("state directory {}: {err}", dir.display()),
            "run `sudo latchkey doctor` to look inside",
        ),
    }
    let mut keys = vec![dir.join("seal-key")];
    if mode == Mode::System {
        // The unit's LoadCredential= source.
        keys.insert(0, PathBuf::from("/etc/latchkey/seal-key"));
    }
    check_seal_key(report, &keys);
}

fn check_seal_key(report: &mut Report, candidates: &[PathBuf]) {
    for key in candidates {
        match std::fs::symlink_metadata(key) {
            Ok(meta) if !meta.is_file() => {
                report.fail(
                    &format!("seal key {} is not a regular file", key.display()),
                    "replace it with a 32-byte key file (it opens the stored tokens: keep a copy of the old one)",
                );
                return;
            }
            Ok(meta) if meta.mode() & 0o077 != 0 => {
                report.fail(
                    &format!(
                        "seal key {} is readable by others (mode {:o})",
                        key.display(),
                        meta.mode() & 0o7777
                    ),
                    &format!("chmod 0600 {}", key.display()),
                );
                return;
            }
            Ok(meta) => {
                report.ok(&format!(
                    "seal key {}: owned by uid {}, mode {:o}",
                    key.display(),
                    meta.uid(),
                    meta.mode() & 0o7777
                ));
                return;
            }
            Err(err) if err.kind() == std::io::ErrorKind::PermissionDenied => {
                report.ok(&format!(
                    "seal key: {} is not yours to look at (run as root to check it)",
                    key.display()
                ));
                return;
            }
            Err(_) => {}
        }
    }
    report.ok("seal key: none yet (the daemon makes one at its first start)");
}

/// `3h 2m`-style.
fn shown_duration(seconds: u64) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{}m {}s", seconds / 60, seconds % 60),
        3600..86_400 => format!("{}h {}m", seconds / 3600, seconds % 3600 / 60),
        _ => format!("{}d {}h", seconds / 86_400, seconds % 86_400 / 3600),
    }
}
