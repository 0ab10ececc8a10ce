//! A record's form on disk: everything but the tokens in clear JSON, the tokens (and what was
//! read from them) sealed under the store's key and bound to the record's identity.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::seal::SealKey;
use super::{StoreError, StoredIdToken, UserRecord, io};
use crate::secret::Secret;

/// A record as written: the tokens sealed, bound to the record's identity.
#[derive(Serialize)]
struct DiskRecord {
    #[serde(flatten)]
    record: UserRecord,
    /// Sealed JSON of the tokens and what was read from them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed_tokens: Option<String>,
}

/// The tokens as sealed, with what was read from them.
#[derive(Serialize, Deserialize)]
struct SealedTokens {
    access: Option<Secret>,
    refresh: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    custom_data: Option<Box<Map<String, Value>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<Box<StoredIdToken>>,
}

pub(super) fn identity(record: &UserRecord) -> Vec<u8> {
    format!("{}\0{}\0{}", record.owner_uid, record.app, record.user_id).into_bytes()
}

/// A record as stored: everything but the tokens in clear, the tokens sealed under `key` and
/// bound to the record's identity. A record whose sealed part was never opened
/// ([`UserRecord::sealed_unopened`]) is written with `kept_sealed`, the part as it was stored
/// (same identity, so it still opens).
pub(super) fn encode_record(
    key: &SealKey,
    mut record: UserRecord,
    kept_sealed: Option<String>,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    if record.sealed_unopened {
        let disk = DiskRecord {
            record,
            sealed_tokens: kept_sealed,
        };
        return serde_json::to_vec(&disk).map(Zeroizing::new).map_err(io);
    }
    let tokens = SealedTokens {
        access: record.access_token.take(),
        refresh: record.refresh_token.take(),
        custom_data: record.custom_data.take(),
        id_token: record.id_token.take(),
    };
    let sealed_tokens = if tokens.access.is_some() || tokens.refresh.is_some() {
        let plain = Zeroizing::new(serde_json::to_vec(&tokens).map_err(io)?);
        Some(key.seal(&plain, &identity(&record))?)
    } else {
        None
    };
    let disk = DiskRecord {
        record,
        sealed_tokens,
    };
    serde_json::to_vec(&disk).map(Zeroizing::new).map_err(io)
}

/// Whether [`decode_record`] opens the sealed part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opening {
    /// Always.
    Now,
    /// Not for a logged-in record that the session layer can serve without it until first use
    /// (it knows its times and where its refresh token is); such a record comes back with
    /// [`UserRecord::sealed_unopened`] set. Records of earlier versions are opened now.
    Deferred,
}

/// The one field of a [`DiskRecord`] that [`UserRecord`] does not have.
#[derive(Deserialize)]
struct SealedPart {
    #[serde(default)]
    sealed_tokens: Option<String>,
}

fn corrupt(err: serde_json::Error) -> StoreError {
    StoreError::Corrupt(err.to_string())
}

/// The sealed part of a stored record, as it is (not opened).
pub(super) fn sealed_part(bytes: &[u8]) -> Result<Option<String>, StoreError> {
    let part: SealedPart = serde_json::from_slice(bytes).map_err(corrupt)?;
    Ok(part.sealed_tokens)
}

/// Reads what [`encode_record`] wrote: a damaged record or sealed blob is
/// [`StoreError::Corrupt`] or [`StoreError::Key`], never a panic and never a changed record.
///
/// The record is read in two plain passes (the clear fields, then the sealed blob) rather than
/// through [`DiskRecord`]'s `flatten`, which buffers every value of the document first: a start
/// decodes every record, and the buffered pass cost about twice as much.
pub(crate) fn decode_record(
    key: &SealKey,
    bytes: &[u8],
    opening: Opening,
) -> Result<UserRecord, StoreError> {
    let mut record: UserRecord = serde_json::from_slice(bytes).map_err(corrupt)?;
    let Some(sealed) = sealed_part(bytes)? else {
        return Ok(record);
    };
    // Deferred only where nothing the session needs before its first use is sealed: its
    // times are in clear, and its refresh token is found again in the store by receipt time.
    let deferred = opening == Opening::Deferred
        && record.state == super::StoredState::LoggedIn
        && record.access_received_at_ms.is_some()
        && record.access_expires_at_ms.is_some()
        && record.refresh_received_at_ms.is_some();
    if deferred {
        record.sealed_unopened = true;
        record.refresh_stored = true;
        return Ok(record);
    }
    let plain = key.open(&sealed, &identity(&record))?;
    let tokens: SealedTokens = serde_json::from_slice(&plain).map_err(corrupt)?;
    record.access_token = tokens.access;
    record.refresh_token = tokens.refresh;
    record.custom_data = tokens.custom_data;
    record.id_token = tokens.id_token;
    Ok(record)
}
