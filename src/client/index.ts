export {
  createAdminClient,
  uploadedFileSummarySchema,
  uploadRequestSummarySchema,
  type AdminClientOptions,
  type GuestkitAdminClient,
  type UploadRequestSummary,
  type UploadedFileSummary,
} from './admin-client.js';
export { createClient, type ClientOptions, type GuestkitClient } from './client.js';
export * from './errors.js';
export type { CallOptions, Http, HttpOptions, Schema } from './http.js';
export { newIdempotencyKey } from './idempotency.js';
export type { LinkSession, StepUpAnswer } from './link-session.js';
export { firmDocumentSchema, recipientActivitySchema, shareSummarySchema, type AdminShares, type FirmDocumentSummary, type RecipientActivity, type ShareSummary } from './admin-shares.js';
