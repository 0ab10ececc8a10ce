/**
 * BackendStatus event.
 */
export interface BackendStatus {
    /**
     * Whether the backend answers.
     */
    'reachable'?: (boolean);
}
/**
 * BackendStatus event.
 */
export interface BackendStatus__Output {
    /**
     * Whether the backend answers.
     */
    'reachable': (boolean);
}
