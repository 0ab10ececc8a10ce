// The ES module face of the package: the same objects as require('latchkey') (one module
// instance, so `instanceof` holds across both), under their names (Node reads them from
// index.js's `module.exports = { ... }`) and as the default export.
export * from './index.js';
export { default } from './index.js';
