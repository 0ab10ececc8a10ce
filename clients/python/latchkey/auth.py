"""Bearer tokens for HTTP clients: `requests` (`BearerAuth`) and `httpx` (`HttpxAuth`). On a 401
from the API, both force one refresh and send the request once more, but only when the 401 came
from the origin the token was sent to: a redirect to another host (whose answer could be a 401
made to draw out a fresh token) is never retried with one."""

import functools
import urllib.parse

from .client import Client


def _origin(url):
    """Scheme, host and port of `url` (the default port filled in)."""
    parts = urllib.parse.urlsplit(str(url))
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.scheme, (parts.hostname or "").lower(), port)


class BearerAuth:
    """`requests` auth: ``requests.get(url, auth=latchkey.BearerAuth("myapp"))``."""

    def __init__(self, app=None, client=None, min_valid=60):
        self.app = app
        self.client = client or Client()
        self.min_valid = min_valid

    def __call__(self, request):
        token = self.client.token(self.app, min_valid=self.min_valid)
        request.headers["Authorization"] = f"Bearer {token}"
        request.register_hook("response", functools.partial(self._retry_on_401, origin=_origin(request.url)))
        return request

    def _retry_on_401(self, response, origin, **kwargs):
        if response.status_code != 401 or getattr(response.request, "_latchkey_retried", False):
            return response
        # requests keeps this hook on a redirected request but drops the header on a cross-host
        # redirect: a 401 from anywhere but the token's origin gets no token.
        if _origin(response.request.url) != origin or "Authorization" not in response.request.headers:
            return response
        token = self.client.token(self.app, min_valid=self.min_valid, force_refresh=True)
        retry = response.request.copy()
        retry.headers["Authorization"] = f"Bearer {token}"
        retry._latchkey_retried = True
        response.content  # release the connection
        response.close()
        again = response.connection.send(retry, **kwargs)
        again.history.append(response)
        again.request = retry
        return again


def _httpx_auth_class():
    import httpx

    class HttpxAuth(httpx.Auth):
        """`httpx` auth, sync and async: ``httpx.get(url, auth=latchkey.HttpxAuth("myapp"))``;
        with an `httpx.AsyncClient` the token comes from `latchkey.AsyncClient`."""

        def __init__(self, app=None, client=None, async_client=None, min_valid=60):
            self.app = app
            self.client = client
            self.async_client = async_client
            self.min_valid = min_valid

        def sync_auth_flow(self, request):
            client = self.client = self.client or Client()
            request.headers["Authorization"] = f"Bearer {client.token(self.app, min_valid=self.min_valid)}"
            response = yield request
            if response.status_code == 401 and _origin(response.request.url) == _origin(request.url):
                token = client.token(self.app, min_valid=self.min_valid, force_refresh=True)
                request.headers["Authorization"] = f"Bearer {token}"
                yield request

        async def async_auth_flow(self, request):
            from .aio import AsyncClient

            client = self.async_client = self.async_client or AsyncClient()
            token = await client.token(self.app, min_valid=self.min_valid)
            request.headers["Authorization"] = f"Bearer {token}"
            response = yield request
            if response.status_code == 401 and _origin(response.request.url) == _origin(request.url):
                token = await client.token(self.app, min_valid=self.min_valid, force_refresh=True)
                request.headers["Authorization"] = f"Bearer {token}"
                yield request

    return HttpxAuth
