//! Wires configuration, store, backends, sessions and the gRPC services into a running server.
//! `latchkeyd` and the tests share this one entry: [`bind`] the socket, then [`serve`] on it
//! until a shutdown future completes.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::ErrorKind;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use tokio::net::UnixListener;
use tokio_stream::wrappers::UnixListenerStream;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;

use crate::api::{ApiKeysService, DaemonService, EmailPasswordService, SessionsService};
use crate::backend::Backend;
use crate::backend::app_services::AppServicesClient;
use crate::config::{AccessPolicy, BackendConfig, Config, Limits};
use crate::proto;
use crate::session::{AppBackends, SessionManager};
use crate::store::SessionStore;

/// How long in-flight requests may take to finish after a shutdown signal.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(3);

/// Largest gRPC message the daemon decodes.
const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// Why the daemon could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// Another daemon answers on the socket.
    #[error("another latchkeyd is already serving {0}")]
    SocketInUse(String),
    /// The socket cannot be bound (directory missing and not creatable, permissions).
    #[error("cannot bind {path}: {reason}")]
    Bind {
        /// The socket path.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// The store cannot be opened.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// A backend client cannot be built.
    #[error("app {app}: {reason}")]
    Backend {
        /// App name.
        app: String,
        /// Why.
        reason: String,
    },
    /// Sessions cannot be loaded.
    #[error(transparent)]
    Session(#[from] crate::session::SessionError),
    /// The gRPC server failed.
    #[error("gRPC server: {0}")]
    Serve(String),
}

/// Makes the socket path ready to bind: creates its directory, refuses when a live daemon
/// answers there or when another user owns the directory, and removes a stale socket file.
///
/// # Errors
/// [`StartError::SocketInUse`] or [`StartError::Bind`].
pub async fn claim_socket(socket: &Path) -> Result<(), StartError> {
    let shown = socket.display().to_string();
    let bind_error = |err: std::io::Error| StartError::Bind {
        path: shown.clone(),
        reason: err.to_string(),
    };
    if let Some(dir) = socket.parent() {
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o755)
                .create(dir)
                .map_err(bind_error)?;
        }
        // A directory someone else owns (say a /tmp fallback created in advance by another
        // user) could let them replace the socket under our clients.
        let owner =
            std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(dir).map_err(bind_error)?);
        let me = rustix::process::getuid().as_raw();
        if owner != me && owner != 0 {
            return Err(StartError::Bind {
                path: shown.clone(),
                reason: format!("its directory {} is owned by uid {owner}", dir.display()),
            });
        }
    }
    match tokio::net::UnixStream::connect(socket).await {
        Ok(_) => return Err(StartError::SocketInUse(shown)),
        Err(err) if err.kind() == ErrorKind::NotFound => {}
        Err(_) => {
            // Nobody answers: a stale socket file from a daemon that died. Anything that is not
            // a socket is left alone.
            let is_socket = std::fs::symlink_metadata(socket)
                .is_ok_and(|meta| std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()));
            if !is_socket {
                return Err(StartError::Bind {
                    path: shown.clone(),
                    reason: "the path exists and is not a socket".to_owned(),
                });
            }
            match std::fs::remove_file(socket) {
                Ok(()) => tracing::info!(socket = %shown, "removed a stale socket file"),
                Err(err) if err.kind() == ErrorKind::NotFound => {}
                Err(err) => return Err(bind_error(err)),
            }
        }
    }
    Ok(())
}

/// Binds the daemon's socket: creates its directory, refuses when a live daemon answers there,
/// replaces a stale socket file, and sets the configured mode explicitly (the umask must not
/// decide who may connect).
///
/// # Errors
/// [`StartError::SocketInUse`] or [`StartError::Bind`].
pub async fn bind(socket: &Path, mode: u32, gid: Option<u32>) -> Result<UnixListener, StartError> {
    claim_socket(socket).await?;
    let bind_error = |err: std::io::Error| StartError::Bind {
        path: socket.display().to_string(),
        reason: err.to_string(),
    };
    let listener = UnixListener::bind(socket).map_err(bind_error)?;
    std::fs::set_permissions(socket, std::fs::Permissions::from_mode(mode)).map_err(bind_error)?;
    if let Some(gid) = gid {
        rustix::fs::chown(socket, None, Some(rustix::fs::Gid::from_raw(gid)))
            .map_err(|err| bind_error(err.into()))?;
    }
    Ok(listener)
}

impl Prepared {
    /// The sessions, for the reload handler.
    pub fn sessions(&self) -> Arc<SessionManager> {
        self.sessions.clone()
    }
}

/// Applies a new configuration's apps to running sessions (SIGHUP): apps whose settings did not
/// change keep their backend client; every app keeps its sessions. Socket, state directory,
/// `[access]` and `[limits]` take a restart.
///
/// # Errors
/// A backend client cannot be built, or the store cannot be read; the running apps stay.
pub async fn reload(
    sessions: &SessionManager,
    old: &Config,
    new: &Config,
) -> Result<(), StartError> {
    let mut backends = self::backends(new)?;
    for (name, (backend, _)) in &mut backends {
        if old.apps.get(name) == new.apps.get(name) {
            if let Some(running) = sessions.backend_of(name) {
                *backend = running;
            }
        }
    }
    sessions
        .reconfigure(backends, new.default_app.clone())
        .await
        .map_err(StartError::Session)
}

/// Builds one backend client per configured app.
///
/// # Errors
/// A client cannot be built.
pub fn backends(config: &Config) -> Result<AppBackends, StartError> {
    let mut out = BTreeMap::new();
    for (name, app) in &config.apps {
        let backend: Arc<dyn Backend> = match &app.backend {
            BackendConfig::AppServices { base_url, app_id } => Arc::new(
                AppServicesClient::new(base_url, app_id, app.request_timeout).map_err(|err| {
                    StartError::Backend {
                        app: name.clone(),
                        reason: err.to_string(),
                    }
                })?,
            ),
        };
        out.insert(name.clone(), (backend, app.refresh));
    }
    Ok(out)
}

/// The sessions, loaded and ready to serve: opened before the socket is bound, so that a bad
/// state directory or seal key stops the daemon before any client can connect.
pub struct Prepared {
    sessions: Arc<SessionManager>,
    access: AccessPolicy,
    limits: Limits,
    shared: std::collections::HashMap<String, u32>,
}

/// Opens the store (checking the state directory and the seal key) and loads the sessions.
///
/// # Errors
/// Store or backend failure.
pub fn prepare(config: &Config) -> Result<Prepared, StartError> {
    let store = SessionStore::open(&config.state_dir, config.credentials_dir.as_deref())?;
    let sessions = SessionManager::new(backends(config)?, config.default_app.clone(), store)
        .map_err(|err| match err {
            crate::session::SessionError::Store(store) => StartError::Store(store),
            other => StartError::Session(other),
        })?;
    Ok(Prepared {
        sessions: Arc::new(sessions.with_limits(config.limits)),
        access: config.access.clone(),
        limits: config.limits,
        shared: config
            .apps
            .iter()
            .filter_map(|(name, app)| app.shared_gid.map(|gid| (name.clone(), gid)))
            .collect(),
    })
}

/// Serves gRPC on `listener` until `shutdown` completes; in-flight requests finish first.
///
/// # Errors
/// Server failure.
pub async fn serve(
    prepared: Prepared,
    listener: UnixListener,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), StartError> {
    let sessions = prepared.sessions;
    let policy = Arc::new(prepared.access);
    // Callers outside `[access]` are refused before any work.
    let guard = move |request: tonic::Request<()>| crate::api::authorize(&policy, request);
    let started_at = SystemTime::now();
    let reload = sessions.clone();
    tokio::spawn(async move { reload.reload_memory_only_profiles().await });
    let scheduler_stop = CancellationToken::new();
    let scheduler = tokio::spawn(sessions.clone().run_scheduler(scheduler_stop.clone()));

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

    let sessions_service = proto::sessions_server::SessionsServer::new(SessionsService::new(
        sessions.clone(),
        prepared.limits,
        prepared.shared,
    ))
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
    let server = tonic::transport::Server::builder()
        .add_service(health_service)
        .add_service(reflection)
        .add_service(InterceptedService::new(sessions_service, guard.clone()))
        .add_service(InterceptedService::new(daemon_service, guard.clone()))
        .add_service(InterceptedService::new(api_keys_service, guard.clone()))
        .add_service(InterceptedService::new(email_service, guard))
        .serve_with_incoming_shutdown(
            UnixListenerStream::new(listener),
            stop.clone().cancelled_owned(),
        );
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
    scheduler_stop.cancel();
    let _ = scheduler.await;
    result
}
