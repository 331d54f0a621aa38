/** The firm-side client: back-end code calling the admin API with a firm API key. */
import { auditEventSchema, auditVerificationSchema, type AuditEvent, type AuditVerification } from '../protocol/audit.js';
import type { ResourceRef } from '../protocol/common.js';
import { createdLinkSchema, linkListSchema, linkSchema, type CreateLinkRequest, type CreatedLink, type Link } from '../protocol/links.js';
import { routePath, ROUTES } from '../protocol/routes.js';
import { z } from '../protocol/zod.js';
import type { CreateUploadRequest } from '../protocol/upload-requests.js';
import { createHttp, type HttpOptions } from './http.js';
import { adminShares, type AdminShares } from './admin-shares.js';
import { newIdempotencyKey } from './idempotency.js';

/** Options for `createAdminClient`. */
export interface AdminClientOptions extends HttpOptions {
  /** A firm API key (`gk_key_…`). Keep it on the server. */
  apiKey: string;
}

/** The firm-side client. */
export interface GuestkitAdminClient extends AdminShares {
  links: {
    /** Issues a link; the answer is the only time its token is shown. */
    create(input: CreateLinkRequest, options?: { idempotencyKey?: string }): Promise<CreatedLink>;
    list(filter?: { resource?: ResourceRef; active?: boolean }): Promise<Link[]>;
    /** Revokes a link at once; sessions made from it end too. */
    revoke(id: string): Promise<Link>;
  };
  audit: {
    list(filter?: { resource?: ResourceRef; limit?: number }): Promise<AuditEvent[]>;
    verify(resource: ResourceRef): Promise<AuditVerification>;
  };
  uploads: {
    /** Creates an upload request (folder, link; mailed when `send`). */
    createRequest(input: CreateUploadRequest, options?: { idempotencyKey?: string }): Promise<{ request: UploadRequestSummary; link: CreatedLink }>;
    listRequests(filter?: { open?: boolean }): Promise<UploadRequestSummary[]>;
    /** Stops uploads and revokes the request's links. */
    deactivate(id: string): Promise<UploadRequestSummary>;
    /** Files received for a request. */
    listFiles(requestId: string): Promise<UploadedFileSummary[]>;
    /** Downloads a received file (quarantined files are refused with `file_quarantined`). */
    download(fileId: string): Promise<Response>;
  };
}

const auditListSchema = z.object({ events: z.array(auditEventSchema) });

/** An upload request as the admin API lists it. */
export const uploadRequestSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['open', 'deactivated']),
  uploaderEmail: z.string(),
  uploaderName: z.nullable(z.string()),
  deadline: z.nullable(z.string()),
  fileCount: z.number(),
  createdAt: z.string(),
});
/** An upload request as the admin API lists it. */
export type UploadRequestSummary = z.infer<typeof uploadRequestSummarySchema>;

/** A received file as the admin API lists it. */
export const uploadedFileSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  sha256: z.string(),
  type: z.string(),
  note: z.nullable(z.string()),
  uploaderName: z.nullable(z.string()),
  uploaderEmail: z.nullable(z.string()),
  receivedAt: z.string(),
  late: z.boolean(),
  status: z.string(),
  /** An earlier file of the same request with the same bytes (SHA-256): the same document sent again. */
  duplicateOf: z.optional(z.string()),
});
/** A received file as the admin API lists it. */
export type UploadedFileSummary = z.infer<typeof uploadedFileSummarySchema>;

const createdUploadRequestSchema = z.object({ request: uploadRequestSummarySchema, link: createdLinkSchema });

/**
 * Creates an admin client.
 *
 * @example
 * ```ts
 * const admin = createAdminClient({ endpoint: 'http://localhost:4780/guestkit', apiKey: process.env.GUESTKIT_KEY! });
 * const { url } = await admin.links.create({ kind: 'upload', resource: { type: 'upload-request', id: 'r1' },
 *   recipient: { email: 'lead@example.com' }, send: true });
 * ```
 */
export function createAdminClient(options: AdminClientOptions): GuestkitAdminClient {
  const http = createHttp(options);
  const headers = { authorization: `Bearer ${options.apiKey}` };
  const resourceParams = (resource?: ResourceRef): Record<string, string> =>
    resource ? { resourceType: resource.type, resourceId: resource.id } : {};
  return {
    ...adminShares(http, headers),
    links: {
      create: (input, call) =>
        http.call('POST', ROUTES.createLink.path, createdLinkSchema, { json: input, headers, idempotencyKey: call?.idempotencyKey ?? newIdempotencyKey() }),
      list: async (filter) => {
        const searchParams = { ...resourceParams(filter?.resource), ...(filter?.active ? { active: 'true' } : {}) };
        return (await http.call('GET', ROUTES.listLinks.path, linkListSchema, { headers, searchParams })).links;
      },
      revoke: (id) => http.call('POST', routePath('revokeLink', { id }), linkSchema, { headers }),
    },
    audit: {
      list: async (filter) => {
        const searchParams = { ...resourceParams(filter?.resource), ...(filter?.limit ? { limit: String(filter.limit) } : {}) };
        return (await http.call('GET', ROUTES.listAudit.path, auditListSchema, { headers, searchParams })).events;
      },
      verify: (resource) => http.call('GET', ROUTES.verifyAudit.path, auditVerificationSchema, { headers, searchParams: resourceParams(resource) }),
    },
    uploads: {
      createRequest: (input, call) =>
        http.call('POST', '/v1/admin/upload-requests', createdUploadRequestSchema, { json: input, headers, idempotencyKey: call?.idempotencyKey ?? newIdempotencyKey() }),
      listRequests: async (filter) =>
        (await http.call('GET', '/v1/admin/upload-requests', z.object({ requests: z.array(uploadRequestSummarySchema) }), { headers, searchParams: filter?.open ? { open: 'true' } : {} })).requests,
      deactivate: (id) => http.call('POST', `/v1/admin/upload-requests/${encodeURIComponent(id)}/deactivate`, uploadRequestSummarySchema, { headers }),
      listFiles: async (requestId) =>
        (await http.call('GET', `/v1/admin/upload-requests/${encodeURIComponent(requestId)}/files`, z.object({ files: z.array(uploadedFileSummarySchema) }), { headers })).files,
      download: (fileId) => http.raw('GET', `/v1/admin/files/${encodeURIComponent(fileId)}/content`, { headers }),
    },
  };
}
