#!/usr/bin/env node
// Log in anonymously through latchkeyd and print an access token, with the latchkey package
// (npm install ./clients/node).
//
// Usage: node client.js [SOCKET] [APP]

'use strict';

const { Client } = require('latchkey');

async function main() {
  const [socket, app] = process.argv.slice(2);
  const client = new Client({ socket });
  try {
    const user = await client.sessions.logIn({ app, credentials: { anonymous: {} } });
    console.error(`logged in as ${user.id} (${user.providerType})`);
    console.log(await client.token({ app }));
  } finally {
    client.close();
  }
}

main().catch((err) => {
  console.error(`latchkey example: ${err.message}`);
  process.exit(1);
});
