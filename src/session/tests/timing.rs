//! Timing and ordering on paused time: tokio's clock is paused (a sleep returns as soon as every
//! task is idle, having moved time on) and the wall clock is the manual one, moved in step by
//! [`Fixture::pass`], so hours of schedule run in milliseconds and every deadline is exact.
//! A suspend is the wall clock jumping while tokio's does not.

use super::*;

/// Refreshes go out at `refresh_at` (2/3) of the lifetime, either way by `refresh_jitter` (0.1).
const EARLIEST_REFRESH_MS: i64 = LIFETIME_MS * 2 / 3 - LIFETIME_MS / 10;
const LATEST_REFRESH_MS: i64 = LIFETIME_MS * 2 / 3 + LIFETIME_MS / 10;

impl Fixture {
    /// Lets `step` of time pass on both clocks; the scheduler and every other task run
    /// meanwhile.
    async fn pass(&self, step: Duration) {
        self.clock.advance_ms(crate::clock::millis(step));
        tokio::time::sleep(step).await;
    }

    /// Lets time pass in `step`s until `done`, for at most `limit`; the wall time (manual clock,
    /// since the call) at which `done` first held.
    async fn pass_until(
        &self,
        step: Duration,
        limit: Duration,
        done: impl Fn(&Self) -> bool,
    ) -> i64 {
        let start = self.clock.now_ms();
        while !done(self) {
            assert!(
                self.clock.now_ms() - start <= crate::clock::millis(limit),
                "not done after {limit:?}"
            );
            self.pass(step).await;
        }
        self.clock.now_ms() - start
    }

    /// Logs in `count` anonymous users of their own uids (1, 2, ...).
    async fn log_in_many(&self, count: u32) {
        for uid in 1..=count {
            self.log_in(uid, true).await;
        }
    }

    /// The access token expiry of every logged-in user.
    fn expiries(&self) -> Vec<i64> {
        let app = self.sessions.core.apps.get("app").unwrap();
        let users = app.users.read();
        users
            .list(None)
            .iter()
            .filter_map(|view| view.access_token_expires_at)
            .map(|at| {
                i64::try_from(
                    at.duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .as_millis(),
                )
                .unwrap()
            })
            .collect()
    }
}

#[tokio::test(start_paused = true)]
async fn a_cached_token_is_read_while_a_writer_holds_its_turn() {
    let fixture = fixture();
    fixture.log_in(7, true).await;
    let app = fixture.sessions.core.apps.get("app").unwrap();
    // A writer in the middle of its step: its turn is held as it is across a disk commit.
    let turn = app.users.writing().await;
    let cached = tokio::time::timeout(Duration::from_millis(1), fixture.token(false)).await;
    assert!(
        matches!(cached, Ok(Ok(_))),
        "the cached token is served without waiting for the writer"
    );
    // Another writer waits for the turn.
    let sessions = fixture.sessions.clone();
    let mut login = tokio::spawn(async move {
        sessions
            .operations()
            .log_in(&caller(8), "", Credentials::Anonymous { new_user: true })
            .await
    });
    let waited = tokio::time::timeout(Duration::from_secs(5), &mut login).await;
    assert!(waited.is_err(), "a login commits only in its turn");
    drop(turn);
    login.await.unwrap().unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_scheduler_refreshes_before_expiry_at_jittered_points() {
    let fixture = fixture();
    fixture.log_in_many(20).await;
    fixture.sessions.start();
    let mut seen = 0;
    let mut refresh_times = Vec::new();
    let start = fixture.clock.now_ms();
    while seen < 20 {
        assert!(
            fixture.clock.now_ms() - start < LIFETIME_MS,
            "a token expired unrefreshed"
        );
        fixture.pass(Duration::from_millis(50)).await;
        let now_seen = fixture.refreshes();
        for _ in seen..now_seen {
            refresh_times.push(fixture.clock.now_ms() - start);
        }
        seen = now_seen;
    }
    println!("refreshes at (ms after login): {refresh_times:?}");
    for at in &refresh_times {
        assert!(
            (EARLIEST_REFRESH_MS..=LATEST_REFRESH_MS + 50).contains(at),
            "{at} ms is outside the refresh window"
        );
    }
    let distinct: std::collections::BTreeSet<_> = refresh_times.iter().collect();
    assert!(
        distinct.len() >= 5,
        "sessions logged in together refresh apart: {refresh_times:?}"
    );
    // Every session holds its new token, due again two thirds of a lifetime on.
    assert!(
        fixture
            .expiries()
            .iter()
            .all(|at| *at > fixture.clock.now_ms())
    );
    fixture.sessions.shut_down().await;
}

#[tokio::test(start_paused = true)]
async fn a_suspend_that_jumps_the_wall_clock_refreshes_every_expired_token_within_seconds() {
    let fixture = fixture();
    fixture.log_in_many(5).await;
    fixture.sessions.start();
    fixture.pass(Duration::from_secs(1)).await;
    assert_eq!(
        fixture.refreshes(),
        0,
        "nothing is due a second after login"
    );
    // Suspended for three hours: the wall clock jumps, tokio's (monotonic) clock does not.
    fixture.clock.advance_ms(3 * 3_600_000);
    let resumed = fixture.clock.now_ms();
    assert!(
        fixture.expiries().iter().all(|at| *at < resumed),
        "every token expired in the suspend"
    );
    let took = fixture
        .pass_until(
            Duration::from_millis(100),
            Duration::from_secs(10),
            |fixture| fixture.refreshes() == 5,
        )
        .await;
    println!("every expired token refreshed {took} ms after the resume");
    // Sooner than the schedule's own next deadline (about 5 s of monotonic time away): the
    // scheduler re-reads the wall clock every 2 s whatever it waits for.
    assert!(took <= 2_200, "{took} ms after the resume");
    // Before any caller asked: the tokens are fresh and no caller refreshed anything.
    let now = fixture.clock.now_ms();
    assert!(fixture.expiries().iter().all(|at| *at > now));
    let token = fixture
        .sessions
        .refresh_path()
        .access_token(
            &caller(3),
            Target::default(),
            Duration::from_secs(5),
            false,
            &Purpose::default(),
        )
        .await
        .unwrap();
    assert!(!token.stale);
    assert_eq!(
        fixture.refreshes(),
        5,
        "the caller got the refreshed token as it was"
    );
    fixture.sessions.shut_down().await;
}

#[tokio::test(start_paused = true)]
async fn scheduled_retries_after_failures_back_off_and_recover() {
    let fixture = fixture();
    fixture.log_in(7, true).await;
    for _ in 0..4 {
        fixture.queue_refresh(Answer::Fail(ErrorKind::Unavailable));
    }
    fixture.sessions.start();
    let mut attempts = Vec::new();
    let start = fixture.clock.now_ms();
    while attempts.len() < 5 {
        assert!(
            fixture.clock.now_ms() - start < 60_000,
            "attempts: {attempts:?}"
        );
        let before = fixture.refreshes();
        fixture.pass(Duration::from_millis(10)).await;
        if fixture.refreshes() > before {
            attempts.push(fixture.clock.now_ms() - start);
        }
    }
    println!("refresh attempts at (ms after login): {attempts:?}");
    let gaps: Vec<i64> = attempts.windows(2).map(|pair| pair[1] - pair[0]).collect();
    // backoff_base 1 s: the n-th retry waits between half and all of 1 s, 2 s, 4 s, 8 s.
    for (n, gap) in gaps.iter().enumerate() {
        let ceiling = 1000 << n;
        assert!(
            (ceiling / 2..=ceiling + 20).contains(gap),
            "retry {} came {gap} ms after the previous one (ceiling {ceiling} ms)",
            n + 1
        );
    }
    // The fifth attempt succeeded: the session is fresh and no longer backing off.
    let token = fixture.token(false).await.unwrap();
    assert!(!token.stale);
    assert_eq!(fixture.refreshes(), 5);
    fixture.sessions.shut_down().await;
}
