//! An app's users as the rest of the session layer reaches them: behind a state lock that is
//! only ever held for bookkeeping in memory (never across an await, so never across a disk
//! commit or a backend call), and a writer's turn that serialises the steps that change the
//! store. A cached `GetAccessToken` takes the state lock for the microseconds of a lookup and
//! never waits on another caller's fsync; writers still commit in the order they changed memory,
//! so events and the store agree.
//!
//! A change is visible to readers once its bookkeeping is done, while its commit is under way;
//! the caller that made it is answered only after the commit. A commit that fails reads the
//! app's users back from the store ([`Writing::with`] under the same turn).

use std::sync::{PoisonError, RwLock, RwLockReadGuard};

use tokio::sync::{Mutex, MutexGuard};

use super::AppUsers;

/// An app's users, shared by the app and its replacement after a reload.
pub(in crate::session) struct SharedUsers {
    state: RwLock<AppUsers>,
    turn: Mutex<()>,
}

impl SharedUsers {
    pub(in crate::session) fn new(users: AppUsers) -> Self {
        Self {
            state: RwLock::new(users),
            turn: Mutex::new(()),
        }
    }

    /// The users, to read. Never hold the guard across an await (it is not `Send`, so a task
    /// that tries does not compile).
    pub(in crate::session) fn read(&self) -> RwLockReadGuard<'_, AppUsers> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `change` on the users: bookkeeping that needs no commit (a single-flight gate, the
    /// spacing of forced refreshes, a reclassification after a reload).
    pub(in crate::session) fn update<T>(&self, change: impl FnOnce(&mut AppUsers) -> T) -> T {
        change(&mut self.state.write().unwrap_or_else(PoisonError::into_inner))
    }

    /// The writer's turn: held from a step's bookkeeping to the end of its commit.
    pub(in crate::session) async fn writing(&self) -> Writing<'_> {
        Writing {
            _turn: self.turn.lock().await,
            users: self,
        }
    }
}

/// A writer's turn on an app's users: its steps change memory through [`Writing::with`], and
/// their effects are committed while the turn is held.
pub(in crate::session) struct Writing<'a> {
    _turn: MutexGuard<'a, ()>,
    users: &'a SharedUsers,
}

impl Writing<'_> {
    /// Runs one bookkeeping step on the users.
    pub(in crate::session) fn with<T>(&mut self, step: impl FnOnce(&mut AppUsers) -> T) -> T {
        self.users.update(step)
    }

    /// The users, to read during the turn.
    pub(in crate::session) fn read(&self) -> RwLockReadGuard<'_, AppUsers> {
        self.users.read()
    }
}
