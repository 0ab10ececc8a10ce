/**
 * RegisterUser.
 */
export interface RegisterUserResponse {
}
/**
 * RegisterUser.
 */
export interface RegisterUserResponse__Output {
}
