/**
 * UserRemoved event.
 */
export interface UserRemoved {
    /**
     * Why (e.g. `removed`, `deleted`, `anonymous_logout`).
     */
    'reason'?: (string);
}
/**
 * UserRemoved event.
 */
export interface UserRemoved__Output {
    /**
     * Why (e.g. `removed`, `deleted`, `anonymous_logout`).
     */
    'reason': (string);
}
