/**
 * GetApiKey.
 */
export interface GetApiKeyRequest {
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
 * GetApiKey.
 */
export interface GetApiKeyRequest__Output {
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
