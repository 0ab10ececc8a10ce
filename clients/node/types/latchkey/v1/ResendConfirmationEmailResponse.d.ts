/**
 * ResendConfirmationEmail.
 */
export interface ResendConfirmationEmailResponse {
}
/**
 * ResendConfirmationEmail.
 */
export interface ResendConfirmationEmailResponse__Output {
}
