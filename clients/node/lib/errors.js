'use strict';
// The daemon's errors as LatchkeyError, carrying the gRPC code and the google.rpc.ErrorInfo
// reason and metadata the daemon puts in grpc-status-details-bin.

const grpc = require('@grpc/grpc-js');
const protobuf = require('protobufjs');
const { definition } = require('./proto');
const { probe } = require('./socket');

// The daemon's ErrorInfo reasons, from the proto's `Reason` enum: each the string the daemon
// sends (Reason.REAUTH_REQUIRED === 'REAUTH_REQUIRED'). A newer daemon may send one not here;
// LatchkeyError.reason keeps the string as sent.
/** @type {Readonly<{ [Name in Exclude<keyof typeof import('../types/latchkey/v1/Reason').Reason, 'REASON_UNSPECIFIED'>]: Name }>} */
const Reason = Object.freeze(Object.fromEntries(/** @type {any} */ (definition['latchkey.v1.Reason']).type.value
  .map((/** @type {{ name: string }} */ { name }) => name)
  .filter((/** @type {string} */ name) => name !== 'REASON_UNSPECIFIED')
  .map((/** @type {string} */ name) => [name, name])));

// google.rpc.Status and google.rpc.ErrorInfo: the two messages of the error model we read.
const rpc = protobuf.Root.fromJSON({
  nested: {
    Any: { fields: { typeUrl: { type: 'string', id: 1 }, value: { type: 'bytes', id: 2 } } },
    Status: {
      fields: {
        code: { type: 'int32', id: 1 },
        message: { type: 'string', id: 2 },
        details: { rule: 'repeated', type: 'Any', id: 3 },
      },
    },
    ErrorInfo: {
      fields: {
        reason: { type: 'string', id: 1 },
        domain: { type: 'string', id: 2 },
        metadata: { keyType: 'string', type: 'string', id: 3 },
      },
    },
  },
});
const Status = rpc.lookupType('Status');
const ErrorInfo = rpc.lookupType('ErrorInfo');
const ERROR_INFO_TYPE = 'type.googleapis.com/google.rpc.ErrorInfo';

/** @param {number} code */
const codeName = (code) => Object.entries(grpc.status).find(([, value]) => value === code)?.[0] || String(code);

/**
 * An error answer of the daemon: `code` (a grpc status number, see `grpc.status`), `details`
 * (the daemon's message), `reason` (the ErrorInfo reason such as REAUTH_REQUIRED, or null) and
 * `metadata` (for a backend's own error its error_code, link and http_status).
 */
class LatchkeyError extends Error {
  /**
   * @param {grpc.status} code
   * @param {string} details
   * @param {string | null} [reason]
   * @param {Record<string, string>} [metadata]
   */
  constructor(code, details, reason = null, metadata = {}) {
    super(`${details} (${codeName(code)}${reason ? `, ${reason}` : ''})`);
    this.name = 'LatchkeyError';
    /** The gRPC status code (see `status`). @type {grpc.status} */
    this.code = code;
    /** The daemon's message. @type {string} */
    this.details = details;
    /** The google.rpc.ErrorInfo reason, such as REAUTH_REQUIRED; null without one. @type {string | null} */
    this.reason = reason;
    /** A backend's own error_code, link and http_status, when it gave them. @type {Record<string, string>} */
    this.metadata = { ...metadata };
  }

  /**
   * Whether the daemon answered with `reason` (a `Reason` value).
   * @param {string} reason
   * @returns {boolean}
   */
  hasReason(reason) {
    return this.reason === reason;
  }

  /**
   * The session cannot be refreshed: the user must log in again.
   * @returns {boolean}
   */
  isReauthRequired() {
    return this.reason === Reason.REAUTH_REQUIRED;
  }

  /**
   * Nobody is logged in to the app, or the user named is logged out.
   * @returns {boolean}
   */
  isNotLoggedIn() {
    return this.reason === Reason.NO_CURRENT_USER || this.reason === Reason.USER_NOT_LOGGED_IN;
  }

  /**
   * No app of that name in the daemon's configuration.
   * @returns {boolean}
   */
  isAppNotFound() {
    return this.reason === Reason.APP_NOT_FOUND;
  }
}

/** Nobody answers on the socket: `socket` names the one tried. */
class DaemonNotRunning extends LatchkeyError {
  /**
   * @param {string} socket
   * @param {string} [detail]
   */
  constructor(socket, detail = '') {
    super(grpc.status.UNAVAILABLE, `latchkeyd is not running at ${socket}${detail ? `: ${detail}` : ''}`);
    this.name = 'DaemonNotRunning';
    /** The socket tried. @type {string} */
    this.socket = socket;
  }
}

/** The socket's directory could have been planted by another user: nothing was sent. */
class UntrustedSocket extends LatchkeyError {
  /**
   * @param {string} socket
   * @param {string} why
   */
  constructor(socket, why) {
    super(grpc.status.PERMISSION_DENIED, `refusing the socket ${socket}: ${why}`);
    this.name = 'UntrustedSocket';
    /** The socket refused. @type {string} */
    this.socket = socket;
  }
}

/**
 * @param {grpc.Metadata | undefined} metadata
 * @returns {{ reason: string, metadata?: Record<string, string> } | null}
 */
function errorInfo(metadata) {
  const [details] = (metadata && metadata.get('grpc-status-details-bin')) || [];
  if (!details) return null;
  try {
    for (const any of /** @type {any} */ (Status.decode(/** @type {Buffer} */ (details))).details) {
      if (any.typeUrl === ERROR_INFO_TYPE) return /** @type {any} */ (ErrorInfo.decode(any.value));
    }
  } catch {
    // not a google.rpc.Status: no reason to give
  }
  return null;
}

/**
 * A grpc-js ServiceError of a call to the daemon at `socket`, as a LatchkeyError.
 * @param {grpc.ServiceError | grpc.StatusObject} err
 * @param {string} socket
 * @returns {Promise<LatchkeyError>}
 */
async function fromServiceError(err, socket) {
  const info = errorInfo(err.metadata);
  if (!info && (err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.UNKNOWN)) {
    // The daemon's own errors always carry an ErrorInfo: this one is about the transport.
    const why = await probe(socket);
    if (why) return new DaemonNotRunning(socket, why);
  }
  const details = err.details || ('message' in err ? err.message : '');
  if (!info) return new LatchkeyError(err.code, details);
  return new LatchkeyError(err.code, details, info.reason, info.metadata || {});
}

module.exports = { DaemonNotRunning, LatchkeyError, Reason, UntrustedSocket, fromServiceError };
