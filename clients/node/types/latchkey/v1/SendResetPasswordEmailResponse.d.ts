/**
 * SendResetPasswordEmail.
 */
export interface SendResetPasswordEmailResponse {
}
/**
 * SendResetPasswordEmail.
 */
export interface SendResetPasswordEmailResponse__Output {
}
