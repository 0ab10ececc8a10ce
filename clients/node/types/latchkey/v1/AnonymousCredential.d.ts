/**
 * Anonymous login.
 */
export interface AnonymousCredential {
    /**
     * false (default): reuse the caller's existing anonymous user of the app if there is one,
     * without a request to the backend. true: always create a new anonymous user.
     */
    'newUser'?: (boolean);
}
/**
 * Anonymous login.
 */
export interface AnonymousCredential__Output {
    /**
     * false (default): reuse the caller's existing anonymous user of the app if there is one,
     * without a request to the backend. true: always create a new anonymous user.
     */
    'newUser': (boolean);
}
