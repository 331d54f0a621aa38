export * from './audit.js';
export * from './common.js';
export * from './errors.js';
export * from './links.js';
export * from './routes.js';
export * from './session.js';
export * from './token-format.js';
export * from './uploads.js';
