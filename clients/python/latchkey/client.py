"""The synchronous client."""

from __future__ import annotations

import datetime
import os
import threading
import time
from types import TracebackType
from typing import Callable, Iterable, Iterator, Optional, Union

import grpc
from google.protobuf import duration_pb2

from . import _socket
from ._calls import Calls, _serialize
from ._services import ApiKeys, Daemon, EmailPassword, Sessions
from .errors import DaemonNotRunning, UntrustedSocket, from_rpc_error
from .v1 import latchkey_pb2 as pb

Seconds = Union[float, datetime.timedelta]
Scopes = Union[Iterable[str], str]
# The watch's reconnect waits, the same in every client library: 200 ms, doubling to 2 s.
FIRST_RETRY = 0.2
LAST_RETRY = 2.0
WATCH_EVENTS = "/latchkey.v1.Sessions/WatchEvents"


def duration(seconds: Optional[Seconds]) -> Optional[duration_pb2.Duration]:
    """`seconds` (a number or a `datetime.timedelta`) as a protobuf Duration; None stays None."""
    if seconds is None:
        return None
    message = duration_pb2.Duration()
    if isinstance(seconds, datetime.timedelta):
        message.FromTimedelta(seconds)
    else:
        message.FromNanoseconds(round(seconds * 1e9))
    return message


def token_request(app: Optional[str], user_id: Optional[str], min_valid: Optional[Seconds],
                  force_refresh: bool, scopes: Scopes,
                  audience: Optional[str]) -> pb.GetAccessTokenRequest:
    """The GetAccessTokenRequest of `Client.token`'s arguments (`min_valid` in seconds or a
    `datetime.timedelta`; `scopes` a list, or one scope as a str)."""
    request = pb.GetAccessTokenRequest(
        app=app or "",
        user_id=user_id or "",
        force_refresh=force_refresh,
        scopes=[scopes] if isinstance(scopes, str) else list(scopes),
        audience=audience or "",
        min_valid=duration(min_valid),
    )
    return request


def id_token_request(app: Optional[str], user_id: Optional[str],
                     min_valid: Optional[Seconds]) -> pb.GetIdTokenRequest:
    """The GetIdTokenRequest of `Client.id_token`'s arguments."""
    return pb.GetIdTokenRequest(app=app or "", user_id=user_id or "", min_valid=duration(min_valid))


class _Resume:
    """Where a watch stands, for its next subscription: what it asks for, the last `seq`
    delivered, and the wait before the next reconnect (200 ms doubling to 2 s)."""

    def __init__(self, app: Optional[str], user_id: Optional[str], snapshot: bool) -> None:
        self._app, self._user_id, self._snapshot = app, user_id, snapshot
        self._after = 0
        self._retry = FIRST_RETRY

    def request(self) -> pb.WatchEventsRequest:
        return pb.WatchEventsRequest(app=self._app or "", user_id=self._user_id or "",
                                     include_snapshot=self._snapshot and self._after == 0,
                                     resume_after=self._after)

    def delivered(self, event: pb.SessionEvent) -> pb.SessionEvent:
        self._retry = FIRST_RETRY
        self._after = max(self._after, event.seq)
        return event

    def delay(self) -> float:
        """How long to wait before reconnecting now; the next wait is longer."""
        delay, self._retry = self._retry, min(self._retry * 2, LAST_RETRY)
        return delay


def check_socket(socket: str) -> None:
    directory = os.path.dirname(socket)
    if directory and not os.path.lexists(directory):
        # No directory, no daemon: nothing there to trust or distrust yet.
        raise DaemonNotRunning(socket, f"{directory} does not exist")
    why = _socket.untrusted_reason(socket)
    if why is not None:
        raise UntrustedSocket(socket, why)


class Client:
    """A connection to latchkeyd, made on first use. `socket` defaults to where the CLI looks
    (`$LATCHKEY_SOCKET`, your user daemon, then the system one).

    `sessions`, `api_keys`, `email_password` and `daemon` are the four services, every RPC typed
    with its messages (in `latchkey.pb`); their calls raise `LatchkeyError`."""

    def __init__(self, socket: Optional[str] = None) -> None:
        self.socket = socket or _socket.default_socket()
        self._channel: Optional[grpc.Channel] = None
        self._lock = threading.Lock()
        calls = Calls(self)
        self.sessions = Sessions(calls)
        self.api_keys = ApiKeys(calls)
        self.email_password = EmailPassword(calls)
        self.daemon = Daemon(calls)

    def channel(self) -> grpc.Channel:
        """The grpc channel, opened on first use. It reconnects by itself after the daemon
        restarts. Raises UntrustedSocket when the socket's directory cannot be trusted (checked
        on every call), DaemonNotRunning when nobody answers at first."""
        # Checked before every call, not only the first: grpc reconnects by itself after a
        # daemon restart, and the directory must still be one nobody else could have replaced.
        check_socket(self.socket)
        with self._lock:
            if self._channel is None:
                if not _socket.answers(self.socket):
                    raise DaemonNotRunning(self.socket, "nobody answers on the socket")
                self._channel = grpc.insecure_channel(f"unix://{self.socket}",
                                                      options=_socket.CHANNEL_OPTIONS)
            return self._channel

    def close(self) -> None:
        with self._lock:
            if self._channel is not None:
                self._channel.close()
                self._channel = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, kind: Optional[type[BaseException]], value: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.close()

    def access_token(self, app: Optional[str] = None, user_id: Optional[str] = None,
                     min_valid: Optional[Seconds] = None, force_refresh: bool = False,
                     scopes: Scopes = (), audience: Optional[str] = None) -> pb.AccessToken:
        """The AccessToken message (token, expires_at, user_id, app, stale)."""
        return self.sessions.GetAccessToken(
            token_request(app, user_id, min_valid, force_refresh, scopes, audience))

    def token(self, app: Optional[str] = None, min_valid: Seconds = 60, scopes: Scopes = (),
              audience: Optional[str] = None, user_id: Optional[str] = None,
              force_refresh: bool = False) -> str:
        """A valid access token (a str) of `app`'s current user (None: the default app), valid
        for at least `min_valid` seconds."""
        return self.access_token(app, user_id, min_valid, force_refresh, scopes, audience).token

    def id_token(self, app: Optional[str] = None, min_valid: Optional[Seconds] = None,
                 user_id: Optional[str] = None) -> pb.IdToken:
        """The session's OpenID Connect ID token (token, expires_at, user_id, app), for an oidc
        app whose configuration says `id_tokens = true`; valid for at least `min_valid` seconds
        (None: the daemon's default)."""
        return self.sessions.GetIdToken(id_token_request(app, user_id, min_valid))

    def current_user(self, app: Optional[str] = None) -> pb.User:
        return self.sessions.GetCurrentUser(pb.GetCurrentUserRequest(app=app or ""))

    def watch(self, app: Optional[str] = None, user_id: Optional[str] = None,
              snapshot: bool = True) -> Watch:
        """Session events as they happen, for ever: a `Watch`, subscribed when this returns
        (every event after it is delivered). Raises LatchkeyError when the daemon refuses the
        subscription (unknown app), DaemonNotRunning when it is not reached."""
        return Watch(self, app, user_id, snapshot)

    def on_reauth_required(self, callback: Callable[[pb.SessionEvent], object],
                           app: Optional[str] = None) -> threading.Thread:
        """Calls `callback(event)` in a background thread for every `token_expired` event of
        `app` (None: every app), the moment to ask for a new login. Subscribed when this
        returns; returns the (daemon) thread."""
        events = self.watch(app=app, snapshot=False)

        def run() -> None:
            for event in events:
                if event.WhichOneof("kind") == "token_expired":
                    callback(event)

        thread = threading.Thread(target=run, name="latchkey-reauth", daemon=True)
        thread.start()
        return thread


class Watch:
    """An iterator of `latchkey.pb.SessionEvent`. After a daemon restart it reconnects and
    resumes after the last `seq` delivered (what could not be replayed arrives as `lagged`);
    it ends only with an error the daemon gave (LatchkeyError) or when closed."""

    def __init__(self, client: Client, app: Optional[str], user_id: Optional[str],
                 snapshot: bool) -> None:
        self._client = client
        self._resume = _Resume(app, user_id, snapshot)
        self._closed = False
        self._call: Optional[grpc._CallIterator[pb.SessionEvent]] = self._subscribe()

    def _subscribe(self) -> Optional[grpc._CallIterator[pb.SessionEvent]]:
        """Starts the stream and waits for the daemon's answer headers: by then it holds the
        subscription. A refusal is raised, a daemon gone away is None (retried)."""
        watch: grpc.UnaryStreamMultiCallable[pb.WatchEventsRequest, pb.SessionEvent] = \
            self._client.channel().unary_stream(
                WATCH_EVENTS, request_serializer=_serialize,
                response_deserializer=pb.SessionEvent.FromString)
        call = watch(self._resume.request())
        call.initial_metadata()
        # grpc's call iterator is also a Future: done once the daemon ended the call.
        if isinstance(call, grpc.Future) and call.done() and call.code() != grpc.StatusCode.OK:
            error = from_rpc_error(call, self._client.socket)
            if error.code != grpc.StatusCode.UNAVAILABLE:
                raise error
            return None
        return call

    def __iter__(self) -> Iterator[pb.SessionEvent]:
        return self

    def __next__(self) -> pb.SessionEvent:
        while True:
            if self._closed:
                raise StopIteration
            if self._call is not None:
                try:
                    event = next(self._call)
                except StopIteration:
                    pass  # the daemon shut down: come back
                except grpc.RpcError as err:
                    if self._closed:
                        raise StopIteration from None
                    error = from_rpc_error(err, self._client.socket)
                    if error.code != grpc.StatusCode.UNAVAILABLE:
                        raise error from None
                else:
                    return self._resume.delivered(event)
            time.sleep(self._resume.delay())
            if not self._closed:
                self._call = self._subscribe_again()

    def _subscribe_again(self) -> Optional[grpc._CallIterator[pb.SessionEvent]]:
        try:
            return self._subscribe()
        except DaemonNotRunning:
            return None  # still restarting

    def close(self) -> None:
        """Ends the subscription; the iterator stops."""
        call, self._call, self._closed = self._call, None, True
        if call is not None:
            call.cancel()

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, kind: Optional[type[BaseException]], value: Optional[BaseException],
                 traceback: Optional[TracebackType]) -> None:
        self.close()


__all__ = ["Client", "Watch"]
