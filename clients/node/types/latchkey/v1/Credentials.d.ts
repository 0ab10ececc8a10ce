import type { AnonymousCredential as _latchkey_v1_AnonymousCredential, AnonymousCredential__Output as _latchkey_v1_AnonymousCredential__Output } from '../../latchkey/v1/AnonymousCredential';
import type { EmailPasswordCredential as _latchkey_v1_EmailPasswordCredential, EmailPasswordCredential__Output as _latchkey_v1_EmailPasswordCredential__Output } from '../../latchkey/v1/EmailPasswordCredential';
import type { JwtCredential as _latchkey_v1_JwtCredential, JwtCredential__Output as _latchkey_v1_JwtCredential__Output } from '../../latchkey/v1/JwtCredential';
import type { ApiKeyCredential as _latchkey_v1_ApiKeyCredential, ApiKeyCredential__Output as _latchkey_v1_ApiKeyCredential__Output } from '../../latchkey/v1/ApiKeyCredential';
import type { FunctionCredential as _latchkey_v1_FunctionCredential, FunctionCredential__Output as _latchkey_v1_FunctionCredential__Output } from '../../latchkey/v1/FunctionCredential';
import type { FacebookCredential as _latchkey_v1_FacebookCredential, FacebookCredential__Output as _latchkey_v1_FacebookCredential__Output } from '../../latchkey/v1/FacebookCredential';
import type { GoogleCredential as _latchkey_v1_GoogleCredential, GoogleCredential__Output as _latchkey_v1_GoogleCredential__Output } from '../../latchkey/v1/GoogleCredential';
import type { AppleCredential as _latchkey_v1_AppleCredential, AppleCredential__Output as _latchkey_v1_AppleCredential__Output } from '../../latchkey/v1/AppleCredential';
import type { ClientCredentialsCredential as _latchkey_v1_ClientCredentialsCredential, ClientCredentialsCredential__Output as _latchkey_v1_ClientCredentialsCredential__Output } from '../../latchkey/v1/ClientCredentialsCredential';
import type { PasswordCredential as _latchkey_v1_PasswordCredential, PasswordCredential__Output as _latchkey_v1_PasswordCredential__Output } from '../../latchkey/v1/PasswordCredential';
import type { RefreshTokenCredential as _latchkey_v1_RefreshTokenCredential, RefreshTokenCredential__Output as _latchkey_v1_RefreshTokenCredential__Output } from '../../latchkey/v1/RefreshTokenCredential';
/**
 * How to log in. Exactly one kind is set. App Services apps take `anonymous` through `apple`;
 * oidc apps take `client_credentials`, `password`, `refresh_token` and `jwt`. A kind the app's
 * backend cannot take is refused with FAILED_PRECONDITION, reason PROVIDER_NOT_SUPPORTED.
 */
export interface Credentials {
    /**
     * An anonymous user.
     */
    'anonymous'?: (_latchkey_v1_AnonymousCredential | null);
    /**
     * Email and password (App Services `local-userpass`).
     */
    'emailPassword'?: (_latchkey_v1_EmailPasswordCredential | null);
    /**
     * A custom JWT (App Services `custom-token`; oidc: JWT bearer / token exchange).
     */
    'jwt'?: (_latchkey_v1_JwtCredential | null);
    /**
     * A user or server API key (App Services `api-key`).
     */
    'apiKey'?: (_latchkey_v1_ApiKeyCredential | null);
    /**
     * A custom function's JSON payload (App Services `custom-function`).
     */
    'function'?: (_latchkey_v1_FunctionCredential | null);
    /**
     * A Facebook access token (App Services `oauth2-facebook`).
     */
    'facebook'?: (_latchkey_v1_FacebookCredential | null);
    /**
     * A Google auth code or ID token (App Services `oauth2-google`).
     */
    'google'?: (_latchkey_v1_GoogleCredential | null);
    /**
     * An Apple ID token (App Services `oauth2-apple`).
     */
    'apple'?: (_latchkey_v1_AppleCredential | null);
    /**
     * OAuth 2.0 client credentials grant with the app's configured client (oidc).
     */
    'clientCredentials'?: (_latchkey_v1_ClientCredentialsCredential | null);
    /**
     * OAuth 2.0 resource owner password grant (oidc, where the server allows it).
     */
    'password'?: (_latchkey_v1_PasswordCredential | null);
    /**
     * Adopts an existing OAuth 2.0 refresh token (oidc).
     */
    'refreshToken'?: (_latchkey_v1_RefreshTokenCredential | null);
    /**
     * The credential.
     */
    'kind'?: "anonymous" | "emailPassword" | "jwt" | "apiKey" | "function" | "facebook" | "google" | "apple" | "clientCredentials" | "password" | "refreshToken";
}
/**
 * How to log in. Exactly one kind is set. App Services apps take `anonymous` through `apple`;
 * oidc apps take `client_credentials`, `password`, `refresh_token` and `jwt`. A kind the app's
 * backend cannot take is refused with FAILED_PRECONDITION, reason PROVIDER_NOT_SUPPORTED.
 */
export interface Credentials__Output {
    /**
     * An anonymous user.
     */
    'anonymous'?: (_latchkey_v1_AnonymousCredential__Output | null);
    /**
     * Email and password (App Services `local-userpass`).
     */
    'emailPassword'?: (_latchkey_v1_EmailPasswordCredential__Output | null);
    /**
     * A custom JWT (App Services `custom-token`; oidc: JWT bearer / token exchange).
     */
    'jwt'?: (_latchkey_v1_JwtCredential__Output | null);
    /**
     * A user or server API key (App Services `api-key`).
     */
    'apiKey'?: (_latchkey_v1_ApiKeyCredential__Output | null);
    /**
     * A custom function's JSON payload (App Services `custom-function`).
     */
    'function'?: (_latchkey_v1_FunctionCredential__Output | null);
    /**
     * A Facebook access token (App Services `oauth2-facebook`).
     */
    'facebook'?: (_latchkey_v1_FacebookCredential__Output | null);
    /**
     * A Google auth code or ID token (App Services `oauth2-google`).
     */
    'google'?: (_latchkey_v1_GoogleCredential__Output | null);
    /**
     * An Apple ID token (App Services `oauth2-apple`).
     */
    'apple'?: (_latchkey_v1_AppleCredential__Output | null);
    /**
     * OAuth 2.0 client credentials grant with the app's configured client (oidc).
     */
    'clientCredentials'?: (_latchkey_v1_ClientCredentialsCredential__Output | null);
    /**
     * OAuth 2.0 resource owner password grant (oidc, where the server allows it).
     */
    'password'?: (_latchkey_v1_PasswordCredential__Output | null);
    /**
     * Adopts an existing OAuth 2.0 refresh token (oidc).
     */
    'refreshToken'?: (_latchkey_v1_RefreshTokenCredential__Output | null);
    /**
     * The credential.
     */
    'kind'?: "anonymous" | "emailPassword" | "jwt" | "apiKey" | "function" | "facebook" | "google" | "apple" | "clientCredentials" | "password" | "refreshToken";
}
