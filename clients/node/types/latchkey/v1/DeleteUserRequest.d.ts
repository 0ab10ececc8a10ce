/**
 * DeleteUser.
 */
export interface DeleteUserRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user; empty = current user.
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
 * DeleteUser.
 */
export interface DeleteUserRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user; empty = current user.
     */
    'userId': (string);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
