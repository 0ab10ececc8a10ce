/**
 * LogInWithBrowser.
 */
export interface LogInWithBrowserRequest {
    /**
     * App name (an oidc app); empty = default app.
     */
    'app'?: (string);
    /**
     * Scopes to request; empty = the app's configured scopes.
     */
    'scopes'?: (string)[];
    /**
     * As in LogInWithDeviceRequest.
     */
    'userId'?: (string);
}
/**
 * LogInWithBrowser.
 */
export interface LogInWithBrowserRequest__Output {
    /**
     * App name (an oidc app); empty = default app.
     */
    'app': (string);
    /**
     * Scopes to request; empty = the app's configured scopes.
     */
    'scopes': (string)[];
    /**
     * As in LogInWithDeviceRequest.
     */
    'userId': (string);
}
