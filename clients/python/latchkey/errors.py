"""The daemon's errors as exceptions carrying the gRPC code and the `ErrorInfo` reason."""

from __future__ import annotations

import enum
from typing import Iterable, Mapping, Optional, Protocol, Tuple, Union, cast

import grpc
# googleapis-common-protos ships no annotations (nor does typeshed have them).
from google.rpc import error_details_pb2, status_pb2  # type: ignore[import-untyped,unused-ignore]

from . import _socket
from ._reasons import Reason as Reason

# The daemon's ErrorInfo reasons, generated from the proto's `Reason` enum (`_reasons.py`): each
# member is the string the daemon sends (``Reason.REAUTH_REQUIRED == "REAUTH_REQUIRED"``). A newer
# daemon may send one this module does not know; `LatchkeyError.reason` keeps the string as sent.
# The reasons callers act on most, by name, as before.
REAUTH_REQUIRED = Reason.REAUTH_REQUIRED.value
NO_CURRENT_USER = Reason.NO_CURRENT_USER.value
USER_NOT_FOUND = Reason.USER_NOT_FOUND.value
USER_NOT_LOGGED_IN = Reason.USER_NOT_LOGGED_IN.value
APP_NOT_FOUND = Reason.APP_NOT_FOUND.value
INVALID_CREDENTIALS = Reason.INVALID_CREDENTIALS.value
BACKEND_UNAVAILABLE = Reason.BACKEND_UNAVAILABLE.value


class LatchkeyError(Exception):
    """An error answer of the daemon: `code` (a `grpc.StatusCode`), `message`, `reason` (the
    ErrorInfo reason, e.g. ``REAUTH_REQUIRED``; None without one) and `metadata` (a dict: for a
    backend's own error its ``error_code``, ``link`` and ``http_status``)."""

    def __init__(self, code: grpc.StatusCode, message: str, reason: Optional[str] = None,
                 metadata: Optional[Mapping[str, str]] = None) -> None:
        self.code = code
        self.message = message
        self.reason = reason
        self.metadata = dict(metadata or {})
        super().__init__(f"{message} ({code.name}{', ' + reason if reason else ''})")

    def has_reason(self, reason: Union[Reason, str]) -> bool:
        """Whether the daemon answered with `reason` (a `Reason` or its name)."""
        wanted = reason.value if isinstance(reason, Reason) else reason
        return self.reason is not None and self.reason == wanted

    def is_reauth_required(self) -> bool:
        """The session cannot be refreshed: the user must log in again."""
        return self.reason == REAUTH_REQUIRED

    def is_not_logged_in(self) -> bool:
        """Nobody is logged in to the app, or the user named is logged out."""
        return self.reason == NO_CURRENT_USER or self.reason == USER_NOT_LOGGED_IN

    def is_app_not_found(self) -> bool:
        return self.reason == APP_NOT_FOUND


class DaemonNotRunning(LatchkeyError):
    """Nobody answers on the socket: `socket` names the one tried."""

    def __init__(self, socket: str, detail: str = "") -> None:
        self.socket = socket
        text = f"latchkeyd is not running at {socket}" + (f": {detail}" if detail else "")
        super().__init__(grpc.StatusCode.UNAVAILABLE, text)


class UntrustedSocket(LatchkeyError):
    """The socket's directory could have been planted by another user: nothing was sent."""

    def __init__(self, socket: str, why: str) -> None:
        self.socket = socket
        super().__init__(grpc.StatusCode.PERMISSION_DENIED, f"refusing the socket {socket}: {why}")


Metadata = Optional[Iterable[Tuple[str, Union[str, bytes]]]]


class _Failed(Protocol):
    """What a failed call offers: a `grpc.RpcError` of a call, or the call itself."""

    def code(self) -> grpc.StatusCode: ...
    def details(self) -> Optional[str]: ...
    def trailing_metadata(self) -> Metadata: ...


def _error_info(metadata: Metadata) -> Optional[error_details_pb2.ErrorInfo]:
    for key, value in metadata or ():
        if key == "grpc-status-details-bin" and isinstance(value, bytes):
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    return info
    return None


def from_rpc_error(err: Union[grpc.RpcError, _Failed], socket: str) -> LatchkeyError:
    """A `grpc.RpcError` (sync or aio) of a call to the daemon at `socket` as a LatchkeyError."""
    # Every RpcError grpc raises for a call is that call too (code, details, trailers).
    failed = cast(_Failed, err)
    code = failed.code()
    details = failed.details() or ""
    info = _error_info(failed.trailing_metadata())
    if info is None and code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNKNOWN):
        # The daemon's own errors always carry an ErrorInfo: this one is about the transport.
        if not _socket.answers(socket):
            return DaemonNotRunning(socket, details)
    if info is None:
        return LatchkeyError(code, details)
    return LatchkeyError(code, details, str(info.reason),
                         {str(key): str(value) for key, value in info.metadata.items()})
