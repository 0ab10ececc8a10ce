/**
 * Custom JWT login.
 */
export interface JwtCredential {
    /**
     * A JWT: three dot-separated base64url segments. Secret.
     */
    'token'?: (string);
}
/**
 * Custom JWT login.
 */
export interface JwtCredential__Output {
    /**
     * A JWT: three dot-separated base64url segments. Secret.
     */
    'token': (string);
}
