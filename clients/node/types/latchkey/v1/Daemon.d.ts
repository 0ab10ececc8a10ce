import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { GetStatusRequest as _latchkey_v1_GetStatusRequest, GetStatusRequest__Output as _latchkey_v1_GetStatusRequest__Output } from '../../latchkey/v1/GetStatusRequest';
import type { GetStatusResponse as _latchkey_v1_GetStatusResponse, GetStatusResponse__Output as _latchkey_v1_GetStatusResponse__Output } from '../../latchkey/v1/GetStatusResponse';
import type { ListAppsRequest as _latchkey_v1_ListAppsRequest, ListAppsRequest__Output as _latchkey_v1_ListAppsRequest__Output } from '../../latchkey/v1/ListAppsRequest';
import type { ListAppsResponse as _latchkey_v1_ListAppsResponse, ListAppsResponse__Output as _latchkey_v1_ListAppsResponse__Output } from '../../latchkey/v1/ListAppsResponse';
/**
 * The daemon itself.
 */
export interface DaemonClient extends grpc.Client {
    /**
     * Version, uptime, sessions by state and backend reachability.
     */
    GetStatus(argument: _latchkey_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    GetStatus(argument: _latchkey_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    GetStatus(argument: _latchkey_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    GetStatus(argument: _latchkey_v1_GetStatusRequest, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Version, uptime, sessions by state and backend reachability.
     */
    getStatus(argument: _latchkey_v1_GetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    getStatus(argument: _latchkey_v1_GetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    getStatus(argument: _latchkey_v1_GetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    getStatus(argument: _latchkey_v1_GetStatusRequest, callback: grpc.requestCallback<_latchkey_v1_GetStatusResponse__Output>): grpc.ClientUnaryCall;
    /**
     * The configured apps.
     */
    ListApps(argument: _latchkey_v1_ListAppsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    ListApps(argument: _latchkey_v1_ListAppsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    ListApps(argument: _latchkey_v1_ListAppsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    ListApps(argument: _latchkey_v1_ListAppsRequest, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    /**
     * The configured apps.
     */
    listApps(argument: _latchkey_v1_ListAppsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    listApps(argument: _latchkey_v1_ListAppsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    listApps(argument: _latchkey_v1_ListAppsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
    listApps(argument: _latchkey_v1_ListAppsRequest, callback: grpc.requestCallback<_latchkey_v1_ListAppsResponse__Output>): grpc.ClientUnaryCall;
}
/**
 * The daemon itself.
 */
export interface DaemonHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Version, uptime, sessions by state and backend reachability.
     */
    GetStatus: grpc.handleUnaryCall<_latchkey_v1_GetStatusRequest__Output, _latchkey_v1_GetStatusResponse>;
    /**
     * The configured apps.
     */
    ListApps: grpc.handleUnaryCall<_latchkey_v1_ListAppsRequest__Output, _latchkey_v1_ListAppsResponse>;
}
export interface DaemonDefinition extends grpc.ServiceDefinition {
    GetStatus: MethodDefinition<_latchkey_v1_GetStatusRequest, _latchkey_v1_GetStatusResponse, _latchkey_v1_GetStatusRequest__Output, _latchkey_v1_GetStatusResponse__Output>;
    ListApps: MethodDefinition<_latchkey_v1_ListAppsRequest, _latchkey_v1_ListAppsResponse, _latchkey_v1_ListAppsRequest__Output, _latchkey_v1_ListAppsResponse__Output>;
}
