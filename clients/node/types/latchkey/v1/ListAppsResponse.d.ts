import type { App as _latchkey_v1_App, App__Output as _latchkey_v1_App__Output } from '../../latchkey/v1/App';
/**
 * ListApps.
 */
export interface ListAppsResponse {
    /**
     * The configured apps, by name.
     */
    'apps'?: (_latchkey_v1_App)[];
}
/**
 * ListApps.
 */
export interface ListAppsResponse__Output {
    /**
     * The configured apps, by name.
     */
    'apps': (_latchkey_v1_App__Output)[];
}
