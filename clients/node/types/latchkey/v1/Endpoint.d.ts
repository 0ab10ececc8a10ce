/**
 * An endpoint of an app's backend.
 */
export interface Endpoint {
    /**
     * Its metadata name: `authorization_endpoint`, `token_endpoint`,
     * `device_authorization_endpoint`, `userinfo_endpoint`, `revocation_endpoint` or `jwks_uri`.
     */
    'name'?: (string);
    /**
     * The URL.
     */
    'url'?: (string);
    /**
     * Where the daemon learned it: `openid-configuration` (the OpenID Connect discovery
     * document), `oauth-authorization-server` (the RFC 8414 metadata) or `configuration` (the
     * app's configuration, which takes the place of the provider's).
     */
    'source'?: (string);
}
/**
 * An endpoint of an app's backend.
 */
export interface Endpoint__Output {
    /**
     * Its metadata name: `authorization_endpoint`, `token_endpoint`,
     * `device_authorization_endpoint`, `userinfo_endpoint`, `revocation_endpoint` or `jwks_uri`.
     */
    'name': (string);
    /**
     * The URL.
     */
    'url': (string);
    /**
     * Where the daemon learned it: `openid-configuration` (the OpenID Connect discovery
     * document), `oauth-authorization-server` (the RFC 8414 metadata) or `configuration` (the
     * app's configuration, which takes the place of the provider's).
     */
    'source': (string);
}
