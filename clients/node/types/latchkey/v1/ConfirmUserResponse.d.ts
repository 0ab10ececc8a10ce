/**
 * ConfirmUser.
 */
export interface ConfirmUserResponse {
}
/**
 * ConfirmUser.
 */
export interface ConfirmUserResponse__Output {
}
