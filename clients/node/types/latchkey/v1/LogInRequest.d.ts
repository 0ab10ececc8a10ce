import type { Credentials as _latchkey_v1_Credentials, Credentials__Output as _latchkey_v1_Credentials__Output } from '../../latchkey/v1/Credentials';
/**
 * LogIn.
 */
export interface LogInRequest {
    /**
     * App name; empty = default app.
     */
    'app'?: (string);
    /**
     * How to log in.
     */
    'credentials'?: (_latchkey_v1_Credentials | null);
}
/**
 * LogIn.
 */
export interface LogInRequest__Output {
    /**
     * App name; empty = default app.
     */
    'app': (string);
    /**
     * How to log in.
     */
    'credentials': (_latchkey_v1_Credentials__Output | null);
}
