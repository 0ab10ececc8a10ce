import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * ProfileUpdated event.
 */
export interface ProfileUpdated {
    /**
     * The user.
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * ProfileUpdated event.
 */
export interface ProfileUpdated__Output {
    /**
     * The user.
     */
    'user': (_latchkey_v1_User__Output | null);
}
