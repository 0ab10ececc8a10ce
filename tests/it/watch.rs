//! `WatchEvents`: a snapshot first, live events in order, `resume_after` across a reconnect,
//! other uids' events never delivered, and a subscriber that never reads lagged without slowing
//! anyone.

use std::time::Duration;

use latchkey::proto;

use crate::harness::*;

/// A snapshot first, then live events in order with no gaps in `seq`; another uid's events are
/// not delivered; a reconnect with `resume_after` gets exactly what it missed.
#[tokio::test]
async fn watch_snapshot_live_order_and_resume() {
    let emulator = Emulator::start();
    let daemon = Daemon::start(&emulator.base_url).await;
    let mut client = daemon.sessions().await;
    let a = log_in(&mut client, anonymous(true)).await.unwrap();
    let mut stream = watch(
        &mut client,
        proto::WatchEventsRequest {
            include_snapshot: true,
            ..Default::default()
        },
    )
    .await;
    let snapshot = next_event(&mut stream, Duration::from_secs(2)).await;
    assert_eq!(
        (kind(&snapshot), snapshot.user_id.as_str()),
        ("snapshot", a.id.as_str())
    );

    let b = log_in(&mut client, anonymous(true)).await.unwrap();
    client
        .switch_user(proto::SwitchUserRequest {
            app: String::new(),
            user_id: a.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    log_out(&mut client, &b.id).await.unwrap();
    let expected = [
        ("logged_in", &b.id),
        ("current_user_changed", &b.id),
        ("current_user_changed", &a.id),
        ("logged_out", &b.id),
        ("user_removed", &b.id),
    ];
    let mut last_seq = snapshot.seq;
    for (want_kind, want_user) in expected {
        let event = next_event(&mut stream, Duration::from_secs(2)).await;
        assert_eq!(
            (kind(&event), &event.user_id),
            (want_kind, want_user),
            "{event:?}"
        );
        assert!(event.seq > last_seq, "in order");
        last_seq = event.seq;
    }
    // Another uid's events are not delivered, nor counted: the next event is ours, and its seq
    // is the time it was published (microseconds), which tells nothing of how many events other
    // uids had in between.
    let other = cli_as(&daemon.socket, &["login", "anonymous"], "", Some(65534));
    assert!(other.status.success());
    client
        .switch_user(proto::SwitchUserRequest {
            app: String::new(),
            user_id: a.id.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let before = micros_now();
    let mine = log_in(&mut client, anonymous(false)).await.unwrap();
    assert_eq!(mine.id, a.id);
    let event = next_event(&mut stream, Duration::from_secs(2)).await;
    let after = micros_now();
    assert_eq!((kind(&event), &event.user_id), ("logged_in", &a.id));
    assert!(
        (before..=after).contains(&event.seq),
        "seq {} is not a time between {before} and {after}",
        event.seq
    );
    last_seq = event.seq;
    drop(stream);

    // Changes while disconnected, then resume.
    let c = log_in(&mut client, anonymous(true)).await.unwrap();
    log_out(&mut client, &c.id).await.unwrap();
    let mut resumed = watch(
        &mut client,
        proto::WatchEventsRequest {
            resume_after: last_seq,
            ..Default::default()
        },
    )
    .await;
    let replay = [
        ("logged_in", &c.id),
        ("current_user_changed", &c.id),
        ("logged_out", &c.id),
        ("user_removed", &c.id),
        ("current_user_changed", &a.id),
    ];
    for (want_kind, want_user) in replay {
        let event = next_event(&mut resumed, Duration::from_secs(2)).await;
        assert_eq!(
            (kind(&event), &event.user_id),
            (want_kind, want_user),
            "{event:?}"
        );
        assert!(event.seq > last_seq, "in order");
        last_seq = event.seq;
    }
    // Tokens never travel in events.
    let text = format!("{snapshot:?}");
    assert!(!text.contains("eyJ"), "an event carries a JWT");
}

/// A subscriber that never reads loses events and is told so; it never slows the daemon or the
/// other clients.
#[tokio::test]
async fn a_subscriber_that_never_reads_gets_lagged_and_slows_no_one() {
    let emulator = Emulator::start();
    let daemon = Daemon::start_config(&load_test_config(&emulator.base_url)).await;
    let mut client = daemon.sessions().await;
    // The sleeper's HTTP/2 windows are small so that its backlog is the daemon's to handle.
    let small_window = tonic::transport::Endpoint::from_static("http://localhost")
        .initial_stream_window_size(Some(65_535))
        .initial_connection_window_size(Some(65_535));
    let socket = daemon.socket.clone();
    let sleeper_channel = small_window
        .connect_with_connector(tower::service_fn(move |_| {
            let socket = socket.clone();
            async move {
                let stream = tokio::net::UnixStream::connect(socket).await?;
                Ok::<_, std::io::Error>(hyper_util::rt::TokioIo::new(stream))
            }
        }))
        .await
        .unwrap();
    let mut sleeper_client = latchkey::proto::sessions_client::SessionsClient::new(sleeper_channel);
    let mut sleeper = watch(&mut sleeper_client, proto::WatchEventsRequest::default()).await;
    let mut reader = watch(&mut client, proto::WatchEventsRequest::default()).await;
    let reading = tokio::spawn(async move {
        let mut count = 0;
        while let Ok(Ok(Some(event))) =
            tokio::time::timeout(Duration::from_secs(3), reader.message()).await
        {
            assert_ne!(kind(&event), "lagged", "a reading subscriber must not lag");
            count += 1;
        }
        count
    });
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let channel = daemon.channel().await;
        tasks.push(tokio::spawn(async move {
            let mut client = latchkey::proto::sessions_client::SessionsClient::new(channel);
            let mut slowest = Duration::ZERO;
            for _ in 0..150 {
                let started = tokio::time::Instant::now();
                log_in(&mut client, anonymous(true)).await.unwrap();
                client
                    .get_access_token(token_request(0, false))
                    .await
                    .unwrap();
                slowest = slowest.max(started.elapsed());
            }
            slowest
        }));
    }
    for task in tasks {
        let slowest = task.await.unwrap();
        assert!(
            slowest < Duration::from_secs(2),
            "a call took {slowest:?} while a subscriber slept"
        );
    }
    let delivered = reading.await.unwrap();
    assert!(
        delivered >= 2 * 8 * 150,
        "the reading subscriber got {delivered} events"
    );
    let mut lagged = None;
    while let Ok(Ok(Some(event))) =
        tokio::time::timeout(Duration::from_secs(2), sleeper.message()).await
    {
        if let Some(proto::session_event::Kind::Lagged(gap)) = &event.kind {
            lagged = Some((gap.missed_from, gap.missed_to));
            let next = next_event(&mut sleeper, Duration::from_secs(2)).await;
            assert_eq!(
                next.seq,
                gap.missed_to + 1,
                "the stream goes on after the gap"
            );
            break;
        }
    }
    let (from, to) = lagged.expect("the sleeping subscriber was told it lagged");
    assert!(to >= from);
}
