'use strict';
// The contract: in the repository (this package is its clients/node), the repository's own
// proto/; installed, the copy packed into the package (scripts/copy-proto.js).

const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO = 'latchkey/v1/latchkey.proto';
const root = path.join(__dirname, '..');
const repository = path.join(root, '..', '..', 'proto');
const inRepository = path.basename(root) === 'node' && path.basename(path.dirname(root)) === 'clients'
  && fs.existsSync(path.join(repository, PROTO));
const protoDir = inRepository ? repository : path.join(root, 'proto');

// The generated TypeScript types (types/) are made with these same options.
const LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [protoDir],
};

const definition = protoLoader.loadSync(PROTO, LOADER_OPTIONS);
const v1 = grpc.loadPackageDefinition(definition).latchkey.v1;

module.exports = { LOADER_OPTIONS, definition, v1 };
