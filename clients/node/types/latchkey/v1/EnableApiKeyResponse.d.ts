/**
 * EnableApiKey.
 */
export interface EnableApiKeyResponse {
}
/**
 * EnableApiKey.
 */
export interface EnableApiKeyResponse__Output {
}
