#!/usr/bin/env node
// `prepare` (npm runs it before `npm pack` and when a directory is installed as a copy): puts the
// repository's proto/ into the package, so that a packed or copied package carries the contract
// it loads. In the repository the package loads ../../proto directly (lib/proto.js); the copy is
// never committed.
'use strict';

const fs = require('fs');
const path = require('path');

const here = path.join(__dirname, '..');
const contract = path.join(here, '..', '..', 'proto');
if (fs.existsSync(contract)) {
  fs.rmSync(path.join(here, 'proto'), { recursive: true, force: true });
  fs.cpSync(contract, path.join(here, 'proto'), { recursive: true });
}
