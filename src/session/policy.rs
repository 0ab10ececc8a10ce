//! Every per-uid rule, in one place: who may use the daemon at all (`[access]`), whose sessions
//! a request acts on (uid 0's explicit `owner_uid` and `all_owners`, and the read-only access an
//! app's `shared_with_group` gives to uid 0's sessions), and every limit (logins per minute,
//! sessions per uid, event streams per uid).
//!
//! The rules are replaced as a whole on SIGHUP; what they count (recent logins, open streams)
//! carries over.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use tokio::time::Instant;

use super::types::{Caller, SessionError};
use crate::config::{AccessPolicy, Limits};

/// The configured rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rules {
    pub access: AccessPolicy,
    pub limits: Limits,
    /// App name -> the gid whose members may read uid 0's sessions of the app.
    pub shared: BTreeMap<String, u32>,
}

/// The window `logins_per_minute` counts over.
const LOGIN_WINDOW: Duration = Duration::from_secs(60);

/// The rules and what they count.
pub(super) struct Policy {
    rules: RwLock<Arc<Rules>>,
    /// Recent `LogIn` calls per uid.
    logins: Mutex<HashMap<u32, VecDeque<Instant>>>,
    /// Open `WatchEvents` streams per uid; shared with the slots that give them back.
    subscribers: Arc<Mutex<HashMap<u32, usize>>>,
}

/// Locks a counter map; a panic elsewhere cannot leave a count inconsistent.
fn counts<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Policy {
    pub(super) fn new(rules: Rules) -> Self {
        Self {
            rules: RwLock::new(Arc::new(rules)),
            logins: Mutex::default(),
            subscribers: Arc::default(),
        }
    }

    pub(super) fn replace(&self, rules: Rules) {
        *self.rules.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(rules);
    }

    /// The limits in force (they follow a reload).
    pub(super) fn limits(&self) -> Limits {
        self.rules().limits
    }

    fn rules(&self) -> Arc<Rules> {
        self.rules
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// `[access]`: uid 0 always; everyone when the lists are empty; else a listed uid or a
    /// member of a listed group (primary or supplementary).
    pub(super) fn admit(&self, caller: &Caller) -> Result<(), SessionError> {
        if self.rules().access.allows(caller.uid, &caller.groups) {
            Ok(())
        } else {
            Err(SessionError::AccessDenied(caller.uid))
        }
    }

    /// The owner whose sessions a request changes: the caller's own, or for uid 0 naming
    /// `owner_uid`, that uid's (explicit, never implicit: root's own requests touch root's own
    /// sessions).
    pub(super) fn acting(
        &self,
        caller: &Caller,
        owner_uid: Option<u32>,
    ) -> Result<u32, SessionError> {
        match owner_uid {
            None => Ok(caller.uid),
            Some(uid) if caller.uid == 0 => Ok(uid),
            Some(_) => Err(SessionError::OwnerSelectionDenied),
        }
    }

    /// As [`Policy::acting`], for reads: a member of `app`'s `shared_with_group` may also read
    /// uid 0's sessions of that app by naming `owner_uid = 0`.
    pub(super) fn reading(
        &self,
        caller: &Caller,
        app: &str,
        owner_uid: Option<u32>,
    ) -> Result<u32, SessionError> {
        if owner_uid == Some(0) && caller.uid != 0 {
            let shared = self
                .rules()
                .shared
                .get(app)
                .is_some_and(|gid| caller.groups.contains(gid));
            if shared {
                return Ok(0);
            }
        }
        self.acting(caller, owner_uid)
    }

    /// Every owner's sessions at once (`all_owners`): uid 0 only.
    pub(super) fn all_owners(&self, caller: &Caller) -> Result<(), SessionError> {
        if caller.uid == 0 {
            Ok(())
        } else {
            Err(SessionError::OwnerSelectionDenied)
        }
    }

    /// Counts a call of `uid` that submits a credential or asks the backend to send mail
    /// (`LogIn`, the interactive logins, `LinkCredentials`, the `EmailPassword` calls); refused
    /// past `logins_per_minute`.
    pub(super) fn admit_login(&self, uid: u32) -> Result<(), SessionError> {
        let limit = self.rules().limits.logins_per_minute;
        let now = Instant::now();
        let mut logins = counts(&self.logins);
        let recent = logins.entry(uid).or_default();
        while recent
            .front()
            .is_some_and(|at| now.duration_since(*at) >= LOGIN_WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() >= limit {
            return Err(SessionError::LimitReached(format!(
                "uid {uid} made {} logins, links or account calls in the last minute (limits.logins_per_minute)",
                recent.len()
            )));
        }
        recent.push_back(now);
        Ok(())
    }

    /// Whether `uid`, which holds `owned` users of `app`, may have one more.
    pub(super) fn admit_session(
        &self,
        uid: u32,
        owned: usize,
        app: &str,
    ) -> Result<(), SessionError> {
        if owned >= self.rules().limits.max_sessions_per_uid {
            return Err(SessionError::LimitReached(format!(
                "uid {uid} already has {owned} users of app {app} (limits.max_sessions_per_uid)"
            )));
        }
        Ok(())
    }

    /// One of `uid`'s event-stream slots, given back when the slot is dropped.
    pub(super) fn take_subscriber(&self, uid: u32) -> Result<SubscriberSlot, SessionError> {
        let limit = self.rules().limits.max_subscribers_per_uid;
        let mut open = counts(&self.subscribers);
        let count = open.entry(uid).or_default();
        if *count >= limit {
            return Err(SessionError::LimitReached(format!(
                "uid {uid} already has {count} event streams open (limits.max_subscribers_per_uid)"
            )));
        }
        *count += 1;
        Ok(SubscriberSlot {
            open: self.subscribers.clone(),
            uid,
        })
    }
}

/// One of a uid's `WatchEvents` slots.
pub(super) struct SubscriberSlot {
    open: Arc<Mutex<HashMap<u32, usize>>>,
    uid: u32,
}

impl Drop for SubscriberSlot {
    fn drop(&mut self) {
        if let Some(count) = counts(&self.open).get_mut(&self.uid) {
            *count = count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(uid: u32, groups: Vec<u32>) -> Caller {
        Caller {
            uid,
            gid: uid,
            pid: None,
            groups: groups.into(),
            exe: "test".into(),
        }
    }

    fn policy(limits: Limits) -> Policy {
        Policy::new(Rules {
            access: AccessPolicy {
                uids: vec![1000],
                gids: vec![50],
            },
            limits,
            shared: BTreeMap::from([("svc".to_owned(), 70)]),
        })
    }

    #[test]
    fn access_owner_selection_and_shared_reads() {
        let policy = policy(Limits::default());
        assert!(policy.admit(&caller(0, vec![])).is_ok());
        assert!(policy.admit(&caller(1000, vec![])).is_ok());
        assert!(
            policy.admit(&caller(1001, vec![50])).is_ok(),
            "a listed group"
        );
        assert!(matches!(
            policy.admit(&caller(1002, vec![])),
            Err(SessionError::AccessDenied(1002))
        ));
        assert_eq!(policy.acting(&caller(0, vec![]), Some(7)).unwrap(), 7);
        assert_eq!(policy.acting(&caller(0, vec![]), None).unwrap(), 0);
        assert!(policy.acting(&caller(5, vec![]), Some(7)).is_err());
        assert!(policy.all_owners(&caller(5, vec![])).is_err());
        let member = caller(5, vec![70]);
        assert_eq!(policy.reading(&member, "svc", Some(0)).unwrap(), 0);
        assert!(policy.reading(&member, "other", Some(0)).is_err());
        assert!(policy.acting(&member, Some(0)).is_err(), "reads only");
        assert!(policy.reading(&caller(6, vec![]), "svc", Some(0)).is_err());
    }

    #[test]
    fn limits_count_per_uid_and_slots_come_back() {
        let policy = policy(Limits {
            max_sessions_per_uid: 2,
            logins_per_minute: 2,
            max_subscribers_per_uid: 1,
            ..Limits::default()
        });
        assert!(policy.admit_login(5).is_ok());
        assert!(policy.admit_login(5).is_ok());
        assert!(policy.admit_login(5).is_err());
        assert!(policy.admit_login(6).is_ok(), "another uid's own budget");
        assert!(policy.admit_session(5, 1, "a").is_ok());
        assert!(policy.admit_session(5, 2, "a").is_err());
        let slot = policy.take_subscriber(5).unwrap();
        assert!(policy.take_subscriber(5).is_err());
        drop(slot);
        assert!(policy.take_subscriber(5).is_ok());
    }
}
