/**
 * RetryCustomConfirmation.
 */
export interface RetryCustomConfirmationRequest {
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
 * RetryCustomConfirmation.
 */
export interface RetryCustomConfirmationRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The account's email.
     */
    'email': (string);
}
