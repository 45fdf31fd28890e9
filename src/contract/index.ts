/**
 * The contract between SynRoute's layers and with its users: wire types and
 * defaults, free of any other module. The engine writes these shapes, the
 * store keeps them, the API and the command line send and show them; the
 * search never sees them.
 */
export * from './aizynth.js';
export * from './batch-scoring.js';
export * from './errors.js';
export * from './job.js';
export * from './parameters.js';
export * from './route.js';
export * from './summary.js';
