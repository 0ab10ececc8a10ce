//! The configured apps: each with its backend, refresh policy and users, and which one is the
//! default; replaced as a whole on reload, with every app that stays keeping its users.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

use super::types::AppSetup;
use super::types::SessionError;
use super::users::{AppUsers, SharedUsers};
use crate::backend::Backend;
use crate::config::RefreshPolicy;
use crate::store::Snapshot;

/// One configured app.
pub(super) struct App {
    pub name: String,
    pub backend: Arc<dyn Backend>,
    pub refresh: RefreshPolicy,
    /// Shared with this app's replacement when a reload changes its settings, so that operations
    /// in flight on the old one land in the same place.
    pub users: Arc<SharedUsers>,
    /// Backend reachability last reported in a `backend_status` event (0 = never).
    reported_reachable: AtomicU8,
    /// A refresh failed transiently since the last one that succeeded: the next success ends
    /// every session's backoff ([`super::users::AppUsers::end_backoffs`]).
    pub outage: std::sync::atomic::AtomicBool,
    /// Credential logins at the backend at once ([`LOGIN_SLOTS`]); the rest wait their turn.
    pub logins: tokio::sync::Semaphore,
}

/// Credential logins of one app in flight at its backend at once (interactive logins, which wait
/// for a person, are not counted; each app has its own, so a slow backend holds up only its own
/// logins). A burst of hundreds (many processes logging in together) otherwise holds a backend
/// connection, its buffers and bodies for each, and the allocator keeps that high-water mark: at
/// 20,000 sessions made 400 at a time over two apps, the memory a session adds went from about
/// 1,540 bytes to 1,320-1,380 with this bound (BENCHMARKS.md), at the same login rate. 16 at a
/// time still allows 40 logins a second against a backend that takes 400 ms for one.
const LOGIN_SLOTS: usize = 16;

impl App {
    fn new(name: String, setup: AppSetup, users: Arc<SharedUsers>) -> Self {
        Self {
            name,
            backend: setup.backend,
            refresh: setup.refresh,
            users,
            reported_reachable: AtomicU8::new(0),
            outage: std::sync::atomic::AtomicBool::new(false),
            logins: tokio::sync::Semaphore::new(LOGIN_SLOTS),
        }
    }

    /// A capability of the app's backend (`what` names it), or the error that it offers none.
    ///
    /// # Errors
    /// [`SessionError::NotOffered`].
    pub(super) fn offers<T>(
        &self,
        capability: Option<T>,
        what: &'static str,
    ) -> Result<T, SessionError> {
        capability.ok_or_else(|| SessionError::NotOffered {
            app: self.name.clone(),
            what,
        })
    }

    /// The backend's reachability, when it differs from the last one reported.
    pub(super) fn reachability_changed(&self) -> Option<bool> {
        let reachable = self.backend.reachable()?;
        let now = if reachable { 1 } else { 2 };
        (self.reported_reachable.swap(now, Ordering::Relaxed) != now).then_some(reachable)
    }
}

struct Table {
    apps: BTreeMap<String, Arc<App>>,
    default_app: String,
}

/// The app table.
pub(super) struct Apps {
    table: RwLock<Arc<Table>>,
}

impl Apps {
    /// The apps of `setups`, their users loaded from `snapshot`.
    pub(super) fn new(
        setups: BTreeMap<String, AppSetup>,
        default_app: String,
        mut snapshot: Snapshot,
    ) -> Self {
        let apps = setups
            .into_iter()
            .map(|(name, setup)| {
                let users = AppUsers::load(&name, setup.backend.as_ref(), &mut snapshot);
                let app = App::new(name.clone(), setup, Arc::new(SharedUsers::new(users)));
                (name, Arc::new(app))
            })
            .collect();
        Self {
            table: RwLock::new(Arc::new(Table { apps, default_app })),
        }
    }

    fn table(&self) -> Arc<Table> {
        self.table
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The app called `name` (the default app when empty).
    ///
    /// # Errors
    /// [`SessionError::AppNotFound`].
    pub(super) fn get(&self, name: &str) -> Result<Arc<App>, SessionError> {
        let table = self.table();
        let name = if name.is_empty() {
            table.default_app.as_str()
        } else {
            name
        };
        table.apps.get(name).cloned().ok_or_else(|| {
            // The name is the caller's: echo a bounded part of it.
            let mut shown: String = name.chars().take(64).collect();
            if shown.len() < name.len() {
                shown.push_str("...");
            }
            SessionError::AppNotFound(shown)
        })
    }

    /// Every app, by name.
    pub(super) fn all(&self) -> Vec<Arc<App>> {
        self.table().apps.values().cloned().collect()
    }

    /// Whether an app of that name is configured.
    pub(super) fn contains(&self, name: &str) -> bool {
        self.table().apps.contains_key(name)
    }

    pub(super) fn names(&self) -> Vec<String> {
        self.table().apps.keys().cloned().collect()
    }

    pub(super) fn default_name(&self) -> String {
        self.table().default_app.clone()
    }

    /// Replaces the table; returns the new apps. An app that stays keeps its users (its backend
    /// may be new: the users take its rules); a new one loads its users from `snapshot`.
    pub(super) fn replace(
        &self,
        setups: BTreeMap<String, AppSetup>,
        default_app: String,
        mut snapshot: Snapshot,
    ) -> Vec<Arc<App>> {
        let old = self.table();
        let mut apps = BTreeMap::new();
        for (name, setup) in setups {
            let users = match old.apps.get(&name) {
                Some(existing) => {
                    let classify = setup.backend.classify();
                    existing.users.update(|users| users.reclassify(classify));
                    existing.users.clone()
                }
                None => Arc::new(SharedUsers::new(AppUsers::load(
                    &name,
                    setup.backend.as_ref(),
                    &mut snapshot,
                ))),
            };
            apps.insert(name.clone(), Arc::new(App::new(name, setup, users)));
        }
        let new: Vec<Arc<App>> = apps.values().cloned().collect();
        *self.table.write().unwrap_or_else(PoisonError::into_inner) =
            Arc::new(Table { apps, default_app });
        new
    }
}
