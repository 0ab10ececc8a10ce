#!/usr/bin/env node
// Log in anonymously through latchkeyd and print an access token, from Node.js with
// @grpc/grpc-js. The contract is loaded from ../../proto at run time.
//
// Usage: node client.js [SOCKET] [APP]

'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const socket = process.argv[2] || process.env.LATCHKEY_SOCKET || '/run/latchkey/latchkeyd.sock';
const app = process.argv[3] || '';

const definition = protoLoader.loadSync('latchkey/v1/latchkey.proto', {
  includeDirs: [path.join(__dirname, '..', '..', 'proto')],
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const latchkey = grpc.loadPackageDefinition(definition).latchkey.v1;
// @grpc/grpc-js sends an authority the daemon accepts over a Unix socket as it is.
const sessions = new latchkey.Sessions(`unix://${socket}`, grpc.credentials.createInsecure());

function call(method, request) {
  return new Promise((resolve, reject) => {
    sessions[method](request, (err, response) => (err ? reject(err) : resolve(response)));
  });
}

async function main() {
  const user = await call('LogIn', { app, credentials: { anonymous: { new_user: false } } });
  console.error(`logged in as ${user.id} (${user.provider_type})`);
  const token = await call('GetAccessToken', { app });
  console.log(token.token);
  sessions.close();
}

main().catch((err) => {
  console.error(`latchkey example: ${err.message}`);
  process.exit(1);
});
