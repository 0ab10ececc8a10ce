/**
 * ConfirmUser.
 */
export interface ConfirmUserRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * `token` of the confirmation link. Secret.
     */
    'token'?: (string);
    /**
     * `tokenId` of the confirmation link.
     */
    'tokenId'?: (string);
}
/**
 * ConfirmUser.
 */
export interface ConfirmUserRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * `token` of the confirmation link. Secret.
     */
    'token': (string);
    /**
     * `tokenId` of the confirmation link.
     */
    'tokenId': (string);
}
