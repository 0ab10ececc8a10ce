import type * as grpc from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import type { CallResetPasswordFunctionRequest as _latchkey_v1_CallResetPasswordFunctionRequest, CallResetPasswordFunctionRequest__Output as _latchkey_v1_CallResetPasswordFunctionRequest__Output } from '../../latchkey/v1/CallResetPasswordFunctionRequest';
import type { CallResetPasswordFunctionResponse as _latchkey_v1_CallResetPasswordFunctionResponse, CallResetPasswordFunctionResponse__Output as _latchkey_v1_CallResetPasswordFunctionResponse__Output } from '../../latchkey/v1/CallResetPasswordFunctionResponse';
import type { ConfirmUserRequest as _latchkey_v1_ConfirmUserRequest, ConfirmUserRequest__Output as _latchkey_v1_ConfirmUserRequest__Output } from '../../latchkey/v1/ConfirmUserRequest';
import type { ConfirmUserResponse as _latchkey_v1_ConfirmUserResponse, ConfirmUserResponse__Output as _latchkey_v1_ConfirmUserResponse__Output } from '../../latchkey/v1/ConfirmUserResponse';
import type { RegisterUserRequest as _latchkey_v1_RegisterUserRequest, RegisterUserRequest__Output as _latchkey_v1_RegisterUserRequest__Output } from '../../latchkey/v1/RegisterUserRequest';
import type { RegisterUserResponse as _latchkey_v1_RegisterUserResponse, RegisterUserResponse__Output as _latchkey_v1_RegisterUserResponse__Output } from '../../latchkey/v1/RegisterUserResponse';
import type { ResendConfirmationEmailRequest as _latchkey_v1_ResendConfirmationEmailRequest, ResendConfirmationEmailRequest__Output as _latchkey_v1_ResendConfirmationEmailRequest__Output } from '../../latchkey/v1/ResendConfirmationEmailRequest';
import type { ResendConfirmationEmailResponse as _latchkey_v1_ResendConfirmationEmailResponse, ResendConfirmationEmailResponse__Output as _latchkey_v1_ResendConfirmationEmailResponse__Output } from '../../latchkey/v1/ResendConfirmationEmailResponse';
import type { ResetPasswordRequest as _latchkey_v1_ResetPasswordRequest, ResetPasswordRequest__Output as _latchkey_v1_ResetPasswordRequest__Output } from '../../latchkey/v1/ResetPasswordRequest';
import type { ResetPasswordResponse as _latchkey_v1_ResetPasswordResponse, ResetPasswordResponse__Output as _latchkey_v1_ResetPasswordResponse__Output } from '../../latchkey/v1/ResetPasswordResponse';
import type { RetryCustomConfirmationRequest as _latchkey_v1_RetryCustomConfirmationRequest, RetryCustomConfirmationRequest__Output as _latchkey_v1_RetryCustomConfirmationRequest__Output } from '../../latchkey/v1/RetryCustomConfirmationRequest';
import type { RetryCustomConfirmationResponse as _latchkey_v1_RetryCustomConfirmationResponse, RetryCustomConfirmationResponse__Output as _latchkey_v1_RetryCustomConfirmationResponse__Output } from '../../latchkey/v1/RetryCustomConfirmationResponse';
import type { SendResetPasswordEmailRequest as _latchkey_v1_SendResetPasswordEmailRequest, SendResetPasswordEmailRequest__Output as _latchkey_v1_SendResetPasswordEmailRequest__Output } from '../../latchkey/v1/SendResetPasswordEmailRequest';
import type { SendResetPasswordEmailResponse as _latchkey_v1_SendResetPasswordEmailResponse, SendResetPasswordEmailResponse__Output as _latchkey_v1_SendResetPasswordEmailResponse__Output } from '../../latchkey/v1/SendResetPasswordEmailResponse';
/**
 * Email/password account flows of App Services apps.
 */
export interface EmailPasswordClient extends grpc.Client {
    /**
     * Sets a new password through the app's custom reset function.
     */
    CallResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    CallResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    CallResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    CallResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sets a new password through the app's custom reset function.
     */
    callResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    callResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    callResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    callResetPasswordFunction(argument: _latchkey_v1_CallResetPasswordFunctionRequest, callback: grpc.requestCallback<_latchkey_v1_CallResetPasswordFunctionResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Confirms an account with the token and token id of a confirmation link.
     */
    ConfirmUser(argument: _latchkey_v1_ConfirmUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    ConfirmUser(argument: _latchkey_v1_ConfirmUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    ConfirmUser(argument: _latchkey_v1_ConfirmUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    ConfirmUser(argument: _latchkey_v1_ConfirmUserRequest, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Confirms an account with the token and token id of a confirmation link.
     */
    confirmUser(argument: _latchkey_v1_ConfirmUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    confirmUser(argument: _latchkey_v1_ConfirmUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    confirmUser(argument: _latchkey_v1_ConfirmUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    confirmUser(argument: _latchkey_v1_ConfirmUserRequest, callback: grpc.requestCallback<_latchkey_v1_ConfirmUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Registers a new email/password account.
     */
    RegisterUser(argument: _latchkey_v1_RegisterUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    RegisterUser(argument: _latchkey_v1_RegisterUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    RegisterUser(argument: _latchkey_v1_RegisterUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    RegisterUser(argument: _latchkey_v1_RegisterUserRequest, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Registers a new email/password account.
     */
    registerUser(argument: _latchkey_v1_RegisterUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    registerUser(argument: _latchkey_v1_RegisterUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    registerUser(argument: _latchkey_v1_RegisterUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    registerUser(argument: _latchkey_v1_RegisterUserRequest, callback: grpc.requestCallback<_latchkey_v1_RegisterUserResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sends the confirmation email again.
     */
    ResendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    ResendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    ResendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    ResendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sends the confirmation email again.
     */
    resendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    resendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    resendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    resendConfirmationEmail(argument: _latchkey_v1_ResendConfirmationEmailRequest, callback: grpc.requestCallback<_latchkey_v1_ResendConfirmationEmailResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sets a new password with the token and token id of a reset link.
     */
    ResetPassword(argument: _latchkey_v1_ResetPasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    ResetPassword(argument: _latchkey_v1_ResetPasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    ResetPassword(argument: _latchkey_v1_ResetPasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    ResetPassword(argument: _latchkey_v1_ResetPasswordRequest, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sets a new password with the token and token id of a reset link.
     */
    resetPassword(argument: _latchkey_v1_ResetPasswordRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    resetPassword(argument: _latchkey_v1_ResetPasswordRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    resetPassword(argument: _latchkey_v1_ResetPasswordRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    resetPassword(argument: _latchkey_v1_ResetPasswordRequest, callback: grpc.requestCallback<_latchkey_v1_ResetPasswordResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Runs the app's custom confirmation function again.
     */
    RetryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    RetryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    RetryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    RetryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Runs the app's custom confirmation function again.
     */
    retryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    retryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    retryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    retryCustomConfirmation(argument: _latchkey_v1_RetryCustomConfirmationRequest, callback: grpc.requestCallback<_latchkey_v1_RetryCustomConfirmationResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sends a password reset email.
     */
    SendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    SendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    SendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    SendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    /**
     * Sends a password reset email.
     */
    sendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    sendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    sendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
    sendResetPasswordEmail(argument: _latchkey_v1_SendResetPasswordEmailRequest, callback: grpc.requestCallback<_latchkey_v1_SendResetPasswordEmailResponse__Output>): grpc.ClientUnaryCall;
}
/**
 * Email/password account flows of App Services apps.
 */
export interface EmailPasswordHandlers extends grpc.UntypedServiceImplementation {
    /**
     * Sets a new password through the app's custom reset function.
     */
    CallResetPasswordFunction: grpc.handleUnaryCall<_latchkey_v1_CallResetPasswordFunctionRequest__Output, _latchkey_v1_CallResetPasswordFunctionResponse>;
    /**
     * Confirms an account with the token and token id of a confirmation link.
     */
    ConfirmUser: grpc.handleUnaryCall<_latchkey_v1_ConfirmUserRequest__Output, _latchkey_v1_ConfirmUserResponse>;
    /**
     * Registers a new email/password account.
     */
    RegisterUser: grpc.handleUnaryCall<_latchkey_v1_RegisterUserRequest__Output, _latchkey_v1_RegisterUserResponse>;
    /**
     * Sends the confirmation email again.
     */
    ResendConfirmationEmail: grpc.handleUnaryCall<_latchkey_v1_ResendConfirmationEmailRequest__Output, _latchkey_v1_ResendConfirmationEmailResponse>;
    /**
     * Sets a new password with the token and token id of a reset link.
     */
    ResetPassword: grpc.handleUnaryCall<_latchkey_v1_ResetPasswordRequest__Output, _latchkey_v1_ResetPasswordResponse>;
    /**
     * Runs the app's custom confirmation function again.
     */
    RetryCustomConfirmation: grpc.handleUnaryCall<_latchkey_v1_RetryCustomConfirmationRequest__Output, _latchkey_v1_RetryCustomConfirmationResponse>;
    /**
     * Sends a password reset email.
     */
    SendResetPasswordEmail: grpc.handleUnaryCall<_latchkey_v1_SendResetPasswordEmailRequest__Output, _latchkey_v1_SendResetPasswordEmailResponse>;
}
export interface EmailPasswordDefinition extends grpc.ServiceDefinition {
    CallResetPasswordFunction: MethodDefinition<_latchkey_v1_CallResetPasswordFunctionRequest, _latchkey_v1_CallResetPasswordFunctionResponse, _latchkey_v1_CallResetPasswordFunctionRequest__Output, _latchkey_v1_CallResetPasswordFunctionResponse__Output>;
    ConfirmUser: MethodDefinition<_latchkey_v1_ConfirmUserRequest, _latchkey_v1_ConfirmUserResponse, _latchkey_v1_ConfirmUserRequest__Output, _latchkey_v1_ConfirmUserResponse__Output>;
    RegisterUser: MethodDefinition<_latchkey_v1_RegisterUserRequest, _latchkey_v1_RegisterUserResponse, _latchkey_v1_RegisterUserRequest__Output, _latchkey_v1_RegisterUserResponse__Output>;
    ResendConfirmationEmail: MethodDefinition<_latchkey_v1_ResendConfirmationEmailRequest, _latchkey_v1_ResendConfirmationEmailResponse, _latchkey_v1_ResendConfirmationEmailRequest__Output, _latchkey_v1_ResendConfirmationEmailResponse__Output>;
    ResetPassword: MethodDefinition<_latchkey_v1_ResetPasswordRequest, _latchkey_v1_ResetPasswordResponse, _latchkey_v1_ResetPasswordRequest__Output, _latchkey_v1_ResetPasswordResponse__Output>;
    RetryCustomConfirmation: MethodDefinition<_latchkey_v1_RetryCustomConfirmationRequest, _latchkey_v1_RetryCustomConfirmationResponse, _latchkey_v1_RetryCustomConfirmationRequest__Output, _latchkey_v1_RetryCustomConfirmationResponse__Output>;
    SendResetPasswordEmail: MethodDefinition<_latchkey_v1_SendResetPasswordEmailRequest, _latchkey_v1_SendResetPasswordEmailResponse, _latchkey_v1_SendResetPasswordEmailRequest__Output, _latchkey_v1_SendResetPasswordEmailResponse__Output>;
}
