import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * ListUsers.
 */
export interface ListUsersResponse {
    /**
     * The users, grouped by app, in creation order within an app.
     */
    'users'?: (_latchkey_v1_User)[];
}
/**
 * ListUsers.
 */
export interface ListUsersResponse__Output {
    /**
     * The users, grouped by app, in creation order within an app.
     */
    'users': (_latchkey_v1_User__Output)[];
}
