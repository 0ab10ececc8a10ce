/**
 * DeleteApiKey.
 */
export interface DeleteApiKeyRequest {
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
 * DeleteApiKey.
 */
export interface DeleteApiKeyRequest__Output {
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
