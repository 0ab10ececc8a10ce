import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { AccessToken as _latchkey_v1_AccessToken, AccessToken__Output as _latchkey_v1_AccessToken__Output } from '../../latchkey/v1/AccessToken';
import type { DeleteUserRequest as _latchkey_v1_DeleteUserRequest, DeleteUserRequest__Output as _latchkey_v1_DeleteUserRequest__Output } from '../../latchkey/v1/DeleteUserRequest';
import type { DeleteUserResponse as _latchkey_v1_DeleteUserResponse, DeleteUserResponse__Output as _latchkey_v1_DeleteUserResponse__Output } from '../../latchkey/v1/DeleteUserResponse';
import type { GetAccessTokenRequest as _latchkey_v1_GetAccessTokenRequest, GetAccessTokenRequest__Output as _latchkey_v1_GetAccessTokenRequest__Output } from '../../latchkey/v1/GetAccessTokenRequest';
import type { GetCurrentUserRequest as _latchkey_v1_GetCurrentUserRequest, GetCurrentUserRequest__Output as _latchkey_v1_GetCurrentUserRequest__Output } from '../../latchkey/v1/GetCurrentUserRequest';
import type { GetIdTokenRequest as _latchkey_v1_GetIdTokenRequest, GetIdTokenRequest__Output as _latchkey_v1_GetIdTokenRequest__Output } from '../../latchkey/v1/GetIdTokenRequest';
import type { IdToken as _latchkey_v1_IdToken, IdToken__Output as _latchkey_v1_IdToken__Output } from '../../latchkey/v1/IdToken';
import type { LinkCredentialsRequest as _latchkey_v1_LinkCredentialsRequest, LinkCredentialsRequest__Output as _latchkey_v1_LinkCredentialsRequest__Output } from '../../latchkey/v1/LinkCredentialsRequest';
import type { ListUsersRequest as _latchkey_v1_ListUsersRequest, ListUsersRequest__Output as _latchkey_v1_ListUsersRequest__Output } from '../../latchkey/v1/ListUsersRequest';
import type { ListUsersResponse as _latchkey_v1_ListUsersResponse, ListUsersResponse__Output as _latchkey_v1_ListUsersResponse__Output } from '../../latchkey/v1/ListUsersResponse';
import type { LogInRequest as _latchkey_v1_LogInRequest, LogInRequest__Output as _latchkey_v1_LogInRequest__Output } from '../../latchkey/v1/LogInRequest';
import type { LogInWithBrowserRequest as _latchkey_v1_LogInWithBrowserRequest, LogInWithBrowserRequest__Output as _latchkey_v1_LogInWithBrowserRequest__Output } from '../../latchkey/v1/LogInWithBrowserRequest';
import type { LogInWithBrowserResponse as _latchkey_v1_LogInWithBrowserResponse, LogInWithBrowserResponse__Output as _latchkey_v1_LogInWithBrowserResponse__Output } from '../../latchkey/v1/LogInWithBrowserResponse';
import type { LogInWithDeviceRequest as _latchkey_v1_LogInWithDeviceRequest, LogInWithDeviceRequest__Output as _latchkey_v1_LogInWithDeviceRequest__Output } from '../../latchkey/v1/LogInWithDeviceRequest';
import type { LogInWithDeviceResponse as _latchkey_v1_LogInWithDeviceResponse, LogInWithDeviceResponse__Output as _latchkey_v1_LogInWithDeviceResponse__Output } from '../../latchkey/v1/LogInWithDeviceResponse';
import type { LogOutRequest as _latchkey_v1_LogOutRequest, LogOutRequest__Output as _latchkey_v1_LogOutRequest__Output } from '../../latchkey/v1/LogOutRequest';
import type { RefreshUserRequest as _latchkey_v1_RefreshUserRequest, RefreshUserRequest__Output as _latchkey_v1_RefreshUserRequest__Output } from '../../latchkey/v1/RefreshUserRequest';
import type { RemoveUserRequest as _latchkey_v1_RemoveUserRequest, RemoveUserRequest__Output as _latchkey_v1_RemoveUserRequest__Output } from '../../latchkey/v1/RemoveUserRequest';
import type { RemoveUserResponse as _latchkey_v1_RemoveUserResponse, RemoveUserResponse__Output as _latchkey_v1_RemoveUserResponse__Output } from '../../latchkey/v1/RemoveUserResponse';
import type { SessionEvent as _latchkey_v1_SessionEvent, SessionEvent__Output as _latchkey_v1_SessionEvent__Output } from '../../latchkey/v1/SessionEvent';
import type { SwitchUserRequest as _latchkey_v1_SwitchUserRequest, SwitchUserRequest__Output as _latchkey_v1_SwitchUserRequest__Output } from '../../latchkey/v1/SwitchUserRequest';
import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
import type { WatchEventsRequest as _latchkey_v1_WatchEventsRequest, WatchEventsRequest__Output as _latchkey_v1_WatchEventsRequest__Output } from '../../latchkey/v1/WatchEventsRequest';
/**
 * Login sessions: log in and out, list and switch users, hand out access tokens.
 */
export interface SessionsClient extends grpc.Client {
    /**
     * Deletes the user at the backend, then forgets them locally.
     */
    DeleteUser(argument: _latchkey_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    DeleteUser(argument: _latchkey_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    DeleteUser(argument: _latchkey_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    DeleteUser(argument: _latchkey_v1_DeleteUserRequest, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes the user at the backend, then forgets them locally.
     */
    deleteUser(argument: _latchkey_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    deleteUser(argument: _latchkey_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    deleteUser(argument: _latchkey_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    deleteUser(argument: _latchkey_v1_DeleteUserRequest, callback: grpc.requestCallback<_latchkey_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * A valid access token for the user, refreshed first when it would not stay valid `min_valid`.
     */
    GetAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    GetAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    GetAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    GetAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    /**
     * A valid access token for the user, refreshed first when it would not stay valid `min_valid`.
     */
    getAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    getAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    getAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    getAccessToken(argument: _latchkey_v1_GetAccessTokenRequest, callback: grpc.requestCallback<_latchkey_v1_AccessToken__Output>): grpc.ClientUnaryCall;
    /**
     * The caller's current user of the app (NOT_FOUND, reason NO_CURRENT_USER, if none).
     */
    GetCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    GetCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    GetCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    GetCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * The caller's current user of the app (NOT_FOUND, reason NO_CURRENT_USER, if none).
     */
    getCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    getCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    getCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    getCurrentUser(argument: _latchkey_v1_GetCurrentUserRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * The OpenID Connect ID token of the user's session (oidc apps whose configuration says
     * `id_tokens = true`), refreshed through the session's one refresh path first when it would
     * not stay valid `min_valid`. An app that does not serve ID tokens: FAILED_PRECONDITION,
     * ID_TOKENS_NOT_ENABLED; a session whose provider gave no new ID token at its last refresh (or
     * none at login) while the one held lacks `min_valid`: FAILED_PRECONDITION,
     * ID_TOKEN_NOT_RENEWED (a new login gives a new one).
     */
    GetIdToken(argument: _latchkey_v1_GetIdTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    GetIdToken(argument: _latchkey_v1_GetIdTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    GetIdToken(argument: _latchkey_v1_GetIdTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    GetIdToken(argument: _latchkey_v1_GetIdTokenRequest, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    /**
     * The OpenID Connect ID token of the user's session (oidc apps whose configuration says
     * `id_tokens = true`), refreshed through the session's one refresh path first when it would
     * not stay valid `min_valid`. An app that does not serve ID tokens: FAILED_PRECONDITION,
     * ID_TOKENS_NOT_ENABLED; a session whose provider gave no new ID token at its last refresh (or
     * none at login) while the one held lacks `min_valid`: FAILED_PRECONDITION,
     * ID_TOKEN_NOT_RENEWED (a new login gives a new one).
     */
    getIdToken(argument: _latchkey_v1_GetIdTokenRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    getIdToken(argument: _latchkey_v1_GetIdTokenRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    getIdToken(argument: _latchkey_v1_GetIdTokenRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    getIdToken(argument: _latchkey_v1_GetIdTokenRequest, callback: grpc.requestCallback<_latchkey_v1_IdToken__Output>): grpc.ClientUnaryCall;
    /**
     * Adds another identity (credentials) to an existing logged-in user; the user stays the same.
     */
    LinkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LinkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LinkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LinkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Adds another identity (credentials) to an existing logged-in user; the user stays the same.
     */
    linkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    linkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    linkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    linkCredentials(argument: _latchkey_v1_LinkCredentialsRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Every user of the caller that is not removed (logged in or logged out), in creation order.
     */
    ListUsers(argument: _latchkey_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    ListUsers(argument: _latchkey_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    ListUsers(argument: _latchkey_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    ListUsers(argument: _latchkey_v1_ListUsersRequest, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Every user of the caller that is not removed (logged in or logged out), in creation order.
     */
    listUsers(argument: _latchkey_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    listUsers(argument: _latchkey_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    listUsers(argument: _latchkey_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    listUsers(argument: _latchkey_v1_ListUsersRequest, callback: grpc.requestCallback<_latchkey_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Logs a user in with the given credentials and makes them the caller's current user of the
     * app. Answered only once the session is durably stored.
     */
    LogIn(argument: _latchkey_v1_LogInRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LogIn(argument: _latchkey_v1_LogInRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LogIn(argument: _latchkey_v1_LogInRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LogIn(argument: _latchkey_v1_LogInRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Logs a user in with the given credentials and makes them the caller's current user of the
     * app. Answered only once the session is durably stored.
     */
    logIn(argument: _latchkey_v1_LogInRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    logIn(argument: _latchkey_v1_LogInRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    logIn(argument: _latchkey_v1_LogInRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    logIn(argument: _latchkey_v1_LogInRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Authorization code + PKCE through the system browser (oidc apps): the first message carries
     * the authorization URL, the last one the logged-in user. The daemon receives the redirect on a
     * loopback port, and only from a browser of the caller's uid (or root's): open the URL as the
     * user who called.
     */
    LogInWithBrowser(argument: _latchkey_v1_LogInWithBrowserRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithBrowserResponse__Output>;
    LogInWithBrowser(argument: _latchkey_v1_LogInWithBrowserRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithBrowserResponse__Output>;
    /**
     * Authorization code + PKCE through the system browser (oidc apps): the first message carries
     * the authorization URL, the last one the logged-in user. The daemon receives the redirect on a
     * loopback port, and only from a browser of the caller's uid (or root's): open the URL as the
     * user who called.
     */
    logInWithBrowser(argument: _latchkey_v1_LogInWithBrowserRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithBrowserResponse__Output>;
    logInWithBrowser(argument: _latchkey_v1_LogInWithBrowserRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithBrowserResponse__Output>;
    /**
     * OAuth 2.0 device authorization grant (oidc apps): the first message carries the verification
     * URI and user code, the last one the logged-in user.
     */
    LogInWithDevice(argument: _latchkey_v1_LogInWithDeviceRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithDeviceResponse__Output>;
    LogInWithDevice(argument: _latchkey_v1_LogInWithDeviceRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithDeviceResponse__Output>;
    /**
     * OAuth 2.0 device authorization grant (oidc apps): the first message carries the verification
     * URI and user code, the last one the logged-in user.
     */
    logInWithDevice(argument: _latchkey_v1_LogInWithDeviceRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithDeviceResponse__Output>;
    logInWithDevice(argument: _latchkey_v1_LogInWithDeviceRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_LogInWithDeviceResponse__Output>;
    /**
     * Logs a user out: tokens are wiped and revoked at the backend (oidc: RFC 7009, when the server
     * has a revocation endpoint). An anonymous user is removed. A revocation the backend did not
     * confirm does not stop the local logout: the answer's `revocation_error` says what happened.
     * Logging out a user that is already logged out succeeds and changes nothing.
     */
    LogOut(argument: _latchkey_v1_LogOutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LogOut(argument: _latchkey_v1_LogOutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LogOut(argument: _latchkey_v1_LogOutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    LogOut(argument: _latchkey_v1_LogOutRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Logs a user out: tokens are wiped and revoked at the backend (oidc: RFC 7009, when the server
     * has a revocation endpoint). An anonymous user is removed. A revocation the backend did not
     * confirm does not stop the local logout: the answer's `revocation_error` says what happened.
     * Logging out a user that is already logged out succeeds and changes nothing.
     */
    logOut(argument: _latchkey_v1_LogOutRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    logOut(argument: _latchkey_v1_LogOutRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    logOut(argument: _latchkey_v1_LogOutRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    logOut(argument: _latchkey_v1_LogOutRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Refreshes the user's access token now, which also refreshes their custom data.
     */
    RefreshUser(argument: _latchkey_v1_RefreshUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    RefreshUser(argument: _latchkey_v1_RefreshUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    RefreshUser(argument: _latchkey_v1_RefreshUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    RefreshUser(argument: _latchkey_v1_RefreshUserRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Refreshes the user's access token now, which also refreshes their custom data.
     */
    refreshUser(argument: _latchkey_v1_RefreshUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    refreshUser(argument: _latchkey_v1_RefreshUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    refreshUser(argument: _latchkey_v1_RefreshUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    refreshUser(argument: _latchkey_v1_RefreshUserRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Forgets a user locally (logging them out at the backend first if they are logged in).
     */
    RemoveUser(argument: _latchkey_v1_RemoveUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    RemoveUser(argument: _latchkey_v1_RemoveUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    RemoveUser(argument: _latchkey_v1_RemoveUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    RemoveUser(argument: _latchkey_v1_RemoveUserRequest, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Forgets a user locally (logging them out at the backend first if they are logged in).
     */
    removeUser(argument: _latchkey_v1_RemoveUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    removeUser(argument: _latchkey_v1_RemoveUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    removeUser(argument: _latchkey_v1_RemoveUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    removeUser(argument: _latchkey_v1_RemoveUserRequest, callback: grpc.requestCallback<_latchkey_v1_RemoveUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Makes a logged-in user the caller's current user of the app.
     */
    SwitchUser(argument: _latchkey_v1_SwitchUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    SwitchUser(argument: _latchkey_v1_SwitchUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    SwitchUser(argument: _latchkey_v1_SwitchUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    SwitchUser(argument: _latchkey_v1_SwitchUserRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * Makes a logged-in user the caller's current user of the app.
     */
    switchUser(argument: _latchkey_v1_SwitchUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    switchUser(argument: _latchkey_v1_SwitchUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    switchUser(argument: _latchkey_v1_SwitchUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    switchUser(argument: _latchkey_v1_SwitchUserRequest, callback: grpc.requestCallback<_latchkey_v1_User__Output>): grpc.ClientUnaryCall;
    /**
     * A stream of session events for the caller's own sessions.
     */
    WatchEvents(argument: _latchkey_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_SessionEvent__Output>;
    WatchEvents(argument: _latchkey_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_SessionEvent__Output>;
    /**
     * A stream of session events for the caller's own sessions.
     */
    watchEvents(argument: _latchkey_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_SessionEvent__Output>;
    watchEvents(argument: _latchkey_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_latchkey_v1_SessionEvent__Output>;
}
/**
 * Login sessions: log in and out, list and switch users, hand out access tokens.
 */
export interface SessionsHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Deletes the user at the backend, then forgets them locally.
     */
    DeleteUser: grpc.handleUnaryCall<_latchkey_v1_DeleteUserRequest__Output, _latchkey_v1_DeleteUserResponse>;
    /**
     * A valid access token for the user, refreshed first when it would not stay valid `min_valid`.
     */
    GetAccessToken: grpc.handleUnaryCall<_latchkey_v1_GetAccessTokenRequest__Output, _latchkey_v1_AccessToken>;
    /**
     * The caller's current user of the app (NOT_FOUND, reason NO_CURRENT_USER, if none).
     */
    GetCurrentUser: grpc.handleUnaryCall<_latchkey_v1_GetCurrentUserRequest__Output, _latchkey_v1_User>;
    /**
     * The OpenID Connect ID token of the user's session (oidc apps whose configuration says
     * `id_tokens = true`), refreshed through the session's one refresh path first when it would
     * not stay valid `min_valid`. An app that does not serve ID tokens: FAILED_PRECONDITION,
     * ID_TOKENS_NOT_ENABLED; a session whose provider gave no new ID token at its last refresh (or
     * none at login) while the one held lacks `min_valid`: FAILED_PRECONDITION,
     * ID_TOKEN_NOT_RENEWED (a new login gives a new one).
     */
    GetIdToken: grpc.handleUnaryCall<_latchkey_v1_GetIdTokenRequest__Output, _latchkey_v1_IdToken>;
    /**
     * Adds another identity (credentials) to an existing logged-in user; the user stays the same.
     */
    LinkCredentials: grpc.handleUnaryCall<_latchkey_v1_LinkCredentialsRequest__Output, _latchkey_v1_User>;
    /**
     * Every user of the caller that is not removed (logged in or logged out), in creation order.
     */
    ListUsers: grpc.handleUnaryCall<_latchkey_v1_ListUsersRequest__Output, _latchkey_v1_ListUsersResponse>;
    /**
     * Logs a user in with the given credentials and makes them the caller's current user of the
     * app. Answered only once the session is durably stored.
     */
    LogIn: grpc.handleUnaryCall<_latchkey_v1_LogInRequest__Output, _latchkey_v1_User>;
    /**
     * Authorization code + PKCE through the system browser (oidc apps): the first message carries
     * the authorization URL, the last one the logged-in user. The daemon receives the redirect on a
     * loopback port, and only from a browser of the caller's uid (or root's): open the URL as the
     * user who called.
     */
    LogInWithBrowser: grpc.handleServerStreamingCall<_latchkey_v1_LogInWithBrowserRequest__Output, _latchkey_v1_LogInWithBrowserResponse>;
    /**
     * OAuth 2.0 device authorization grant (oidc apps): the first message carries the verification
     * URI and user code, the last one the logged-in user.
     */
    LogInWithDevice: grpc.handleServerStreamingCall<_latchkey_v1_LogInWithDeviceRequest__Output, _latchkey_v1_LogInWithDeviceResponse>;
    /**
     * Logs a user out: tokens are wiped and revoked at the backend (oidc: RFC 7009, when the server
     * has a revocation endpoint). An anonymous user is removed. A revocation the backend did not
     * confirm does not stop the local logout: the answer's `revocation_error` says what happened.
     * Logging out a user that is already logged out succeeds and changes nothing.
     */
    LogOut: grpc.handleUnaryCall<_latchkey_v1_LogOutRequest__Output, _latchkey_v1_User>;
    /**
     * Refreshes the user's access token now, which also refreshes their custom data.
     */
    RefreshUser: grpc.handleUnaryCall<_latchkey_v1_RefreshUserRequest__Output, _latchkey_v1_User>;
    /**
     * Forgets a user locally (logging them out at the backend first if they are logged in).
     */
    RemoveUser: grpc.handleUnaryCall<_latchkey_v1_RemoveUserRequest__Output, _latchkey_v1_RemoveUserResponse>;
    /**
     * Makes a logged-in user the caller's current user of the app.
     */
    SwitchUser: grpc.handleUnaryCall<_latchkey_v1_SwitchUserRequest__Output, _latchkey_v1_User>;
    /**
     * A stream of session events for the caller's own sessions.
     */
    WatchEvents: grpc.handleServerStreamingCall<_latchkey_v1_WatchEventsRequest__Output, _latchkey_v1_SessionEvent>;
}
export interface SessionsDefinition extends grpc.ServiceDefinition {
    DeleteUser: MethodDefinition<_latchkey_v1_DeleteUserRequest, _latchkey_v1_DeleteUserResponse, _latchkey_v1_DeleteUserRequest__Output, _latchkey_v1_DeleteUserResponse__Output>;
    GetAccessToken: MethodDefinition<_latchkey_v1_GetAccessTokenRequest, _latchkey_v1_AccessToken, _latchkey_v1_GetAccessTokenRequest__Output, _latchkey_v1_AccessToken__Output>;
    GetCurrentUser: MethodDefinition<_latchkey_v1_GetCurrentUserRequest, _latchkey_v1_User, _latchkey_v1_GetCurrentUserRequest__Output, _latchkey_v1_User__Output>;
    GetIdToken: MethodDefinition<_latchkey_v1_GetIdTokenRequest, _latchkey_v1_IdToken, _latchkey_v1_GetIdTokenRequest__Output, _latchkey_v1_IdToken__Output>;
    LinkCredentials: MethodDefinition<_latchkey_v1_LinkCredentialsRequest, _latchkey_v1_User, _latchkey_v1_LinkCredentialsRequest__Output, _latchkey_v1_User__Output>;
    ListUsers: MethodDefinition<_latchkey_v1_ListUsersRequest, _latchkey_v1_ListUsersResponse, _latchkey_v1_ListUsersRequest__Output, _latchkey_v1_ListUsersResponse__Output>;
    LogIn: MethodDefinition<_latchkey_v1_LogInRequest, _latchkey_v1_User, _latchkey_v1_LogInRequest__Output, _latchkey_v1_User__Output>;
    LogInWithBrowser: MethodDefinition<_latchkey_v1_LogInWithBrowserRequest, _latchkey_v1_LogInWithBrowserResponse, _latchkey_v1_LogInWithBrowserRequest__Output, _latchkey_v1_LogInWithBrowserResponse__Output>;
    LogInWithDevice: MethodDefinition<_latchkey_v1_LogInWithDeviceRequest, _latchkey_v1_LogInWithDeviceResponse, _latchkey_v1_LogInWithDeviceRequest__Output, _latchkey_v1_LogInWithDeviceResponse__Output>;
    LogOut: MethodDefinition<_latchkey_v1_LogOutRequest, _latchkey_v1_User, _latchkey_v1_LogOutRequest__Output, _latchkey_v1_User__Output>;
    RefreshUser: MethodDefinition<_latchkey_v1_RefreshUserRequest, _latchkey_v1_User, _latchkey_v1_RefreshUserRequest__Output, _latchkey_v1_User__Output>;
    RemoveUser: MethodDefinition<_latchkey_v1_RemoveUserRequest, _latchkey_v1_RemoveUserResponse, _latchkey_v1_RemoveUserRequest__Output, _latchkey_v1_RemoveUserResponse__Output>;
    SwitchUser: MethodDefinition<_latchkey_v1_SwitchUserRequest, _latchkey_v1_User, _latchkey_v1_SwitchUserRequest__Output, _latchkey_v1_User__Output>;
    WatchEvents: MethodDefinition<_latchkey_v1_WatchEventsRequest, _latchkey_v1_SessionEvent, _latchkey_v1_WatchEventsRequest__Output, _latchkey_v1_SessionEvent__Output>;
}
