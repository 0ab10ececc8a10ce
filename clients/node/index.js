'use strict';
// Client of latchkeyd, the local auth-session daemon.
//
//   const { Client } = require('latchkey');        // or: import { Client } from 'latchkey';
//   const token = await new Client().token();      // the default app's current user
//
// The declarations (index.d.ts, lib/*.d.ts) are made from this package's JSDoc by
// scripts/types.js; index.mjs is the ES module face of this same module.

const { status } = require('@grpc/grpc-js');
const { ApiKeyAuth, App, Credentials, EmailPasswordAuth, User } = require('./lib/app');
const { Client } = require('./lib/client');
const { DaemonNotRunning, LatchkeyError, Reason, UntrustedSocket } = require('./lib/errors');
const { defaultSocket, userSocket, SYSTEM_SOCKET } = require('./lib/socket');
const { Watch } = require('./lib/watch');

module.exports = {
  ApiKeyAuth,
  App,
  Client,
  Credentials,
  DaemonNotRunning,
  EmailPasswordAuth,
  LatchkeyError,
  Reason,
  SYSTEM_SOCKET,
  UntrustedSocket,
  User,
  Watch,
  defaultSocket,
  status,
  userSocket,
};
