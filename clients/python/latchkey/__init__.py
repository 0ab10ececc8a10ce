"""Client of latchkeyd, the local auth-session daemon.

    import latchkey
    token = latchkey.Client().token()          # the default app's current user

`Client` (sync) and `AsyncClient` (asyncio) find the socket as the `latchkey` CLI does, refuse one
another user could have planted, and connect on first use. Errors are `LatchkeyError` (gRPC code,
ErrorInfo reason, metadata); `DaemonNotRunning` names the socket tried. Messages are in
`latchkey.pb`. `BearerAuth` (requests) and `HttpxAuth` (httpx) add the bearer header.
"""

from .aio import AsyncClient
from .auth import BearerAuth
from .client import Client
from .errors import DaemonNotRunning, LatchkeyError, Reason, UntrustedSocket
from ._socket import default_socket
from .v1 import latchkey_pb2 as pb
from .v1 import latchkey_pb2_grpc as pb_grpc

__all__ = ["AsyncClient", "BearerAuth", "Client", "DaemonNotRunning", "HttpxAuth",
           "LatchkeyError", "Reason", "UntrustedSocket", "default_socket", "pb", "pb_grpc"]


def __getattr__(name):
    if name == "HttpxAuth":  # imports httpx only when asked for
        from .auth import _httpx_auth_class

        globals()["HttpxAuth"] = cls = _httpx_auth_class()
        return cls
    raise AttributeError(name)
