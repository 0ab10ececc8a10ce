//! The emulator's data: users, identities, refresh sessions, email accounts, API keys, counters,
//! and the token rules (what a valid access or refresh token is).

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::RngCore;
use serde_json::{Map, Value, json};

use super::EmuError;
use crate::jwt;

/// A 24-hex-digit id, shaped like a MongoDB ObjectId (realm-web insists on it, spec §13.2).
pub fn object_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    hex(&bytes)
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// One emulated user.
#[derive(Debug, Clone)]
pub struct EmuUser {
    pub id: String,
    pub identities: Vec<(String, String)>,
    pub data: Map<String, Value>,
    pub disabled: bool,
    pub server: bool,
    pub custom_data: Option<Map<String, Value>>,
}

impl EmuUser {
    pub fn summary(&self, sessions: usize) -> Value {
        json!({
            "id": self.id,
            "identities": self.identities.iter().map(|(id, provider)| json!({"id": id, "provider_type": provider})).collect::<Vec<_>>(),
            "data": self.data,
            "disabled": self.disabled,
            "type": if self.server { "server" } else { "normal" },
            "custom_data": self.custom_data,
            "active_sessions": sessions,
        })
    }
}

/// An email/password account.
#[derive(Debug, Clone)]
pub struct EmailAccount {
    pub password: String,
    pub user_id: Option<String>,
    pub confirmed: bool,
}

/// What a pending token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Confirmation,
    Reset,
}

/// A confirmation or reset token, as the links an email would carry (readable through the
/// admin API, as the Firebase emulator exposes its out-of-band codes).
#[derive(Debug, Clone)]
pub struct PendingToken {
    pub kind: TokenKind,
    pub email: String,
    pub token: String,
    pub token_id: String,
    pub expires_at: i64,
}

/// How new accounts are confirmed and passwords reset (`PUT config`).
#[derive(Debug, Clone)]
pub struct AccountModes {
    /// `auto`, `token` (email link) or `function`.
    pub confirmation: String,
    /// `token` (email link) or `function`.
    pub reset: String,
    /// What the confirmation function answers: `success`, `pending` or `fail`.
    pub confirmation_function: String,
    /// What the reset function answers: `success`, `pending` or `fail`.
    pub reset_function: String,
}

impl Default for AccountModes {
    fn default() -> Self {
        Self {
            confirmation: "auto".to_owned(),
            reset: "token".to_owned(),
            confirmation_function: "success".to_owned(),
            reset_function: "success".to_owned(),
        }
    }
}

/// An API key (user or server).
#[derive(Debug, Clone)]
pub struct EmuApiKey {
    pub id: String,
    pub name: String,
    pub key: String,
    pub disabled: bool,
    pub user_id: String,
    /// A server key (created through the admin API) rather than a user's own.
    pub server: bool,
}

/// A refresh session.
#[derive(Debug, Clone)]
pub struct EmuSession {
    pub user_id: String,
    pub revoked: bool,
}

/// Everything the emulator knows; behind one mutex.
#[derive(Debug)]
pub struct EmuState {
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Added to the system clock (seconds), to emulate a server whose clock differs.
    pub clock_offset: i64,
    /// In creation order; found by id through `user_index` (a scan per request made the bench's
    /// 100,000 logins quadratic).
    pub users: Vec<EmuUser>,
    user_index: HashMap<String, usize>,
    /// (provider, identity) -> user id.
    identity_index: HashMap<(String, String), String>,
    pub sessions: HashMap<String, EmuSession>,
    pub emails: HashMap<String, EmailAccount>,
    pub api_keys: Vec<EmuApiKey>,
    pub counters: BTreeMap<String, u64>,
    pub faults: super::faults::Faults,
    pub tokens: Vec<PendingToken>,
    pub modes: AccountModes,
}

impl EmuState {
    pub fn new(access_ttl: Duration, refresh_ttl: Duration) -> Self {
        Self {
            access_ttl,
            refresh_ttl,
            clock_offset: 0,
            users: Vec::new(),
            user_index: HashMap::new(),
            identity_index: HashMap::new(),
            sessions: HashMap::new(),
            emails: HashMap::new(),
            api_keys: Vec::new(),
            counters: BTreeMap::new(),
            faults: super::faults::Faults::default(),
            tokens: Vec::new(),
            modes: AccountModes::default(),
        }
    }

    /// The emulator's clock, seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0);
        system + self.clock_offset
    }

    pub fn count(&mut self, endpoint: &str) {
        *self.counters.entry(endpoint.to_owned()).or_default() += 1;
    }

    pub fn user(&self, id: &str) -> Option<&EmuUser> {
        self.users.get(*self.user_index.get(id)?)
    }

    pub fn user_mut(&mut self, id: &str) -> Option<&mut EmuUser> {
        self.users.get_mut(*self.user_index.get(id)?)
    }

    pub fn user_by_identity(&self, provider: &str, identity: &str) -> Option<&EmuUser> {
        let key = (provider.to_owned(), identity.to_owned());
        self.user(self.identity_index.get(&key)?)
    }

    /// Adds an identity to a user (a link).
    pub fn add_identity(&mut self, user_id: &str, identity: &str, provider: &str) {
        if let Some(user) = self.user_mut(user_id) {
            user.identities
                .push((identity.to_owned(), provider.to_owned()));
            self.identity_index.insert(
                (provider.to_owned(), identity.to_owned()),
                user_id.to_owned(),
            );
        }
    }

    /// Issues a confirmation or reset token for `email`, valid 30 minutes (spec §6).
    pub fn issue_token(&mut self, kind: TokenKind, email: &str) {
        self.tokens
            .retain(|pending| !(pending.kind == kind && pending.email == email));
        let mut secret = [0u8; 32];
        rand::rng().fill_bytes(&mut secret);
        let expires_at = self.now() + 1800;
        self.tokens.push(PendingToken {
            kind,
            email: email.to_owned(),
            token: hex(&secret),
            token_id: object_id(),
            expires_at,
        });
    }

    /// Consumes a valid token and returns its email.
    pub fn redeem_token(&mut self, kind: TokenKind, token: &str, token_id: &str) -> Option<String> {
        let now = self.now();
        let index = self.tokens.iter().position(|pending| {
            pending.kind == kind
                && pending.token == token
                && pending.token_id == token_id
                && pending.expires_at > now
        })?;
        Some(self.tokens.remove(index).email)
    }

    /// Creates a user with one identity.
    pub fn create_user(
        &mut self,
        provider: &str,
        identity: &str,
        data: Map<String, Value>,
    ) -> String {
        let id = object_id();
        self.user_index.insert(id.clone(), self.users.len());
        self.identity_index
            .insert((provider.to_owned(), identity.to_owned()), id.clone());
        self.users.push(EmuUser {
            id: id.clone(),
            identities: vec![(identity.to_owned(), provider.to_owned())],
            data,
            disabled: false,
            server: false,
            custom_data: None,
        });
        id
    }

    /// Deletes a user with everything that points at it.
    pub fn delete_user(&mut self, id: &str) -> bool {
        let before = self.users.len();
        self.users.retain(|user| user.id != id);
        self.user_index = self
            .users
            .iter()
            .enumerate()
            .map(|(index, user)| (user.id.clone(), index))
            .collect();
        self.identity_index.retain(|_, owner| owner != id);
        self.sessions.retain(|_, session| session.user_id != id);
        self.api_keys.retain(|key| key.user_id != id);
        // A deleted email/password user's account is gone too (spec §4.3: login then fails).
        self.emails
            .retain(|_, account| account.user_id.as_deref() != Some(id));
        before != self.users.len()
    }

    /// Issues an access token for `user_id`.
    pub fn access_token(&self, key: &[u8], user_id: &str, device_id: &str) -> String {
        let now = self.now();
        let mut claims = Map::new();
        claims.insert("baas_device_id".into(), Value::from(device_id));
        claims.insert(
            "baas_domain_id".into(),
            Value::from("000000000000000000000000"),
        );
        claims.insert("exp".into(), Value::from(now + secs(self.access_ttl)));
        claims.insert("iat".into(), Value::from(now));
        claims.insert("iss".into(), Value::from("latchkey-emulator"));
        claims.insert("jti".into(), Value::from(object_id()));
        claims.insert("sub".into(), Value::from(user_id));
        claims.insert("typ".into(), Value::from("access"));
        if let Some(data) = self.user(user_id).and_then(|user| user.custom_data.clone()) {
            claims.insert("user_data".into(), Value::Object(data));
        }
        jwt::sign_hs256(&claims, key)
    }

    /// Starts a refresh session for `user_id` and returns its refresh token.
    pub fn refresh_token(&mut self, key: &[u8], user_id: &str) -> String {
        let session_id = object_id();
        self.sessions.insert(
            session_id.clone(),
            EmuSession {
                user_id: user_id.to_owned(),
                revoked: false,
            },
        );
        let now = self.now();
        let mut claims = Map::new();
        claims.insert("baas_id".into(), Value::from(session_id));
        claims.insert("exp".into(), Value::from(now + secs(self.refresh_ttl)));
        claims.insert("iat".into(), Value::from(now));
        claims.insert("sub".into(), Value::from(user_id));
        claims.insert("typ".into(), Value::from("refresh"));
        jwt::sign_hs256(&claims, key)
    }

    /// The user an access token belongs to, if it is valid now.
    pub fn check_access(&self, key: &[u8], token: Option<&str>) -> Result<String, EmuError> {
        let claims = self.verify(key, token, "access")?;
        let user_id = claims
            .get("sub")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match self.user(user_id) {
            Some(user) if !user.disabled => Ok(user_id.to_owned()),
            _ => Err(EmuError::invalid_session("user not found or disabled")),
        }
    }

    /// The session id and user of a refresh token, if it is valid now and not revoked.
    pub fn check_refresh(
        &self,
        key: &[u8],
        token: Option<&str>,
    ) -> Result<(String, String), EmuError> {
        let claims = self.verify(key, token, "refresh")?;
        let session_id = claims
            .get("baas_id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let session = self
            .sessions
            .get(session_id)
            .filter(|session| !session.revoked)
            .ok_or_else(|| EmuError::invalid_session("failed to find refresh token"))?;
        match self.user(&session.user_id) {
            Some(user) if !user.disabled => Ok((session_id.to_owned(), session.user_id.clone())),
            _ => Err(EmuError::invalid_session("user not found or disabled")),
        }
    }

    fn verify(
        &self,
        key: &[u8],
        token: Option<&str>,
        typ: &str,
    ) -> Result<Map<String, Value>, EmuError> {
        let token =
            token.ok_or_else(|| EmuError::new(401, "MissingAuthReq", "must authenticate first"))?;
        let claims = jwt::verify_hs256(token, key)
            .map_err(|_| EmuError::invalid_session("invalid session: signature is invalid"))?;
        if claims.get("typ").and_then(Value::as_str) != Some(typ) {
            return Err(EmuError::invalid_session(&format!(
                "invalid session: not a {typ} token"
            )));
        }
        let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
        if exp <= self.now() {
            return Err(EmuError::invalid_session("invalid session: token expired"));
        }
        Ok(claims)
    }
}

fn secs(duration: Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX / 2)
}
