import type { Long } from '@grpc/proto-loader';
/**
 * WatchEvents.
 */
export interface WatchEventsRequest {
    /**
     * Only this app's events; empty = every app.
     */
    'app'?: (string);
    /**
     * Only this user's events; empty = every user.
     */
    'userId'?: (string);
    /**
     * Send a snapshot event for every matching user first.
     */
    'includeSnapshot'?: (boolean);
    /**
     * Resume after this event's `seq` (0 = live only).
     */
    'resumeAfter'?: (number | string | Long);
}
/**
 * WatchEvents.
 */
export interface WatchEventsRequest__Output {
    /**
     * Only this app's events; empty = every app.
     */
    'app': (string);
    /**
     * Only this user's events; empty = every user.
     */
    'userId': (string);
    /**
     * Send a snapshot event for every matching user first.
     */
    'includeSnapshot': (boolean);
    /**
     * Resume after this event's `seq` (0 = live only).
     */
    'resumeAfter': (string);
}
