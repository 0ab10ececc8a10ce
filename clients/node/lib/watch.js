'use strict';
// WatchEvents as an async iterable that survives daemon restarts.

const grpc = require('@grpc/grpc-js');
const { DaemonNotRunning, fromServiceError } = require('./errors');

const FIRST_RETRY_MS = 200;
const LAST_RETRY_MS = 2000;
// Events held for a slow reader before the stream is paused (the daemon then buffers, and
// reports what it had to drop as a `lagged` event).
const HIGH_WATER = 256;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An async iterable of SessionEvent. After a daemon restart it reconnects (200 ms doubling to
 * 2 s) and resumes after the last seq delivered; what could not be replayed arrives as a
 * `lagged` event. It ends with an error only when the daemon refuses the subscription (an
 * unknown app) or is not reached at first, and ends quietly after close().
 */
class Watch {
  constructor(client, { app, userId, snapshot = true } = {}) {
    this._client = client;
    this._app = app || '';
    this._userId = userId || '';
    this._snapshot = snapshot;
    this._resumeAfter = 0;
    this._events = [];
    this._failure = null;
    this._ended = false;
    this._wake = null;
    this._call = null;
    this._closed = false;
    this._subscribed = new Promise((resolve, reject) => {
      this._onSubscribed = resolve;
      this._onRefused = reject;
    });
    this._subscribed.catch(() => {}); // also reported by the iterator
    this._run();
  }

  /** Resolves once the daemon holds the subscription; rejects with its refusal. */
  subscribed() {
    return this._subscribed;
  }

  /** Ends the subscription; the iterator finishes. */
  close() {
    this._closed = true;
    if (this._call) this._call.cancel();
    this._finish(null);
  }

  async _run() {
    let retry = FIRST_RETRY_MS;
    let first = true;
    while (!this._closed) {
      let outcome;
      try {
        outcome = await this._once();
      } catch (err) {
        outcome = err;
      }
      if (this._closed) return;
      if (outcome && outcome.delivered) retry = FIRST_RETRY_MS;
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
      await sleep(retry);
      retry = Math.min(retry * 2, LAST_RETRY_MS);
    }
  }

  /** One subscription, until it ends: {delivered, error}. */
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

  _finish(error) {
    if (this._ended) return;
    this._ended = true;
    this._failure = error;
    this._notify();
  }

  _notify() {
    if (this._wake) {
      const wake = this._wake;
      this._wake = null;
      wake();
    }
  }

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

  async return() {
    this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

module.exports = { Watch };
