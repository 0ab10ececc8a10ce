/**
 * DisableApiKey.
 */
export interface DisableApiKeyResponse {
}
/**
 * DisableApiKey.
 */
export interface DisableApiKeyResponse__Output {
}
