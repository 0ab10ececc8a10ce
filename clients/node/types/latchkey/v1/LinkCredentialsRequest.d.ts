import type { Credentials as _latchkey_v1_Credentials, Credentials__Output as _latchkey_v1_Credentials__Output } from '../../latchkey/v1/Credentials';
/**
 * LinkCredentials.
 */
export interface LinkCredentialsRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * The user to link to; empty = current user.
     */
    'userId'?: (string);
    /**
     * The identity to add (not anonymous).
     */
    'credentials'?: (_latchkey_v1_Credentials | null);
}
/**
 * LinkCredentials.
 */
export interface LinkCredentialsRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * The user to link to; empty = current user.
     */
    'userId': (string);
    /**
     * The identity to add (not anonymous).
     */
    'credentials': (_latchkey_v1_Credentials__Output | null);
}
