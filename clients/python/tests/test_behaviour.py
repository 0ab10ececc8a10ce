"""This library keeps the defaults and rules every client library shares
(clients/behaviour.json, the README's "Same behaviour in every language" table)."""

import inspect
import json
import os
import tempfile
import warnings

import pytest

import latchkey
from latchkey import _socket
from latchkey import client as sync_client

BEHAVIOUR_FILE = os.path.join(os.path.dirname(__file__), "..", "..", "behaviour.json")
with open(BEHAVIOUR_FILE) as behaviour_file:
    BEHAVIOUR = json.load(behaviour_file)


def default(function, name):
    return inspect.signature(function).parameters[name].default


def test_the_defaults():
    assert default(latchkey.Client.token, "min_valid") == BEHAVIOUR["token"]["min_valid_seconds"]
    assert default(latchkey.AsyncClient.token, "min_valid") == BEHAVIOUR["token"]["min_valid_seconds"]
    assert default(latchkey.Client.watch, "snapshot") is BEHAVIOUR["watch"]["snapshot"]
    assert default(latchkey.AsyncClient.watch, "snapshot") is BEHAVIOUR["watch"]["snapshot"]
    assert _socket.SYSTEM_SOCKET == BEHAVIOUR["socket"]["system"]


def test_the_watch_reconnects_with_the_shared_backoff():
    resume = sync_client._Resume(None, None, True)
    waits = [round(resume.delay() * 1000) for _ in BEHAVIOUR["watch"]["retry_sequence_ms"]]
    assert waits == BEHAVIOUR["watch"]["retry_sequence_ms"]
    # An event delivered starts the backoff over, and a resume asks for no second snapshot.
    event = latchkey.pb.SessionEvent(seq=7)
    resume.delivered(event)
    assert round(resume.delay() * 1000) == BEHAVIOUR["watch"]["first_retry_ms"]
    assert resume.request().resume_after == 7 and not resume.request().include_snapshot


def test_a_watch_starts_with_a_snapshot_by_default(daemon):
    client = latchkey.Client(daemon.socket)
    user = latchkey.App(client=client).log_in(latchkey.Credentials.anonymous())
    with client.watch() as events:
        first = next(events)
    assert first.WhichOneof("kind") == "snapshot" and first.user_id == user.id


@pytest.mark.parametrize("case", BEHAVIOUR["socket"]["cases"], ids=lambda case: case["name"])
def test_socket_discovery(case, monkeypatch):
    with tempfile.TemporaryDirectory() as tmp:
        def fill(text):
            return text.replace("{tmp}", tmp).replace("{uid}", str(os.getuid()))

        for directory in case["make"]:
            made = os.path.join(tmp, fill(directory))
            os.makedirs(made, mode=0o700)
            open(os.path.join(made, "latchkeyd.sock"), "w").close()
        if "open" in case:
            os.chmod(os.path.join(tmp, fill(case["open"])), 0o777)
        for name in ("LATCHKEY_SOCKET", "XDG_RUNTIME_DIR", "TMPDIR"):
            monkeypatch.delenv(name, raising=False)
        for name, value in case["env"].items():
            monkeypatch.setenv(name, fill(value))
        monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR anew
        if case["warns"]:
            with pytest.warns(RuntimeWarning, match="ignoring the user socket"):
                found = _socket.default_socket()
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                found = _socket.default_socket()
        assert found == fill(case["expect"])
