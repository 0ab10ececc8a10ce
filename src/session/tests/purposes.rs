//! Tokens for a purpose (scopes, audience) on the manual clock: cached per purpose, refreshed
//! when forced or short of `min_valid`, one refresh at a time, and never in the way of the
//! session's own token.

use super::*;

fn api(scopes: &[&str]) -> Purpose {
    Purpose::new(
        scopes.iter().map(|scope| (*scope).to_owned()).collect(),
        "https://api.example.test".to_owned(),
    )
}

impl Fixture {
    async fn token_for(
        &self,
        purpose: &Purpose,
        min_valid: Duration,
        force: bool,
    ) -> Result<AccessTokenView, SessionError> {
        self.sessions
            .refresh_path()
            .access_token(&caller(7), Target::default(), min_valid, force, purpose)
            .await
    }
}

#[tokio::test]
async fn a_purpose_token_is_cached_and_refreshed_when_forced_or_short() {
    let fixture = fixture();
    fixture.log_in(7, true).await;
    let own = fixture.token(false).await.unwrap();
    let read = fixture
        .token_for(&api(&["read"]), Duration::ZERO, false)
        .await
        .unwrap();
    assert_ne!(read.token.expose(), own.token.expose());
    assert_eq!(fixture.refreshes(), 1);
    // Cached: the same scopes in another order and twice are the same purpose.
    let again = fixture
        .token_for(&api(&["read", "read"]), Duration::ZERO, false)
        .await
        .unwrap();
    assert_eq!(again.token.expose(), read.token.expose());
    assert_eq!(fixture.refreshes(), 1);
    // Another purpose is another token.
    let write = fixture
        .token_for(&api(&["write"]), Duration::ZERO, false)
        .await
        .unwrap();
    assert_ne!(write.token.expose(), read.token.expose());
    assert_eq!(fixture.refreshes(), 2);
    // Forced, or short of min_valid (once it is no longer fresh): refreshed.
    let forced = fixture
        .token_for(&api(&["read"]), Duration::ZERO, true)
        .await
        .unwrap();
    assert_ne!(forced.token.expose(), read.token.expose());
    assert_eq!(fixture.refreshes(), 3);
    fixture.clock.advance_ms(LIFETIME_MS / 2);
    let long = Duration::from_millis(u64::try_from(LIFETIME_MS).unwrap());
    let renewed = fixture
        .token_for(&api(&["read"]), long, false)
        .await
        .unwrap();
    assert_ne!(renewed.token.expose(), forced.token.expose());
    assert_eq!(fixture.refreshes(), 4);
    // The session's own token did not move.
    assert_eq!(
        fixture.token(false).await.unwrap().token.expose(),
        own.token.expose()
    );
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_of_one_purpose_share_one_refresh() {
    assert_one_refresh_for(20, false, api(&["read"])).await;
}

#[tokio::test]
async fn a_purpose_the_server_refuses_leaves_the_session_alone() {
    let fixture = fixture();
    fixture.log_in(7, true).await;
    fixture.queue_refresh(Answer::Fail(ErrorKind::ProviderNotSupported));
    let refused = fixture
        .token_for(&api(&["admin"]), Duration::ZERO, false)
        .await;
    assert!(
        matches!(refused, Err(SessionError::Backend(_))),
        "{refused:?}"
    );
    // No backoff was set: the session refreshes at once, and a purpose token still comes.
    fixture.token(true).await.unwrap();
    fixture
        .token_for(&api(&["read"]), Duration::ZERO, false)
        .await
        .unwrap();
    // A refused refresh token ends the session whatever the purpose asked for.
    fixture.queue_refresh(Answer::Fail(ErrorKind::TokenRefused));
    let ended = fixture
        .token_for(&api(&["write"]), Duration::ZERO, false)
        .await;
    assert!(
        matches!(ended, Err(SessionError::ReauthRequired(_))),
        "{ended:?}"
    );
    let after = fixture
        .token_for(&api(&["read"]), Duration::ZERO, false)
        .await;
    assert!(after.is_err(), "the session is over: {after:?}");
}
