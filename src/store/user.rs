//! A stored user: the record of one user of one owner and app, as it is written (JSON, its
//! tokens sealed by [`super::record`]) and read back.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::secret::Secret;

/// One identity of a user, as stored: the provider's own name for it is kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct StoredIdentity {
    pub id: Box<str>,
    /// One copy per name in memory: see `ProviderNames` in the session layer.
    pub provider_type: std::sync::Arc<str>,
}

/// A map that is mostly empty, kept as `None` then, written and read as a map (`{}`).
mod empty_as_none {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use serde_json::{Map, Value};

    pub(super) fn serialize<S: Serializer>(
        map: &Option<Box<Map<String, Value>>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match map {
            Some(map) => map.serialize(serializer),
            None => Map::new().serialize(serializer),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Box<Map<String, Value>>>, D::Error> {
        let map = Map::deserialize(deserializer)?;
        Ok((!map.is_empty()).then(|| Box::new(map)))
    }
}

/// Whether a stored user holds tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum StoredState {
    LoggedIn,
    LoggedOut,
}

/// One user of one owner and app, as persisted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct UserRecord {
    /// OS uid that logged the user in.
    pub owner_uid: u32,
    /// Shared by every record of the app in memory.
    pub app: std::sync::Arc<str>,
    pub user_id: String,
    pub state: StoredState,
    /// Provider of the last login; one copy per name in memory.
    pub provider_type: std::sync::Arc<str>,
    pub access_token: Option<Secret>,
    /// In memory, only until the record holding it is committed: from then on the token is read
    /// from the store when a refresh, a logout or an API-key call needs it
    /// ([`SessionStore::refresh_token`]), and [`UserRecord::refresh_stored`] says it is there.
    pub refresh_token: Option<Secret>,
    /// The stored record holds a refresh token that `refresh_token` leaves out: a write of this
    /// record keeps the stored one (if it is still the one received at `refresh_received_at_ms`).
    #[serde(skip)]
    pub refresh_stored: bool,
    /// Read at start without opening its sealed part: the access token, custom data and ID
    /// token are in the store only, until the session is first used
    /// ([`super::SessionStore::open_sealed`]); a write of this record keeps the stored sealed
    /// part as it is.
    #[serde(skip)]
    pub sealed_unopened: bool,
    pub device_id: Box<str>,
    /// Identities in the backend's order.
    pub identities: Vec<StoredIdentity>,
    /// `None` for an empty profile (most users): an empty map inline is 72 bytes a session.
    #[serde(default, with = "empty_as_none")]
    pub profile: Option<Box<Map<String, Value>>>,
    /// Times are milliseconds since the Unix epoch, local clock.
    pub created_at_ms: i64,
    /// The last login or switch.
    pub last_used_at_ms: i64,
    /// Creation order among all users (`allUsers` order, spec §8.3).
    pub order: u64,
    /// When (local clock, ms) the access token was received: with the token's own lifetime it
    /// gives a local expiry that does not depend on the backend's clock.
    #[serde(default)]
    pub access_received_at_ms: Option<i64>,
    /// When (local clock, ms) the refresh token was received.
    #[serde(default)]
    pub refresh_received_at_ms: Option<i64>,
    /// When (local clock, ms) the access token stops being usable, as the backend computed it on
    /// receipt. Absent in records of versions that read it from the token on every start.
    #[serde(default)]
    pub access_expires_at_ms: Option<i64>,
    /// When (local clock, ms) the refresh token expires, when the backend could tell.
    #[serde(default)]
    pub refresh_expires_at_ms: Option<i64>,
    /// The provider ends the access token when it is refreshed: `access_expires_at_ms` is the
    /// moment the daemon replaces it, and its refresh is planned for then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub access_ends_at_refresh: bool,
    /// The app's custom data from the access token; sealed with the tokens it came in. Boxed:
    /// absent for most users, and a map inline is 72 bytes a session.
    #[serde(skip)]
    pub custom_data: Option<Box<Map<String, Value>>>,
    /// The session's ID token, for apps that serve them; sealed with the other tokens. Boxed:
    /// absent for most sessions.
    #[serde(skip)]
    pub id_token: Option<Box<StoredIdToken>>,
    /// Logged out because the backend refused the refresh token (callers are told to log in
    /// again), as opposed to logged out on request.
    #[serde(default)]
    pub expired: bool,
}

/// An ID token as stored: the token and its times (local clock, ms).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredIdToken {
    pub token: Secret,
    pub received_at_ms: i64,
    pub expires_at_ms: i64,
}
