"""The asyncio client, on grpc.aio: the same calls as `latchkey.Client`, awaited."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Iterable, Optional, Union

import grpc

from . import _socket
from . import client as client_module
from .client import Seconds, _Resume, check_socket, token_request
from .errors import DaemonNotRunning, from_rpc_error
from .v1 import latchkey_pb2 as pb
from .v1 import latchkey_pb2_grpc as pb_grpc


class _Service(client_module._Service):
    """The asyncio flavour: unary calls are coroutines, streams async iterators."""

    @staticmethod
    def _answer(method, request, kwargs, socket):
        answer = method(request, **kwargs)
        if hasattr(answer, "__aiter__"):
            return _converted(answer, socket)
        return _awaited(answer, socket)


async def _awaited(call, socket):
    try:
        return await call
    except grpc.RpcError as err:
        raise from_rpc_error(err, socket) from None


async def _converted(stream, socket):
    try:
        async for message in stream:
            yield message
    except grpc.RpcError as err:
        raise from_rpc_error(err, socket) from None


class AsyncClient:
    """`latchkey.Client` for asyncio: every call is a coroutine, streams are async iterators."""

    def __init__(self, socket: Optional[str] = None):
        self.socket = socket or _socket.default_socket()
        self._channel = None
        self.sessions = _Service(self, pb_grpc.SessionsStub)
        self.api_keys = _Service(self, pb_grpc.ApiKeysStub)
        self.email_password = _Service(self, pb_grpc.EmailPasswordStub)
        self.daemon = _Service(self, pb_grpc.DaemonStub)

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

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()

    async def access_token(self, app: Optional[str] = None, user_id: Optional[str] = None,
                           min_valid: Optional[Seconds] = None, force_refresh: bool = False,
                           scopes: Union[Iterable[str], str] = (),
                           audience: Optional[str] = None) -> pb.AccessToken:
        return await self.sessions.GetAccessToken(
            token_request(app, user_id, min_valid, force_refresh, scopes, audience))

    async def token(self, app: Optional[str] = None, min_valid: Seconds = 60,
                    scopes: Union[Iterable[str], str] = (), audience: Optional[str] = None,
                    user_id: Optional[str] = None, force_refresh: bool = False) -> str:
        answer = await self.access_token(app, user_id, min_valid, force_refresh, scopes, audience)
        return answer.token

    async def current_user(self, app: Optional[str] = None) -> pb.User:
        return await self.sessions.GetCurrentUser(pb.GetCurrentUserRequest(app=app or ""))

    def watch(self, app: Optional[str] = None, user_id: Optional[str] = None,
              snapshot: bool = True) -> AsyncWatch:
        """As `Client.watch`, an `AsyncWatch`: ``async for event in client.watch()``, or
        ``events = await client.watch()`` to return once the daemon holds the subscription."""
        return AsyncWatch(self, app, user_id, snapshot)

    async def on_reauth_required(self, callback: Callable[[pb.SessionEvent], Any],
                                 app: Optional[str] = None) -> asyncio.Task:
        """Calls `callback(event)` (a function or a coroutine function) for every
        `token_expired` event of `app` (None: every app). Subscribed when the await returns;
        returns the asyncio Task (cancel it to stop)."""
        events = await self.watch(app=app, snapshot=False)

        async def run():
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

    def __init__(self, client, app, user_id, snapshot):
        self._client = client
        self._resume = _Resume(app, user_id, snapshot)
        self._call = None
        self._started = False

    def __await__(self):
        return self._start().__await__()

    async def _start(self):
        if not self._started:
            self._started = True
            self._call = await self._subscribe()
        return self

    async def _subscribe(self):
        """Starts the stream and waits for the daemon's answer headers: by then it holds the
        subscription. A refusal is raised, a daemon gone away is None (retried)."""
        stub = pb_grpc.SessionsStub(self._client.channel())
        call = stub.WatchEvents(self._resume.request())
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
            if self._call:
                try:
                    event = await self._call.read()
                except (grpc.RpcError, asyncio.CancelledError) as err:
                    if self._call is False:  # closed
                        raise StopAsyncIteration from None
                    if isinstance(err, asyncio.CancelledError):
                        raise
                    error = from_rpc_error(err, self._client.socket)
                    if error.code != grpc.StatusCode.UNAVAILABLE:
                        raise error from None
                else:
                    if event is not grpc.aio.EOF:
                        return self._resume.delivered(event)
            if self._call is False:
                raise StopAsyncIteration
            await asyncio.sleep(self._resume.delay())
            try:
                self._call = await self._subscribe()
            except DaemonNotRunning:
                self._call = None  # still restarting

    def close(self) -> None:
        """Ends the subscription; the iterator stops."""
        call, self._call = self._call, False
        self._started = True
        if call:
            call.cancel()

    async def aclose(self):
        self.close()

    async def __aenter__(self):
        return await self._start()

    async def __aexit__(self, *exc):
        self.close()
