import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from '../../latchkey/v1/User';
/**
 * LogInWithDevice stream message: first the verification data, last the user.
 */
export interface LogInWithDeviceResponse {
    /**
     * Where the user goes to approve.
     */
    'verificationUri'?: (string);
    /**
     * The same, with the user code filled in.
     */
    'verificationUriComplete'?: (string);
    /**
     * The code the user types.
     */
    'userCode'?: (string);
    /**
     * When the code expires.
     */
    'expiresAt'?: (_google_protobuf_Timestamp | null);
    /**
     * The logged-in user (last message).
     */
    'user'?: (_latchkey_v1_User | null);
}
/**
 * LogInWithDevice stream message: first the verification data, last the user.
 */
export interface LogInWithDeviceResponse__Output {
    /**
     * Where the user goes to approve.
     */
    'verificationUri': (string);
    /**
     * The same, with the user code filled in.
     */
    'verificationUriComplete': (string);
    /**
     * The code the user types.
     */
    'userCode': (string);
    /**
     * When the code expires.
     */
    'expiresAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * The logged-in user (last message).
     */
    'user': (_latchkey_v1_User__Output | null);
}
