'use strict';
// A real `latchkeyd --dev` on a temporary socket: $LATCHKEYD, else the repository's
// target/debug/latchkeyd (cargo build --bin latchkeyd).

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
// The package's own probe, through its file (the suite also runs against an installed copy).
const { probe } = require(path.join(path.dirname(require.resolve('latchkey')), 'lib', 'socket.js'));

const ROOT = path.join(__dirname, '..', '..', '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class Daemon {
  static async start() {
    // The emulator's port was free when asked, but another process may take it before the
    // daemon binds it: then another port.
    for (let attempt = 1; ; attempt++) {
      const daemon = new Daemon(await freePort());
      try {
        await daemon.start();
        return daemon;
      } catch (err) {
        await daemon.remove();
        if (!/in use/i.test(err.message) || attempt === 3) throw err;
      }
    }
  }

  constructor(port) {
    this.binary = process.env.LATCHKEYD || path.join(ROOT, 'target', 'debug', 'latchkeyd');
    if (!fs.existsSync(this.binary)) throw new Error(`${this.binary} is missing: cargo build --bin latchkeyd`);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-node-'));
    fs.chmodSync(this.dir, 0o700);
    this.socket = path.join(this.dir, 'latchkeyd.sock');
    this.port = port;
    this.emulator = `http://127.0.0.1:${port}`;
    this.process = null;
  }

  async start() {
    this.process = spawn(this.binary, ['--dev', '--dev-listen', `127.0.0.1:${this.port}`, '--socket', this.socket], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, RUST_LOG: 'warn' },
    });
    // What it said before it is up, for the error when it exits instead.
    let said = '';
    const listen = (chunk) => {
      said = (said + chunk).slice(-4000);
    };
    this.process.stderr.on('data', listen);
    let exited = false;
    this.process.once('exit', () => {
      exited = true;
    });
    const deadline = Date.now() + 20000;
    for (;;) {
      const ready = (await probe(this.socket)) === null;
      if (ready) {
        this.process.stderr.off('data', listen);
        this.process.stderr.resume();
        return;
      }
      if (exited) throw new Error(`latchkeyd exited: ${said.trim()}`);
      if (Date.now() > deadline) throw new Error('latchkeyd did not open its socket in 20 s');
      await sleep(20);
    }
  }

  async stop() {
    if (!this.process) return;
    const child = this.process;
    this.process = null;
    if (child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }

  async remove() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Whether the emulator accepts `token` as a bearer (its profile endpoint). */
  async accepts(token) {
    const answer = await fetch(`${this.emulator}/api/client/v2.0/auth/profile`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    await answer.body?.cancel();
    return answer.status === 200;
  }

  /** Has the emulator revoke every session of `userId`. */
  async revoke(userId) {
    const answer = await fetch(`${this.emulator}/emulator/v1/users/${userId}/revoke`, { method: 'POST' });
    await answer.body?.cancel();
    if (!answer.ok) throw new Error(`revoke: ${answer.status}`);
  }
}

module.exports = { Daemon };
