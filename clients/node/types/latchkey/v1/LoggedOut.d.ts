/**
 * LoggedOut event.
 */
export interface LoggedOut {
    /**
     * Why (e.g. `requested`).
     */
    'reason'?: (string);
}
/**
 * LoggedOut event.
 */
export interface LoggedOut__Output {
    /**
     * Why (e.g. `requested`).
     */
    'reason': (string);
}
