// Generated from proto/latchkey/v1/latchkey.proto by scripts/types.js: do not edit.
import type { CallOptions } from '@grpc/grpc-js';
import type { AccessToken__Output, ApiKey__Output, CallResetPasswordFunctionRequest, CallResetPasswordFunctionResponse__Output, ConfirmUserRequest, ConfirmUserResponse__Output, CreateApiKeyRequest, DeleteApiKeyRequest, DeleteApiKeyResponse__Output, DeleteUserRequest, DeleteUserResponse__Output, DisableApiKeyRequest, DisableApiKeyResponse__Output, EnableApiKeyRequest, EnableApiKeyResponse__Output, GetAccessTokenRequest, GetApiKeyRequest, GetCurrentUserRequest, GetIdTokenRequest, GetStatusRequest, GetStatusResponse__Output, IdToken__Output, LinkCredentialsRequest, ListApiKeysRequest, ListApiKeysResponse__Output, ListAppsRequest, ListAppsResponse__Output, ListUsersRequest, ListUsersResponse__Output, LogInRequest, LogInWithBrowserRequest, LogInWithBrowserResponse__Output, LogInWithDeviceRequest, LogInWithDeviceResponse__Output, LogOutRequest, RefreshUserRequest, RegisterUserRequest, RegisterUserResponse__Output, RemoveUserRequest, RemoveUserResponse__Output, ResendConfirmationEmailRequest, ResendConfirmationEmailResponse__Output, ResetPasswordRequest, ResetPasswordResponse__Output, RetryCustomConfirmationRequest, RetryCustomConfirmationResponse__Output, SendResetPasswordEmailRequest, SendResetPasswordEmailResponse__Output, SessionEvent__Output, SwitchUserRequest, User__Output, WatchEventsRequest } from './messages';

export interface Sessions {
  LogIn(request?: LogInRequest, options?: CallOptions): Promise<User__Output>;
  logIn(request?: LogInRequest, options?: CallOptions): Promise<User__Output>;
  LinkCredentials(request?: LinkCredentialsRequest, options?: CallOptions): Promise<User__Output>;
  linkCredentials(request?: LinkCredentialsRequest, options?: CallOptions): Promise<User__Output>;
  LogOut(request?: LogOutRequest, options?: CallOptions): Promise<User__Output>;
  logOut(request?: LogOutRequest, options?: CallOptions): Promise<User__Output>;
  GetCurrentUser(request?: GetCurrentUserRequest, options?: CallOptions): Promise<User__Output>;
  getCurrentUser(request?: GetCurrentUserRequest, options?: CallOptions): Promise<User__Output>;
  ListUsers(request?: ListUsersRequest, options?: CallOptions): Promise<ListUsersResponse__Output>;
  listUsers(request?: ListUsersRequest, options?: CallOptions): Promise<ListUsersResponse__Output>;
  SwitchUser(request?: SwitchUserRequest, options?: CallOptions): Promise<User__Output>;
  switchUser(request?: SwitchUserRequest, options?: CallOptions): Promise<User__Output>;
  RemoveUser(request?: RemoveUserRequest, options?: CallOptions): Promise<RemoveUserResponse__Output>;
  removeUser(request?: RemoveUserRequest, options?: CallOptions): Promise<RemoveUserResponse__Output>;
  DeleteUser(request?: DeleteUserRequest, options?: CallOptions): Promise<DeleteUserResponse__Output>;
  deleteUser(request?: DeleteUserRequest, options?: CallOptions): Promise<DeleteUserResponse__Output>;
  GetAccessToken(request?: GetAccessTokenRequest, options?: CallOptions): Promise<AccessToken__Output>;
  getAccessToken(request?: GetAccessTokenRequest, options?: CallOptions): Promise<AccessToken__Output>;
  RefreshUser(request?: RefreshUserRequest, options?: CallOptions): Promise<User__Output>;
  refreshUser(request?: RefreshUserRequest, options?: CallOptions): Promise<User__Output>;
  WatchEvents(request?: WatchEventsRequest, options?: CallOptions): AsyncGenerator<SessionEvent__Output, void, undefined>;
  watchEvents(request?: WatchEventsRequest, options?: CallOptions): AsyncGenerator<SessionEvent__Output, void, undefined>;
  LogInWithDevice(request?: LogInWithDeviceRequest, options?: CallOptions): AsyncGenerator<LogInWithDeviceResponse__Output, void, undefined>;
  logInWithDevice(request?: LogInWithDeviceRequest, options?: CallOptions): AsyncGenerator<LogInWithDeviceResponse__Output, void, undefined>;
  LogInWithBrowser(request?: LogInWithBrowserRequest, options?: CallOptions): AsyncGenerator<LogInWithBrowserResponse__Output, void, undefined>;
  logInWithBrowser(request?: LogInWithBrowserRequest, options?: CallOptions): AsyncGenerator<LogInWithBrowserResponse__Output, void, undefined>;
  GetIdToken(request?: GetIdTokenRequest, options?: CallOptions): Promise<IdToken__Output>;
  getIdToken(request?: GetIdTokenRequest, options?: CallOptions): Promise<IdToken__Output>;
}

export interface ApiKeys {
  CreateApiKey(request?: CreateApiKeyRequest, options?: CallOptions): Promise<ApiKey__Output>;
  createApiKey(request?: CreateApiKeyRequest, options?: CallOptions): Promise<ApiKey__Output>;
  GetApiKey(request?: GetApiKeyRequest, options?: CallOptions): Promise<ApiKey__Output>;
  getApiKey(request?: GetApiKeyRequest, options?: CallOptions): Promise<ApiKey__Output>;
  ListApiKeys(request?: ListApiKeysRequest, options?: CallOptions): Promise<ListApiKeysResponse__Output>;
  listApiKeys(request?: ListApiKeysRequest, options?: CallOptions): Promise<ListApiKeysResponse__Output>;
  EnableApiKey(request?: EnableApiKeyRequest, options?: CallOptions): Promise<EnableApiKeyResponse__Output>;
  enableApiKey(request?: EnableApiKeyRequest, options?: CallOptions): Promise<EnableApiKeyResponse__Output>;
  DisableApiKey(request?: DisableApiKeyRequest, options?: CallOptions): Promise<DisableApiKeyResponse__Output>;
  disableApiKey(request?: DisableApiKeyRequest, options?: CallOptions): Promise<DisableApiKeyResponse__Output>;
  DeleteApiKey(request?: DeleteApiKeyRequest, options?: CallOptions): Promise<DeleteApiKeyResponse__Output>;
  deleteApiKey(request?: DeleteApiKeyRequest, options?: CallOptions): Promise<DeleteApiKeyResponse__Output>;
}

export interface EmailPassword {
  RegisterUser(request?: RegisterUserRequest, options?: CallOptions): Promise<RegisterUserResponse__Output>;
  registerUser(request?: RegisterUserRequest, options?: CallOptions): Promise<RegisterUserResponse__Output>;
  ConfirmUser(request?: ConfirmUserRequest, options?: CallOptions): Promise<ConfirmUserResponse__Output>;
  confirmUser(request?: ConfirmUserRequest, options?: CallOptions): Promise<ConfirmUserResponse__Output>;
  ResendConfirmationEmail(request?: ResendConfirmationEmailRequest, options?: CallOptions): Promise<ResendConfirmationEmailResponse__Output>;
  resendConfirmationEmail(request?: ResendConfirmationEmailRequest, options?: CallOptions): Promise<ResendConfirmationEmailResponse__Output>;
  RetryCustomConfirmation(request?: RetryCustomConfirmationRequest, options?: CallOptions): Promise<RetryCustomConfirmationResponse__Output>;
  retryCustomConfirmation(request?: RetryCustomConfirmationRequest, options?: CallOptions): Promise<RetryCustomConfirmationResponse__Output>;
  SendResetPasswordEmail(request?: SendResetPasswordEmailRequest, options?: CallOptions): Promise<SendResetPasswordEmailResponse__Output>;
  sendResetPasswordEmail(request?: SendResetPasswordEmailRequest, options?: CallOptions): Promise<SendResetPasswordEmailResponse__Output>;
  ResetPassword(request?: ResetPasswordRequest, options?: CallOptions): Promise<ResetPasswordResponse__Output>;
  resetPassword(request?: ResetPasswordRequest, options?: CallOptions): Promise<ResetPasswordResponse__Output>;
  CallResetPasswordFunction(request?: CallResetPasswordFunctionRequest, options?: CallOptions): Promise<CallResetPasswordFunctionResponse__Output>;
  callResetPasswordFunction(request?: CallResetPasswordFunctionRequest, options?: CallOptions): Promise<CallResetPasswordFunctionResponse__Output>;
}

export interface Daemon {
  ListApps(request?: ListAppsRequest, options?: CallOptions): Promise<ListAppsResponse__Output>;
  listApps(request?: ListAppsRequest, options?: CallOptions): Promise<ListAppsResponse__Output>;
  GetStatus(request?: GetStatusRequest, options?: CallOptions): Promise<GetStatusResponse__Output>;
  getStatus(request?: GetStatusRequest, options?: CallOptions): Promise<GetStatusResponse__Output>;
}
