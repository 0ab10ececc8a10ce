//! Bearer tokens on reqwest requests.

use crate::{Client, Error, TokenOptions};

impl Client {
    /// `request` with an `Authorization: Bearer` header carrying a fresh token of `app`'s
    /// current user (`None`: the default app).
    ///
    /// # Errors
    /// As [`Client::token`].
    pub async fn authorize(
        &self,
        request: reqwest::RequestBuilder,
        app: Option<&str>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        Ok(request.bearer_auth(self.token(app).await?))
    }

    /// Sends `request` with a fresh bearer token of `app`'s current user; when the server
    /// answers 401 Unauthorized, forces a refresh and sends it once more (a request whose body
    /// cannot be cloned is not retried, nor one whose 401 came from another origin after a
    /// redirect). Returns the last answer.
    ///
    /// # Errors
    /// [`SendError::Token`] when no token could be had, [`SendError::Http`] when the request
    /// failed.
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
        app: Option<&str>,
    ) -> Result<reqwest::Response, SendError> {
        let mut options = TokenOptions {
            app: app.map(str::to_owned),
            ..TokenOptions::default()
        };
        let retry = request.try_clone();
        let token = self.access_token(&options).await?.token;
        let (client, sent) = request.bearer_auth(token).build_split();
        let sent = sent?;
        let origin = sent.url().origin();
        let response = client.execute(sent).await?;
        // Only a 401 from the token's own origin is retried: after a redirect elsewhere (reqwest
        // drops the header then) that host gets neither a fresh token nor a forced refresh.
        let Some(retry) = retry.filter(|_| {
            response.status() == reqwest::StatusCode::UNAUTHORIZED
                && response.url().origin() == origin
        }) else {
            return Ok(response);
        };
        options.force_refresh = true;
        let token = self.access_token(&options).await?.token;
        Ok(retry.bearer_auth(token).send().await?)
    }
}

/// Why [`Client::send`] failed. Later versions may add kinds: match with a `_` arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// No token: the daemon's error.
    #[error(transparent)]
    Token(#[from] Error),
    /// The HTTP request failed.
    #[error(transparent)]
    Http(#[from] reqwest::Error),
}
