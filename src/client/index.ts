export { createAdminClient, type AdminClientOptions, type GuestkitAdminClient, type UploadRequestSummary, type UploadedFileSummary } from './admin-client.js';
export { createClient, type ClientOptions, type GuestkitClient } from './client.js';
export * from './errors.js';
export type { CallOptions, Http, HttpOptions, Schema } from './http.js';
export { newIdempotencyKey } from './idempotency.js';
export type { LinkSession, StepUpAnswer } from './link-session.js';
export type { AdminShares, FirmDocumentSummary, RecipientActivity, ShareSummary } from './admin-shares.js';
