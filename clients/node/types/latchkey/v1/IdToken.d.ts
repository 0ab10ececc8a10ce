import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
/**
 * An OpenID Connect ID token, as the provider issued it and as the daemon checked it (issuer,
 * audience, signature, subject).
 */
export interface IdToken {
    /**
     * The JWT. Secret: a bearer credential for whoever accepts its audience.
     */
    'token'?: (string);
    /**
     * When it expires: its `exp`, or sooner when the daemon's clock and the token's lifetime say
     * so.
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
}
/**
 * An OpenID Connect ID token, as the provider issued it and as the daemon checked it (issuer,
 * audience, signature, subject).
 */
export interface IdToken__Output {
    /**
     * The JWT. Secret: a bearer credential for whoever accepts its audience.
     */
    'token': (string);
    /**
     * When it expires: its `exp`, or sooner when the daemon's clock and the token's lifetime say
     * so.
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
}
