/**
 * Facebook login.
 */
export interface FacebookCredential {
    /**
     * A Facebook access token. Secret.
     */
    'accessToken'?: (string);
}
/**
 * Facebook login.
 */
export interface FacebookCredential__Output {
    /**
     * A Facebook access token. Secret.
     */
    'accessToken': (string);
}
