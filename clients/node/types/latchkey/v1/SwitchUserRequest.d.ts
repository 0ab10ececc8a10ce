/**
 * SwitchUser.
 */
export interface SwitchUserRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The logged-in user to make current.
     */
    'userId'?: (string);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
/**
 * SwitchUser.
 */
export interface SwitchUserRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The logged-in user to make current.
     */
    'userId': (string);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
