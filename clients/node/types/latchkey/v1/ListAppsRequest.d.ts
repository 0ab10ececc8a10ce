/**
 * ListApps.
 */
export interface ListAppsRequest {
}
/**
 * ListApps.
 */
export interface ListAppsRequest__Output {
}
