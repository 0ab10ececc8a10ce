# Generated from proto/latchkey/v1/latchkey.proto by generate_stubs.py: do not edit.
"""The daemon's four services as typed classes: every RPC takes its request message and returns
its response message (a stream: an iterator of them), raising `latchkey.LatchkeyError`. The sync
classes are `Client`'s, the `Async` ones `AsyncClient`'s."""

from __future__ import annotations

from typing import AsyncIterator, Iterator, Optional

from ._calls import AsyncCalls, Calls
from .v1 import latchkey_pb2 as pb


class Sessions:
    """Login sessions: log in and out, list and switch users, hand out access tokens."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls

    def LogIn(self, request: pb.LogInRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Logs a user in with the given credentials and makes them the caller's current user of the
        app. Answered only once the session is durably stored."""
        return self._calls.unary("/latchkey.v1.Sessions/LogIn", request, pb.User.FromString, timeout)

    def LinkCredentials(self, request: pb.LinkCredentialsRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Adds another identity (credentials) to an existing logged-in user; the user stays the same."""
        return self._calls.unary("/latchkey.v1.Sessions/LinkCredentials", request, pb.User.FromString, timeout)

    def LogOut(self, request: pb.LogOutRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Logs a user out: tokens are wiped and revoked at the backend (oidc: RFC 7009, when the server
        has a revocation endpoint). An anonymous user is removed. A revocation the backend did not
        confirm does not stop the local logout: the answer's `revocation_error` says what happened.
        Logging out a user that is already logged out succeeds and changes nothing."""
        return self._calls.unary("/latchkey.v1.Sessions/LogOut", request, pb.User.FromString, timeout)

    def GetCurrentUser(self, request: pb.GetCurrentUserRequest, *, timeout: Optional[float] = None) -> pb.User:
        """The caller's current user of the app (NOT_FOUND, reason NO_CURRENT_USER, if none)."""
        return self._calls.unary("/latchkey.v1.Sessions/GetCurrentUser", request, pb.User.FromString, timeout)

    def ListUsers(self, request: pb.ListUsersRequest, *, timeout: Optional[float] = None) -> pb.ListUsersResponse:
        """Every user of the caller that is not removed (logged in or logged out), in creation order."""
        return self._calls.unary("/latchkey.v1.Sessions/ListUsers", request, pb.ListUsersResponse.FromString, timeout)

    def SwitchUser(self, request: pb.SwitchUserRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Makes a logged-in user the caller's current user of the app."""
        return self._calls.unary("/latchkey.v1.Sessions/SwitchUser", request, pb.User.FromString, timeout)

    def RemoveUser(self, request: pb.RemoveUserRequest, *, timeout: Optional[float] = None) -> pb.RemoveUserResponse:
        """Forgets a user locally (logging them out at the backend first if they are logged in)."""
        return self._calls.unary("/latchkey.v1.Sessions/RemoveUser", request, pb.RemoveUserResponse.FromString, timeout)

    def DeleteUser(self, request: pb.DeleteUserRequest, *, timeout: Optional[float] = None) -> pb.DeleteUserResponse:
        """Deletes the user at the backend, then forgets them locally."""
        return self._calls.unary("/latchkey.v1.Sessions/DeleteUser", request, pb.DeleteUserResponse.FromString, timeout)

    def GetAccessToken(self, request: pb.GetAccessTokenRequest, *, timeout: Optional[float] = None) -> pb.AccessToken:
        """A valid access token for the user, refreshed first when it would not stay valid `min_valid`."""
        return self._calls.unary("/latchkey.v1.Sessions/GetAccessToken", request, pb.AccessToken.FromString, timeout)

    def RefreshUser(self, request: pb.RefreshUserRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Refreshes the user's access token now, which also refreshes their custom data."""
        return self._calls.unary("/latchkey.v1.Sessions/RefreshUser", request, pb.User.FromString, timeout)

    def WatchEvents(self, request: pb.WatchEventsRequest, *, timeout: Optional[float] = None) -> Iterator[pb.SessionEvent]:
        """A stream of session events for the caller's own sessions."""
        return self._calls.stream("/latchkey.v1.Sessions/WatchEvents", request, pb.SessionEvent.FromString, timeout)

    def LogInWithDevice(self, request: pb.LogInWithDeviceRequest, *, timeout: Optional[float] = None) -> Iterator[pb.LogInWithDeviceResponse]:
        """OAuth 2.0 device authorization grant (oidc apps): the first message carries the verification
        URI and user code, the last one the logged-in user."""
        return self._calls.stream("/latchkey.v1.Sessions/LogInWithDevice", request, pb.LogInWithDeviceResponse.FromString, timeout)

    def LogInWithBrowser(self, request: pb.LogInWithBrowserRequest, *, timeout: Optional[float] = None) -> Iterator[pb.LogInWithBrowserResponse]:
        """Authorization code + PKCE through the system browser (oidc apps): the first message carries
        the authorization URL, the last one the logged-in user. The daemon receives the redirect on a
        loopback port, and only from a browser of the caller's uid (or root's): open the URL as the
        user who called."""
        return self._calls.stream("/latchkey.v1.Sessions/LogInWithBrowser", request, pb.LogInWithBrowserResponse.FromString, timeout)

    def GetIdToken(self, request: pb.GetIdTokenRequest, *, timeout: Optional[float] = None) -> pb.IdToken:
        """The OpenID Connect ID token of the user's session (oidc apps whose configuration says
        `id_tokens = true`), refreshed through the session's one refresh path first when it would
        not stay valid `min_valid`. An app that does not serve ID tokens: FAILED_PRECONDITION,
        ID_TOKENS_NOT_ENABLED; a session whose provider gave no new ID token at its last refresh (or
        none at login) while the one held lacks `min_valid`: FAILED_PRECONDITION,
        ID_TOKEN_NOT_RENEWED (a new login gives a new one)."""
        return self._calls.unary("/latchkey.v1.Sessions/GetIdToken", request, pb.IdToken.FromString, timeout)


class ApiKeys:
    """User API keys of App Services apps."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls

    def CreateApiKey(self, request: pb.CreateApiKeyRequest, *, timeout: Optional[float] = None) -> pb.ApiKey:
        """Creates a key; the response is the only one that ever carries the key's secret."""
        return self._calls.unary("/latchkey.v1.ApiKeys/CreateApiKey", request, pb.ApiKey.FromString, timeout)

    def GetApiKey(self, request: pb.GetApiKeyRequest, *, timeout: Optional[float] = None) -> pb.ApiKey:
        """One key, without its secret."""
        return self._calls.unary("/latchkey.v1.ApiKeys/GetApiKey", request, pb.ApiKey.FromString, timeout)

    def ListApiKeys(self, request: pb.ListApiKeysRequest, *, timeout: Optional[float] = None) -> pb.ListApiKeysResponse:
        """Every key of the user, without secrets."""
        return self._calls.unary("/latchkey.v1.ApiKeys/ListApiKeys", request, pb.ListApiKeysResponse.FromString, timeout)

    def EnableApiKey(self, request: pb.EnableApiKeyRequest, *, timeout: Optional[float] = None) -> pb.EnableApiKeyResponse:
        """Enables a key."""
        return self._calls.unary("/latchkey.v1.ApiKeys/EnableApiKey", request, pb.EnableApiKeyResponse.FromString, timeout)

    def DisableApiKey(self, request: pb.DisableApiKeyRequest, *, timeout: Optional[float] = None) -> pb.DisableApiKeyResponse:
        """Disables a key: logins with it are refused until it is enabled again."""
        return self._calls.unary("/latchkey.v1.ApiKeys/DisableApiKey", request, pb.DisableApiKeyResponse.FromString, timeout)

    def DeleteApiKey(self, request: pb.DeleteApiKeyRequest, *, timeout: Optional[float] = None) -> pb.DeleteApiKeyResponse:
        """Deletes a key."""
        return self._calls.unary("/latchkey.v1.ApiKeys/DeleteApiKey", request, pb.DeleteApiKeyResponse.FromString, timeout)


class EmailPassword:
    """Email/password account flows of App Services apps."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls

    def RegisterUser(self, request: pb.RegisterUserRequest, *, timeout: Optional[float] = None) -> pb.RegisterUserResponse:
        """Registers a new email/password account."""
        return self._calls.unary("/latchkey.v1.EmailPassword/RegisterUser", request, pb.RegisterUserResponse.FromString, timeout)

    def ConfirmUser(self, request: pb.ConfirmUserRequest, *, timeout: Optional[float] = None) -> pb.ConfirmUserResponse:
        """Confirms an account with the token and token id of a confirmation link."""
        return self._calls.unary("/latchkey.v1.EmailPassword/ConfirmUser", request, pb.ConfirmUserResponse.FromString, timeout)

    def ResendConfirmationEmail(self, request: pb.ResendConfirmationEmailRequest, *, timeout: Optional[float] = None) -> pb.ResendConfirmationEmailResponse:
        """Sends the confirmation email again."""
        return self._calls.unary("/latchkey.v1.EmailPassword/ResendConfirmationEmail", request, pb.ResendConfirmationEmailResponse.FromString, timeout)

    def RetryCustomConfirmation(self, request: pb.RetryCustomConfirmationRequest, *, timeout: Optional[float] = None) -> pb.RetryCustomConfirmationResponse:
        """Runs the app's custom confirmation function again."""
        return self._calls.unary("/latchkey.v1.EmailPassword/RetryCustomConfirmation", request, pb.RetryCustomConfirmationResponse.FromString, timeout)

    def SendResetPasswordEmail(self, request: pb.SendResetPasswordEmailRequest, *, timeout: Optional[float] = None) -> pb.SendResetPasswordEmailResponse:
        """Sends a password reset email."""
        return self._calls.unary("/latchkey.v1.EmailPassword/SendResetPasswordEmail", request, pb.SendResetPasswordEmailResponse.FromString, timeout)

    def ResetPassword(self, request: pb.ResetPasswordRequest, *, timeout: Optional[float] = None) -> pb.ResetPasswordResponse:
        """Sets a new password with the token and token id of a reset link."""
        return self._calls.unary("/latchkey.v1.EmailPassword/ResetPassword", request, pb.ResetPasswordResponse.FromString, timeout)

    def CallResetPasswordFunction(self, request: pb.CallResetPasswordFunctionRequest, *, timeout: Optional[float] = None) -> pb.CallResetPasswordFunctionResponse:
        """Sets a new password through the app's custom reset function."""
        return self._calls.unary("/latchkey.v1.EmailPassword/CallResetPasswordFunction", request, pb.CallResetPasswordFunctionResponse.FromString, timeout)


class Daemon:
    """The daemon itself."""

    def __init__(self, calls: Calls) -> None:
        self._calls = calls

    def ListApps(self, request: pb.ListAppsRequest, *, timeout: Optional[float] = None) -> pb.ListAppsResponse:
        """The configured apps."""
        return self._calls.unary("/latchkey.v1.Daemon/ListApps", request, pb.ListAppsResponse.FromString, timeout)

    def GetStatus(self, request: pb.GetStatusRequest, *, timeout: Optional[float] = None) -> pb.GetStatusResponse:
        """Version, uptime, sessions by state and backend reachability."""
        return self._calls.unary("/latchkey.v1.Daemon/GetStatus", request, pb.GetStatusResponse.FromString, timeout)


class AsyncSessions:
    """Login sessions: log in and out, list and switch users, hand out access tokens."""

    def __init__(self, calls: AsyncCalls) -> None:
        self._calls = calls

    async def LogIn(self, request: pb.LogInRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Logs a user in with the given credentials and makes them the caller's current user of the
        app. Answered only once the session is durably stored."""
        return await self._calls.unary("/latchkey.v1.Sessions/LogIn", request, pb.User.FromString, timeout)

    async def LinkCredentials(self, request: pb.LinkCredentialsRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Adds another identity (credentials) to an existing logged-in user; the user stays the same."""
        return await self._calls.unary("/latchkey.v1.Sessions/LinkCredentials", request, pb.User.FromString, timeout)

    async def LogOut(self, request: pb.LogOutRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Logs a user out: tokens are wiped and revoked at the backend (oidc: RFC 7009, when the server
        has a revocation endpoint). An anonymous user is removed. A revocation the backend did not
        confirm does not stop the local logout: the answer's `revocation_error` says what happened.
        Logging out a user that is already logged out succeeds and changes nothing."""
        return await self._calls.unary("/latchkey.v1.Sessions/LogOut", request, pb.User.FromString, timeout)

    async def GetCurrentUser(self, request: pb.GetCurrentUserRequest, *, timeout: Optional[float] = None) -> pb.User:
        """The caller's current user of the app (NOT_FOUND, reason NO_CURRENT_USER, if none)."""
        return await self._calls.unary("/latchkey.v1.Sessions/GetCurrentUser", request, pb.User.FromString, timeout)

    async def ListUsers(self, request: pb.ListUsersRequest, *, timeout: Optional[float] = None) -> pb.ListUsersResponse:
        """Every user of the caller that is not removed (logged in or logged out), in creation order."""
        return await self._calls.unary("/latchkey.v1.Sessions/ListUsers", request, pb.ListUsersResponse.FromString, timeout)

    async def SwitchUser(self, request: pb.SwitchUserRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Makes a logged-in user the caller's current user of the app."""
        return await self._calls.unary("/latchkey.v1.Sessions/SwitchUser", request, pb.User.FromString, timeout)

    async def RemoveUser(self, request: pb.RemoveUserRequest, *, timeout: Optional[float] = None) -> pb.RemoveUserResponse:
        """Forgets a user locally (logging them out at the backend first if they are logged in)."""
        return await self._calls.unary("/latchkey.v1.Sessions/RemoveUser", request, pb.RemoveUserResponse.FromString, timeout)

    async def DeleteUser(self, request: pb.DeleteUserRequest, *, timeout: Optional[float] = None) -> pb.DeleteUserResponse:
        """Deletes the user at the backend, then forgets them locally."""
        return await self._calls.unary("/latchkey.v1.Sessions/DeleteUser", request, pb.DeleteUserResponse.FromString, timeout)

    async def GetAccessToken(self, request: pb.GetAccessTokenRequest, *, timeout: Optional[float] = None) -> pb.AccessToken:
        """A valid access token for the user, refreshed first when it would not stay valid `min_valid`."""
        return await self._calls.unary("/latchkey.v1.Sessions/GetAccessToken", request, pb.AccessToken.FromString, timeout)

    async def RefreshUser(self, request: pb.RefreshUserRequest, *, timeout: Optional[float] = None) -> pb.User:
        """Refreshes the user's access token now, which also refreshes their custom data."""
        return await self._calls.unary("/latchkey.v1.Sessions/RefreshUser", request, pb.User.FromString, timeout)

    def WatchEvents(self, request: pb.WatchEventsRequest, *, timeout: Optional[float] = None) -> AsyncIterator[pb.SessionEvent]:
        """A stream of session events for the caller's own sessions."""
        return self._calls.stream("/latchkey.v1.Sessions/WatchEvents", request, pb.SessionEvent.FromString, timeout)

    def LogInWithDevice(self, request: pb.LogInWithDeviceRequest, *, timeout: Optional[float] = None) -> AsyncIterator[pb.LogInWithDeviceResponse]:
        """OAuth 2.0 device authorization grant (oidc apps): the first message carries the verification
        URI and user code, the last one the logged-in user."""
        return self._calls.stream("/latchkey.v1.Sessions/LogInWithDevice", request, pb.LogInWithDeviceResponse.FromString, timeout)

    def LogInWithBrowser(self, request: pb.LogInWithBrowserRequest, *, timeout: Optional[float] = None) -> AsyncIterator[pb.LogInWithBrowserResponse]:
        """Authorization code + PKCE through the system browser (oidc apps): the first message carries
        the authorization URL, the last one the logged-in user. The daemon receives the redirect on a
        loopback port, and only from a browser of the caller's uid (or root's): open the URL as the
        user who called."""
        return self._calls.stream("/latchkey.v1.Sessions/LogInWithBrowser", request, pb.LogInWithBrowserResponse.FromString, timeout)

    async def GetIdToken(self, request: pb.GetIdTokenRequest, *, timeout: Optional[float] = None) -> pb.IdToken:
        """The OpenID Connect ID token of the user's session (oidc apps whose configuration says
        `id_tokens = true`), refreshed through the session's one refresh path first when it would
        not stay valid `min_valid`. An app that does not serve ID tokens: FAILED_PRECONDITION,
        ID_TOKENS_NOT_ENABLED; a session whose provider gave no new ID token at its last refresh (or
        none at login) while the one held lacks `min_valid`: FAILED_PRECONDITION,
        ID_TOKEN_NOT_RENEWED (a new login gives a new one)."""
        return await self._calls.unary("/latchkey.v1.Sessions/GetIdToken", request, pb.IdToken.FromString, timeout)


class AsyncApiKeys:
    """User API keys of App Services apps."""

    def __init__(self, calls: AsyncCalls) -> None:
        self._calls = calls

    async def CreateApiKey(self, request: pb.CreateApiKeyRequest, *, timeout: Optional[float] = None) -> pb.ApiKey:
        """Creates a key; the response is the only one that ever carries the key's secret."""
        return await self._calls.unary("/latchkey.v1.ApiKeys/CreateApiKey", request, pb.ApiKey.FromString, timeout)

    async def GetApiKey(self, request: pb.GetApiKeyRequest, *, timeout: Optional[float] = None) -> pb.ApiKey:
        """One key, without its secret."""
        return await self._calls.unary("/latchkey.v1.ApiKeys/GetApiKey", request, pb.ApiKey.FromString, timeout)

    async def ListApiKeys(self, request: pb.ListApiKeysRequest, *, timeout: Optional[float] = None) -> pb.ListApiKeysResponse:
        """Every key of the user, without secrets."""
        return await self._calls.unary("/latchkey.v1.ApiKeys/ListApiKeys", request, pb.ListApiKeysResponse.FromString, timeout)

    async def EnableApiKey(self, request: pb.EnableApiKeyRequest, *, timeout: Optional[float] = None) -> pb.EnableApiKeyResponse:
        """Enables a key."""
        return await self._calls.unary("/latchkey.v1.ApiKeys/EnableApiKey", request, pb.EnableApiKeyResponse.FromString, timeout)

    async def DisableApiKey(self, request: pb.DisableApiKeyRequest, *, timeout: Optional[float] = None) -> pb.DisableApiKeyResponse:
        """Disables a key: logins with it are refused until it is enabled again."""
        return await self._calls.unary("/latchkey.v1.ApiKeys/DisableApiKey", request, pb.DisableApiKeyResponse.FromString, timeout)

    async def DeleteApiKey(self, request: pb.DeleteApiKeyRequest, *, timeout: Optional[float] = None) -> pb.DeleteApiKeyResponse:
        """Deletes a key."""
        return await self._calls.unary("/latchkey.v1.ApiKeys/DeleteApiKey", request, pb.DeleteApiKeyResponse.FromString, timeout)


class AsyncEmailPassword:
    """Email/password account flows of App Services apps."""

    def __init__(self, calls: AsyncCalls) -> None:
        self._calls = calls

    async def RegisterUser(self, request: pb.RegisterUserRequest, *, timeout: Optional[float] = None) -> pb.RegisterUserResponse:
        """Registers a new email/password account."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/RegisterUser", request, pb.RegisterUserResponse.FromString, timeout)

    async def ConfirmUser(self, request: pb.ConfirmUserRequest, *, timeout: Optional[float] = None) -> pb.ConfirmUserResponse:
        """Confirms an account with the token and token id of a confirmation link."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/ConfirmUser", request, pb.ConfirmUserResponse.FromString, timeout)

    async def ResendConfirmationEmail(self, request: pb.ResendConfirmationEmailRequest, *, timeout: Optional[float] = None) -> pb.ResendConfirmationEmailResponse:
        """Sends the confirmation email again."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/ResendConfirmationEmail", request, pb.ResendConfirmationEmailResponse.FromString, timeout)

    async def RetryCustomConfirmation(self, request: pb.RetryCustomConfirmationRequest, *, timeout: Optional[float] = None) -> pb.RetryCustomConfirmationResponse:
        """Runs the app's custom confirmation function again."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/RetryCustomConfirmation", request, pb.RetryCustomConfirmationResponse.FromString, timeout)

    async def SendResetPasswordEmail(self, request: pb.SendResetPasswordEmailRequest, *, timeout: Optional[float] = None) -> pb.SendResetPasswordEmailResponse:
        """Sends a password reset email."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/SendResetPasswordEmail", request, pb.SendResetPasswordEmailResponse.FromString, timeout)

    async def ResetPassword(self, request: pb.ResetPasswordRequest, *, timeout: Optional[float] = None) -> pb.ResetPasswordResponse:
        """Sets a new password with the token and token id of a reset link."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/ResetPassword", request, pb.ResetPasswordResponse.FromString, timeout)

    async def CallResetPasswordFunction(self, request: pb.CallResetPasswordFunctionRequest, *, timeout: Optional[float] = None) -> pb.CallResetPasswordFunctionResponse:
        """Sets a new password through the app's custom reset function."""
        return await self._calls.unary("/latchkey.v1.EmailPassword/CallResetPasswordFunction", request, pb.CallResetPasswordFunctionResponse.FromString, timeout)


class AsyncDaemon:
    """The daemon itself."""

    def __init__(self, calls: AsyncCalls) -> None:
        self._calls = calls

    async def ListApps(self, request: pb.ListAppsRequest, *, timeout: Optional[float] = None) -> pb.ListAppsResponse:
        """The configured apps."""
        return await self._calls.unary("/latchkey.v1.Daemon/ListApps", request, pb.ListAppsResponse.FromString, timeout)

    async def GetStatus(self, request: pb.GetStatusRequest, *, timeout: Optional[float] = None) -> pb.GetStatusResponse:
        """Version, uptime, sessions by state and backend reachability."""
        return await self._calls.unary("/latchkey.v1.Daemon/GetStatus", request, pb.GetStatusResponse.FromString, timeout)


__all__ = ['Sessions', 'ApiKeys', 'EmailPassword', 'Daemon', 'AsyncSessions', 'AsyncApiKeys', 'AsyncEmailPassword', 'AsyncDaemon']
