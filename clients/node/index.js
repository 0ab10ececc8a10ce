'use strict';
// Client of latchkeyd, the local auth-session daemon.
//
//   const { Client } = require('latchkey');
//   const token = await new Client().token();   // the default app's current user

const { status } = require('@grpc/grpc-js');
const { Client } = require('./lib/client');
const { DaemonNotRunning, LatchkeyError, Reason, UntrustedSocket } = require('./lib/errors');
const { defaultSocket, userSocket, SYSTEM_SOCKET } = require('./lib/socket');
const { Watch } = require('./lib/watch');

module.exports = {
  Client,
  DaemonNotRunning,
  LatchkeyError,
  Reason,
  SYSTEM_SOCKET,
  UntrustedSocket,
  Watch,
  defaultSocket,
  status,
  userSocket,
};
