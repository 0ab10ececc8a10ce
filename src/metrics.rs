//! Prometheus metrics in the OpenMetrics text format, served on an opt-in listener
//! (`metrics_listen`). Counters are bumped where things happen (logins, refreshes, RPCs);
//! gauges are read from the session core at scrape time. No label carries a user id, an email
//! or a token: apps, credential kinds, outcomes, RPC methods and codes only, each from a fixed
//! set, so that no caller can grow the label space.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// What a login came to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum LoginOutcome {
    Ok,
    /// The backend refused the credentials.
    Refused,
    /// Anything else: the backend unreachable, a limit, a store failure.
    Error,
}

/// What a refresh came to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RefreshOutcome {
    Ok,
    /// The backend refused the refresh token: the session ended.
    TokenRefused,
    /// A transient or protocol failure: backoff.
    Error,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AppLabel {
    app: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SessionLabels {
    app: String,
    state: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LoginLabels {
    app: String,
    credential: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RefreshLabels {
    app: String,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RpcLabels {
    method: String,
    code: &'static str,
}

/// One app's state at scrape time.
#[derive(Debug, Clone)]
pub(crate) struct AppGauges {
    pub app: String,
    pub logged_in: u32,
    pub logged_out: u32,
    /// `None` before the backend was first asked.
    pub backend_reachable: Option<bool>,
    /// Seconds until the earliest access-token expiry among its logged-in sessions.
    pub access_expiry_in: Option<i64>,
    /// Seconds until the earliest refresh-token expiry (of sessions whose backend says).
    pub refresh_expiry_in: Option<i64>,
}

/// The daemon's metrics.
pub(crate) struct Metrics {
    registry: Registry,
    logins: Family<LoginLabels, Counter>,
    refreshes: Family<RefreshLabels, Counter>,
    refresh_seconds: Family<AppLabel, Histogram>,
    rpcs: Family<RpcLabels, Counter>,
    sessions: Family<SessionLabels, Gauge>,
    backend_up: Family<AppLabel, Gauge>,
    access_expiry: Family<AppLabel, Gauge>,
    refresh_expiry: Family<AppLabel, Gauge>,
    subscribers: Gauge,
    /// The RPC methods a label may name: the services' own, from their descriptors.
    methods: BTreeSet<String>,
    /// One scrape at a time sets the gauges and encodes.
    scrape: Mutex<()>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn refresh_histogram() -> Histogram {
    // 5 ms to about 20 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

impl Metrics {
    pub(crate) fn new() -> Self {
        let mut registry = Registry::with_prefix("latchkey");
        let logins = Family::<LoginLabels, Counter>::default();
        let refreshes = Family::<RefreshLabels, Counter>::default();
        let refresh_seconds =
            Family::<AppLabel, Histogram>::new_with_constructor(refresh_histogram as fn() -> _);
        let rpcs = Family::<RpcLabels, Counter>::default();
        let sessions = Family::<SessionLabels, Gauge>::default();
        let backend_up = Family::<AppLabel, Gauge>::default();
        let access_expiry = Family::<AppLabel, Gauge>::default();
        let refresh_expiry = Family::<AppLabel, Gauge>::default();
        let subscribers = Gauge::default();
        registry.register(
            "logins",
            "Logins by app, credential kind and outcome (ok, refused, error)",
            logins.clone(),
        );
        registry.register(
            "refreshes",
            "Access-token refreshes sent to the backend, by app and outcome (ok, token_refused, error)",
            refreshes.clone(),
        );
        registry.register(
            "refresh_duration_seconds",
            "Time the backend took to answer a refresh",
            refresh_seconds.clone(),
        );
        registry.register(
            "rpcs",
            "gRPC calls answered, by method and status code",
            rpcs.clone(),
        );
        registry.register(
            "sessions",
            "Sessions by app and state (logged_in, logged_out), over every uid",
            sessions.clone(),
        );
        registry.register(
            "backend_up",
            "Whether the app's backend answered the daemon's last request (absent before the first)",
            backend_up.clone(),
        );
        registry.register(
            "access_token_expiry_seconds",
            "Seconds until the earliest access-token expiry among the app's logged-in sessions",
            access_expiry.clone(),
        );
        registry.register(
            "refresh_token_expiry_seconds",
            "Seconds until the earliest refresh-token expiry among the app's logged-in sessions",
            refresh_expiry.clone(),
        );
        registry.register(
            "event_subscribers",
            "WatchEvents streams open",
            subscribers.clone(),
        );
        Self {
            registry,
            logins,
            refreshes,
            refresh_seconds,
            rpcs,
            sessions,
            backend_up,
            access_expiry,
            refresh_expiry,
            subscribers,
            methods: rpc_methods(),
            scrape: Mutex::new(()),
        }
    }

    pub(crate) fn login(&self, app: &str, credential: &'static str, outcome: LoginOutcome) {
        let outcome = match outcome {
            LoginOutcome::Ok => "ok",
            LoginOutcome::Refused => "refused",
            LoginOutcome::Error => "error",
        };
        self.logins
            .get_or_create(&LoginLabels {
                app: app.to_owned(),
                credential,
                outcome,
            })
            .inc();
    }

    pub(crate) fn refresh(&self, app: &str, outcome: RefreshOutcome, took: Duration) {
        let outcome = match outcome {
            RefreshOutcome::Ok => "ok",
            RefreshOutcome::TokenRefused => "token_refused",
            RefreshOutcome::Error => "error",
        };
        self.refreshes
            .get_or_create(&RefreshLabels {
                app: app.to_owned(),
                outcome,
            })
            .inc();
        self.refresh_seconds
            .get_or_create(&AppLabel {
                app: app.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// One RPC answered: `path` is the request's `/package.Service/Method`; any path that is
    /// not one of the daemon's methods counts as `other`.
    pub(crate) fn rpc(&self, path: &str, code: tonic::Code) {
        let method = if self.methods.contains(path) {
            path.trim_start_matches('/').to_owned()
        } else {
            "other".to_owned()
        };
        self.rpcs
            .get_or_create(&RpcLabels {
                method,
                code: code_name(code),
            })
            .inc();
    }

    /// The metrics in the OpenMetrics text format, the gauges set from `apps` and `subscribers`.
    pub(crate) fn encode(&self, apps: &[AppGauges], subscribers: usize) -> String {
        let _one = self
            .scrape
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Apps removed by a reload leave no stale series behind.
        self.sessions.clear();
        self.backend_up.clear();
        self.access_expiry.clear();
        self.refresh_expiry.clear();
        for gauges in apps {
            let app = || AppLabel {
                app: gauges.app.clone(),
            };
            for (state, count) in [
                ("logged_in", gauges.logged_in),
                ("logged_out", gauges.logged_out),
            ] {
                self.sessions
                    .get_or_create(&SessionLabels {
                        app: gauges.app.clone(),
                        state,
                    })
                    .set(i64::from(count));
            }
            if let Some(reachable) = gauges.backend_reachable {
                self.backend_up
                    .get_or_create(&app())
                    .set(i64::from(reachable));
            }
            if let Some(seconds) = gauges.access_expiry_in {
                self.access_expiry.get_or_create(&app()).set(seconds);
            }
            if let Some(seconds) = gauges.refresh_expiry_in {
                self.refresh_expiry.get_or_create(&app()).set(seconds);
            }
        }
        self.subscribers
            .set(i64::try_from(subscribers).unwrap_or(i64::MAX));
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The OpenMetrics text as the classic Prometheus text format (0.0.4), for scrapers that do not
/// ask for OpenMetrics (`curl`, `promtool check metrics`): a counter's metadata names its
/// `_total` series, and there is no `# EOF`.
pub(crate) fn classic_text(openmetrics: &str) -> String {
    let mut counters = BTreeSet::new();
    for line in openmetrics.lines() {
        if let Some(name) = line
            .strip_prefix("# TYPE ")
            .and_then(|rest| rest.strip_suffix(" counter"))
        {
            counters.insert(name.to_owned());
        }
    }
    let mut out = String::with_capacity(openmetrics.len());
    for line in openmetrics.lines() {
        if line == "# EOF" {
            continue;
        }
        let renamed = ["# HELP ", "# TYPE "].iter().find_map(|prefix| {
            let rest = line.strip_prefix(prefix)?;
            let (name, tail) = rest.split_once(' ')?;
            counters
                .contains(name)
                .then(|| format!("{prefix}{name}_total {tail}"))
        });
        out.push_str(renamed.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// `/package.Service/Method` of every method the daemon serves (its four services, health and
/// reflection).
fn rpc_methods() -> BTreeSet<String> {
    use prost::Message as _;
    let mut methods = BTreeSet::new();
    for set in [
        crate::proto::FILE_DESCRIPTOR_SET,
        tonic_health::pb::FILE_DESCRIPTOR_SET,
    ] {
        let Ok(files) = prost_types::FileDescriptorSet::decode(set) else {
            continue;
        };
        for file in files.file {
            let package = file.package.unwrap_or_default();
            for service in file.service {
                let name = service.name.unwrap_or_default();
                for method in service.method {
                    methods.insert(format!(
                        "/{package}.{name}/{}",
                        method.name.unwrap_or_default()
                    ));
                }
            }
        }
    }
    methods.insert("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo".to_owned());
    methods
}

/// The status code as gRPC names it (`OK`, `NOT_FOUND`, ...).
fn code_name(code: tonic::Code) -> &'static str {
    use tonic::Code;
    match code {
        Code::Ok => "OK",
        Code::Cancelled => "CANCELLED",
        Code::Unknown => "UNKNOWN",
        Code::InvalidArgument => "INVALID_ARGUMENT",
        Code::DeadlineExceeded => "DEADLINE_EXCEEDED",
        Code::NotFound => "NOT_FOUND",
        Code::AlreadyExists => "ALREADY_EXISTS",
        Code::PermissionDenied => "PERMISSION_DENIED",
        Code::ResourceExhausted => "RESOURCE_EXHAUSTED",
        Code::FailedPrecondition => "FAILED_PRECONDITION",
        Code::Aborted => "ABORTED",
        Code::OutOfRange => "OUT_OF_RANGE",
        Code::Unimplemented => "UNIMPLEMENTED",
        Code::Internal => "INTERNAL",
        Code::Unavailable => "UNAVAILABLE",
        Code::DataLoss => "DATA_LOSS",
        Code::Unauthenticated => "UNAUTHENTICATED",
    }
}
