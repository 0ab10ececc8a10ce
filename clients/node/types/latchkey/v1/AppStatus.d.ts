/**
 * One app's status.
 */
export interface AppStatus {
    /**
     * Configuration name.
     */
    'name'?: (string);
    /**
     * Sessions logged in: the caller's own (uid 0: of every uid; another uid's activity is not
     * shown to anyone else).
     */
    'loggedIn'?: (number);
    /**
     * Users logged out, counted as `logged_in` is.
     */
    'loggedOut'?: (number);
    /**
     * Whether the backend answered its last request (unset: not contacted yet).
     */
    'backendReachable'?: (boolean);
    '_backendReachable'?: "backendReachable";
}
/**
 * One app's status.
 */
export interface AppStatus__Output {
    /**
     * Configuration name.
     */
    'name': (string);
    /**
     * Sessions logged in: the caller's own (uid 0: of every uid; another uid's activity is not
     * shown to anyone else).
     */
    'loggedIn': (number);
    /**
     * Users logged out, counted as `logged_in` is.
     */
    'loggedOut': (number);
    /**
     * Whether the backend answered its last request (unset: not contacted yet).
     */
    'backendReachable'?: (boolean);
    '_backendReachable'?: "backendReachable";
}
