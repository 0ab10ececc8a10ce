'use strict';
// The client: every RPC of the four services, tokens in one call, events, a fetch wrapper.
// The JSDoc types here are the package's declarations: scripts/types.js makes index.d.ts and
// lib/*.d.ts from them with tsc (never by hand).

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const { v1 } = require('./proto');
const { probe, defaultSocket, untrustedReason } = require('./socket');
const { DaemonNotRunning, UntrustedSocket, fromServiceError } = require('./errors');
const { Watch } = require('./watch');

// Reconnect quickly after a daemon restart (grpc's default waits up to 2 minutes).
const CHANNEL_OPTIONS = {
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.min_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2000,
};
const SERVICES = { sessions: 'Sessions', apiKeys: 'ApiKeys', emailPassword: 'EmailPassword', daemon: 'Daemon' };
// The seconds token() asks the token to stay valid, in every client library (clients/behaviour.json).
const TOKEN_MIN_VALID = 60;

/**
 * @typedef {import('../types/messages').AccessToken__Output} AccessToken
 * @typedef {import('../types/messages').IdToken__Output} IdToken
 * @typedef {import('../types/messages').User__Output} User
 * @typedef {import('../types/messages').SessionEvent__Output} SessionEvent
 * @typedef {import('../types/messages').GetAccessTokenRequest} GetAccessTokenRequest
 * @typedef {import('../types/messages').GetIdTokenRequest} GetIdTokenRequest
 * @typedef {import('../types/services').Sessions} Sessions
 * @typedef {import('../types/services').ApiKeys} ApiKeys
 * @typedef {import('../types/services').EmailPassword} EmailPassword
 * @typedef {import('../types/services').Daemon} Daemon
 * @typedef {import('./errors').LatchkeyError} LatchkeyError
 */

/**
 * @typedef {object} TokenOptions
 * @property {string} [app] The app's name in the daemon's configuration; omitted: its default app.
 * @property {string} [userId] Whose token; omitted: the app's current user.
 * @property {number} [minValid] Seconds the token must stay valid (token(): 60; accessToken(): the daemon's default).
 * @property {boolean} [forceRefresh] Refresh even when the cached token is still valid (after the API refused it).
 * @property {string[] | string} [scopes] Scopes the token must carry (oidc apps): a list, or one scope.
 * @property {string} [audience] The audience (resource) the token is for (oidc apps).
 */

/**
 * @typedef {object} IdTokenOptions
 * @property {string} [app] The app's name; omitted: the daemon's default app.
 * @property {string} [userId] Whose ID token; omitted: the app's current user.
 * @property {number} [minValid] Seconds the ID token must stay valid; omitted: the daemon's default.
 */

/**
 * @typedef {object} ReauthOptions
 * @property {string} [app] Only this app's sessions; omitted: every app.
 * @property {(err: LatchkeyError) => void} [onError] Told of an error that ends the subscription.
 */

/**
 * Throws unless the socket's directory exists and can be trusted (lib/socket.js).
 * @param {string} socket
 */
function checkDirectory(socket) {
  const directory = path.dirname(socket);
  if (!fs.existsSync(directory) && !isLink(directory)) {
    // No directory, no daemon: nothing there to trust or distrust yet.
    throw new DaemonNotRunning(socket, `${directory} does not exist`);
  }
  const why = untrustedReason(socket);
  if (why) throw new UntrustedSocket(socket, why);
}

/** @param {string} file */
function isLink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * seconds (a number) as a google.protobuf.Duration.
 * @param {number} seconds
 */
function duration(seconds) {
  const whole = Math.floor(seconds);
  return { seconds: String(whole), nanos: Math.round((seconds - whole) * 1e9) };
}

/**
 * The GetAccessTokenRequest of `token`'s options.
 * @param {TokenOptions} [options]
 * @returns {GetAccessTokenRequest}
 */
function tokenRequest({ app, userId, minValid, forceRefresh, scopes, audience } = {}) {
  return {
    app: app || '',
    userId: userId || '',
    minValid: minValid == null ? null : duration(minValid),
    forceRefresh: Boolean(forceRefresh),
    scopes: typeof scopes === 'string' ? [scopes] : [...(scopes || [])],
    audience: audience || '',
  };
}

/**
 * A connection to latchkeyd, made on first use. `socket` defaults to where the CLI looks
 * (`$LATCHKEY_SOCKET`, your user daemon, then the system one).
 *
 * `sessions`, `apiKeys`, `emailPassword` and `daemon` hold every RPC of the four services, by
 * its proto name and its lowerCamelCase name: unary calls return promises, streams are async
 * iterables; both reject with LatchkeyError.
 */
class Client {
  /**
   * @param {{ socket?: string } | string} [options] The socket; omitted: `$LATCHKEY_SOCKET`,
   *   then your user daemon's, then the system one.
   */
  constructor(options = {}) {
    /** @type {string} */
    this.socket = (typeof options === 'string' ? options : options.socket) || defaultSocket();
    /** @type {Record<string, any> | null} */
    this._stubs = null;
    /** @type {Promise<void> | null} */
    this._reached = null;
    /** @type {Sessions} */
    this.sessions = serviceWrapper(this, SERVICES.sessions);
    /** @type {ApiKeys} */
    this.apiKeys = serviceWrapper(this, SERVICES.apiKeys);
    /** @type {EmailPassword} */
    this.emailPassword = serviceWrapper(this, SERVICES.emailPassword);
    /** @type {Daemon} */
    this.daemon = serviceWrapper(this, SERVICES.daemon);
  }

  /**
   * The generated grpc-js client of a service, once the socket is found trusted and answering.
   * @param {string} service
   * @returns {Promise<any>}
   */
  async stub(service) {
    // Checked before every call, not only the first: grpc-js reconnects by itself after a
    // daemon restart, and the directory must still be one nobody else could have replaced.
    checkDirectory(this.socket);
    if (!this._reached) {
      this._reached = probe(this.socket).then((gone) => {
        if (gone) throw new DaemonNotRunning(this.socket, gone);
      });
      this._reached.catch(() => {
        this._reached = null; // try again on the next call
      });
    }
    await this._reached;
    if (!this._stubs) {
      const address = `unix://${this.socket}`;
      const credentials = grpc.credentials.createInsecure();
      const first = new v1.Sessions(address, credentials, CHANNEL_OPTIONS);
      const channelOverride = first.getChannel();
      this._stubs = { Sessions: first };
      for (const name of Object.values(SERVICES).slice(1)) {
        this._stubs[name] = new v1[name](address, credentials, { ...CHANNEL_OPTIONS, channelOverride });
      }
    }
    return this._stubs[service];
  }

  /**
   * Closes the connection; the next call opens a new one.
   * @returns {void}
   */
  close() {
    if (this._stubs) this._stubs.Sessions.close();
    this._stubs = null;
    this._reached = null;
  }

  /**
   * The AccessToken message (token, expiresAt, userId, app, stale).
   * @param {TokenOptions} [options]
   * @returns {Promise<AccessToken>}
   */
  accessToken(options = {}) {
    return this.sessions.getAccessToken(tokenRequest(options));
  }

  /**
   * A valid access token (a string) of the app's current user (app omitted: the daemon's
   * default app), valid for at least `minValid` seconds (default 60).
   * @param {TokenOptions} [options]
   * @returns {Promise<string>}
   */
  async token(options = {}) {
    const answer = await this.accessToken({ minValid: TOKEN_MIN_VALID, ...options });
    return answer.token;
  }

  /**
   * The session's OpenID Connect ID token (token, expiresAt, userId, app), for an oidc app whose
   * configuration says `id_tokens = true`.
   * @param {IdTokenOptions} [options]
   * @returns {Promise<IdToken>}
   */
  idToken({ app, userId, minValid } = {}) {
    /** @type {GetIdTokenRequest} */
    const request = { app: app || '', userId: userId || '', minValid: minValid == null ? null : duration(minValid) };
    return this.sessions.getIdToken(request);
  }

  /**
   * The caller's current user of `app` (omitted: the default app).
   * @param {string} [app]
   * @returns {Promise<User>}
   */
  currentUser(app) {
    return this.sessions.getCurrentUser({ app: app || '' });
  }

  /**
   * Session events as they happen, for ever: an async iterable that resumes after the last
   * seq delivered when the daemon restarts. `await watch.subscribed()` returns once the daemon
   * holds the subscription (or rejects with its refusal, as for an unknown app).
   * @param {import('./watch').WatchOptions} [options]
   * @returns {Watch}
   */
  watch(options = {}) {
    return new Watch(this, options);
  }

  /**
   * Calls `callback(event)` for every token_expired event (the moment to ask for a new login)
   * of `options.app` (omitted: every app). Resolves, once subscribed, to the Watch; `close()` it
   * to stop. An error that ends the subscription goes to `options.onError` (default: thrown
   * away after the Watch closes).
   * @param {(event: SessionEvent) => void | Promise<void>} callback
   * @param {ReauthOptions} [options]
   * @returns {Promise<Watch>}
   */
  async onReauthRequired(callback, options = {}) {
    const events = this.watch({ app: options.app, snapshot: false });
    await events.subscribed();
    (async () => {
      for await (const event of events) {
        if (event.kind === 'tokenExpired') await callback(event);
      }
    })().catch((err) => (options.onError ? options.onError(err) : undefined));
    return events;
  }

  /**
   * `fetch(input, init)` with the app's bearer token in Authorization. On a 401 from the API,
   * asks the daemon once for a fresh token (forceRefresh) and sends the request again (only when
   * the 401 came from the origin the token was sent to, not after a redirect elsewhere); a body
   * that is a stream cannot be sent twice, so give it as a string, bytes or FormData.
   * @param {string | URL | Request} input
   * @param {RequestInit} [init]
   * @param {TokenOptions} [options]
   * @returns {Promise<Response>}
   */
  async fetch(input, init = {}, options = {}) {
    /** @param {boolean} forceRefresh */
    const send = async (forceRefresh) => {
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      headers.set('Authorization', `Bearer ${await this.token({ ...options, forceRefresh })}`);
      return fetch(input, { ...init, headers });
    };
    const first = await send(false);
    if (first.status !== 401) return first;
    // Only a 401 from the token's own origin is retried: a redirect elsewhere (fetch drops the
    // header on a cross-origin redirect) must not earn that host a fresh token or a refresh.
    const target = new URL(input instanceof Request ? input.url : String(input));
    if (first.url && new URL(first.url).origin !== target.origin) return first;
    await first.body?.cancel();
    return send(true);
  }
}

/**
 * The four services' RPCs as promises and async iterables that fail with LatchkeyError.
 * @param {Client} client
 * @param {string} service
 * @returns {any} the service's interface (types/services.d.ts)
 */
function serviceWrapper(client, service) {
  /** @type {Record<string, Function>} */
  const wrapper = {};
  for (const [name, method] of Object.entries(v1[service].service)) {
    const call = method.responseStream
      ? (request = {}, options = {}) => stream(client, service, name, request, options)
      : async (request = {}, options = {}) => {
          const stub = await client.stub(service);
          return new Promise((resolve, reject) => {
            stub[name](request, new grpc.Metadata(), options, (err, answer) =>
              err ? fromServiceError(err, client.socket).then(reject) : resolve(answer));
          });
        };
    wrapper[name] = call;
    wrapper[method.originalName] = call;
  }
  return Object.freeze(wrapper);
}

/**
 * @param {Client} client
 * @param {string} service
 * @param {string} name
 * @param {object} request
 * @param {object} options
 */
async function* stream(client, service, name, request, options) {
  const call = (await client.stub(service))[name](request, new grpc.Metadata(), options);
  try {
    for await (const message of call) yield message;
  } catch (err) {
    throw await fromServiceError(err, client.socket);
  } finally {
    call.cancel();
  }
}

module.exports = { Client, CHANNEL_OPTIONS, TOKEN_MIN_VALID, duration, tokenRequest };
