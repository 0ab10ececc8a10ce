/**
 * Google login, with either an auth code or an ID token.
 */
export interface GoogleCredential {
    /**
     * A server auth code. Secret.
     */
    'authCode'?: (string);
    /**
     * An OpenID Connect ID token. Secret.
     */
    'idToken'?: (string);
    /**
     * Which Google credential.
     */
    'token'?: "authCode" | "idToken";
}
/**
 * Google login, with either an auth code or an ID token.
 */
export interface GoogleCredential__Output {
    /**
     * A server auth code. Secret.
     */
    'authCode'?: (string);
    /**
     * An OpenID Connect ID token. Secret.
     */
    'idToken'?: (string);
    /**
     * Which Google credential.
     */
    'token'?: "authCode" | "idToken";
}
