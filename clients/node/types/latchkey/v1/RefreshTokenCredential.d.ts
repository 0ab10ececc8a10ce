/**
 * Adopts a refresh token obtained elsewhere.
 */
export interface RefreshTokenCredential {
    /**
     * The refresh token. Secret.
     */
    'token'?: (string);
}
/**
 * Adopts a refresh token obtained elsewhere.
 */
export interface RefreshTokenCredential__Output {
    /**
     * The refresh token. Secret.
     */
    'token': (string);
}
