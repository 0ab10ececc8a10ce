"""Bearer tokens for `requests` (`BearerAuth`). On a 401 from the API it forces one refresh and
sends the request once more, but only when the 401 came from the origin the token was sent to: a
redirect to another host (whose answer could be a 401 made to draw out a fresh token) is never
retried with one. `latchkey.HttpxAuth` (in `_httpx`) does the same for httpx."""

from __future__ import annotations

import functools
import urllib.parse
from typing import TYPE_CHECKING, Any, Optional, Tuple

from .client import Client, Seconds

if TYPE_CHECKING:
    import requests

Origin = Tuple[str, str, Optional[int]]


def origin(url: object) -> Origin:
    """Scheme, host and port of `url` (the default port filled in)."""
    parts = urllib.parse.urlsplit(str(url))
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.scheme, (parts.hostname or "").lower(), port)


class BearerAuth:
    """`requests` auth: ``requests.get(url, auth=latchkey.BearerAuth("myapp"))``."""

    def __init__(self, app: Optional[str] = None, client: Optional[Client] = None,
                 min_valid: Seconds = 60) -> None:
        self.app = app
        self.client = client or Client()
        self.min_valid = min_valid

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        token = self.client.token(self.app, min_valid=self.min_valid)
        request.headers["Authorization"] = f"Bearer {token}"
        hook = functools.partial(self._retry_on_401, sent_to=origin(request.url))
        request.register_hook("response", hook)  # type: ignore[no-untyped-call]
        return request

    def _retry_on_401(self, response: requests.Response, sent_to: Origin,
                      **kwargs: Any) -> requests.Response:
        sent = response.request
        if response.status_code != 401 or getattr(sent, "_latchkey_retried", False):
            return response
        # requests keeps this hook on a redirected request but drops the header on a cross-host
        # redirect: a 401 from anywhere but the token's origin gets no token.
        if origin(sent.url) != sent_to or "Authorization" not in sent.headers:
            return response
        token = self.client.token(self.app, min_valid=self.min_valid, force_refresh=True)
        retry = sent.copy()
        retry.headers["Authorization"] = f"Bearer {token}"
        setattr(retry, "_latchkey_retried", True)
        response.content  # release the connection
        response.close()
        again: requests.Response = response.connection.send(retry, **kwargs)
        again.history.append(response)
        again.request = retry
        return again
