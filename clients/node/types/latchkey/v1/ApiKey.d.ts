/**
 * A user API key.
 */
export interface ApiKey {
    /**
     * The key's id (24 hex digits).
     */
    'id'?: (string);
    /**
     * The key's name.
     */
    'name'?: (string);
    /**
     * Whether logins with it are refused.
     */
    'disabled'?: (boolean);
    /**
     * The secret; set only in CreateApiKey's response.
     */
    'key'?: (string);
}
/**
 * A user API key.
 */
export interface ApiKey__Output {
    /**
     * The key's id (24 hex digits).
     */
    'id': (string);
    /**
     * The key's name.
     */
    'name': (string);
    /**
     * Whether logins with it are refused.
     */
    'disabled': (boolean);
    /**
     * The secret; set only in CreateApiKey's response.
     */
    'key': (string);
}
