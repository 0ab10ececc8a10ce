/**
 * ResendConfirmationEmail.
 */
export interface ResendConfirmationEmailRequest {
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
 * ResendConfirmationEmail.
 */
export interface ResendConfirmationEmailRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The account's email.
     */
    'email': (string);
}
