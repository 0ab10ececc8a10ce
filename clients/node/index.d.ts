// Types of the latchkey package. The messages (input and __Output forms) and the services are
// generated from proto/ by scripts/types.js; this file declares the hand-written API around them.

import type { CallOptions, status as grpcStatus } from '@grpc/grpc-js';
import type { AccessToken__Output, SessionEvent__Output, User__Output } from './types/messages';
import type { ApiKeys, Daemon, EmailPassword, Sessions } from './types/services';
import type { Reason as ReasonEnum } from './types/latchkey/v1/Reason';

export * from './types/messages';
export type { ApiKeys, CallOptions, Daemon, EmailPassword, Sessions };

export interface TokenOptions {
  /** The app's name in the daemon's configuration; omitted: its default app. */
  app?: string;
  /** Whose token; omitted: the app's current user. */
  userId?: string;
  /** Seconds the token must stay valid (token(): 60; accessToken(): the daemon's default). */
  minValid?: number;
  /** Refresh even when the cached token is still valid (after the API refused it). */
  forceRefresh?: boolean;
  /** Scopes the token must carry (oidc apps): a list, or one scope. */
  scopes?: string[] | string;
  audience?: string;
}

export interface WatchOptions {
  app?: string;
  userId?: string;
  /** Start with a snapshot event of every session (default true). */
  snapshot?: boolean;
}

export declare class Watch implements AsyncIterableIterator<SessionEvent__Output> {
  /** Resolves once the daemon holds the subscription; rejects with its refusal. */
  subscribed(): Promise<void>;
  /** Ends the subscription; the iterator finishes. */
  close(): void;
  next(): Promise<IteratorResult<SessionEvent__Output>>;
  return(): Promise<IteratorResult<SessionEvent__Output>>;
  [Symbol.asyncIterator](): Watch;
}

export declare class Client {
  /** `socket` defaults to $LATCHKEY_SOCKET, then your user daemon's, then the system one. */
  constructor(options?: { socket?: string } | string);
  readonly socket: string;
  readonly sessions: Sessions;
  readonly apiKeys: ApiKeys;
  readonly emailPassword: EmailPassword;
  readonly daemon: Daemon;
  /** A valid access token of the app's current user, valid for at least minValid seconds. */
  token(options?: TokenOptions): Promise<string>;
  accessToken(options?: TokenOptions): Promise<AccessToken__Output>;
  currentUser(app?: string): Promise<User__Output>;
  watch(options?: WatchOptions): Watch;
  onReauthRequired(
    callback: (event: SessionEvent__Output) => void | Promise<void>,
    options?: { app?: string; onError?: (err: LatchkeyError) => void },
  ): Promise<Watch>;
  /** fetch with the bearer token; on a 401, one forced refresh and one retry. */
  fetch(input: string | URL | Request, init?: RequestInit, options?: TokenOptions): Promise<Response>;
  close(): void;
}

/** The daemon's ErrorInfo reasons, from the proto's `Reason` enum (each the string sent). */
export declare const Reason: Omit<typeof ReasonEnum, 'REASON_UNSPECIFIED'>;

export declare class LatchkeyError extends Error {
  /** The gRPC status code (see `status`). */
  readonly code: grpcStatus;
  readonly details: string;
  /** The google.rpc.ErrorInfo reason, such as REAUTH_REQUIRED; null without one. */
  readonly reason: string | null;
  readonly metadata: Record<string, string>;
  hasReason(reason: string): boolean;
  isReauthRequired(): boolean;
  isNotLoggedIn(): boolean;
  isAppNotFound(): boolean;
}

export declare class DaemonNotRunning extends LatchkeyError {
  /** The socket tried. */
  readonly socket: string;
}

export declare class UntrustedSocket extends LatchkeyError {
  readonly socket: string;
}

export declare const status: typeof grpcStatus;
export declare const SYSTEM_SOCKET: string;
export declare function defaultSocket(): string;
export declare function userSocket(): string;
