/**
 * CreateApiKey.
 */
export interface CreateApiKeyRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user; empty = current user.
     */
    'userId'?: (string);
    /**
     * The new key's name.
     */
    'name'?: (string);
}
/**
 * CreateApiKey.
 */
export interface CreateApiKeyRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user; empty = current user.
     */
    'userId': (string);
    /**
     * The new key's name.
     */
    'name': (string);
}
