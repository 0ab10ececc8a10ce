"""The Realm SDK's shape (`App`, `Credentials`, `User`) against a real daemon and its built-in
emulator: every credential kind the emulator offers, the user list, switching, API keys, linking,
custom data, logout, removal, deletion and the expiry callback."""

import json
import queue
import urllib.request

import pytest

import latchkey
from latchkey import App, Credentials


def emulator(daemon, path, body=None, method="POST"):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{daemon.emulator}/emulator/v1/{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def test_log_in_current_user_all_users_and_switching(daemon):
    app = App(client=latchkey.Client(daemon.socket))
    assert app.current_user is None
    anonymous = app.log_in(Credentials.anonymous())
    assert anonymous.is_logged_in and anonymous.state == "LoggedIn"
    assert anonymous.provider_type == "anon-user"
    assert app.log_in(Credentials.anonymous()) == anonymous, "reuse is the default"
    assert app.log_in(Credentials.anonymous(reuse=False)) != anonymous

    app.email_password_auth.register_user("ada@example.com", "a long password")
    ada = app.log_in(Credentials.email_password("ada@example.com", "a long password"))
    assert app.current_user == ada
    assert list(app.all_users) [-1] == ada.id and anonymous.id in app.all_users
    app.switch_user(anonymous)
    assert app.current_user == anonymous
    # The token the user hands out is the daemon's, for that user.
    assert app.client.access_token(user_id=ada.id).token == ada.access_token

    with pytest.raises(latchkey.LatchkeyError) as caught:
        app.log_in(Credentials.email_password("ada@example.com", "not the password"))
    assert caught.value.has_reason(latchkey.Reason.INVALID_CREDENTIALS)
    assert "not the password" not in repr(Credentials.email_password("a", "not the password"))


def test_every_credential_kind_of_the_emulator(daemon):
    app = App(client=latchkey.Client(daemon.socket))
    jwt = emulator(daemon, "custom-jwts", {"sub": "jwt-user", "name": "Jay"})["token"]
    assert app.log_in(Credentials.jwt(jwt)).provider_type == "custom-token"
    server_key = emulator(daemon, "server-api-keys", {"name": "ci"})["key"]
    assert app.log_in(Credentials.api_key(server_key)).provider_type == "api-key"
    assert app.log_in(Credentials.function({"username": "fn-user"})).provider_type == "custom-function"
    for provider in ("facebook", "google", "apple"):
        token = emulator(daemon, "social-tokens", {"provider": provider, "sub": f"{provider}-1"})["token"]
        credentials = {"facebook": lambda: Credentials.facebook(token),
                       "google": lambda: Credentials.google(id_token=token),
                       "apple": lambda: Credentials.apple(token)}[provider]()
        assert app.log_in(credentials).provider_type == f"oauth2-{provider}"
    with pytest.raises(ValueError):
        Credentials.google()
    with pytest.raises(TypeError, match="Credentials"):
        app.log_in({"anonymous": {}})  # type: ignore[arg-type]
    # The oidc grants are refused by an App Services app with the daemon's reason.
    with pytest.raises(latchkey.LatchkeyError) as caught:
        app.log_in(Credentials.client_credentials())
    assert caught.value.has_reason(latchkey.Reason.PROVIDER_NOT_SUPPORTED)


def test_api_keys_link_custom_data_log_out_remove_and_delete(daemon):
    app = App(client=latchkey.Client(daemon.socket))
    app.email_password_auth.register_user("bo@example.com", "a long password")
    bo = app.log_in(Credentials.email_password("bo@example.com", "a long password"))

    key = bo.api_keys.create("laptop")
    assert key.key and key.name == "laptop" and not key.disabled
    assert bo.api_keys.fetch(key.id).name == "laptop"
    assert [k.id for k in bo.api_keys.fetch_all()] == [key.id]
    bo.api_keys.disable(key.id)
    assert bo.api_keys.fetch(key.id).disabled
    bo.api_keys.enable(key.id)
    assert app.log_in(Credentials.api_key(key.key)) == bo
    bo.api_keys.delete(key.id)
    assert bo.api_keys.fetch_all() == []

    emulator(daemon, f"users/{bo.id}/custom-data", {"plan": "pro"}, method="PUT")
    assert bo.refresh_custom_data() == {"plan": "pro"}
    assert bo.custom_data == {"plan": "pro"}

    guest = app.log_in(Credentials.anonymous())
    app.email_password_auth.register_user("cy@example.com", "a long password")
    linked = guest.link_credentials(Credentials.email_password("cy@example.com", "a long password"))
    assert linked is guest and {i.provider_type for i in guest.identities} == {"anon-user", "local-userpass"}

    bo.log_out()
    assert bo.state == "LoggedOut" and bo.id in app.all_users
    with pytest.raises(latchkey.LatchkeyError) as caught:
        bo.access_token
    assert caught.value.is_not_logged_in()
    app.remove_user(bo)
    assert bo.state == "Removed" and bo.id not in app.all_users
    app.delete_user(guest)
    assert guest.id not in app.all_users
    deleted = emulator(daemon, "users", method="GET")
    assert guest.id not in json.dumps(deleted), "deleted at the backend too"


def test_the_expiry_callback(daemon):
    app = App(client=latchkey.Client(daemon.socket))
    user = app.log_in(Credentials.anonymous())
    expired = queue.Queue()
    app.on_reauth_required(expired.put)
    emulator(daemon, f"users/{user.id}/revoke")
    with pytest.raises(latchkey.LatchkeyError) as caught:
        app.client.token(force_refresh=True)
    assert caught.value.is_reauth_required()
    event = expired.get(timeout=15)
    assert event.user_id == user.id and event.WhichOneof("kind") == "token_expired"
