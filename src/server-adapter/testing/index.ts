export * from './blob-conformance.js';
export * from './mailer-conformance.js';
export * from './store-conformance.js';
export * from './store-fixtures.js';
