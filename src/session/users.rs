//! The users of one app, every owner's, with their current-user pointers: the bookkeeping of
//! spec §8 without any I/O. Each mutation returns the store changes that make it durable.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Mutex;

use super::{
    AccessTokenView, SessionError, UserState, UserView, new_record, now_ms, unix_millis, view_of,
};
use crate::backend::Tokens;
use crate::jwt;
use crate::secret::Secret;
use crate::store::{Change, StoredState, UserRecord};

/// Profile keys that may embed the user's provider token: kept in memory, never written to disk,
/// for users of the providers below.
const MEMORY_ONLY_PROFILE_KEYS: &[&str] = &["picture", "picture_url"];

/// Providers whose profile picture URL embeds the user's access token (Facebook's does).
const TOKEN_EMBEDDING_PROVIDERS: &[&str] = &["oauth2-facebook"];

/// One user of one owner.
pub(super) struct UserEntry {
    /// What is persisted (plus memory-only profile keys).
    pub record: UserRecord,
    /// Held while a refresh of this session is in flight: the single-flight gate.
    pub refresh_lock: Arc<Mutex<()>>,
    /// Bumped whenever the tokens change, so a caller that waited on `refresh_lock` can tell
    /// that someone else already refreshed.
    pub generation: u64,
    /// The access token's local expiry and lifetime, computed once when the token is stored
    /// rather than on every `GetAccessToken` (the hot path).
    pub access: Option<TokenTiming>,
    /// Consecutive transient refresh failures (for backoff and for logging once).
    pub failures: u32,
    /// Whether `refresh_token_expiring` was already emitted for the current refresh token.
    pub warned: bool,
}

/// When a token expires on the local clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TokenTiming {
    /// Local expiry, ms since the Unix epoch.
    pub expires_ms: i64,
    /// The token's lifetime (`exp - iat`), ms.
    pub lifetime_ms: i64,
    /// When it was received, ms since the Unix epoch.
    pub received_ms: i64,
}

/// Safety margin taken off every local expiry: `iat` and `exp` are whole seconds, so a token
/// may expire up to a second before `received + lifetime`.
const EXPIRY_MARGIN_MS: i64 = 1000;

/// A token received this recently is not refreshed again just because a caller asks for more
/// validity than a fresh token has: it is the best there is.
const FRESH_MS: i64 = 1000;

/// The local expiry of `token`: receipt time plus the token's own lifetime, so that a backend
/// whose clock is off does not make tokens look expired (or immortal). Without a receipt time
/// (records from before it was kept) the token's `exp` is taken as it is.
pub(super) fn timing(token: Option<&Secret>, received_ms: Option<i64>) -> Option<TokenTiming> {
    let claims = jwt::decode_unverified(token?.expose()).ok()?;
    let lifetime_ms = (claims.exp - claims.iat).max(0).saturating_mul(1000);
    Some(match received_ms {
        Some(received_ms) => TokenTiming {
            expires_ms: received_ms + lifetime_ms - EXPIRY_MARGIN_MS,
            lifetime_ms,
            received_ms,
        },
        None => TokenTiming {
            expires_ms: claims.exp.saturating_mul(1000) - EXPIRY_MARGIN_MS,
            lifetime_ms,
            received_ms: claims.iat.saturating_mul(1000),
        },
    })
}

impl UserEntry {
    pub fn new(record: UserRecord) -> Self {
        Self {
            access: timing(record.access_token.as_ref(), record.access_received_at_ms),
            record,
            refresh_lock: Arc::new(Mutex::new(())),
            generation: 0,
            failures: 0,
            warned: false,
        }
    }

    /// The refresh token's local expiry, when the token says.
    pub fn refresh_timing(&self) -> Option<TokenTiming> {
        timing(
            self.record.refresh_token.as_ref(),
            self.record.refresh_received_at_ms,
        )
    }

    /// Why the user has no token: the session expired (log in again) or was logged out.
    pub fn not_logged_in(&self) -> SessionError {
        if self.record.expired {
            SessionError::ReauthRequired("the session expired; log in again".to_owned())
        } else {
            SessionError::UserNotLoggedIn("the user is not logged in")
        }
    }

    /// The token pair while logged in.
    pub fn tokens(&self) -> Option<Tokens> {
        match (
            self.record.state,
            &self.record.access_token,
            &self.record.refresh_token,
        ) {
            (StoredState::LoggedIn, Some(access), Some(refresh)) => Some(Tokens {
                access: access.clone(),
                refresh: refresh.clone(),
            }),
            _ => None,
        }
    }

    /// Stores new tokens received at `now_ms` (logged in) or wipes them (logged out).
    pub fn set_tokens(&mut self, tokens: Option<Tokens>, now_ms: i64) {
        match tokens {
            Some(tokens) => {
                if self.record.refresh_token.as_ref() != Some(&tokens.refresh) {
                    self.record.refresh_received_at_ms = Some(now_ms);
                    self.warned = false;
                }
                self.record.state = StoredState::LoggedIn;
                self.record.expired = false;
                self.record.access_token = Some(tokens.access);
                self.record.refresh_token = Some(tokens.refresh);
                self.record.access_received_at_ms = Some(now_ms);
            }
            None => {
                self.record.state = StoredState::LoggedOut;
                self.record.access_token = None;
                self.record.refresh_token = None;
                self.record.access_received_at_ms = None;
                self.record.refresh_received_at_ms = None;
            }
        }
        self.access = timing(
            self.record.access_token.as_ref(),
            self.record.access_received_at_ms,
        );
        self.failures = 0;
        self.generation += 1;
    }

    /// Whether the session still holds this refresh token (it was not logged out or replaced by
    /// a new login meanwhile).
    pub fn holds_refresh_token(&self, refresh: &Secret) -> bool {
        self.record.state == StoredState::LoggedIn
            && self.record.refresh_token.as_ref() == Some(refresh)
    }

    /// Exactly one identity, `anon-user` (spec §8.1); before the profile is known, the login's
    /// provider decides.
    pub fn is_anonymous_identity(&self) -> bool {
        match self.record.identities.as_slice() {
            [only] => only.provider_type == "anon-user",
            [] => self.record.provider_type == "anon-user",
            _ => false,
        }
    }

    /// The cached access token if it stays valid for `min_valid` from now, or if it is unexpired
    /// and so fresh that a refresh could not give more.
    pub fn token_valid_for(&self, app: &str, min_valid: Duration) -> Option<AccessTokenView> {
        let timing = self.access?;
        let now = now_ms();
        let min = i64::try_from(min_valid.as_millis()).unwrap_or(i64::MAX);
        let remaining = timing.expires_ms - now;
        if remaining <= 0 || (remaining < min && now - timing.received_ms >= FRESH_MS) {
            return None;
        }
        Some(AccessTokenView {
            token: self.tokens()?.access,
            expires_at: unix_millis(timing.expires_ms),
            user_id: self.record.user_id.clone(),
            app: app.to_owned(),
            stale: false,
        })
    }

    /// Whether the profile may hold a URL embedding a provider token, which must stay in memory.
    pub fn has_memory_only_profile(&self) -> bool {
        TOKEN_EMBEDDING_PROVIDERS.contains(&self.record.provider_type.as_str())
            || self.record.identities.iter().any(|identity| {
                TOKEN_EMBEDDING_PROVIDERS.contains(&identity.provider_type.as_str())
            })
    }

    /// The record as it may be written: without memory-only profile keys.
    pub fn record_for_disk(&self) -> UserRecord {
        let mut record = self.record.clone();
        if self.has_memory_only_profile() {
            for key in MEMORY_ONLY_PROFILE_KEYS {
                record.profile.remove(*key);
            }
        }
        record
    }
}

/// The users of one app.
#[derive(Default)]
pub(super) struct AppUsers {
    /// Every owner's users, in creation order.
    pub entries: Vec<UserEntry>,
    /// Stored current user per owner; read through [`AppUsers::current_of`], which falls back.
    pub current: HashMap<u32, String>,
    next_order: u64,
}

impl AppUsers {
    /// Adds a loaded user (callers insert in creation order).
    pub fn insert(&mut self, entry: UserEntry) {
        self.next_order = self.next_order.max(entry.record.order + 1);
        self.entries.push(entry);
    }

    fn position(&self, uid: u32, user_id: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|entry| entry.record.owner_uid == uid && entry.record.user_id == user_id)
    }

    pub fn get(&self, uid: u32, user_id: &str) -> Option<&UserEntry> {
        self.position(uid, user_id)
            .map(|index| &self.entries[index])
    }

    pub fn get_mut(&mut self, uid: u32, user_id: &str) -> Option<&mut UserEntry> {
        self.position(uid, user_id)
            .map(|index| &mut self.entries[index])
    }

    /// The stored current user if logged in, else the first logged-in user (spec §8.2).
    pub fn current_of(&self, uid: u32) -> Option<&str> {
        let logged_in = |entry: &&UserEntry| {
            entry.record.owner_uid == uid && entry.record.state == StoredState::LoggedIn
        };
        if let Some(id) = self.current.get(&uid) {
            if self.get(uid, id).is_some_and(|entry| logged_in(&entry)) {
                return Some(id);
            }
        }
        self.entries
            .iter()
            .find(logged_in)
            .map(|entry| entry.record.user_id.as_str())
    }

    /// `user_id`, or the current user when empty.
    pub fn resolve(&self, uid: u32, user_id: &str) -> Result<String, SessionError> {
        if user_id.is_empty() {
            return self
                .current_of(uid)
                .map(str::to_owned)
                .ok_or(SessionError::NoCurrentUser);
        }
        self.get(uid, user_id)
            .map(|entry| entry.record.user_id.clone())
            .ok_or(SessionError::UserNotFound)
    }

    /// `user_id` (or the current user when empty), which must hold tokens: a logged-out user
    /// is [`UserEntry::not_logged_in`].
    pub fn logged_in(
        &self,
        uid: u32,
        user_id: &str,
    ) -> Result<(String, &UserEntry, Tokens), SessionError> {
        let user_id = self.resolve(uid, user_id)?;
        let entry = self.get(uid, &user_id).ok_or(SessionError::UserNotFound)?;
        let tokens = entry.tokens().ok_or_else(|| entry.not_logged_in())?;
        Ok((user_id, entry, tokens))
    }

    /// A logged-in anonymous user of `uid` to reuse.
    pub fn reusable_anonymous(&self, uid: u32) -> Option<String> {
        self.entries
            .iter()
            .find(|entry| {
                entry.record.owner_uid == uid
                    && entry.record.state == StoredState::LoggedIn
                    && entry.is_anonymous_identity()
            })
            .map(|entry| entry.record.user_id.clone())
    }

    /// The user, created (logged out, no tokens) if new.
    pub fn upsert(&mut self, uid: u32, app: &str, user_id: &str, now: i64) -> &mut UserEntry {
        let index = match self.position(uid, user_id) {
            Some(index) => index,
            None => {
                let order = self.next_order;
                self.next_order += 1;
                self.entries
                    .push(UserEntry::new(new_record(uid, app, user_id, now, order)));
                self.entries.len() - 1
            }
        };
        &mut self.entries[index]
    }

    /// Makes a user current and marks it used.
    pub fn make_current(&mut self, uid: u32, app: &str, user_id: &str, now: i64) -> Vec<Change> {
        let mut changes = Vec::new();
        if let Some(entry) = self.get_mut(uid, user_id) {
            entry.record.last_used_at_ms = now;
            changes.push(Change::PutUser(Box::new(entry.record_for_disk())));
        }
        self.current.insert(uid, user_id.to_owned());
        changes.push(Change::SetCurrent {
            owner_uid: uid,
            app: app.to_owned(),
            user_id: Some(user_id.to_owned()),
        });
        changes
    }

    /// After `user_id` stopped being usable: if it was the stored current user, the first
    /// logged-in user (or none) takes its place.
    fn fall_back(&mut self, uid: u32, app: &str, user_id: &str) -> Option<Change> {
        if self.current.get(&uid).map(String::as_str) != Some(user_id) {
            return None;
        }
        self.current.remove(&uid);
        let next = self.current_of(uid).map(str::to_owned);
        if let Some(next) = &next {
            self.current.insert(uid, next.clone());
        }
        Some(Change::SetCurrent {
            owner_uid: uid,
            app: app.to_owned(),
            user_id: next,
        })
    }

    /// Wipes a user's tokens (logged out) and falls back the current user.
    pub fn sign_out(
        &mut self,
        uid: u32,
        app: &str,
        user_id: &str,
    ) -> Result<(Vec<Change>, UserView), SessionError> {
        let entry = self
            .get_mut(uid, user_id)
            .ok_or(SessionError::UserNotFound)?;
        entry.set_tokens(None, now_ms());
        let mut changes = vec![Change::PutUser(Box::new(entry.record_for_disk()))];
        changes.extend(self.fall_back(uid, app, user_id));
        Ok((changes, self.view(uid, app, user_id)?))
    }

    /// Ends a user's session (spec §4.2): an anonymous user is removed, any other is signed out.
    pub fn end_session(
        &mut self,
        uid: u32,
        app: &str,
        user_id: &str,
    ) -> Result<(Vec<Change>, UserView), SessionError> {
        let anonymous = self
            .get(uid, user_id)
            .is_some_and(UserEntry::is_anonymous_identity);
        if anonymous {
            self.remove(uid, app, user_id)
        } else {
            self.sign_out(uid, app, user_id)
        }
    }

    /// Forgets a user and falls back the current user; returns the user as removed.
    pub fn remove(
        &mut self,
        uid: u32,
        app: &str,
        user_id: &str,
    ) -> Result<(Vec<Change>, UserView), SessionError> {
        let index = self
            .position(uid, user_id)
            .ok_or(SessionError::UserNotFound)?;
        let mut entry = self.entries.remove(index);
        entry.set_tokens(None, now_ms());
        let mut view = view_of(&entry, app, false);
        view.state = UserState::Removed;
        let mut changes = vec![Change::DeleteUser {
            owner_uid: uid,
            app: app.to_owned(),
            user_id: user_id.to_owned(),
        }];
        changes.extend(self.fall_back(uid, app, user_id));
        Ok((changes, view))
    }

    /// The user as callers see it.
    pub fn view(&self, uid: u32, app: &str, user_id: &str) -> Result<UserView, SessionError> {
        let entry = self.get(uid, user_id).ok_or(SessionError::UserNotFound)?;
        Ok(view_of(entry, app, self.current_of(uid) == Some(user_id)))
    }
}
