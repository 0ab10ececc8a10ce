/**
 * The lifecycle state of a user.
 */
export declare const UserState: {
    /**
     * Never sent.
     */
    readonly USER_STATE_UNSPECIFIED: "USER_STATE_UNSPECIFIED";
    /**
     * Holds tokens; can hand out access tokens.
     */
    readonly USER_STATE_LOGGED_IN: "USER_STATE_LOGGED_IN";
    /**
     * Known, but holds no tokens: needs a new login.
     */
    readonly USER_STATE_LOGGED_OUT: "USER_STATE_LOGGED_OUT";
    /**
     * Forgotten (removed, deleted, or an anonymous user that logged out).
     */
    readonly USER_STATE_REMOVED: "USER_STATE_REMOVED";
};
/**
 * The lifecycle state of a user.
 */
export type UserState = 
/**
 * Never sent.
 */
'USER_STATE_UNSPECIFIED' | 0
/**
 * Holds tokens; can hand out access tokens.
 */
 | 'USER_STATE_LOGGED_IN' | 1
/**
 * Known, but holds no tokens: needs a new login.
 */
 | 'USER_STATE_LOGGED_OUT' | 2
/**
 * Forgotten (removed, deleted, or an anonymous user that logged out).
 */
 | 'USER_STATE_REMOVED' | 3;
/**
 * The lifecycle state of a user.
 */
export type UserState__Output = typeof UserState[keyof typeof UserState];
