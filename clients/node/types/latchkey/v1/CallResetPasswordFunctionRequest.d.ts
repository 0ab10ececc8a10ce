/**
 * CallResetPasswordFunction.
 */
export interface CallResetPasswordFunctionRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The account's email.
     */
    'email'?: (string);
    /**
     * The new password. Secret.
     */
    'password'?: (string);
    /**
     * The function's arguments: a JSON array (Extended JSON passes through).
     */
    'argumentsJson'?: (string);
}
/**
 * CallResetPasswordFunction.
 */
export interface CallResetPasswordFunctionRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The account's email.
     */
    'email': (string);
    /**
     * The new password. Secret.
     */
    'password': (string);
    /**
     * The function's arguments: a JSON array (Extended JSON passes through).
     */
    'argumentsJson': (string);
}
