import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { ListValue as _google_protobuf_ListValue, ListValue__Output as _google_protobuf_ListValue__Output } from './google/protobuf/ListValue';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from './google/protobuf/Struct';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { Value as _google_protobuf_Value, Value__Output as _google_protobuf_Value__Output } from './google/protobuf/Value';
import type { AccessToken as _latchkey_v1_AccessToken, AccessToken__Output as _latchkey_v1_AccessToken__Output } from './latchkey/v1/AccessToken';
import type { AnonymousCredential as _latchkey_v1_AnonymousCredential, AnonymousCredential__Output as _latchkey_v1_AnonymousCredential__Output } from './latchkey/v1/AnonymousCredential';
import type { ApiKey as _latchkey_v1_ApiKey, ApiKey__Output as _latchkey_v1_ApiKey__Output } from './latchkey/v1/ApiKey';
import type { ApiKeyCredential as _latchkey_v1_ApiKeyCredential, ApiKeyCredential__Output as _latchkey_v1_ApiKeyCredential__Output } from './latchkey/v1/ApiKeyCredential';
import type { ApiKeysClient as _latchkey_v1_ApiKeysClient, ApiKeysDefinition as _latchkey_v1_ApiKeysDefinition } from './latchkey/v1/ApiKeys';
import type { App as _latchkey_v1_App, App__Output as _latchkey_v1_App__Output } from './latchkey/v1/App';
import type { AppStatus as _latchkey_v1_AppStatus, AppStatus__Output as _latchkey_v1_AppStatus__Output } from './latchkey/v1/AppStatus';
import type { AppleCredential as _latchkey_v1_AppleCredential, AppleCredential__Output as _latchkey_v1_AppleCredential__Output } from './latchkey/v1/AppleCredential';
import type { BackendStatus as _latchkey_v1_BackendStatus, BackendStatus__Output as _latchkey_v1_BackendStatus__Output } from './latchkey/v1/BackendStatus';
import type { CallResetPasswordFunctionRequest as _latchkey_v1_CallResetPasswordFunctionRequest, CallResetPasswordFunctionRequest__Output as _latchkey_v1_CallResetPasswordFunctionRequest__Output } from './latchkey/v1/CallResetPasswordFunctionRequest';
import type { CallResetPasswordFunctionResponse as _latchkey_v1_CallResetPasswordFunctionResponse, CallResetPasswordFunctionResponse__Output as _latchkey_v1_CallResetPasswordFunctionResponse__Output } from './latchkey/v1/CallResetPasswordFunctionResponse';
import type { ClientCredentialsCredential as _latchkey_v1_ClientCredentialsCredential, ClientCredentialsCredential__Output as _latchkey_v1_ClientCredentialsCredential__Output } from './latchkey/v1/ClientCredentialsCredential';
import type { ConfirmUserRequest as _latchkey_v1_ConfirmUserRequest, ConfirmUserRequest__Output as _latchkey_v1_ConfirmUserRequest__Output } from './latchkey/v1/ConfirmUserRequest';
import type { ConfirmUserResponse as _latchkey_v1_ConfirmUserResponse, ConfirmUserResponse__Output as _latchkey_v1_ConfirmUserResponse__Output } from './latchkey/v1/ConfirmUserResponse';
import type { CreateApiKeyRequest as _latchkey_v1_CreateApiKeyRequest, CreateApiKeyRequest__Output as _latchkey_v1_CreateApiKeyRequest__Output } from './latchkey/v1/CreateApiKeyRequest';
import type { Credentials as _latchkey_v1_Credentials, Credentials__Output as _latchkey_v1_Credentials__Output } from './latchkey/v1/Credentials';
import type { CurrentUserChanged as _latchkey_v1_CurrentUserChanged, CurrentUserChanged__Output as _latchkey_v1_CurrentUserChanged__Output } from './latchkey/v1/CurrentUserChanged';
import type { DaemonClient as _latchkey_v1_DaemonClient, DaemonDefinition as _latchkey_v1_DaemonDefinition } from './latchkey/v1/Daemon';
import type { DeleteApiKeyRequest as _latchkey_v1_DeleteApiKeyRequest, DeleteApiKeyRequest__Output as _latchkey_v1_DeleteApiKeyRequest__Output } from './latchkey/v1/DeleteApiKeyRequest';
import type { DeleteApiKeyResponse as _latchkey_v1_DeleteApiKeyResponse, DeleteApiKeyResponse__Output as _latchkey_v1_DeleteApiKeyResponse__Output } from './latchkey/v1/DeleteApiKeyResponse';
import type { DeleteUserRequest as _latchkey_v1_DeleteUserRequest, DeleteUserRequest__Output as _latchkey_v1_DeleteUserRequest__Output } from './latchkey/v1/DeleteUserRequest';
import type { DeleteUserResponse as _latchkey_v1_DeleteUserResponse, DeleteUserResponse__Output as _latchkey_v1_DeleteUserResponse__Output } from './latchkey/v1/DeleteUserResponse';
import type { DisableApiKeyRequest as _latchkey_v1_DisableApiKeyRequest, DisableApiKeyRequest__Output as _latchkey_v1_DisableApiKeyRequest__Output } from './latchkey/v1/DisableApiKeyRequest';
import type { DisableApiKeyResponse as _latchkey_v1_DisableApiKeyResponse, DisableApiKeyResponse__Output as _latchkey_v1_DisableApiKeyResponse__Output } from './latchkey/v1/DisableApiKeyResponse';
import type { EmailPasswordClient as _latchkey_v1_EmailPasswordClient, EmailPasswordDefinition as _latchkey_v1_EmailPasswordDefinition } from './latchkey/v1/EmailPassword';
import type { EmailPasswordCredential as _latchkey_v1_EmailPasswordCredential, EmailPasswordCredential__Output as _latchkey_v1_EmailPasswordCredential__Output } from './latchkey/v1/EmailPasswordCredential';
import type { EnableApiKeyRequest as _latchkey_v1_EnableApiKeyRequest, EnableApiKeyRequest__Output as _latchkey_v1_EnableApiKeyRequest__Output } from './latchkey/v1/EnableApiKeyRequest';
import type { EnableApiKeyResponse as _latchkey_v1_EnableApiKeyResponse, EnableApiKeyResponse__Output as _latchkey_v1_EnableApiKeyResponse__Output } from './latchkey/v1/EnableApiKeyResponse';
import type { Endpoint as _latchkey_v1_Endpoint, Endpoint__Output as _latchkey_v1_Endpoint__Output } from './latchkey/v1/Endpoint';
import type { FacebookCredential as _latchkey_v1_FacebookCredential, FacebookCredential__Output as _latchkey_v1_FacebookCredential__Output } from './latchkey/v1/FacebookCredential';
import type { FunctionCredential as _latchkey_v1_FunctionCredential, FunctionCredential__Output as _latchkey_v1_FunctionCredential__Output } from './latchkey/v1/FunctionCredential';
import type { GetAccessTokenRequest as _latchkey_v1_GetAccessTokenRequest, GetAccessTokenRequest__Output as _latchkey_v1_GetAccessTokenRequest__Output } from './latchkey/v1/GetAccessTokenRequest';
import type { GetApiKeyRequest as _latchkey_v1_GetApiKeyRequest, GetApiKeyRequest__Output as _latchkey_v1_GetApiKeyRequest__Output } from './latchkey/v1/GetApiKeyRequest';
import type { GetCurrentUserRequest as _latchkey_v1_GetCurrentUserRequest, GetCurrentUserRequest__Output as _latchkey_v1_GetCurrentUserRequest__Output } from './latchkey/v1/GetCurrentUserRequest';
import type { GetIdTokenRequest as _latchkey_v1_GetIdTokenRequest, GetIdTokenRequest__Output as _latchkey_v1_GetIdTokenRequest__Output } from './latchkey/v1/GetIdTokenRequest';
import type { GetStatusRequest as _latchkey_v1_GetStatusRequest, GetStatusRequest__Output as _latchkey_v1_GetStatusRequest__Output } from './latchkey/v1/GetStatusRequest';
import type { GetStatusResponse as _latchkey_v1_GetStatusResponse, GetStatusResponse__Output as _latchkey_v1_GetStatusResponse__Output } from './latchkey/v1/GetStatusResponse';
import type { GoogleCredential as _latchkey_v1_GoogleCredential, GoogleCredential__Output as _latchkey_v1_GoogleCredential__Output } from './latchkey/v1/GoogleCredential';
import type { IdToken as _latchkey_v1_IdToken, IdToken__Output as _latchkey_v1_IdToken__Output } from './latchkey/v1/IdToken';
import type { Identity as _latchkey_v1_Identity, Identity__Output as _latchkey_v1_Identity__Output } from './latchkey/v1/Identity';
import type { JwtCredential as _latchkey_v1_JwtCredential, JwtCredential__Output as _latchkey_v1_JwtCredential__Output } from './latchkey/v1/JwtCredential';
import type { Lagged as _latchkey_v1_Lagged, Lagged__Output as _latchkey_v1_Lagged__Output } from './latchkey/v1/Lagged';
import type { LinkCredentialsRequest as _latchkey_v1_LinkCredentialsRequest, LinkCredentialsRequest__Output as _latchkey_v1_LinkCredentialsRequest__Output } from './latchkey/v1/LinkCredentialsRequest';
import type { ListApiKeysRequest as _latchkey_v1_ListApiKeysRequest, ListApiKeysRequest__Output as _latchkey_v1_ListApiKeysRequest__Output } from './latchkey/v1/ListApiKeysRequest';
import type { ListApiKeysResponse as _latchkey_v1_ListApiKeysResponse, ListApiKeysResponse__Output as _latchkey_v1_ListApiKeysResponse__Output } from './latchkey/v1/ListApiKeysResponse';
import type { ListAppsRequest as _latchkey_v1_ListAppsRequest, ListAppsRequest__Output as _latchkey_v1_ListAppsRequest__Output } from './latchkey/v1/ListAppsRequest';
import type { ListAppsResponse as _latchkey_v1_ListAppsResponse, ListAppsResponse__Output as _latchkey_v1_ListAppsResponse__Output } from './latchkey/v1/ListAppsResponse';
import type { ListUsersRequest as _latchkey_v1_ListUsersRequest, ListUsersRequest__Output as _latchkey_v1_ListUsersRequest__Output } from './latchkey/v1/ListUsersRequest';
import type { ListUsersResponse as _latchkey_v1_ListUsersResponse, ListUsersResponse__Output as _latchkey_v1_ListUsersResponse__Output } from './latchkey/v1/ListUsersResponse';
import type { LogInRequest as _latchkey_v1_LogInRequest, LogInRequest__Output as _latchkey_v1_LogInRequest__Output } from './latchkey/v1/LogInRequest';
import type { LogInWithBrowserRequest as _latchkey_v1_LogInWithBrowserRequest, LogInWithBrowserRequest__Output as _latchkey_v1_LogInWithBrowserRequest__Output } from './latchkey/v1/LogInWithBrowserRequest';
import type { LogInWithBrowserResponse as _latchkey_v1_LogInWithBrowserResponse, LogInWithBrowserResponse__Output as _latchkey_v1_LogInWithBrowserResponse__Output } from './latchkey/v1/LogInWithBrowserResponse';
import type { LogInWithDeviceRequest as _latchkey_v1_LogInWithDeviceRequest, LogInWithDeviceRequest__Output as _latchkey_v1_LogInWithDeviceRequest__Output } from './latchkey/v1/LogInWithDeviceRequest';
import type { LogInWithDeviceResponse as _latchkey_v1_LogInWithDeviceResponse, LogInWithDeviceResponse__Output as _latchkey_v1_LogInWithDeviceResponse__Output } from './latchkey/v1/LogInWithDeviceResponse';
import type { LogOutRequest as _latchkey_v1_LogOutRequest, LogOutRequest__Output as _latchkey_v1_LogOutRequest__Output } from './latchkey/v1/LogOutRequest';
import type { LoggedIn as _latchkey_v1_LoggedIn, LoggedIn__Output as _latchkey_v1_LoggedIn__Output } from './latchkey/v1/LoggedIn';
import type { LoggedOut as _latchkey_v1_LoggedOut, LoggedOut__Output as _latchkey_v1_LoggedOut__Output } from './latchkey/v1/LoggedOut';
import type { PasswordCredential as _latchkey_v1_PasswordCredential, PasswordCredential__Output as _latchkey_v1_PasswordCredential__Output } from './latchkey/v1/PasswordCredential';
import type { Profile as _latchkey_v1_Profile, Profile__Output as _latchkey_v1_Profile__Output } from './latchkey/v1/Profile';
import type { ProfileUpdated as _latchkey_v1_ProfileUpdated, ProfileUpdated__Output as _latchkey_v1_ProfileUpdated__Output } from './latchkey/v1/ProfileUpdated';
import type { RefreshFailed as _latchkey_v1_RefreshFailed, RefreshFailed__Output as _latchkey_v1_RefreshFailed__Output } from './latchkey/v1/RefreshFailed';
import type { RefreshTokenCredential as _latchkey_v1_RefreshTokenCredential, RefreshTokenCredential__Output as _latchkey_v1_RefreshTokenCredential__Output } from './latchkey/v1/RefreshTokenCredential';
import type { RefreshTokenExpiring as _latchkey_v1_RefreshTokenExpiring, RefreshTokenExpiring__Output as _latchkey_v1_RefreshTokenExpiring__Output } from './latchkey/v1/RefreshTokenExpiring';
import type { RefreshUserRequest as _latchkey_v1_RefreshUserRequest, RefreshUserRequest__Output as _latchkey_v1_RefreshUserRequest__Output } from './latchkey/v1/RefreshUserRequest';
import type { RegisterUserRequest as _latchkey_v1_RegisterUserRequest, RegisterUserRequest__Output as _latchkey_v1_RegisterUserRequest__Output } from './latchkey/v1/RegisterUserRequest';
import type { RegisterUserResponse as _latchkey_v1_RegisterUserResponse, RegisterUserResponse__Output as _latchkey_v1_RegisterUserResponse__Output } from './latchkey/v1/RegisterUserResponse';
import type { RemoveUserRequest as _latchkey_v1_RemoveUserRequest, RemoveUserRequest__Output as _latchkey_v1_RemoveUserRequest__Output } from './latchkey/v1/RemoveUserRequest';
import type { RemoveUserResponse as _latchkey_v1_RemoveUserResponse, RemoveUserResponse__Output as _latchkey_v1_RemoveUserResponse__Output } from './latchkey/v1/RemoveUserResponse';
import type { ResendConfirmationEmailRequest as _latchkey_v1_ResendConfirmationEmailRequest, ResendConfirmationEmailRequest__Output as _latchkey_v1_ResendConfirmationEmailRequest__Output } from './latchkey/v1/ResendConfirmationEmailRequest';
import type { ResendConfirmationEmailResponse as _latchkey_v1_ResendConfirmationEmailResponse, ResendConfirmationEmailResponse__Output as _latchkey_v1_ResendConfirmationEmailResponse__Output } from './latchkey/v1/ResendConfirmationEmailResponse';
import type { ResetPasswordRequest as _latchkey_v1_ResetPasswordRequest, ResetPasswordRequest__Output as _latchkey_v1_ResetPasswordRequest__Output } from './latchkey/v1/ResetPasswordRequest';
import type { ResetPasswordResponse as _latchkey_v1_ResetPasswordResponse, ResetPasswordResponse__Output as _latchkey_v1_ResetPasswordResponse__Output } from './latchkey/v1/ResetPasswordResponse';
import type { RetryCustomConfirmationRequest as _latchkey_v1_RetryCustomConfirmationRequest, RetryCustomConfirmationRequest__Output as _latchkey_v1_RetryCustomConfirmationRequest__Output } from './latchkey/v1/RetryCustomConfirmationRequest';
import type { RetryCustomConfirmationResponse as _latchkey_v1_RetryCustomConfirmationResponse, RetryCustomConfirmationResponse__Output as _latchkey_v1_RetryCustomConfirmationResponse__Output } from './latchkey/v1/RetryCustomConfirmationResponse';
import type { SendResetPasswordEmailRequest as _latchkey_v1_SendResetPasswordEmailRequest, SendResetPasswordEmailRequest__Output as _latchkey_v1_SendResetPasswordEmailRequest__Output } from './latchkey/v1/SendResetPasswordEmailRequest';
import type { SendResetPasswordEmailResponse as _latchkey_v1_SendResetPasswordEmailResponse, SendResetPasswordEmailResponse__Output as _latchkey_v1_SendResetPasswordEmailResponse__Output } from './latchkey/v1/SendResetPasswordEmailResponse';
import type { SessionEvent as _latchkey_v1_SessionEvent, SessionEvent__Output as _latchkey_v1_SessionEvent__Output } from './latchkey/v1/SessionEvent';
import type { SessionsClient as _latchkey_v1_SessionsClient, SessionsDefinition as _latchkey_v1_SessionsDefinition } from './latchkey/v1/Sessions';
import type { Snapshot as _latchkey_v1_Snapshot, Snapshot__Output as _latchkey_v1_Snapshot__Output } from './latchkey/v1/Snapshot';
import type { SwitchUserRequest as _latchkey_v1_SwitchUserRequest, SwitchUserRequest__Output as _latchkey_v1_SwitchUserRequest__Output } from './latchkey/v1/SwitchUserRequest';
import type { TokenExpired as _latchkey_v1_TokenExpired, TokenExpired__Output as _latchkey_v1_TokenExpired__Output } from './latchkey/v1/TokenExpired';
import type { TokenRefreshed as _latchkey_v1_TokenRefreshed, TokenRefreshed__Output as _latchkey_v1_TokenRefreshed__Output } from './latchkey/v1/TokenRefreshed';
import type { User as _latchkey_v1_User, User__Output as _latchkey_v1_User__Output } from './latchkey/v1/User';
import type { UserRemoved as _latchkey_v1_UserRemoved, UserRemoved__Output as _latchkey_v1_UserRemoved__Output } from './latchkey/v1/UserRemoved';
import type { WatchEventsRequest as _latchkey_v1_WatchEventsRequest, WatchEventsRequest__Output as _latchkey_v1_WatchEventsRequest__Output } from './latchkey/v1/WatchEventsRequest';
type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
    new (...args: ConstructorParameters<Constructor>): Subtype;
};
export interface ProtoGrpcType {
    google: {
        protobuf: {
            Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>;
            ListValue: MessageTypeDefinition<_google_protobuf_ListValue, _google_protobuf_ListValue__Output>;
            NullValue: EnumTypeDefinition;
            Struct: MessageTypeDefinition<_google_protobuf_Struct, _google_protobuf_Struct__Output>;
            Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>;
            Value: MessageTypeDefinition<_google_protobuf_Value, _google_protobuf_Value__Output>;
        };
    };
    latchkey: {
        v1: {
            AccessToken: MessageTypeDefinition<_latchkey_v1_AccessToken, _latchkey_v1_AccessToken__Output>;
            AnonymousCredential: MessageTypeDefinition<_latchkey_v1_AnonymousCredential, _latchkey_v1_AnonymousCredential__Output>;
            ApiKey: MessageTypeDefinition<_latchkey_v1_ApiKey, _latchkey_v1_ApiKey__Output>;
            ApiKeyCredential: MessageTypeDefinition<_latchkey_v1_ApiKeyCredential, _latchkey_v1_ApiKeyCredential__Output>;
            /**
             * User API keys of App Services apps.
             */
            ApiKeys: SubtypeConstructor<typeof grpc.Client, _latchkey_v1_ApiKeysClient> & {
                service: _latchkey_v1_ApiKeysDefinition;
            };
            App: MessageTypeDefinition<_latchkey_v1_App, _latchkey_v1_App__Output>;
            AppStatus: MessageTypeDefinition<_latchkey_v1_AppStatus, _latchkey_v1_AppStatus__Output>;
            AppleCredential: MessageTypeDefinition<_latchkey_v1_AppleCredential, _latchkey_v1_AppleCredential__Output>;
            BackendStatus: MessageTypeDefinition<_latchkey_v1_BackendStatus, _latchkey_v1_BackendStatus__Output>;
            CallResetPasswordFunctionRequest: MessageTypeDefinition<_latchkey_v1_CallResetPasswordFunctionRequest, _latchkey_v1_CallResetPasswordFunctionRequest__Output>;
            CallResetPasswordFunctionResponse: MessageTypeDefinition<_latchkey_v1_CallResetPasswordFunctionResponse, _latchkey_v1_CallResetPasswordFunctionResponse__Output>;
            ClientCredentialsCredential: MessageTypeDefinition<_latchkey_v1_ClientCredentialsCredential, _latchkey_v1_ClientCredentialsCredential__Output>;
            ConfirmUserRequest: MessageTypeDefinition<_latchkey_v1_ConfirmUserRequest, _latchkey_v1_ConfirmUserRequest__Output>;
            ConfirmUserResponse: MessageTypeDefinition<_latchkey_v1_ConfirmUserResponse, _latchkey_v1_ConfirmUserResponse__Output>;
            CreateApiKeyRequest: MessageTypeDefinition<_latchkey_v1_CreateApiKeyRequest, _latchkey_v1_CreateApiKeyRequest__Output>;
            Credentials: MessageTypeDefinition<_latchkey_v1_Credentials, _latchkey_v1_Credentials__Output>;
            CurrentUserChanged: MessageTypeDefinition<_latchkey_v1_CurrentUserChanged, _latchkey_v1_CurrentUserChanged__Output>;
            /**
             * The daemon itself.
             */
            Daemon: SubtypeConstructor<typeof grpc.Client, _latchkey_v1_DaemonClient> & {
                service: _latchkey_v1_DaemonDefinition;
            };
            DeleteApiKeyRequest: MessageTypeDefinition<_latchkey_v1_DeleteApiKeyRequest, _latchkey_v1_DeleteApiKeyRequest__Output>;
            DeleteApiKeyResponse: MessageTypeDefinition<_latchkey_v1_DeleteApiKeyResponse, _latchkey_v1_DeleteApiKeyResponse__Output>;
            DeleteUserRequest: MessageTypeDefinition<_latchkey_v1_DeleteUserRequest, _latchkey_v1_DeleteUserRequest__Output>;
            DeleteUserResponse: MessageTypeDefinition<_latchkey_v1_DeleteUserResponse, _latchkey_v1_DeleteUserResponse__Output>;
            DisableApiKeyRequest: MessageTypeDefinition<_latchkey_v1_DisableApiKeyRequest, _latchkey_v1_DisableApiKeyRequest__Output>;
            DisableApiKeyResponse: MessageTypeDefinition<_latchkey_v1_DisableApiKeyResponse, _latchkey_v1_DisableApiKeyResponse__Output>;
            /**
             * Email/password account flows of App Services apps.
             */
            EmailPassword: SubtypeConstructor<typeof grpc.Client, _latchkey_v1_EmailPasswordClient> & {
                service: _latchkey_v1_EmailPasswordDefinition;
            };
            EmailPasswordCredential: MessageTypeDefinition<_latchkey_v1_EmailPasswordCredential, _latchkey_v1_EmailPasswordCredential__Output>;
            EnableApiKeyRequest: MessageTypeDefinition<_latchkey_v1_EnableApiKeyRequest, _latchkey_v1_EnableApiKeyRequest__Output>;
            EnableApiKeyResponse: MessageTypeDefinition<_latchkey_v1_EnableApiKeyResponse, _latchkey_v1_EnableApiKeyResponse__Output>;
            Endpoint: MessageTypeDefinition<_latchkey_v1_Endpoint, _latchkey_v1_Endpoint__Output>;
            FacebookCredential: MessageTypeDefinition<_latchkey_v1_FacebookCredential, _latchkey_v1_FacebookCredential__Output>;
            FunctionCredential: MessageTypeDefinition<_latchkey_v1_FunctionCredential, _latchkey_v1_FunctionCredential__Output>;
            GetAccessTokenRequest: MessageTypeDefinition<_latchkey_v1_GetAccessTokenRequest, _latchkey_v1_GetAccessTokenRequest__Output>;
            GetApiKeyRequest: MessageTypeDefinition<_latchkey_v1_GetApiKeyRequest, _latchkey_v1_GetApiKeyRequest__Output>;
            GetCurrentUserRequest: MessageTypeDefinition<_latchkey_v1_GetCurrentUserRequest, _latchkey_v1_GetCurrentUserRequest__Output>;
            GetIdTokenRequest: MessageTypeDefinition<_latchkey_v1_GetIdTokenRequest, _latchkey_v1_GetIdTokenRequest__Output>;
            GetStatusRequest: MessageTypeDefinition<_latchkey_v1_GetStatusRequest, _latchkey_v1_GetStatusRequest__Output>;
            GetStatusResponse: MessageTypeDefinition<_latchkey_v1_GetStatusResponse, _latchkey_v1_GetStatusResponse__Output>;
            GoogleCredential: MessageTypeDefinition<_latchkey_v1_GoogleCredential, _latchkey_v1_GoogleCredential__Output>;
            IdToken: MessageTypeDefinition<_latchkey_v1_IdToken, _latchkey_v1_IdToken__Output>;
            Identity: MessageTypeDefinition<_latchkey_v1_Identity, _latchkey_v1_Identity__Output>;
            JwtCredential: MessageTypeDefinition<_latchkey_v1_JwtCredential, _latchkey_v1_JwtCredential__Output>;
            Lagged: MessageTypeDefinition<_latchkey_v1_Lagged, _latchkey_v1_Lagged__Output>;
            LinkCredentialsRequest: MessageTypeDefinition<_latchkey_v1_LinkCredentialsRequest, _latchkey_v1_LinkCredentialsRequest__Output>;
            ListApiKeysRequest: MessageTypeDefinition<_latchkey_v1_ListApiKeysRequest, _latchkey_v1_ListApiKeysRequest__Output>;
            ListApiKeysResponse: MessageTypeDefinition<_latchkey_v1_ListApiKeysResponse, _latchkey_v1_ListApiKeysResponse__Output>;
            ListAppsRequest: MessageTypeDefinition<_latchkey_v1_ListAppsRequest, _latchkey_v1_ListAppsRequest__Output>;
            ListAppsResponse: MessageTypeDefinition<_latchkey_v1_ListAppsResponse, _latchkey_v1_ListAppsResponse__Output>;
            ListUsersRequest: MessageTypeDefinition<_latchkey_v1_ListUsersRequest, _latchkey_v1_ListUsersRequest__Output>;
            ListUsersResponse: MessageTypeDefinition<_latchkey_v1_ListUsersResponse, _latchkey_v1_ListUsersResponse__Output>;
            LogInRequest: MessageTypeDefinition<_latchkey_v1_LogInRequest, _latchkey_v1_LogInRequest__Output>;
            LogInWithBrowserRequest: MessageTypeDefinition<_latchkey_v1_LogInWithBrowserRequest, _latchkey_v1_LogInWithBrowserRequest__Output>;
            LogInWithBrowserResponse: MessageTypeDefinition<_latchkey_v1_LogInWithBrowserResponse, _latchkey_v1_LogInWithBrowserResponse__Output>;
            LogInWithDeviceRequest: MessageTypeDefinition<_latchkey_v1_LogInWithDeviceRequest, _latchkey_v1_LogInWithDeviceRequest__Output>;
            LogInWithDeviceResponse: MessageTypeDefinition<_latchkey_v1_LogInWithDeviceResponse, _latchkey_v1_LogInWithDeviceResponse__Output>;
            LogOutRequest: MessageTypeDefinition<_latchkey_v1_LogOutRequest, _latchkey_v1_LogOutRequest__Output>;
            LoggedIn: MessageTypeDefinition<_latchkey_v1_LoggedIn, _latchkey_v1_LoggedIn__Output>;
            LoggedOut: MessageTypeDefinition<_latchkey_v1_LoggedOut, _latchkey_v1_LoggedOut__Output>;
            PasswordCredential: MessageTypeDefinition<_latchkey_v1_PasswordCredential, _latchkey_v1_PasswordCredential__Output>;
            Profile: MessageTypeDefinition<_latchkey_v1_Profile, _latchkey_v1_Profile__Output>;
            ProfileUpdated: MessageTypeDefinition<_latchkey_v1_ProfileUpdated, _latchkey_v1_ProfileUpdated__Output>;
            Reason: EnumTypeDefinition;
            RefreshFailed: MessageTypeDefinition<_latchkey_v1_RefreshFailed, _latchkey_v1_RefreshFailed__Output>;
            RefreshTokenCredential: MessageTypeDefinition<_latchkey_v1_RefreshTokenCredential, _latchkey_v1_RefreshTokenCredential__Output>;
            RefreshTokenExpiring: MessageTypeDefinition<_latchkey_v1_RefreshTokenExpiring, _latchkey_v1_RefreshTokenExpiring__Output>;
            RefreshUserRequest: MessageTypeDefinition<_latchkey_v1_RefreshUserRequest, _latchkey_v1_RefreshUserRequest__Output>;
            RegisterUserRequest: MessageTypeDefinition<_latchkey_v1_RegisterUserRequest, _latchkey_v1_RegisterUserRequest__Output>;
            RegisterUserResponse: MessageTypeDefinition<_latchkey_v1_RegisterUserResponse, _latchkey_v1_RegisterUserResponse__Output>;
            RemoveUserRequest: MessageTypeDefinition<_latchkey_v1_RemoveUserRequest, _latchkey_v1_RemoveUserRequest__Output>;
            RemoveUserResponse: MessageTypeDefinition<_latchkey_v1_RemoveUserResponse, _latchkey_v1_RemoveUserResponse__Output>;
            ResendConfirmationEmailRequest: MessageTypeDefinition<_latchkey_v1_ResendConfirmationEmailRequest, _latchkey_v1_ResendConfirmationEmailRequest__Output>;
            ResendConfirmationEmailResponse: MessageTypeDefinition<_latchkey_v1_ResendConfirmationEmailResponse, _latchkey_v1_ResendConfirmationEmailResponse__Output>;
            ResetPasswordRequest: MessageTypeDefinition<_latchkey_v1_ResetPasswordRequest, _latchkey_v1_ResetPasswordRequest__Output>;
            ResetPasswordResponse: MessageTypeDefinition<_latchkey_v1_ResetPasswordResponse, _latchkey_v1_ResetPasswordResponse__Output>;
            RetryCustomConfirmationRequest: MessageTypeDefinition<_latchkey_v1_RetryCustomConfirmationRequest, _latchkey_v1_RetryCustomConfirmationRequest__Output>;
            RetryCustomConfirmationResponse: MessageTypeDefinition<_latchkey_v1_RetryCustomConfirmationResponse, _latchkey_v1_RetryCustomConfirmationResponse__Output>;
            SendResetPasswordEmailRequest: MessageTypeDefinition<_latchkey_v1_SendResetPasswordEmailRequest, _latchkey_v1_SendResetPasswordEmailRequest__Output>;
            SendResetPasswordEmailResponse: MessageTypeDefinition<_latchkey_v1_SendResetPasswordEmailResponse, _latchkey_v1_SendResetPasswordEmailResponse__Output>;
            SessionEvent: MessageTypeDefinition<_latchkey_v1_SessionEvent, _latchkey_v1_SessionEvent__Output>;
            /**
             * Login sessions: log in and out, list and switch users, hand out access tokens.
             */
            Sessions: SubtypeConstructor<typeof grpc.Client, _latchkey_v1_SessionsClient> & {
                service: _latchkey_v1_SessionsDefinition;
            };
            Snapshot: MessageTypeDefinition<_latchkey_v1_Snapshot, _latchkey_v1_Snapshot__Output>;
            SwitchUserRequest: MessageTypeDefinition<_latchkey_v1_SwitchUserRequest, _latchkey_v1_SwitchUserRequest__Output>;
            TokenExpired: MessageTypeDefinition<_latchkey_v1_TokenExpired, _latchkey_v1_TokenExpired__Output>;
            TokenRefreshed: MessageTypeDefinition<_latchkey_v1_TokenRefreshed, _latchkey_v1_TokenRefreshed__Output>;
            User: MessageTypeDefinition<_latchkey_v1_User, _latchkey_v1_User__Output>;
            UserRemoved: MessageTypeDefinition<_latchkey_v1_UserRemoved, _latchkey_v1_UserRemoved__Output>;
            UserState: EnumTypeDefinition;
            WatchEventsRequest: MessageTypeDefinition<_latchkey_v1_WatchEventsRequest, _latchkey_v1_WatchEventsRequest__Output>;
        };
    };
}
export {};
