/**
 * CallResetPasswordFunction.
 */
export interface CallResetPasswordFunctionResponse {
}
/**
 * CallResetPasswordFunction.
 */
export interface CallResetPasswordFunctionResponse__Output {
}
