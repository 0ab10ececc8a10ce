//! The users of one app, every owner's, with their current-user pointers: the bookkeeping of
//! spec §8 without any I/O. Each step changes memory and returns its [`Effects`] (store changes,
//! schedule changes, events), which the caller applies while it still holds the app's users.
//!
//! [`UserEntry`] holds one user's record and the in-memory state of its session (single-flight
//! gate, token generation, backoff). Times come in as arguments, from the injected clock.

mod entry;
mod shared;
mod steps;
pub(super) use shared::{SharedUsers, Writing};
pub(super) use steps::FailedAttempt;

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, RandomState};

use super::effects::Effects;
use super::events::{EventKind, RemovalReason};
use super::scheduler::{ScheduleChange, SessionKey};
use super::types::{SessionError, UserState, UserView};
use crate::backend::{Backend, Classify};
use crate::store::{Change, Snapshot, StoredState, UserRecord};
pub(super) use entry::{Backoff, ProviderNames, RefreshToken, Seen, Tokens, UserEntry};

/// A login between its two steps: the session is registered, its profile not yet fetched.
#[derive(Debug)]
pub(super) struct PendingLogin {
    pub key: SessionKey,
    /// Identifies this login's tokens: a later login or logout of the same user replaces them.
    pub session: u64,
    /// The owner's current user before the login, for `current_user_changed`.
    pub previous_current: Option<String>,
}

/// The users of one app.
pub(super) struct AppUsers {
    app: std::sync::Arc<str>,
    /// The app's backend's rule for anonymous and memory-only users.
    classify: Classify,
    /// Every owner's users, in creation order. Boxed: a vector of whole entries kept up to half
    /// of its slots empty after a doubling, about 350 bytes a session at 10,000 users an app.
    #[expect(
        clippy::vec_box,
        reason = "entries are large: a vector of them wastes its spare slots' full size"
    )]
    entries: Vec<Box<UserEntry>>,
    /// Where each owner's users are in `entries`, found by the hash of the user id (compared
    /// with the entry's own): lookups by user are the hot path (every `GetAccessToken`), and a
    /// scan of every entry made them cost as much as the app had users. Holding positions only,
    /// not a second copy of every user id, saves about 80 bytes a session.
    index: HashMap<u32, hashbrown::HashTable<usize>>,
    hasher: RandomState,
    /// One copy of each provider name the app's records hold.
    names: ProviderNames,
    /// Stored current user per owner; read through [`AppUsers::current_of`], which falls back.
    current: HashMap<u32, String>,
    /// Owners some of whose sessions were read at start without their sealed part (tokens
    /// opened on first use): an owner's first request opens them all, and finds the owner
    /// gone from here from then on. Empty on a fresh store.
    unopened: HashSet<u32>,
    next_order: u64,
    /// Numbers the sessions (token sets from a login) handed out.
    next_session: u64,
}

impl AppUsers {
    /// The app's users as stored (its records taken out of `snapshot`); records of versions that
    /// did not keep what the backend reads from tokens are completed by the backend.
    pub(super) fn load(app: &str, backend: &dyn Backend, snapshot: &mut Snapshot) -> Self {
        let (records, current) = snapshot.take_app(app);
        let mut users = Self {
            app: app.into(),
            classify: backend.classify(),
            entries: Vec::with_capacity(records.len()),
            index: HashMap::new(),
            hasher: RandomState::new(),
            names: ProviderNames::default(),
            current: current.into_iter().collect(),
            unopened: HashSet::new(),
            next_order: 0,
            next_session: 1,
        };
        for mut record in records {
            // One copy of the app's name, and of each provider name, for all its records.
            record.app = users.app.clone();
            users.names.share(&mut record);
            let session = users.new_session();
            let entry = UserEntry::load(record, Some(backend), users.classify, session);
            users.next_order = users.next_order.max(entry.record.order + 1);
            if entry.record.sealed_unopened {
                users.unopened.insert(entry.record.owner_uid);
            }
            users.push(entry);
        }
        users
    }

    /// The users whose tokens are still sealed in the store, by owner (of `owner` only, when
    /// given): nothing once they were all opened.
    pub(super) fn unopened(&self, owner: Option<u32>) -> Vec<(u32, Vec<String>)> {
        let owners: Vec<u32> = match owner {
            Some(owner) if self.unopened.contains(&owner) => vec![owner],
            Some(_) => return Vec::new(),
            None => self.unopened.iter().copied().collect(),
        };
        owners
            .into_iter()
            .map(|uid| {
                let user_ids = self
                    .index
                    .get(&uid)
                    .into_iter()
                    .flat_map(|positions| positions.iter())
                    .map(|&at| &self.entries[at].record)
                    .filter(|record| record.sealed_unopened)
                    .map(|record| record.user_id.clone())
                    .collect();
                (uid, user_ids)
            })
            .collect()
    }

    /// Takes the records of `user_ids` (of `owner`, [`Self::unopened`]) as opened from the
    /// store, in the same order, those it left out missing; returns the users the store held no
    /// tokens for (logged out in memory now).
    pub(super) fn opened(
        &mut self,
        owner: u32,
        user_ids: Vec<String>,
        records: Vec<UserRecord>,
    ) -> Vec<String> {
        let mut missing = Vec::new();
        let mut records = records.into_iter().peekable();
        for user_id in user_ids {
            let stored = records.next_if(|record| record.user_id == user_id);
            if let Some(entry) = self.get_mut(owner, &user_id)
                && !entry.open_sealed(stored)
            {
                missing.push(user_id);
            }
        }
        let sealed_left = self.index.get(&owner).is_some_and(|positions| {
            positions
                .iter()
                .any(|&at| self.entries[at].record.sealed_unopened)
        });
        if !sealed_left {
            self.unopened.remove(&owner);
        }
        missing
    }

    /// Adds a new user at the end of the creation order.
    fn push(&mut self, entry: UserEntry) -> usize {
        let index = self.entries.len();
        let hash = self.hasher.hash_one(&entry.record.user_id);
        let owner = entry.record.owner_uid;
        self.entries.push(Box::new(entry));
        let Self {
            entries,
            index: positions,
            hasher,
            ..
        } = self;
        positions
            .entry(owner)
            .or_default()
            .insert_unique(hash, index, |&at| {
                hasher.hash_one(&entries[at].record.user_id)
            });
        index
    }

    /// Takes a user out; the users after it move up (removals are rare: a logout of an
    /// anonymous user, a removal).
    fn take(&mut self, index: usize) -> UserEntry {
        let entry = *self.entries.remove(index);
        let owner = entry.record.owner_uid;
        let hash = self.hasher.hash_one(&entry.record.user_id);
        if let Some(owned) = self.index.get_mut(&owner) {
            if let Ok(found) = owned.find_entry(hash, |&at| at == index) {
                found.remove();
            }
            if owned.is_empty() {
                self.index.remove(&owner);
            }
        }
        for positions in self.index.values_mut() {
            for position in positions.iter_mut() {
                if *position > index {
                    *position -= 1;
                }
            }
        }
        entry
    }

    /// Takes the rule of a reconfigured app's backend.
    pub(super) fn reclassify(&mut self, classify: Classify) {
        self.classify = classify;
        for entry in &mut self.entries {
            entry.classify(classify);
        }
    }

    fn new_session(&mut self) -> u64 {
        self.next_session += 1;
        self.next_session
    }

    fn key(&self, uid: u32, user_id: &str) -> SessionKey {
        SessionKey::new(self.app.clone(), uid, user_id)
    }

    fn position(&self, uid: u32, user_id: &str) -> Option<usize> {
        self.index
            .get(&uid)?
            .find(self.hasher.hash_one(user_id), |&at| {
                self.entries[at].record.user_id == user_id
            })
            .copied()
    }

    pub(super) fn get(&self, uid: u32, user_id: &str) -> Option<&UserEntry> {
        self.position(uid, user_id)
            .map(|index| &*self.entries[index])
    }

    fn get_mut(&mut self, uid: u32, user_id: &str) -> Option<&mut UserEntry> {
        self.position(uid, user_id)
            .map(|index| &mut *self.entries[index])
    }

    /// The entry of `key` if it still holds the tokens of `session`, with the app's provider
    /// names to share.
    fn session_and_names(
        &mut self,
        key: &SessionKey,
        session: u64,
    ) -> Option<(&mut UserEntry, &mut ProviderNames)> {
        let index = self.position(key.uid, &key.user_id)?;
        let entry = &mut *self.entries[index];
        (entry.session == session && entry.is_logged_in()).then_some((entry, &mut self.names))
    }

    /// The entry of `key` if it still holds the tokens of `session`.
    fn session_mut(&mut self, key: &SessionKey, session: u64) -> Option<&mut UserEntry> {
        self.get_mut(key.uid, &key.user_id)
            .filter(|entry| entry.session == session && entry.is_logged_in())
    }

    /// The single-flight gate of a session's refreshes, made on first use: most sessions are
    /// not refreshing at any moment, and a gate each cost about 70 bytes a session.
    ///
    /// # Errors
    /// [`SessionError::UserNotFound`].
    pub(super) fn refresh_gate(
        &mut self,
        key: &SessionKey,
    ) -> Result<std::sync::Arc<tokio::sync::Mutex<()>>, SessionError> {
        let entry = self
            .get_mut(key.uid, &key.user_id)
            .ok_or(SessionError::UserNotFound)?;
        Ok(entry
            .refresh_lock
            .get_or_insert_with(Default::default)
            .clone())
    }

    /// Drops the gate `gate` of a refresh that is over, unless another refresh holds or waits
    /// for it (each took its copy under this app's lock, which the caller holds now).
    pub(super) fn release_gate(
        &mut self,
        key: &SessionKey,
        gate: &std::sync::Arc<tokio::sync::Mutex<()>>,
    ) {
        if let Some(entry) = self.get_mut(key.uid, &key.user_id)
            && entry.refresh_lock.as_ref().is_some_and(|held| {
                std::sync::Arc::ptr_eq(held, gate) && std::sync::Arc::strong_count(held) == 2
            })
        {
            entry.refresh_lock = None;
        }
    }

    /// Logged-in and logged-out users (all owners).
    pub(super) fn counts(&self, owner: Option<u32>) -> (u32, u32) {
        let count = |state| {
            let n = self
                .entries
                .iter()
                .filter(|entry| entry.record.state == state)
                .filter(|entry| owner.is_none_or(|uid| entry.record.owner_uid == uid))
                .count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        (count(StoredState::LoggedIn), count(StoredState::LoggedOut))
    }

    /// The earliest access-token and refresh-token expiry (ms since the epoch) among the
    /// logged-in sessions (all owners).
    pub(super) fn earliest_expiries(&self) -> (Option<i64>, Option<i64>) {
        let logged_in = || {
            self.entries
                .iter()
                .filter(|entry| entry.record.state == StoredState::LoggedIn)
        };
        (
            logged_in()
                .filter_map(|entry| entry.record.access_expires_at_ms)
                .min(),
            logged_in()
                .filter_map(|entry| entry.record.refresh_expires_at_ms)
                .min(),
        )
    }

    /// How many users `uid` holds.
    pub(super) fn owned_by(&self, uid: u32) -> usize {
        self.index.get(&uid).map_or(0, hashbrown::HashTable::len)
    }

    /// The schedule of every logged-in session.
    pub(super) fn plan_all(&self) -> Vec<ScheduleChange> {
        self.entries
            .iter()
            .filter_map(|entry| {
                let times = entry.times()?;
                Some(ScheduleChange::Plan(self.key_of(entry), times))
            })
            .collect()
    }

    /// The stored current user if logged in, else the first logged-in user (spec §8.2).
    pub(super) fn current_of(&self, uid: u32) -> Option<&str> {
        self.current_index(uid)
            .map(|index| self.entries[index].record.user_id.as_str())
    }

    fn current_index(&self, uid: u32) -> Option<usize> {
        let logged_in = |entry: &UserEntry| {
            entry.record.owner_uid == uid && entry.record.state == StoredState::LoggedIn
        };
        self.current
            .get(&uid)
            .and_then(|id| self.position(uid, id))
            .filter(|index| logged_in(&self.entries[*index]))
            .or_else(|| {
                // The owner's first logged-in user in creation order, among its own users only.
                self.index
                    .get(&uid)?
                    .iter()
                    .copied()
                    .filter(|index| logged_in(&self.entries[*index]))
                    .min()
            })
    }

    /// Where `user_id` (the current user when empty) is among `uid`'s users.
    fn index_of(&self, uid: u32, user_id: &str) -> Result<usize, SessionError> {
        if user_id.is_empty() {
            self.current_index(uid).ok_or(SessionError::NoCurrentUser)
        } else {
            self.position(uid, user_id)
                .ok_or(SessionError::UserNotFound)
        }
    }

    /// `user_id`, or the current user when empty.
    pub(super) fn resolve(&self, uid: u32, user_id: &str) -> Result<String, SessionError> {
        let index = self.index_of(uid, user_id)?;
        Ok(self.entries[index].record.user_id.clone())
    }

    /// `user_id` (or the current user when empty), which must hold tokens. Its key is made
    /// apart ([`AppUsers::key_of`]): a cached `GetAccessToken` needs none, and a key is two
    /// allocations.
    pub(super) fn logged_in(&self, uid: u32, user_id: &str) -> Result<&UserEntry, SessionError> {
        let entry = &self.entries[self.index_of(uid, user_id)?];
        if !entry.is_logged_in() {
            return Err(entry.not_logged_in());
        }
        Ok(entry)
    }

    /// The record holding `user_id`'s refresh token was committed: it is read from the store
    /// from now on.
    pub(super) fn refresh_committed(&mut self, uid: u32, user_id: &str) {
        if let Some(entry) = self.get_mut(uid, user_id) {
            entry.refresh_committed();
        }
    }

    /// Notes that a forced refresh of `key`'s session is made at `at_ms`
    /// ([`UserEntry::forced_refresh_at`]).
    pub(super) fn note_forced(&mut self, key: &SessionKey, at_ms: i64) {
        if let Some(entry) = self.get_mut(key.uid, &key.user_id) {
            entry.forced_at_ms = at_ms;
        }
    }

    /// The session key of `entry`.
    pub(super) fn key_of(&self, entry: &UserEntry) -> SessionKey {
        self.key(entry.record.owner_uid, &entry.record.user_id)
    }

    /// The user as callers see it.
    pub(super) fn view(&self, uid: u32, user_id: &str) -> Result<UserView, SessionError> {
        let entry = self.get(uid, user_id).ok_or(SessionError::UserNotFound)?;
        Ok(entry.view(&self.app, self.current_of(uid) == Some(user_id)))
    }

    /// The users of `owner` (every owner's when `None`), in creation order.
    pub(super) fn list(&self, owner: Option<u32>) -> Vec<UserView> {
        // Each owner's current user, looked up once.
        let mut current = HashMap::new();
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| owner.is_none_or(|uid| entry.record.owner_uid == uid))
            .map(|(index, entry)| {
                let uid = entry.record.owner_uid;
                let current = *current
                    .entry(uid)
                    .or_insert_with(|| self.current_index(uid));
                entry.view(&self.app, current == Some(index))
            })
            .collect()
    }

    /// Runs `step`, then reports a change of `uid`'s current user (`current_user_changed`),
    /// comparing with `before` when given (the current user when a longer operation began).
    fn tracking_current<R>(
        &mut self,
        uid: u32,
        before: Option<Option<String>>,
        effects: &mut Effects,
        step: impl FnOnce(&mut Self, &mut Effects) -> R,
    ) -> R {
        let before = before.unwrap_or_else(|| self.current_of(uid).map(str::to_owned));
        let result = step(self, effects);
        let after = self.current_of(uid).map(str::to_owned);
        if before != after {
            effects.event(
                uid,
                after.as_deref().unwrap_or_default(),
                EventKind::CurrentUserChanged {
                    previous_user_id: before.unwrap_or_default(),
                },
            );
        }
        result
    }

    /// The user as callers see it, announced by an event made of that view.
    fn announce(
        &self,
        uid: u32,
        user_id: &str,
        effects: &mut Effects,
        event: fn(Box<UserView>) -> EventKind,
    ) -> Result<UserView, SessionError> {
        let view = self.view(uid, user_id)?;
        effects.event(uid, user_id, event(Box::new(view.clone())));
        Ok(view)
    }

    /// Writes the user's record as it may reach the disk.
    fn put(&self, uid: u32, user_id: &str, effects: &mut Effects) {
        if let Some(entry) = self.get(uid, user_id) {
            effects.change(Change::PutUser(Box::new(entry.record_for_disk())));
        }
    }

    /// Makes a user current and marks it used.
    fn make_current(&mut self, uid: u32, user_id: &str, now_ms: i64, effects: &mut Effects) {
        if let Some(entry) = self.get_mut(uid, user_id) {
            entry.record.last_used_at_ms = now_ms;
        }
        self.put(uid, user_id, effects);
        self.current.insert(uid, user_id.to_owned());
        effects.change(Change::SetCurrent {
            owner_uid: uid,
            app: self.app.to_string(),
            user_id: Some(user_id.to_owned()),
        });
    }

    /// After `user_id` stopped being usable: if it was the stored current user, the first
    /// logged-in user (or none) takes its place.
    fn fall_back(&mut self, uid: u32, user_id: &str, effects: &mut Effects) {
        if self.current.get(&uid).map(String::as_str) != Some(user_id) {
            return;
        }
        self.current.remove(&uid);
        let next = self.current_of(uid).map(str::to_owned);
        if let Some(next) = &next {
            self.current.insert(uid, next.clone());
        }
        effects.change(Change::SetCurrent {
            owner_uid: uid,
            app: self.app.to_string(),
            user_id: next,
        });
    }

    /// Forgets a user; returns it as it was, marked removed.
    fn forget(&mut self, uid: u32, user_id: &str, effects: &mut Effects) -> Option<UserView> {
        let index = self.position(uid, user_id)?;
        let mut entry = self.take(index);
        entry.sign_out();
        let mut view = entry.view(&self.app, false);
        view.state = UserState::Removed;
        effects.change(Change::DeleteUser {
            owner_uid: uid,
            app: self.app.to_string(),
            user_id: user_id.to_owned(),
        });
        effects.schedule(ScheduleChange::Cancel(self.key(uid, user_id)));
        self.fall_back(uid, user_id, effects);
        Some(view)
    }

    /// Wipes a user's tokens (logged out).
    fn sign_out(&mut self, uid: u32, user_id: &str, effects: &mut Effects) -> Option<UserView> {
        let key = self.key(uid, user_id);
        self.get_mut(uid, user_id)?.sign_out();
        self.put(uid, user_id, effects);
        effects.schedule(ScheduleChange::Cancel(key));
        self.fall_back(uid, user_id, effects);
        self.view(uid, user_id).ok()
    }

    /// Ends a session (spec §4.2): an anonymous user is forgotten, any other signed out.
    fn end_session(
        &mut self,
        uid: u32,
        user_id: &str,
        effects: &mut Effects,
        ended: EventKind,
        removed: RemovalReason,
    ) -> Option<UserView> {
        let anonymous = self.get(uid, user_id)?.traits.anonymous;
        effects.event(uid, user_id, ended);
        if anonymous {
            effects.event(uid, user_id, EventKind::UserRemoved { reason: removed });
            self.forget(uid, user_id, effects)
        } else {
            self.sign_out(uid, user_id, effects)
        }
    }

    /// The sessions whose profiles have memory-only keys, which a restart lost.
    pub(super) fn with_memory_only_profiles(&self) -> Vec<SessionKey> {
        self.entries
            .iter()
            .filter(|entry| {
                !entry.traits.memory_only_profile_keys.is_empty() && entry.is_logged_in()
            })
            .map(|entry| self.key_of(entry))
            .collect()
    }
}
