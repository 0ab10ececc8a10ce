//! One user of one owner: its stored record, what its backend says of its identities, and the
//! in-memory state of its session (the single-flight gate of its refreshes, a generation counter
//! that tells a waiting caller someone else refreshed, backoff after failures).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

use crate::backend::{
    AccessGrant, Backend, Classify, IdGrant, Identity, Profile, Purpose, RefreshGrant, UserTraits,
};
use crate::clock::{millis, system_time};
use crate::secret::Secret;
use crate::session::scheduler::SessionTimes;
use crate::session::types::{AccessTokenView, IdTokenView, SessionError, UserState, UserView};
use crate::store::{StoredIdToken, StoredIdentity, StoredState, UserRecord};

/// A token received this recently is not refreshed again just because a caller asks for more
/// validity than a fresh token has: it is the best there is.
const FRESH_MS: i64 = 1000;

/// A session's token pair.
#[derive(Debug, Clone)]
pub(in crate::session) struct Tokens {
    /// Bearer of ordinary calls.
    pub access: Secret,
    /// Bearer of refresh, logout and API-key calls; `None` for a session the backend renews
    /// without one (client credentials).
    pub refresh: Option<Secret>,
}

/// Where a session's refresh token is: a session holds it in memory only until it is
/// committed, and then reads it from the store when a refresh, a logout or an API-key call
/// needs it (about 300 bytes a session not kept in memory).
#[derive(Debug, Clone)]
pub(in crate::session) enum RefreshToken {
    /// The session has none (client credentials), or is logged out.
    None,
    /// Not yet committed: in memory.
    Held(Secret),
    /// In the store, in the record whose refresh token was received at this time.
    Stored { received_at_ms: i64 },
}

/// A session whose refreshes are failing.
#[derive(Debug, Clone)]
pub(in crate::session) struct Backoff {
    /// Consecutive failed refreshes (for the backoff's ceiling, and for logging once).
    pub failures: u32,
    /// No refresh before this time, unless a caller holding no usable token probes (at most
    /// once a [`super::super::refresh::PROBE_INTERVAL`], and never against the backend's own
    /// `Retry-After`) or the backend answers another session again (the app's outage is over).
    pub retry_at_ms: i64,
    /// When the last failed attempt was made: a probe waits at least a probe interval after it.
    pub attempted_at_ms: i64,
    /// The backend itself said when to come back (`Retry-After`): no probe before then.
    pub server_asked: bool,
    /// What the last failed refresh got, for callers told to wait.
    pub last_error: String,
}

/// One user of one owner.
pub(in crate::session) struct UserEntry {
    /// What is persisted, plus memory-only profile keys.
    pub record: UserRecord,
    /// What the backend says of the user's identities.
    pub traits: UserTraits,
    /// Held while a refresh of this session is in flight: the single-flight gate; there only
    /// while a refresh holds or waits for it ([`super::AppUsers::refresh_gate`]).
    pub refresh_lock: Option<Arc<Mutex<()>>>,
    /// Bumped whenever the tokens change, so that a caller that waited on `refresh_lock` can tell
    /// that someone else already refreshed.
    pub generation: u64,
    /// Which login's tokens the entry holds: an operation that started on one session must not
    /// land on the next.
    pub session: u64,
    /// Set while refreshes fail; cleared by any new access token or a logout. Boxed: rare.
    pub backoff: Option<Box<Backoff>>,
    /// Whether `refresh_token_expiring` was emitted for the current refresh token.
    pub warned: bool,
    /// When the last forced refresh of this session was made, or is to be made (0: never): the
    /// next one waits until [`FRESH_MS`] after it.
    pub forced_at_ms: i64,
    /// Tokens for narrower purposes (scopes, audience), in memory only: obtained again after a
    /// restart, dropped at logout. Boxed: most sessions have none, and an empty vector inline
    /// is 24 bytes a session.
    #[expect(
        clippy::box_collection,
        reason = "one pointer inline for the many sessions without any, not a vector's three words"
    )]
    pub purposes: Option<Box<Vec<(Purpose, AccessGrant)>>>,
}

/// What a caller saw of a token when it asked for a refresh ([`UserEntry::seen`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::session) enum Seen {
    /// The session's own token: its generation.
    Generation(u64),
    /// A token for a purpose: when the cached one was received (`None`: there was none).
    Purpose(Option<i64>),
}

/// Most tokens for purposes kept per session; the one expiring first makes room.
const MAX_PURPOSES: usize = 16;

fn identity(stored: &StoredIdentity) -> Identity {
    Identity {
        id: stored.id.to_string(),
        provider_type: stored.provider_type.to_string(),
    }
}

/// The provider names of an app's users, one copy of each: every session names one or two, and
/// an app has a handful.
#[derive(Default)]
pub(in crate::session) struct ProviderNames(Vec<Arc<str>>);

/// The most names shared: past them (a backend inventing names) each gets its own copy, so the
/// table never grows with what a backend sends.
const MAX_PROVIDER_NAMES: usize = 64;

impl ProviderNames {
    /// The shared copy of `name`.
    pub(in crate::session) fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(known) = self.0.iter().find(|known| ***known == *name) {
            return known.clone();
        }
        let name: Arc<str> = name.into();
        if self.0.len() < MAX_PROVIDER_NAMES {
            self.0.push(name.clone());
        }
        name
    }

    /// `record` with its provider names replaced by the shared copies.
    pub(in crate::session) fn share(&mut self, record: &mut UserRecord) {
        record.provider_type = self.intern(&record.provider_type);
        for identity in &mut record.identities {
            identity.provider_type = self.intern(&identity.provider_type);
        }
    }
}

impl UserRecord {
    /// A new user, logged out, without tokens.
    pub(in crate::session) fn new(
        owner_uid: u32,
        app: &Arc<str>,
        user_id: &str,
        now_ms: i64,
        order: u64,
    ) -> Self {
        Self {
            owner_uid,
            app: app.clone(),
            user_id: user_id.to_owned(),
            state: StoredState::LoggedOut,
            provider_type: "".into(),
            access_token: None,
            refresh_token: None,
            refresh_stored: false,
            sealed_unopened: false,
            device_id: "".into(),
            identities: Vec::new(),
            profile: None,
            created_at_ms: now_ms,
            last_used_at_ms: now_ms,
            order,
            access_received_at_ms: None,
            refresh_received_at_ms: None,
            expired: false,
            access_expires_at_ms: None,
            refresh_expires_at_ms: None,
            access_ends_at_refresh: false,
            custom_data: None,
            id_token: None,
        }
    }
}

impl UserEntry {
    /// An entry for a stored record. A record of a version that did not keep the tokens'
    /// expiries and custom data gets them from `backend`, which can read its own tokens.
    pub(in crate::session) fn load(
        mut record: UserRecord,
        backend: Option<&dyn Backend>,
        classify: Classify,
        session: u64,
    ) -> Self {
        let legacy = record.state == StoredState::LoggedIn && record.access_expires_at_ms.is_none();
        if let (true, Some(backend)) = (legacy, backend) {
            if let Some(access) = record
                .access_token
                .as_ref()
                .and_then(|token| backend.reread_access(token, record.access_received_at_ms))
            {
                record.access_received_at_ms = Some(access.received_at_ms);
                record.access_expires_at_ms = Some(access.expires_at_ms);
                record.custom_data = access.custom_data.map(Box::new);
            }
            if let Some(refresh) = record
                .refresh_token
                .as_ref()
                .and_then(|token| backend.reread_refresh(token, record.refresh_received_at_ms))
            {
                record.refresh_received_at_ms = Some(refresh.received_at_ms);
                record.refresh_expires_at_ms = refresh.expires_at_ms;
            }
        }
        // Kept out of memory when the store can find it again by its receipt time (records of
        // versions that kept no such time hold theirs in memory until their next write).
        if record.refresh_received_at_ms.is_some() && record.refresh_token.take().is_some() {
            record.refresh_stored = true;
        }
        let mut entry = Self {
            record,
            traits: UserTraits::default(),
            refresh_lock: None,
            generation: 0,
            session,
            backoff: None,
            warned: false,
            forced_at_ms: 0,
            purposes: None,
        };
        entry.classify(classify);
        entry
    }

    /// Asks the backend's rule again what the identities make of the user.
    pub(in crate::session) fn classify(&mut self, classify: Classify) {
        let identities: Vec<Identity> = self.record.identities.iter().map(identity).collect();
        self.traits = classify(&self.record.provider_type, &identities);
    }

    /// Whether the user holds tokens (in memory, or still sealed in the store).
    pub(in crate::session) fn is_logged_in(&self) -> bool {
        self.record.state == StoredState::LoggedIn
            && (self.record.access_token.is_some() || self.record.sealed_unopened)
    }

    /// Takes the tokens of `stored`, the record as opened from the store, into an entry read
    /// at start without them. Returns `false` when the store held no such tokens, or none that
    /// open (a damaged record): the session is then over, and its user told to log in again.
    pub(in crate::session) fn open_sealed(&mut self, stored: Option<UserRecord>) -> bool {
        if !self.record.sealed_unopened {
            return true;
        }
        self.record.sealed_unopened = false;
        let Some(stored) = stored.filter(|stored| {
            stored.access_token.is_some()
                && stored.access_received_at_ms == self.record.access_received_at_ms
        }) else {
            self.sign_out();
            self.record.expired = true;
            return false;
        };
        // The refresh token in it stays where it is: read from the store when it is needed.
        self.record.access_token = stored.access_token;
        self.record.custom_data = stored.custom_data;
        self.record.id_token = stored.id_token;
        true
    }

    /// The access token and where the refresh token is, while logged in.
    pub(in crate::session) fn tokens(&self) -> Option<(Secret, RefreshToken)> {
        let record = &self.record;
        let access = record.access_token.as_ref()?;
        if record.state != StoredState::LoggedIn {
            return None;
        }
        let refresh = match (&record.refresh_token, record.refresh_received_at_ms) {
            (Some(held), _) => RefreshToken::Held(held.clone()),
            (None, Some(received_at_ms)) if record.refresh_stored => {
                RefreshToken::Stored { received_at_ms }
            }
            _ => RefreshToken::None,
        };
        Some((access.clone(), refresh))
    }

    /// The record holding the refresh token was committed: the token is read from the store
    /// from now on.
    pub(in crate::session) fn refresh_committed(&mut self) {
        // Found again in the store by its receipt time; without one, it stays in memory.
        if self.record.refresh_received_at_ms.is_some()
            && self.record.refresh_token.take().is_some()
        {
            self.record.refresh_stored = true;
        }
    }

    /// What the schedule of a logged-in session follows.
    pub(in crate::session) fn times(&self) -> Option<SessionTimes> {
        if !self.is_logged_in() {
            return None;
        }
        Some(SessionTimes {
            access_received_ms: self.record.access_received_at_ms?,
            access_expires_ms: self.record.access_expires_at_ms?,
            refresh_expires_ms: self.record.refresh_expires_at_ms,
            warned: self.warned,
            ends_at_refresh: self.record.access_ends_at_refresh,
        })
    }

    /// Why the user has no token: the session expired (log in again) or was logged out.
    pub(in crate::session) fn not_logged_in(&self) -> SessionError {
        if self.record.expired {
            SessionError::ReauthRequired("the session expired; log in again".to_owned())
        } else {
            SessionError::UserNotLoggedIn("the user is not logged in")
        }
    }

    /// Stores a new access token: the user is logged in with it.
    pub(in crate::session) fn set_access(&mut self, access: AccessGrant) {
        self.record.sealed_unopened = false;
        self.record.state = StoredState::LoggedIn;
        self.record.expired = false;
        self.record.access_token = Some(access.token);
        self.record.access_received_at_ms = Some(access.received_at_ms);
        self.record.access_expires_at_ms = Some(access.expires_at_ms);
        self.record.access_ends_at_refresh = access.ends_at_refresh;
        self.record.custom_data = access.custom_data.map(Box::new);
        self.backoff = None;
        self.generation += 1;
    }

    /// Stores a new refresh token (`None`: a login without one); its expiry may be warned of
    /// again.
    pub(in crate::session) fn set_refresh(&mut self, refresh: Option<RefreshGrant>) {
        // The same token sent again keeps its expiry, and its warning stays given.
        if self.record.refresh_expires_at_ms != refresh.as_ref().and_then(|r| r.expires_at_ms) {
            self.warned = false;
        }
        let record = &mut self.record;
        record.refresh_received_at_ms = refresh.as_ref().map(|r| r.received_at_ms);
        record.refresh_expires_at_ms = refresh.as_ref().and_then(|r| r.expires_at_ms);
        record.refresh_token = refresh.map(|r| r.token);
        record.refresh_stored = false;
    }

    /// Wipes the tokens and what was read from them: logged out.
    pub(in crate::session) fn sign_out(&mut self) {
        let record = &mut self.record;
        record.state = StoredState::LoggedOut;
        record.sealed_unopened = false;
        record.access_token = None;
        record.refresh_token = None;
        record.refresh_stored = false;
        record.access_received_at_ms = None;
        record.refresh_received_at_ms = None;
        record.access_expires_at_ms = None;
        record.refresh_expires_at_ms = None;
        record.custom_data = None;
        record.id_token = None;
        self.backoff = None;
        self.purposes = None;
        self.generation += 1;
    }

    /// Keeps the session's ID token (`None`: the login gave none).
    pub(in crate::session) fn set_id_token(&mut self, id_token: Option<IdGrant>) {
        self.record.id_token = id_token.map(|id| {
            Box::new(StoredIdToken {
                token: id.token,
                received_at_ms: id.received_at_ms,
                expires_at_ms: id.expires_at_ms,
            })
        });
    }

    /// The session's ID token if it stays valid for `min_valid` from `now_ms` (or is unexpired
    /// and so fresh that a refresh could not give more); `None` when a refresh may give one.
    ///
    /// # Errors
    /// `IdTokenNotRenewed` when a refresh would not: the provider sent none with the current
    /// access token (at login, or at the last refresh), so it does not renew them.
    pub(in crate::session) fn id_token_for(
        &self,
        app: &str,
        min_valid: Duration,
        now_ms: i64,
    ) -> Result<Option<IdTokenView>, SessionError> {
        let held = match self.record.id_token.as_deref() {
            None => "the session holds no ID token: its login gave none".to_owned(),
            Some(id)
                if usable(id.expires_at_ms, id.received_at_ms, min_valid, now_ms).is_some() =>
            {
                return Ok(self.is_logged_in().then(|| IdTokenView {
                    token: id.token.clone(),
                    expires_at: system_time(id.expires_at_ms),
                    user_id: self.record.user_id.clone(),
                    app: app.to_owned(),
                }));
            }
            Some(id) if Some(id.received_at_ms) == self.record.access_received_at_ms => {
                return Ok(None);
            }
            Some(id) => format!(
                "the session's ID token {}, and its provider sent no new one at the last refresh",
                if id.expires_at_ms > now_ms {
                    format!("expires in {} s", (id.expires_at_ms - now_ms + 999) / 1000)
                } else {
                    "has expired".to_owned()
                }
            ),
        };
        Err(SessionError::IdTokenNotRenewed(format!(
            "{held}; a new login gives a new one"
        )))
    }

    /// The token kept for `purpose`, if any.
    fn purpose_token(&self, purpose: &Purpose) -> Option<&(Purpose, AccessGrant)> {
        self.purposes
            .as_deref()?
            .iter()
            .find(|(kept, _)| kept == purpose)
    }

    /// Keeps a token for `purpose`, replacing an older one.
    pub(in crate::session) fn set_purpose_token(&mut self, purpose: &Purpose, access: AccessGrant) {
        let purposes = self.purposes.get_or_insert_default();
        purposes.retain(|(kept, _)| kept != purpose);
        if purposes.len() >= MAX_PURPOSES
            && let Some(first) = (0..purposes.len()).min_by_key(|&i| purposes[i].1.expires_at_ms)
        {
            purposes.swap_remove(first);
        }
        purposes.push((purpose.clone(), access));
        self.backoff = None;
    }

    /// Stores a fetched profile, its provider names shared through `names`.
    pub(in crate::session) fn set_profile(&mut self, profile: Profile, names: &mut ProviderNames) {
        self.record.identities = profile
            .identities
            .into_iter()
            .map(|identity| StoredIdentity {
                id: identity.id.into(),
                provider_type: names.intern(&identity.provider_type),
            })
            .collect();
        self.record.profile = (!profile.data.is_empty()).then(|| Box::new(profile.data));
    }

    /// The cached token for `purpose` (the session's own for the default one) if it stays
    /// valid for `min_valid` from `now_ms`, or if it is unexpired and so fresh that a refresh
    /// could not give more.
    pub(in crate::session) fn token_for(
        &self,
        app: &str,
        purpose: &Purpose,
        min_valid: Duration,
        now_ms: i64,
    ) -> Option<AccessTokenView> {
        if purpose.is_default() {
            return self.token_valid_for(app, min_valid, now_ms);
        }
        let (_, access) = self.purpose_token(purpose)?;
        usable(
            access.expires_at_ms,
            access.received_at_ms,
            min_valid,
            now_ms,
        )?;
        if !self.is_logged_in() {
            return None;
        }
        Some(AccessTokenView {
            token: access.token.clone(),
            expires_at: system_time(access.expires_at_ms),
            user_id: self.record.user_id.clone(),
            app: app.to_owned(),
            stale: false,
        })
    }

    /// What a caller saw of the session's token for `purpose` when it arrived: the session's
    /// generation for its own token, the receipt time of the cached one for a purpose. A refresh
    /// that finds something else when its turn comes shares the newer token.
    pub(in crate::session) fn seen(&self, purpose: &Purpose) -> Seen {
        if purpose.is_default() {
            Seen::Generation(self.generation)
        } else {
            Seen::Purpose(
                self.purpose_token(purpose)
                    .map(|(_, access)| access.received_at_ms),
            )
        }
    }

    /// When a forced refresh asked for at `now_ms` is made: now, unless another was made less
    /// than a second ([`FRESH_MS`]) ago (then a second after it), or one is already planned
    /// (then with it, sharing its result). So callers looping on `force_refresh` cost the
    /// backend at most one refresh a second per session, and each still gets a token obtained
    /// after it asked.
    pub(in crate::session) fn forced_refresh_at(&self, now_ms: i64) -> i64 {
        // Planned, and not further off than a second (a clock set back must not hold a caller).
        if self.forced_at_ms > now_ms && self.forced_at_ms <= now_ms.saturating_add(FRESH_MS) {
            self.forced_at_ms
        } else if self.forced_at_ms != 0 && now_ms < self.forced_at_ms.saturating_add(FRESH_MS) {
            self.forced_at_ms.saturating_add(FRESH_MS)
        } else {
            now_ms
        }
    }

    /// The cached access token if it stays valid for `min_valid` from `now_ms`, or if it is
    /// unexpired and so fresh that a refresh could not give more.
    pub(in crate::session) fn token_valid_for(
        &self,
        app: &str,
        min_valid: Duration,
        now_ms: i64,
    ) -> Option<AccessTokenView> {
        let expires = self.record.access_expires_at_ms?;
        let received = self.record.access_received_at_ms?;
        usable(expires, received, min_valid, now_ms)?;
        if !self.is_logged_in() {
            return None;
        }
        Some(AccessTokenView {
            token: self.record.access_token.clone()?,
            expires_at: system_time(expires),
            user_id: self.record.user_id.clone(),
            app: app.to_owned(),
            stale: false,
        })
    }
}

/// Whether a token expiring at `expires` (received at `received`) answers a caller that needs
/// `min_valid`: it must be unexpired, and valid that long unless it is too fresh for a refresh
/// to give more.
fn usable(expires: i64, received: i64, min_valid: Duration, now_ms: i64) -> Option<()> {
    let remaining = expires.saturating_sub(now_ms);
    (remaining > 0
        && (remaining >= millis(min_valid) || now_ms.saturating_sub(received) < FRESH_MS))
        .then_some(())
}

impl UserEntry {
    /// The record as it may be written: without memory-only profile keys.
    pub(in crate::session) fn record_for_disk(&self) -> UserRecord {
        let mut record = self.record.clone();
        for key in self.traits.memory_only_profile_keys {
            if let Some(profile) = record.profile.as_mut() {
                profile.remove(*key);
            }
        }
        record
    }

    /// The user as callers see it.
    pub(in crate::session) fn view(&self, app: &str, is_current: bool) -> UserView {
        let record = &self.record;
        let logged_in = record.state == StoredState::LoggedIn;
        UserView {
            app: app.to_owned(),
            id: record.user_id.clone(),
            state: if logged_in {
                UserState::LoggedIn
            } else {
                UserState::LoggedOut
            },
            is_current,
            is_anonymous: logged_in && self.traits.anonymous,
            provider_type: record.provider_type.to_string(),
            identities: record.identities.iter().map(identity).collect(),
            profile: record.profile.as_deref().cloned().unwrap_or_default(),
            custom_data: record.custom_data.as_deref().filter(|_| logged_in).cloned(),
            device_id: record.device_id.to_string(),
            access_token_expires_at: record
                .access_expires_at_ms
                .filter(|_| logged_in)
                .map(system_time),
            refresh_token_expires_at: record
                .refresh_expires_at_ms
                .filter(|_| logged_in)
                .map(system_time),
            owner_uid: record.owner_uid,
            created_at: system_time(record.created_at_ms),
            last_used_at: system_time(record.last_used_at_ms),
            revocation_error: None,
        }
    }
}
