import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../google/protobuf/Duration';
import type { AppStatus as _latchkey_v1_AppStatus, AppStatus__Output as _latchkey_v1_AppStatus__Output } from '../../latchkey/v1/AppStatus';
/**
 * GetStatus.
 */
export interface GetStatusResponse {
    /**
     * Daemon version.
     */
    'version'?: (string);
    /**
     * When the daemon started.
     */
    'startedAt'?: (_google_protobuf_Timestamp | null);
    /**
     * How long it has run.
     */
    'uptime'?: (_google_protobuf_Duration | null);
    /**
     * Per app.
     */
    'apps'?: (_latchkey_v1_AppStatus)[];
}
/**
 * GetStatus.
 */
export interface GetStatusResponse__Output {
    /**
     * Daemon version.
     */
    'version': (string);
    /**
     * When the daemon started.
     */
    'startedAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * How long it has run.
     */
    'uptime': (_google_protobuf_Duration__Output | null);
    /**
     * Per app.
     */
    'apps': (_latchkey_v1_AppStatus__Output)[];
}
