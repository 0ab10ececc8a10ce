/**
 * ListUsers.
 */
export interface ListUsersRequest {
    /**
     * App name; empty = every app.
     */
    'app'?: (string);
    /**
     * uid 0 only: every uid's users (each with its `owner_uid`).
     */
    'allOwners'?: (boolean);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
/**
 * ListUsers.
 */
export interface ListUsersRequest__Output {
    /**
     * App name; empty = every app.
     */
    'app': (string);
    /**
     * uid 0 only: every uid's users (each with its `owner_uid`).
     */
    'allOwners': (boolean);
    /**
     * uid 0 only: act on the sessions of this uid instead of the caller's own (PERMISSION_DENIED
     * for any other caller).
     */
    'ownerUid'?: (number);
    '_ownerUid'?: "ownerUid";
}
