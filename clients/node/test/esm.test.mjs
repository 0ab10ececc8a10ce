// The ES module face: `import` gives the same objects as `require` (one module instance, so
// instanceof holds across both), by name and as the default export, and works against a daemon.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import latchkey, { App, Client, Credentials, LatchkeyError, Reason } from 'latchkey';

const require = createRequire(import.meta.url);
const { Daemon } = require('./daemon.js');

test('import and require give the same module', () => {
  const required = require('latchkey');
  assert.equal(Client, required.Client);
  assert.equal(LatchkeyError, required.LatchkeyError);
  assert.equal(latchkey, required);
  assert.deepEqual(Object.keys(latchkey).sort(), Object.keys(required).sort());
  assert.equal(Reason.REAUTH_REQUIRED, 'REAUTH_REQUIRED');
});

test('an ES module logs in and gets a token', async () => {
  const daemon = await Daemon.start();
  const client = new Client(daemon.socket);
  try {
    const user = await new App({ client }).logIn(Credentials.anonymous());
    const token = await client.token();
    assert.ok(await daemon.accepts(token));
    assert.equal((await client.currentUser()).id, user.id);
  } finally {
    client.close();
    await daemon.remove();
  }
});
