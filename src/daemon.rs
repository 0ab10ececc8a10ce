//! Wires configuration, store, backends, sessions and the gRPC services into a running server.
//! `latchkeyd` is [`main`]; a daemon in the caller's own process (the tests', on paused time with
//! a manual clock) is a [`Builder`]. Its two steps: [`Builder::prepare`] (the store opened and
//! the sessions loaded before any socket is bound, so a bad state directory or seal key stops
//! the daemon before a client can connect) and [`Prepared::serve`] (gRPC on an already-bound
//! listener until a shutdown future completes; every background task is awaited before it
//! returns).
//!
//! Module map: `run` (the process: mode, configuration, logging, signals, `--dev`), `socket`
//! (claiming and binding the socket), `systemd` (socket activation and the notify protocol),
//! `reload` (reading the configuration, SIGHUP), `metrics` (the Prometheus listener), `secret`
//! (client secrets from files and systemd credentials).

mod metrics;
mod reload;
mod run;
mod secret;
mod socket;
mod systemd;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use tokio::net::UnixListener;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;

use crate::api::api_keys::ApiKeysService;
use crate::api::daemon_info::DaemonService;
use crate::api::email_password::EmailPasswordService;
use crate::api::sessions::SessionsService;
use crate::backend::Backend;
use crate::backend::app_services::AppServicesClient;
use crate::backend::oidc::OidcClient;
use crate::clock::SharedClock;
use crate::config::{BackendConfig, Config};
use crate::proto;
use crate::session::{AppSetup, Rules, SessionError, Sessions, Setup};
use crate::store::{SessionStore, StoreError};
pub use run::{Options, main};

/// How long in-flight requests may take to finish after a shutdown signal.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Largest gRPC message the daemon decodes.
const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// Why the daemon could not start (or stopped serving).
#[derive(Debug, thiserror::Error)]
pub(crate) enum StartError {
    /// Another daemon answers on the socket.
    #[error("another latchkeyd is already serving {0}")]
    SocketInUse(String),
    /// The socket cannot be bound: its directory is missing and cannot be made, belongs to
    /// another user, or the path is something else than a socket.
    #[error("cannot bind {path}")]
    Bind {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The store cannot be opened: an unsafe state directory, a missing or wrong seal key,
    /// another daemon holding the file.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A backend client cannot be built (no TLS roots on the machine).
    #[error("app {app}: {reason}")]
    Backend { app: String, reason: String },
    /// An app's client secret cannot be read, or its file is not safe.
    #[error("app {app}: {reason}")]
    Secret { app: String, reason: String },
    /// Sessions cannot be loaded.
    #[error(transparent)]
    Session(SessionError),
    /// The gRPC server failed.
    #[error("gRPC server: {0}")]
    Serve(String),
}

/// Why a daemon of a [`Builder`] could not start, or stopped serving: the message says what,
/// and never carries a secret.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct DaemonError(#[from] StartError);

impl StartError {
    /// Whether the operator must fix the machine (a state directory or seal key): the daemon
    /// exits 64 then, as for a bad configuration.
    fn is_operator_error(&self) -> bool {
        matches!(
            self,
            Self::Store(StoreError::UnsafeStateDir { .. } | StoreError::Key { .. })
                | Self::Secret { .. }
        )
    }
}

impl From<SessionError> for StartError {
    fn from(err: SessionError) -> Self {
        match err {
            SessionError::Store(store) => Self::Store(store),
            other => Self::Session(other),
        }
    }
}

/// What [`Sessions`] is built from: one backend client per app (an app whose settings did not
/// change keeps the client `running` has for it), the refresh policies and the per-uid rules.
///
/// # Errors
/// A backend client cannot be built.
fn setup(
    config: &Config,
    clock: &SharedClock,
    running: Option<(&Sessions, &Config)>,
) -> Result<Setup, StartError> {
    let mut apps = BTreeMap::new();
    for (name, app) in &config.apps {
        let kept = running
            .filter(|(_, old)| old.apps.get(name) == Some(app))
            .and_then(|(sessions, _)| sessions.backend_of(name));
        let backend: Arc<dyn Backend> = match (kept, &app.backend) {
            (Some(backend), _) => backend,
            (None, BackendConfig::AppServices { base_url, app_id }) => Arc::new(
                AppServicesClient::new(base_url, app_id, app.request_timeout, clock.clone())
                    .map_err(|err| StartError::Backend {
                        app: name.clone(),
                        reason: err.to_string(),
                    })?,
            ),
            (None, BackendConfig::Oidc(oidc)) => {
                let secret = oidc
                    .client_secret
                    .as_ref()
                    .map(|source| secret::read(source, config.credentials_dir.as_deref()))
                    .transpose()
                    .map_err(|reason| StartError::Secret {
                        app: name.clone(),
                        reason,
                    })?;
                Arc::new(
                    OidcClient::new(
                        oidc,
                        secret,
                        app.request_timeout,
                        clock.clone(),
                        Some(&config.state_dir),
                    )
                    .map_err(|err| StartError::Backend {
                        app: name.clone(),
                        reason: err.to_string(),
                    })?,
                )
            }
        };
        apps.insert(
            name.clone(),
            AppSetup {
                backend,
                refresh: app.refresh,
            },
        );
    }
    Ok(Setup {
        apps,
        default_app: config.default_app.clone(),
        rules: Rules {
            access: config.access.clone(),
            limits: config.limits,
            shared: config
                .apps
                .iter()
                .filter_map(|(name, app)| app.shared_gid.map(|gid| (name.clone(), gid)))
                .collect(),
        },
    })
}

/// A daemon on a configuration and a clock of the caller's, served on a listener of the
/// caller's, in the caller's process. `latchkeyd` is one on the system clock, with the process
/// around it (signals, systemd, SIGHUP, metrics); a test runs one on tokio's paused clock and a
/// [`ManualClock`](crate::clock::ManualClock), so that expiries, refreshes and backoffs happen in
/// virtual time through the real socket.
pub struct Builder {
    config: Config,
    clock: SharedClock,
}

impl Builder {
    /// A daemon of `config`, on the system clock.
    pub fn new(config: Config) -> Self {
        Self {
            config,
            clock: crate::clock::system(),
        }
    }

    /// Runs the daemon on `clock` instead of the system's.
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn crate::clock::Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Opens the store (checking the state directory and the seal key) and loads the sessions;
    /// nothing listens yet.
    ///
    /// # Errors
    /// Store or backend failure.
    pub fn prepare(self) -> Result<Prepared, DaemonError> {
        Ok(prepare(&self.config, self.clock)?)
    }
}

/// The sessions of a daemon, loaded and ready to serve.
pub struct Prepared {
    sessions: Arc<Sessions>,
}

/// Opens the store (checking the state directory and the seal key) and loads the sessions.
///
/// # Errors
/// Store or backend failure.
pub(crate) fn prepare(config: &Config, clock: SharedClock) -> Result<Prepared, StartError> {
    let store = SessionStore::open(&config.state_dir, config.credentials_dir.as_deref())?;
    let setup = setup(config, &clock, None)?;
    Ok(Prepared {
        sessions: Sessions::new(setup, store, clock)?,
    })
}

impl Prepared {
    /// Serves gRPC on `listener` until `shutdown` completes; in-flight requests finish first
    /// (within three seconds), then every background task of the sessions is awaited.
    ///
    /// # Errors
    /// Server failure.
    pub async fn serve(
        self,
        listener: UnixListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), DaemonError> {
        Ok(serve(self, listener, shutdown).await?)
    }
}

/// [`Prepared::serve`].
pub(crate) async fn serve(
    prepared: Prepared,
    listener: UnixListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), StartError> {
    let sessions = prepared.sessions;
    sessions.start();
    let gate = sessions.clone();
    // Callers outside `[access]` are refused before any work.
    let guard = move |request: tonic::Request<()>| crate::api::caller::authorize(&gate, request);
    let started_at = SystemTime::now();

    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_serving::<proto::sessions_server::SessionsServer<SessionsService>>()
        .await;
    health_reporter
        .set_serving::<proto::daemon_server::DaemonServer<DaemonService>>()
        .await;
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .map_err(|err| StartError::Serve(err.to_string()))?;

    let sessions_service =
        proto::sessions_server::SessionsServer::new(SessionsService::new(sessions.clone()))
            .max_decoding_message_size(MAX_MESSAGE_BYTES);
    let daemon_service =
        proto::daemon_server::DaemonServer::new(DaemonService::new(sessions.clone(), started_at));
    let api_keys_service =
        proto::api_keys_server::ApiKeysServer::new(ApiKeysService::new(sessions.clone()))
            .max_decoding_message_size(MAX_MESSAGE_BYTES);
    let email_service = proto::email_password_server::EmailPasswordServer::new(
        EmailPasswordService::new(sessions.clone()),
    )
    .max_decoding_message_size(MAX_MESSAGE_BYTES);

    let stop = CancellationToken::new();
    let limits = sessions.clone();
    let incoming = crate::api::peer::incoming(listener, move || limits.limits());
    let server = tonic::transport::Server::builder()
        .layer(crate::api::peer::TrackInFlight {
            metrics: sessions.metrics().clone(),
        })
        // Health and reflection too: a uid outside [access] learns nothing, not even that the
        // daemon is up and which services it has.
        .add_service(InterceptedService::new(health_service, guard.clone()))
        .add_service(InterceptedService::new(reflection, guard.clone()))
        .add_service(InterceptedService::new(sessions_service, guard.clone()))
        .add_service(InterceptedService::new(daemon_service, guard.clone()))
        .add_service(InterceptedService::new(api_keys_service, guard.clone()))
        .add_service(InterceptedService::new(email_service, guard))
        .serve_with_incoming_shutdown(incoming, stop.clone().cancelled_owned());
    tokio::pin!(server);
    let result = tokio::select! {
        result = &mut server => result.map_err(|err| StartError::Serve(err.to_string())),
        () = shutdown => {
            stop.cancel();
            // In-flight requests get a grace period; idle client connections do not hold the
            // daemon.
            match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
                Ok(result) => result.map_err(|err| StartError::Serve(err.to_string())),
                Err(_) => {
                    tracing::info!(grace = ?SHUTDOWN_GRACE, "closing connections still open after the grace period");
                    Ok(())
                }
            }
        }
    };
    sessions.shut_down().await;
    result
}
