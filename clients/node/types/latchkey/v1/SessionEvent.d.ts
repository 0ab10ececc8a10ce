import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Snapshot as _latchkey_v1_Snapshot, Snapshot__Output as _latchkey_v1_Snapshot__Output } from '../../latchkey/v1/Snapshot';
import type { LoggedIn as _latchkey_v1_LoggedIn, LoggedIn__Output as _latchkey_v1_LoggedIn__Output } from '../../latchkey/v1/LoggedIn';
import type { LoggedOut as _latchkey_v1_LoggedOut, LoggedOut__Output as _latchkey_v1_LoggedOut__Output } from '../../latchkey/v1/LoggedOut';
import type { TokenRefreshed as _latchkey_v1_TokenRefreshed, TokenRefreshed__Output as _latchkey_v1_TokenRefreshed__Output } from '../../latchkey/v1/TokenRefreshed';
import type { TokenExpired as _latchkey_v1_TokenExpired, TokenExpired__Output as _latchkey_v1_TokenExpired__Output } from '../../latchkey/v1/TokenExpired';
import type { RefreshFailed as _latchkey_v1_RefreshFailed, RefreshFailed__Output as _latchkey_v1_RefreshFailed__Output } from '../../latchkey/v1/RefreshFailed';
import type { RefreshTokenExpiring as _latchkey_v1_RefreshTokenExpiring, RefreshTokenExpiring__Output as _latchkey_v1_RefreshTokenExpiring__Output } from '../../latchkey/v1/RefreshTokenExpiring';
import type { CurrentUserChanged as _latchkey_v1_CurrentUserChanged, CurrentUserChanged__Output as _latchkey_v1_CurrentUserChanged__Output } from '../../latchkey/v1/CurrentUserChanged';
import type { UserRemoved as _latchkey_v1_UserRemoved, UserRemoved__Output as _latchkey_v1_UserRemoved__Output } from '../../latchkey/v1/UserRemoved';
import type { ProfileUpdated as _latchkey_v1_ProfileUpdated, ProfileUpdated__Output as _latchkey_v1_ProfileUpdated__Output } from '../../latchkey/v1/ProfileUpdated';
import type { BackendStatus as _latchkey_v1_BackendStatus, BackendStatus__Output as _latchkey_v1_BackendStatus__Output } from '../../latchkey/v1/BackendStatus';
import type { Lagged as _latchkey_v1_Lagged, Lagged__Output as _latchkey_v1_Lagged__Output } from '../../latchkey/v1/Lagged';
import type { Long } from '@grpc/proto-loader';
/**
 * One change of a session. Never carries a token.
 */
export interface SessionEvent {
    /**
     * Increases strictly, across restarts too: the time the event was published, in
     * microseconds since the Unix epoch (one more than the previous event's when the clock has
     * not moved past it). Gaps are not losses: missed events are announced by `lagged`.
     */
    'seq'?: (number | string | Long);
    /**
     * When it happened.
     */
    'time'?: (_google_protobuf_Timestamp | null);
    /**
     * App name.
     */
    'app'?: (string);
    /**
     * User id (empty for app-wide events).
     */
    'userId'?: (string);
    /**
     * The user's current state, sent first when `include_snapshot` is set.
     */
    'snapshot'?: (_latchkey_v1_Snapshot | null);
    /**
     * The user logged in.
     */
    'loggedIn'?: (_latchkey_v1_LoggedIn | null);
    /**
     * The user logged out.
     */
    'loggedOut'?: (_latchkey_v1_LoggedOut | null);
    /**
     * The access token was refreshed.
     */
    'tokenRefreshed'?: (_latchkey_v1_TokenRefreshed | null);
    /**
     * The session can no longer be refreshed: the user must log in again.
     */
    'tokenExpired'?: (_latchkey_v1_TokenExpired | null);
    /**
     * A refresh failed transiently and will be retried.
     */
    'refreshFailed'?: (_latchkey_v1_RefreshFailed | null);
    /**
     * The refresh token expires soon: ask for a new login before it does.
     */
    'refreshTokenExpiring'?: (_latchkey_v1_RefreshTokenExpiring | null);
    /**
     * The caller's current user of the app changed.
     */
    'currentUserChanged'?: (_latchkey_v1_CurrentUserChanged | null);
    /**
     * The user was removed.
     */
    'userRemoved'?: (_latchkey_v1_UserRemoved | null);
    /**
     * The user's profile or custom data changed.
     */
    'profileUpdated'?: (_latchkey_v1_ProfileUpdated | null);
    /**
     * The app's backend became reachable or unreachable.
     */
    'backendStatus'?: (_latchkey_v1_BackendStatus | null);
    /**
     * This subscriber fell behind; events in the range were dropped for it.
     */
    'lagged'?: (_latchkey_v1_Lagged | null);
    /**
     * What happened.
     */
    'kind'?: "snapshot" | "loggedIn" | "loggedOut" | "tokenRefreshed" | "tokenExpired" | "refreshFailed" | "refreshTokenExpiring" | "currentUserChanged" | "userRemoved" | "profileUpdated" | "backendStatus" | "lagged";
}
/**
 * One change of a session. Never carries a token.
 */
export interface SessionEvent__Output {
    /**
     * Increases strictly, across restarts too: the time the event was published, in
     * microseconds since the Unix epoch (one more than the previous event's when the clock has
     * not moved past it). Gaps are not losses: missed events are announced by `lagged`.
     */
    'seq': (string);
    /**
     * When it happened.
     */
    'time': (_google_protobuf_Timestamp__Output | null);
    /**
     * App name.
     */
    'app': (string);
    /**
     * User id (empty for app-wide events).
     */
    'userId': (string);
    /**
     * The user's current state, sent first when `include_snapshot` is set.
     */
    'snapshot'?: (_latchkey_v1_Snapshot__Output | null);
    /**
     * The user logged in.
     */
    'loggedIn'?: (_latchkey_v1_LoggedIn__Output | null);
    /**
     * The user logged out.
     */
    'loggedOut'?: (_latchkey_v1_LoggedOut__Output | null);
    /**
     * The access token was refreshed.
     */
    'tokenRefreshed'?: (_latchkey_v1_TokenRefreshed__Output | null);
    /**
     * The session can no longer be refreshed: the user must log in again.
     */
    'tokenExpired'?: (_latchkey_v1_TokenExpired__Output | null);
    /**
     * A refresh failed transiently and will be retried.
     */
    'refreshFailed'?: (_latchkey_v1_RefreshFailed__Output | null);
    /**
     * The refresh token expires soon: ask for a new login before it does.
     */
    'refreshTokenExpiring'?: (_latchkey_v1_RefreshTokenExpiring__Output | null);
    /**
     * The caller's current user of the app changed.
     */
    'currentUserChanged'?: (_latchkey_v1_CurrentUserChanged__Output | null);
    /**
     * The user was removed.
     */
    'userRemoved'?: (_latchkey_v1_UserRemoved__Output | null);
    /**
     * The user's profile or custom data changed.
     */
    'profileUpdated'?: (_latchkey_v1_ProfileUpdated__Output | null);
    /**
     * The app's backend became reachable or unreachable.
     */
    'backendStatus'?: (_latchkey_v1_BackendStatus__Output | null);
    /**
     * This subscriber fell behind; events in the range were dropped for it.
     */
    'lagged'?: (_latchkey_v1_Lagged__Output | null);
    /**
     * What happened.
     */
    'kind'?: "snapshot" | "loggedIn" | "loggedOut" | "tokenRefreshed" | "tokenExpired" | "refreshFailed" | "refreshTokenExpiring" | "currentUserChanged" | "userRemoved" | "profileUpdated" | "backendStatus" | "lagged";
}
