//! The connections the daemon serves, and who is on the other end of each: the peer is read from
//! the kernel once, when the connection is accepted (uid, gid and pid from `SO_PEERCRED`, the
//! supplementary groups from `SO_PEERGROUPS`, the executable through a pidfd from
//! `SO_PEERPIDFD`), so that no later decision or audit line depends on a pid that may by then
//! name another process. One uid holds at most `limits.connections_per_uid` connections (more
//! are closed as they arrive), and a connection without a request in flight for
//! `limits.idle_connection_timeout` is closed (a client reconnects when it next calls).
//!
//! Never reads a request's content: this is transport bookkeeping only.

use std::collections::HashMap;
use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{UnixListener, UnixStream};
use tokio::time::{Instant, Sleep};
use tokio_stream::Stream;
use tokio_stream::wrappers::UnixListenerStream;

use super::audit::Handouts;
use crate::config::Limits;
use crate::metrics::Metrics;

/// How long accepting pauses after a failed accept (out of descriptors, say), so that a full
/// descriptor table does not turn the accept loop into a busy loop.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// The process on the other end of a connection, as the kernel recorded it at `connect(2)`.
#[derive(Clone)]
pub(crate) struct Peer {
    pub uid: u32,
    pub gid: u32,
    /// For logs only: pids are reused, never authorize on one.
    pub pid: Option<i32>,
    /// The primary group and every supplementary group.
    pub groups: Arc<[u32]>,
    /// The executable, for the audit log; `unknown` when it could not be read for certain.
    pub exe: Arc<str>,
    /// The tokens handed out on the connection, for the audit log.
    pub handouts: Arc<Handouts>,
    /// Requests in flight on the connection, for the idle timeout.
    activity: Arc<Activity>,
}

/// Whether a connection carries requests, and since when it has not.
struct Activity {
    in_flight: AtomicUsize,
    /// When the last request ended, in milliseconds since `since`.
    last_ms: AtomicU64,
    since: Instant,
}

impl Activity {
    fn new() -> Self {
        Self {
            in_flight: AtomicUsize::new(0),
            last_ms: AtomicU64::new(0),
            since: Instant::now(),
        }
    }

    fn touch(&self) {
        let elapsed = u64::try_from(self.since.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(elapsed, Ordering::Relaxed);
    }

    /// When the connection becomes idle, or `None` when it already is.
    fn idle_at(&self, after: Duration) -> Option<Instant> {
        let now = Instant::now();
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return Some(now + after);
        }
        let last = self.since + Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        let idle_at = last + after;
        (idle_at > now).then_some(idle_at)
    }
}

/// Holds one request in flight on its connection until dropped (with the response's body).
pub(crate) struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Peer {
    /// Marks a request in flight on this peer's connection until the guard is dropped.
    pub(crate) fn begin(&self) -> InFlight {
        self.activity.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.activity.clone())
    }

    /// Reads the peer of `stream` from the kernel.
    fn of(stream: &UnixStream) -> io::Result<Self> {
        let credentials = stream.peer_cred()?;
        let (gid, pid) = (credentials.gid(), credentials.pid());
        let mut groups = vec![gid];
        match latchkey_peer::peer_groups(stream.as_fd()) {
            Ok(more) => groups.extend(more.into_iter().filter(|group| *group != gid)),
            // Kernels before 4.13: the primary group only, never a guess from /proc.
            Err(err) => tracing::debug!(error = %err, "supplementary groups unavailable"),
        }
        let uid = credentials.uid();
        let exe: Arc<str> = executable(stream, pid).into();
        Ok(Self {
            uid,
            gid,
            pid,
            groups: groups.into(),
            handouts: Arc::new(Handouts::new(uid, pid, exe.clone())),
            exe,
            activity: Arc::new(Activity::new()),
        })
    }
}

/// The peer's executable. With a pidfd (Linux 6.5) the answer is certain: `/proc/<pid>/exe` is
/// read, then the pidfd says whether the peer was still alive, so the pid could not yet have
/// been given to another process. Without one it is best effort, read as early as possible.
fn executable(stream: &UnixStream, pid: Option<i32>) -> String {
    let Some(pid) = pid.filter(|pid| *pid > 0) else {
        return "unknown".to_owned();
    };
    let read = || {
        std::fs::read_link(format!("/proc/{pid}/exe"))
            .map_or_else(|_| "unknown".to_owned(), |path| path.display().to_string())
    };
    match latchkey_peer::peer_pidfd(stream.as_fd()) {
        Ok(pidfd) => {
            let exe = read();
            if exited(&pidfd) {
                "unknown (exited)".to_owned()
            } else {
                exe
            }
        }
        Err(err) if err.raw_os_error() == Some(rustix::io::Errno::SRCH.raw_os_error()) => {
            "unknown (exited)".to_owned()
        }
        Err(_) => read(),
    }
}

/// Whether the process a pidfd names has exited (its pidfd polls readable).
fn exited(pidfd: &OwnedFd) -> bool {
    let mut fds = [rustix::event::PollFd::new(
        pidfd,
        rustix::event::PollFlags::IN,
    )];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut fds, Some(&zero)) {
        Ok(ready) => ready > 0 && !fds[0].revents().is_empty(),
        Err(err) => {
            tracing::debug!(error = %err, pidfd = pidfd.as_raw_fd(), "polling a pidfd failed");
            true
        }
    }
}

/// Open connections per uid, and the refusals not yet reported.
#[derive(Default)]
struct Slots {
    counts: Mutex<HashMap<u32, Count>>,
}

#[derive(Default)]
struct Count {
    open: usize,
    /// Connections refused since the uid last went over its limit.
    refused: u64,
}

/// One connection's place in its uid's count, given back on drop.
struct Slot {
    slots: Arc<Slots>,
    uid: u32,
}

impl Slots {
    fn take(self: &Arc<Self>, uid: u32, limit: usize) -> Option<Slot> {
        let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let count = counts.entry(uid).or_default();
        if count.open >= limit {
            if count.refused == 0 {
                tracing::warn!(
                    uid,
                    limit,
                    "uid holds as many connections as limits.connections_per_uid allows; closing new ones"
                );
            }
            count.refused += 1;
            return None;
        }
        count.open += 1;
        Some(Slot {
            slots: self.clone(),
            uid,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self
            .slots
            .counts
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = counts.get_mut(&self.uid) {
            count.open = count.open.saturating_sub(1);
            if count.refused > 0 {
                tracing::info!(
                    uid = self.uid,
                    refused = count.refused,
                    "uid is under its connection limit again"
                );
                count.refused = 0;
            }
            if count.open == 0 {
                counts.remove(&self.uid);
            }
        }
    }
}

/// An accepted connection: the stream, its peer, its place in the uid's count, and the timer
/// that closes it once idle.
pub(crate) struct Connection {
    stream: UnixStream,
    peer: Peer,
    _slot: Slot,
    idle_after: Duration,
    idle_check: Pin<Box<Sleep>>,
    closed: bool,
}

impl tonic::transport::server::Connected for Connection {
    type ConnectInfo = Peer;

    fn connect_info(&self) -> Peer {
        self.peer.clone()
    }
}

impl AsyncRead for Connection {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // The server always has a read pending, so this is where the idle timer is watched.
        while !this.closed && this.idle_check.as_mut().poll(cx).is_ready() {
            match this.peer.activity.idle_at(this.idle_after) {
                Some(at) => this.idle_check.as_mut().reset(at),
                None => {
                    tracing::debug!(uid = this.peer.uid, "closing an idle connection");
                    this.closed = true;
                }
            }
        }
        if this.closed {
            // End of stream: the server closes the connection.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// The connections `listener` accepts, each with its peer, within the per-uid limit `limits`
/// reads at every accept (it follows a reload). A failed accept is logged, waited out and
/// skipped; a connection over its uid's limit, or whose peer cannot be read, is closed.
pub(crate) fn incoming(
    listener: UnixListener,
    limits: impl Fn() -> Limits + Send + 'static,
) -> impl Stream<Item = io::Result<Connection>> {
    use tokio_stream::StreamExt as _;
    let slots = Arc::new(Slots::default());
    UnixListenerStream::new(listener)
        .then(|accepted| async move {
            if let Err(err) = &accepted {
                tracing::warn!(error = %err, "accepting a connection failed; pausing");
                tokio::time::sleep(ACCEPT_PAUSE).await;
            }
            accepted
        })
        .filter_map(move |accepted| {
            let stream = accepted.ok()?;
            let peer = Peer::of(&stream)
                .inspect_err(|err| tracing::warn!(error = %err, "reading a peer failed"))
                .ok()?;
            let limits = limits();
            let slot = slots.take(peer.uid, limits.connections_per_uid)?;
            let idle_after = limits.idle_connection_timeout;
            Some(Ok(Connection {
                stream,
                peer,
                _slot: slot,
                idle_after,
                idle_check: Box::pin(tokio::time::sleep(idle_after)),
                closed: false,
            }))
        })
}

/// A tower layer that holds each request in flight on its connection until its response body is
/// done (a `WatchEvents` stream counts for as long as it is open), and counts each answered RPC
/// by method and status code in the metrics.
#[derive(Clone)]
pub(crate) struct TrackInFlight {
    pub(crate) metrics: Arc<Metrics>,
}

impl<S> tower::Layer<S> for TrackInFlight {
    type Service = Tracked<S>;

    fn layer(&self, inner: S) -> Tracked<S> {
        Tracked {
            inner,
            metrics: self.metrics.clone(),
        }
    }
}

/// The service [`TrackInFlight`] wraps.
#[derive(Clone)]
pub(crate) struct Tracked<S> {
    inner: S,
    metrics: Arc<Metrics>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, R> tower::Service<http::Request<B>> for Tracked<S>
where
    S: tower::Service<http::Request<B>, Response = http::Response<R>>,
    S::Future: Send + 'static,
{
    type Response = http::Response<TrackedBody<R>>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let guard = request.extensions().get::<Peer>().map(Peer::begin);
        let mut rpc = Some(RpcCount {
            metrics: self.metrics.clone(),
            path: request.uri().path().to_owned(),
        });
        let answer = self.inner.call(request);
        Box::pin(async move {
            let response = answer.await?;
            // A trailers-only answer (every error) has its status in the headers.
            if let Some(code) = grpc_status(response.headers())
                && let Some(rpc) = rpc.take()
            {
                rpc.done(code);
            }
            Ok(response.map(|body| TrackedBody {
                body,
                rpc,
                _guard: guard,
            }))
        })
    }
}

/// An RPC not counted yet.
struct RpcCount {
    metrics: Arc<Metrics>,
    path: String,
}

impl RpcCount {
    fn done(self, code: tonic::Code) {
        self.metrics.rpc(&self.path, code);
    }
}

fn grpc_status(headers: &http::HeaderMap) -> Option<tonic::Code> {
    let value = headers.get("grpc-status")?.to_str().ok()?;
    Some(tonic::Code::from_i32(value.parse().ok()?))
}

/// A response body that keeps its request in flight until it is dropped, and counts its RPC
/// when the status goes out (or, for a stream the caller dropped, as `CANCELLED`).
pub(crate) struct TrackedBody<B> {
    body: B,
    rpc: Option<RpcCount>,
    _guard: Option<InFlight>,
}

impl<B: http_body::Body + Unpin> http_body::Body for TrackedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<B::Data>, B::Error>>> {
        let this = self.get_mut();
        let frame = Pin::new(&mut this.body).poll_frame(cx);
        if let Poll::Ready(Some(Ok(frame))) = &frame
            && let Some(code) = frame.trailers_ref().and_then(grpc_status)
            && let Some(rpc) = this.rpc.take()
        {
            rpc.done(code);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

impl<B> Drop for TrackedBody<B> {
    fn drop(&mut self) {
        if let Some(rpc) = self.rpc.take() {
            rpc.done(tonic::Code::Cancelled);
        }
    }
}
