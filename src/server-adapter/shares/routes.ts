/** HTTP routes for shares: the recipient's (session) and the firm's (API key). */
import { SHARE_ROUTES, type ShareView } from '../../protocol/shares.js';
import { createShareSchema, pagesViewedSchema } from '../../protocol/share-requests.js';
import { recordAudit } from '../core/audit.js';
import { enforceRateLimit, HOUR } from '../core/rate-limit.js';
import { GuestkitServerError } from '../core/errors.js';
import type { Runtime } from '../core/options.js';
import { assertScope } from '../core/scope.js';
import { authenticateSession, type SessionContext } from '../core/sessions.js';
import { parseInput } from '../core/validate.js';
import { authenticateAdmin } from '../http/admin-auth.js';
import { readJson } from '../http/body.js';
import { withIdempotency } from '../http/idempotency.js';
import { json } from '../http/responses.js';
import type { RouteContext, Router } from '../http/router.js';
import { contentDisposition } from '../uploads/file-names.js';
import { addDocument, documentFromUpload, listDocuments, requireDocument } from './documents.js';
import { ifNoneMatch, parseRange } from './range.js';
import { SHARE_TYPES, type ShareData } from './records.js';
import { createShare, extendRecipient, getShare, listShares, recipientOf, requireShare, revokeRecipient, revokeShare, shareActivity, unlockShare } from './shares.js';

interface ShareSession {
  session: SessionContext;
  share: ShareData;
  /** The share's record of this link's recipient, with the address as the share stored it. */
  recipient: ShareData['recipients'][number];
}

async function shareSession(runtime: Runtime, ctx: RouteContext): Promise<ShareSession> {
  const session = await authenticateSession(runtime, ctx.request.headers.get('authorization'), ctx.meta);
  ctx.firm = session.firm;
  assertScope(session, { type: SHARE_TYPES.share, id: session.link.resource.id }, 'view');
  const record = await requireShare(runtime, session.firm.id, session.link.resource.id);
  const share = record.data as unknown as ShareData;
  // Revoking ends the links and their sessions; the share's own record says so too, for any link
  // of this recipient (a fresh one included) that might still be live.
  const recipient = recipientOf(share.recipients, session.link.recipientEmail);
  if (share.status === 'revoked' || !recipient || recipient.revokedAt) throw new GuestkitServerError('link_revoked');
  return { session, share, recipient };
}

// The bytes this recipient gets: their stamped copy when the share is watermarked. The copy is
// keyed by the address as the share stored it, which a link's own may spell otherwise (a fresh
// link keeps the adapter's one form, a share made before it the typed one). A PDF of a
// watermarked share without its copy is never served unstamped.
async function documentFor(runtime: Runtime, { session, share, recipient }: ShareSession, documentId: string) {
  if (!share.documentIds.includes(documentId)) throw new GuestkitServerError('not_found', 'no such document');
  if (share.lockedUntilPaid) throw new GuestkitServerError('document_locked');
  const doc = await requireDocument(runtime, session.firm.id, documentId);
  const copy = share.watermarks[`${documentId}:${recipient.email}`];
  if (copy) return { ...doc, ...copy };
  if (share.watermark && doc.type === 'application/pdf') throw new GuestkitServerError('internal', 'the watermarked copy is missing');
  return doc;
}

// A browser runs HTML, and any XML type (an SVG or XHTML root inside), as a page: such bytes go out
// as plain bytes, whatever the sniffer called them (SECURITY.md U18).
const ACTIVE_TYPE = /^(?:text\/html|text\/xml|application\/xml|[a-z]+\/[^;\s]*\+xml)\s*(?:;|$)/i;

/** The `Content-Type` a document's bytes are answered with. */
const servedType = (type: string): string => (ACTIVE_TYPE.test(type) ? 'application/octet-stream' : type);

/** Counts a view report against its link's hourly allowance (`rate_limited` beyond it). */
const limitReports = (runtime: Runtime, s: ShareSession): Promise<void> =>
  enforceRateLimit(runtime, `view-reports:${s.session.link.id}`, runtime.limits.viewReportsPerLinkPerHour, HOUR);

const actor = (ctx: RouteContext, s: ShareSession) => ({ actor: `link:${s.session.link.id}`, ip: ctx.meta.ip, userAgent: ctx.meta.userAgent });

/** Registers the recipient's share routes. */
export function registerShareRoutes(router: Router, runtime: Runtime): void {
  router.on('GET', SHARE_ROUTES.share, async (ctx) => {
    const s = await shareSession(runtime, ctx);
    const documents = s.share.lockedUntilPaid
      ? []
      : await Promise.all(s.share.documentIds.map(async (id) => {
          const doc = await documentFor(runtime, s, id);
          return { id, name: doc.name, type: doc.type, size: doc.size };
        }));
    const view: ShareView = {
      title: s.share.title,
      message: s.share.message,
      availableUntil: s.session.link.expiresAt,
      allowDownload: s.share.allowDownload,
      locked: s.share.lockedUntilPaid ? { reason: 'payment', invoiceId: s.share.lockedUntilPaid.invoiceId } : null,
      documents,
    };
    return json(view);
  });

  router.on('GET', SHARE_ROUTES.content, async (ctx) => {
    const s = await shareSession(runtime, ctx);
    const doc = await documentFor(runtime, s, ctx.params.id!);
    const etag = `"${doc.sha256}"`;
    const base: Record<string, string> = {
      'content-type': servedType(doc.type),
      'accept-ranges': 'bytes',
      etag,
      'content-disposition': contentDisposition('inline', doc.name),
      'content-security-policy': "sandbox; default-src 'none'",
      'cache-control': 'private, no-store',
    };
    if (ifNoneMatch(ctx.request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers: base });
    const ifRange = ctx.request.headers.get('if-range');
    const range = ifRange && ifRange !== etag ? null : parseRange(ctx.request.headers.get('range'), doc.size);
    if (range === 'unsatisfiable') {
      return new Response(null, { status: 416, headers: { ...base, 'content-range': `bytes */${doc.size}` } });
    }
    const head = ctx.request.method === 'HEAD';
    const blob = head ? null : await runtime.blobs!.get(doc.blobKey, range ?? undefined);
    if (!head && !blob) throw new GuestkitServerError('not_found', 'document content is missing');
    if (range) {
      return new Response(blob?.body ?? null, {
        status: 206,
        headers: { ...base, 'content-range': `bytes ${range.start}-${range.end}/${doc.size}`, 'content-length': String(range.end - range.start + 1) },
      });
    }
    return new Response(blob?.body ?? null, { status: 200, headers: { ...base, 'content-length': String(doc.size) } });
  });

  router.on('GET', SHARE_ROUTES.download, async (ctx) => {
    const s = await shareSession(runtime, ctx);
    // A document outside the share is not found, a locked one locked (402, what the viewer shows), whatever the download setting.
    const doc = await documentFor(runtime, s, ctx.params.id!);
    if (!s.share.allowDownload) throw new GuestkitServerError('download_disabled');
    // A HEAD (a link checker, a mail scanner) reads nothing and is no download (SECURITY.md R9).
    const head = ctx.request.method === 'HEAD';
    // Each download is an audit event kept for good: a session must not be able to flood the firm's log.
    if (!head) await enforceRateLimit(runtime, `downloads:${s.session.link.id}`, runtime.limits.downloadsPerLinkPerHour, HOUR);
    const blob = head ? null : await runtime.blobs!.get(doc.blobKey);
    if (!head && !blob) throw new GuestkitServerError('not_found', 'document content is missing');
    const resource = { type: SHARE_TYPES.share, id: s.session.link.resource.id };
    if (!head) await recordAudit(runtime, { firmId: s.session.firm.id, resource, type: 'share.downloaded', data: { linkId: s.session.link.id, documentId: doc.id, sha256: doc.sha256 } }, actor(ctx, s));
    return new Response(blob?.body ?? null, {
      status: 200,
      headers: {
        'content-type': servedType(doc.type),
        'content-length': String(doc.size),
        'content-disposition': contentDisposition('attachment', doc.name),
        'content-security-policy': "sandbox; default-src 'none'",
        'cache-control': 'private, no-store',
      },
    });
  });

  router.on('POST', SHARE_ROUTES.viewed, async (ctx) => {
    const s = await shareSession(runtime, ctx);
    await limitReports(runtime, s);
    const doc = await documentFor(runtime, s, ctx.params.id!);
    const resource = { type: SHARE_TYPES.share, id: s.session.link.resource.id };
    await recordAudit(runtime, { firmId: s.session.firm.id, resource, type: 'share.viewed', data: { linkId: s.session.link.id, documentId: doc.id } }, actor(ctx, s));
    return new Response(null, { status: 204 });
  });

  router.on('POST', SHARE_ROUTES.pages, async (ctx) => {
    const s = await shareSession(runtime, ctx);
    await limitReports(runtime, s);
    const doc = await documentFor(runtime, s, ctx.params.id!);
    if (doc.type !== 'application/pdf') throw new GuestkitServerError('validation_failed', 'pages are reported for PDFs only');
    const { pages } = parseInput(pagesViewedSchema, await readJson(ctx.request));
    const resource = { type: SHARE_TYPES.share, id: s.session.link.resource.id };
    const data = { linkId: s.session.link.id, documentId: doc.id, pages: [...new Set(pages)].sort((a, b) => a - b) };
    await recordAudit(runtime, { firmId: s.session.firm.id, resource, type: 'share.pages_viewed', data }, actor(ctx, s));
    return new Response(null, { status: 204 });
  });
}

/** Registers the firm's document and share routes. */
export function registerShareAdminRoutes(router: Router, runtime: Runtime): void {
  router.on('POST', '/v1/admin/documents', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    let name: string;
    try {
      name = decodeURIComponent(ctx.request.headers.get('x-guestkit-filename') ?? '');
    } catch {
      throw new GuestkitServerError('invalid_file_name');
    }
    if (!ctx.request.body) throw new GuestkitServerError('validation_failed', 'send the document as the request body');
    return json(await addDocument(runtime, firm.id, { name, body: ctx.request.body as ReadableStream<Uint8Array> }, by), 201);
  });
  router.on('POST', '/v1/admin/documents/from-upload/:id', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    return json(await documentFromUpload(runtime, firm.id, ctx.params.id!, by), 201);
  });
  router.on('GET', '/v1/admin/documents', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json({ documents: await listDocuments(runtime, firm.id) });
  });
  router.on('POST', '/v1/admin/shares', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    const body = await readJson(ctx.request);
    return withIdempotency(runtime, ctx.request, `firm:${firm.id}:shares`, body, async () => ({
      status: 201,
      body: await createShare(runtime, firm.id, parseInput(createShareSchema, body), by),
    }));
  });
  router.on('GET', '/v1/admin/shares', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json({ shares: await listShares(runtime, firm.id) });
  });
  router.on('GET', '/v1/admin/shares/:id', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json(await getShare(runtime, firm.id, ctx.params.id!));
  });
  router.on('GET', '/v1/admin/shares/:id/activity', async (ctx) => {
    const { firm } = await authenticateAdmin(runtime, ctx);
    return json({ recipients: await shareActivity(runtime, firm.id, ctx.params.id!) });
  });
  router.on('POST', '/v1/admin/shares/:id/revoke', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    return json(await revokeShare(runtime, firm.id, ctx.params.id!, by));
  });
  router.on('POST', '/v1/admin/shares/:id/unlock', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    return json(await unlockShare(runtime, firm.id, ctx.params.id!, by));
  });
  router.on('POST', '/v1/admin/shares/:id/recipients/:email/revoke', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    return json(await revokeRecipient(runtime, firm.id, ctx.params.id!, ctx.params.email!, by));
  });
  router.on('POST', '/v1/admin/shares/:id/recipients/:email/extend', async (ctx) => {
    const { firm, by } = await authenticateAdmin(runtime, ctx);
    const body = (await readJson(ctx.request)) as { expiresAt?: unknown };
    if (typeof body.expiresAt !== 'string') throw new GuestkitServerError('validation_failed', 'expiresAt is required');
    return json(await extendRecipient(runtime, firm.id, ctx.params.id!, ctx.params.email!, body.expiresAt, by));
  });
}
