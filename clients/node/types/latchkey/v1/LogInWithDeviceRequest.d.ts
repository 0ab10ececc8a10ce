/**
 * LogInWithDevice.
 */
export interface LogInWithDeviceRequest {
    /**
     * App name (an oidc app); empty = default app.
     */
    'app'?: (string);
    /**
     * Scopes to request; empty = the app's configured scopes.
     */
    'scopes'?: (string)[];
    /**
     * Signs this known user in again (after `token_expired`); a login of another `sub` is
     * refused with FAILED_PRECONDITION, reason USER_MISMATCH, and nothing is kept. Empty = any
     * user.
     */
    'userId'?: (string);
}
/**
 * LogInWithDevice.
 */
export interface LogInWithDeviceRequest__Output {
    /**
     * App name (an oidc app); empty = default app.
     */
    'app': (string);
    /**
     * Scopes to request; empty = the app's configured scopes.
     */
    'scopes': (string)[];
    /**
     * Signs this known user in again (after `token_expired`); a login of another `sub` is
     * refused with FAILED_PRECONDITION, reason USER_MISMATCH, and nothing is kept. Empty = any
     * user.
     */
    'userId': (string);
}
