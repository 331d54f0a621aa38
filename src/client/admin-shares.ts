/** The firm-side client's documents and shares. */
import { z } from '../protocol/zod.js';
import type { CreateShare } from '../protocol/share-requests.js';
import { createdLinkSchema } from '../protocol/links.js';
import type { Http } from './http.js';
import { newIdempotencyKey } from './idempotency.js';

/** A firm document as the admin API lists it. */
export const firmDocumentSchema = z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number(), sha256: z.string(), source: z.string(), createdAt: z.string() });
/** A firm document. */
export type FirmDocumentSummary = z.infer<typeof firmDocumentSchema>;

/** A share as the admin API lists it. */
export const shareSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  allowDownload: z.boolean(),
  watermark: z.boolean(),
  documentIds: z.array(z.string()),
  lockedUntilPaid: z.nullable(z.object({ invoiceId: z.string() })),
  recipients: z.array(z.object({ email: z.string(), name: z.nullable(z.string()), expiresAt: z.string(), revokedAt: z.nullable(z.string()), linkId: z.string() })),
  createdAt: z.string(),
});
/** A share. */
export type ShareSummary = z.infer<typeof shareSummarySchema>;

/** What one recipient did with a share. */
export const recipientActivitySchema = z.object({
  email: z.string(),
  expiresAt: z.string(),
  revokedAt: z.nullable(z.string()),
  opened: z.array(z.string()),
  viewed: z.array(z.object({ documentId: z.string(), at: z.string() })),
  downloaded: z.array(z.object({ documentId: z.string(), at: z.string() })),
  /** Per PDF, the pages the recipient had on screen for a while (ascending). */
  pages: z.array(z.object({ documentId: z.string(), pages: z.array(z.number()), lastAt: z.string() })),
});
/** What one recipient did. */
export type RecipientActivity = z.infer<typeof recipientActivitySchema>;

const createdShareSchema = z.object({
  share: shareSummarySchema,
  links: z.array(z.extend(createdLinkSchema, { email: z.string(), expiresAt: z.string() })),
});

/** Documents and shares over the admin API. */
export interface AdminShares {
  documents: {
    /** Uploads a document the firm can share. */
    add(name: string, body: Blob | Uint8Array): Promise<FirmDocumentSummary>;
    /** Makes a received upload shareable. */
    fromUpload(fileId: string): Promise<FirmDocumentSummary>;
    list(): Promise<FirmDocumentSummary[]>;
  };
  shares: {
    create(input: CreateShare, options?: { idempotencyKey?: string }): Promise<z.infer<typeof createdShareSchema>>;
    list(): Promise<ShareSummary[]>;
    activity(id: string): Promise<RecipientActivity[]>;
    revoke(id: string): Promise<ShareSummary>;
    revokeRecipient(id: string, email: string): Promise<ShareSummary>;
    extend(id: string, email: string, expiresAt: string): Promise<ShareSummary>;
    unlock(id: string): Promise<ShareSummary>;
  };
}

/** Builds the documents and shares part of the admin client. */
export function adminShares(http: Http, headers: Record<string, string>): AdminShares {
  const id = encodeURIComponent;
  return {
    documents: {
      add: (name, body) =>
        http.call('POST', '/v1/admin/documents', firmDocumentSchema, {
          headers: { ...headers, 'content-type': 'application/octet-stream', 'x-guestkit-filename': encodeURIComponent(name) },
          body: body as BodyInit,
        }),
      fromUpload: (fileId) => http.call('POST', `/v1/admin/documents/from-upload/${id(fileId)}`, firmDocumentSchema, { headers }),
      list: async () => (await http.call('GET', '/v1/admin/documents', z.object({ documents: z.array(firmDocumentSchema) }), { headers })).documents,
    },
    shares: {
      create: (input, call) => http.call('POST', '/v1/admin/shares', createdShareSchema, { json: input, headers, idempotencyKey: call?.idempotencyKey ?? newIdempotencyKey() }),
      list: async () => (await http.call('GET', '/v1/admin/shares', z.object({ shares: z.array(shareSummarySchema) }), { headers })).shares,
      activity: async (shareId) => (await http.call('GET', `/v1/admin/shares/${id(shareId)}/activity`, z.object({ recipients: z.array(recipientActivitySchema) }), { headers })).recipients,
      revoke: (shareId) => http.call('POST', `/v1/admin/shares/${id(shareId)}/revoke`, shareSummarySchema, { headers }),
      revokeRecipient: (shareId, email) => http.call('POST', `/v1/admin/shares/${id(shareId)}/recipients/${id(email)}/revoke`, shareSummarySchema, { headers }),
      extend: (shareId, email, expiresAt) =>
        http.call('POST', `/v1/admin/shares/${id(shareId)}/recipients/${id(email)}/extend`, shareSummarySchema, { headers, json: { expiresAt } }),
      unlock: (shareId) => http.call('POST', `/v1/admin/shares/${id(shareId)}/unlock`, shareSummarySchema, { headers }),
    },
  };
}
