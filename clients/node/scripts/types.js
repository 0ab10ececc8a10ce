#!/usr/bin/env node
// Regenerates the TypeScript declarations of the contract's messages, enums and services (types/,
// from proto-loader-gen-types compiled to .d.ts by tsc) from the repository's proto/. (The
// package loads the proto itself at run time: the repository's, or the copy scripts/copy-proto.js
// puts in the package when it is packed.)
// With --check, regenerates into a temporary directory and fails when anything differs from the
// committed files: CI runs it so the package never drifts from the contract.
'use strict';

const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const here = path.join(__dirname, '..');
const contract = path.join(here, '..', '..', 'proto');
const PROTO = 'latchkey/v1/latchkey.proto';
const check = process.argv.includes('--check');
const bin = (name) => path.join(here, 'node_modules', '.bin', name);

function generate(into) {
  // Inside the package, so that tsc finds @grpc/grpc-js's own types in node_modules.
  const sources = fs.mkdtempSync(path.join(here, '.generated-'));
  try {
    // The same options as lib/proto.js loads the contract with.
    execFileSync(bin('proto-loader-gen-types'), [
      '--longs', 'String', '--enums', 'String', '--defaults', '--oneofs', '--includeComments',
      '--grpcLib', '@grpc/grpc-js', '-I', contract, '-O', sources, PROTO,
    ], { stdio: ['ignore', 'ignore', 'inherit'] });
    const files = [];
    (function walk(dir) {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(full);
      }
    })(sources);
    for (const file of files) {
      // The generator names its input by the path it was given: keep that out of the output.
      const text = fs.readFileSync(file, 'utf8').replace(/^\/\/ Original file: .*$/m,
        `// Generated from proto/${PROTO} by scripts/types.js: do not edit.`);
      fs.writeFileSync(file, text);
    }
    fs.rmSync(path.join(into, 'types'), { recursive: true, force: true });
    execFileSync(bin('tsc'), [
      '--declaration', '--emitDeclarationOnly', '--skipLibCheck', '--strict', '--target', 'es2020',
      '--module', 'commonjs', '--moduleResolution', 'node', '--removeComments', 'false',
      '--rootDir', sources, '--outDir', path.join(into, 'types'), ...files,
    ], { stdio: ['ignore', 'inherit', 'inherit'], cwd: here });
  } finally {
    fs.rmSync(sources, { recursive: true, force: true });
  }
  fs.writeFileSync(path.join(into, 'types', 'messages.d.ts'), messages(path.join(into, 'types')));
  fs.writeFileSync(path.join(into, 'types', 'services.d.ts'), services(contract));
}

const HEADER = `// Generated from proto/${PROTO} by scripts/types.js: do not edit.\n`;

/** Every message and enum of latchkey.v1, input and output forms, from one module. */
function messages(types) {
  const dir = path.join(types, 'latchkey', 'v1');
  const names = fs.readdirSync(dir).map((file) => file.replace(/\.d\.ts$/, '')).sort();
  const lines = names
    .filter((name) => !SERVICE_NAMES.includes(name))
    .map((name) => `export type { ${name}, ${name}__Output } from './latchkey/v1/${name}';`);
  return HEADER + lines.join('\n') + '\n';
}

const SERVICE_NAMES = ['Sessions', 'ApiKeys', 'EmailPassword', 'Daemon'];

/** The promise-shaped services the Client exposes (lib/client.js serviceWrapper). */
function services(protoDir) {
  const protoLoader = require('@grpc/proto-loader');
  const definition = protoLoader.loadSync(PROTO, { ...require('../lib/proto').LOADER_OPTIONS, includeDirs: [protoDir] });
  const used = new Set();
  const blocks = SERVICE_NAMES.map((service) => {
    const methods = Object.entries(definition[`latchkey.v1.${service}`]).flatMap(([name, method]) => {
      const request = method.requestType.type.name;
      const response = `${method.responseType.type.name}__Output`;
      used.add(request).add(response);
      const answer = method.responseStream ? `AsyncGenerator<${response}, void, undefined>` : `Promise<${response}>`;
      return [name, method.originalName].map((n) => `  ${n}(request?: ${request}, options?: CallOptions): ${answer};`);
    });
    return `export interface ${service} {\n${methods.join('\n')}\n}`;
  });
  const imports = [...used].sort().join(', ');
  return `${HEADER}import type { CallOptions } from '@grpc/grpc-js';\nimport type { ${imports} } from './messages';\n\n${blocks.join('\n\n')}\n`;
}

function listing(dir) {
  const out = new Map();
  (function walk(sub) {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = path.join(sub, entry.name);
      if (entry.isDirectory()) walk(rel);
      else out.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8'));
    }
  })('');
  return out;
}

if (!check) {
  generate(here);
  process.exit(0);
}
const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-check-'));
try {
  generate(fresh);
  const stale = [];
  for (const dir of ['types']) {
    const want = listing(path.join(fresh, dir));
    const have = fs.existsSync(path.join(here, dir)) ? listing(path.join(here, dir)) : new Map();
    for (const [file, text] of want) if (have.get(file) !== text) stale.push(path.join(dir, file));
    for (const file of have.keys()) if (!want.has(file)) stale.push(path.join(dir, file));
  }
  if (stale.length) {
    console.error(`clients/node is out of date with proto/ (run npm run types): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('clients/node: types/ match the contract');
} finally {
  fs.rmSync(fresh, { recursive: true, force: true });
}
