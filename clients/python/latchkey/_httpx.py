"""Bearer tokens for `httpx`, sync and async (imported only when `latchkey.HttpxAuth` is asked
for, so that httpx stays optional): the same one retry on a 401 as `BearerAuth`, only to the
token's origin."""

from __future__ import annotations

from typing import AsyncGenerator, Generator, Optional

import httpx

from .aio import AsyncClient
from .auth import origin
from .client import Client, Seconds


class HttpxAuth(httpx.Auth):
    """`httpx` auth, sync and async: ``httpx.get(url, auth=latchkey.HttpxAuth("myapp"))``;
    with an `httpx.AsyncClient` the token comes from `latchkey.AsyncClient`."""

    def __init__(self, app: Optional[str] = None, client: Optional[Client] = None,
                 async_client: Optional[AsyncClient] = None, min_valid: Seconds = 60) -> None:
        self.app = app
        self.client = client
        self.async_client = async_client
        self.min_valid = min_valid

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        client = self.client = self.client or Client()
        request.headers["Authorization"] = f"Bearer {client.token(self.app, min_valid=self.min_valid)}"
        response = yield request
        if response.status_code == 401 and origin(response.request.url) == origin(request.url):
            token = client.token(self.app, min_valid=self.min_valid, force_refresh=True)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        client = self.async_client = self.async_client or AsyncClient()
        token = await client.token(self.app, min_valid=self.min_valid)
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and origin(response.request.url) == origin(request.url):
            token = await client.token(self.app, min_valid=self.min_valid, force_refresh=True)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request
