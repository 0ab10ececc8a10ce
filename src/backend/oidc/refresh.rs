//! Refreshes of an OpenID Connect session: its own token, and tokens for a narrower purpose,
//! with what the daemon finds out on the way about the provider (whether a narrowed refresh
//! narrows the session's grant, whether a refresh ends the previous access token) and how it
//! acts on it.

use std::sync::atomic::{AtomicU8, Ordering};

use super::OidcClient;
use super::metadata::{Metadata, TOKEN_EXCHANGE};
use super::wire::{Exchange, Tokens};
use crate::backend::{AccessGrant, BackendError, Purpose, RefreshGrant, Refreshed};
use crate::config::Downscoping;
use crate::secret::Secret;

/// Where in its lifetime the daemon replaces the access token of a provider that ends the
/// previous one at refresh: the reported expiry is that moment, and the refresh is planned for
/// it (the default `refresh_at`, without jitter).
const REPLACE_AT: f64 = 2.0 / 3.0;

/// A fact about the provider, found out once (or known from the configuration or the state
/// directory): not yet, no, or yes.
pub(super) struct Finding(AtomicU8);

impl Finding {
    const UNSEEN: u8 = 0;
    const NO: u8 = 1;
    const YES: u8 = 2;

    pub(super) fn new(known: Option<bool>) -> Self {
        Self(AtomicU8::new(match known {
            None => Self::UNSEEN,
            Some(false) => Self::NO,
            Some(true) => Self::YES,
        }))
    }

    /// What is known.
    pub(super) fn get(&self) -> Option<bool> {
        match self.0.load(Ordering::Relaxed) {
            Self::NO => Some(false),
            Self::YES => Some(true),
            _ => None,
        }
    }

    /// Records `value` the first time; `false` when it was known already.
    pub(super) fn settle(&self, value: bool) -> bool {
        let seen = if value { Self::YES } else { Self::NO };
        self.0
            .compare_exchange(Self::UNSEEN, seen, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    }
}

impl OidcClient {
    /// A refresh for `purpose` (the default one: the session's own token).
    ///
    /// A token for a narrower purpose must never narrow the session's own grant. Where the server
    /// lists token exchange (RFC 8693), the session's access token (`access`, when it stays
    /// valid a while) is exchanged and the refresh token is left alone. Otherwise the refresh
    /// grant asks for the narrower scope; some servers (oauthlib's, under django-oauth-toolkit)
    /// then give a rotated refresh token of that narrower scope only. So the first time a
    /// narrowed refresh rotates the refresh token, the session's own refresh follows at once with
    /// the new one, and the scope of its answer tells: the original scope (the grant is kept),
    /// or the narrowed one (the provider narrowed the session). From then on this app's tokens
    /// for scopes are refused with a reason, rather than damage another session's grant.
    pub(super) async fn refresh_with(
        &self,
        user_id: &str,
        access: Option<&Secret>,
        refresh: Option<&Secret>,
        purpose: &Purpose,
    ) -> Result<Refreshed, BackendError> {
        let metadata = self.metadata().await?;
        let exchange = if purpose.is_default() {
            Exchange::Refresh
        } else {
            Exchange::Purpose
        };
        if !purpose.audience.is_empty() && !self.config.audience.contains(&purpose.audience) {
            return Err(BackendError::NotOffered(format!(
                "the app's configuration does not list the audience {:?}",
                purpose.audience
            )));
        }
        if !purpose.is_default() && self.config.downscoping == Downscoping::Off {
            return Err(BackendError::NotOffered(
                "the app's configuration turns tokens for scopes or an audience off (downscoping = \"off\")".to_owned(),
            ));
        }
        let Some(refresh) = refresh else {
            // A session without a refresh token is the client's own: acquire it again.
            let tokens = self
                .client_credentials(&metadata, purpose, exchange)
                .await?;
            return Ok(Refreshed {
                access: tokens.access,
                refresh: tokens.refresh,
                id_token: None,
                session: None,
            });
        };
        if !purpose.is_default() {
            if metadata.lists(TOKEN_EXCHANGE) && self.config.downscoping != Downscoping::Refresh {
                // The exchange needs the session's own token valid a while yet; the scheduler
                // keeps it so except when refreshes are failing.
                let Some(access) = access else {
                    return Err(BackendError::NotOffered(
                        "the session's own access token is about to expire, and a narrower one is exchanged from it: ask again once the session has refreshed".to_owned(),
                    ));
                };
                return self.exchange(&metadata, access, purpose).await;
            }
            if self.config.downscoping == Downscoping::Exchange {
                return Err(BackendError::NotOffered(
                    "the provider does not list token exchange (RFC 8693), and the app's configuration allows no other way to narrow a token (downscoping = \"exchange\")".to_owned(),
                ));
            }
            if self.config.downscoping == Downscoping::Auto && self.narrowing.get() == Some(true) {
                return Err(BackendError::NotOffered(
                    "this app's provider narrowed a session's own grant when asked for a narrower token (its rotated refresh token took the narrower scope), and it offers no token exchange: tokens for scopes or an audience are refused for this app".to_owned(),
                ));
            }
        }
        let form = || {
            let mut form = vec![
                ("grant_type", "refresh_token".to_owned()),
                ("refresh_token", refresh.expose().to_owned()),
            ];
            if !purpose.scopes.is_empty() {
                form.push(("scope", purpose.scopes.join(" ")));
            }
            if !purpose.audience.is_empty() {
                form.push(("resource", purpose.audience.clone()));
            }
            form
        };
        let tokens = match self.token(&metadata, form(), exchange).await {
            // The answer never arrived: the server may not have seen the request, so the same
            // refresh token is tried once more (a server that did see it and rotates will
            // refuse it, and the session ends as for any refused token).
            Err(BackendError::Unreachable(first)) => {
                tracing::debug!(error = %first, "refresh answer lost; trying the same refresh token once more");
                self.token(&metadata, form(), exchange).await?
            }
            other => other?,
        };
        let mut id_token = None;
        if let Some(token) = tokens.id_token {
            // OIDC Core §12.2: a new ID token must be the login's issuer's, for this client, and
            // about the same user; one about anyone else ends the session (TokenRefused) rather
            // than let its access token be served as this user's.
            // Keys that cannot be fetched just now leave the refresh failed, not refused.
            let claims = self
                .check_id_token(&metadata, &token, None, Some(user_id))
                .await
                .map_err(|err| {
                    if err.is_transient() {
                        return err;
                    }
                    BackendError::Service {
                        kind: crate::backend::ErrorKind::TokenRefused,
                        status: 200,
                        code: "id_token_refused".to_owned(),
                        message: format!("the refresh answer was refused: {err}"),
                        link: None,
                        retry_after: None,
                    }
                })?;
            // A token for a purpose is the access token only: the session's ID token stays.
            if purpose.is_default() {
                id_token =
                    self.kept_id_token(Some(token), tokens.access.received_at_ms, &claims)?;
            }
        }
        let mut refresh = tokens.refresh;
        let mut session: Option<AccessGrant> = None;
        if !purpose.is_default()
            && self.config.downscoping == Downscoping::Auto
            && self.narrowing.get().is_none()
            && let Some(rotated) = refresh.as_ref()
            && let Some(own) = self
                .own_refresh_after_narrowing(&metadata, user_id, rotated, purpose)
                .await
        {
            if let Some(previous) = access {
                self.notice_ending(&metadata, previous, &own.access.token)
                    .await;
            }
            if own.refresh.is_some() {
                refresh = own.refresh;
            }
            // The session keeps its token while the provider still takes it; one that ended it
            // at the refresh (some do, at every refresh), or that was about to expire anyway,
            // gets the new one.
            if access.is_none() || self.ends_previous.get() != Some(false) {
                session = Some(own.access);
            }
        }
        let mut access_grant = tokens.access;
        if purpose.is_default() {
            if let Some(previous) = access {
                self.notice_ending(&metadata, previous, &access_grant.token)
                    .await;
            }
            self.replaced_at_refresh(&mut access_grant);
        }
        if let Some(session) = session.as_mut() {
            self.replaced_at_refresh(session);
        }
        Ok(Refreshed {
            access: access_grant,
            refresh,
            id_token,
            session,
        })
    }

    /// The session's own refresh, with the refresh token a narrowed refresh rotated to, at once:
    /// the scope of its answer says whether the provider narrowed the session's grant (it then
    /// holds only the narrower scope), which is remembered and kept. `None` when it failed: the
    /// narrowed token and its rotated refresh token stand, and the check waits for the next one.
    async fn own_refresh_after_narrowing(
        &self,
        metadata: &Metadata,
        user_id: &str,
        rotated: &RefreshGrant,
        purpose: &Purpose,
    ) -> Option<Tokens> {
        let form = vec![
            ("grant_type", "refresh_token".to_owned()),
            ("refresh_token", rotated.token.expose().to_owned()),
        ];
        let own = match self.token(metadata, form, Exchange::Refresh).await {
            Ok(own) => own,
            Err(err) => {
                tracing::debug!(error = %err, "the session's own refresh after a narrowed one failed; checked again next time");
                return None;
            }
        };
        if let Some(granted) = &own.scope {
            let narrowed = !purpose.scopes.is_empty()
                && granted.iter().all(|scope| purpose.scopes.contains(scope))
                && self
                    .config
                    .scopes
                    .iter()
                    .any(|scope| !purpose.scopes.contains(scope));
            if narrowed {
                tracing::warn!(issuer = %self.config.issuer, user = %user_id, granted = %granted.join(" "), "the provider narrowed the session's own grant to a token's narrower scope; tokens for scopes are refused for this app from now on (the session keeps the narrowed scope until its next login)");
            }
            if self.narrowing.settle(narrowed) {
                self.facts
                    .save(move |learned| learned.narrows_grant = Some(narrowed))
                    .await;
            }
        }
        Some(own)
    }

    /// The first time a session refreshes with its previous token still meant to be valid:
    /// whether the provider ended it (the previous token refused at userinfo while the new one
    /// is taken), remembered and kept across restarts. Nothing is concluded when the provider has
    /// no userinfo endpoint or refuses the new token too.
    async fn notice_ending(&self, metadata: &Metadata, previous: &Secret, new: &Secret) {
        if self.ends_previous.get().is_some() {
            return;
        }
        let Some(endpoint) = metadata.userinfo_endpoint.as_deref() else {
            return;
        };
        if self.userinfo(endpoint, new).await.is_err() {
            return;
        }
        let ended = self.userinfo(endpoint, previous).await.is_err();
        if !self.ends_previous.settle(ended) {
            return;
        }
        if ended {
            tracing::info!(issuer = %self.config.issuer, "the provider ends the previous access token at each refresh: tokens are handed out with the moment the daemon replaces them as their expiry");
        }
        self.facts
            .save(move |learned| learned.ends_previous_token = Some(ended))
            .await;
    }

    /// A session's new access token, as handed out: where the provider ends it at the next
    /// refresh, its expiry is the moment the daemon replaces it.
    pub(super) fn replaced_at_refresh(&self, access: &mut AccessGrant) {
        if self.ends_previous.get() != Some(true) {
            return;
        }
        let lifetime = access.expires_at_ms.saturating_sub(access.received_at_ms);
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_precision_loss,
            reason = "milliseconds of a token lifetime"
        )]
        let replaced = (lifetime as f64 * REPLACE_AT) as i64;
        access.expires_at_ms = access.received_at_ms.saturating_add(replaced.max(1000));
        access.ends_at_refresh = true;
    }

    /// A token for `purpose` by token exchange (RFC 8693) of the session's access token; the
    /// session's refresh token is not used, so its grant cannot change.
    async fn exchange(
        &self,
        metadata: &Metadata,
        access: &Secret,
        purpose: &Purpose,
    ) -> Result<Refreshed, BackendError> {
        const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";
        let mut form = vec![
            ("grant_type", TOKEN_EXCHANGE.to_owned()),
            ("subject_token", access.expose().to_owned()),
            ("subject_token_type", ACCESS_TOKEN_TYPE.to_owned()),
            ("requested_token_type", ACCESS_TOKEN_TYPE.to_owned()),
        ];
        if !purpose.scopes.is_empty() {
            form.push(("scope", purpose.scopes.join(" ")));
        }
        if !purpose.audience.is_empty() {
            form.push(("resource", purpose.audience.clone()));
        }
        let tokens = self.token(metadata, form, Exchange::Downscope).await?;
        Ok(Refreshed {
            access: tokens.access,
            refresh: None,
            id_token: None,
            session: None,
        })
    }
}
