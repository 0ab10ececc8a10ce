//! Durable session state: one redb database file under the state directory.
//!
//! A change set is committed in one transaction with immediate durability (fsync) before the
//! caller is answered, so `kill -9` at any moment loses nothing that was acknowledged. The store
//! holds what it is given: deciding what must not be written (Facebook picture URLs) is the
//! session layer's job. Never logs record contents.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::backend::Identity;
use crate::secret::Secret;

/// Users: (owner uid, app, user id) -> JSON of [`UserRecord`].
const USERS: TableDefinition<(u32, &str, &str), &[u8]> = TableDefinition::new("users");
/// Current user: (owner uid, app) -> user id.
const CURRENT: TableDefinition<(u32, &str), &str> = TableDefinition::new("current_user");

/// File name of the database inside the state directory.
pub const STORE_FILE: &str = "sessions.redb";

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The state directory or database file cannot be created or opened (permissions, disk
    /// full, another daemon holding it).
    #[error("cannot open the session store at {path}: {reason}")]
    Open {
        /// The path at fault.
        path: PathBuf,
        /// What the system said.
        reason: String,
    },
    /// A read or commit failed (I/O error, disk full).
    #[error("session store I/O failed: {0}")]
    Io(String),
    /// A record does not decode (written by a newer version, or damaged).
    #[error("a stored record is unreadable: {0}")]
    Corrupt(String),
}

fn io(err: impl std::fmt::Display) -> StoreError {
    StoreError::Io(err.to_string())
}

/// Whether a stored user holds tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredState {
    /// Holds tokens.
    LoggedIn,
    /// Known, without tokens.
    LoggedOut,
}

/// One user of one owner and app, as persisted.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRecord {
    /// OS uid that logged the user in.
    pub owner_uid: u32,
    /// App configuration name.
    pub app: String,
    /// Backend user id.
    pub user_id: String,
    /// Logged in or out.
    pub state: StoredState,
    /// Provider of the last login.
    pub provider_type: String,
    /// Access token (when logged in).
    pub access_token: Option<Secret>,
    /// Refresh token (when logged in).
    pub refresh_token: Option<Secret>,
    /// Backend device id.
    pub device_id: String,
    /// Identities in the backend's order.
    pub identities: Vec<Identity>,
    /// Profile data.
    pub profile: Map<String, Value>,
    /// Milliseconds since the Unix epoch.
    pub created_at_ms: i64,
    /// Milliseconds since the Unix epoch.
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
    /// Logged out because the backend refused the refresh token (callers are told to log in
    /// again), as opposed to logged out on request.
    #[serde(default)]
    pub expired: bool,
}

/// One change of a commit.
#[derive(Debug)]
pub enum Change {
    /// Insert or replace a user.
    PutUser(Box<UserRecord>),
    /// Forget a user.
    DeleteUser {
        /// Owner uid.
        owner_uid: u32,
        /// App name.
        app: String,
        /// User id.
        user_id: String,
    },
    /// Set or clear the current user of an owner and app.
    SetCurrent {
        /// Owner uid.
        owner_uid: u32,
        /// App name.
        app: String,
        /// The user, or none.
        user_id: Option<String>,
    },
}

/// Everything stored, as loaded at start-up.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Every user record.
    pub users: Vec<UserRecord>,
    /// (owner uid, app, user id) of every current user.
    pub current: Vec<(u32, String, String)>,
}

/// The durable store of sessions.
#[derive(Clone)]
pub struct SessionStore {
    db: Arc<redb::Database>,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionStore")
    }
}

impl SessionStore {
    /// Opens (creating if needed) the store in `state_dir`: the directory 0700, the file 0600.
    ///
    /// # Errors
    /// [`StoreError::Open`] when the directory or file cannot be created or opened, including
    /// when another daemon holds the file.
    pub fn open(state_dir: &Path) -> Result<Self, StoreError> {
        let open_error = |path: &Path, reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(state_dir)
            .map_err(|err| open_error(state_dir, err.to_string()))?;
        let path = state_dir.join(STORE_FILE);
        let db = redb::Database::create(&path).map_err(|err| open_error(&path, err.to_string()))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
            .map_err(|err| open_error(&path, err.to_string()))?;
        let store = Self { db: Arc::new(db) };
        // Create the tables so that reads of a fresh store find them.
        store.commit_blocking(Vec::new(), true)?;
        Ok(store)
    }

    /// Loads every record.
    ///
    /// # Errors
    /// I/O failure or an undecodable record.
    pub fn load(&self) -> Result<Snapshot, StoreError> {
        let txn = self.db.begin_read().map_err(io)?;
        let mut snapshot = Snapshot::default();
        let users = txn.open_table(USERS).map_err(io)?;
        for entry in users.iter().map_err(io)? {
            let (_, value) = entry.map_err(io)?;
            let record: UserRecord = serde_json::from_slice(value.value())
                .map_err(|err| StoreError::Corrupt(err.to_string()))?;
            snapshot.users.push(record);
        }
        let current = txn.open_table(CURRENT).map_err(io)?;
        for entry in current.iter().map_err(io)? {
            let (key, value) = entry.map_err(io)?;
            let (uid, app) = key.value();
            snapshot
                .current
                .push((uid, app.to_owned(), value.value().to_owned()));
        }
        snapshot.users.sort_by_key(|record| record.order);
        Ok(snapshot)
    }

    /// Commits `changes` in one durable transaction; returns once they are on disk.
    ///
    /// # Errors
    /// I/O failure; nothing of the change set is then applied.
    pub async fn commit(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.commit_blocking(changes, true))
            .await
            .map_err(io)?
    }

    /// Commits `changes` without waiting for the disk: they become durable with the next
    /// [`SessionStore::commit`], and a crash before that loses them. For changes that can be
    /// lost without harm, such as a refreshed access token (the refresh token that gets another
    /// one is already on disk), so that thousands of refreshes do not cost thousands of fsyncs.
    ///
    /// # Errors
    /// I/O failure.
    pub async fn commit_lazily(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.commit_blocking(changes, false))
            .await
            .map_err(io)?
    }

    fn commit_blocking(&self, changes: Vec<Change>, durable: bool) -> Result<(), StoreError> {
        let mut txn = self.db.begin_write().map_err(io)?;
        if durable {
            // Two-phase commit: a crash mid-commit never needs a full repair scan.
            txn.set_quick_repair(true);
        } else {
            txn.set_durability(redb::Durability::None).map_err(io)?;
        }
        {
            let mut users = txn.open_table(USERS).map_err(io)?;
            let mut current = txn.open_table(CURRENT).map_err(io)?;
            for change in changes {
                match change {
                    Change::PutUser(record) => {
                        let bytes = serde_json::to_vec(&*record).map_err(io)?;
                        users
                            .insert(
                                (
                                    record.owner_uid,
                                    record.app.as_str(),
                                    record.user_id.as_str(),
                                ),
                                bytes.as_slice(),
                            )
                            .map_err(io)?;
                    }
                    Change::DeleteUser {
                        owner_uid,
                        app,
                        user_id,
                    } => {
                        users
                            .remove((owner_uid, app.as_str(), user_id.as_str()))
                            .map_err(io)?;
                    }
                    Change::SetCurrent {
                        owner_uid,
                        app,
                        user_id: Some(user_id),
                    } => {
                        current
                            .insert((owner_uid, app.as_str()), user_id.as_str())
                            .map_err(io)?;
                    }
                    Change::SetCurrent {
                        owner_uid,
                        app,
                        user_id: None,
                    } => {
                        current.remove((owner_uid, app.as_str())).map_err(io)?;
                    }
                }
            }
        }
        txn.commit().map_err(io)
    }
}
