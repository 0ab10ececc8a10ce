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
/// bound to the record's identity.
pub(super) fn encode_record(
    key: &SealKey,
    mut record: UserRecord,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
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

/// Reads what [`encode_record`] wrote: a damaged record or sealed blob is
/// [`StoreError::Corrupt`] or [`StoreError::Key`], never a panic and never a changed record.
///
/// The record is read in two plain passes (the clear fields, then the sealed blob) rather than
/// through [`DiskRecord`]'s `flatten`, which buffers every value of the document first: a start
/// decodes every record, and the buffered pass cost about twice as much.
pub(crate) fn decode_record(key: &SealKey, bytes: &[u8]) -> Result<UserRecord, StoreError> {
    /// The one field of a [`DiskRecord`] that [`UserRecord`] does not have.
    #[derive(Deserialize)]
    struct SealedPart {
        #[serde(default)]
        sealed_tokens: Option<String>,
    }
    let corrupt = |err: serde_json::Error| StoreError::Corrupt(err.to_string());
    let mut record: UserRecord = serde_json::from_slice(bytes).map_err(corrupt)?;
    let part: SealedPart = serde_json::from_slice(bytes).map_err(corrupt)?;
    if let Some(sealed) = part.sealed_tokens {
        let plain = key.open(&sealed, &identity(&record))?;
        let tokens: SealedTokens = serde_json::from_slice(&plain).map_err(corrupt)?;
        record.access_token = tokens.access;
        record.refresh_token = tokens.refresh;
        record.custom_data = tokens.custom_data;
        record.id_token = tokens.id_token;
    }
    Ok(record)
}
