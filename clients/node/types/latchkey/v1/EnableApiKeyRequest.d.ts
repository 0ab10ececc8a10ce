/**
 * EnableApiKey.
 */
export interface EnableApiKeyRequest {
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
 * EnableApiKey.
 */
export interface EnableApiKeyRequest__Output {
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
