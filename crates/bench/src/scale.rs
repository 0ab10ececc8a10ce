//! The scenarios at scale: sessions logged in together and when their refreshes come, and many
//! sessions over many uids (memory, restart to serving, CPU while idle), with the login worker
//! the latter starts once per uid.

use std::path::Path;
use std::time::Duration;

use tokio::time::Instant;

use super::procs::{self, Daemon};
use super::scenarios::{anonymous, cached, counter, sessions};
use super::{Row, Sizes};
use latchkey_client::proto;

/// Sessions logged in together on short tokens: when their refreshes come, and how many at once.
/// Which sessions were refreshed is read from `WatchEvents`; how many requests the backend got,
/// from its counter.
pub(super) async fn wave(
    daemon: &Daemon,
    base_url: &str,
    sizes: Sizes,
) -> anyhow::Result<Vec<Row>> {
    let mut watcher = sessions(&daemon.socket).await?;
    let mut events = watcher
        .watch_events(proto::WatchEventsRequest {
            app: "wave".to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner();
    let (refreshed_tx, mut refreshed_rx) = tokio::sync::mpsc::unbounded_channel();
    let collector = tokio::spawn(async move {
        while let Ok(Some(event)) = events.message().await {
            if matches!(
                event.kind,
                Some(proto::session_event::Kind::TokenRefreshed(_))
            ) && refreshed_tx.send((event.user_id, Instant::now())).is_err()
            {
                break;
            }
        }
    });
    let mut connections = Vec::new();
    for _ in 0..16 {
        connections.push(sessions(&daemon.socket).await?);
    }
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (index, client) in connections.into_iter().enumerate() {
        let count = sizes.together / 16 + usize::from(index < sizes.together % 16);
        tasks.spawn(async move {
            let mut client = client;
            for _ in 0..count {
                client.log_in(anonymous("wave")).await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    let logged_in = started.elapsed();
    let cpu_before = procs::cpu_time(daemon.pid());
    let base = counter(base_url, "session.refresh").await?;
    let mut first_refresh = std::collections::HashMap::new();
    let mut per_second = Vec::new();
    let mut last = base;
    // Every session's first refresh is due at 2/3 of its lifetime, +/- 10 %.
    let deadline = Instant::now() + sizes.wave_ttl + logged_in;
    while first_refresh.len() < sizes.together && Instant::now() < deadline {
        let tick = Instant::now() + Duration::from_secs(1);
        loop {
            match tokio::time::timeout_at(tick, refreshed_rx.recv()).await {
                Ok(Some((user_id, at))) => {
                    first_refresh.entry(user_id).or_insert(at);
                }
                // The stream ended: wait the second out all the same.
                Ok(None) => tokio::time::sleep_until(tick).await,
                Err(_) => break,
            }
        }
        let now = counter(base_url, "session.refresh").await?;
        per_second.push(now - last);
        last = now;
    }
    collector.abort();
    let cpu = procs::cpu_time(daemon.pid()).saturating_sub(cpu_before);
    let requests = last - base;
    let peak = per_second.iter().copied().max().unwrap_or(0);
    let spread = match (first_refresh.values().min(), first_refresh.values().max()) {
        (Some(first), Some(last)) => (*last - *first).as_secs_f64(),
        _ => 0.0,
    };
    Ok(vec![
        Row::new(
            &format!(
                "{} sessions logged in together (in {:.1} s): refreshed",
                sizes.together,
                logged_in.as_secs_f64()
            ),
            first_refresh.len() as f64,
            "",
        )
        .exactly(sizes.together as f64),
        Row::new("  their first refreshes spread over", spread, "s"),
        Row::new("  peak backend refresh rate", peak as f64, "req/s"),
        Row::new(
            "  daemon CPU per refresh (HTTP, commit, scheduler)",
            cpu.as_secs_f64() * 1e6 / requests.max(1) as f64,
            "us",
        ),
    ])
}

/// Many sessions over many uids and two apps, made through real logins: memory, restart to
/// serving, CPU while idle.
pub(super) async fn many_sessions(daemon: &mut Daemon, sizes: Sizes) -> anyhow::Result<Vec<Row>> {
    let before = procs::rss_bytes(daemon.pid());
    let root = rustix::process::geteuid().is_root();
    let uids: Vec<Option<u32>> = if root {
        (0..sizes.uids).map(|n| Some(20_000 + n)).collect()
    } else {
        vec![None]
    };
    // Two rounds of logins, each of half the sessions: the first warms up what every daemon
    // fills once whatever its sessions (the event ring, the store's cache, connection pools), so
    // the second's growth is what a session costs.
    let each = sizes.sessions / uids.len() / 2;
    let started = Instant::now();
    let login_round = || -> anyhow::Result<()> {
        let mut workers = Vec::new();
        for uid in &uids {
            let mut command = std::process::Command::new(std::env::current_exe()?);
            command
                .arg("--login-worker")
                .arg(&daemon.socket)
                .arg(each.to_string());
            if let Some(uid) = uid {
                use std::os::unix::process::CommandExt;
                command.uid(*uid).gid(*uid);
            }
            workers.push(command.spawn()?);
        }
        for mut worker in workers {
            anyhow::ensure!(worker.wait()?.success(), "a login worker failed");
        }
        Ok(())
    };
    login_round()?;
    let half = procs::rss_bytes(daemon.pid());
    login_round()?;
    let made = 2 * each * uids.len();
    let took = started.elapsed();
    let after = procs::rss_bytes(daemon.pid());
    let per_session = after.saturating_sub(half) as f64 / (made / 2) as f64;
    let mut rows = vec![
        Row::new(
            &format!(
                "{made} sessions ({} uids, 2 apps; {:.0} logins/s): daemon RSS",
                uids.len(),
                made as f64 / took.as_secs_f64()
            ),
            after as f64 / 1e6,
            "MB",
        ),
        Row::new(
            "  memory per session (RSS growth over the second half)",
            per_session,
            "bytes",
        )
        .at_most(1024.0),
        Row::new(
            "  RSS growth from idle, per session",
            after.saturating_sub(before) as f64 / made as f64,
            "bytes",
        ),
    ];
    if made >= 100_000 {
        rows[0] = rows[0].clone().at_most(100.0);
    }
    let cpu_before = procs::cpu_time(daemon.pid());
    tokio::time::sleep(sizes.idle_window).await;
    let idle_cpu = procs::cpu_time(daemon.pid()).saturating_sub(cpu_before);
    rows.push(
        Row::new(
            "  CPU while idle, per minute",
            idle_cpu.as_secs_f64() * 60.0 / sizes.idle_window.as_secs_f64(),
            "s",
        )
        .at_most(0.05),
    );
    daemon.stop()?;
    let started = Instant::now();
    daemon.restart()?;
    let served = loop {
        if let Ok(mut client) = sessions(&daemon.socket).await
            && client.get_access_token(cached("")).await.is_ok()
        {
            break started.elapsed();
        }
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(120),
            "the daemon did not serve again"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    rows.push(
        Row::new(
            "  restart to serving (first GetAccessToken)",
            served.as_secs_f64(),
            "s",
        )
        .at_most(1.0),
    );
    // Their tokens stay sealed in the store until each owner's first request.
    rows.push(Row::new(
        "  daemon RSS after it, no session used yet",
        procs::rss_bytes(daemon.pid()) as f64 / 1e6,
        "MB",
    ));
    Ok(rows)
}

/// The login worker a many-sessions run starts once per uid: `count` anonymous logins, half on
/// each app, eight at a time.
///
/// # Errors
/// A login fails.
pub(super) async fn login_worker(socket: &Path, count: usize) -> anyhow::Result<()> {
    let client = sessions(socket).await?;
    let mut tasks = tokio::task::JoinSet::new();
    for lane in 0..8 {
        let mut client = client.clone();
        tasks.spawn(async move {
            for n in (lane..count).step_by(8) {
                let app = if n % 2 == 0 { "bench" } else { "bench2" };
                client.log_in(anonymous(app)).await?;
            }
            anyhow::Ok(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done??;
    }
    Ok(())
}
