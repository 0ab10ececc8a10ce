import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * DeleteUser.
 */
export interface DeleteUserResponse {
    /**
     * The user as it was deleted (state REMOVED).
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * DeleteUser.
 */
export interface DeleteUserResponse__Output {
    /**
     * The user as it was deleted (state REMOVED).
     */
    'user': (_latchkey_v1_User__Output | null);
}
