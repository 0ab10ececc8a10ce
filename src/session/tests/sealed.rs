//! Sessions read at start without their tokens: the tokens stay sealed in the store until the
//! owner's first request opens them, and a record written before that keeps them.

use super::*;

/// Stops the fixture's sessions and starts new ones on the same store, `later_ms` on.
fn restarted(fixture: Fixture, later_ms: i64) -> Fixture {
    let Fixture {
        sessions,
        clock,
        _dir: dir,
        ..
    } = fixture;
    drop(sessions);
    fixture_with(dir, ManualClock::at(clock.now_ms() + later_ms))
}

fn sealed(fixture: &Fixture, uid: u32, user_id: &str) -> bool {
    let app = fixture.sessions.core.apps.get("app").unwrap();
    let users = app.users.read();
    users.get(uid, user_id).unwrap().record.sealed_unopened
}

async fn token_text(fixture: &Fixture, uid: u32, user_id: &str) -> String {
    let token = fixture.token_of(uid, user_id).await.unwrap().token;
    token.expose().to_owned()
}

#[tokio::test]
async fn tokens_stay_sealed_until_their_owners_first_request() {
    let first = fixture();
    let mut users = Vec::new();
    for uid in [7, 7, 8, 8] {
        users.push((uid, first.log_in(uid, true).await.id));
    }
    let fixture = restarted(first, 1_000);
    // The first sealed record met is opened at start (a wrong seal key stops the start); the
    // others are left sealed, and count as logged in all the same.
    let still_sealed: Vec<bool> = users
        .iter()
        .map(|(uid, id)| sealed(&fixture, *uid, id))
        .collect();
    assert_eq!(still_sealed.iter().filter(|s| **s).count(), 3);
    assert!(still_sealed[2] && still_sealed[3], "uid 8's come later");
    let status = fixture.sessions.status(&caller(0)).await;
    assert_eq!((status[0].logged_in, status[0].logged_out), (4, 0));

    // uid 7's first request opens uid 7's sessions, and only those; no refresh is made.
    assert_eq!(token_text(&fixture, 7, &users[1].1).await, "access-1");
    assert!(!sealed(&fixture, 7, &users[0].1) && !sealed(&fixture, 7, &users[1].1));
    assert!(sealed(&fixture, 8, &users[2].1) && sealed(&fixture, 8, &users[3].1));
    // A listing opens the owner's sessions before it shows them.
    let listed = fixture
        .sessions
        .operations()
        .list_users(&caller(8), None, false, "")
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|view| view.state == UserState::LoggedIn
        && view.access_token_expires_at.is_some()));
    assert!(!sealed(&fixture, 8, &users[2].1) && !sealed(&fixture, 8, &users[3].1));
    assert_eq!(token_text(&fixture, 8, &users[2].1).await, "access-2");
    assert_eq!(fixture.refreshes(), 0);

    // Refreshed later with the refresh token its login got, read from the store (the
    // restarted backend numbers its tokens from 0 again).
    fixture.clock.advance_ms(LIFETIME_MS);
    assert_eq!(token_text(&fixture, 8, &users[3].1).await, "access-0");
    assert_eq!(
        *fixture.backend.refresh_tokens.lock().unwrap(),
        [Some("refresh-3".to_owned())]
    );
}

/// A scheduled refresh may be a session's first use: it opens the session first.
#[tokio::test]
async fn a_scheduled_refresh_opens_the_session_first() {
    let first = fixture();
    first.log_in(7, true).await;
    let later = first.log_in(7, true).await.id;
    let fixture = restarted(first, LIFETIME_MS);
    assert!(sealed(&fixture, 7, &later));
    let app = fixture.sessions.core.apps.get("app").unwrap();
    let key = {
        let users = app.users.read();
        users.key_of(users.get(7, &later).unwrap())
    };
    fixture
        .sessions
        .refresh_path()
        .run_job(key, crate::session::scheduler::Job::Refresh)
        .await;
    assert!(!sealed(&fixture, 7, &later));
    assert_eq!(fixture.refreshes(), 1);
    assert_eq!(
        token_text(&fixture, 7, &later).await,
        "access-0",
        "the refreshed one"
    );
}

/// A record read without its tokens and written again before they were opened keeps them:
/// its sealed part is written back as it was.
#[tokio::test]
async fn a_record_written_before_its_tokens_were_opened_keeps_them() {
    let first = fixture();
    first.log_in(7, true).await;
    first.log_in(7, true).await;
    let Fixture {
        sessions,
        _dir: dir,
        ..
    } = first;
    drop(sessions);
    let store = SessionStore::open(dir.path(), None).unwrap();
    let mut record = store
        .load()
        .unwrap()
        .users
        .into_iter()
        .find(|record| record.sealed_unopened)
        .unwrap();
    assert!(record.access_token.is_none() && record.refresh_token.is_none());
    record.last_used_at_ms += 5;
    let (used, user_id) = (record.last_used_at_ms, record.user_id.clone());
    store
        .commit(vec![Change::PutUser(Box::new(record))])
        .await
        .unwrap();
    let opened = store.open_sealed(7, "app", vec![user_id]).await.unwrap();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].last_used_at_ms, used);
    assert!(opened[0].access_token.is_some());
    assert!(opened[0].refresh_token.is_some());
}

/// A session whose tokens the store no longer holds, or holds damaged (left out by
/// [`SessionStore::open_sealed`]), is over: its user is told to log in again, and the owner's
/// other sessions are served.
#[tokio::test]
async fn a_session_whose_tokens_do_not_open_is_over() {
    let first = fixture();
    let kept = first.log_in(7, true).await.id;
    let lost = first.log_in(7, true).await.id;
    let fixture = restarted(first, 1_000);
    let app = fixture.sessions.core.apps.get("app").unwrap();
    let missing = app
        .users
        .update(|users| users.opened(7, vec![lost.clone()], Vec::new()));
    assert_eq!(missing, std::slice::from_ref(&lost));
    let refused = fixture.token_of(7, &lost).await;
    assert!(
        matches!(refused, Err(SessionError::ReauthRequired(_))),
        "{refused:?}"
    );
    assert_eq!(token_text(&fixture, 7, &kept).await, "access-0");
    assert_eq!(fixture.refreshes(), 0);
}
