import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * LogInWithBrowser stream message: first the authorization URL, last the user.
 */
export interface LogInWithBrowserResponse {
    /**
     * Open this in a browser.
     */
    'authorizationUrl'?: (string);
    /**
     * The logged-in user (last message).
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * LogInWithBrowser stream message: first the authorization URL, last the user.
 */
export interface LogInWithBrowserResponse__Output {
    /**
     * Open this in a browser.
     */
    'authorizationUrl': (string);
    /**
     * The logged-in user (last message).
     */
    'user': (_latchkey_v1_User__Output | null);
}
