//! The in-memory backend of the session tests: every login is a new user with one `fake`
//! identity (`anon` for anonymous logins); tokens are numbered; answers come from per-call
//! queues (success when empty); every capability is offered.

use super::*;

/// An answer the fake backend gives to the next call of its kind.
pub(super) enum Answer {
    Ok,
    Fail(ErrorKind),
}

fn failure(kind: ErrorKind) -> BackendError {
    BackendError::Service {
        kind,
        status: if kind == ErrorKind::Unavailable {
            503
        } else {
            401
        },
        code: String::new(),
        message: "scripted".to_owned(),
        link: None,
        retry_after: None,
    }
}

/// A backend in memory: every login is a new user with one `fake` identity (`anon` for
/// anonymous logins); tokens are numbered; answers come from per-call queues (success when
/// empty).
pub(super) struct FakeBackend {
    pub(super) clock: Arc<ManualClock>,
    pub(super) issued: AtomicUsize,
    pub(super) refreshes: AtomicUsize,
    pub(super) profiles: AtomicUsize,
    pub(super) refresh_answers: StdMutex<VecDeque<Answer>>,
    pub(super) profile_answers: StdMutex<VecDeque<Answer>>,
    /// Refreshes wait while a test holds it for writing.
    pub(super) refresh_gate: tokio::sync::RwLock<()>,
    /// The refresh token each refresh was sent with, in order.
    pub(super) refresh_tokens: StdMutex<Vec<Option<String>>>,
}

fn traits(login_provider: &str, identities: &[Identity]) -> UserTraits {
    let anonymous = match identities {
        [only] => only.provider_type == "anon",
        [] => login_provider == "anon",
        _ => false,
    };
    UserTraits {
        anonymous,
        memory_only_profile_keys: &[],
    }
}

impl FakeBackend {
    pub(super) fn new(clock: Arc<ManualClock>) -> Arc<Self> {
        Arc::new(Self {
            clock,
            issued: AtomicUsize::new(0),
            refreshes: AtomicUsize::new(0),
            profiles: AtomicUsize::new(0),
            refresh_answers: StdMutex::default(),
            profile_answers: StdMutex::default(),
            refresh_gate: tokio::sync::RwLock::new(()),
            refresh_tokens: StdMutex::default(),
        })
    }

    fn access(&self) -> AccessGrant {
        let n = self.issued.fetch_add(1, Ordering::SeqCst);
        let now = self.clock.now_ms();
        AccessGrant {
            token: Secret::new(format!("access-{n}")),
            received_at_ms: now,
            expires_at_ms: now + LIFETIME_MS,
            custom_data: None,
            ends_at_refresh: false,
        }
    }

    fn next(queue: &StdMutex<VecDeque<Answer>>) -> Answer {
        queue.lock().unwrap().pop_front().unwrap_or(Answer::Ok)
    }
}

#[async_trait::async_trait]
impl Backend for FakeBackend {
    fn kind(&self) -> &'static str {
        "fake"
    }

    fn accepts(&self) -> &[CredentialKind] {
        &[CredentialKind::Anonymous, CredentialKind::ApiKey]
    }

    fn capabilities(&self) -> Capabilities<'_> {
        Capabilities {
            linking: Some(self),
            accounts: Some(self),
            api_keys: Some(self),
            purposes: Some(self),
            ..Capabilities::default()
        }
    }

    fn classify(&self) -> Classify {
        traits
    }

    async fn log_in(&self, credentials: &Credentials) -> Result<Grant, BackendError> {
        let n = self.issued.load(Ordering::SeqCst);
        let provider = if matches!(credentials, Credentials::Anonymous { .. }) {
            "anon"
        } else {
            "fake"
        };
        Ok(Grant {
            user_id: format!("user-{n}"),
            device_id: "device".to_owned(),
            provider_type: provider.to_owned(),
            access: self.access(),
            refresh: Some(RefreshGrant {
                token: Secret::new(format!("refresh-{n}")),
                received_at_ms: self.clock.now_ms(),
                expires_at_ms: None,
            }),
            profile: None,
            id_token: None,
        })
    }

    async fn profile(&self, _access: &Secret) -> Result<Profile, BackendError> {
        self.profiles.fetch_add(1, Ordering::SeqCst);
        match Self::next(&self.profile_answers) {
            Answer::Fail(kind) => Err(failure(kind)),
            Answer::Ok => Ok(Profile::default()),
        }
    }

    async fn refresh(
        &self,
        user_id: &str,
        refresh: Option<&Secret>,
    ) -> Result<Refreshed, BackendError> {
        self.refresh_for(user_id, None, refresh, &Purpose::default())
            .await
    }

    async fn log_out(
        &self,
        _access: &Secret,
        _refresh: Option<&Secret>,
    ) -> Result<(), BackendError> {
        Ok(())
    }

    fn reread_access(&self, token: &Secret, received_at_ms: Option<i64>) -> Option<AccessGrant> {
        let received = received_at_ms.unwrap_or(START_MS);
        Some(AccessGrant {
            token: token.clone(),
            received_at_ms: received,
            expires_at_ms: received + LIFETIME_MS,
            custom_data: Some(serde_json::Map::from_iter([(
                "read".to_owned(),
                serde_json::Value::from("again"),
            )])),
            ends_at_refresh: false,
        })
    }

    fn reachable(&self) -> Option<bool> {
        Some(true)
    }
}

#[async_trait::async_trait]
impl Linking for FakeBackend {
    async fn link(
        &self,
        _access: &Secret,
        _credentials: &Credentials,
    ) -> Result<AccessGrant, BackendError> {
        Ok(self.access())
    }
}

#[async_trait::async_trait]
impl Accounts for FakeBackend {
    async fn delete_user(&self, _access: &Secret) -> Result<(), BackendError> {
        Ok(())
    }

    async fn account(&self, _call: AccountCall) -> Result<(), BackendError> {
        Ok(())
    }
}

#[async_trait::async_trait]
impl ApiKeys for FakeBackend {
    async fn api_keys(
        &self,
        _refresh: &Secret,
        _call: ApiKeyCall,
    ) -> Result<ApiKeyAnswer, BackendError> {
        Ok(ApiKeyAnswer::Done)
    }
}

#[async_trait::async_trait]
impl Purposes for FakeBackend {
    async fn refresh_for(
        &self,
        _user_id: &str,
        _access: Option<&Secret>,
        refresh: Option<&Secret>,
        _purpose: &Purpose,
    ) -> Result<Refreshed, BackendError> {
        self.refreshes.fetch_add(1, Ordering::SeqCst);
        self.refresh_tokens
            .lock()
            .unwrap()
            .push(refresh.map(|token| token.expose().to_owned()));
        let _open = self.refresh_gate.read().await;
        match Self::next(&self.refresh_answers) {
            Answer::Fail(kind) => Err(failure(kind)),
            Answer::Ok => Ok(Refreshed {
                access: self.access(),
                refresh: None,
                id_token: None,
                session: None,
            }),
        }
    }
}
