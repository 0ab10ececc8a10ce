import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * TokenRefreshed event.
 */
export interface TokenRefreshed {
    /**
     * The new access token's expiry.
     */
    'expiresAt'?: (_google_protobuf_Timestamp | null);
}
/**
 * TokenRefreshed event.
 */
export interface TokenRefreshed__Output {
    /**
     * The new access token's expiry.
     */
    'expiresAt': (_google_protobuf_Timestamp__Output | null);
}
