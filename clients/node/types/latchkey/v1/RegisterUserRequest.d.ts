/**
 * RegisterUser.
 */
export interface RegisterUserRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The account's email.
     */
    'email'?: (string);
    /**
     * Its password (6 to 128 characters). Secret.
     */
    'password'?: (string);
}
/**
 * RegisterUser.
 */
export interface RegisterUserRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The account's email.
     */
    'email': (string);
    /**
     * Its password (6 to 128 characters). Secret.
     */
    'password': (string);
}
