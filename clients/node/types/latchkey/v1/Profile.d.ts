import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../google/protobuf/Struct';
/**
 * What the backend knows about the user.
 */
export interface Profile {
    /**
     * Display name, when the backend knows one.
     */
    'name'?: (string);
    /**
     * Email, when the backend knows one.
     */
    'email'?: (string);
    /**
     * Picture URL, when the backend knows one. Never written to disk by the daemon (Facebook's
     * embed the user's access token).
     */
    'pictureUrl'?: (string);
    /**
     * Everything the backend returned as profile data, unchanged.
     */
    'data'?: (_google_protobuf_Struct | null);
}
/**
 * What the backend knows about the user.
 */
export interface Profile__Output {
    /**
     * Display name, when the backend knows one.
     */
    'name': (string);
    /**
     * Email, when the backend knows one.
     */
    'email': (string);
    /**
     * Picture URL, when the backend knows one. Never written to disk by the daemon (Facebook's
     * embed the user's access token).
     */
    'pictureUrl': (string);
    /**
     * Everything the backend returned as profile data, unchanged.
     */
    'data': (_google_protobuf_Struct__Output | null);
}
