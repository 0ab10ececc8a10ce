import type { UserState as _latchkey_v1_UserState, UserState__Output as _latchkey_v1_UserState__Output } from '../../latchkey/v1/UserState';
import type { Identity as _latchkey_v1_Identity, Identity__Output as _latchkey_v1_Identity__Output } from '../../latchkey/v1/Identity';
import type { Profile as _latchkey_v1_Profile, Profile__Output as _latchkey_v1_Profile__Output } from '../../latchkey/v1/Profile';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * A user of one app, as one OS uid sees it. Carries no token.
 */
export interface User {
    /**
     * The app's configuration name.
     */
    'app'?: (string);
    /**
     * The backend's id for the user.
     */
    'id'?: (string);
    /**
     * Lifecycle state.
     */
    'state'?: (_latchkey_v1_UserState);
    /**
     * Whether this is the caller's current user of the app.
     */
    'isCurrent'?: (boolean);
    /**
     * Logged in and exactly one identity, of provider `anon-user`.
     */
    'isAnonymous'?: (boolean);
    /**
     * Provider of the most recent login.
     */
    'providerType'?: (string);
    /**
     * All identities, in the backend's order.
     */
    'identities'?: (_latchkey_v1_Identity)[];
    /**
     * Profile.
     */
    'profile'?: (_latchkey_v1_Profile | null);
    /**
     * Custom user data from the access token's `user_data` claim (empty when none).
     */
    'customData'?: (_google_protobuf_Struct | null);
    /**
     * Backend device id.
     */
    'deviceId'?: (string);
    /**
     * When the current access token expires (unset when logged out).
     */
    'accessTokenExpiresAt'?: (_google_protobuf_Timestamp | null);
    /**
     * When the refresh token expires, when known.
     */
    'refreshTokenExpiresAt'?: (_google_protobuf_Timestamp | null);
    /**
     * The OS uid that owns this session.
     */
    'ownerUid'?: (number);
    /**
     * When the daemon first stored this user.
     */
    'createdAt'?: (_google_protobuf_Timestamp | null);
    /**
     * When the user last logged in or was made current.
     */
    'lastUsedAt'?: (_google_protobuf_Timestamp | null);
    /**
     * Set only in the answers of LogOut and RemoveUser, when the backend did not confirm the end
     * of the session (oidc: RFC 7009 revocation of the refresh token; App Services: the session
     * delete): what it said. The local logout stands either way; the failure is also logged.
     */
    'revocationError'?: (string);
}
/**
 * A user of one app, as one OS uid sees it. Carries no token.
 */
export interface User__Output {
    /**
     * The app's configuration name.
     */
    'app': (string);
    /**
     * The backend's id for the user.
     */
    'id': (string);
    /**
     * Lifecycle state.
     */
    'state': (_latchkey_v1_UserState__Output);
    /**
     * Whether this is the caller's current user of the app.
     */
    'isCurrent': (boolean);
    /**
     * Logged in and exactly one identity, of provider `anon-user`.
     */
    'isAnonymous': (boolean);
    /**
     * Provider of the most recent login.
     */
    'providerType': (string);
    /**
     * All identities, in the backend's order.
     */
    'identities': (_latchkey_v1_Identity__Output)[];
    /**
     * Profile.
     */
    'profile': (_latchkey_v1_Profile__Output | null);
    /**
     * Custom user data from the access token's `user_data` claim (empty when none).
     */
    'customData': (_google_protobuf_Struct__Output | null);
    /**
     * Backend device id.
     */
    'deviceId': (string);
    /**
     * When the current access token expires (unset when logged out).
     */
    'accessTokenExpiresAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the refresh token expires, when known.
     */
    'refreshTokenExpiresAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * The OS uid that owns this session.
     */
    'ownerUid': (number);
    /**
     * When the daemon first stored this user.
     */
    'createdAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * When the user last logged in or was made current.
     */
    'lastUsedAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * Set only in the answers of LogOut and RemoveUser, when the backend did not confirm the end
     * of the session (oidc: RFC 7009 revocation of the refresh token; App Services: the session
     * delete): what it said. The local logout stands either way; the failure is also logged.
     */
    'revocationError': (string);
}
