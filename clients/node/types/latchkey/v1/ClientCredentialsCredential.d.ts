/**
 * OAuth 2.0 client credentials grant; the client is the app's configured one.
 */
export interface ClientCredentialsCredential {
}
/**
 * OAuth 2.0 client credentials grant; the client is the app's configured one.
 */
export interface ClientCredentialsCredential__Output {
}
