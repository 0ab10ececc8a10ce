/**
 * API key login.
 */
export interface ApiKeyCredential {
    /**
     * The key's secret.
     */
    'key'?: (string);
}
/**
 * API key login.
 */
export interface ApiKeyCredential__Output {
    /**
     * The key's secret.
     */
    'key': (string);
}
