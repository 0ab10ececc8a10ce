//! Durable session state: one redb database file under the state directory, with every token
//! sealed ([`seal`]) before it is written.
//!
//! A change set is committed in one transaction with immediate durability (fsync) before the
//! caller is answered, so `kill -9` at any moment loses nothing that was acknowledged. The store
//! holds what it is given: deciding what must not be written (Facebook picture URLs) is the
//! session layer's job. Never logs record contents.

use std::fs;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};

use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use zeroize::Zeroizing;

use crate::secret::Secret;

pub(crate) mod fuzz;
mod load;
mod record;
pub(crate) mod seal;
#[cfg(test)]
mod tests;
mod user;

use record::{Opening, decode_record, encode_record, sealed_part};
use seal::SealKey;
pub(crate) use user::{StoredIdToken, StoredIdentity, StoredState, UserRecord};

/// Users: (owner uid, app, user id) -> JSON of [`UserRecord`].
const USERS: TableDefinition<(u32, &str, &str), &[u8]> = TableDefinition::new("users");
/// Current user: (owner uid, app) -> user id.
const CURRENT: TableDefinition<(u32, &str), &str> = TableDefinition::new("current_user");

/// File name of the database inside the state directory.
pub(crate) const STORE_FILE: &str = "sessions.redb";

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum StoreError {
    /// The state directory or database file cannot be created or opened (permissions, disk
    /// full, another daemon holding it).
    #[error("cannot open the session store at {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    /// A read or commit failed: an I/O error, a full disk, a damaged file.
    #[error("the session store cannot be written or read ({0}); is its disk full or read-only?")]
    Io(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A record does not decode (written by a newer version, or damaged).
    #[error("a stored record is unreadable: {0}")]
    Corrupt(String),
    /// The seal key is missing, unreadable, exposed, or does not open the stored tokens.
    #[error("seal key {path}: {reason}")]
    Key { path: PathBuf, reason: String },
    /// The state directory is not safe to keep sessions in.
    #[error("state directory {path}: {reason}")]
    UnsafeStateDir { path: PathBuf, reason: String },
}

fn io(err: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> StoreError {
    StoreError::Io(err.into())
}

/// One change of a commit.
#[derive(Debug)]
pub(crate) enum Change {
    PutUser(Box<UserRecord>),
    DeleteUser {
        owner_uid: u32,
        app: String,
        user_id: String,
    },
    /// Set or clear the current user of an owner and app.
    SetCurrent {
        owner_uid: u32,
        app: String,
        /// The user, or none.
        user_id: Option<String>,
    },
}

/// Everything stored, as loaded at start-up.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub users: Vec<UserRecord>,
    /// (owner uid, app, user id) of every current user.
    pub current: Vec<(u32, String, String)>,
}

impl Snapshot {
    /// Takes out the records of `app`, in creation order, and its owners' current users.
    pub(crate) fn take_app(&mut self, app: &str) -> (Vec<UserRecord>, Vec<(u32, String)>) {
        let (users, others) = std::mem::take(&mut self.users)
            .into_iter()
            .partition(|record| &*record.app == app);
        self.users = others;
        let (current, others): (Vec<_>, _) = std::mem::take(&mut self.current)
            .into_iter()
            .partition(|(_, name, _)| name == app);
        self.current = others;
        let current = current
            .into_iter()
            .map(|(uid, _, user_id)| (uid, user_id))
            .collect();
        (users, current)
    }
}

/// The durable store of sessions.
#[derive(Clone)]
pub(crate) struct SessionStore {
    db: Arc<Db>,
    key: Arc<SealKey>,
}

/// How much of the database file redb keeps in memory. Its default (1 GiB) lets the page cache
/// grow toward that as records are read and written; the daemon reads every record once at
/// start and writes on change, so the cache only spares re-reading the tree's inner pages (the
/// kernel's page cache holds the file too). At 4 MiB, filled, it was 200 bytes a session at
/// 20,000 sessions.
const STORE_CACHE_BYTES: usize = 1 << 20;

fn open_database(path: &Path) -> Result<redb::Database, redb::DatabaseError> {
    redb::Database::builder()
        .set_cache_size(STORE_CACHE_BYTES)
        .create(path)
}

/// The database file, opened again after an I/O error: redb refuses every transaction after
/// one, and a disk that was full or read-only for a while must not need a restart once it can
/// be written again.
struct Db {
    path: PathBuf,
    /// `None` after an I/O error, until the next use opens the file again.
    open: std::sync::Mutex<Option<Arc<redb::Database>>>,
}

impl Db {
    fn get(&self) -> Result<Arc<redb::Database>, StoreError> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(db) = open.as_ref() {
            return Ok(db.clone());
        }
        let db = Arc::new(open_database(&self.path).map_err(io)?);
        tracing::info!(path = %self.path.display(), "session store opened again after an I/O error");
        *open = Some(db.clone());
        Ok(db)
    }

    /// Runs a read on the database; when it cannot be opened for writing (a disk gone
    /// read-only), on a read-only handle.
    fn read<T>(
        &self,
        work: impl Fn(&dyn ReadableDatabase) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        match self.get() {
            Ok(db) => self.run(db, |db| work(db)),
            Err(err) => match redb::ReadOnlyDatabase::open(&self.path) {
                Ok(db) => work(&db),
                Err(_) => Err(err),
            },
        }
    }

    /// Runs `work` on the database; an I/O error closes it, for the next use to open it again.
    fn with<T>(
        &self,
        work: impl FnOnce(&redb::Database) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.run(self.get()?, work)
    }

    fn run<T>(
        &self,
        db: Arc<redb::Database>,
        work: impl FnOnce(&redb::Database) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let result = work(&db);
        if let Err(StoreError::Io(err)) = &result {
            tracing::warn!(error = %err, "session store I/O failed; it will be opened again");
            let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
            if open
                .as_ref()
                .is_some_and(|current| Arc::ptr_eq(current, &db))
            {
                *open = None;
            }
        }
        result
    }
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionStore")
    }
}

impl SessionStore {
    /// Opens (creating if needed) the store in `state_dir`: the directory 0700, the file 0600,
    /// tokens sealed with the key from `credentials_dir` or the state directory (see [`seal`]).
    ///
    /// # Errors
    /// [`StoreError::UnsafeStateDir`] when the directory is writable by others or owned by
    /// another user; [`StoreError::Key`] for key problems; [`StoreError::Open`] when the
    /// directory or file cannot be created or opened, including when another daemon holds it.
    pub(crate) fn open(
        state_dir: &Path,
        credentials_dir: Option<&Path>,
    ) -> Result<Self, StoreError> {
        let open_error = |path: &Path, reason: String| StoreError::Open {
            path: path.to_path_buf(),
            reason,
        };
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(state_dir)
            .map_err(|err| open_error(state_dir, err.to_string()))?;
        check_state_dir(state_dir)?;
        let path = state_dir.join(STORE_FILE);
        let key = SealKey::load(state_dir, credentials_dir, !path.exists())?;
        let db = open_database(&path).map_err(|err| open_error(&path, err.to_string()))?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
            .map_err(|err| open_error(&path, err.to_string()))?;
        let store = Self {
            db: Arc::new(Db {
                path,
                open: std::sync::Mutex::new(Some(Arc::new(db))),
            }),
            key: Arc::new(key),
        };
        // A fresh store gets its tables; an existing one is not written to before its records
        // were opened (by the first `load`), so a wrong key changes nothing.
        if !store.has_tables()? {
            store.commit_blocking(Vec::new(), true)?;
        }
        Ok(store)
    }

    /// Whether the store was ever initialised (both tables are created in one transaction).
    fn has_tables(&self) -> Result<bool, StoreError> {
        self.db.read(|db| {
            let txn = db.begin_read().map_err(io)?;
            match txn.open_table(USERS) {
                Ok(_) => Ok(true),
                Err(redb::TableError::TableDoesNotExist(_)) => Ok(false),
                Err(err) => Err(io(err)),
            }
        })
    }

    /// Loads every record; the sealed part of a logged-in one is left in the store until its
    /// session is first used ([`SessionStore::open_sealed`]).
    ///
    /// # Errors
    /// I/O failure or an undecodable record.
    pub(crate) fn load(&self) -> Result<Snapshot, StoreError> {
        self.db.read(|db| {
            let txn = db.begin_read().map_err(io)?;
            let mut snapshot = Snapshot::default();
            let users = txn.open_table(USERS).map_err(io)?;
            let raw = users.iter().map_err(io)?.map(|entry| {
                entry
                    .map(|(_, value)| Zeroizing::new(value.value().to_vec()))
                    .map_err(io)
            });
            snapshot.users = self.unseal_all(raw)?;
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
        })
    }

    /// Commits `changes` in one durable transaction; returns once they are on disk.
    ///
    /// # Errors
    /// I/O failure; nothing of the change set is then applied.
    pub(crate) async fn commit(&self, changes: Vec<Change>) -> Result<(), StoreError> {
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
    pub(crate) async fn commit_lazily(&self, changes: Vec<Change>) -> Result<(), StoreError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || store.commit_blocking(changes, false))
            .await
            .map_err(io)?
    }

    /// The refresh token stored for a user, if it is the one received at `received_at_ms`
    /// (`None` when the user holds another by now, or none).
    ///
    /// # Errors
    /// I/O failure; an undecodable record.
    pub(crate) async fn refresh_token(
        &self,
        owner_uid: u32,
        app: &str,
        user_id: &str,
        received_at_ms: i64,
    ) -> Result<Option<Secret>, StoreError> {
        let store = self.clone();
        let (app, user_id) = (app.to_owned(), user_id.to_owned());
        tokio::task::spawn_blocking(move || {
            let record = store.db.read(|db| {
                let txn = db.begin_read().map_err(io)?;
                let users = txn.open_table(USERS).map_err(io)?;
                users
                    .get((owner_uid, app.as_str(), user_id.as_str()))
                    .map_err(io)?
                    .map(|bytes| store.unseal(bytes.value()))
                    .transpose()
            })?;
            Ok(record
                .filter(|record| record.refresh_received_at_ms == Some(received_at_ms))
                .and_then(|record| record.refresh_token))
        })
        .await
        .map_err(io)?
    }

    /// The sealed parts of the records of `user_ids` (of one owner and app) that were read at
    /// start without them ([`UserRecord::sealed_unopened`]), opened: each as the whole record, in
    /// the order of `user_ids`. A user no longer stored is left out, and so is a damaged record (logged): the key opened
    /// a record at start, so one that does not open now is damaged, and the owner's other
    /// sessions must not go with it.
    ///
    /// # Errors
    /// I/O failure.
    pub(crate) async fn open_sealed(
        &self,
        owner_uid: u32,
        app: &str,
        user_ids: Vec<String>,
    ) -> Result<Vec<UserRecord>, StoreError> {
        let store = self.clone();
        let app = app.to_owned();
        tokio::task::spawn_blocking(move || {
            store.db.read(|db| {
                let txn = db.begin_read().map_err(io)?;
                let users = txn.open_table(USERS).map_err(io)?;
                let mut opened = Vec::with_capacity(user_ids.len());
                for user_id in &user_ids {
                    if let Some(bytes) = users
                        .get((owner_uid, app.as_str(), user_id.as_str()))
                        .map_err(io)?
                    {
                        match store.unseal(bytes.value()) {
                            Ok(record) => opened.push(record),
                            Err(err @ StoreError::Io(_)) => return Err(err),
                            Err(err) => {
                                tracing::warn!(app = %app, uid = owner_uid, user = %user_id, error = %err, "a stored session does not open");
                            }
                        }
                    }
                }
                Ok(opened)
            })
        })
        .await
        .map_err(io)?
    }

    fn seal(
        &self,
        record: UserRecord,
        kept_sealed: Option<String>,
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        encode_record(&self.key, record, kept_sealed)
    }

    fn unseal(&self, bytes: &[u8]) -> Result<UserRecord, StoreError> {
        decode_record(&self.key, bytes, Opening::Now)
    }

    fn commit_blocking(&self, changes: Vec<Change>, durable: bool) -> Result<(), StoreError> {
        self.db.with(|db| self.commit_to(db, changes, durable))
    }

    fn commit_to(
        &self,
        db: &redb::Database,
        changes: Vec<Change>,
        durable: bool,
    ) -> Result<(), StoreError> {
        let mut txn = db.begin_write().map_err(io)?;
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
                    Change::PutUser(mut record) => {
                        let (owner_uid, app, user_id) =
                            (record.owner_uid, record.app.clone(), record.user_id.clone());
                        let mut kept_sealed = None;
                        if record.sealed_unopened {
                            // Never opened since the start: its sealed part is written back
                            // as it was stored (the refresh token in it included).
                            let stored = users
                                .get((owner_uid, &*app, user_id.as_str()))
                                .map_err(io)?;
                            kept_sealed = match stored {
                                Some(bytes) => sealed_part(bytes.value())?,
                                None => None,
                            };
                            if kept_sealed.is_none() {
                                tracing::warn!(app = %record.app, user = %record.user_id, "a record written without its unopened tokens found none stored; writing none");
                            }
                        } else if record.refresh_token.is_none() && record.refresh_stored {
                            let stored = users
                                .get((owner_uid, &*app, user_id.as_str()))
                                .map_err(io)?
                                .map(|bytes| self.unseal(bytes.value()))
                                .transpose()?;
                            record.refresh_token = kept_refresh(&record, stored);
                        }
                        let bytes = self.seal(*record, kept_sealed)?;
                        users
                            .insert((owner_uid, &*app, user_id.as_str()), bytes.as_slice())
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

/// The refresh token a write of `record` keeps from the `stored` record: the one `record` was
/// received with, for a logged-in user only.
fn kept_refresh(record: &UserRecord, stored: Option<UserRecord>) -> Option<Secret> {
    let stored = stored?;
    let same = record.state == StoredState::LoggedIn
        && stored.refresh_received_at_ms == record.refresh_received_at_ms;
    if !same {
        tracing::warn!(app = %record.app, user = %record.user_id, "a record written without its refresh token found another one stored; writing none");
        return None;
    }
    stored.refresh_token
}

/// Refuses a state directory that others could write to or that another user owns, and makes
/// sure only its owner can read it.
fn check_state_dir(dir: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::MetadataExt;
    let unsafe_dir = |reason: String| StoreError::UnsafeStateDir {
        path: dir.to_path_buf(),
        reason,
    };
    let meta = fs::metadata(dir).map_err(|err| unsafe_dir(err.to_string()))?;
    let me = rustix::process::getuid().as_raw();
    if meta.uid() != me {
        return Err(unsafe_dir(format!(
            "owned by uid {}, not by this daemon's uid {me}",
            meta.uid()
        )));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o022 != 0 {
        return Err(unsafe_dir(format!(
            "mode {mode:04o} lets others write to it; run chmod 0700"
        )));
    }
    if mode != 0o700 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
            .map_err(|err| unsafe_dir(err.to_string()))?;
    }
    Ok(())
}
