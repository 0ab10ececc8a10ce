/**
 * ListApiKeys.
 */
export interface ListApiKeysRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user; empty = current user.
     */
    'userId'?: (string);
}
/**
 * ListApiKeys.
 */
export interface ListApiKeysRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user; empty = current user.
     */
    'userId': (string);
}
