//! Fuzz entry for the store's record decoding (see `crate::fuzzing`): arbitrary bytes as a stored
//! record, as a sealed blob, and as bit flips of a valid sealed record. Decoding refuses cleanly;
//! a sealed token opens only unchanged and only under the identity it was sealed for.

use super::record::{Opening, decode_record, encode_record, identity};
use super::seal::SealKey;
use super::{StoredIdToken, StoredIdentity, StoredState, UserRecord};
use crate::secret::Secret;

/// A fixed key: fuzzing needs repeatable runs, not secrecy.
const KEY: [u8; 32] = [7; 32];

pub(crate) fn fuzz(data: &[u8]) {
    let Ok(key) = SealKey::from_bytes(&KEY, "fuzz".into()) else {
        return;
    };
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => {
            // As at start (the sealed part left for later) and as on first use.
            let _ = decode_record(&key, rest, Opening::Deferred);
            let _ = decode_record(&key, rest, Opening::Now);
        }
        1 => {
            if let Ok(text) = std::str::from_utf8(rest) {
                let _ = key.open(text, b"0\0app\0user");
            }
        }
        _ => flipped(&key, rest),
    }
}

/// Flips the bits `positions` names (two bytes each) in a valid stored record, then decodes it.
fn flipped(key: &SealKey, positions: &[u8]) {
    let original = sample();
    let Ok(encoded) = encode_record(key, original.clone(), None) else {
        return;
    };
    let mut bytes = encoded.to_vec();
    for pair in positions.chunks_exact(2).take(8) {
        let at = usize::from(u16::from_le_bytes([pair[0], pair[1]]) >> 3) % bytes.len();
        bytes[at] ^= 1 << (pair[1] & 7);
    }
    if let Ok(decoded) = decode_record(key, &bytes, Opening::Now)
        && decoded.refresh_token.is_some()
    {
        assert_eq!(
            identity(&decoded),
            identity(&original),
            "opened under another identity"
        );
        let expose = |record: &UserRecord| {
            (
                record.access_token.as_ref().map(|t| t.expose().to_owned()),
                record.refresh_token.as_ref().map(|t| t.expose().to_owned()),
                record
                    .id_token
                    .as_ref()
                    .map(|id| (id.token.expose().to_owned(), id.expires_at_ms)),
            )
        };
        assert_eq!(
            expose(&decoded),
            expose(&original),
            "a sealed token changed"
        );
    }
}

pub(super) fn sample() -> UserRecord {
    UserRecord {
        owner_uid: 1000,
        app: "app".into(),
        user_id: "user".to_owned(),
        state: StoredState::LoggedIn,
        provider_type: "anon-user".into(),
        access_token: Some(Secret::new("access.token.value")),
        refresh_token: Some(Secret::new("refresh.token.value")),
        refresh_stored: false,
        sealed_unopened: false,
        device_id: "device".into(),
        identities: vec![StoredIdentity {
            id: "i".into(),
            provider_type: "anon-user".into(),
        }],
        profile: None,
        created_at_ms: 1,
        last_used_at_ms: 2,
        order: 3,
        access_received_at_ms: Some(4),
        refresh_received_at_ms: Some(5),
        access_expires_at_ms: Some(6),
        refresh_expires_at_ms: None,
        access_ends_at_refresh: false,
        custom_data: None,
        id_token: Some(Box::new(StoredIdToken {
            token: Secret::new("id.token.value"),
            received_at_ms: 4,
            expires_at_ms: 7,
        })),
        expired: false,
    }
}
