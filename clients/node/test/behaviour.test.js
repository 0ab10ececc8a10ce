'use strict';
// This library keeps the defaults and rules every client library shares (clients/behaviour.json,
// the README's "Same behaviour in every language" table).

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { test } = require('node:test');

const latchkey = require('latchkey');
const { Daemon } = require('./daemon');

const BEHAVIOUR_FILE = process.env.LATCHKEY_BEHAVIOUR || path.join(__dirname, '..', '..', 'behaviour.json');
const BEHAVIOUR = JSON.parse(fs.readFileSync(BEHAVIOUR_FILE, 'utf8'));

test('the watch reconnects with the shared backoff', () => {
  // The package's own backoff, reached through its file (not part of the public API).
  const watch = require(path.join(path.dirname(require.resolve('latchkey')), 'lib', 'watch.js'));
  const backoff = new watch.Backoff();
  assert.deepEqual(BEHAVIOUR.watch.retry_sequence_ms.map(() => backoff.delay()), BEHAVIOUR.watch.retry_sequence_ms);
  backoff.reset();
  assert.equal(backoff.delay(), BEHAVIOUR.watch.first_retry_ms);
  assert.equal(latchkey.SYSTEM_SOCKET, BEHAVIOUR.socket.system);
});

test('a watch starts with a snapshot, and token() asks for the shared minimum validity', async () => {
  const daemon = await Daemon.start();
  const client = new latchkey.Client(daemon.socket);
  try {
    const user = await new latchkey.App({ client }).logIn(latchkey.Credentials.anonymous());
    const events = client.watch();
    const first = (await events.next()).value;
    events.close();
    assert.equal(BEHAVIOUR.watch.snapshot, true);
    assert.equal(first.kind, 'snapshot');
    assert.equal(first.userId, user.id);
    // The token token() hands out stays valid the shared minimum: a forced refresh is not
    // needed for it, and the daemon was asked for at least that long.
    const sent = [];
    const sessions = client.sessions;
    client.sessions = { ...sessions, getAccessToken: (request) => (sent.push(request), sessions.getAccessToken(request)) };
    await client.token();
    assert.equal(Number(sent[0].minValid.seconds), BEHAVIOUR.token.min_valid_seconds);
  } finally {
    client.close();
    await daemon.remove();
  }
});

for (const scenario of BEHAVIOUR.socket.cases) {
  test(`socket discovery: ${scenario.name}`, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-node-'));
    try {
      const fill = (text) => text.replaceAll('{tmp}', tmp).replaceAll('{uid}', String(process.getuid()));
      for (const dir of scenario.make) {
        const made = path.join(tmp, fill(dir));
        fs.mkdirSync(made, { recursive: true, mode: 0o700 });
        fs.writeFileSync(path.join(made, 'latchkeyd.sock'), '');
      }
      if (scenario.open) fs.chmodSync(path.join(tmp, fill(scenario.open)), 0o777);
      const env = { ...process.env };
      for (const name of ['LATCHKEY_SOCKET', 'XDG_RUNTIME_DIR', 'TMPDIR']) delete env[name];
      for (const [name, value] of Object.entries(scenario.env)) env[name] = fill(value);
      // A process of its own: the environment as a user's program starts with it.
      const program = "process.on('warning', (w) => console.error('WARNED', w.message)); console.log(require('latchkey').defaultSocket())";
      const result = spawnSync(process.execPath, ['-e', program], {
        env, cwd: __dirname, encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout.trim(), fill(scenario.expect));
      assert.equal(result.stderr.includes('WARNED ignoring the user socket'), scenario.warns, result.stderr);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
}
