'use strict';

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

/** Throws unless the socket's directory exists and can be trusted (lib/socket.js). */
function checkDirectory(socket) {
  const directory = path.dirname(socket);
  if (!fs.existsSync(directory) && !isLink(directory)) {
    // No directory, no daemon: nothing there to trust or distrust yet.
    throw new DaemonNotRunning(socket, `${directory} does not exist`);
  }
  const why = untrustedReason(socket);
  if (why) throw new UntrustedSocket(socket, why);
}

function isLink(file) {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** seconds (a number) as a google.protobuf.Duration. */
function duration(seconds) {
  const whole = Math.floor(seconds);
  return { seconds: String(whole), nanos: Math.round((seconds - whole) * 1e9) };
}

/** The GetAccessTokenRequest of `token`'s options. */
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
  constructor(options = {}) {
    this.socket = (typeof options === 'string' ? options : options.socket) || defaultSocket();
    this._stubs = null;
    this._reached = null;
    for (const [property, service] of Object.entries(SERVICES)) {
      this[property] = serviceWrapper(this, service);
    }
  }

  /** The generated grpc-js client of a service, once the socket is found trusted and answering. */
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

  /** Closes the connection; the next call opens a new one. */
  close() {
    if (this._stubs) this._stubs.Sessions.close();
    this._stubs = null;
    this._reached = null;
  }

  /** The AccessToken message (token, expiresAt, userId, app, stale). */
  accessToken(options = {}) {
    return this.sessions.getAccessToken(tokenRequest(options));
  }

  /**
   * A valid access token (a string) of the app's current user (app omitted: the daemon's
   * default app), valid for at least `minValid` seconds (default 60).
   */
  async token(options = {}) {
    const answer = await this.accessToken({ minValid: 60, ...options });
    return answer.token;
  }

  currentUser(app) {
    return this.sessions.getCurrentUser({ app: app || '' });
  }

  /**
   * Session events as they happen, for ever: an async iterable that resumes after the last
   * seq delivered when the daemon restarts. `await watch.subscribed()` returns once the daemon
   * holds the subscription (or rejects with its refusal, as for an unknown app).
   */
  watch(options = {}) {
    return new Watch(this, options);
  }

  /**
   * Calls `callback(event)` for every token_expired event (the moment to ask for a new login)
   * of `options.app` (omitted: every app). Resolves, once subscribed, to the Watch; `close()` it
   * to stop. An error that ends the subscription goes to `options.onError` (default: thrown
   * away after the Watch closes).
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
   */
  async fetch(input, init = {}, options = {}) {
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

/** The four services' RPCs as promises and async iterables that fail with LatchkeyError. */
function serviceWrapper(client, service) {
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

module.exports = { Client, CHANNEL_OPTIONS, tokenRequest };
