//! The loopback redirect of a browser login (RFC 8252 §7.3): a listener on 127.0.0.1 for this
//! one login, which takes the authorization response from the browser's redirect to
//! `http://127.0.0.1:PORT/callback`, answers the browser with a short page, and is closed (its
//! port freed) when the login ends, however it ends.

use std::collections::HashMap;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::backend::BackendError;

/// Largest request head read from the browser.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// The listener of one browser login.
pub(super) struct Loopback {
    listener: TcpListener,
    port: u16,
}

/// What the redirect carried.
pub(super) enum Redirect {
    /// The authorization code.
    Code(crate::secret::Secret),
    /// The server's refusal (`error`, `error_description`).
    Refused { error: String, description: String },
}

impl Loopback {
    /// Listens on 127.0.0.1, on `port` or (0) a free one.
    ///
    /// # Errors
    /// The port cannot be bound.
    pub(super) async fn bind(port: u16) -> Result<Self, BackendError> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|err| {
                BackendError::NotOffered(format!(
                    "cannot listen on 127.0.0.1:{port} for the browser's redirect: {err}"
                ))
            })?;
        let port = listener
            .local_addr()
            .map_err(|err| BackendError::NotOffered(format!("loopback listener: {err}")))?
            .port();
        Ok(Self { listener, port })
    }

    /// The redirect URI to register at the provider and to send.
    pub(super) fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    /// Waits for the redirect whose `state` is `state`. Connections are served side by side
    /// (a browser's idle pre-connection must not hold up the redirect); requests for other
    /// paths, and redirects with another `state` (forged or stale: nothing is exchanged), are
    /// refused and the wait goes on.
    ///
    /// # Errors
    /// This login's redirect without a code.
    pub(super) async fn redirect(&self, state: &str) -> Result<Redirect, BackendError> {
        let (outcomes, mut outcome) = mpsc::channel(1);
        // Dropped on return: connections still open are closed with it.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        let (outcomes, state) = (outcomes.clone(), state.to_owned());
                        connections.spawn(async move {
                            if let Some(result) = serve(stream, &state).await {
                                let _ = outcomes.send(result).await;
                            }
                        });
                    }
                    // Out of descriptors, say: wait a little rather than spin.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                },
                Some(result) = outcome.recv() => return result,
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// Serves one connection of the browser: `None` when it was not the redirect.
async fn serve(mut stream: TcpStream, state: &str) -> Option<Result<Redirect, BackendError>> {
    let target = tokio::time::timeout(READ_TIMEOUT, request_target(&mut stream))
        .await
        .ok()?
        .ok()??;
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    if path != "/callback" {
        respond(&mut stream, "404 Not Found", "Not found", "Nothing here.").await;
        return None;
    }
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    if params.get("state").map(String::as_str) != Some(state) {
        // Any local process can reach this port: a redirect without this login's state is
        // refused, and must not end the login either (the real one may still come).
        tracing::warn!(
            "refused a redirect to the browser login's listener that carried another state"
        );
        respond(
            &mut stream,
            "400 Bad Request",
            "Sign-in refused",
            "This redirect does not belong to the sign-in latchkey started. Nothing was done.",
        )
        .await;
        return None;
    }
    if let Some(error) = params.get("error") {
        respond(
            &mut stream,
            "200 OK",
            "Sign-in failed",
            "The provider refused the sign-in. You may close this window.",
        )
        .await;
        return Some(Ok(Redirect::Refused {
            error: error.clone(),
            description: params.get("error_description").cloned().unwrap_or_default(),
        }));
    }
    let Some(code) = params.get("code").filter(|code| !code.is_empty()) else {
        respond(
            &mut stream,
            "400 Bad Request",
            "Sign-in failed",
            "The redirect carried no authorization code.",
        )
        .await;
        return Some(Err(BackendError::Malformed(
            "the browser's redirect carried neither a code nor an error".to_owned(),
        )));
    };
    respond(
        &mut stream,
        "200 OK",
        "Signed in",
        "latchkey has your sign-in. You may close this window.",
    )
    .await;
    Some(Ok(Redirect::Code(crate::secret::Secret::new(code.clone()))))
}

/// The request target of a GET, once the request head has arrived.
async fn request_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await?;
        if read == 0 || head.len() + read > MAX_REQUEST_BYTES {
            return Ok(None);
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut parts = text.lines().next().unwrap_or("").split(' ');
    match (parts.next(), parts.next()) {
        (Some("GET"), Some(target)) => Ok(Some(target.to_owned())),
        _ => Ok(None),
    }
}

async fn respond(stream: &mut TcpStream, status: &str, title: &str, text: &str) {
    let body = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1><p>{text}</p></body></html>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The browser may be gone already; the login's outcome does not depend on it.
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
