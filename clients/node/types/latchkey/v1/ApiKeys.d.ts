import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { ApiKey as _latchkey_v1_ApiKey, ApiKey__Output as _latchkey_v1_ApiKey__Output } from '../../latchkey/v1/ApiKey';
import type { CreateApiKeyRequest as _latchkey_v1_CreateApiKeyRequest, CreateApiKeyRequest__Output as _latchkey_v1_CreateApiKeyRequest__Output } from '../../latchkey/v1/CreateApiKeyRequest';
import type { DeleteApiKeyRequest as _latchkey_v1_DeleteApiKeyRequest, DeleteApiKeyRequest__Output as _latchkey_v1_DeleteApiKeyRequest__Output } from '../../latchkey/v1/DeleteApiKeyRequest';
import type { DeleteApiKeyResponse as _latchkey_v1_DeleteApiKeyResponse, DeleteApiKeyResponse__Output as _latchkey_v1_DeleteApiKeyResponse__Output } from '../../latchkey/v1/DeleteApiKeyResponse';
import type { DisableApiKeyRequest as _latchkey_v1_DisableApiKeyRequest, DisableApiKeyRequest__Output as _latchkey_v1_DisableApiKeyRequest__Output } from '../../latchkey/v1/DisableApiKeyRequest';
import type { DisableApiKeyResponse as _latchkey_v1_DisableApiKeyResponse, DisableApiKeyResponse__Output as _latchkey_v1_DisableApiKeyResponse__Output } from '../../latchkey/v1/DisableApiKeyResponse';
import type { EnableApiKeyRequest as _latchkey_v1_EnableApiKeyRequest, EnableApiKeyRequest__Output as _latchkey_v1_EnableApiKeyRequest__Output } from '../../latchkey/v1/EnableApiKeyRequest';
import type { EnableApiKeyResponse as _latchkey_v1_EnableApiKeyResponse, EnableApiKeyResponse__Output as _latchkey_v1_EnableApiKeyResponse__Output } from '../../latchkey/v1/EnableApiKeyResponse';
import type { GetApiKeyRequest as _latchkey_v1_GetApiKeyRequest, GetApiKeyRequest__Output as _latchkey_v1_GetApiKeyRequest__Output } from '../../latchkey/v1/GetApiKeyRequest';
import type { ListApiKeysRequest as _latchkey_v1_ListApiKeysRequest, ListApiKeysRequest__Output as _latchkey_v1_ListApiKeysRequest__Output } from '../../latchkey/v1/ListApiKeysRequest';
import type { ListApiKeysResponse as _latchkey_v1_ListApiKeysResponse, ListApiKeysResponse__Output as _latchkey_v1_ListApiKeysResponse__Output } from '../../latchkey/v1/ListApiKeysResponse';
/**
 * User API keys of App Services apps.
 */
export interface ApiKeysClient extends grpc.Client {
    /**
     * Creates a key; the response is the only one that ever carries the key's secret.
     */
    CreateApiKey(argument: _latchkey_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    CreateApiKey(argument: _latchkey_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    CreateApiKey(argument: _latchkey_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    CreateApiKey(argument: _latchkey_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    /**
     * Creates a key; the response is the only one that ever carries the key's secret.
     */
    createApiKey(argument: _latchkey_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    createApiKey(argument: _latchkey_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    createApiKey(argument: _latchkey_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    createApiKey(argument: _latchkey_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a key.
     */
    DeleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    DeleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    DeleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    DeleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Deletes a key.
     */
    deleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    deleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    deleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    deleteApiKey(argument: _latchkey_v1_DeleteApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_DeleteApiKeyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Disables a key: logins with it are refused until it is enabled again.
     */
    DisableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    DisableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    DisableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    DisableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Disables a key: logins with it are refused until it is enabled again.
     */
    disableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    disableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    disableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    disableApiKey(argument: _latchkey_v1_DisableApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_DisableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Enables a key.
     */
    EnableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    EnableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    EnableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    EnableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Enables a key.
     */
    enableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    enableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    enableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    enableApiKey(argument: _latchkey_v1_EnableApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_EnableApiKeyResponse__Output>): grpc.ClientUnaryCall;
    /**
     * One key, without its secret.
     */
    GetApiKey(argument: _latchkey_v1_GetApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    GetApiKey(argument: _latchkey_v1_GetApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    GetApiKey(argument: _latchkey_v1_GetApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    GetApiKey(argument: _latchkey_v1_GetApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    /**
     * One key, without its secret.
     */
    getApiKey(argument: _latchkey_v1_GetApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    getApiKey(argument: _latchkey_v1_GetApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    getApiKey(argument: _latchkey_v1_GetApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    getApiKey(argument: _latchkey_v1_GetApiKeyRequest, callback: grpc.requestCallback<_latchkey_v1_ApiKey__Output>): grpc.ClientUnaryCall;
    /**
     * Every key of the user, without secrets.
     */
    ListApiKeys(argument: _latchkey_v1_ListApiKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    ListApiKeys(argument: _latchkey_v1_ListApiKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    ListApiKeys(argument: _latchkey_v1_ListApiKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    ListApiKeys(argument: _latchkey_v1_ListApiKeysRequest, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Every key of the user, without secrets.
     */
    listApiKeys(argument: _latchkey_v1_ListApiKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    listApiKeys(argument: _latchkey_v1_ListApiKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    listApiKeys(argument: _latchkey_v1_ListApiKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
    listApiKeys(argument: _latchkey_v1_ListApiKeysRequest, callback: grpc.requestCallback<_latchkey_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
}
/**
 * User API keys of App Services apps.
 */
export interface ApiKeysHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Creates a key; the response is the only one that ever carries the key's secret.
     */
    CreateApiKey: grpc.handleUnaryCall<_latchkey_v1_CreateApiKeyRequest__Output, _latchkey_v1_ApiKey>;
    /**
     * Deletes a key.
     */
    DeleteApiKey: grpc.handleUnaryCall<_latchkey_v1_DeleteApiKeyRequest__Output, _latchkey_v1_DeleteApiKeyResponse>;
    /**
     * Disables a key: logins with it are refused until it is enabled again.
     */
    DisableApiKey: grpc.handleUnaryCall<_latchkey_v1_DisableApiKeyRequest__Output, _latchkey_v1_DisableApiKeyResponse>;
    /**
     * Enables a key.
     */
    EnableApiKey: grpc.handleUnaryCall<_latchkey_v1_EnableApiKeyRequest__Output, _latchkey_v1_EnableApiKeyResponse>;
    /**
     * One key, without its secret.
     */
    GetApiKey: grpc.handleUnaryCall<_latchkey_v1_GetApiKeyRequest__Output, _latchkey_v1_ApiKey>;
    /**
     * Every key of the user, without secrets.
     */
    ListApiKeys: grpc.handleUnaryCall<_latchkey_v1_ListApiKeysRequest__Output, _latchkey_v1_ListApiKeysResponse>;
}
export interface ApiKeysDefinition extends grpc.ServiceDefinition {
    CreateApiKey: MethodDefinition<_latchkey_v1_CreateApiKeyRequest, _latchkey_v1_ApiKey, _latchkey_v1_CreateApiKeyRequest__Output, _latchkey_v1_ApiKey__Output>;
    DeleteApiKey: MethodDefinition<_latchkey_v1_DeleteApiKeyRequest, _latchkey_v1_DeleteApiKeyResponse, _latchkey_v1_DeleteApiKeyRequest__Output, _latchkey_v1_DeleteApiKeyResponse__Output>;
    DisableApiKey: MethodDefinition<_latchkey_v1_DisableApiKeyRequest, _latchkey_v1_DisableApiKeyResponse, _latchkey_v1_DisableApiKeyRequest__Output, _latchkey_v1_DisableApiKeyResponse__Output>;
    EnableApiKey: MethodDefinition<_latchkey_v1_EnableApiKeyRequest, _latchkey_v1_EnableApiKeyResponse, _latchkey_v1_EnableApiKeyRequest__Output, _latchkey_v1_EnableApiKeyResponse__Output>;
    GetApiKey: MethodDefinition<_latchkey_v1_GetApiKeyRequest, _latchkey_v1_ApiKey, _latchkey_v1_GetApiKeyRequest__Output, _latchkey_v1_ApiKey__Output>;
    ListApiKeys: MethodDefinition<_latchkey_v1_ListApiKeysRequest, _latchkey_v1_ListApiKeysResponse, _latchkey_v1_ListApiKeysRequest__Output, _latchkey_v1_ListApiKeysResponse__Output>;
}
