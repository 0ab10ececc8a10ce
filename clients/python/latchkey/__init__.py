"""Client of latchkeyd, the local auth-session daemon.

    import latchkey
    token = latchkey.Client().token()          # the default app's current user

`Client` (sync) and `AsyncClient` (asyncio) find the socket as the `latchkey` CLI does, refuse one
another user could have planted, and connect on first use; every RPC of the four services is
typed with its messages (`latchkey.pb`). Errors are `LatchkeyError` (gRPC code, ErrorInfo reason,
metadata); `DaemonNotRunning` names the socket tried. `BearerAuth` (requests) and `HttpxAuth`
(httpx) add the bearer header. `App`, `Credentials` and `User` offer the Realm SDK's user
management over the daemon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._socket import default_socket
from .aio import AsyncClient, AsyncWatch
from .app import ApiKeyAuth, App, Credentials, EmailPasswordAuth, User
from .auth import BearerAuth
from .client import Client, Watch
from .errors import DaemonNotRunning, LatchkeyError, Reason, UntrustedSocket
from .v1 import latchkey_pb2 as pb
from .v1 import latchkey_pb2_grpc as pb_grpc

if TYPE_CHECKING:
    from ._httpx import HttpxAuth

__all__ = ["ApiKeyAuth", "App", "AsyncClient", "AsyncWatch", "BearerAuth", "Client", "Credentials",
           "DaemonNotRunning", "EmailPasswordAuth", "HttpxAuth", "LatchkeyError", "Reason",
           "UntrustedSocket", "User", "Watch", "default_socket", "pb", "pb_grpc"]


def __getattr__(name: str) -> Any:
    if name == "HttpxAuth":  # imports httpx only when asked for
        from ._httpx import HttpxAuth

        globals()["HttpxAuth"] = HttpxAuth
        return HttpxAuth
    raise AttributeError(name)
