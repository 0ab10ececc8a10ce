import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * An access token. The only message besides CreateApiKey's that carries a secret.
 */
export interface AccessToken {
    /**
     * The bearer token. Secret.
     */
    'token'?: (string);
    /**
     * When it expires.
     */
    'expiresAt'?: (_google_protobuf_Timestamp | null);
    /**
     * Whose it is.
     */
    'userId'?: (string);
    /**
     * Of which app.
     */
    'app'?: (string);
    /**
     * true when a refresh was needed but failed transiently: the token is still valid but does not
     * meet `min_valid`.
     */
    'stale'?: (boolean);
}
/**
 * An access token. The only message besides CreateApiKey's that carries a secret.
 */
export interface AccessToken__Output {
    /**
     * The bearer token. Secret.
     */
    'token': (string);
    /**
     * When it expires.
     */
    'expiresAt': (_google_protobuf_Timestamp__Output | null);
    /**
     * Whose it is.
     */
    'userId': (string);
    /**
     * Of which app.
     */
    'app': (string);
    /**
     * true when a refresh was needed but failed transiently: the token is still valid but does not
     * meet `min_valid`.
     */
    'stale': (boolean);
}
