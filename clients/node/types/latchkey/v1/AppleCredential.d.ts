/**
 * Sign in with Apple.
 */
export interface AppleCredential {
    /**
     * An Apple ID token. Secret.
     */
    'idToken'?: (string);
}
/**
 * Sign in with Apple.
 */
export interface AppleCredential__Output {
    /**
     * An Apple ID token. Secret.
     */
    'idToken': (string);
}
