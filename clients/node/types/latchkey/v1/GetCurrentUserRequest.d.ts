/**
 * GetCurrentUser.
 */
export interface GetCurrentUserRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
/**
 * GetCurrentUser.
 */
export interface GetCurrentUserRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
