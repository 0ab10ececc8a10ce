//! A week of refreshes in minutes: many sessions on short tokens refreshed continuously, with
//! logins, logouts and watchers coming and going, on a daemon and emulator of their own. What it
//! shows is that nothing accumulates: the daemon's RSS, its open descriptors and the store's file
//! size once warm and at the end, and the refreshes the backend got against what the schedule
//! promises.

use std::path::Path;
use std::time::Duration;

use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::procs::{self, Daemon, app_table};
use super::scenarios::{anonymous, counter, sessions};
use super::{Row, Sizes};
use latchkey_client::proto;

const APP: &str = "week";

/// The daemon's default `refresh_at`: a token is refreshed after this fraction of its life.
const REFRESH_AT: f64 = 2.0 / 3.0;

/// What is measured at one moment.
#[derive(Debug, Clone, Copy)]
struct Gauges {
    rss: u64,
    fds: u64,
    store: u64,
}

fn gauges(daemon: &Daemon, store: &Path) -> Gauges {
    Gauges {
        rss: procs::rss_bytes(daemon.pid()),
        fds: procs::open_fds(daemon.pid()),
        store: std::fs::metadata(store).map_or(0, |meta| meta.len()),
    }
}

/// Runs the scenario; see the module's documentation.
///
/// # Errors
/// A process does not start or a call fails.
pub(super) async fn week(bin: &Path, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let dir = tempfile::tempdir()?;
    let ttl = sizes.week_ttl;
    let (_emulator, url) = procs::emulator(bin, APP, &format!("{}s", ttl.as_secs()))?;
    let daemon = Daemon::start(bin, dir.path(), APP, &app_table(APP, &url, APP, ""))?;
    let store = dir.path().join("state").join("sessions.redb");
    // The sessions, logged in 16 at a time.
    let mut tasks = tokio::task::JoinSet::new();
    for lane in 0..16 {
        let socket = daemon.socket.clone();
        let count = sizes.week_sessions / 16 + usize::from(lane < sizes.week_sessions % 16);
        tasks.spawn(async move {
            let mut client = sessions(&socket).await?;
            let mut ids = Vec::new();
            for _ in 0..count {
                ids.push(client.log_in(anonymous(APP)).await?.into_inner().id);
            }
            anyhow::Ok(ids)
        });
    }
    let mut users = Vec::new();
    while let Some(done) = tasks.join_next().await {
        users.extend(done??);
    }
    // Warm: every session has been refreshed once, with the churn and the watchers running.
    // Each phase ends with them stopped and their connections closed, so that both measurements
    // see the same quiet daemon.
    let (users, _, _) = load(&daemon, users, ttl).await?;
    let warm = gauges(&daemon, &store);
    let refreshes_before = counter(&url, "session.refresh").await?;
    let started = Instant::now();
    let (_, churned, watched) = load(&daemon, users, sizes.week_duration).await?;
    let refreshes = counter(&url, "session.refresh").await? - refreshes_before;
    let window = started.elapsed();
    let end = gauges(&daemon, &store);
    // Each session's refresh is due `REFRESH_AT` of its usable lifetime after the last one (the
    // jitter averages out); App Services tokens are usable to a second before their `exp`.
    let usable = ttl.saturating_sub(Duration::from_secs(1)).as_secs_f64();
    let promised = sizes.week_sessions as f64 * window.as_secs_f64() / (REFRESH_AT * usable);
    let growth = |start: u64, end: u64| (end as f64 / start.max(1) as f64 - 1.0) * 100.0;
    Ok(vec![
        Row::new(
            &format!(
                "{} sessions, {} s tokens, refreshed for {:.0} s: refreshes made",
                sizes.week_sessions,
                ttl.as_secs(),
                window.as_secs_f64()
            ),
            refreshes as f64,
            "",
        ),
        Row::new(
            "  refreshes made / the schedule's promise",
            100.0 * refreshes as f64 / promised,
            "%",
        )
        .within(95.0, 105.0),
        Row::new(
            &format!("  meanwhile: {churned} logins and logouts, {watched} watchers came and went"),
            (churned + watched) as f64,
            "",
        ),
        Row::new(
            &format!("  daemon RSS, warm {:.1} MB -> end", warm.rss as f64 / 1e6),
            end.rss as f64 / 1e6,
            "MB",
        ),
        Row::new("  RSS growth once warm", growth(warm.rss, end.rss), "%").at_most(5.0),
        Row::new(
            &format!("  open descriptors, warm {} -> end", warm.fds),
            end.fds as f64,
            "",
        ),
        Row::new(
            "  descriptor growth once warm",
            growth(warm.fds, end.fds),
            "%",
        )
        .at_most(5.0),
        Row::new(
            &format!(
                "  store file, warm {:.1} MB -> end",
                warm.store as f64 / 1e6
            ),
            end.store as f64 / 1e6,
            "MB",
        ),
        Row::new(
            "  store growth once warm",
            growth(warm.store, end.store),
            "%",
        )
        .at_most(5.0),
    ])
}

/// Runs the churn and the watchers for `duration`, then stops them and waits a moment for their
/// connections to close; returns the users now logged in, how many were replaced and how many
/// watchers came.
async fn load(
    daemon: &Daemon,
    users: Vec<String>,
    duration: Duration,
) -> anyhow::Result<(Vec<String>, usize, usize)> {
    let stop = CancellationToken::new();
    let churn = tokio::spawn(churn(daemon.socket.clone(), users, stop.clone()));
    let watchers = tokio::spawn(watchers(daemon.socket.clone(), stop.clone()));
    tokio::time::sleep(duration).await;
    stop.cancel();
    let (users, churned) = churn.await??;
    let watched = watchers.await??;
    tokio::time::sleep(Duration::from_millis(500)).await;
    Ok((users, churned, watched))
}

/// Logs a new anonymous user in and the oldest one out, ten times a second, so that the number
/// of sessions stays the same while they change; returns the users and how many were replaced.
async fn churn(
    socket: std::path::PathBuf,
    mut users: Vec<String>,
    stop: CancellationToken,
) -> anyhow::Result<(Vec<String>, usize)> {
    let mut client = sessions(&socket).await?;
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let mut replaced = 0;
    let mut oldest = 0;
    while !stop.is_cancelled() {
        tick.tick().await;
        let new = client.log_in(anonymous(APP)).await?.into_inner().id;
        let old = std::mem::replace(&mut users[oldest], new);
        oldest = (oldest + 1) % users.len();
        client
            .log_out(proto::LogOutRequest {
                app: APP.to_owned(),
                user_id: old,
                ..Default::default()
            })
            .await?;
        replaced += 1;
    }
    Ok((users, replaced))
}

/// Subscribers that come and go: one opened each half second, each reading events for five
/// seconds before it leaves; returns how many came.
async fn watchers(socket: std::path::PathBuf, stop: CancellationToken) -> anyhow::Result<usize> {
    let mut tick = tokio::time::interval(Duration::from_millis(500));
    let mut open = tokio::task::JoinSet::new();
    let mut came = 0;
    while !stop.is_cancelled() {
        tick.tick().await;
        let mut client = sessions(&socket).await?;
        let mut events = client
            .watch_events(proto::WatchEventsRequest {
                app: APP.to_owned(),
                ..Default::default()
            })
            .await?
            .into_inner();
        came += 1;
        open.spawn(async move {
            let until = Instant::now() + Duration::from_secs(5);
            while let Ok(Ok(Some(_))) = tokio::time::timeout_at(until, events.message()).await {}
        });
        while open.try_join_next().is_some() {}
    }
    open.abort_all();
    while open.join_next().await.is_some() {}
    Ok(came)
}
