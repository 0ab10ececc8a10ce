'use strict';
// WatchEvents as an async iterable that survives daemon restarts.

const grpc = require('@grpc/grpc-js');
const { DaemonNotRunning, fromServiceError } = require('./errors');

// The reconnect waits, the same in every client library (clients/behaviour.json).
const FIRST_RETRY_MS = 200;
const LAST_RETRY_MS = 2000;
// Events held for a slow reader before the stream is paused (the daemon then buffers, and
// reports what it had to drop as a `lagged` event).
const HIGH_WATER = 256;

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {import('../types/messages').SessionEvent__Output} SessionEvent
 * @typedef {import('./errors').LatchkeyError} LatchkeyError
 */

/**
 * @typedef {object} WatchOptions
 * @property {string} [app] Only this app's events; omitted: every app.
 * @property {string} [userId] Only this user's events; omitted: every user.
 * @property {boolean} [snapshot] Start with a snapshot event of every session (default true).
 */

/**
 * The wait before each reconnect: 200 ms, doubling to 2 s, and from 200 ms again once an event
 * came through.
 */
class Backoff {
  constructor() {
    /** @private */
    /** @private */
    this._next = FIRST_RETRY_MS;
  }

  /** @returns {number} the wait now, in milliseconds; the next one is longer. */
  delay() {
    const delay = this._next;
    /** @private */
    this._next = Math.min(this._next * 2, LAST_RETRY_MS);
    return delay;
  }

  /** An event came through: start over. */
  reset() {
    /** @private */
    this._next = FIRST_RETRY_MS;
  }
}

/**
 * An async iterable of SessionEvent. After a daemon restart it reconnects (200 ms doubling to
 * 2 s) and resumes after the last seq delivered; what could not be replayed arrives as a
 * `lagged` event. It ends with an error only when the daemon refuses the subscription (an
 * unknown app) or is not reached at first, and ends quietly after close().
 */
class Watch {
  /**
   * @param {import('./client').Client} client
   * @param {WatchOptions} [options]
   */
  constructor(client, { app, userId, snapshot = true } = {}) {
    /** @private */
    this._client = client;
    /** @private */
    this._app = app || '';
    /** @private */
    this._userId = userId || '';
    /** @private */
    this._snapshot = snapshot;
    /** @private */
    this._resumeAfter = 0;
    /** @private */
    this._events = [];
    /** @private */
    this._failure = null;
    /** @private */
    this._ended = false;
    /** @private */
    this._wake = null;
    /** @private */
    this._call = null;
    /** @private */
    this._closed = false;
    /** @private */
    this._subscribed = new Promise((resolve, reject) => {
      /** @private */
      this._onSubscribed = resolve;
      /** @private */
      this._onRefused = reject;
    });
    this._subscribed.catch(() => {}); // also reported by the iterator
    this._run();
  }

  /**
   * Resolves once the daemon holds the subscription; rejects with its refusal.
   * @returns {Promise<void>}
   */
  subscribed() {
    return this._subscribed;
  }

  /**
   * Ends the subscription; the iterator finishes.
   * @returns {void}
   */
  close() {
    this._closed = true;
    if (this._call) this._call.cancel();
    this._finish(null);
  }

  /** @private */
  async _run() {
    const backoff = new Backoff();
    let first = true;
    while (!this._closed) {
      let outcome;
      try {
        outcome = await this._once();
      } catch (err) {
        outcome = err;
      }
      if (this._closed) return;
      if (outcome && outcome.delivered) backoff.reset();
      const error = outcome && outcome.error;
      // Gone, restarting or shutting down: come back. Any other refusal is final, as is a
      // daemon that was never reached.
      const final = error && (error.code !== grpc.status.UNAVAILABLE || (first && error instanceof DaemonNotRunning));
      if (final) {
        this._onRefused(error);
        this._finish(error);
        return;
      }
      first = false;
      await sleep(backoff.delay());
    }
  }

  /**
   * One subscription, until it ends: {delivered, error}.
   * @private
   * @returns {Promise<{ delivered: boolean, error?: any }>}
   */
  async _once() {
    let stub;
    try {
      stub = await this._client.stub('Sessions');
    } catch (error) {
      return { delivered: false, error };
    }
    const call = stub.WatchEvents({
      app: this._app,
      userId: this._userId,
      includeSnapshot: this._snapshot && this._resumeAfter === 0,
      resumeAfter: String(this._resumeAfter),
    });
    this._call = call;
    let delivered = false;
    const status = await new Promise((resolve) => {
      call.on('metadata', () => {
        // A refusal arrives as a trailers-only answer: headers of an accepted stream come first.
        setImmediate(() => this._call === call && !this._ended && this._onSubscribed());
      });
      call.on('data', (event) => {
        delivered = true;
        this._resumeAfter = Math.max(this._resumeAfter, Number(event.seq));
        this._events.push(event);
        if (this._events.length >= HIGH_WATER) call.pause();
        this._notify();
      });
      call.on('error', (err) => resolve(err));
      call.on('end', () => resolve(null));
    });
    this._call = null;
    if (!status || (status.code === grpc.status.CANCELLED && this._closed)) return { delivered };
    return { delivered, error: await fromServiceError(status, this._client.socket) };
  }

  /** @private @param {LatchkeyError | null} error */
  _finish(error) {
    if (this._ended) return;
    this._ended = true;
    this._failure = error;
    this._notify();
  }

  /** @private */
  _notify() {
    if (this._wake) {
      const wake = this._wake;
      this._wake = null;
      wake();
    }
  }

  /** @returns {Promise<IteratorResult<SessionEvent, undefined>>} */
  async next() {
    for (;;) {
      if (this._events.length) {
        const value = this._events.shift();
        if (this._call && this._call.isPaused() && this._events.length < HIGH_WATER / 2) this._call.resume();
        return { value, done: false };
      }
      if (this._ended) {
        if (this._failure) {
          const failure = this._failure;
          this._failure = null;
          throw failure;
        }
        return { value: undefined, done: true };
      }
      await new Promise((resolve) => {
        this._wake = resolve;
      });
    }
  }

  /** @returns {Promise<IteratorResult<SessionEvent, undefined>>} */
  async return() {
    this.close();
    return { value: undefined, done: true };
  }

  /** @returns {AsyncIterableIterator<SessionEvent>} */
  [Symbol.asyncIterator]() {
    return this;
  }
}

module.exports = { Backoff, FIRST_RETRY_MS, LAST_RETRY_MS, Watch };
