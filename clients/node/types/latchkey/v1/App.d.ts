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
}
