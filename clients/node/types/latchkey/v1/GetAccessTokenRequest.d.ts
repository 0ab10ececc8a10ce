import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
/**
 * GetAccessToken.
 */
export interface GetAccessTokenRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user; empty = current user.
     */
    'userId'?: (string);
    /**
     * How long the token must stay valid; refreshed first otherwise. Unset = 60 s.
     */
    'minValid'?: (_google_protobuf_Duration | null);
    /**
     * Refresh now, whatever the cached token's validity. Forced refreshes of one session are
     * spaced a second apart (one asked for sooner waits, and shares a refresh made meanwhile), so
     * they reach the backend at most once a second a session.
     */
    'forceRefresh'?: (boolean);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    /**
     * oidc apps: a token restricted to these scopes (a subset of the session's), obtained with
     * a refresh grant carrying `scope`, cached per (session, scopes, audience) and refreshed when
     * it lacks `min_valid`. Empty = the session's own token. App Services apps: must be empty
     * (INVALID_ARGUMENT). A server that will not narrow the token: FAILED_PRECONDITION,
     * PROVIDER_NOT_SUPPORTED.
     */
    'scopes'?: (string)[];
    /**
     * oidc apps: an RFC 8707 resource indicator the token is for (one of the app's configured
     * `audience` values, requested at login). Same rules as `scopes`.
     */
    'audience'?: (string);
    '_ownerUid'?: "ownerUid";
}
/**
 * GetAccessToken.
 */
export interface GetAccessTokenRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user; empty = current user.
     */
    'userId': (string);
    /**
     * How long the token must stay valid; refreshed first otherwise. Unset = 60 s.
     */
    'minValid': (_google_protobuf_Duration__Output | null);
    /**
     * Refresh now, whatever the cached token's validity. Forced refreshes of one session are
     * spaced a second apart (one asked for sooner waits, and shares a refresh made meanwhile), so
     * they reach the backend at most once a second a session.
     */
    'forceRefresh': (boolean);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    /**
     * oidc apps: a token restricted to these scopes (a subset of the session's), obtained with
     * a refresh grant carrying `scope`, cached per (session, scopes, audience) and refreshed when
     * it lacks `min_valid`. Empty = the session's own token. App Services apps: must be empty
     * (INVALID_ARGUMENT). A server that will not narrow the token: FAILED_PRECONDITION,
     * PROVIDER_NOT_SUPPORTED.
     */
    'scopes': (string)[];
    /**
     * oidc apps: an RFC 8707 resource indicator the token is for (one of the app's configured
     * `audience` values, requested at login). Same rules as `scopes`.
     */
    'audience': (string);
    '_ownerUid'?: "ownerUid";
}
