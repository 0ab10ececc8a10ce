import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * RefreshTokenExpiring event.
 */
export interface RefreshTokenExpiring {
    /**
     * When the refresh token expires.
     */
    'expiresAt'?: (_google_protobuf_Timestamp | null);
}
/**
 * RefreshTokenExpiring event.
 */
export interface RefreshTokenExpiring__Output {
    /**
     * When the refresh token expires.
     */
    'expiresAt': (_google_protobuf_Timestamp__Output | null);
}
