//! `latchkeyd`: the Latchkey daemon. Parses flags, loads and validates the configuration before
//! binding anything, then hands over to `latchkey::daemon`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser;
use latchkey::config::{self, Config, EX_USAGE, LogFormat, Mode, Paths};
use latchkey::store::StoreError;
use latchkey::{daemon, emulator};
use tokio::signal::unix::{SignalKind, signal};
use tokio_util::sync::CancellationToken;

/// The Latchkey auth-session daemon.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Configuration file (TOML). Default: $CONFIGURATION_DIRECTORY/latchkeyd.toml or
    /// /etc/latchkey/latchkeyd.toml (system mode), ~/.config/latchkey/latchkeyd.toml (user mode).
    #[arg(long, conflicts_with = "dev")]
    config: Option<PathBuf>,
    /// Socket path; overrides the configuration's `socket`.
    #[arg(long)]
    socket: Option<PathBuf>,
    /// Run with a built-in App Services emulator and one app `dev`; needs no configuration file.
    /// Sessions live in a temporary state directory removed on exit.
    #[arg(long)]
    dev: bool,
    /// Address of the built-in emulator in `--dev` mode.
    #[arg(long, default_value = "127.0.0.1:0", requires = "dev")]
    dev_listen: SocketAddr,
    /// Per-user mode: socket under $XDG_RUNTIME_DIR, state under the user's state directory.
    /// The default when not running as root, nor as a systemd service with a state directory.
    #[arg(long)]
    user: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    // The system daemon: root, or any user systemd gave a state directory (the dedicated
    // `latchkey` user of systemd/latchkeyd.service).
    let under_systemd = std::env::var_os("STATE_DIRECTORY").is_some();
    let mode = if !args.user && (rustix::process::getuid().is_root() || under_systemd) {
        Mode::System
    } else {
        Mode::User
    };
    let env = |name: &str| std::env::var(name).ok();
    let paths = match Paths::defaults(mode, &env) {
        Ok(paths) => paths,
        Err(err) => return usage_error(&err.to_string()),
    };
    let config_path = (!args.dev).then(|| {
        args.config
            .clone()
            .unwrap_or_else(|| config::default_config_path(mode, &env))
    });
    let mut config = match &config_path {
        None => None,
        Some(path) => match Config::load(path, &paths) {
            Ok(config) => Some(config),
            Err(message) => return usage_error(&message),
        },
    };
    if let (Some(config), Some(socket)) = (config.as_mut(), &args.socket) {
        config.socket.clone_from(socket);
    }
    let log_format = config
        .as_ref()
        .map_or(LogFormat::Text, |config| config.log_format);
    init_logging(log_format);
    match run(args, config, paths, config_path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("latchkeyd: {err:#}");
            // A state directory or seal key the operator must fix is a configuration error.
            let operator_error = matches!(
                err.downcast_ref::<daemon::StartError>(),
                Some(daemon::StartError::Store(
                    StoreError::UnsafeStateDir { .. } | StoreError::Key { .. }
                ))
            );
            if operator_error {
                ExitCode::from(EX_USAGE)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("latchkeyd: {message}");
    ExitCode::from(EX_USAGE)
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LATCHKEY_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colours only for a person at a terminal, never into journald or a file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

#[tokio::main(flavor = "current_thread")]
async fn run(
    args: Args,
    config: Option<Config>,
    paths: Paths,
    config_path: Option<PathBuf>,
) -> anyhow::Result<()> {
    let shutdown = CancellationToken::new();
    let paths_for_reload = paths.clone();
    let mut dev_state_dir = None;
    let config = match config {
        Some(config) => config,
        None => {
            let emulator_config = emulator::EmulatorConfig::new(config::DEV_APP_ID);
            let (base_url, _task) = emulator::spawn(
                args.dev_listen,
                emulator_config,
                shutdown.clone().cancelled_owned(),
            )
            .await
            .context("starting the built-in emulator")?;
            let state_dir =
                std::env::temp_dir().join(format!("latchkeyd-dev-{}", std::process::id()));
            dev_state_dir = Some(state_dir.clone());
            let socket = args.socket.clone().unwrap_or(paths.socket);
            tracing::info!(emulator = %base_url, "dev mode: built-in App Services emulator, app id {}", config::DEV_APP_ID);
            Config::dev(
                &base_url,
                Paths {
                    socket,
                    state_dir,
                    credentials_dir: paths.credentials_dir,
                    socket_mode: 0o600,
                },
            )
        }
    };
    // Handlers go in before the socket exists: a client that sees the socket may signal at once.
    let mut term = signal(SignalKind::terminate()).context("installing the SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("installing the SIGINT handler")?;
    let hangup = signal(SignalKind::hangup()).context("installing the SIGHUP handler")?;
    // A listener handed over by systemd (socket activation) is used as it is: systemd owns the
    // socket file, its mode and group.
    let inherited = listenfd::ListenFd::from_env()
        .take_unix_listener(0)
        .context("taking the socket systemd passed")?;
    let activated = inherited.is_some();
    if !activated {
        // Another daemon on this socket is the likeliest reason for a busy store: say so first.
        daemon::claim_socket(&config.socket).await?;
    }
    let prepared = daemon::prepare(&config)?;
    let listener = match inherited {
        Some(listener) => {
            // Inherited descriptors are blocking; tokio needs them non-blocking.
            listener.set_nonblocking(true)?;
            tokio::net::UnixListener::from_std(listener)?
        }
        None => daemon::bind(&config.socket, config.socket_mode, config.socket_gid).await?,
    };
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
    let banner = format!(
        "latchkeyd {} listening on {}{} (state in {}); apps: {}",
        latchkey::VERSION,
        config.socket.display(),
        if activated { " (socket activated)" } else { "" },
        config.state_dir.display(),
        apps.join(", ")
    );
    tracing::info!("{banner}");
    // systemd (Type=notify): ready once the store is open and the listener is up. Outside
    // systemd these are no-ops.
    let _ = sd_notify::notify(&[
        sd_notify::NotifyState::Ready,
        sd_notify::NotifyState::Status(&banner),
    ]);
    if let Some(interval) = sd_notify::watchdog_enabled() {
        let watchdog = shutdown.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval / 2);
            loop {
                tokio::select! {
                    () = watchdog.cancelled() => break,
                    _ = tick.tick() => {
                        let _ = sd_notify::notify(&[sd_notify::NotifyState::Watchdog]);
                    }
                }
            }
        });
    }
    if let Some(path) = config_path {
        let reload = Reload {
            path,
            paths: paths_for_reload,
            socket_override: args.socket.clone(),
            running: config.clone(),
            sessions: prepared.sessions(),
        };
        tokio::spawn(reload.on_hangup(hangup));
    }
    let signals = shutdown.clone();
    tokio::spawn(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM: shutting down"),
            _ = int.recv() => tracing::info!("SIGINT: shutting down"),
        }
        let _ = sd_notify::notify(&[
            sd_notify::NotifyState::Stopping,
            sd_notify::NotifyState::Status("shutting down"),
        ]);
        signals.cancel();
    });
    let socket = config.socket.clone();
    let result = daemon::serve(prepared, listener, shutdown.clone().cancelled_owned()).await;
    shutdown.cancel();
    if !activated {
        let _ = std::fs::remove_file(&socket);
    }
    if let Some(dir) = dev_state_dir {
        let _ = std::fs::remove_dir_all(dir);
    }
    result?;
    tracing::info!("stopped");
    Ok(())
}

/// What SIGHUP needs to reload the configuration.
struct Reload {
    path: PathBuf,
    paths: Paths,
    socket_override: Option<PathBuf>,
    running: Config,
    sessions: std::sync::Arc<latchkey::session::SessionManager>,
}

impl Reload {
    /// On each SIGHUP: reads the configuration again and applies its apps; a bad file is
    /// refused and the running configuration kept.
    async fn on_hangup(mut self, mut hangup: tokio::signal::unix::Signal) {
        while hangup.recv().await.is_some() {
            let mut new = match Config::load(&self.path, &self.paths) {
                Ok(new) => new,
                Err(message) => {
                    tracing::error!(
                        "SIGHUP: configuration refused, the running one stays: {message}"
                    );
                    continue;
                }
            };
            if let Some(socket) = &self.socket_override {
                new.socket.clone_from(socket);
            }
            let running = &self.running;
            if new.socket != running.socket
                || new.state_dir != running.state_dir
                || new.access != running.access
                || new.limits != running.limits
                || new.socket_mode != running.socket_mode
                || new.socket_gid != running.socket_gid
            {
                tracing::warn!(
                    "SIGHUP: socket, state_dir, [access] and [limits] changes take a restart"
                );
            }
            match daemon::reload(&self.sessions, running, &new).await {
                Ok(()) => {
                    let apps: Vec<&str> = new.apps.keys().map(String::as_str).collect();
                    tracing::info!("SIGHUP: configuration reloaded; apps: {}", apps.join(", "));
                    let status = format!("reloaded; apps: {}", apps.join(", "));
                    let _ = sd_notify::notify(&[sd_notify::NotifyState::Status(&status)]);
                    self.running = new;
                }
                Err(err) => {
                    tracing::error!(
                        "SIGHUP: reload failed, the running configuration stays: {err}"
                    );
                }
            }
        }
    }
}
