import type { ApiKey as _latchkey_v1_ApiKey, ApiKey__Output as _latchkey_v1_ApiKey__Output } from '../../latchkey/v1/ApiKey';
/**
 * ListApiKeys.
 */
export interface ListApiKeysResponse {
    /**
     * The keys, without secrets.
     */
    'apiKeys'?: (_latchkey_v1_ApiKey)[];
}
/**
 * ListApiKeys.
 */
export interface ListApiKeysResponse__Output {
    /**
     * The keys, without secrets.
     */
    'apiKeys': (_latchkey_v1_ApiKey__Output)[];
}
