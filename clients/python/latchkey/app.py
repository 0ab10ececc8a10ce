"""The Realm SDK's user management, over the daemon: `App`, `Credentials`, `User`, with the
names an Atlas Device SDK user knows (`app.log_in(Credentials.anonymous())`, `app.current_user`,
`user.api_keys.create(...)`, ...). Every call is one RPC to latchkeyd; the daemon, not this
process, holds the sessions, so they are shared by every process of the user and survive it."""

from __future__ import annotations

import json
import threading
from typing import Any, Callable, Dict, List, Mapping, Optional, Union

from google.protobuf import json_format

from .client import Client
from .errors import LatchkeyError, Reason
from .v1 import latchkey_pb2 as pb


class Credentials:
    """How to log in: build one with a constructor named after its provider. The secrets it
    holds never appear in its `repr`."""

    def __init__(self, message: pb.Credentials) -> None:
        self.message = message

    @property
    def provider(self) -> str:
        """The kind: ``anonymous``, ``email_password``, ``jwt``, ``api_key``, ``function``,
        ``facebook``, ``google``, ``apple``, ``client_credentials``, ``password`` or
        ``refresh_token``."""
        return self.message.WhichOneof("kind") or ""

    def __repr__(self) -> str:
        return f"Credentials.{self.provider}(...)"

    @staticmethod
    def anonymous(reuse: bool = True) -> Credentials:
        """An anonymous user: the caller's existing one of the app when `reuse` (as the Realm
        SDK's default), a new one otherwise."""
        return Credentials(pb.Credentials(anonymous=pb.AnonymousCredential(new_user=not reuse)))

    @staticmethod
    def email_password(email: str, password: str) -> Credentials:
        return Credentials(pb.Credentials(
            email_password=pb.EmailPasswordCredential(email=email, password=password)))

    @staticmethod
    def jwt(token: str) -> Credentials:
        """A custom JWT (App Services custom-token; an oidc app's JWT bearer grant)."""
        return Credentials(pb.Credentials(jwt=pb.JwtCredential(token=token)))

    @staticmethod
    def api_key(key: str) -> Credentials:
        """A user or server API key."""
        return Credentials(pb.Credentials(api_key=pb.ApiKeyCredential(key=key)))

    @staticmethod
    def function(payload: Union[Mapping[str, Any], str]) -> Credentials:
        """A custom function's payload: a mapping (sent as JSON) or a JSON object's text."""
        text = payload if isinstance(payload, str) else json.dumps(payload)
        return Credentials(pb.Credentials(function=pb.FunctionCredential(payload_json=text)))

    @staticmethod
    def facebook(access_token: str) -> Credentials:
        return Credentials(pb.Credentials(facebook=pb.FacebookCredential(access_token=access_token)))

    @staticmethod
    def google(auth_code: Optional[str] = None, id_token: Optional[str] = None) -> Credentials:
        """A Google server auth code or an ID token: exactly one."""
        if (auth_code is None) == (id_token is None):
            raise ValueError("Credentials.google takes exactly one of auth_code and id_token")
        google = (pb.GoogleCredential(auth_code=auth_code) if auth_code is not None
                  else pb.GoogleCredential(id_token=id_token))
        return Credentials(pb.Credentials(google=google))

    @staticmethod
    def apple(id_token: str) -> Credentials:
        return Credentials(pb.Credentials(apple=pb.AppleCredential(id_token=id_token)))

    @staticmethod
    def client_credentials() -> Credentials:
        """An oidc app's client credentials grant, with its configured client."""
        return Credentials(pb.Credentials(client_credentials=pb.ClientCredentialsCredential()))

    @staticmethod
    def password(username: str, password: str) -> Credentials:
        """An oidc app's resource owner password grant."""
        return Credentials(pb.Credentials(
            password=pb.PasswordCredential(username=username, password=password)))

    @staticmethod
    def refresh_token(token: str) -> Credentials:
        """Adopts an oidc refresh token obtained elsewhere."""
        return Credentials(pb.Credentials(refresh_token=pb.RefreshTokenCredential(token=token)))


def _message(credentials: Credentials) -> pb.Credentials:
    """The message of `credentials`, which must be a `Credentials` (anything else is a mistake
    the daemon would only answer with INVALID_ARGUMENT)."""
    if not isinstance(credentials, Credentials):
        raise TypeError("expected a Credentials, e.g. Credentials.anonymous() or "
                        "Credentials.email_password(email, password)")
    return credentials.message


def _struct(message: Any) -> Dict[str, Any]:
    converted: Dict[str, Any] = json_format.MessageToDict(message)
    return converted


class ApiKeyAuth:
    """A user's API keys (`user.api_keys`), as the Realm SDK's `user.apiKeys`."""

    def __init__(self, user: User) -> None:
        self._user = user

    def _where(self) -> Dict[str, str]:
        return {"app": self._user.app_id, "user_id": self._user.id}

    def create(self, name: str) -> pb.ApiKey:
        """A new key; its `key` (the secret) is in this answer only."""
        return self._user.app.client.api_keys.CreateApiKey(
            pb.CreateApiKeyRequest(name=name, **self._where()))

    def fetch(self, key_id: str) -> pb.ApiKey:
        return self._user.app.client.api_keys.GetApiKey(pb.GetApiKeyRequest(id=key_id, **self._where()))

    def fetch_all(self) -> List[pb.ApiKey]:
        answer = self._user.app.client.api_keys.ListApiKeys(pb.ListApiKeysRequest(**self._where()))
        return list(answer.api_keys)

    def enable(self, key_id: str) -> None:
        self._user.app.client.api_keys.EnableApiKey(pb.EnableApiKeyRequest(id=key_id, **self._where()))

    def disable(self, key_id: str) -> None:
        self._user.app.client.api_keys.DisableApiKey(pb.DisableApiKeyRequest(id=key_id, **self._where()))

    def delete(self, key_id: str) -> None:
        self._user.app.client.api_keys.DeleteApiKey(pb.DeleteApiKeyRequest(id=key_id, **self._where()))


class User:
    """One of the caller's users of an app, as the daemon last described it (`data`). Its
    methods act on the daemon's session; `refresh_custom_data()` and the app's calls bring
    `data` up to date."""

    def __init__(self, app: App, data: pb.User) -> None:
        self.app = app
        self.data = data

    @property
    def id(self) -> str:
        return self.data.id

    @property
    def app_id(self) -> str:
        """The app's name in the daemon's configuration."""
        return self.data.app

    @property
    def state(self) -> str:
        """``LoggedIn``, ``LoggedOut`` or ``Removed``, as the Realm SDK names them."""
        return {pb.USER_STATE_LOGGED_IN: "LoggedIn", pb.USER_STATE_LOGGED_OUT: "LoggedOut"}.get(
            self.data.state, "Removed")

    @property
    def is_logged_in(self) -> bool:
        return self.data.state == pb.USER_STATE_LOGGED_IN

    @property
    def provider_type(self) -> str:
        return self.data.provider_type

    @property
    def identities(self) -> List[pb.Identity]:
        return list(self.data.identities)

    @property
    def device_id(self) -> str:
        return self.data.device_id

    @property
    def profile(self) -> Dict[str, Any]:
        """What the backend knows of the user (name, email, ... as it sent them)."""
        return _struct(self.data.profile.data)

    @property
    def custom_data(self) -> Dict[str, Any]:
        """The custom data as of the last refresh (`refresh_custom_data()` fetches it anew)."""
        return _struct(self.data.custom_data)

    @property
    def access_token(self) -> str:
        """A valid access token of this user, refreshed by the daemon when it would expire within
        a minute. (The refresh token stays in the daemon: there is no `refresh_token` here.)"""
        return self.app.client.token(self.app_id, user_id=self.id)

    @property
    def api_keys(self) -> ApiKeyAuth:
        return ApiKeyAuth(self)

    def log_out(self) -> None:
        """Ends the session (and revokes it at the backend); an anonymous user is removed."""
        self.data = self.app.client.sessions.LogOut(pb.LogOutRequest(app=self.app_id, user_id=self.id))

    def link_credentials(self, credentials: Credentials) -> User:
        """Adds another identity to this user; returns the user, updated."""
        self.data = self.app.client.sessions.LinkCredentials(pb.LinkCredentialsRequest(
            app=self.app_id, user_id=self.id, credentials=_message(credentials)))
        return self

    def refresh_custom_data(self) -> Dict[str, Any]:
        """Refreshes the access token now, which brings the custom data with it; returns it."""
        self.data = self.app.client.sessions.RefreshUser(
            pb.RefreshUserRequest(app=self.app_id, user_id=self.id))
        return self.custom_data

    def __eq__(self, other: object) -> bool:
        return isinstance(other, User) and (other.app_id, other.id) == (self.app_id, self.id)

    def __hash__(self) -> int:
        return hash((self.app_id, self.id))

    def __repr__(self) -> str:
        return f"User(app={self.app_id!r}, id={self.id!r}, state={self.state!r})"


class EmailPasswordAuth:
    """Email/password accounts (`app.email_password_auth`), as the Realm SDK's."""

    def __init__(self, app: App) -> None:
        self._app = app

    def register_user(self, email: str, password: str) -> None:
        self._app.client.email_password.RegisterUser(
            pb.RegisterUserRequest(app=self._app.id or "", email=email, password=password))

    def confirm_user(self, token: str, token_id: str) -> None:
        self._app.client.email_password.ConfirmUser(
            pb.ConfirmUserRequest(app=self._app.id or "", token=token, token_id=token_id))

    def resend_confirmation_email(self, email: str) -> None:
        self._app.client.email_password.ResendConfirmationEmail(
            pb.ResendConfirmationEmailRequest(app=self._app.id or "", email=email))

    def retry_custom_confirmation(self, email: str) -> None:
        self._app.client.email_password.RetryCustomConfirmation(
            pb.RetryCustomConfirmationRequest(app=self._app.id or "", email=email))

    def send_reset_password_email(self, email: str) -> None:
        self._app.client.email_password.SendResetPasswordEmail(
            pb.SendResetPasswordEmailRequest(app=self._app.id or "", email=email))

    def reset_password(self, password: str, token: str, token_id: str) -> None:
        self._app.client.email_password.ResetPassword(pb.ResetPasswordRequest(
            app=self._app.id or "", password=password, token=token, token_id=token_id))

    def call_reset_password_function(self, email: str, password: str, *args: Any) -> None:
        """Runs the app's reset function with `args` (sent as a JSON array)."""
        self._app.client.email_password.CallResetPasswordFunction(pb.CallResetPasswordFunctionRequest(
            app=self._app.id or "", email=email, password=password, arguments_json=json.dumps(list(args))))


class App:
    """An app of the daemon's configuration, by its name there (`id`; None: the default app),
    with the Realm SDK's user management: ``App("myapp").log_in(Credentials.anonymous())``."""

    def __init__(self, id: Optional[str] = None, client: Optional[Client] = None) -> None:
        self.id = id
        self.client = client or Client()

    def log_in(self, credentials: Credentials) -> User:
        """Logs in and makes the user the current one; answered once the session is stored."""
        return self._user(self.client.sessions.LogIn(
            pb.LogInRequest(app=self.id or "", credentials=_message(credentials))))

    @property
    def current_user(self) -> Optional[User]:
        """The caller's current user of the app, or None."""
        try:
            return self._user(self.client.current_user(self.id))
        except LatchkeyError as err:
            if err.has_reason(Reason.NO_CURRENT_USER):
                return None
            raise

    @property
    def all_users(self) -> Dict[str, User]:
        """Every user of the caller's that is not removed, by id, in the order they came."""
        answer = self.client.sessions.ListUsers(pb.ListUsersRequest(app=self.id or ""))
        return {user.id: self._user(user) for user in answer.users}

    def switch_user(self, user: User) -> None:
        """Makes `user` (logged in) the current user."""
        user.data = self.client.sessions.SwitchUser(pb.SwitchUserRequest(app=user.app_id, user_id=user.id))

    def remove_user(self, user: User) -> None:
        """Logs `user` out and forgets them on this machine."""
        user.data = self.client.sessions.RemoveUser(
            pb.RemoveUserRequest(app=user.app_id, user_id=user.id)).user

    def delete_user(self, user: User) -> None:
        """Deletes `user` at the backend, then forgets them."""
        user.data = self.client.sessions.DeleteUser(
            pb.DeleteUserRequest(app=user.app_id, user_id=user.id)).user

    @property
    def email_password_auth(self) -> EmailPasswordAuth:
        return EmailPasswordAuth(self)

    def on_reauth_required(self, callback: Callable[[pb.SessionEvent], object]) -> threading.Thread:
        """The expiry callback: `callback(event)` for every session of this app that can no longer
        be refreshed (the moment to ask for a new login). Subscribed when this returns. The
        default app (`App()`, no id) watches every app."""
        return self.client.on_reauth_required(callback, app=self.id)

    def _user(self, data: pb.User) -> User:
        return User(self, data)


__all__ = ["ApiKeyAuth", "App", "Credentials", "EmailPasswordAuth", "User"]
