import type { Long } from '@grpc/proto-loader';
/**
 * Lagged event.
 */
export interface Lagged {
    /**
     * First missed seq.
     */
    'missedFrom'?: (number | string | Long);
    /**
     * Last missed seq.
     */
    'missedTo'?: (number | string | Long);
}
/**
 * Lagged event.
 */
export interface Lagged__Output {
    /**
     * First missed seq.
     */
    'missedFrom': (string);
    /**
     * Last missed seq.
     */
    'missedTo': (string);
}
