/**
 * OAuth 2.0 resource owner password grant.
 */
export interface PasswordCredential {
    /**
     * The user name.
     */
    'username'?: (string);
    /**
     * The password. Secret.
     */
    'password'?: (string);
}
/**
 * OAuth 2.0 resource owner password grant.
 */
export interface PasswordCredential__Output {
    /**
     * The user name.
     */
    'username': (string);
    /**
     * The password. Secret.
     */
    'password': (string);
}
