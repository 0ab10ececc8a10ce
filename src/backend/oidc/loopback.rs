//! The loopback redirect of browser logins (RFC 8252 §7.3): a listener on 127.0.0.1 that takes
//! the authorization response from the browser's redirect to `http://127.0.0.1:PORT/callback`,
//! answers the browser with a short page, and is closed (its port freed) when the last login
//! waiting on it ends, however it ends. With a random port each login has a listener of its own;
//! an app's fixed `redirect_port` is one listener that every pending login of the app shares,
//! each redirect routed to its login by `state`.
//!
//! Every local uid can reach the port, and every local uid can read a login's URL (state,
//! nonce, PKCE challenge) from the command line of `xdg-open` and of the browser. So a
//! redirect is taken only when the kernel's socket table (`/proc/net/tcp` of the daemon's
//! network namespace, which `hidepid` does not hide) says its connection comes from the uid that
//! asked for that login, or root: anyone else gets 403, nothing is exchanged, and the login goes
//! on. Connections are capped and each must send its request within a deadline, so a flood of
//! the port costs the daemon a bounded number of descriptors.

use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot};

use crate::backend::BackendError;

/// Largest request head read from the browser.
const MAX_REQUEST_BYTES: usize = 16 * 1024;

/// How long one connection may take to send its request (a header deadline: a half-sent head
/// is closed then).
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections of one listener served at once; more are closed at once. A browser opens a few
/// (the redirect, a favicon, a pre-connection).
const MAX_CONNECTIONS: usize = 16;

/// What the redirect carried.
pub(super) enum Redirect {
    /// The authorization code, and the issuer the response named (RFC 9207 `iss`).
    Code {
        code: crate::secret::Secret,
        issuer: Option<String>,
    },
    /// The server's refusal (`error`, `error_description`).
    Refused { error: String, description: String },
}

/// A login waiting for its redirect.
struct Waiter {
    /// The uid whose browser may deliver it (root's may too).
    uid: u32,
    outcome: oneshot::Sender<Result<Redirect, BackendError>>,
}

/// The logins waiting on one listener, by `state`.
type Waiters = Arc<Mutex<HashMap<String, Waiter>>>;

/// A listener on 127.0.0.1 and the logins waiting on it. Held by each of them: when the last
/// one lets go, the listener is closed.
pub(super) struct Loopback {
    listener: TcpListener,
    port: u16,
    waiters: Waiters,
    /// Connections being served, across every login of this listener.
    slots: Arc<Semaphore>,
}

impl Loopback {
    /// Listens on 127.0.0.1, on `port` or (0) a free one.
    ///
    /// # Errors
    /// The port cannot be bound.
    pub(super) async fn bind(port: u16) -> Result<Arc<Self>, BackendError> {
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
        Ok(Arc::new(Self {
            listener,
            port,
            waiters: Arc::default(),
            slots: Arc::new(Semaphore::new(MAX_CONNECTIONS)),
        }))
    }

    /// The redirect URI to register at the provider and to send.
    pub(super) fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}/callback", self.port)
    }

    /// Waits for the redirect whose `state` is `state`, from a browser of `uid` (or root's).
    /// Connections are served side by side (a browser's idle pre-connection must not hold up
    /// the redirect); every login waiting on this listener accepts for all of them, and each
    /// redirect goes to the login its `state` names. Connections from a uid with no login
    /// here, redirects of another uid's login, requests for other paths, and redirects with an
    /// unknown `state` (forged or stale: nothing is exchanged) are refused and the wait goes on.
    ///
    /// # Errors
    /// This login's redirect without a code.
    pub(super) async fn redirect(&self, state: &str, uid: u32) -> Result<Redirect, BackendError> {
        let (outcome, mut received) = oneshot::channel();
        let _waiting = Registration::new(&self.waiters, state, Waiter { uid, outcome });
        let local = SocketAddrV4::new(Ipv4Addr::LOCALHOST, self.port);
        loop {
            tokio::select! {
                result = &mut received => {
                    return result.unwrap_or_else(|_| {
                        Err(BackendError::Malformed("the browser login's listener went away".to_owned()))
                    });
                }
                accepted = self.listener.accept() => match accepted {
                    Ok((stream, peer)) => {
                        // Past the cap the connection is closed at once.
                        let Ok(slot) = self.slots.clone().try_acquire_owned() else {
                            continue;
                        };
                        let waiters = self.waiters.clone();
                        // Detached: a connection is not the accepting login's; it ends within
                        // READ_TIMEOUT and holds no reference to the listener.
                        tokio::spawn(async move {
                            let _slot = slot;
                            serve(stream, peer_uid(local, peer), &waiters).await;
                        });
                    }
                    // Out of descriptors, say: wait a little rather than spin.
                    Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                },
            }
        }
    }
}

/// A login's place among a listener's waiters, given up when the login ends however it ends.
struct Registration<'a> {
    waiters: &'a Mutex<HashMap<String, Waiter>>,
    state: String,
}

impl<'a> Registration<'a> {
    fn new(waiters: &'a Mutex<HashMap<String, Waiter>>, state: &str, waiter: Waiter) -> Self {
        lock(waiters).insert(state.to_owned(), waiter);
        Self {
            waiters,
            state: state.to_owned(),
        }
    }
}

impl Drop for Registration<'_> {
    fn drop(&mut self) {
        lock(self.waiters).remove(&self.state);
    }
}

fn lock(
    waiters: &Mutex<HashMap<String, Waiter>>,
) -> std::sync::MutexGuard<'_, HashMap<String, Waiter>> {
    // Every update leaves the map consistent: a panic elsewhere cannot poison its meaning.
    waiters.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The uid owning the other end of a loopback TCP connection to `local` from `peer`, from the
/// kernel's socket table; `None` when it cannot be told (then nothing is trusted).
fn peer_uid(local: SocketAddrV4, peer: SocketAddr) -> Option<u32> {
    let peer = match peer {
        SocketAddr::V4(peer) => peer,
        SocketAddr::V6(peer) => SocketAddrV4::new(peer.ip().to_ipv4_mapped()?, peer.port()),
    };
    let table = std::fs::read_to_string("/proc/net/tcp").ok()?;
    owner_in_table(&table, peer, local)
}

/// In a `/proc/net/tcp` table, the uid of the socket whose own address is `from` and whose
/// remote address is `to`.
fn owner_in_table(table: &str, from: SocketAddrV4, to: SocketAddrV4) -> Option<u32> {
    table.lines().skip(1).find_map(|line| {
        let mut fields = line.split_whitespace();
        let (_slot, own, remote) = (fields.next()?, fields.next()?, fields.next()?);
        if table_address(own)? != from || table_address(remote)? != to {
            return None;
        }
        // state, tx:rx queues, timer, retransmits, then the uid.
        fields.nth(4)?.parse().ok()
    })
}

/// `0100007F:1F90` (the address as the kernel's host-order hex of network-order bytes, the
/// port in hex) as an address.
fn table_address(text: &str) -> Option<SocketAddrV4> {
    let (address, port) = text.split_once(':')?;
    let address = u32::from_str_radix(address, 16).ok()?;
    let port = u16::from_str_radix(port, 16).ok()?;
    Some(SocketAddrV4::new(
        Ipv4Addr::from(address.to_ne_bytes()),
        port,
    ))
}

/// Serves one connection whose peer belongs to `owner` (`None`: unknown): a redirect goes to the
/// login its `state` names when `owner` is that login's uid or root; everything else is refused
/// and ends no login.
async fn serve(mut stream: TcpStream, owner: Option<u32>, waiters: &Waiters) {
    let may_deliver = |uid: u32| owner.is_some_and(|owner| owner == uid || owner == 0);
    // Nothing is read from a uid with no login here.
    let anyone = lock(waiters).values().any(|waiter| may_deliver(waiter.uid));
    if !anyone {
        refuse_other_user(&mut stream, owner).await;
        return;
    }
    let Ok(Ok(Some(target))) =
        tokio::time::timeout(READ_TIMEOUT, request_target(&mut stream)).await
    else {
        return;
    };
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    if path != "/callback" {
        respond(&mut stream, "404 Not Found", "Not found", "Nothing here.").await;
        return;
    }
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let state = params.get("state").map(String::as_str).unwrap_or_default();
    // Ok(None): no login waits for this state; Err: another uid's login does.
    let waiter = {
        let mut waiters = lock(waiters);
        match waiters.get(state) {
            Some(waiter) if may_deliver(waiter.uid) => Ok(waiters.remove(state)),
            Some(_) => Err(()),
            None => Ok(None),
        }
    };
    let Ok(waiter) = waiter else {
        refuse_other_user(&mut stream, owner).await;
        return;
    };
    let Some(waiter) = waiter else {
        // Any local process can reach this port: a redirect without a waiting login's state is
        // refused, and must not end a login either (the real one may still come).
        tracing::warn!(
            "refused a redirect to a browser login's listener that carried another state (no login waits for it)"
        );
        respond(
            &mut stream,
            "400 Bad Request",
            "Sign-in refused",
            "This redirect does not belong to a sign-in latchkey started. Nothing was done.",
        )
        .await;
        return;
    };
    let outcome = if let Some(error) = params.get("error") {
        respond(
            &mut stream,
            "200 OK",
            "Sign-in failed",
            "The provider refused the sign-in. You may close this window.",
        )
        .await;
        Ok(Redirect::Refused {
            error: error.clone(),
            description: params.get("error_description").cloned().unwrap_or_default(),
        })
    } else if let Some(code) = params.get("code").filter(|code| !code.is_empty()) {
        respond(
            &mut stream,
            "200 OK",
            "Signed in",
            "latchkey has your sign-in. You may close this window.",
        )
        .await;
        Ok(Redirect::Code {
            code: crate::secret::Secret::new(code.clone()),
            issuer: params.get("iss").cloned(),
        })
    } else {
        respond(
            &mut stream,
            "400 Bad Request",
            "Sign-in failed",
            "The redirect carried no authorization code.",
        )
        .await;
        Err(BackendError::Malformed(
            "the browser's redirect carried neither a code nor an error".to_owned(),
        ))
    };
    // The login may have ended meanwhile (timed out, cancelled): nothing to tell then.
    let _ = waiter.outcome.send(outcome);
}

/// 403 to a connection from a uid whose login this is not (or that could not be told).
async fn refuse_other_user(stream: &mut TcpStream, owner: Option<u32>) {
    tracing::warn!(
        peer_uid = ?owner,
        "refused a connection to a browser login's listener from another local user"
    );
    respond(
        stream,
        "403 Forbidden",
        "Sign-in refused",
        "This sign-in belongs to another local user. Nothing was done.",
    )
    .await;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_of_a_loopback_peer_is_read_from_the_socket_table() {
        // Little-endian hosts print 127.0.0.1 as 0100007F; the test builds the line the way
        // the kernel does on this host.
        let hex = |ip: Ipv4Addr| format!("{:08X}", u32::from_ne_bytes(ip.octets()));
        let lo = hex(Ipv4Addr::LOCALHOST);
        let table = format!(
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
             \x20  0: {lo}:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n\
             \x20  1: {lo}:C350 {lo}:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0\n\
             \x20  2: {lo}:1F90 {lo}:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0\n"
        );
        let listener = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 8080);
        let browser = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 50000);
        assert_eq!(owner_in_table(&table, browser, listener), Some(1000));
        assert_eq!(owner_in_table(&table, listener, browser), Some(0));
        let unknown = SocketAddrV4::new(Ipv4Addr::LOCALHOST, 50001);
        assert_eq!(owner_in_table(&table, unknown, listener), None);
    }

    #[tokio::test]
    async fn this_process_is_found_as_the_owner_of_its_own_connection() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
        let SocketAddr::V4(local) = listener.local_addr().unwrap() else {
            unreachable!("bound on 127.0.0.1")
        };
        let _client = TcpStream::connect(local).await.unwrap();
        let (_server, peer) = listener.accept().await.unwrap();
        let me = rustix::process::getuid().as_raw();
        assert_eq!(peer_uid(local, peer), Some(me));
    }
}
