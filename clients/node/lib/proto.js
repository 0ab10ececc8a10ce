'use strict';
// The contract, loaded from the package's copy of proto/ (kept equal by scripts/types.js --check).

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

// The generated TypeScript types (types/) are made with these same options.
const LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [path.join(__dirname, '..', 'proto')],
};

const definition = protoLoader.loadSync('latchkey/v1/latchkey.proto', LOADER_OPTIONS);
const v1 = grpc.loadPackageDefinition(definition).latchkey.v1;

module.exports = { LOADER_OPTIONS, definition, v1 };
