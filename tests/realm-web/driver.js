#!/usr/bin/env node
// Drives the official realm-web SDK, unmodified, through every auth flow it offers against a
// running latchkey-emulator, and checks the answers. Run by the test suite
// (tests/it/realm_web.rs): node driver.js BASE_URL APP_ID
//
// Prints one line per flow ("ok <flow>") and exits non-zero at the first failure.

'use strict';

const assert = require('assert/strict');
const Realm = require('realm-web');

const [baseUrl, appId] = process.argv.slice(2);
if (!baseUrl || !appId) {
  console.error('usage: node driver.js BASE_URL APP_ID');
  process.exit(2);
}

async function admin(method, path, body) {
  const response = await fetch(`${baseUrl}/emulator/v1/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

async function expectError(promise, { code, message }) {
  try {
    await promise;
  } catch (err) {
    if (code) assert.equal(err.errorCode, code, `error code of: ${err.message}`);
    if (message) assert.match(err.error || err.message, message);
    return err;
  }
  assert.fail(`expected an error (${code || message})`);
}

const flows = [];
async function flow(name, body) {
  await body();
  flows.push(name);
  console.log(`ok ${name}`);
}

async function main() {
  const app = new Realm.App({ id: appId, baseUrl });
  const email = (name) => `${name}-${Date.now()}@example.com`;

  await flow('anonymous login, current user, profile', async () => {
    const user = await app.logIn(Realm.Credentials.anonymous());
    assert.equal(app.currentUser.id, user.id);
    assert.equal(user.providerType, 'anon-user');
    assert.equal(user.identities.length, 1);
    assert.equal(user.identities[0].providerType, 'anon-user');
    assert.match(user.deviceId, /^[0-9a-f]{24}$/);
  });

  let ada;
  const adaEmail = email('ada');
  await flow('email/password register (auto confirmation) and login', async () => {
    await app.emailPasswordAuth.registerUser({ email: adaEmail, password: 'password1' });
    ada = await app.logIn(Realm.Credentials.emailPassword(adaEmail, 'password1'));
    assert.equal(ada.profile.email, adaEmail);
    assert.equal(app.currentUser.id, ada.id);
  });

  await flow('duplicate registration fails with AccountNameInUse (item 46)', async () => {
    await expectError(app.emailPasswordAuth.registerUser({ email: adaEmail, password: 'password1' }), {
      code: 'AccountNameInUse',
    });
  });

  await flow('wrong password fails with InvalidPassword (item 47)', async () => {
    await expectError(app.logIn(Realm.Credentials.emailPassword(adaEmail, 'wrong-password')), {
      code: 'InvalidPassword',
    });
  });

  await flow('all users, switch user, current user', async () => {
    const anon = Object.values(app.allUsers).find((u) => u.providerType === 'anon-user');
    assert.ok(anon, 'the anonymous user is listed');
    app.switchUser(anon);
    assert.equal(app.currentUser.id, anon.id);
    app.switchUser(ada);
    assert.equal(app.currentUser.id, ada.id);
  });

  await flow('custom JWT login', async () => {
    const { token } = await admin('POST', 'custom-jwts', { sub: 'jwt-user', name: 'Jay' });
    const user = await app.logIn(Realm.Credentials.jwt(token));
    assert.equal(user.providerType, 'custom-token');
    assert.equal(user.profile.name, 'Jay');
  });

  await flow('custom function login (payload with EJSON numbers)', async () => {
    const user = await app.logIn(Realm.Credentials.function({ userId: 'fn-user', n: 5 }));
    assert.equal(user.identities[0].providerType, 'custom-function');
  });

  await flow('Facebook, Google (ID token and auth code), Apple logins', async () => {
    const fb = await admin('POST', 'social-tokens', { provider: 'facebook', sub: 'fb-1', name: 'Fay' });
    assert.equal((await app.logIn(Realm.Credentials.facebook(fb.token))).providerType, 'oauth2-facebook');
    const google = await admin('POST', 'social-tokens', { provider: 'google', sub: 'g-1' });
    const byIdToken = await app.logIn(Realm.Credentials.google({ idToken: google.token }));
    const byCode = await app.logIn(Realm.Credentials.google({ authCode: google.token }));
    assert.equal(byIdToken.id, byCode.id);
    const apple = await admin('POST', 'social-tokens', { provider: 'apple', sub: 'a-1' });
    assert.equal((await app.logIn(Realm.Credentials.apple(apple.token))).providerType, 'oauth2-apple');
  });

  await flow('server API key login', async () => {
    const key = await admin('POST', 'server-api-keys', { name: 'server' });
    const user = await app.logIn(Realm.Credentials.apiKey(key.key));
    assert.equal(user.providerType, 'api-key');
  });

  await flow('user API keys: create, fetch, fetchAll, disable, enable, delete (items 42, 43)', async () => {
    app.switchUser(ada);
    const created = await ada.apiKeys.create('laptop');
    assert.match(created._id.toString(), /^[0-9a-f]{24}$/);
    assert.equal(created.name, 'laptop');
    assert.equal(created.disabled, false);
    assert.ok(created.key, 'create returns the secret');
    const fetched = await ada.apiKeys.fetch(created._id);
    assert.equal(fetched.key, undefined, 'fetch never returns the secret');
    assert.equal((await ada.apiKeys.fetchAll()).length, 1);
    const asKey = await app.logIn(Realm.Credentials.apiKey(created.key));
    assert.equal(asKey.id, ada.id, 'a user API key logs in as its user');
    await ada.apiKeys.disable(created._id);
    assert.equal((await ada.apiKeys.fetch(created._id)).disabled, true);
    await expectError(app.logIn(Realm.Credentials.apiKey(created.key)), { message: /invalid API key/ });
    await ada.apiKeys.enable(created._id);
    assert.equal((await ada.apiKeys.fetch(created._id)).disabled, false);
    await ada.apiKeys.delete(created._id);
    await expectError(ada.apiKeys.fetch(created._id), { code: 'APIKeyNotFound' });
  });

  await flow("another user's key is not found (item 45)", async () => {
    const key = await ada.apiKeys.create('mine');
    const bobEmail = email('bob');
    await app.emailPasswordAuth.registerUser({ email: bobEmail, password: 'password2' });
    const bob = await app.logIn(Realm.Credentials.emailPassword(bobEmail, 'password2'));
    await expectError(bob.apiKeys.fetch(key._id), { code: 'APIKeyNotFound' });
    await expectError(bob.apiKeys.enable(key._id), { code: 'APIKeyNotFound' });
    await expectError(bob.apiKeys.disable(key._id), { code: 'APIKeyNotFound' });
    await expectError(bob.apiKeys.delete(key._id), { code: 'APIKeyNotFound' });
    assert.equal((await bob.apiKeys.fetchAll()).length, 0);
  });

  await flow('link an anonymous user to email/password (items 23, 24)', async () => {
    const anon = await app.logIn(Realm.Credentials.anonymous(false));
    const linkedEmail = email('linked');
    await app.emailPasswordAuth.registerUser({ email: linkedEmail, password: 'password3' });
    await anon.linkCredentials(Realm.Credentials.emailPassword(linkedEmail, 'password3'));
    assert.deepEqual(anon.identities.map((i) => i.providerType), ['anon-user', 'local-userpass']);
    const again = await app.logIn(Realm.Credentials.emailPassword(linkedEmail, 'password3'));
    assert.equal(again.id, anon.id);
  });

  await flow('refresh custom data (item 40)', async () => {
    await admin('PUT', `users/${ada.id}/custom-data`, { favourite: 'tea' });
    const data = await ada.refreshCustomData();
    assert.equal(data.favourite, 'tea');
    assert.equal(ada.customData.favourite, 'tea');
  });

  await flow('expired access token is refreshed transparently (item 31)', async () => {
    await admin('POST', 'faults', {
      endpoint: 'profile',
      status: 401,
      body: { error: 'invalid session', error_code: 'InvalidSession' },
      count: 1,
    });
    await ada.refreshProfile();
    assert.equal(ada.profile.email, adaEmail);
  });

  await flow('confirmation by token, resend, retry, bogus tokens (item 48)', async () => {
    await admin('PUT', 'config', { confirmation: 'token' });
    const pending = email('pending');
    await app.emailPasswordAuth.registerUser({ email: pending, password: 'password4' });
    await expectError(app.logIn(Realm.Credentials.emailPassword(pending, 'password4')), {});
    await app.emailPasswordAuth.resendConfirmationEmail({ email: pending });
    await expectError(app.emailPasswordAuth.confirmUser({ token: 'bogus', tokenId: 'bogus' }), {
      message: /invalid token data/,
    });
    const tokens = await admin('GET', 'tokens');
    const link = tokens.find((t) => t.email === pending && t.kind === 'confirmation');
    await app.emailPasswordAuth.confirmUser({ token: link.token, tokenId: link.token_id });
    await app.logIn(Realm.Credentials.emailPassword(pending, 'password4'));
    await expectError(app.emailPasswordAuth.resendConfirmationEmail({ email: pending }), {
      message: /already confirmed/,
    });
    await admin('PUT', 'config', { confirmation: 'function', confirmation_function: 'pending' });
    await expectError(app.emailPasswordAuth.retryCustomConfirmation({ email: pending }), {
      message: /already confirmed/,
    });
    await expectError(app.emailPasswordAuth.retryCustomConfirmation({ email: email('nobody') }), {
      code: 'UserNotFound',
    });
    await admin('PUT', 'config', { confirmation: 'auto' });
  });

  await flow('password reset by email token and by function', async () => {
    await app.emailPasswordAuth.sendResetPasswordEmail({ email: adaEmail });
    await expectError(
      app.emailPasswordAuth.resetPassword({ token: 'bogus', tokenId: 'bogus', password: 'password9' }),
      { message: /invalid token data/ },
    );
    const link = (await admin('GET', 'tokens')).find((t) => t.email === adaEmail && t.kind === 'reset');
    await app.emailPasswordAuth.resetPassword({ token: link.token, tokenId: link.token_id, password: 'password5' });
    await expectError(app.logIn(Realm.Credentials.emailPassword(adaEmail, 'password1')), { code: 'InvalidPassword' });
    await app.logIn(Realm.Credentials.emailPassword(adaEmail, 'password5'));
    await admin('PUT', 'config', { reset: 'function', reset_function: 'success' });
    await app.emailPasswordAuth.callResetPasswordFunction({ email: adaEmail, password: 'password6' }, 'why', 5);
    await app.logIn(Realm.Credentials.emailPassword(adaEmail, 'password6'));
    await expectError(
      app.emailPasswordAuth.callResetPasswordFunction({ email: email('nobody'), password: 'password7' }),
      { code: 'UserNotFound' },
    );
    await admin('PUT', 'config', { reset_function: 'fail' });
    await expectError(
      app.emailPasswordAuth.callResetPasswordFunction({ email: adaEmail, password: 'password8' }),
      { message: /failed to reset password/ },
    );
  });

  await flow('log out, remove user, delete user (items 15, 16, 19, 28)', async () => {
    const anon = await app.logIn(Realm.Credentials.anonymous(false));
    await anon.logOut();
    const temp = email('temp');
    await app.emailPasswordAuth.registerUser({ email: temp, password: 'password1' });
    const user = await app.logIn(Realm.Credentials.emailPassword(temp, 'password1'));
    await user.logOut();
    assert.equal(user.state, 'logged-out');
    await app.removeUser(user);
    assert.ok(!Object.keys(app.allUsers).includes(user.id));
    const doomed = await app.logIn(Realm.Credentials.emailPassword(temp, 'password1'));
    await app.deleteUser(doomed);
    await expectError(app.logIn(Realm.Credentials.emailPassword(temp, 'password1')), { code: 'InvalidPassword' });
  });

  await flow('disabled user cannot log in, and can again once enabled (item 37)', async () => {
    await admin('POST', `users/${ada.id}/disable`);
    await expectError(app.logIn(Realm.Credentials.emailPassword(adaEmail, 'password6')), { code: 'UserDisabled' });
    await admin('POST', `users/${ada.id}/enable`);
    const back = await app.logIn(Realm.Credentials.emailPassword(adaEmail, 'password6'));
    assert.equal(back.id, ada.id);
  });

  console.log(JSON.stringify({ flows: flows.length }));
}

main().catch((err) => {
  console.error(`realm-web driver failed: ${err.stack || err}`);
  process.exit(1);
});
