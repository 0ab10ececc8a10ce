//! Reading the configuration ([`ConfigSource`], at start and again at every SIGHUP, with the
//! command line's overrides applied in this one place), and SIGHUP: the file's apps and per-uid
//! rules replace the running ones without dropping a session (apps whose settings did not change
//! keep their backend client). A bad file is refused and the running configuration kept. The
//! socket, its mode and group, the state directory and `metrics_listen` take a restart: a
//! reload says so and keeps running with the ones in force.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::signal::unix::Signal;
use tokio_util::sync::CancellationToken;

use super::{StartError, setup, systemd};
use crate::clock::SharedClock;
use crate::config::{Config, LoadError, Paths};
use crate::session::Sessions;

/// Where the configuration comes from, and what the command line overrides in it.
pub(super) struct ConfigSource {
    /// The file; `None` in `--dev`, whose configuration is built in.
    pub file: Option<PathBuf>,
    /// The defaults of the daemon's mode.
    pub paths: Paths,
    /// `--socket`, which outranks the file.
    pub socket: Option<PathBuf>,
}

impl ConfigSource {
    /// The file's configuration with the overrides applied; `None` without a file.
    ///
    /// # Errors
    /// The file cannot be read or is invalid.
    pub(super) fn load(&self) -> Result<Option<Config>, LoadError> {
        self.file
            .as_deref()
            .map(|path| Config::load(path, &self.paths).map(|config| self.overridden(config)))
            .transpose()
    }

    /// `config` with the command line's overrides applied.
    pub(super) fn overridden(&self, mut config: Config) -> Config {
        if let Some(socket) = &self.socket {
            config.socket.clone_from(socket);
        }
        config
    }
}

/// What a reload needs.
pub(super) struct Reload {
    pub source: ConfigSource,
    /// The configuration in force: the last one applied, with the restart-only keys it started
    /// with.
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
            let mut new = match self.source.load() {
                Ok(Some(new)) => new,
                Ok(None) => return,
                Err(err) => {
                    tracing::error!("SIGHUP: configuration refused, the running one stays: {err}");
                    continue;
                }
            };
            let pending = keep_restart_only_keys(&mut new, &self.running);
            if !pending.is_empty() {
                tracing::warn!(
                    "SIGHUP: {} changed; that takes a restart, the running value stays until then",
                    pending.join(", ")
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

/// Puts back into `new` the keys a reload cannot apply (the socket, its mode and group, the
/// state directory, `metrics_listen`) as they are in `running`, so that what is recorded as
/// running is what runs; returns the names of those that differed.
fn keep_restart_only_keys(new: &mut Config, running: &Config) -> Vec<&'static str> {
    let mut pending = Vec::new();
    if new.socket != running.socket {
        pending.push("socket");
        new.socket.clone_from(&running.socket);
    }
    if new.socket_mode != running.socket_mode {
        pending.push("socket_mode");
        new.socket_mode = running.socket_mode;
    }
    if new.socket_gid != running.socket_gid {
        pending.push("socket_group");
        new.socket_gid = running.socket_gid;
    }
    if new.state_dir != running.state_dir {
        pending.push("state_dir");
        new.state_dir.clone_from(&running.state_dir);
    }
    if new.metrics_listen != running.metrics_listen {
        pending.push("metrics_listen");
        new.metrics_listen.clone_from(&running.metrics_listen);
    }
    pending
}

#[cfg(test)]
mod tests {
    use super::keep_restart_only_keys;
    use crate::config::{Config, Paths};

    fn config(text: &str) -> Config {
        let paths = Paths {
            socket: "/run/test/latchkeyd.sock".into(),
            state_dir: "/var/lib/test".into(),
            credentials_dir: None,
            socket_mode: 0o666,
        };
        Config::from_toml(text, &paths).unwrap()
    }

    #[test]
    fn a_reload_keeps_the_restart_only_keys_it_cannot_apply_and_names_them() {
        let app = "[apps.a]\nkind = \"app-services\"\napp_id = \"a\"\n";
        let running = config(app);
        let mut new = config(&format!(
            "socket = \"/tmp/other.sock\"\nstate_dir = \"/tmp/other\"\nmetrics_listen = \"127.0.0.1:9\"\n{app}"
        ));
        let pending = keep_restart_only_keys(&mut new, &running);
        assert_eq!(pending, ["socket", "state_dir", "metrics_listen"]);
        assert_eq!(new.socket, running.socket);
        assert_eq!(new.state_dir, running.state_dir);
        assert_eq!(new.metrics_listen, running.metrics_listen);
        assert!(keep_restart_only_keys(&mut new, &running).is_empty());
    }
}
