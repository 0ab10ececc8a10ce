/**
 * GetStatus.
 */
export interface GetStatusRequest {
}
/**
 * GetStatus.
 */
export interface GetStatusRequest__Output {
}
