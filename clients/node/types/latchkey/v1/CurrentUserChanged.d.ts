/**
 * CurrentUserChanged event.
 */
export interface CurrentUserChanged {
    /**
     * The previous current user (empty if none).
     */
    'previousUserId'?: (string);
}
/**
 * CurrentUserChanged event.
 */
export interface CurrentUserChanged__Output {
    /**
     * The previous current user (empty if none).
     */
    'previousUserId': (string);
}
