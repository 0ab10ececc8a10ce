//! SIGHUP: the configuration file is read again; its apps and per-uid rules replace the running
//! ones without dropping a session (apps whose settings did not change keep their backend
//! client). A bad file is refused and the running configuration kept. The socket and the state
//! directory (and `metrics_listen`) take a restart.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::signal::unix::Signal;
use tokio_util::sync::CancellationToken;

use super::{StartError, setup, systemd};
use crate::clock::SharedClock;
use crate::config::{Config, Paths};
use crate::session::Sessions;

/// What a reload needs.
pub(super) struct Reload {
    pub path: PathBuf,
    pub paths: Paths,
    /// `--socket`, which outranks the file.
    pub socket_override: Option<PathBuf>,
    pub running: Config,
    pub sessions: Arc<Sessions>,
    pub clock: SharedClock,
}

impl Reload {
    /// On each SIGHUP until `shutdown`: reads the configuration again and applies it.
    pub(super) async fn on_hangup(mut self, mut hangup: Signal, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => return,
                signal = hangup.recv() => if signal.is_none() { return },
            }
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
                || new.socket_mode != running.socket_mode
                || new.socket_gid != running.socket_gid
                || new.metrics_listen != running.metrics_listen
            {
                tracing::warn!(
                    "SIGHUP: changes of socket, socket_mode, socket_group, state_dir and metrics_listen take a restart"
                );
            }
            match self.apply(&new).await {
                Ok(()) => {
                    let apps: Vec<&str> = new.apps.keys().map(String::as_str).collect();
                    tracing::info!("SIGHUP: configuration reloaded; apps: {}", apps.join(", "));
                    systemd::status(&format!("reloaded; apps: {}", apps.join(", ")));
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

    async fn apply(&self, new: &Config) -> Result<(), StartError> {
        let setup = setup(new, &self.clock, Some((&self.sessions, &self.running)))?;
        self.sessions.reconfigure(setup).await?;
        Ok(())
    }
}
