/**
 * Custom function login.
 */
export interface FunctionCredential {
    /**
     * A JSON object (Extended JSON is passed through as is). Treated as a secret.
     */
    'payloadJson'?: (string);
}
/**
 * Custom function login.
 */
export interface FunctionCredential__Output {
    /**
     * A JSON object (Extended JSON is passed through as is). Treated as a secret.
     */
    'payloadJson': (string);
}
