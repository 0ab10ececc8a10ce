/**
 * TokenExpired event.
 */
export interface TokenExpired {
    /**
     * Stable reason: the name of a `Reason` value (`REFRESH_TOKEN_REJECTED`).
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
     * Stable reason: the name of a `Reason` value (`REFRESH_TOKEN_REJECTED`).
     */
    'reason': (string);
    /**
     * Human-readable detail.
     */
    'detail': (string);
}
