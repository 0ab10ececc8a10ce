//! Crash trials: the daemon is killed (SIGKILL) at a random moment while clients log in, refresh
//! and log out; after each restart every acknowledged login is there and usable, every
//! acknowledged logout stayed out, and the store passes redb's integrity check. A short run is
//! part of the suite; `LATCHKEY_CRASH_TRIALS=200 cargo test --test it crash_trials -- --nocapture`
//! runs the long one.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use latchkey::proto::{self, sessions_client::SessionsClient};
use tonic::transport::Channel;

use crate::harness::*;

/// What the clients were told happened.
#[derive(Default)]
struct Acknowledged {
    /// Logins answered OK and not logged out since (as far as the clients know).
    in_: BTreeSet<String>,
    /// Logouts answered OK.
    out: BTreeSet<String>,
    /// Logouts sent but not answered (the daemon died meanwhile): either outcome is right.
    uncertain: BTreeSet<String>,
    operations: usize,
}

/// One client's loop until its connection breaks: log in, refresh, log the oldest user out.
async fn load(mut client: SessionsClient<Channel>, acked: Arc<Mutex<Acknowledged>>, seed: u64) {
    let mut turn = seed;
    loop {
        turn += 1;
        let step = turn % 3;
        let result = match step {
            0 | 1 => match log_in(&mut client, anonymous(true)).await {
                Ok(user) => {
                    let mut acked = acked.lock().unwrap();
                    acked.in_.insert(user.id);
                    acked.operations += 1;
                    Ok(())
                }
                Err(err) => Err(err),
            },
            _ => {
                // The victim leaves `in_` before the request goes: a logout the daemon commits
                // but cannot answer before it dies may land or not.
                let victim = {
                    let mut acked = acked.lock().unwrap();
                    let victim = acked.in_.iter().next().cloned();
                    if let Some(id) = &victim {
                        acked.in_.remove(id);
                        acked.uncertain.insert(id.clone());
                    }
                    victim
                };
                match victim {
                    Some(id) => {
                        // Refresh it, then log it out (an anonymous user is removed).
                        let _ = token(&mut client, &id, true).await;
                        match log_out(&mut client, &id).await {
                            Ok(_) => {
                                let mut acked = acked.lock().unwrap();
                                acked.uncertain.remove(&id);
                                acked.out.insert(id);
                                acked.operations += 1;
                                Ok(())
                            }
                            Err(err) => Err(err),
                        }
                    }
                    None => Ok(()),
                }
            }
        };
        if let Err(status) = result {
            // The daemon died (or is dying): this client is done.
            if status.code() == tonic::Code::Unavailable
                || status.code() == tonic::Code::Unknown
                || status.code() == tonic::Code::Cancelled
            {
                return;
            }
            // A user the other client logged out meanwhile: fine, go on.
        }
    }
}

#[tokio::test]
async fn sigkill_at_random_moments_loses_no_acknowledged_change() {
    let trials: usize = std::env::var("LATCHKEY_CRASH_TRIALS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(4);
    let emulator = Emulator::start();
    let mut daemon = Daemon::start_config(&load_test_config(&emulator.base_url)).await;
    let acked = Arc::new(Mutex::new(Acknowledged::default()));
    let mut checked_in = 0;
    for trial in 0..trials {
        let mut clients = tokio::task::JoinSet::new();
        for seed in 0..3 {
            let client = daemon.sessions().await;
            clients.spawn(load(client, acked.clone(), seed));
        }
        let delay = 100 + rand::random::<u64>() % 400;
        tokio::time::sleep(Duration::from_millis(delay)).await;
        daemon.kill9();
        while clients.join_next().await.is_some() {}
        daemon.spawn().await;
        let mut client = daemon.sessions().await;
        let present: Vec<proto::User> = users(&mut client).await;
        let logged_in: BTreeSet<String> = present
            .iter()
            .filter(|user| state(user) == proto::UserState::LoggedIn)
            .map(|user| user.id.clone())
            .collect();
        checked_in = {
            let acked = acked.lock().unwrap();
            let lost: Vec<&String> = acked.in_.difference(&logged_in).collect();
            assert!(
                lost.is_empty(),
                "trial {trial}: acknowledged logins lost: {lost:?}"
            );
            let back: Vec<&String> = acked.out.intersection(&logged_in).collect();
            assert!(
                back.is_empty(),
                "trial {trial}: acknowledged logouts back: {back:?}"
            );
            acked.in_.len()
        };
        // Every acknowledged session still works.
        let ids: Vec<String> = logged_in.iter().take(5).cloned().collect();
        for id in ids {
            token(&mut client, &id, false)
                .await
                .expect("a kept session answers");
        }
    }
    daemon.kill9();
    let mut store = redb::Database::open(daemon.store_path()).expect("the store opens");
    assert!(store.check_integrity().expect("integrity check runs"));
    let acked = acked.lock().unwrap();
    println!(
        "crash trials: {trials} SIGKILLs, {} acknowledged operations, {} sessions kept, 0 lost",
        acked.operations, checked_in
    );
    assert!(acked.operations > trials, "the load did something");
}
