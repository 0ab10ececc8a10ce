"""How the typed services (`_services.py`) reach the daemon: one gRPC call on the client's
channel, its `grpc.RpcError` turned into a `LatchkeyError`."""

from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterable, AsyncIterator, Callable, Iterator, Optional, TypeVar

import grpc
import grpc.aio
from google.protobuf.message import Message

from .errors import from_rpc_error

if TYPE_CHECKING:
    from .aio import AsyncClient
    from .client import Client

Response = TypeVar("Response", bound=Message)


def _serialize(message: Message) -> bytes:
    return message.SerializeToString()


class Calls:
    """The calls of a sync `Client`: on its channel, opened (and the socket checked) per call."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def unary(self, path: str, request: Message, parse: Callable[[bytes], Response],
              timeout: Optional[float]) -> Response:
        channel = self._client.channel()
        call = channel.unary_unary(path, request_serializer=_serialize, response_deserializer=parse)
        try:
            answer: Response = call(request, timeout=timeout)
        except grpc.RpcError as err:
            raise from_rpc_error(err, self._client.socket) from None
        return answer

    def stream(self, path: str, request: Message, parse: Callable[[bytes], Response],
               timeout: Optional[float]) -> Iterator[Response]:
        channel = self._client.channel()
        call = channel.unary_stream(path, request_serializer=_serialize, response_deserializer=parse)
        try:
            answers: Iterator[Response] = call(request, timeout=timeout)
        except grpc.RpcError as err:
            raise from_rpc_error(err, self._client.socket) from None
        return _converted(answers, self._client.socket)


def _converted(stream: Iterator[Response], socket: str) -> Iterator[Response]:
    try:
        yield from stream
    except grpc.RpcError as err:
        raise from_rpc_error(err, socket) from None


class AsyncCalls:
    """The calls of an `AsyncClient`, on grpc.aio."""

    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def unary(self, path: str, request: Message, parse: Callable[[bytes], Response],
                    timeout: Optional[float]) -> Response:
        channel = self._client.channel()
        call = channel.unary_unary(path, request_serializer=_serialize, response_deserializer=parse)
        try:
            answer: Response = await call(request, timeout=timeout)
        except grpc.RpcError as err:
            raise from_rpc_error(err, self._client.socket) from None
        return answer

    def stream(self, path: str, request: Message, parse: Callable[[bytes], Response],
               timeout: Optional[float]) -> AsyncIterator[Response]:
        channel = self._client.channel()
        call = channel.unary_stream(path, request_serializer=_serialize, response_deserializer=parse)
        return _async_converted(call(request, timeout=timeout), self._client.socket)


async def _async_converted(stream: AsyncIterable[Response], socket: str) -> AsyncIterator[Response]:
    try:
        async for message in stream:
            yield message
    except grpc.RpcError as err:
        raise from_rpc_error(err, socket) from None
