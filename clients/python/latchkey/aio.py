"""The asyncio client, on grpc.aio: the same calls as `latchkey.Client`, awaited."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any, Callable, Generator, Optional

import grpc
import grpc.aio

from . import _socket
from ._calls import AsyncCalls, _serialize
from ._services import AsyncApiKeys, AsyncDaemon, AsyncEmailPassword, AsyncSessions
from .client import WATCH_EVENTS, Scopes, Seconds, _Resume, check_socket, id_token_request, token_request
from .errors import DaemonNotRunning, from_rpc_error
from .v1 import latchkey_pb2 as pb


class AsyncClient:
    """`latchkey.Client` for asyncio: every call is a coroutine, streams are async iterators."""

    def __init__(self, socket: Optional[str] = None) -> None:
        self.socket = socket or _socket.default_socket()
        self._channel: Optional[grpc.aio.Channel] = None
        calls = AsyncCalls(self)
        self.sessions = AsyncSessions(calls)
        self.api_keys = AsyncApiKeys(calls)
        self.email_password = AsyncEmailPassword(calls)
        self.daemon = AsyncDaemon(calls)

    def channel(self) -> grpc.aio.Channel:
        check_socket(self.socket)  # on every call, as Client.channel
        if self._channel is None:
            if not _socket.answers(self.socket):
                raise DaemonNotRunning(self.socket, "nobody answers on the socket")
            self._channel = grpc.aio.insecure_channel(f"unix://{self.socket}",
                                                      options=_socket.CHANNEL_OPTIONS)
        return self._channel

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, kind: Optional[type[BaseException]], value: Optional[BaseException],
                        traceback: Optional[TracebackType]) -> None:
        await self.close()

    async def access_token(self, app: Optional[str] = None, user_id: Optional[str] = None,
                           min_valid: Optional[Seconds] = None, force_refresh: bool = False,
                           scopes: Scopes = (), audience: Optional[str] = None) -> pb.AccessToken:
        return await self.sessions.GetAccessToken(
            token_request(app, user_id, min_valid, force_refresh, scopes, audience))

    async def token(self, app: Optional[str] = None, min_valid: Seconds = 60,
                    scopes: Scopes = (), audience: Optional[str] = None,
                    user_id: Optional[str] = None, force_refresh: bool = False) -> str:
        answer = await self.access_token(app, user_id, min_valid, force_refresh, scopes, audience)
        return answer.token

    async def id_token(self, app: Optional[str] = None, min_valid: Optional[Seconds] = None,
                       user_id: Optional[str] = None) -> pb.IdToken:
        """As `Client.id_token`."""
        return await self.sessions.GetIdToken(id_token_request(app, user_id, min_valid))

    async def current_user(self, app: Optional[str] = None) -> pb.User:
        return await self.sessions.GetCurrentUser(pb.GetCurrentUserRequest(app=app or ""))

    def watch(self, app: Optional[str] = None, user_id: Optional[str] = None,
              snapshot: bool = True) -> AsyncWatch:
        """As `Client.watch`, an `AsyncWatch`: ``async for event in client.watch()``, or
        ``events = await client.watch()`` to return once the daemon holds the subscription."""
        return AsyncWatch(self, app, user_id, snapshot)

    async def on_reauth_required(self, callback: Callable[[pb.SessionEvent], Any],
                                 app: Optional[str] = None) -> asyncio.Task[None]:
        """Calls `callback(event)` (a function or a coroutine function) for every
        `token_expired` event of `app` (None: every app). Subscribed when the await returns;
        returns the asyncio Task (cancel it to stop)."""
        events = await self.watch(app=app, snapshot=False)

        async def run() -> None:
            async with events:
                async for event in events:
                    if event.WhichOneof("kind") == "token_expired":
                        result = callback(event)
                        if asyncio.iscoroutine(result):
                            await result

        return asyncio.ensure_future(run())


class AsyncWatch:
    """`latchkey.Watch` for asyncio: an async iterator of `latchkey.pb.SessionEvent` that
    resumes after the last `seq` across daemon restarts."""

    def __init__(self, client: AsyncClient, app: Optional[str], user_id: Optional[str],
                 snapshot: bool) -> None:
        self._client = client
        self._resume = _Resume(app, user_id, snapshot)
        self._call: Optional[grpc.aio.UnaryStreamCall[pb.WatchEventsRequest, pb.SessionEvent]] = None
        self._closed = False
        self._started = False

    def __await__(self) -> Generator[Any, None, AsyncWatch]:
        return self._start().__await__()

    async def _start(self) -> AsyncWatch:
        if not self._started:
            self._started = True
            self._call = await self._subscribe()
        return self

    async def _subscribe(self) -> Optional[grpc.aio.UnaryStreamCall[pb.WatchEventsRequest, pb.SessionEvent]]:
        """Starts the stream and waits for the daemon's answer headers: by then it holds the
        subscription. A refusal is raised, a daemon gone away is None (retried)."""
        watch: grpc.aio.UnaryStreamMultiCallable[pb.WatchEventsRequest, pb.SessionEvent] = \
            self._client.channel().unary_stream(
                WATCH_EVENTS, request_serializer=_serialize,
                response_deserializer=pb.SessionEvent.FromString)
        call = watch(self._resume.request())
        await call.initial_metadata()
        if call.done():
            try:
                await call.read()
            except grpc.RpcError as err:
                error = from_rpc_error(err, self._client.socket)
                if error.code != grpc.StatusCode.UNAVAILABLE:
                    raise error from None
            return None
        return call

    def __aiter__(self) -> AsyncWatch:
        return self

    async def __anext__(self) -> pb.SessionEvent:
        await self._start()
        while True:
            if self._closed:
                raise StopAsyncIteration
            if self._call is not None:
                try:
                    event = await self._call.read()
                except (grpc.RpcError, asyncio.CancelledError) as err:
                    if self._closed:
                        raise StopAsyncIteration from None
                    if isinstance(err, asyncio.CancelledError):
                        raise
                    error = from_rpc_error(err, self._client.socket)
                    if error.code != grpc.StatusCode.UNAVAILABLE:
                        raise error from None
                else:
                    if isinstance(event, pb.SessionEvent):  # not grpc.aio.EOF
                        return self._resume.delivered(event)
            if self._closed:
                raise StopAsyncIteration
            await asyncio.sleep(self._resume.delay())
            try:
                self._call = await self._subscribe()
            except DaemonNotRunning:
                self._call = None  # still restarting

    def close(self) -> None:
        """Ends the subscription; the iterator stops."""
        call, self._call, self._closed = self._call, None, True
        self._started = True
        if call is not None:
            call.cancel()

    async def aclose(self) -> None:
        self.close()

    async def __aenter__(self) -> AsyncWatch:
        return await self._start()

    async def __aexit__(self, kind: Optional[type[BaseException]], value: Optional[BaseException],
                        traceback: Optional[TracebackType]) -> None:
        self.close()
