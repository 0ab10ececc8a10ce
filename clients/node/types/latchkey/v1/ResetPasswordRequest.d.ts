/**
 * ResetPassword.
 */
export interface ResetPasswordRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The new password. Secret.
     */
    'password'?: (string);
    /**
     * `token` of the reset link. Secret.
     */
    'token'?: (string);
    /**
     * `tokenId` of the reset link.
     */
    'tokenId'?: (string);
}
/**
 * ResetPassword.
 */
export interface ResetPasswordRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The new password. Secret.
     */
    'password': (string);
    /**
     * `token` of the reset link. Secret.
     */
    'token': (string);
    /**
     * `tokenId` of the reset link.
     */
    'tokenId': (string);
}
