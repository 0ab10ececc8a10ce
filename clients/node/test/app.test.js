'use strict';
// The Realm SDK's shape (App, Credentials, User) against a real daemon and its built-in emulator:
// every credential kind the emulator offers, the user list, switching, API keys, linking, custom
// data, logout, removal, deletion and the expiry callback.

const assert = require('node:assert/strict');
const util = require('node:util');
const { test } = require('node:test');

const { App, Client, Credentials, LatchkeyError, Reason } = require('latchkey');
const { Daemon } = require('./daemon');

async function emulator(daemon, where, body, method = 'POST') {
  const answer = await fetch(`${daemon.emulator}/emulator/v1/${where}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(answer.ok, `${where}: ${answer.status}`);
  const text = await answer.text();
  return text ? JSON.parse(text) : null;
}

async function withApp(body) {
  const daemon = await Daemon.start();
  const client = new Client(daemon.socket);
  try {
    await body(new App({ client }), daemon);
  } finally {
    client.close();
    await daemon.remove();
  }
}

test('log in, current user, all users and switching', () =>
  withApp(async (app) => {
    assert.equal(await app.currentUser(), null);
    const anonymous = await app.logIn(Credentials.anonymous());
    assert.ok(anonymous.isLoggedIn);
    assert.equal(anonymous.state, 'LoggedIn');
    assert.equal(anonymous.providerType, 'anon-user');
    assert.equal((await app.logIn(Credentials.anonymous())).id, anonymous.id, 'reuse is the default');
    assert.notEqual((await app.logIn(Credentials.anonymous(false))).id, anonymous.id);

    await app.emailPasswordAuth.registerUser({ email: 'ada@example.com', password: 'a long password' });
    const ada = await app.logIn(Credentials.emailPassword('ada@example.com', 'a long password'));
    assert.equal((await app.currentUser()).id, ada.id);
    const all = await app.allUsers();
    assert.equal(Object.keys(all).at(-1), ada.id);
    assert.ok(anonymous.id in all);
    await app.switchUser(anonymous);
    assert.equal((await app.currentUser()).id, anonymous.id);
    assert.equal(await ada.accessToken(), (await app.client.accessToken({ userId: ada.id })).token);

    await assert.rejects(app.logIn(Credentials.emailPassword('ada@example.com', 'not the password')),
      (err) => err instanceof LatchkeyError && err.hasReason(Reason.INVALID_CREDENTIALS));
    const secret = Credentials.emailPassword('a', 'not the password');
    assert.ok(!util.inspect(secret).includes('not the password'));
    assert.ok(!JSON.stringify(secret).includes('not the password'));
  }));

test('every credential kind of the emulator', () =>
  withApp(async (app, daemon) => {
    const { token: jwt } = await emulator(daemon, 'custom-jwts', { sub: 'jwt-user', name: 'Jay' });
    assert.equal((await app.logIn(Credentials.jwt(jwt))).providerType, 'custom-token');
    const { key } = await emulator(daemon, 'server-api-keys', { name: 'ci' });
    assert.equal((await app.logIn(Credentials.apiKey(key))).providerType, 'api-key');
    assert.equal((await app.logIn(Credentials.function({ username: 'fn-user' }))).providerType, 'custom-function');
    for (const provider of ['facebook', 'google', 'apple']) {
      const { token } = await emulator(daemon, 'social-tokens', { provider, sub: `${provider}-1` });
      const credentials = {
        facebook: () => Credentials.facebook(token),
        google: () => Credentials.google({ idToken: token }),
        apple: () => Credentials.apple(token),
      }[provider]();
      assert.equal((await app.logIn(credentials)).providerType, `oauth2-${provider}`);
    }
    assert.throws(() => Credentials.google({}), TypeError);
    await assert.rejects(app.logIn({ anonymous: {} }), /expected a Credentials/);
    await assert.rejects(app.logIn(Credentials.clientCredentials()),
      (err) => err.hasReason(Reason.PROVIDER_NOT_SUPPORTED));
  }));

test('API keys, linking, custom data, logout, removal and deletion', () =>
  withApp(async (app, daemon) => {
    await app.emailPasswordAuth.registerUser({ email: 'bo@example.com', password: 'a long password' });
    const bo = await app.logIn(Credentials.emailPassword('bo@example.com', 'a long password'));

    const key = await bo.apiKeys.create('laptop');
    assert.ok(key.key);
    assert.equal(key.name, 'laptop');
    assert.equal((await bo.apiKeys.fetch(key.id)).name, 'laptop');
    assert.deepEqual((await bo.apiKeys.fetchAll()).map((k) => k.id), [key.id]);
    await bo.apiKeys.disable(key.id);
    assert.ok((await bo.apiKeys.fetch(key.id)).disabled);
    await bo.apiKeys.enable(key.id);
    assert.equal((await app.logIn(Credentials.apiKey(key.key))).id, bo.id);
    await bo.apiKeys.delete(key.id);
    assert.deepEqual(await bo.apiKeys.fetchAll(), []);

    await emulator(daemon, `users/${bo.id}/custom-data`, { plan: 'pro', seats: 3 }, 'PUT');
    assert.deepEqual(await bo.refreshCustomData(), { plan: 'pro', seats: 3 });
    assert.deepEqual(bo.customData, { plan: 'pro', seats: 3 });

    const guest = await app.logIn(Credentials.anonymous());
    await app.emailPasswordAuth.registerUser({ email: 'cy@example.com', password: 'a long password' });
    const linked = await guest.linkCredentials(Credentials.emailPassword('cy@example.com', 'a long password'));
    assert.equal(linked, guest);
    assert.deepEqual(guest.identities.map((i) => i.providerType).sort(), ['anon-user', 'local-userpass']);

    await bo.logOut();
    assert.equal(bo.state, 'LoggedOut');
    assert.ok(bo.id in (await app.allUsers()));
    await assert.rejects(bo.accessToken(), (err) => err.isNotLoggedIn());
    await app.removeUser(bo);
    assert.equal(bo.state, 'Removed');
    assert.ok(!(bo.id in (await app.allUsers())));
    await app.deleteUser(guest);
    assert.ok(!(guest.id in (await app.allUsers())));
    const backend = await emulator(daemon, 'users', undefined, 'GET');
    assert.ok(!JSON.stringify(backend).includes(guest.id), 'deleted at the backend too');
  }));

test('the expiry callback', () =>
  withApp(async (app, daemon) => {
    const user = await app.logIn(Credentials.anonymous());
    let expired;
    const seen = new Promise((resolve) => {
      expired = resolve;
    });
    const watch = await app.onReauthRequired(expired);
    try {
      await daemon.revoke(user.id);
      await assert.rejects(app.client.token({ forceRefresh: true }), (err) => err.isReauthRequired());
      const event = await seen;
      assert.equal(event.userId, user.id);
      assert.equal(event.kind, 'tokenExpired');
    } finally {
      watch.close();
    }
  }));
