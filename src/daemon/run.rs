//! The `latchkeyd` process: which mode it runs in, the configuration loaded and validated before
//! anything is bound (exit 64 and one line naming the key when it is bad), logging, the
//! `--dev` emulator, signals (SIGTERM and SIGINT stop it, SIGHUP reloads), the socket (bound or
//! inherited from systemd), the banner, and the shutdown that waits for every task.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::reload::{ConfigSource, Reload};
use super::{StartError, prepare, serve, socket, systemd};
use crate::config::{self, Config, EX_USAGE, LogFormat, Mode, Paths};
use latchkey_emulator as emulator;

/// The Latchkey auth-session daemon.
///
/// latchkeyd owns local users' login sessions against App Services and OpenID Connect backends,
/// keeps their tokens fresh, and serves them over gRPC on a Unix socket.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "latchkeyd", version)]
pub struct Options {
    /// Configuration file (TOML). Default: $CONFIGURATION_DIRECTORY/latchkeyd.toml or
    /// /etc/latchkey/latchkeyd.toml (system mode), ~/.config/latchkey/latchkeyd.toml (user mode).
    #[arg(long, conflicts_with = "dev")]
    pub config: Option<PathBuf>,
    /// Socket path; overrides the configuration's `socket`.
    #[arg(long)]
    pub socket: Option<PathBuf>,
    /// Run with a built-in App Services emulator and one app `dev`; needs no configuration file.
    /// Sessions live in a temporary state directory removed on exit.
    #[arg(long)]
    pub dev: bool,
    /// Address of the built-in emulator in `--dev` mode.
    #[arg(long, default_value = "127.0.0.1:0", requires = "dev")]
    pub dev_listen: SocketAddr,
    /// Per-user mode: socket under $XDG_RUNTIME_DIR, state under the user's state directory.
    /// The default when not running as root, nor as a systemd service with a state directory.
    #[arg(long)]
    pub user: bool,
}

/// Runs the daemon until SIGTERM or SIGINT; returns the process's exit status.
pub fn main(options: Options) -> ExitCode {
    if options.dev && !options.dev_listen.ip().is_loopback() {
        // The emulator's admin API has no authentication: never on the network.
        return usage_error(&format!(
            "--dev-listen {} is not a loopback address; the built-in emulator listens on 127.0.0.1 or ::1 only",
            options.dev_listen
        ));
    }
    // The system daemon: root, or any user systemd gave a state directory (the dedicated
    // `latchkey` user of systemd/latchkeyd.service).
    let under_systemd = std::env::var_os("STATE_DIRECTORY").is_some();
    let mode = if !options.user && (rustix::process::getuid().is_root() || under_systemd) {
        Mode::System
    } else {
        Mode::User
    };
    let env = |name: &str| std::env::var(name).ok();
    let paths = match Paths::defaults(mode, &env) {
        Ok(paths) => paths,
        Err(err) => return usage_error(&err.to_string()),
    };
    let config_path = (!options.dev).then(|| {
        options
            .config
            .clone()
            .unwrap_or_else(|| config::default_config_path(mode, &env))
    });
    let source = ConfigSource {
        file: config_path,
        paths,
        socket: options.socket.clone(),
    };
    let config = match source.load() {
        Ok(config) => config,
        Err(err) => return usage_error(&err.to_string()),
    };
    init_logging(
        config
            .as_ref()
            .map_or(LogFormat::Text, |config| config.log_format),
    );
    raise_descriptor_limit();
    match run(options, config, source) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            say(&format!("latchkeyd: {err:#}"));
            // A state directory or seal key the operator must fix is a configuration error.
            let operator_error = err
                .downcast_ref::<StartError>()
                .is_some_and(StartError::is_operator_error);
            if operator_error {
                ExitCode::from(EX_USAGE)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    say(&format!("latchkeyd: {message}"));
    ExitCode::from(EX_USAGE)
}

/// Raises the soft limit of open descriptors to the hard one: each client connection takes one,
/// and the usual soft default (1,024) is a ceiling a few busy clients could reach.
fn raise_descriptor_limit() {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if let Some(maximum) = limit.maximum
        && limit.current.is_some_and(|current| current < maximum)
    {
        let raised = rustix::process::Rlimit {
            current: Some(maximum),
            maximum: Some(maximum),
        };
        match setrlimit(Resource::Nofile, raised) {
            Ok(()) => tracing::debug!(descriptors = maximum, "raised the descriptor limit"),
            Err(err) => tracing::debug!(error = %err, "cannot raise the descriptor limit"),
        }
    }
}

/// One line on stderr, dropped when stderr cannot take it (its reader went away).
fn say(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Standard error as the log's writer: a line that cannot be written (a closed pipe, a full
/// disk under a redirect) is dropped. Logging must never fail a request, nor the shutdown.
///
/// In the text format each write is one whole event (the formatter writes its line at once):
/// every control character in it but the final newline is escaped here, so no field from
/// outside (a provider's `sub`, an error text) can start a forged line or move a terminal's
/// cursor; with colours on, the formatter's own colour codes are kept. JSON escapes by itself.
struct QuietStderr {
    escape: bool,
    ansi: bool,
}

impl std::io::Write for QuietStderr {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.escape {
            let text = String::from_utf8_lossy(buf);
            let (line, newline) = match text.strip_suffix('\n') {
                Some(line) => (line, "\n"),
                None => (&*text, ""),
            };
            let line = crate::escape::log_line(line, self.ansi);
            // One lock for both writes: lines of other threads never land between them.
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(line.as_bytes());
            let _ = stderr.write_all(newline.as_bytes());
        } else {
            let _ = std::io::stderr().write_all(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LATCHKEY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only for a person at a terminal, never into journald or a file.
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let escape = format == LogFormat::Text;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        // tracing-subscriber reports its own write failures with `eprintln!`, which panics when
        // stderr is a closed pipe: the writer never fails, and internal errors are not logged.
        .log_internal_errors(false)
        .with_writer(move || QuietStderr { escape, ansi });
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// The one-line banner: version, socket, state directory, apps.
fn banner(config: &Config, activated: bool) -> String {
    let apps: Vec<String> = config
        .apps
        .iter()
        .map(|(name, app)| {
            let default = if *name == config.default_app {
                ", default"
            } else {
                ""
            };
            format!("{name} ({}{default})", app.backend.kind())
        })
        .collect();
    format!(
        "latchkeyd {} listening on {}{} (state in {}); apps: {}",
        crate::VERSION,
        config.socket.display(),
        if activated { " (socket activated)" } else { "" },
        config.state_dir.display(),
        apps.join(", ")
    )
}

#[tokio::main(flavor = "current_thread")]
async fn run(options: Options, config: Option<Config>, source: ConfigSource) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    let tasks = TaskTracker::new();
    let clock = crate::clock::system();
    let mut dev_state_dir = None;
    let config = match config {
        Some(config) => config,
        None => {
            let emulator_config = emulator::EmulatorConfig::new(config::DEV_APP_ID);
            let listener = tokio::net::TcpListener::bind(options.dev_listen)
                .await
                .context("starting the built-in emulator")?;
            let base_url = format!("http://{}", listener.local_addr()?);
            tasks.spawn(emulator::serve(
                listener,
                emulator_config,
                shutdown.clone().cancelled_owned(),
            ));
            let state_dir =
                std::env::temp_dir().join(format!("latchkeyd-dev-{}", std::process::id()));
            dev_state_dir = Some(state_dir.clone());
            tracing::info!(emulator = %base_url, "dev mode: built-in App Services emulator, app id {}", config::DEV_APP_ID);
            source.overridden(Config::dev(
                &base_url,
                Paths {
                    socket: source.paths.socket.clone(),
                    state_dir,
                    credentials_dir: source.paths.credentials_dir.clone(),
                    socket_mode: 0o600,
                },
            ))
        }
    };
    // Handlers go in before the socket exists: a client that sees the socket may signal at once.
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    let hangup = signal(SignalKind::hangup()).context("installing the SIGHUP handler")?;
    // A listener handed over by systemd (socket activation) is used as it is: systemd owns the
    // socket file, its mode and group.
    let inherited = systemd::inherited_listeners().context("taking the sockets systemd passed")?;
    let activated = inherited.grpc.is_some();
    if !activated {
        // Another daemon on this socket is the likeliest reason for a busy store: say so first.
        socket::claim_socket(&config.socket, config.socket_mode).await?;
    }
    let prepared = prepare(&config, clock.clone())?;
    let listener = match inherited.grpc {
        Some(listener) => listener,
        None => socket::bind(&config.socket, config.socket_mode, config.socket_gid).await?,
    };
    // Metrics never stand in the way of sessions: an address another uid squats is retried
    // while the socket serves.
    tasks.spawn(super::metrics::run(
        config.metrics_listen.clone(),
        inherited.metrics,
        prepared.sessions.clone(),
        shutdown.clone(),
    ));
    let banner = banner(&config, activated);
    tracing::info!("{banner}");
    systemd::ready(&banner);
    systemd::keep_watchdog(&tasks, shutdown.clone());
    if source.file.is_some() {
        let reload = Reload {
            source,
            running: config.clone(),
            sessions: prepared.sessions.clone(),
            clock,
        };
        tasks.spawn(reload.on_hangup(hangup, shutdown.clone()));
    }
    let signals = shutdown.clone();
    tasks.spawn(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
            _ = int.recv() => tracing::info!("SIGINT: shutting down"),
            () = signals.cancelled() => return,
        }
        systemd::stopping();
        signals.cancel();
    });
    let result = serve(prepared, listener, shutdown.clone().cancelled_owned()).await;
    shutdown.cancel();
    tasks.close();
    tasks.wait().await;
    if !activated {
        let _ = std::fs::remove_file(&config.socket);
    }
    if let Some(dir) = dev_state_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    result?;
    tracing::info!("stopped");
    Ok(())
}
