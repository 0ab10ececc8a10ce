"""The daemon's errors as exceptions carrying the gRPC code and the `ErrorInfo` reason."""

import enum

import grpc
from google.rpc import error_details_pb2, status_pb2

from . import _socket
from .v1 import latchkey_pb2 as _pb

# The daemon's ErrorInfo reasons, generated from the proto's `Reason` enum: each member is the
# string the daemon sends (``Reason.REAUTH_REQUIRED == "REAUTH_REQUIRED"``). A newer daemon may
# send one this module does not know; `LatchkeyError.reason` keeps the string as sent.
Reason = enum.Enum(
    "Reason",
    {name: name for name in _pb.Reason.keys() if name != "REASON_UNSPECIFIED"},
    type=str,
    module=__name__,
)

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

    def __init__(self, code, message, reason=None, metadata=None):
        self.code = code
        self.message = message
        self.reason = reason
        self.metadata = dict(metadata or {})
        super().__init__(f"{message} ({code.name}{', ' + reason if reason else ''})")

    def has_reason(self, reason):
        """Whether the daemon answered with `reason` (a `Reason` or its name)."""
        return self.reason is not None and self.reason == getattr(reason, "value", reason)

    def is_reauth_required(self):
        """The session cannot be refreshed: the user must log in again."""
        return self.reason == REAUTH_REQUIRED

    def is_not_logged_in(self):
        """Nobody is logged in to the app, or the user named is logged out."""
        return self.reason in (NO_CURRENT_USER, USER_NOT_LOGGED_IN)

    def is_app_not_found(self):
        return self.reason == APP_NOT_FOUND


class DaemonNotRunning(LatchkeyError):
    """Nobody answers on the socket: `socket` names the one tried."""

    def __init__(self, socket, detail=""):
        self.socket = socket
        text = f"latchkeyd is not running at {socket}" + (f": {detail}" if detail else "")
        super().__init__(grpc.StatusCode.UNAVAILABLE, text)


class UntrustedSocket(LatchkeyError):
    """The socket's directory could have been planted by another user: nothing was sent."""

    def __init__(self, socket, why):
        self.socket = socket
        super().__init__(grpc.StatusCode.PERMISSION_DENIED, f"refusing the socket {socket}: {why}")


def _error_info(metadata):
    for key, value in metadata or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            for detail in status.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    return info
    return None


def from_rpc_error(err, socket):
    """A `grpc.RpcError` (sync or aio) of a call to the daemon at `socket` as a LatchkeyError."""
    code = err.code()
    info = _error_info(err.trailing_metadata())
    if info is None and code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNKNOWN):
        # The daemon's own errors always carry an ErrorInfo: this one is about the transport.
        if not _socket.answers(socket):
            return DaemonNotRunning(socket, err.details() or "")
    if info is None:
        return LatchkeyError(code, err.details() or "")
    return LatchkeyError(code, err.details() or "", info.reason, dict(info.metadata))
