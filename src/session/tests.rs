//! The session core on a manual clock and an in-memory backend whose answers each test queues:
//! the one refresh path (single flight, backoff shared by every trigger, a refused access token
//! refreshed and the call retried, a refused refresh token ending the session once), the
//! current-user bookkeeping, and records stored by earlier versions. Nothing sleeps.

use std::collections::{BTreeMap, VecDeque};
use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::broadcast::error::TryRecvError;

use super::*;
use crate::backend::capabilities::{Accounts, ApiKeys, Linking, Purposes};
use crate::backend::{
    AccessGrant, AccountCall, ApiKeyAnswer, ApiKeyCall, Capabilities, Classify, Credentials,
    ErrorKind, Grant, Profile, Purpose, RefreshGrant, Refreshed, UserTraits,
};
use crate::backend::{CredentialKind, Identity};
use crate::clock::{Clock, ManualClock, system_time};
use crate::config::RefreshPolicy;
use crate::secret::Secret;
use crate::store::{Change, StoredState, UserRecord};
use std::time::Duration;

mod fake_backend;
mod lookups;
mod purposes;
mod sealed;
mod timing;

const LIFETIME_MS: i64 = 10_000;
const START_MS: i64 = 1_000_000_000_000;

use fake_backend::{Answer, FakeBackend};

struct Fixture {
    sessions: Arc<Sessions>,
    backend: Arc<FakeBackend>,
    clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
}

fn caller(uid: u32) -> Caller {
    Caller {
        uid,
        gid: uid,
        pid: None,
        groups: Arc::new([]),
        exe: "test".into(),
    }
}

fn user(user_id: &str) -> Target<'_> {
    Target {
        user_id,
        ..Target::default()
    }
}

fn setup(backend: &Arc<FakeBackend>) -> Setup {
    Setup {
        apps: BTreeMap::from([(
            "app".to_owned(),
            AppSetup {
                backend: backend.clone(),
                refresh: RefreshPolicy::default(),
            },
        )]),
        default_app: "app".to_owned(),
        rules: Rules::default(),
    }
}

fn fixture_with(dir: tempfile::TempDir, clock: Arc<ManualClock>) -> Fixture {
    let backend = FakeBackend::new(clock.clone());
    let store = SessionStore::open(dir.path(), None).unwrap();
    let sessions = Sessions::new(setup(&backend), store, clock.clone()).unwrap();
    Fixture {
        sessions,
        backend,
        clock,
        _dir: dir,
    }
}

fn fixture() -> Fixture {
    fixture_with(tempfile::tempdir().unwrap(), ManualClock::at(START_MS))
}

impl Fixture {
    async fn log_in(&self, uid: u32, new_user: bool) -> UserView {
        self.sessions
            .operations()
            .log_in(&caller(uid), "", Credentials::Anonymous { new_user })
            .await
            .unwrap()
    }

    async fn token(&self, force: bool) -> Result<AccessTokenView, SessionError> {
        self.sessions
            .refresh_path()
            .access_token(
                &caller(7),
                Target::default(),
                Duration::ZERO,
                force,
                &Purpose::default(),
            )
            .await
    }

    /// Whether any session of the app keeps a refresh gate.
    async fn holds_a_refresh_gate(&self) -> bool {
        let app = self.sessions.core.apps.get("app").unwrap();
        let users = app.users.read();
        users.list(None).iter().any(|view| {
            users
                .get(view.owner_uid, &view.id)
                .unwrap()
                .refresh_lock
                .is_some()
        })
    }

    /// `id`'s access token as `owner` asks for it, with no validity asked.
    async fn token_of(&self, owner: u32, id: &str) -> Result<AccessTokenView, SessionError> {
        self.sessions
            .refresh_path()
            .access_token(
                &caller(owner),
                user(id),
                Duration::ZERO,
                false,
                &Purpose::default(),
            )
            .await
    }

    fn refreshes(&self) -> usize {
        self.backend.refreshes.load(Ordering::SeqCst)
    }

    fn queue_refresh(&self, answer: Answer) {
        self.backend
            .refresh_answers
            .lock()
            .unwrap()
            .push_back(answer);
    }
}

/// Every event published so far, as `(user, kind name)`.
fn drain(receiver: &mut tokio::sync::broadcast::Receiver<Arc<SessionEvent>>) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match receiver.try_recv() {
            Ok(event) => seen.push(format!("{}:{}", event.user_id, name(&event.kind))),
            Err(TryRecvError::Lagged(_)) => {}
            Err(_) => return seen,
        }
    }
}

fn name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Snapshot(_) => "snapshot",
        EventKind::LoggedIn(_) => "logged_in",
        EventKind::LoggedOut { .. } => "logged_out",
        EventKind::TokenRefreshed { .. } => "token_refreshed",
        EventKind::TokenExpired { .. } => "token_expired",
        EventKind::RefreshFailed { .. } => "refresh_failed",
        EventKind::RefreshTokenExpiring { .. } => "refresh_token_expiring",
        EventKind::CurrentUserChanged { .. } => "current_user_changed",
        EventKind::UserRemoved { .. } => "user_removed",
        EventKind::ProfileUpdated(_) => "profile_updated",
        EventKind::BackendStatus { .. } => "backend_status",
        EventKind::Lagged { .. } => "lagged",
    }
}

/// `callers` concurrent requests for a token for `purpose` while the backend's refresh is held:
/// exactly one refresh goes out, and every caller gets its token. Run on paused time: a sleep
/// returns only once every other task is blocked, so the test knows that every caller is
/// waiting, without hoping.
async fn assert_one_refresh_for(callers: usize, force: bool, purpose: Purpose) {
    let fixture = fixture();
    fixture.log_in(7, true).await;
    let held = fixture.backend.refresh_gate.write().await;
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..callers {
        let (sessions, purpose) = (fixture.sessions.clone(), purpose.clone());
        calls.spawn(async move {
            sessions
                .refresh_path()
                .access_token(
                    &caller(7),
                    Target::default(),
                    Duration::ZERO,
                    force,
                    &purpose,
                )
                .await
                .map(|view| view.token.expose().to_owned())
        });
    }
    tokio::time::sleep(Duration::from_millis(1)).await;
    assert_eq!(
        fixture.refreshes(),
        1,
        "every caller waits on the one refresh in flight"
    );
    drop(held);
    let mut tokens = std::collections::BTreeSet::new();
    while let Some(result) = calls.join_next().await {
        tokens.insert(result.unwrap().unwrap());
    }
    assert_eq!(fixture.refreshes(), 1);
    assert_eq!(tokens.len(), 1, "{tokens:?}");
    // The gate went with the last caller; the next refresh makes another.
    assert!(!fixture.holds_a_refresh_gate().await, "gate released");
    if force {
        fixture.token(true).await.unwrap();
        assert_eq!(fixture.refreshes(), 2);
        assert!(!fixture.holds_a_refresh_gate().await, "gate released again");
    }
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_share_one_refresh() {
    assert_one_refresh_for(50, true, Purpose::default()).await;
}

#[tokio::test]
async fn every_trigger_honours_the_backoff_until_it_is_over() {
    let fixture = fixture();
    fixture.log_in(7, true).await;
    fixture.queue_refresh(Answer::Fail(ErrorKind::Unavailable));
    let stale = fixture.token(true).await.unwrap();
    assert!(stale.stale);
    assert_eq!(fixture.refreshes(), 1);
    for _ in 0..5 {
        assert!(fixture.token(true).await.unwrap().stale, "the cached token");
    }
    let refused = fixture
        .sessions
        .refresh_path()
        .refresh_user(&caller(7), Target::default())
        .await
        .unwrap_err();
    assert!(
        matches!(refused, SessionError::BackingOff { .. }),
        "{refused}"
    );
    assert_eq!(fixture.refreshes(), 1, "nothing sent inside the backoff");
    // Past the longest first backoff (the base, 1 s) the next caller refreshes.
    fixture.clock.advance_ms(1_001);
    let fresh = fixture.token(true).await.unwrap();
    assert!(!fresh.stale);
    assert_eq!(fixture.refreshes(), 2);
    // After expiry, inside a backoff, a caller gets no token at all.
    fixture.queue_refresh(Answer::Fail(ErrorKind::Unavailable));
    fixture.clock.advance_ms(LIFETIME_MS + 1);
    assert!(fixture.token(false).await.is_err());
    assert!(matches!(
        fixture.token(false).await,
        Err(SessionError::BackingOff { .. })
    ));
    assert_eq!(fixture.refreshes(), 3);
}

#[tokio::test]
async fn a_refused_access_token_is_refreshed_and_the_call_retried_once() {
    let fixture = fixture();
    let mut events = fixture.sessions.core.events.subscribe(0).receiver;
    fixture
        .backend
        .profile_answers
        .lock()
        .unwrap()
        .push_back(Answer::Fail(ErrorKind::TokenRefused));
    let user = fixture.log_in(7, true).await;
    assert_eq!(fixture.refreshes(), 1);
    assert_eq!(fixture.backend.profiles.load(Ordering::SeqCst), 2);
    let seen = drain(&mut events);
    let refreshed: Vec<_> = seen
        .iter()
        .filter(|e| e.ends_with("token_refreshed"))
        .collect();
    assert_eq!(refreshed.len(), 1, "{seen:?}");
    assert!(seen.contains(&format!("{}:logged_in", user.id)));
    let token = fixture.token(false).await.unwrap();
    assert_eq!(token.token.expose(), "access-1", "the refreshed token");
    assert_eq!(fixture.refreshes(), 1);
}

#[tokio::test]
async fn a_refused_refresh_token_ends_the_session_once() {
    let fixture = fixture();
    let kept = fixture.log_in(7, true).await;
    let other = fixture
        .sessions
        .operations()
        .log_in(&caller(7), "", Credentials::ApiKey(Secret::new("k")))
        .await
        .unwrap();
    let mut events = fixture.sessions.core.events.subscribe(0).receiver;
    fixture.queue_refresh(Answer::Fail(ErrorKind::TokenRefused));
    let refused = fixture.token(true).await.unwrap_err();
    assert!(
        matches!(refused, SessionError::ReauthRequired(_)),
        "{refused}"
    );
    let again = fixture
        .sessions
        .refresh_path()
        .access_token(
            &caller(7),
            user(&other.id),
            Duration::ZERO,
            true,
            &Purpose::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(again, SessionError::ReauthRequired(_)), "{again}");
    assert_eq!(fixture.refreshes(), 1);
    let seen = drain(&mut events);
    assert_eq!(
        seen,
        [
            format!("{}:token_expired", other.id),
            format!("{}:current_user_changed", kept.id)
        ]
    );
    let listed = fixture
        .sessions
        .operations()
        .list_users(&caller(7), None, false, "")
        .await
        .unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[1].state, UserState::LoggedOut);
    assert!(listed[0].is_current, "the current user fell back");
}

#[tokio::test]
async fn current_users_follow_the_rules_of_spec_section_8() {
    let fixture = fixture();
    let anonymous = fixture.log_in(7, true).await;
    assert!(anonymous.is_current && anonymous.is_anonymous);
    assert_eq!(anonymous.created_at, system_time(START_MS));
    fixture.clock.advance_ms(5_000);
    let reused = fixture.log_in(7, false).await;
    assert_eq!(reused.id, anonymous.id, "reuse without a request");
    assert_eq!(reused.last_used_at, system_time(START_MS + 5_000));
    let keyed = fixture
        .sessions
        .operations()
        .log_in(&caller(7), "", Credentials::ApiKey(Secret::new("k")))
        .await
        .unwrap();
    assert!(keyed.is_current && !keyed.is_anonymous);
    let theirs = fixture.log_in(8, true).await;
    assert!(theirs.is_current, "another uid has its own current user");
    let out = fixture
        .sessions
        .operations()
        .end_session(&caller(7), user(&anonymous.id), Ending::LogOut)
        .await
        .unwrap();
    assert_eq!(out.state, UserState::Removed, "an anonymous logout removes");
    let out = fixture
        .sessions
        .operations()
        .end_session(&caller(7), Target::default(), Ending::LogOut)
        .await
        .unwrap();
    assert_eq!(
        (out.id.as_str(), out.state),
        (keyed.id.as_str(), UserState::LoggedOut)
    );
    assert!(matches!(
        fixture
            .sessions
            .operations()
            .current_user(&caller(7), None, "")
            .await,
        Err(SessionError::NoCurrentUser)
    ));
    assert!(matches!(
        fixture
            .sessions
            .operations()
            .switch_user(&caller(7), user(&keyed.id))
            .await,
        Err(SessionError::UserNotLoggedIn(_))
    ));
    assert!(matches!(
        fixture
            .sessions
            .operations()
            .end_session(&caller(8), user(&keyed.id), Ending::LogOut)
            .await,
        Err(SessionError::UserNotFound)
    ));
}

#[tokio::test]
async fn records_of_earlier_versions_get_their_expiry_from_the_backend() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = SessionStore::open(dir.path(), None).unwrap();
        let mut record = UserRecord::new(7, &"app".into(), "old-user", START_MS, 0);
        record.state = StoredState::LoggedIn;
        record.access_token = Some(Secret::new("stored-access"));
        record.refresh_token = Some(Secret::new("stored-refresh"));
        record.access_received_at_ms = Some(START_MS);
        store
            .commit(vec![Change::PutUser(Box::new(record))])
            .await
            .unwrap();
    }
    let fixture = fixture_with(dir, ManualClock::at(START_MS + 1_000));
    let user = fixture
        .sessions
        .operations()
        .current_user(&caller(7), None, "")
        .await
        .unwrap();
    assert_eq!(
        user.access_token_expires_at,
        Some(system_time(START_MS + LIFETIME_MS))
    );
    assert_eq!(user.custom_data.unwrap()["read"], "again");
    let token = fixture.token(false).await.unwrap();
    assert_eq!(token.token.expose(), "stored-access", "no refresh needed");
    assert_eq!(fixture.refreshes(), 0);
    // A record without the refresh token's receipt time keeps the token in memory.
    fixture.token(true).await.unwrap();
    assert_eq!(
        *fixture.backend.refresh_tokens.lock().unwrap(),
        [Some("stored-refresh".to_owned())]
    );
}

/// A session's refresh token leaves memory once its record is committed, and every refresh
/// sends the one its login got, read back from the store.
#[tokio::test]
async fn refreshes_send_the_refresh_token_read_back_from_the_store() {
    let fixture = fixture();
    let user = fixture.log_in(7, true).await;
    {
        let app = fixture.sessions.core.apps.get("app").unwrap();
        let users = app.users.read();
        let record = &users.get(7, &user.id).unwrap().record;
        assert!(
            record.refresh_token.is_none() && record.refresh_stored,
            "not in memory"
        );
    }
    fixture.token(true).await.unwrap();
    fixture.clock.advance_ms(2_000);
    fixture.token(true).await.unwrap();
    let sent = fixture.backend.refresh_tokens.lock().unwrap().clone();
    assert_eq!(
        sent,
        [Some("refresh-0".to_owned()), Some("refresh-0".to_owned())]
    );
}
