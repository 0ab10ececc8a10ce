"""Where the daemon's socket is and whether its directory can be trusted: the same rules as the
`latchkey` CLI (`clients/rust/src/socket.rs`)."""

from __future__ import annotations

import os
import stat
import tempfile
from typing import List, Optional, Tuple, Union

SOCKET_FILE = "latchkeyd.sock"
SYSTEM_SOCKET = "/run/latchkey/latchkeyd.sock"


def user_socket() -> str:
    """The socket of the caller's own daemon (`latchkeyd --user`)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return os.path.join(runtime, "latchkey", SOCKET_FILE)
    return os.path.join(tempfile.gettempdir(), f"latchkey-{os.getuid()}", SOCKET_FILE)


def default_socket() -> str:
    """`$LATCHKEY_SOCKET`, then the caller's user daemon if its socket exists in a directory the
    caller can trust, then the system daemon's. A user socket passed over as untrusted (another
    uid can plant `/tmp/latchkey-UID` when `XDG_RUNTIME_DIR` is unset) is warned of once."""
    named = os.environ.get("LATCHKEY_SOCKET")
    if named:
        return named
    user = user_socket()
    if os.path.lexists(user):
        reason = untrusted_reason(user)
        if reason is None:
            return user
        import warnings

        warnings.warn(
            f"ignoring the user socket {user}: {reason}; using the system daemon's {SYSTEM_SOCKET}",
            RuntimeWarning,
            stacklevel=3,
        )
    return SYSTEM_SOCKET


def untrusted_reason(socket: str, uid: Optional[int] = None) -> Optional[str]:
    """Why the directory holding `socket` cannot be trusted by `uid`, or None: it must be a real
    directory (not a symlink), not writable by group or others, and owned by `uid` or root, or
    made where only root can make things (a root-owned parent nobody else may write)."""
    uid = os.geteuid() if uid is None else uid
    directory = os.path.dirname(socket)
    if not directory:
        return None
    try:
        meta = os.lstat(directory)
    except OSError as err:
        return f"{directory}: {err.strerror}"
    if stat.S_ISLNK(meta.st_mode):
        return f"{directory} is a symbolic link"
    if not stat.S_ISDIR(meta.st_mode):
        return f"{directory} is not a directory"
    if meta.st_mode & 0o022:
        return f"{directory} is writable by other users (mode {meta.st_mode & 0o777:o})"
    if meta.st_uid in (uid, 0):
        return None
    try:
        parent = os.lstat(os.path.dirname(directory) or "/")
        if parent.st_uid == 0 and not parent.st_mode & 0o022:
            return None
    except OSError:
        pass
    return f"{directory} belongs to uid {meta.st_uid}, not to you (uid {uid}) or root"


def answers(socket: str) -> bool:
    """Whether anything accepts connections on `socket`."""
    import socket as sockets

    probe = sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM)
    try:
        probe.connect(socket)
        return True
    except OSError:
        return False
    finally:
        probe.close()


# grpcio sends the socket path as the HTTP/2 :authority, which the daemon refuses: name a plain one.
# Reconnect quickly after a daemon restart (grpc's default waits up to 2 minutes).
CHANNEL_OPTIONS: List[Tuple[str, Union[str, int]]] = [
    ("grpc.default_authority", "localhost"),
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.min_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 2000),
]
