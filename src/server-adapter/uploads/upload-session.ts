/** Resolving an upload link's session to its upload request, with the grace rules for late finishes. */
import type { Actor } from '../core/audit.js';
import { GuestkitServerError } from '../core/errors.js';
import type { Runtime } from '../core/options.js';
import { assertScope } from '../core/scope.js';
import { authenticateSession, MAX_GRACE_MS, type SessionContext } from '../core/sessions.js';
import type { RouteContext } from '../http/router.js';
import type { LinkRecord, ResourceRecord } from '../store/types.js';
import { UPLOAD_TYPES, type UploadRequestData } from './records.js';

/** A session on an upload link, with its request. */
export interface UploadSession {
  session: SessionContext;
  record: ResourceRecord;
  request: UploadRequestData;
}

/**
 * Authenticates the session and loads its upload request. `continuing` work (a tus upload that
 * exists, or finishing it) may go on within the request's grace window after the link expired;
 * anything new needs a live link.
 */
export async function uploadSession(runtime: Runtime, ctx: RouteContext, continuing: boolean): Promise<UploadSession> {
  // The longest grace a firm may set; the request's own setting is applied after.
  const session = await authenticateSession(runtime, ctx.request.headers.get('authorization'), ctx.meta, continuing ? { graceMs: MAX_GRACE_MS } : {});
  ctx.firm = session.firm;
  assertScope(session, { type: UPLOAD_TYPES.request, id: session.link.resource.id }, 'upload');
  const record = await runtime.store.resources.get(session.firm.id, UPLOAD_TYPES.request, session.link.resource.id);
  if (!record) throw new GuestkitServerError('link_not_found');
  const request = record.data as unknown as UploadRequestData;
  if (request.status !== 'open') throw new GuestkitServerError('upload_closed');
  if (!linkGoesOn(runtime, request, session.link)) throw new GuestkitServerError('link_expired');
  return { session, record, request };
}

/**
 * How long work begun in time — an upload begun before its link expired, or before the deadline of
 * a request that refuses late files — may go on after: the request's `graceSeconds`, at most 7 days.
 */
export function graceMs(request: UploadRequestData): number {
  return Math.min(request.graceSeconds * 1000, MAX_GRACE_MS);
}

/**
 * Whether an upload begun through `link` may still go on: the link is not revoked, and live or
 * within the request's grace window after its end. One that may not can never be finished (an
 * upload goes on only through the link that began it).
 */
export function linkGoesOn(runtime: Runtime, request: UploadRequestData, link: LinkRecord): boolean {
  return !link.revokedAt && Date.parse(link.expiresAt) + graceMs(request) > runtime.now();
}

/**
 * Whether a request that refuses late files (`lateUploads: 'refuse'`) is closed `afterMs` past its
 * deadline: to new uploads from the deadline (`0`); to the bytes and the finish of one begun before
 * it once the grace window after it is over (`graceMs`).
 */
export function closedByDeadline(runtime: Runtime, request: UploadRequestData, afterMs = 0): boolean {
  return request.lateUploads === 'refuse' && request.deadline !== null && Date.parse(request.deadline) + afterMs <= runtime.now();
}

/** True once the link has expired (so only work begun before `linkExpiresAt` may continue). */
export function inGrace(runtime: Runtime, upload: UploadSession): boolean {
  return Date.parse(upload.session.link.expiresAt) <= runtime.now();
}

/** The actor of a visitor's upload in the audit log: their link, from their session's address and browser. */
export const uploadVisitor = ({ session }: UploadSession): Actor => ({ actor: `link:${session.link.id}`, ip: session.session.ip, userAgent: session.session.userAgent });
