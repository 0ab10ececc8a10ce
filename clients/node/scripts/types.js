#!/usr/bin/env node
// Regenerates every declaration the package ships, none written by hand:
// - types/: the contract's messages, enums and services, from the repository's proto/
//   (proto-loader-gen-types, compiled to .d.ts by tsc);
// - index.d.ts and lib/*.d.ts: the package's own API, from the JSDoc of index.js and lib/*.js
//   (tsc --allowJs --declaration), with the contract's types re-exported;
// - index.d.mts: the same for `import` (the ES module face, index.mjs).
// (The package loads the proto itself at run time: the repository's, or the copy
// scripts/copy-proto.js puts in the package when it is packed.)
// With --check, regenerates into a temporary directory and fails when anything differs from the
// committed files: CI runs it so the package never drifts from its sources or the contract.
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
  declarations(into);
}

/** index.d.ts, lib/*.d.ts and index.d.mts, from the sources' JSDoc. */
function declarations(into) {
  // tsc reads the sources from a copy that holds only the .js files (beside committed .d.ts files
  // it would take those as the modules' types and emit nothing new), inside the package so that
  // it finds @grpc/grpc-js's types in node_modules, with the contract's types/ made just before.
  const sources = fs.mkdtempSync(path.join(here, '.generated-'));
  try {
    fs.mkdirSync(path.join(sources, 'lib'));
    fs.copyFileSync(path.join(here, 'index.js'), path.join(sources, 'index.js'));
    for (const file of fs.readdirSync(path.join(here, 'lib')).filter((name) => name.endsWith('.js'))) {
      fs.copyFileSync(path.join(here, 'lib', file), path.join(sources, 'lib', file));
    }
    fs.cpSync(path.join(into, 'types'), path.join(sources, 'types'), { recursive: true });
    execFileSync(bin('tsc'), [
      '--allowJs', '--declaration', '--emitDeclarationOnly', '--skipLibCheck', '--strict',
      '--target', 'es2022', '--module', 'commonjs', '--moduleResolution', 'node', '--types', 'node',
      '--lib', 'es2022,dom', '--removeComments', 'false', '--rootDir', sources, '--outDir', path.join(sources, 'out'),
      path.join(sources, 'index.js'),
    ], { stdio: ['ignore', 'inherit', 'inherit'], cwd: here });
    const out = path.join(sources, 'out');
    fs.mkdirSync(path.join(into, 'lib'), { recursive: true });
    for (const file of fs.readdirSync(path.join(into, 'lib')).filter((name) => name.endsWith('.d.ts'))) {
      fs.rmSync(path.join(into, 'lib', file));
    }
    fs.copyFileSync(path.join(out, 'index.d.ts'), path.join(into, 'index.d.ts'));
    for (const file of fs.readdirSync(path.join(out, 'lib'))) {
      fs.copyFileSync(path.join(out, 'lib', file), path.join(into, 'lib', file));
    }
  } finally {
    fs.rmSync(sources, { recursive: true, force: true });
  }
  const index = path.join(into, 'index.d.ts');
  // The contract's types beside the API (a message type whose name the API takes, as `User` and
  // `Credentials`, is there as its __Output form and by its message name under `messages`).
  const reexports = [
    `export * from './types/messages';`,
    `export type * as messages from './types/messages';`,
    `export type { ApiKeys, Daemon, EmailPassword, Sessions } from './types/services';`,
    `export type { IdTokenOptions, ReauthOptions, TokenOptions } from './lib/client';`,
    `export type { WatchOptions } from './lib/watch';`,
    `export type { CallOptions } from '@grpc/grpc-js';`,
  ];
  fs.writeFileSync(index, `${HEADER}${fs.readFileSync(index, 'utf8')}${reexports.join('\n')}\n`);
  for (const file of fs.readdirSync(path.join(into, 'lib')).filter((name) => name.endsWith('.d.ts'))) {
    const full = path.join(into, 'lib', file);
    fs.writeFileSync(full, HEADER + fs.readFileSync(full, 'utf8'));
  }
  fs.writeFileSync(path.join(into, 'index.d.mts'), `${HEADER}// The ES module face (index.mjs): the same names, and the module as its default export.
export * from './index.js';
import * as latchkey from './index.js';
export default latchkey;
`);
}

const HEADER = `// Generated by scripts/types.js: do not edit.\n`;

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
      if (rel === 'node_modules' || rel === 'test' || rel === 'scripts' || rel.startsWith('.')) continue;
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
  const declared = (dir) => new Map([...listing(dir)].filter(([file]) => /\.d\.m?ts$/.test(file)
    && (file.startsWith('types/') || file.startsWith('lib/') || !file.includes('/'))));
  const want = declared(fresh);
  const have = new Map([...declared(here)].filter(([file]) => !file.startsWith('node_modules/')));
  for (const [file, text] of want) if (have.get(file) !== text) stale.push(file);
  for (const file of have.keys()) if (!want.has(file)) stale.push(file);
  if (stale.length) {
    console.error(`clients/node is out of date with proto/ (run npm run types): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('clients/node: the declarations match the sources and the contract');
} finally {
  fs.rmSync(fresh, { recursive: true, force: true });
}
