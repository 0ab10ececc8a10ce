//! The store's deferred opening: what a start reads without the tokens, and what a first use
//! opens, a damaged record included.

use super::*;

fn record(user_id: &str, order: u64) -> UserRecord {
    let mut record = fuzz::sample();
    record.user_id = user_id.to_owned();
    record.order = order;
    record
}

/// Replaces one character of the sealed part of `user_id`'s stored record, behind the store's
/// back, as a damaged disk would.
fn damage(store: &SessionStore, owner_uid: u32, user_id: &str) {
    store
        .db
        .with(|db| {
            let txn = db.begin_write().map_err(io)?;
            {
                let mut users = txn.open_table(USERS).map_err(io)?;
                let key = (owner_uid, "app", user_id);
                let bytes = users.get(key).map_err(io)?.unwrap().value().to_vec();
                let text = String::from_utf8(bytes).unwrap();
                let sealed = sealed_part(text.as_bytes()).unwrap().unwrap();
                let at = sealed.len() / 2;
                let flipped = if &sealed[at..=at] == "A" { "B" } else { "A" };
                let damaged = format!("{}{flipped}{}", &sealed[..at], &sealed[at + 1..]);
                let text = text.replace(&sealed, &damaged);
                users.insert(key, text.as_bytes()).map_err(io)?;
            }
            txn.commit().map_err(io)
        })
        .unwrap();
}

#[tokio::test]
async fn a_start_opens_one_record_and_a_first_use_the_rest_but_a_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = SessionStore::open(dir.path(), None).unwrap();
    let changes = ["a", "b", "c"]
        .iter()
        .zip(0..)
        .map(|(id, order)| Change::PutUser(Box::new(record(id, order))))
        .collect();
    store.commit(changes).await.unwrap();
    damage(&store, 1000, "c");

    let users = store.load().unwrap().users;
    let unopened: Vec<&str> = users
        .iter()
        .filter(|record| record.sealed_unopened)
        .map(|record| record.user_id.as_str())
        .collect();
    assert_eq!(
        unopened,
        ["b", "c"],
        "the first one met is opened, for the key"
    );
    assert!(users[0].access_token.is_some() && users[0].id_token.is_some());
    assert!(
        users[1].access_token.is_none() && users[1].refresh_stored,
        "nothing sealed read, and the refresh token known to be stored"
    );

    let opened = store
        .open_sealed(
            1000,
            "app",
            vec!["b".to_owned(), "c".to_owned(), "gone".to_owned()],
        )
        .await
        .unwrap();
    let ids: Vec<&str> = opened
        .iter()
        .map(|record| record.user_id.as_str())
        .collect();
    assert_eq!(ids, ["b"], "the damaged and the missing one left out");
    assert_eq!(
        opened[0].access_token.as_ref().unwrap().expose(),
        "access.token.value"
    );
    assert_eq!(
        opened[0].id_token.as_ref().unwrap().token.expose(),
        "id.token.value"
    );
}
