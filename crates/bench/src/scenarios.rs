//! The scenarios of a bench run, in the order they run: each measures against the emulators and
//! the daemon `all` starts, and returns rows for the report.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use tokio::time::Instant;
use tonic::transport::Channel;

use super::procs::{self, Daemon, app_table};
use super::{Row, Sizes, percentiles};
use latchkey_client::proto::{self, sessions_client::SessionsClient};

type Health = tonic_health::pb::health_client::HealthClient<Channel>;

/// Token lifetime of the storm app: short, so that a caller's `min_valid` can outrun it.
const STORM_TTL: &str = "10s";

pub(super) async fn sessions(socket: &Path) -> anyhow::Result<SessionsClient<Channel>> {
    Ok(SessionsClient::new(
        latchkey_client::socket::connect(socket).await?,
    ))
}

async fn health(socket: &Path) -> anyhow::Result<Health> {
    Ok(Health::new(latchkey_client::socket::connect(socket).await?))
}

pub(super) fn anonymous(app: &str) -> proto::LogInRequest {
    proto::LogInRequest {
        app: app.to_owned(),
        credentials: Some(proto::Credentials {
            kind: Some(proto::credentials::Kind::Anonymous(
                proto::AnonymousCredential { new_user: true },
            )),
        }),
    }
}

pub(super) fn cached(app: &str) -> proto::GetAccessTokenRequest {
    proto::GetAccessTokenRequest {
        app: app.to_owned(),
        ..Default::default()
    }
}

async fn check(client: &mut Health) -> anyhow::Result<()> {
    client
        .check(tonic_health::pb::HealthCheckRequest::default())
        .await?;
    Ok(())
}

/// The emulator's count of requests to `endpoint`.
pub(super) async fn counter(base_url: &str, endpoint: &str) -> anyhow::Result<u64> {
    let counters: serde_json::Value = reqwest::get(format!("{base_url}/emulator/v1/counters"))
        .await?
        .json()
        .await?;
    Ok(counters[endpoint].as_u64().unwrap_or(0))
}

/// Every scenario, in one run.
pub(super) async fn all(bin: &Path, sizes: Sizes, only: &[String]) -> anyhow::Result<Vec<Row>> {
    let run = |name: &str| only.is_empty() || only.iter().any(|wanted| wanted == name);
    let dir = tempfile::tempdir()?;
    // Other uids' workers reach the socket inside.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))?;
    let (_main, main_url) = procs::emulator(bin, "bench", "30m")?;
    let (_second, second_url) = procs::emulator(bin, "bench2", "30m")?;
    let (_storm, storm_url) = procs::emulator(bin, "storm", STORM_TTL)?;
    let wave_ttl = format!("{}s", sizes.wave_ttl.as_secs());
    let (_wave, wave_url) = procs::emulator(bin, "wave", &wave_ttl)?;
    let tables = [
        app_table("bench", &main_url, "bench", ""),
        app_table("bench2", &second_url, "bench2", ""),
        app_table(
            "storm",
            &storm_url,
            "storm",
            "refresh_at = 0.9\nrefresh_jitter = 0.05\n",
        ),
        app_table("wave", &wave_url, "wave", ""),
    ]
    .concat();
    let mut daemon = Daemon::start(bin, dir.path(), "bench", &tables)?;
    let mut rows = Vec::new();
    // Settled: the first connection has been served.
    check(&mut health(&daemon.socket).await?).await?;
    if run("idle") {
        let idle = procs::rss_bytes(daemon.pid()) as f64 / 1e6;
        rows.push(Row::new("idle daemon RSS, no sessions", idle, "MB").at_most(6.0));
        let parts = procs::rss_parts(daemon.pid());
        for (name, bytes) in [
            (
                "  of it the executable's pages (code, data)",
                parts.executable,
            ),
            ("  the shared libraries' pages", parts.libraries),
            ("  anonymous memory (heap, stacks)", parts.anonymous),
        ] {
            rows.push(Row::new(name, bytes as f64 / 1e6, "MB"));
        }
    }

    let mut client = sessions(&daemon.socket).await?;
    client.log_in(anonymous("bench")).await?;
    if run("cached") {
        let before = procs::log_size(&daemon.log);
        rows.extend(cached_path(&daemon.socket, sizes).await?);
        let (lines, bytes) = procs::log_size(&daemon.log);
        let calls = cached_calls(sizes) as f64;
        rows.push(
            Row::new(
                &format!("daemon log lines during those {calls} GetAccessToken"),
                (lines - before.0) as f64,
                "",
            )
            .at_most(100.0),
        );
        rows.push(Row::new(
            "  their bytes per 1,000 calls",
            (bytes - before.1) as f64 * 1000.0 / calls,
            "bytes",
        ));
    }
    if run("logins") {
        rows.extend(cached_under_logins(&daemon.socket, sizes).await?);
    }
    if run("cli") {
        rows.extend(cli(bin, &daemon.socket, sizes)?);
    }
    if run("forced") {
        rows.extend(forced_refresh(&mut client, &main_url, sizes).await?);
    }
    if run("storm") {
        rows.extend(storm(&daemon.socket, &storm_url, sizes).await?);
    }
    if run("watchers") {
        rows.extend(watchers(&daemon.socket, sizes).await?);
    }
    if run("wave") {
        rows.extend(super::scale::wave(&daemon, &wave_url, sizes).await?);
    }
    // The short-lived apps' sessions would keep refreshing through the idle measurement.
    for app in ["storm", "wave"] {
        log_out_all(&mut client, app).await?;
    }
    if run("sessions") {
        rows.extend(super::scale::many_sessions(&mut daemon, sizes).await?);
    }
    drop(daemon);
    if run("week") {
        rows.extend(super::week::week(bin, sizes).await?);
    }
    Ok(rows)
}

/// Logs out every user the caller has on `app`.
async fn log_out_all(client: &mut SessionsClient<Channel>, app: &str) -> anyhow::Result<()> {
    let users = client
        .list_users(proto::ListUsersRequest {
            app: app.to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner()
        .users;
    for user in users {
        client
            .log_out(proto::LogOutRequest {
                app: app.to_owned(),
                user_id: user.id,
                ..Default::default()
            })
            .await?;
    }
    Ok(())
}

/// The `GetAccessToken` calls [`cached_path`] makes.
fn cached_calls(sizes: Sizes) -> usize {
    WARM_UP + sizes.sequential + 16 * sizes.concurrent_each
}

/// Calls made before measuring.
const WARM_UP: usize = 1_000;

/// A cached `GetAccessToken` against the health-check floor: one sequential client, then 16
/// concurrent ones.
pub(super) async fn cached_path(socket: &Path, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let mut client = sessions(socket).await?;
    let mut floor = health(socket).await?;
    for _ in 0..WARM_UP {
        client.get_access_token(cached("")).await?;
        check(&mut floor).await?;
    }
    // Interleaved, so that both see the same machine.
    let (mut tokens, mut checks) = (Vec::new(), Vec::new());
    for _ in 0..sizes.sequential {
        let started = Instant::now();
        client.get_access_token(cached("")).await?;
        tokens.push(started.elapsed());
        let started = Instant::now();
        check(&mut floor).await?;
        checks.push(started.elapsed());
    }
    let (token_p50, token_p99) = percentiles(tokens);
    let (floor_p50, floor_p99) = percentiles(checks);
    let mut rows = vec![
        Row::new("floor: Health/Check, 1 client", floor_p50, "us").p99(floor_p99),
        Row::new("cached GetAccessToken, 1 client", token_p50, "us")
            .p99(token_p99)
            .at_most_ratio(floor_p50, 1.1),
    ];
    let floor_rate = throughput(socket, sizes, true).await?;
    let token_rate = throughput(socket, sizes, false).await?;
    rows.push(Row::new(
        "floor: Health/Check, 16 clients",
        floor_rate,
        "req/s",
    ));
    rows.push(
        Row::new("cached GetAccessToken, 16 clients", token_rate, "req/s")
            .at_least_ratio(floor_rate, 0.9),
    );
    Ok(rows)
}

/// A cached `GetAccessToken` of one user of an app while 4 other clients log in to the same app
/// (each login a durable commit), against the health check under the same load: the cached path
/// must not queue behind another caller's commit.
pub(super) async fn cached_under_logins(socket: &Path, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    const APP: &str = "bench2";
    let mut client = sessions(socket).await?;
    let user = client.log_in(anonymous(APP)).await?.into_inner().id;
    let request = proto::GetAccessTokenRequest {
        app: APP.to_owned(),
        user_id: user,
        ..Default::default()
    };
    let mut floor = health(socket).await?;
    let stop = tokio_util::sync::CancellationToken::new();
    let mut loggers = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (socket, stop) = (socket.to_path_buf(), stop.clone());
        loggers.spawn(async move {
            let mut client = sessions(&socket).await?;
            let mut logins = 0_u64;
            while !stop.is_cancelled() {
                client.log_in(anonymous(APP)).await?;
                logins += 1;
            }
            anyhow::Ok(logins)
        });
    }
    let (mut tokens, mut checks) = (Vec::new(), Vec::new());
    let started = Instant::now();
    for _ in 0..sizes.sequential / 4 {
        let at = Instant::now();
        client.get_access_token(request.clone()).await?;
        tokens.push(at.elapsed());
        let at = Instant::now();
        check(&mut floor).await?;
        checks.push(at.elapsed());
    }
    let elapsed = started.elapsed();
    stop.cancel();
    let mut logins = 0;
    while let Some(done) = loggers.join_next().await {
        logins += done??;
    }
    log_out_all(&mut client, APP).await?;
    let (floor_p50, floor_p99) = percentiles(checks);
    let (token_p50, token_p99) = percentiles(tokens);
    Ok(vec![
        Row::new(
            "logins meanwhile, 4 clients, same app",
            logins as f64 / elapsed.as_secs_f64(),
            "/s",
        ),
        Row::new(
            "floor: Health/Check p99 under those logins",
            floor_p99,
            "us",
        )
        .p99(floor_p99),
        Row::new(
            "cached GetAccessToken p99 under those logins",
            token_p99,
            "us",
        )
        .p99(token_p99)
        .at_most_ratio(floor_p99, 1.5),
        Row::new(
            "cached GetAccessToken p50 under those logins",
            token_p50,
            "us",
        )
        .ratio_to(floor_p50),
    ])
}

async fn throughput(socket: &Path, sizes: Sizes, floor: bool) -> anyhow::Result<f64> {
    let mut tasks = tokio::task::JoinSet::new();
    let started = Instant::now();
    for _ in 0..16 {
        let socket = socket.to_path_buf();
        tasks.spawn(async move {
            if floor {
                let mut client = health(&socket).await?;
                for _ in 0..sizes.concurrent_each {
                    check(&mut client).await?;
                }
            } else {
                let mut client = sessions(&socket).await?;
                for _ in 0..sizes.concurrent_each {
                    client.get_access_token(cached("")).await?;
                }
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok((16 * sizes.concurrent_each) as f64 / started.elapsed().as_secs_f64())
}

/// Runs `latchkey token` against the daemon at `socket` once: how long the whole process took.
///
/// # Errors
/// It does not start, or fails.
pub(super) fn latchkey_token(bin: &Path, socket: &Path) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let output = std::process::Command::new(bin.join("latchkey"))
        .arg("--socket")
        .arg(socket)
        .arg("token")
        .output()?;
    let took = started.elapsed();
    anyhow::ensure!(
        output.status.success(),
        "latchkey token failed: {}",
        String::from_utf8_lossy(&output.stderr).trim()
    );
    Ok(took)
}

/// `latchkey token` as a whole process against a `/bin/true` spawn, interleaved.
pub(super) fn cli(bin: &Path, socket: &Path, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let (mut tokens, mut trues) = (Vec::new(), Vec::new());
    for _ in 0..sizes.cli_runs {
        tokens.push(latchkey_token(bin, socket)?);
        let started = Instant::now();
        std::process::Command::new("/bin/true").status()?;
        trues.push(started.elapsed());
    }
    let (true_p50, true_p99) = percentiles(trues);
    let (token_p50, token_p99) = percentiles(tokens);
    Ok(vec![
        Row::new("floor: /bin/true spawn", true_p50, "us").p99(true_p99),
        // The target is `oidc-token`'s, side by side (the OIDC mode); here the spawn floor.
        Row::new("`latchkey token`, whole process", token_p50, "us")
            .p99(token_p99)
            .ratio_to(true_p50),
    ])
}

/// A forced refresh through the daemon against the same refresh sent to the emulator directly:
/// the difference is the daemon's own cost, commit included.
async fn forced_refresh(
    client: &mut SessionsClient<Channel>,
    base_url: &str,
    sizes: Sizes,
) -> anyhow::Result<Vec<Row>> {
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!(
            "{base_url}/api/client/v2.0/app/bench/auth/providers/anon-user/login"
        ))
        .json(&serde_json::json!({}))
        .send()
        .await?
        .json()
        .await?;
    let refresh_token = login["refresh_token"]
        .as_str()
        .context("the emulator's login answer")?
        .to_owned();
    // The daemon spaces forced refreshes of one session a second apart: each sample forces a
    // session of its own.
    let mut users = Vec::new();
    for _ in 0..sizes.refreshes {
        users.push(client.log_in(anonymous("bench")).await?.into_inner().id);
    }
    let force = |user_id: String| proto::GetAccessTokenRequest {
        user_id,
        force_refresh: true,
        ..Default::default()
    };
    let (mut daemon, mut direct) = (Vec::new(), Vec::new());
    for user in users {
        let started = Instant::now();
        client.get_access_token(force(user)).await?;
        daemon.push(started.elapsed());
        let started = Instant::now();
        let answer = http
            .post(format!("{base_url}/api/client/v2.0/auth/session"))
            .bearer_auth(&refresh_token)
            .send()
            .await?;
        anyhow::ensure!(answer.status().is_success(), "direct refresh failed");
        answer.bytes().await?;
        direct.push(started.elapsed());
    }
    let (daemon_p50, daemon_p99) = percentiles(daemon);
    let (direct_p50, _) = percentiles(direct);
    Ok(vec![
        Row::new("forced refresh through the daemon", daemon_p50, "us").p99(daemon_p99),
        Row::new("floor: the same refresh sent directly", direct_p50, "us"),
        Row::new(
            "forced refresh: daemon overhead (commit included)",
            daemon_p50 - direct_p50,
            "us",
        )
        .at_most(1000.0),
    ])
}

/// Callers whose `min_valid` outruns one session's token, all at once: one backend refresh.
async fn storm(socket: &Path, base_url: &str, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let mut client = sessions(socket).await?;
    let user = client.log_in(anonymous("storm")).await?.into_inner();
    // The token is usable for its lifetime less a second; ask for a little less than that, a
    // second after login: every caller needs a refresh, and its result satisfies all of them.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = counter(base_url, "session.refresh").await?;
    let mut connections = Vec::new();
    for _ in 0..16 {
        connections.push(sessions(socket).await?);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for caller in 0..sizes.storm_callers {
        let mut client = connections[caller % connections.len()].clone();
        let user_id = user.id.clone();
        tasks.spawn(async move {
            client
                .get_access_token(proto::GetAccessTokenRequest {
                    app: "storm".to_owned(),
                    user_id,
                    min_valid: Some(prost_types::Duration {
                        seconds: 8,
                        nanos: 500_000_000,
                    }),
                    ..Default::default()
                })
                .await
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    let refreshes = counter(base_url, "session.refresh").await? - before;
    Ok(vec![
        Row::new(
            &format!(
                "refresh storm: {} callers, backend refreshes",
                sizes.storm_callers
            ),
            refreshes as f64,
            "",
        )
        .exactly(1.0),
    ])
}

/// Subscribers on `WatchEvents`: how long one event takes to reach all of them; then whether
/// one subscriber that never reads slows the cached path.
async fn watchers(socket: &Path, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let mut streams = Vec::new();
    let mut connections = Vec::new();
    for _ in 0..sizes.subscribers.div_ceil(100) {
        connections.push(sessions(socket).await?);
    }
    for index in 0..sizes.subscribers {
        let mut client = connections[index % connections.len()].clone();
        streams.push(
            client
                .watch_events(proto::WatchEventsRequest::default())
                .await?
                .into_inner(),
        );
    }
    let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel(sizes.subscribers);
    let (seen_tx, mut seen_rx) = tokio::sync::mpsc::channel(sizes.subscribers);
    for mut stream in streams {
        let (ready, seen) = (ready_tx.clone(), seen_tx.clone());
        tokio::spawn(async move {
            let _ = ready.send(()).await;
            while let Ok(Some(event)) = stream.message().await {
                if matches!(event.kind, Some(proto::session_event::Kind::LoggedIn(_))) {
                    let _ = seen.send(Instant::now()).await;
                    break;
                }
            }
        });
    }
    drop((ready_tx, seen_tx));
    for _ in 0..sizes.subscribers {
        ready_rx.recv().await;
    }
    let mut client = sessions(socket).await?;
    let sent = Instant::now();
    client.log_in(anonymous("bench2")).await?;
    let mut latencies = Vec::new();
    while latencies.len() < sizes.subscribers {
        match tokio::time::timeout(Duration::from_secs(10), seen_rx.recv()).await {
            Ok(Some(at)) => latencies.push(at.saturating_duration_since(sent)),
            _ => break,
        }
    }
    let reached = latencies.len();
    let (_, p99) = percentiles(latencies);
    let mut rows = vec![
        Row::new(
            &format!(
                "event to {} subscribers, p99 (login included)",
                sizes.subscribers
            ),
            p99 / 1000.0,
            "ms",
        )
        .at_most(50.0),
        Row::new("subscribers reached", reached as f64, "").exactly(sizes.subscribers as f64),
    ];
    rows.extend(stalled(socket, sizes).await?);
    Ok(rows)
}

/// The cached path's p50 with no subscriber, then with one that never reads while events flow.
async fn stalled(socket: &Path, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let mut client = sessions(socket).await?;
    let measure = |mut client: SessionsClient<Channel>| async move {
        let mut samples = Vec::new();
        for _ in 0..sizes.sequential / 2 {
            let started = Instant::now();
            client.get_access_token(cached("")).await?;
            samples.push(started.elapsed());
        }
        anyhow::Ok(percentiles(samples).0)
    };
    let before = measure(client.clone()).await?;
    let mut stalled_client = sessions(socket).await?;
    let _never_read = stalled_client
        .watch_events(proto::WatchEventsRequest::default())
        .await?;
    // Events the stalled subscriber never reads: each login publishes two (the daemon spaces a
    // session's forced refreshes a second apart, so refreshes would take the run's time).
    for _ in 0..sizes.refreshes * 2 {
        client.log_in(anonymous("bench2")).await?;
    }
    let after = measure(client.clone()).await?;
    log_out_all(&mut client, "bench2").await?;
    Ok(vec![
        Row::new("cached p50 with a stalled subscriber", after, "us").at_most_ratio(before, 1.1),
    ])
}
