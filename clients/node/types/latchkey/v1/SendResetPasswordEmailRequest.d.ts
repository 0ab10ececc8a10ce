/**
 * SendResetPasswordEmail.
 */
export interface SendResetPasswordEmailRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The account's email.
     */
    'email'?: (string);
}
/**
 * SendResetPasswordEmail.
 */
export interface SendResetPasswordEmailRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The account's email.
     */
    'email': (string);
}
