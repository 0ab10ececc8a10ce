"""The Python client against a real daemon: tokens, errors, events across a restart, reauth
callbacks, and the requests and httpx helpers against a small API that checks each bearer with
the daemon's built-in emulator."""

import asyncio
import datetime
import http.server
import os
import queue
import threading
import urllib.request

import grpc
import httpx
import pytest
import requests

import latchkey
from latchkey import pb


def log_in_anonymous(client):
    return client.sessions.LogIn(pb.LogInRequest(credentials=pb.Credentials(anonymous=pb.AnonymousCredential())))


def emulator_accepts(emulator, token):
    request = urllib.request.Request(f"{emulator}/api/client/v2.0/auth/profile",
                                     headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status == 200
    except urllib.error.HTTPError:
        return False


def test_a_token_in_one_line_and_errors_with_reasons(daemon):
    client = latchkey.Client(daemon.socket)
    with pytest.raises(latchkey.LatchkeyError) as caught:
        client.token()
    assert caught.value.is_not_logged_in()
    assert caught.value.code == grpc.StatusCode.NOT_FOUND

    user = log_in_anonymous(client)
    token = client.token()
    assert emulator_accepts(daemon.emulator, token)
    full = client.access_token(app="dev", min_valid=datetime.timedelta(seconds=30))
    assert (full.token, full.user_id, full.app) == (token, user.id, "dev")
    assert client.current_user().id == user.id

    with pytest.raises(latchkey.LatchkeyError) as caught:
        client.token(app="nope")
    assert caught.value.is_app_not_found()
    assert caught.value.reason == "APP_NOT_FOUND"
    assert caught.value.has_reason(latchkey.Reason.APP_NOT_FOUND)
    assert latchkey.Reason(caught.value.reason) is latchkey.Reason.APP_NOT_FOUND
    assert [app.name for app in client.daemon.ListApps(pb.ListAppsRequest()).apps] == ["dev"]


def test_the_socket_from_the_environment(daemon, monkeypatch):
    monkeypatch.setenv("LATCHKEY_SOCKET", daemon.socket)
    log_in_anonymous(latchkey.Client())
    assert latchkey.Client().token()


def test_a_missing_daemon_and_an_untrusted_socket(tmp_path, daemon):
    missing = str(tmp_path / "latchkeyd.sock")
    with pytest.raises(latchkey.DaemonNotRunning) as caught:
        latchkey.Client(missing).token()
    assert missing in str(caught.value)
    with pytest.raises(latchkey.DaemonNotRunning, match="does not exist"):
        latchkey.Client(str(tmp_path / "gone" / "latchkeyd.sock")).token()
    open_dir = tmp_path / "open"
    open_dir.mkdir()
    os.chmod(open_dir, 0o777)
    with pytest.raises(latchkey.UntrustedSocket, match="writable by other users"):
        latchkey.Client(str(open_dir / "latchkeyd.sock")).token()

    client = latchkey.Client(daemon.socket)
    log_in_anonymous(client)
    client.token()
    os.chmod(daemon.dir, 0o777)  # checked before every call, not only the first
    try:
        with pytest.raises(latchkey.UntrustedSocket):
            client.token()
    finally:
        os.chmod(daemon.dir, 0o700)
    daemon.stop()
    with pytest.raises(latchkey.DaemonNotRunning):
        client.token()


def test_watch_resumes_across_a_daemon_restart(daemon):
    client = latchkey.Client(daemon.socket)
    first = log_in_anonymous(client)
    events = client.watch(snapshot=True)
    snapshot = next(events)
    assert snapshot.WhichOneof("kind") == "snapshot" and snapshot.user_id == first.id
    daemon.stop()
    daemon.start()
    second = log_in_anonymous(client)
    for event in events:
        assert event.seq > snapshot.seq
        kind = event.WhichOneof("kind")
        if kind == "logged_in":
            assert event.user_id == second.id
            break
        assert kind in ("lagged", "current_user_changed", "backend_status"), kind

    events.close()
    assert next(events, None) is None
    with pytest.raises(latchkey.LatchkeyError) as caught:
        client.watch(app="nope")
    assert caught.value.is_app_not_found()


def revoke(daemon, user_id):
    request = urllib.request.Request(f"{daemon.emulator}/emulator/v1/users/{user_id}/revoke", method="POST")
    urllib.request.urlopen(request, timeout=10).close()


def test_a_revoked_session_calls_back_for_a_new_login(daemon):
    client = latchkey.Client(daemon.socket)
    user = log_in_anonymous(client)
    expired = queue.Queue()
    client.on_reauth_required(expired.put, app="dev")  # subscribed when it returns
    revoke(daemon, user.id)
    with pytest.raises(latchkey.LatchkeyError) as caught:
        client.token(force_refresh=True)
    assert caught.value.is_reauth_required()
    event = expired.get(timeout=15)
    assert event.user_id == user.id and event.WhichOneof("kind") == "token_expired"


def test_the_async_client(daemon):
    async def run():
        async with latchkey.AsyncClient(daemon.socket) as client:
            with pytest.raises(latchkey.LatchkeyError) as caught:
                await client.token()
            assert caught.value.is_not_logged_in()
            user = await client.sessions.LogIn(
                pb.LogInRequest(credentials=pb.Credentials(anonymous=pb.AnonymousCredential())))
            token = await client.token(min_valid=10)
            assert emulator_accepts(daemon.emulator, token)
            events = client.watch(snapshot=True)
            first = await events.__anext__()
            assert first.user_id == user.id
            await events.aclose()
            expired = asyncio.Queue()
            task = await client.on_reauth_required(expired.put)
            revoke(daemon, user.id)
            with pytest.raises(latchkey.LatchkeyError) as caught:
                await client.token(force_refresh=True)
            assert caught.value.is_reauth_required()
            event = await asyncio.wait_for(expired.get(), 15)
            assert event.WhichOneof("kind") == "token_expired"
            task.cancel()

    asyncio.run(run())


class Api:
    """An API on 127.0.0.1 that accepts a bearer the emulator accepts, except tokens it was told
    are stale (401, as a real API after the backend revoked them)."""

    def __init__(self, emulator):
        self.stale = set()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                good = token and token not in api.stale and emulator_accepts(emulator, token)
                self.send_response(200 if good else 401)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hello"


def test_requests_and_httpx_helpers_send_the_bearer_and_retry_once_on_a_401(daemon):
    client = latchkey.Client(daemon.socket)
    log_in_anonymous(client)
    api = Api(daemon.emulator)
    assert requests.get(api.url, timeout=10).status_code == 401
    assert requests.get(api.url, auth=latchkey.BearerAuth(client=client), timeout=10).status_code == 200
    assert httpx.get(api.url, auth=latchkey.HttpxAuth(client=client)).status_code == 200

    for send in ("requests", "httpx", "httpx-async"):
        old = client.token()
        api.stale.add(old)
        if send == "requests":
            status = requests.get(api.url, auth=latchkey.BearerAuth("dev", client=client), timeout=10).status_code
        elif send == "httpx":
            status = httpx.get(api.url, auth=latchkey.HttpxAuth("dev", client=client)).status_code
        else:
            async def fetch():
                async with httpx.AsyncClient() as http:
                    auth = latchkey.HttpxAuth("dev", async_client=latchkey.AsyncClient(daemon.socket))
                    return (await http.get(api.url, auth=auth)).status_code
            status = asyncio.run(fetch())
        assert status == 200, send
        assert client.token() != old, f"{send}: refreshed"
    api.server.shutdown()


def test_a_planted_user_socket_directory_falls_back_to_the_system_socket(tmp_path, monkeypatch):
    # Without XDG_RUNTIME_DIR the user socket is TMPDIR/latchkey-UID, which any uid can make
    # first in a shared temporary directory: it is passed over, once warned, not obeyed.
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    os.chmod(shared_tmp, 0o1777)
    planted = shared_tmp / f"latchkey-{os.getuid()}"
    planted.mkdir()
    (planted / "latchkeyd.sock").touch()
    os.chown(planted, 4321, 4321)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("LATCHKEY_SOCKET", raising=False)
    monkeypatch.setenv("TMPDIR", str(shared_tmp))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    from latchkey import _socket

    with pytest.warns(RuntimeWarning, match="ignoring the user socket .*belongs to uid 4321"):
        assert _socket.default_socket() == _socket.SYSTEM_SOCKET
    # A directory the user owns is the user's daemon.
    os.chown(planted, os.getuid(), os.getgid())
    assert _socket.default_socket() == str(planted / "latchkeyd.sock")


def test_a_401_after_a_redirect_elsewhere_gets_no_token_and_no_retry(daemon):
    # An API that redirects to another origin, which answers 401 to draw out a fresh token: the
    # helpers send it nothing and do not refresh for it.
    client = latchkey.Client(daemon.socket)
    log_in_anonymous(client)
    seen = []
    starts = []

    def serve(host, status, headers, record):
        """A server on `host` that records each request's Authorization and answers `status`."""

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                record.append(self.headers.get("Authorization"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer((host, 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    evil = serve("127.0.0.1", 401, {}, seen)
    origin = serve("localhost", 302, {"Location": f"http://127.0.0.1:{evil.server_address[1]}/evil"}, starts)
    url = f"http://localhost:{origin.server_address[1]}/go"

    for send in ("requests", "httpx", "httpx-async"):
        before = client.token()
        seen.clear()
        starts.clear()
        if send == "requests":
            status = requests.get(url, auth=latchkey.BearerAuth(client=client), timeout=10).status_code
        elif send == "httpx":
            status = httpx.get(url, auth=latchkey.HttpxAuth(client=client), follow_redirects=True).status_code
        else:
            async def fetch():
                async with httpx.AsyncClient(follow_redirects=True) as http_client:
                    auth = latchkey.HttpxAuth(async_client=latchkey.AsyncClient(daemon.socket))
                    return (await http_client.get(url, auth=auth)).status_code
            status = asyncio.run(fetch())
        assert status == 401, send
        assert len(starts) == 1, f"{send}: retried"
        assert seen == [None], f"{send}: a token went elsewhere: {seen}"
        assert client.token() == before, f"{send}: refreshed for another host"
    evil.shutdown()
    origin.shutdown()
