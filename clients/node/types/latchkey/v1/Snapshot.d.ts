import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * Snapshot event.
 */
export interface Snapshot {
    /**
     * The user's state.
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * Snapshot event.
 */
export interface Snapshot__Output {
    /**
     * The user's state.
     */
    'user': (_latchkey_v1_User__Output | null);
}
