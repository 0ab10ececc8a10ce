import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
/**
 * GetIdToken.
 */
export interface GetIdTokenRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user; empty = current user.
     */
    'userId'?: (string);
    /**
     * How long the ID token must stay valid; the session is refreshed first otherwise. Unset = 60 s.
     */
    'minValid'?: (_google_protobuf_Duration | null);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
/**
 * GetIdToken.
 */
export interface GetIdTokenRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user; empty = current user.
     */
    'userId': (string);
    /**
     * How long the ID token must stay valid; the session is refreshed first otherwise. Unset = 60 s.
     */
    'minValid': (_google_protobuf_Duration__Output | null);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
