/**
 * DisableApiKey.
 */
export interface DisableApiKeyRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user; empty = current user.
     */
    'userId'?: (string);
    /**
     * The key's id.
     */
    'id'?: (string);
}
/**
 * DisableApiKey.
 */
export interface DisableApiKeyRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user; empty = current user.
     */
    'userId': (string);
    /**
     * The key's id.
     */
    'id': (string);
}
