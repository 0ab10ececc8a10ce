/**
 * ResetPassword.
 */
export interface ResetPasswordResponse {
}
/**
 * ResetPassword.
 */
export interface ResetPasswordResponse__Output {
}
