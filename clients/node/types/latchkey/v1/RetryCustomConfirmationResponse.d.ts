/**
 * RetryCustomConfirmation.
 */
export interface RetryCustomConfirmationResponse {
}
/**
 * RetryCustomConfirmation.
 */
export interface RetryCustomConfirmationResponse__Output {
}
