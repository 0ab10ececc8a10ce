//! A whole daemon in the test's process ([`latchkey::daemon::Builder`]) on tokio's paused clock
//! and a manual wall clock, with the App Services emulator in the process too: the real Unix
//! socket, gRPC and HTTP between them, and hours of schedule in milliseconds of test. (The
//! session core's own timing tests are in `src/session/tests/timing.rs`; what needs processes,
//! signals, systemd or other uids stays in the process-spawning tests.)

use std::sync::Arc;
use std::time::Duration;

use latchkey::clock::{Clock, ManualClock};
use latchkey::config::{Config, Paths};
use latchkey::proto::sessions_client::SessionsClient;
use tokio_util::sync::CancellationToken;

use crate::harness::*;

/// A daemon and its emulator, both in this process, stopped when dropped.
struct InProcess {
    clock: Arc<ManualClock>,
    socket: std::path::PathBuf,
    stop: CancellationToken,
    _dir: tempfile::TempDir,
}

impl InProcess {
    /// Starts the emulator (tokens of `access_ttl`) and a daemon of one app on it, on a manual
    /// clock showing the system's time.
    async fn start(access_ttl: Duration) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let stop = CancellationToken::new();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let mut emulator = latchkey_emulator::EmulatorConfig::new(APP_ID);
        emulator.access_ttl = access_ttl;
        tokio::spawn(latchkey_emulator::serve(
            listener,
            emulator,
            stop.clone().cancelled_owned(),
        ));
        let socket = dir.path().join("latchkeyd.sock");
        let paths = Paths {
            socket: socket.clone(),
            state_dir: dir.path().join("state"),
            credentials_dir: None,
            socket_mode: 0o600,
        };
        let config = Config::from_toml(&app_table("main", &base_url), &paths).unwrap();
        let clock = ManualClock::now();
        let prepared = latchkey::daemon::Builder::new(config)
            .clock(clock.clone())
            .prepare()
            .unwrap();
        let listener = tokio::net::UnixListener::bind(&socket).unwrap();
        tokio::spawn(prepared.serve(listener, stop.clone().cancelled_owned()));
        Self {
            clock,
            socket,
            stop,
            _dir: dir,
        }
    }

    async fn sessions(&self) -> SessionsClient<tonic::transport::Channel> {
        SessionsClient::new(
            latchkey_client::socket::connect(&self.socket)
                .await
                .unwrap(),
        )
    }
}

impl Drop for InProcess {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

#[tokio::test(start_paused = true)]
async fn after_a_suspend_every_expired_session_is_refreshed_before_a_caller_asks() {
    let daemon = InProcess::start(Duration::from_secs(600)).await;
    let mut client = daemon.sessions().await;
    let mut users = Vec::new();
    for _ in 0..3 {
        users.push(log_in(&mut client, anonymous(true)).await.unwrap().id);
    }
    let mut events = watch(&mut client, latchkey::proto::WatchEventsRequest::default()).await;
    // Suspended for three hours: the wall clock jumps, tokio's monotonic clock does not. Every
    // 10-minute token expired meanwhile.
    daemon.clock.advance_ms(3 * 3_600_000);
    let resumed = tokio::time::Instant::now();
    let mut refreshed = std::collections::BTreeSet::new();
    while refreshed.len() < users.len() {
        let event = next_event(&mut events, Duration::from_secs(5)).await;
        if kind(&event) == "token_refreshed" {
            refreshed.insert(event.user_id.clone());
        }
    }
    let took = resumed.elapsed();
    println!(
        "{} sessions refreshed {took:?} (monotonic) after the resume",
        users.len()
    );
    assert!(took <= Duration::from_millis(2_200), "{took:?}");
    // A caller now gets a token valid on the resumed clock, without a refresh of its own.
    let now_ms = daemon.clock.now_ms();
    for user in &users {
        let answer = token(&mut client, user, false).await.unwrap();
        assert!(!answer.stale);
        let expires = timestamp_ms(answer.expires_at.as_ref().unwrap());
        assert!(
            expires > now_ms + 60_000,
            "{user}: expires {expires}, now {now_ms}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_day_of_ten_minute_tokens_runs_in_virtual_time_with_one_refresh_per_lifetime() {
    let daemon = InProcess::start(Duration::from_secs(600)).await;
    let mut client = daemon.sessions().await;
    let user = log_in(&mut client, anonymous(true)).await.unwrap().id;
    let mut events = watch(&mut client, latchkey::proto::WatchEventsRequest::default()).await;
    // A day passes, a second at a time on both clocks.
    let mut refreshes = 0;
    for second in 0..86_400 {
        daemon.clock.advance_ms(1000);
        tokio::time::sleep(Duration::from_secs(1)).await;
        while let Ok(Ok(Some(event))) = tokio::time::timeout(Duration::ZERO, events.message()).await
        {
            if kind(&event) == "token_refreshed" {
                refreshes += 1;
            }
        }
        // At no moment of the day does a caller get an expired or nearly expired token.
        if second % 60 == 0 {
            let answer = token(&mut client, &user, false).await.unwrap();
            assert!(timestamp_ms(answer.expires_at.as_ref().unwrap()) > daemon.clock.now_ms());
        }
    }
    // Refreshed at 2/3 of a 10-minute lifetime, +/- 10 % of it (every 340 to 460 s): 187 to
    // 254 times a day.
    println!("{refreshes} refreshes in a virtual day of 10-minute tokens");
    assert!((187..=255).contains(&refreshes), "{refreshes}");
}
