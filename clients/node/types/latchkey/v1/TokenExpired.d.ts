/**
 * TokenExpired event.
 */
export interface TokenExpired {
    /**
     * Stable reason (e.g. `REFRESH_TOKEN_REJECTED`).
     */
    'reason'?: (string);
    /**
     * Human-readable detail.
     */
    'detail'?: (string);
}
/**
 * TokenExpired event.
 */
export interface TokenExpired__Output {
    /**
     * Stable reason (e.g. `REFRESH_TOKEN_REJECTED`).
     */
    'reason': (string);
    /**
     * Human-readable detail.
     */
    'detail': (string);
}
