/**
 * Email/password login.
 */
export interface EmailPasswordCredential {
    /**
     * The account's email.
     */
    'email'?: (string);
    /**
     * The password. Secret.
     */
    'password'?: (string);
}
/**
 * Email/password login.
 */
export interface EmailPasswordCredential__Output {
    /**
     * The account's email.
     */
    'email': (string);
    /**
     * The password. Secret.
     */
    'password': (string);
}
