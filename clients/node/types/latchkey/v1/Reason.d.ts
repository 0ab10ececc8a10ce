/**
 * The stable reasons of the daemon's errors: an error's `google.rpc.ErrorInfo.reason` (domain
 * `latchkey`) is the name of one of these values, e.g. "REAUTH_REQUIRED". No message carries this
 * enum as a field; it is here so that every language's generated code has the names. Values are
 * added, never renamed: a client treats a reason it does not know by the gRPC code alone.
 */
export declare const Reason: {
    /**
     * Never sent.
     */
    readonly REASON_UNSPECIFIED: "REASON_UNSPECIFIED";
    /**
     * A request field is missing or malformed (INVALID_ARGUMENT).
     */
    readonly INVALID_ARGUMENT: "INVALID_ARGUMENT";
    /**
     * No app of that name in the daemon's configuration (NOT_FOUND).
     */
    readonly APP_NOT_FOUND: "APP_NOT_FOUND";
    /**
     * The named user is not one of the caller's (NOT_FOUND; also a backend's "user not found").
     */
    readonly USER_NOT_FOUND: "USER_NOT_FOUND";
    /**
     * The user is known but logged out: a new login is needed (FAILED_PRECONDITION).
     */
    readonly USER_NOT_LOGGED_IN: "USER_NOT_LOGGED_IN";
    /**
     * The app has no current user for the caller (NOT_FOUND).
     */
    readonly NO_CURRENT_USER: "NO_CURRENT_USER";
    /**
     * The session cannot be refreshed any more: the user must log in again (UNAUTHENTICATED).
     */
    readonly REAUTH_REQUIRED: "REAUTH_REQUIRED";
    /**
     * The app's backend does not offer this provider or operation (FAILED_PRECONDITION).
     */
    readonly PROVIDER_NOT_SUPPORTED: "PROVIDER_NOT_SUPPORTED";
    /**
     * The operation needs a non-anonymous user (FAILED_PRECONDITION).
     */
    readonly ANONYMOUS_USER: "ANONYMOUS_USER";
    /**
     * The login proved another user than the one named (FAILED_PRECONDITION).
     */
    readonly USER_MISMATCH: "USER_MISMATCH";
    /**
     * A per-uid limit of the daemon's configuration is reached (RESOURCE_EXHAUSTED).
     */
    readonly LIMIT_REACHED: "LIMIT_REACHED";
    /**
     * Only root may act on another uid's sessions (PERMISSION_DENIED).
     */
    readonly OWNER_SELECTION_DENIED: "OWNER_SELECTION_DENIED";
    /**
     * The daemon's `[access]` rules refuse the caller (PERMISSION_DENIED).
     */
    readonly ACCESS_DENIED: "ACCESS_DENIED";
    /**
     * The caller's identity cannot be read from the connection (PERMISSION_DENIED).
     */
    readonly PEER_UNKNOWN: "PEER_UNKNOWN";
    /**
     * The backend cannot be reached, or the daemon is backing off after failures (UNAVAILABLE).
     */
    readonly BACKEND_UNAVAILABLE: "BACKEND_UNAVAILABLE";
    /**
     * The backend answered with an error of its own; see the ErrorInfo metadata.
     */
    readonly BACKEND_ERROR: "BACKEND_ERROR";
    /**
     * The daemon's disk is full or read-only; retry later (UNAVAILABLE).
     */
    readonly STORE_UNAVAILABLE: "STORE_UNAVAILABLE";
    /**
     * The daemon's store failed (INTERNAL).
     */
    readonly STORE_ERROR: "STORE_ERROR";
    /**
     * Work the daemon had started did not finish (a shutdown, a failed task); retry (UNAVAILABLE).
     */
    readonly INTERRUPTED: "INTERRUPTED";
    /**
     * The backend refused the credentials (UNAUTHENTICATED).
     */
    readonly INVALID_CREDENTIALS: "INVALID_CREDENTIALS";
    /**
     * The backend says the user is disabled (PERMISSION_DENIED).
     */
    readonly USER_DISABLED: "USER_DISABLED";
    /**
     * An email/password account of that name exists already (ALREADY_EXISTS).
     */
    readonly ACCOUNT_NAME_IN_USE: "ACCOUNT_NAME_IN_USE";
    /**
     * No API key with that id (NOT_FOUND).
     */
    readonly API_KEY_NOT_FOUND: "API_KEY_NOT_FOUND";
    /**
     * An API key of that name exists already (ALREADY_EXISTS).
     */
    readonly API_KEY_ALREADY_EXISTS: "API_KEY_ALREADY_EXISTS";
    /**
     * The user has as many API keys as the backend allows (RESOURCE_EXHAUSTED).
     */
    readonly API_KEY_LIMIT_REACHED: "API_KEY_LIMIT_REACHED";
    /**
     * A confirmation or reset token the backend does not accept (INVALID_ARGUMENT).
     */
    readonly INVALID_TOKEN: "INVALID_TOKEN";
    /**
     * The account is confirmed already (FAILED_PRECONDITION).
     */
    readonly ALREADY_CONFIRMED: "ALREADY_CONFIRMED";
    /**
     * An interactive login was not completed in time (DEADLINE_EXCEEDED).
     */
    readonly LOGIN_EXPIRED: "LOGIN_EXPIRED";
    /**
     * Not an error's: the `reason` of a `TokenExpired` event whose refresh token the backend
     * refused (expired, revoked, the user disabled or deleted).
     */
    readonly REFRESH_TOKEN_REJECTED: "REFRESH_TOKEN_REJECTED";
    /**
     * The app does not hand out ID tokens: an App Services app, or an oidc app whose
     * configuration does not say `id_tokens = true` (FAILED_PRECONDITION).
     */
    readonly ID_TOKENS_NOT_ENABLED: "ID_TOKENS_NOT_ENABLED";
    /**
     * The session's ID token would not stay valid `min_valid`, and its provider gave no new one
     * at the session's last refresh (or none at login): a new login gives one
     * (FAILED_PRECONDITION).
     */
    readonly ID_TOKEN_NOT_RENEWED: "ID_TOKEN_NOT_RENEWED";
};
/**
 * The stable reasons of the daemon's errors: an error's `google.rpc.ErrorInfo.reason` (domain
 * `latchkey`) is the name of one of these values, e.g. "REAUTH_REQUIRED". No message carries this
 * enum as a field; it is here so that every language's generated code has the names. Values are
 * added, never renamed: a client treats a reason it does not know by the gRPC code alone.
 */
export type Reason = 
/**
 * Never sent.
 */
'REASON_UNSPECIFIED' | 0
/**
 * A request field is missing or malformed (INVALID_ARGUMENT).
 */
 | 'INVALID_ARGUMENT' | 1
/**
 * No app of that name in the daemon's configuration (NOT_FOUND).
 */
 | 'APP_NOT_FOUND' | 2
/**
 * The named user is not one of the caller's (NOT_FOUND; also a backend's "user not found").
 */
 | 'USER_NOT_FOUND' | 3
/**
 * The user is known but logged out: a new login is needed (FAILED_PRECONDITION).
 */
 | 'USER_NOT_LOGGED_IN' | 4
/**
 * The app has no current user for the caller (NOT_FOUND).
 */
 | 'NO_CURRENT_USER' | 5
/**
 * The session cannot be refreshed any more: the user must log in again (UNAUTHENTICATED).
 */
 | 'REAUTH_REQUIRED' | 6
/**
 * The app's backend does not offer this provider or operation (FAILED_PRECONDITION).
 */
 | 'PROVIDER_NOT_SUPPORTED' | 7
/**
 * The operation needs a non-anonymous user (FAILED_PRECONDITION).
 */
 | 'ANONYMOUS_USER' | 8
/**
 * The login proved another user than the one named (FAILED_PRECONDITION).
 */
 | 'USER_MISMATCH' | 9
/**
 * A per-uid limit of the daemon's configuration is reached (RESOURCE_EXHAUSTED).
 */
 | 'LIMIT_REACHED' | 10
/**
 * Only root may act on another uid's sessions (PERMISSION_DENIED).
 */
 | 'OWNER_SELECTION_DENIED' | 11
/**
 * The daemon's `[access]` rules refuse the caller (PERMISSION_DENIED).
 */
 | 'ACCESS_DENIED' | 12
/**
 * The caller's identity cannot be read from the connection (PERMISSION_DENIED).
 */
 | 'PEER_UNKNOWN' | 13
/**
 * The backend cannot be reached, or the daemon is backing off after failures (UNAVAILABLE).
 */
 | 'BACKEND_UNAVAILABLE' | 14
/**
 * The backend answered with an error of its own; see the ErrorInfo metadata.
 */
 | 'BACKEND_ERROR' | 15
/**
 * The daemon's disk is full or read-only; retry later (UNAVAILABLE).
 */
 | 'STORE_UNAVAILABLE' | 16
/**
 * The daemon's store failed (INTERNAL).
 */
 | 'STORE_ERROR' | 17
/**
 * Work the daemon had started did not finish (a shutdown, a failed task); retry (UNAVAILABLE).
 */
 | 'INTERRUPTED' | 18
/**
 * The backend refused the credentials (UNAUTHENTICATED).
 */
 | 'INVALID_CREDENTIALS' | 19
/**
 * The backend says the user is disabled (PERMISSION_DENIED).
 */
 | 'USER_DISABLED' | 20
/**
 * An email/password account of that name exists already (ALREADY_EXISTS).
 */
 | 'ACCOUNT_NAME_IN_USE' | 21
/**
 * No API key with that id (NOT_FOUND).
 */
 | 'API_KEY_NOT_FOUND' | 22
/**
 * An API key of that name exists already (ALREADY_EXISTS).
 */
 | 'API_KEY_ALREADY_EXISTS' | 23
/**
 * The user has as many API keys as the backend allows (RESOURCE_EXHAUSTED).
 */
 | 'API_KEY_LIMIT_REACHED' | 24
/**
 * A confirmation or reset token the backend does not accept (INVALID_ARGUMENT).
 */
 | 'INVALID_TOKEN' | 25
/**
 * The account is confirmed already (FAILED_PRECONDITION).
 */
 | 'ALREADY_CONFIRMED' | 26
/**
 * An interactive login was not completed in time (DEADLINE_EXCEEDED).
 */
 | 'LOGIN_EXPIRED' | 27
/**
 * Not an error's: the `reason` of a `TokenExpired` event whose refresh token the backend
 * refused (expired, revoked, the user disabled or deleted).
 */
 | 'REFRESH_TOKEN_REJECTED' | 28
/**
 * The app does not hand out ID tokens: an App Services app, or an oidc app whose
 * configuration does not say `id_tokens = true` (FAILED_PRECONDITION).
 */
 | 'ID_TOKENS_NOT_ENABLED' | 29
/**
 * The session's ID token would not stay valid `min_valid`, and its provider gave no new one
 * at the session's last refresh (or none at login): a new login gives one
 * (FAILED_PRECONDITION).
 */
 | 'ID_TOKEN_NOT_RENEWED' | 30;
/**
 * The stable reasons of the daemon's errors: an error's `google.rpc.ErrorInfo.reason` (domain
 * `latchkey`) is the name of one of these values, e.g. "REAUTH_REQUIRED". No message carries this
 * enum as a field; it is here so that every language's generated code has the names. Values are
 * added, never renamed: a client treats a reason it does not know by the gRPC code alone.
 */
export type Reason__Output = typeof Reason[keyof typeof Reason];
