"""The asyncio client, on grpc.aio: the same calls as `latchkey.Client`, awaited."""

import asyncio

import grpc

from . import _socket
from . import client as client_module
from .client import FIRST_RETRY, LAST_RETRY, check_socket, token_request, watch_request
from .errors import DaemonNotRunning, LatchkeyError, from_rpc_error
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

    def __init__(self, socket=None):
        self.socket = socket or _socket.default_socket()
        self._channel = None
        self.sessions = _Service(self, pb_grpc.SessionsStub)
        self.api_keys = _Service(self, pb_grpc.ApiKeysStub)
        self.email_password = _Service(self, pb_grpc.EmailPasswordStub)
        self.daemon = _Service(self, pb_grpc.DaemonStub)

    def channel(self):
        if self._channel is None:
            check_socket(self.socket)
            if not _socket.answers(self.socket):
                raise DaemonNotRunning(self.socket, "nobody answers on the socket")
            self._channel = grpc.aio.insecure_channel(f"unix://{self.socket}",
                                                      options=_socket.CHANNEL_OPTIONS)
        return self._channel

    async def close(self):
        if self._channel is not None:
            await self._channel.close()
            self._channel = None

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()

    async def access_token(self, app=None, user_id=None, min_valid=None, force_refresh=False,
                           scopes=(), audience=None):
        return await self.sessions.GetAccessToken(
            token_request(app, user_id, min_valid, force_refresh, scopes, audience))

    async def token(self, app=None, min_valid=60, scopes=(), audience=None, user_id=None,
                    force_refresh=False):
        answer = await self.access_token(app, user_id, min_valid, force_refresh, scopes, audience)
        return answer.token

    async def current_user(self, app=None):
        return await self.sessions.GetCurrentUser(pb.GetCurrentUserRequest(app=app or ""))

    async def watch(self, app=None, user_id=None, snapshot=True):
        """As `Client.watch`, an async iterator."""
        self.channel()  # DaemonNotRunning when it was never reached
        resume_after = 0
        retry = FIRST_RETRY
        while True:
            try:
                async for event in self.sessions.WatchEvents(
                        watch_request(app, user_id, snapshot, resume_after)):
                    retry = FIRST_RETRY
                    resume_after = max(resume_after, event.seq)
                    yield event
            except LatchkeyError as err:
                # Gone, restarting or shutting down: come back. Any other refusal is final.
                if err.code != grpc.StatusCode.UNAVAILABLE:
                    raise
            await asyncio.sleep(retry)
            retry = min(retry * 2, LAST_RETRY)

    def on_reauth_required(self, callback, app=None):
        """Calls `callback(event)` (a function or a coroutine function) for every
        `token_expired` event; returns the asyncio Task (cancel it to stop)."""

        async def run():
            async for event in self.watch(app=app, snapshot=False):
                if event.WhichOneof("kind") == "token_expired":
                    result = callback(event)
                    if asyncio.iscoroutine(result):
                        await result

        return asyncio.ensure_future(run())
