'use strict';
// The Realm SDK's user management over the daemon: App, Credentials, User, with the names a
// Realm Web or Node SDK user knows (app.logIn(Credentials.anonymous()), app.currentUser(),
// user.apiKeys.create(...), ...). Every call is one RPC to latchkeyd, which holds the sessions:
// they are shared by every process of the user and outlive this one, so what the Realm SDK read
// from memory (currentUser, allUsers) is asked of the daemon, and returns a promise.

const { Client } = require('./client');
const { LatchkeyError, Reason } = require('./errors');

/**
 * @typedef {import('../types/messages').Credentials} CredentialsMessage
 * @typedef {import('../types/messages').User__Output} UserData
 * @typedef {import('../types/messages').ApiKey__Output} ApiKey
 * @typedef {import('../types/messages').Identity__Output} Identity
 * @typedef {import('../types/messages').SessionEvent__Output} SessionEvent
 */

/** How to log in: build one with the static method named after its provider. */
class Credentials {
  /** @param {CredentialsMessage} message */
  constructor(message) {
    /** The Credentials message sent to the daemon. @type {CredentialsMessage} */
    this.message = message;
    // The secrets stay out of console.log and JSON.stringify.
    Object.defineProperty(this, 'message', { enumerable: false });
  }

  /** The kind, e.g. `anonymous`, `emailPassword`, `jwt` (the message's oneof name). */
  get provider() {
    return Object.keys(this.message)[0] || '';
  }

  toJSON() {
    return { provider: this.provider };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Credentials.${this.provider}(...)`;
  }

  /**
   * An anonymous user: the caller's existing one of the app when `reuse` (the Realm SDK's
   * default), a new one otherwise.
   * @param {boolean} [reuse]
   */
  static anonymous(reuse = true) {
    return new Credentials({ anonymous: { newUser: !reuse } });
  }

  /**
   * @param {string} email
   * @param {string} password
   */
  static emailPassword(email, password) {
    return new Credentials({ emailPassword: { email, password } });
  }

  /**
   * A custom JWT (App Services custom-token; an oidc app's JWT bearer grant).
   * @param {string} token
   */
  static jwt(token) {
    return new Credentials({ jwt: { token } });
  }

  /**
   * A user or server API key.
   * @param {string} key
   */
  static apiKey(key) {
    return new Credentials({ apiKey: { key } });
  }

  /**
   * A custom function's payload: an object (sent as JSON) or a JSON object's text.
   * @param {Record<string, unknown> | string} payload
   */
  static function(payload) {
    return new Credentials({ function: { payloadJson: typeof payload === 'string' ? payload : JSON.stringify(payload) } });
  }

  /** @param {string} accessToken */
  static facebook(accessToken) {
    return new Credentials({ facebook: { accessToken } });
  }

  /**
   * A Google server auth code or ID token: exactly one.
   * @param {{ authCode: string } | { idToken: string }} token
   */
  static google(token) {
    const given = Object.keys(token || {}).filter((key) => key === 'authCode' || key === 'idToken');
    if (given.length !== 1) throw new TypeError('Credentials.google takes exactly one of authCode and idToken');
    return new Credentials({ google: { ...token } });
  }

  /** @param {string} idToken */
  static apple(idToken) {
    return new Credentials({ apple: { idToken } });
  }

  /** An oidc app's client credentials grant, with its configured client. */
  static clientCredentials() {
    return new Credentials({ clientCredentials: {} });
  }

  /**
   * An oidc app's resource owner password grant.
   * @param {string} username
   * @param {string} password
   */
  static password(username, password) {
    return new Credentials({ password: { username, password } });
  }

  /**
   * Adopts an oidc refresh token obtained elsewhere.
   * @param {string} token
   */
  static refreshToken(token) {
    return new Credentials({ refreshToken: { token } });
  }
}

/**
 * The message of `credentials`, which must be a Credentials (a plain object is a mistake the
 * daemon would only answer with INVALID_ARGUMENT).
 * @param {Credentials} credentials
 * @returns {CredentialsMessage}
 */
function message(credentials) {
  if (!(credentials instanceof Credentials)) {
    throw new TypeError('expected a Credentials, e.g. Credentials.anonymous() or Credentials.emailPassword(email, password)');
  }
  return credentials.message;
}

/** A user's API keys (`user.apiKeys`), as the Realm SDK's. */
class ApiKeyAuth {
  /** @param {User} user */
  constructor(user) {
    /** @private */
    this._user = user;
  }

  /** @private */
  _where() {
    return { app: this._user.appId, userId: this._user.id };
  }

  /** @private */
  get _keys() {
    return this._user.app.client.apiKeys;
  }

  /**
   * A new key; its `key` (the secret) is in this answer only.
   * @param {string} name
   * @returns {Promise<ApiKey>}
   */
  create(name) {
    return this._keys.createApiKey({ ...this._where(), name });
  }

  /**
   * @param {string} keyId
   * @returns {Promise<ApiKey>}
   */
  fetch(keyId) {
    return this._keys.getApiKey({ ...this._where(), id: keyId });
  }

  /** @returns {Promise<ApiKey[]>} */
  async fetchAll() {
    return (await this._keys.listApiKeys(this._where())).apiKeys;
  }

  /**
   * @param {string} keyId
   * @returns {Promise<void>}
   */
  async enable(keyId) {
    await this._keys.enableApiKey({ ...this._where(), id: keyId });
  }

  /**
   * @param {string} keyId
   * @returns {Promise<void>}
   */
  async disable(keyId) {
    await this._keys.disableApiKey({ ...this._where(), id: keyId });
  }

  /**
   * @param {string} keyId
   * @returns {Promise<void>}
   */
  async delete(keyId) {
    await this._keys.deleteApiKey({ ...this._where(), id: keyId });
  }
}

/** Realm's names of a user's states. */
const STATES = Object.freeze({ USER_STATE_LOGGED_IN: 'LoggedIn', USER_STATE_LOGGED_OUT: 'LoggedOut' });

/**
 * One of the caller's users of an app, as the daemon last described it (`data`). Its methods act
 * on the daemon's session and bring `data` up to date.
 */
class User {
  /**
   * @param {App} app
   * @param {UserData} data
   */
  constructor(app, data) {
    /** @type {App} */
    this.app = app;
    /** @type {UserData} */
    this.data = data;
  }

  /** @returns {string} */
  get id() {
    return this.data.id;
  }

  /** The app's name in the daemon's configuration. @returns {string} */
  get appId() {
    return this.data.app;
  }

  /** `LoggedIn`, `LoggedOut` or `Removed`, as the Realm SDK names them. @returns {'LoggedIn' | 'LoggedOut' | 'Removed'} */
  get state() {
    return /** @type {Record<string, 'LoggedIn' | 'LoggedOut'>} */ (STATES)[this.data.state] || 'Removed';
  }

  /** @returns {boolean} */
  get isLoggedIn() {
    return this.data.state === 'USER_STATE_LOGGED_IN';
  }

  /** @returns {string} */
  get providerType() {
    return this.data.providerType;
  }

  /** @returns {Identity[]} */
  get identities() {
    return this.data.identities;
  }

  /** @returns {string} */
  get deviceId() {
    return this.data.deviceId;
  }

  /** What the backend knows of the user, as it sent it. @returns {Record<string, unknown>} */
  get profile() {
    return plain(this.data.profile && this.data.profile.data);
  }

  /** The custom data as of the last refresh (`refreshCustomData()` fetches it anew). @returns {Record<string, unknown>} */
  get customData() {
    return plain(this.data.customData);
  }

  /** The user's API keys. @returns {ApiKeyAuth} */
  get apiKeys() {
    return new ApiKeyAuth(this);
  }

  /**
   * A valid access token of this user, refreshed by the daemon first when it would expire within
   * a minute. (The refresh token stays in the daemon: there is no refreshToken here.)
   * @returns {Promise<string>}
   */
  accessToken() {
    return this.app.client.token({ app: this.appId, userId: this.id });
  }

  /**
   * Ends the session (and revokes it at the backend); an anonymous user is removed.
   * @returns {Promise<void>}
   */
  async logOut() {
    this.data = await this.app.client.sessions.logOut({ app: this.appId, userId: this.id });
  }

  /**
   * Adds another identity to this user; resolves to the user, updated.
   * @param {Credentials} credentials
   * @returns {Promise<User>}
   */
  async linkCredentials(credentials) {
    this.data = await this.app.client.sessions.linkCredentials({
      app: this.appId, userId: this.id, credentials: message(credentials),
    });
    return this;
  }

  /**
   * Refreshes the access token now, which brings the custom data with it; resolves to it.
   * @returns {Promise<Record<string, unknown>>}
   */
  async refreshCustomData() {
    this.data = await this.app.client.sessions.refreshUser({ app: this.appId, userId: this.id });
    return this.customData;
  }

  toJSON() {
    return { app: this.appId, id: this.id, state: this.state, providerType: this.providerType };
  }
}

/**
 * A google.protobuf.Struct as proto-loader gives it, as a plain object.
 * @param {any} struct
 * @returns {Record<string, unknown>}
 */
function plain(struct) {
  /** @param {any} value @returns {unknown} */
  const value = (value) => {
    switch (value && value.kind) {
      case 'nullValue': return null;
      case 'numberValue': return value.numberValue;
      case 'stringValue': return value.stringValue;
      case 'boolValue': return value.boolValue;
      case 'structValue': return plain(value.structValue);
      case 'listValue': return (value.listValue.values || []).map(value);
      default: return undefined;
    }
  };
  return Object.fromEntries(Object.entries((struct && struct.fields) || {}).map(([key, field]) => [key, value(field)]));
}

/** Email/password accounts (`app.emailPasswordAuth`), as the Realm SDK's. */
class EmailPasswordAuth {
  /** @param {App} app */
  constructor(app) {
    /** @private */
    this._app = app;
  }

  /** @private */
  get _accounts() {
    return this._app.client.emailPassword;
  }

  /**
   * @param {{ email: string, password: string }} account
   * @returns {Promise<void>}
   */
  async registerUser({ email, password }) {
    await this._accounts.registerUser({ app: this._app.id, email, password });
  }

  /**
   * @param {{ token: string, tokenId: string }} link
   * @returns {Promise<void>}
   */
  async confirmUser({ token, tokenId }) {
    await this._accounts.confirmUser({ app: this._app.id, token, tokenId });
  }

  /**
   * @param {{ email: string }} account
   * @returns {Promise<void>}
   */
  async resendConfirmationEmail({ email }) {
    await this._accounts.resendConfirmationEmail({ app: this._app.id, email });
  }

  /**
   * @param {{ email: string }} account
   * @returns {Promise<void>}
   */
  async retryCustomConfirmation({ email }) {
    await this._accounts.retryCustomConfirmation({ app: this._app.id, email });
  }

  /**
   * @param {{ email: string }} account
   * @returns {Promise<void>}
   */
  async sendResetPasswordEmail({ email }) {
    await this._accounts.sendResetPasswordEmail({ app: this._app.id, email });
  }

  /**
   * @param {{ password: string, token: string, tokenId: string }} reset
   * @returns {Promise<void>}
   */
  async resetPassword({ password, token, tokenId }) {
    await this._accounts.resetPassword({ app: this._app.id, password, token, tokenId });
  }

  /**
   * Runs the app's reset function with `args` (sent as a JSON array).
   * @param {{ email: string, password: string }} account
   * @param {...unknown} args
   * @returns {Promise<void>}
   */
  async callResetPasswordFunction({ email, password }, ...args) {
    await this._accounts.callResetPasswordFunction({
      app: this._app.id, email, password, argumentsJson: JSON.stringify(args),
    });
  }
}

/**
 * An app of the daemon's configuration, by its name there, with the Realm SDK's user
 * management: `await new App('myapp').logIn(Credentials.anonymous())`.
 */
class App {
  /**
   * @param {string | { id?: string, client?: Client, socket?: string }} [options] The app's name
   *   in the daemon's configuration (omitted: its default app), and the Client or socket to use.
   */
  constructor(options = {}) {
    const { id, client, socket } = typeof options === 'string' ? { id: options, client: undefined, socket: undefined } : options;
    /** The app's name; '' is the daemon's default app. @type {string} */
    this.id = id || '';
    /** @type {Client} */
    this.client = client || new Client(socket ? { socket } : {});
  }

  /**
   * Logs in and makes the user the current one; resolves once the session is stored.
   * @param {Credentials} credentials
   * @returns {Promise<User>}
   */
  async logIn(credentials) {
    return new User(this, await this.client.sessions.logIn({ app: this.id, credentials: message(credentials) }));
  }

  /**
   * The caller's current user of the app, or null.
   * @returns {Promise<User | null>}
   */
  async currentUser() {
    try {
      return new User(this, await this.client.currentUser(this.id));
    } catch (err) {
      if (err instanceof LatchkeyError && err.hasReason(Reason.NO_CURRENT_USER)) return null;
      throw err;
    }
  }

  /**
   * Every user of the caller's that is not removed, by id, in the order they came.
   * @returns {Promise<Record<string, User>>}
   */
  async allUsers() {
    const { users } = await this.client.sessions.listUsers({ app: this.id });
    return Object.fromEntries(users.map((data) => [data.id, new User(this, data)]));
  }

  /**
   * Makes `user` (logged in) the current user.
   * @param {User} user
   * @returns {Promise<void>}
   */
  async switchUser(user) {
    user.data = await this.client.sessions.switchUser({ app: user.appId, userId: user.id });
  }

  /**
   * Logs `user` out and forgets them on this machine.
   * @param {User} user
   * @returns {Promise<void>}
   */
  async removeUser(user) {
    const { user: data } = await this.client.sessions.removeUser({ app: user.appId, userId: user.id });
    if (data) user.data = data;
  }

  /**
   * Deletes `user` at the backend, then forgets them.
   * @param {User} user
   * @returns {Promise<void>}
   */
  async deleteUser(user) {
    const { user: data } = await this.client.sessions.deleteUser({ app: user.appId, userId: user.id });
    if (data) user.data = data;
  }

  /** Email/password accounts. @returns {EmailPasswordAuth} */
  get emailPasswordAuth() {
    return new EmailPasswordAuth(this);
  }

  /**
   * The expiry callback: `callback(event)` for every session of this app that can no longer be
   * refreshed (the moment to ask for a new login). Resolves once subscribed, to the Watch
   * (`close()` it to stop).
   * @param {(event: SessionEvent) => void | Promise<void>} callback
   * @returns {Promise<import('./watch').Watch>}
   */
  onReauthRequired(callback) {
    return this.client.onReauthRequired(callback, { app: this.id || undefined });
  }
}

module.exports = { ApiKeyAuth, App, Credentials, EmailPasswordAuth, User };
