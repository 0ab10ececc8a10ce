'use strict';
// Where the daemon's socket is and whether its directory can be trusted: the same rules as the
// latchkey CLI (clients/rust/src/socket.rs).

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const SOCKET_FILE = 'latchkeyd.sock';
const SYSTEM_SOCKET = '/run/latchkey/latchkeyd.sock';

/**
 * The socket of the caller's own daemon (`latchkeyd --user`).
 * @returns {string}
 */
function userSocket() {
  const runtime = process.env.XDG_RUNTIME_DIR;
  if (runtime) return path.join(runtime, 'latchkey', SOCKET_FILE);
  return path.join(os.tmpdir(), `latchkey-${process.getuid()}`, SOCKET_FILE);
}

let warnedUntrusted = false;

/**
 * `$LATCHKEY_SOCKET`, then the caller's user daemon if its socket exists in a directory the
 * caller can trust, then the system one. A user socket passed over as untrusted (another uid can
 * plant `/tmp/latchkey-UID` when `XDG_RUNTIME_DIR` is unset) is warned of once a process.
 * @returns {string}
 */
function defaultSocket() {
  if (process.env.LATCHKEY_SOCKET) return process.env.LATCHKEY_SOCKET;
  const user = userSocket();
  let present = false;
  try {
    fs.lstatSync(user);
    present = true;
  } catch {
    // no user daemon
  }
  if (!present) return SYSTEM_SOCKET;
  const reason = untrustedReason(user);
  if (reason === null) return user;
  if (!warnedUntrusted) {
    warnedUntrusted = true;
    process.emitWarning(
      `ignoring the user socket ${user}: ${reason}; using the system daemon's ${SYSTEM_SOCKET}`,
      'LatchkeyWarning',
    );
  }
  return SYSTEM_SOCKET;
}

/**
 * Why the directory holding `socket` cannot be trusted, or null: it must be a real directory
 * (not a symlink), not writable by group or others, and owned by the caller or root, or made
 * where only root can make things (a root-owned parent nobody else may write).
 * @param {string} socket
 * @param {number} [uid]
 * @returns {string | null}
 */
function untrustedReason(socket, uid = process.geteuid?.() ?? 0) {
  const directory = path.dirname(socket);
  let meta;
  try {
    meta = fs.lstatSync(directory);
  } catch (err) {
    return `${directory}: ${err.code === 'ENOENT' ? 'no such directory' : err.message}`;
  }
  if (meta.isSymbolicLink()) return `${directory} is a symbolic link`;
  if (!meta.isDirectory()) return `${directory} is not a directory`;
  if (meta.mode & 0o022) {
    return `${directory} is writable by other users (mode ${(meta.mode & 0o777).toString(8)})`;
  }
  if (meta.uid === uid || meta.uid === 0) return null;
  try {
    const parent = fs.lstatSync(path.dirname(directory));
    if (parent.uid === 0 && !(parent.mode & 0o022)) return null;
  } catch {
    // judged by the directory alone
  }
  return `${directory} belongs to uid ${meta.uid}, not to you (uid ${uid}) or root`;
}

/**
 * Whether anything accepts connections on `socket`: resolves to null, or why not.
 * @param {string} socket
 * @returns {Promise<string | null>}
 */
function probe(socket) {
  return new Promise((resolve) => {
    const connection = net.connect(socket);
    connection.once('connect', () => {
      connection.destroy();
      resolve(null);
    });
    connection.once('error', (err) => resolve(err.code || err.message));
  });
}

module.exports = { SOCKET_FILE, SYSTEM_SOCKET, defaultSocket, probe, untrustedReason, userSocket };
