/**
 * One identity (provider account) of a user.
 */
export interface Identity {
    /**
     * The identity's id at its provider.
     */
    'id'?: (string);
    /**
     * The provider type, e.g. `anon-user`, `local-userpass`, `custom-token`.
     */
    'providerType'?: (string);
}
/**
 * One identity (provider account) of a user.
 */
export interface Identity__Output {
    /**
     * The identity's id at its provider.
     */
    'id': (string);
    /**
     * The provider type, e.g. `anon-user`, `local-userpass`, `custom-token`.
     */
    'providerType': (string);
}
