import type { Endpoint as _latchkey_v1_Endpoint, Endpoint__Output as _latchkey_v1_Endpoint__Output } from '../../latchkey/v1/Endpoint';
/**
 * A configured app.
 */
export interface App {
    /**
     * Configuration name.
     */
    'name'?: (string);
    /**
     * Backend kind: `app-services` or `oidc`.
     */
    'kind'?: (string);
    /**
     * Credentials kinds it accepts (Credentials oneof field names), and for oidc apps `device`
     * and `browser` when LogInWithDevice / LogInWithBrowser are allowed.
     */
    'providers'?: (string)[];
    /**
     * Whether requests with an empty `app` go to it.
     */
    'isDefault'?: (boolean);
    /**
     * Where its backend is: the App Services base URL, or the OpenID issuer.
     */
    'backendUrl'?: (string);
    /**
     * oidc apps: the provider's endpoints the daemon uses and where it learned each (empty
     * until the daemon has read the provider's metadata).
     */
    'endpoints'?: (_latchkey_v1_Endpoint)[];
}
/**
 * A configured app.
 */
export interface App__Output {
    /**
     * Configuration name.
     */
    'name': (string);
    /**
     * Backend kind: `app-services` or `oidc`.
     */
    'kind': (string);
    /**
     * Credentials kinds it accepts (Credentials oneof field names), and for oidc apps `device`
     * and `browser` when LogInWithDevice / LogInWithBrowser are allowed.
     */
    'providers': (string)[];
    /**
     * Whether requests with an empty `app` go to it.
     */
    'isDefault': (boolean);
    /**
     * Where its backend is: the App Services base URL, or the OpenID issuer.
     */
    'backendUrl': (string);
    /**
     * oidc apps: the provider's endpoints the daemon uses and where it learned each (empty
     * until the daemon has read the provider's metadata).
     */
    'endpoints': (_latchkey_v1_Endpoint__Output)[];
}
