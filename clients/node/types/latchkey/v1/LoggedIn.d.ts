import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * LoggedIn event.
 */
export interface LoggedIn {
    /**
     * The user.
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * LoggedIn event.
 */
export interface LoggedIn__Output {
    /**
     * The user.
     */
    'user': (_latchkey_v1_User__Output | null);
}
