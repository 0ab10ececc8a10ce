import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * RemoveUser.
 */
export interface RemoveUserResponse {
    /**
     * The user as it was removed (state REMOVED).
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * RemoveUser.
 */
export interface RemoveUserResponse__Output {
    /**
     * The user as it was removed (state REMOVED).
     */
    'user': (_latchkey_v1_User__Output | null);
}
