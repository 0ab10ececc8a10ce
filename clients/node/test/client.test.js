'use strict';
// The Node client against a real daemon: tokens, errors, events across a restart, reauth
// callbacks, and the fetch wrapper against a small API that checks each bearer with the
// daemon's built-in emulator.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { test } = require('node:test');

const latchkey = require('latchkey');
const { Daemon } = require('./daemon');

const logInAnonymous = (client) => client.sessions.logIn({ credentials: { anonymous: {} } });

async function withDaemon(body) {
  const daemon = await Daemon.start();
  const clients = [];
  const client = (socket = daemon.socket) => {
    const made = new latchkey.Client(socket);
    clients.push(made);
    return made;
  };
  try {
    await body(daemon, client);
  } finally {
    for (const made of clients) made.close();
    await daemon.remove();
  }
}

test('a token in one call, and errors with reasons', () =>
  withDaemon(async (daemon, client) => {
    const lk = client();
    await assert.rejects(lk.token(), (err) => {
      assert.ok(err instanceof latchkey.LatchkeyError);
      assert.ok(err.isNotLoggedIn());
      assert.equal(err.code, latchkey.status.NOT_FOUND);
      assert.equal(err.reason, latchkey.Reason.NO_CURRENT_USER);
      return true;
    });
    const user = await logInAnonymous(lk);
    const token = await lk.token();
    assert.ok(await daemon.accepts(token));
    const full = await lk.accessToken({ app: 'dev', minValid: 30 });
    assert.deepEqual([full.token, full.userId, full.app], [token, user.id, 'dev']);
    assert.ok(Number(full.expiresAt.seconds) > Date.now() / 1000 + 30);
    assert.equal((await lk.currentUser()).id, user.id);
    assert.equal((await lk.sessions.GetCurrentUser({})).id, user.id, 'proto names work too');

    await assert.rejects(lk.token({ app: 'nope' }), (err) => err.isAppNotFound() && err.reason === 'APP_NOT_FOUND');
    const apps = await lk.daemon.listApps({});
    assert.deepEqual(apps.apps.map((app) => app.name), ['dev']);
    await assert.rejects(lk.apiKeys.listApiKeys({}), (err) => err.reason === latchkey.Reason.ANONYMOUS_USER);
    await assert.rejects(lk.emailPassword.registerUser({ email: 'x', password: '' }), latchkey.LatchkeyError);
  }));

test('the socket from the environment', () =>
  withDaemon(async (daemon, client) => {
    const saved = process.env.LATCHKEY_SOCKET;
    process.env.LATCHKEY_SOCKET = daemon.socket;
    try {
      assert.equal(latchkey.defaultSocket(), daemon.socket);
      const lk = client(undefined);
      assert.equal(lk.socket, daemon.socket);
      await logInAnonymous(lk);
      assert.ok(await daemon.accepts(await lk.token()));
    } finally {
      if (saved === undefined) delete process.env.LATCHKEY_SOCKET;
      else process.env.LATCHKEY_SOCKET = saved;
    }
  }));

test('a missing daemon, an untrusted socket, a daemon gone after a call', () =>
  withDaemon(async (daemon, client) => {
    const missing = path.join(daemon.dir, 'elsewhere.sock');
    await assert.rejects(client(missing).token(), (err) => {
      assert.ok(err instanceof latchkey.DaemonNotRunning);
      assert.equal(err.socket, missing);
      assert.match(err.message, /not running at .*elsewhere\.sock/);
      return true;
    });
    await assert.rejects(client(path.join(daemon.dir, 'gone', 'latchkeyd.sock')).token(), (err) => {
      assert.ok(err instanceof latchkey.DaemonNotRunning, 'a missing directory means no daemon');
      assert.match(err.message, /does not exist/);
      return true;
    });
    const open = path.join(daemon.dir, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    await assert.rejects(client(path.join(open, 'latchkeyd.sock')).token(), (err) => {
      assert.ok(err instanceof latchkey.UntrustedSocket);
      assert.match(err.message, /writable by other users/);
      return true;
    });

    const lk = client();
    await logInAnonymous(lk);
    await lk.token();
    fs.chmodSync(daemon.dir, 0o777); // checked before every call, not only the first
    try {
      await assert.rejects(lk.token(), latchkey.UntrustedSocket);
    } finally {
      fs.chmodSync(daemon.dir, 0o700);
    }
    await daemon.stop();
    await assert.rejects(lk.token(), (err) => err instanceof latchkey.DaemonNotRunning && err.socket === daemon.socket);
  }));

test('watch resumes across a daemon restart', () =>
  withDaemon(async (daemon, client) => {
    const lk = client();
    const first = await logInAnonymous(lk);
    const events = lk.watch({ snapshot: true });
    await events.subscribed();
    const { value: snapshot } = await events.next();
    assert.equal(snapshot.kind, 'snapshot');
    assert.equal(snapshot.userId, first.id);
    await daemon.stop();
    await daemon.start();
    const second = await logInAnonymous(lk);
    for await (const event of events) {
      assert.ok(Number(event.seq) > Number(snapshot.seq), `seq ${event.seq} after ${snapshot.seq}`);
      if (event.kind === 'loggedIn') {
        assert.equal(event.userId, second.id);
        break; // ends the subscription
      }
      assert.ok(['lagged', 'currentUserChanged', 'backendStatus'].includes(event.kind), event.kind);
    }
    assert.deepEqual(await events.next(), { value: undefined, done: true });

    const refused = lk.watch({ app: 'nope' });
    await assert.rejects(refused.subscribed(), (err) => err.isAppNotFound());
    await assert.rejects(refused.next(), (err) => err.isAppNotFound());
  }));

test('an event right after subscribed() is delivered, and onReauthRequired fires for a revoked session', () =>
  withDaemon(async (daemon, client) => {
    const lk = client();
    const user = await logInAnonymous(lk);
    const events = lk.watch({ snapshot: false });
    await events.subscribed();
    await lk.sessions.refreshUser({});
    const { value: refreshed } = await events.next();
    assert.equal(refreshed.userId, user.id);
    events.close();

    let expired;
    const got = new Promise((resolve) => {
      expired = resolve;
    });
    const watching = await lk.onReauthRequired(expired, { app: 'dev' });
    await daemon.revoke(user.id);
    await assert.rejects(lk.token({ forceRefresh: true }), (err) => err.isReauthRequired());
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('no token_expired in 15 s')), 15000);
    });
    const event = await Promise.race([got, late]).finally(() => clearTimeout(timer));
    assert.equal(event.kind, 'tokenExpired');
    assert.equal(event.userId, user.id);
    watching.close();
  }));

/** An API on 127.0.0.1 that accepts a bearer the emulator accepts, except tokens it was told
 * are stale (401, as a real API after the backend revoked them). */
async function api(daemon) {
  const stale = new Set();
  const seen = [];
  const server = http.createServer(async (request, response) => {
    const token = (request.headers.authorization || '').replace(/^Bearer /, '');
    seen.push(token);
    const good = token !== '' && !stale.has(token) && (await daemon.accepts(token));
    response.writeHead(good ? 200 : 401, { 'Content-Length': 0 }).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hello`, stale, seen, close: () => server.close() };
}

test('fetch sends the bearer and retries once on a 401', () =>
  withDaemon(async (daemon, client) => {
    const lk = client();
    await logInAnonymous(lk);
    const server = await api(daemon);
    try {
      assert.equal((await fetch(server.url)).status, 401);
      assert.equal((await lk.fetch(server.url)).status, 200);
      const old = await lk.token();
      server.stale.add(old);
      server.seen.length = 0;
      const answer = await lk.fetch(server.url, { headers: { Accept: 'text/plain' } }, { app: 'dev' });
      assert.equal(answer.status, 200);
      const fresh = await lk.token();
      assert.notEqual(fresh, old, 'refreshed');
      assert.deepEqual(server.seen, [old, fresh], 'one retry, with the new token');

      server.stale.add(fresh);
      const refusedTwice = await lk.fetch(server.url);
      assert.equal(refusedTwice.status, 200, 'a third token');
    } finally {
      server.close();
    }
  }));

test('a planted user socket directory falls back to the system socket, warned once', () => {
  // Without XDG_RUNTIME_DIR the user socket is TMPDIR/latchkey-UID, which any uid can make first
  // in a shared temporary directory: it is passed over, not obeyed.
  const os = require('node:os');
  const shared = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-node-'));
  fs.chmodSync(shared, 0o1777);
  const planted = path.join(shared, `latchkey-${process.getuid()}`);
  fs.mkdirSync(planted);
  fs.writeFileSync(path.join(planted, 'latchkeyd.sock'), '');
  fs.chownSync(planted, 4321, 4321);
  const names = ['XDG_RUNTIME_DIR', 'LATCHKEY_SOCKET', 'TMPDIR'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const warnings = [];
  const onWarning = (warning) => warnings.push(warning);
  process.on('warning', onWarning);
  try {
    delete process.env.XDG_RUNTIME_DIR;
    delete process.env.LATCHKEY_SOCKET;
    process.env.TMPDIR = shared;
    const { defaultSocket, SYSTEM_SOCKET } = latchkey;
    assert.equal(defaultSocket(), SYSTEM_SOCKET);
    assert.equal(defaultSocket(), SYSTEM_SOCKET);
    fs.chownSync(planted, process.getuid(), process.getgid());
    assert.equal(defaultSocket(), path.join(planted, 'latchkeyd.sock'));
  } finally {
    // process.env is the real environment: restore it variable by variable.
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    fs.rmSync(shared, { recursive: true, force: true });
  }
  return new Promise((resolve) => setImmediate(resolve)).then(() => {
    process.off('warning', onWarning);
    const ours = warnings.filter((w) => w.name === 'LatchkeyWarning');
    assert.equal(ours.length, 1, 'warned once');
    assert.match(ours[0].message, /ignoring the user socket .*belongs to uid 4321/);
  });
});

test('a 401 after a redirect elsewhere gets no token and no retry', () =>
  withDaemon(async (daemon, client) => {
    const lk = client();
    await logInAnonymous(lk);
    const seen = [];
    let starts = 0;
    const evil = http.createServer((req, res) => {
      seen.push(req.headers.authorization ?? null);
      res.writeHead(401).end();
    });
    await new Promise((resolve) => evil.listen(0, '127.0.0.1', resolve));
    const origin = http.createServer((req, res) => {
      starts += 1;
      res.writeHead(302, { Location: `http://127.0.0.1:${evil.address().port}/evil` }).end();
    });
    await new Promise((resolve) => origin.listen(0, 'localhost', resolve));
    try {
      const before = await lk.token();
      const response = await lk.fetch(`http://localhost:${origin.address().port}/go`);
      assert.equal(response.status, 401);
      assert.equal(starts, 1, 'not retried');
      assert.deepEqual(seen, [null], 'no token elsewhere');
      assert.equal(await lk.token(), before, 'no refresh');
    } finally {
      evil.close();
      origin.close();
    }
  }));

test('the reasons are the proto\'s Reason enum, each its own name', () => {
  const names = Object.keys(latchkey.Reason);
  assert.ok(names.includes('REAUTH_REQUIRED') && names.includes('REFRESH_TOKEN_REJECTED'));
  assert.ok(!names.includes('REASON_UNSPECIFIED'));
  for (const name of names) assert.equal(latchkey.Reason[name], name);
  assert.ok(Object.isFrozen(latchkey.Reason));
});
