//! Users found by id: the index holds positions in creation order, which move up when an
//! earlier user is forgotten, and is kept per owner.

use super::*;

#[tokio::test]
async fn lookups_by_user_survive_the_removal_of_an_earlier_user() {
    let fixture = fixture();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(fixture.log_in(7, true).await.id);
    }
    let other = fixture.log_in(8, true).await.id;
    for gone in [&ids[1], &ids[0]] {
        fixture
            .sessions
            .operations()
            .end_session(&caller(7), user(gone), Ending::Remove)
            .await
            .unwrap();
    }
    for id in &ids[2..] {
        assert_eq!(&fixture.token_of(7, id).await.unwrap().user_id, id);
    }
    assert_eq!(fixture.token_of(8, &other).await.unwrap().user_id, other);
    for gone in &ids[..2] {
        let err = fixture.token_of(7, gone).await.unwrap_err();
        assert!(matches!(err, SessionError::UserNotFound), "{err:?}");
    }
    // Another owner's user is not found through this owner.
    let err = fixture.token_of(7, &other).await.unwrap_err();
    assert!(matches!(err, SessionError::UserNotFound), "{err:?}");
    let listed = fixture
        .sessions
        .operations()
        .list_users(&caller(7), None, false, "app")
        .await
        .unwrap();
    let listed: Vec<&str> = listed.iter().map(|view| view.id.as_str()).collect();
    let kept: Vec<&str> = ids[2..].iter().map(String::as_str).collect();
    assert_eq!(listed, kept);
}
