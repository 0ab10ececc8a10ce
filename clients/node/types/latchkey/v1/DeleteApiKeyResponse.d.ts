/**
 * DeleteApiKey.
 */
export interface DeleteApiKeyResponse {
}
/**
 * DeleteApiKey.
 */
export interface DeleteApiKeyResponse__Output {
}
