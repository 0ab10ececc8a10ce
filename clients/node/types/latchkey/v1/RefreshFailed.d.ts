import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * RefreshFailed event.
 */
export interface RefreshFailed {
    /**
     * What failed.
     */
    'error'?: (string);
    /**
     * When the next attempt is scheduled.
     */
    'nextAttemptAt'?: (_google_protobuf_Timestamp | null);
}
/**
 * RefreshFailed event.
 */
export interface RefreshFailed__Output {
    /**
     * What failed.
     */
    'error': (string);
    /**
     * When the next attempt is scheduled.
     */
    'nextAttemptAt': (_google_protobuf_Timestamp__Output | null);
}
