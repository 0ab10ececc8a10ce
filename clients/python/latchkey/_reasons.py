# Generated from proto/latchkey/v1/latchkey.proto by generate_stubs.py: do not edit.
"""The daemon's ErrorInfo reasons."""

import enum


class Reason(str, enum.Enum):
    """The stable reasons of the daemon's errors: an error's `google.rpc.ErrorInfo.reason` (domain
    `latchkey`) is the name of one of these values, e.g. "REAUTH_REQUIRED". No message carries this
    enum as a field; it is here so that every language's generated code has the names. Values are
    added, never renamed: a client treats a reason it does not know by the gRPC code alone."""

    INVALID_ARGUMENT = "INVALID_ARGUMENT"
    """A request field is missing or malformed (INVALID_ARGUMENT)."""

    APP_NOT_FOUND = "APP_NOT_FOUND"
    """No app of that name in the daemon's configuration (NOT_FOUND)."""

    USER_NOT_FOUND = "USER_NOT_FOUND"
    """The named user is not one of the caller's (NOT_FOUND; also a backend's "user not found")."""

    USER_NOT_LOGGED_IN = "USER_NOT_LOGGED_IN"
    """The user is known but logged out: a new login is needed (FAILED_PRECONDITION)."""

    NO_CURRENT_USER = "NO_CURRENT_USER"
    """The app has no current user for the caller (NOT_FOUND)."""

    REAUTH_REQUIRED = "REAUTH_REQUIRED"
    """The session cannot be refreshed any more: the user must log in again (UNAUTHENTICATED)."""

    PROVIDER_NOT_SUPPORTED = "PROVIDER_NOT_SUPPORTED"
    """The app's backend does not offer this provider or operation (FAILED_PRECONDITION)."""

    ANONYMOUS_USER = "ANONYMOUS_USER"
    """The operation needs a non-anonymous user (FAILED_PRECONDITION)."""

    USER_MISMATCH = "USER_MISMATCH"
    """The login proved another user than the one named (FAILED_PRECONDITION)."""

    LIMIT_REACHED = "LIMIT_REACHED"
    """A per-uid limit of the daemon's configuration is reached (RESOURCE_EXHAUSTED)."""

    OWNER_SELECTION_DENIED = "OWNER_SELECTION_DENIED"
    """Only root may act on another uid's sessions (PERMISSION_DENIED)."""

    ACCESS_DENIED = "ACCESS_DENIED"
    """The daemon's `[access]` rules refuse the caller (PERMISSION_DENIED)."""

    PEER_UNKNOWN = "PEER_UNKNOWN"
    """The caller's identity cannot be read from the connection (PERMISSION_DENIED)."""

    BACKEND_UNAVAILABLE = "BACKEND_UNAVAILABLE"
    """The backend cannot be reached, or the daemon is backing off after failures (UNAVAILABLE)."""

    BACKEND_ERROR = "BACKEND_ERROR"
    """The backend answered with an error of its own; see the ErrorInfo metadata."""

    STORE_UNAVAILABLE = "STORE_UNAVAILABLE"
    """The daemon's disk is full or read-only; retry later (UNAVAILABLE)."""

    STORE_ERROR = "STORE_ERROR"
    """The daemon's store failed (INTERNAL)."""

    INTERRUPTED = "INTERRUPTED"
    """Work the daemon had started did not finish (a shutdown, a failed task); retry (UNAVAILABLE)."""

    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    """The backend refused the credentials (UNAUTHENTICATED)."""

    USER_DISABLED = "USER_DISABLED"
    """The backend says the user is disabled (PERMISSION_DENIED)."""

    ACCOUNT_NAME_IN_USE = "ACCOUNT_NAME_IN_USE"
    """An email/password account of that name exists already (ALREADY_EXISTS)."""

    API_KEY_NOT_FOUND = "API_KEY_NOT_FOUND"
    """No API key with that id (NOT_FOUND)."""

    API_KEY_ALREADY_EXISTS = "API_KEY_ALREADY_EXISTS"
    """An API key of that name exists already (ALREADY_EXISTS)."""

    API_KEY_LIMIT_REACHED = "API_KEY_LIMIT_REACHED"
    """The user has as many API keys as the backend allows (RESOURCE_EXHAUSTED)."""

    INVALID_TOKEN = "INVALID_TOKEN"
    """A confirmation or reset token the backend does not accept (INVALID_ARGUMENT)."""

    ALREADY_CONFIRMED = "ALREADY_CONFIRMED"
    """The account is confirmed already (FAILED_PRECONDITION)."""

    LOGIN_EXPIRED = "LOGIN_EXPIRED"
    """An interactive login was not completed in time (DEADLINE_EXCEEDED)."""

    REFRESH_TOKEN_REJECTED = "REFRESH_TOKEN_REJECTED"
    """Not an error's: the `reason` of a `TokenExpired` event whose refresh token the backend
    refused (expired, revoked, the user disabled or deleted)."""

    ID_TOKENS_NOT_ENABLED = "ID_TOKENS_NOT_ENABLED"
    """The app does not hand out ID tokens: an App Services app, or an oidc app whose
    configuration does not say `id_tokens = true` (FAILED_PRECONDITION)."""

    ID_TOKEN_NOT_RENEWED = "ID_TOKEN_NOT_RENEWED"
    """The session's ID token would not stay valid `min_valid`, and its provider gave no new one
    at the session's last refresh (or none at login): a new login gives one
    (FAILED_PRECONDITION)."""
