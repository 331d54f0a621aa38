/** Issuing, listing and revoking links (the firm side). */
import { timestampSchema, type ResourceRef } from '../../protocol/common.js';
import { createLinkRequestSchema, type CreateLinkRequest, type CreatedLink, type Link } from '../../protocol/links.js';
import { LINK_ACTIONS } from '../../protocol/token-format.js';
import { linkInvitation, type InvitationDeadline } from '../mail/templates.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from './audit.js';
import { hashSecret, hashToken, newId, newToken } from './crypto.js';
import { GuestkitServerError } from './errors.js';
import { DEFAULT_LINK_TTL_SECONDS, requireFirm } from './firms.js';
import { isoNow, type Runtime } from './options.js';
import { parseInput } from './validate.js';
import { canonicalEmail } from './email.js';

/** The firm-facing view of a stored link (no token, no hashes). */
export function toLink(record: LinkRecord): Link {
  return {
    id: record.id,
    firmId: record.firmId,
    kind: record.kind,
    action: record.action,
    resource: { ...record.resource },
    recipient: {
      email: record.recipientEmail,
      ...(record.recipientName ? { name: record.recipientName } : {}),
      ...(record.recipientLocale ? { locale: record.recipientLocale } : {}),
    },
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    stepUp: record.stepUp,
    createdBy: record.createdByEmail ? { email: record.createdByEmail, ...(record.createdByName ? { name: record.createdByName } : {}) } : null,
    replaces: record.replaces,
  };
}

/** The URL a recipient opens: the firm's page with the token in the fragment (never the query). */
export function linkUrl(firm: FirmRecord, link: Pick<LinkRecord, 'kind'>, token: string): string {
  return `${firm.linkBaseUrl.replaceAll('{kind}', link.kind)}#gk=${token}`;
}

// The most `ttlSeconds` may be (protocol/links.ts), a year and a day; `expiresAt` is held to it
// here, against the server's clock. Kept out of the protocol's exports, which browsers download.
const MAX_LINK_TTL_MS = 366 * 86_400_000;

/**
 * Checks a link's end the firm chose (`expiresAt` of a link, of a share's recipient, or a new one
 * for them): an ISO 8601 date-time with its offset (one without is the server's local time, which
 * no firm means), in the future, at most 366 days ahead. Returns it in UTC; refuses with
 * `validation_failed` naming `path`.
 */
export function checkLinkExpiry(runtime: Runtime, expiresAt: string, path: string): string {
  const refuse = (message: string): never => {
    throw new GuestkitServerError('validation_failed', `${path} ${message}`, { issues: [{ path, message }] });
  };
  if (!timestampSchema.safeParse(expiresAt).success) refuse('must be an ISO 8601 date-time with its offset');
  const expires = Date.parse(expiresAt);
  const now = runtime.now();
  if (!(expires > now)) refuse('must be in the future');
  if (expires - now > MAX_LINK_TTL_MS) refuse('must be at most 366 days ahead (the longest ttlSeconds)');
  return new Date(expires).toISOString();
}

function resolveExpiry(runtime: Runtime, firm: FirmRecord, input: CreateLinkRequest): string {
  if (input.expiresAt) return checkLinkExpiry(runtime, input.expiresAt, 'expiresAt');
  const ttl = input.ttlSeconds ?? firm.defaultTtlSeconds[input.kind] ?? DEFAULT_LINK_TTL_SECONDS[input.kind];
  return new Date(runtime.now() + 1000 * ttl).toISOString();
}

/** Options of `createLink` beyond the request body. */
export interface CreateLinkOptions {
  by?: Actor;
  /** Link this one replaces (fresh-link flow). */
  replaces?: string;
  /** Copy step-up (and the access code's hash) from an earlier link. */
  stepUpFrom?: Pick<LinkRecord, 'stepUp' | 'accessCodeHash'>;
}

/**
 * Issues a link: stores only the token's hash, records `link.issued`, mails the recipient if
 * asked. The returned token is never retrievable again.
 */
export async function createLink(runtime: Runtime, firmId: string, rawInput: CreateLinkRequest, options: CreateLinkOptions = {}): Promise<CreatedLink> {
  const input = parseInput(createLinkRequestSchema, rawInput);
  const firm = await requireFirm(runtime, firmId);
  // Asked to mail a link to what takes nothing any more (an upload request deactivated or past a
  // deadline that refuses late files): refused before the link is made, so no mail asks for files
  // the link would refuse.
  if (input.send && (await linkTerms(runtime, firmId, input.resource)).closed) throw new GuestkitServerError('upload_closed');
  const by = options.by ?? SYSTEM_ACTOR;
  const token = newToken(input.kind);
  const record: LinkRecord = {
    id: newId('lnk'),
    firmId,
    tokenHash: hashToken(token),
    kind: input.kind,
    action: LINK_ACTIONS[input.kind],
    resource: { type: input.resource.type, id: input.resource.id },
    recipientEmail: canonicalEmail(input.recipient.email),
    recipientName: input.recipient.name?.trim() || null,
    recipientLocale: input.recipient.locale ?? null,
    createdAt: isoNow(runtime),
    expiresAt: resolveExpiry(runtime, firm, input),
    revokedAt: null,
    stepUp: options.stepUpFrom ? options.stepUpFrom.stepUp : (input.stepUp?.type ?? null),
    accessCodeHash: options.stepUpFrom
      ? options.stepUpFrom.accessCodeHash
      : input.stepUp?.type === 'access_code'
        ? await hashSecret(input.stepUp.code)
        : null,
    createdByEmail: input.createdBy?.email ?? null,
    createdByName: input.createdBy?.name ?? null,
    replaces: options.replaces ?? null,
  };
  await runtime.store.links.insert(record);
  const url = linkUrl(firm, record, token);
  await recordAudit(
    runtime,
    {
      firmId,
      resource: record.resource,
      type: 'link.issued',
      data: { linkId: record.id, kind: record.kind, recipient: record.recipientEmail, expiresAt: record.expiresAt, stepUp: record.stepUp, replaces: record.replaces },
    },
    by,
  );
  if (input.send) await sendLink(runtime, firm, record, url, input.message, by);
  return { link: toLink(record), token, url, sent: input.send === true };
}

/** What a link's mails say of what it is for, and whether a mail may go out at all. */
export interface LinkTerms {
  /** An upload request's deadline, which every mail of the link states. */
  deadline?: InvitationDeadline;
  /**
   * It takes nothing any more — an upload request deactivated, or past a deadline that refuses
   * late files: no link to it is mailed, and no fresh one made.
   */
  closed: boolean;
}

/**
 * What `resource` (a link's) says of itself in mails, read from the store: so every mail of a link
 * to an upload request states its deadline — the first invitation, one for a link made on its own
 * (`POST /v1/admin/links`), a fresh link's — as gone by where it has.
 */
export async function linkTerms(runtime: Runtime, firmId: string, resource: ResourceRef): Promise<LinkTerms> {
  const record = await runtime.store.resources.get(firmId, resource.type, resource.id);
  const { deadline, lateUploads, status } = (record?.data ?? {}) as { deadline?: unknown; lateUploads?: unknown; status?: unknown };
  if (typeof deadline !== 'string') return { closed: status === 'deactivated' };
  const terms = { at: deadline, lateUploads: lateUploads === 'refuse' ? 'refuse' : 'allow', passed: Date.parse(deadline) <= runtime.now() } as const;
  return { deadline: terms, closed: status === 'deactivated' || (terms.passed && terms.lateUploads === 'refuse') };
}

/** Mails a link (its `url`, with the token) to its recipient and records `link.sent`. */
export async function sendLink(runtime: Runtime, firm: FirmRecord, record: LinkRecord, url: string, message: string | undefined, by: Actor = SYSTEM_ACTOR): Promise<void> {
  const { deadline } = await linkTerms(runtime, firm.id, record.resource);
  await runtime.mailer.send(linkInvitation(firm, record, url, message, deadline));
  await recordAudit(runtime, { firmId: firm.id, resource: record.resource, type: 'link.sent', data: { linkId: record.id, to: record.recipientEmail } }, by);
}

/** Lists a firm's links, newest first. */
export async function listLinks(runtime: Runtime, firmId: string, filter: { resource?: ResourceRef; active?: boolean; limit?: number } = {}): Promise<Link[]> {
  const records = await runtime.store.links.list(firmId, {
    ...(filter.resource ? { resource: filter.resource } : {}),
    ...(filter.active ? { activeAt: isoNow(runtime) } : {}),
    ...(filter.limit ? { limit: filter.limit } : {}),
  });
  return records.map(toLink);
}

/** Revokes a link at once; every session made from it ends in the same step. */
export async function revokeLink(runtime: Runtime, firmId: string, linkId: string, by: Actor = SYSTEM_ACTOR): Promise<Link> {
  const existing = await runtime.store.links.get(firmId, linkId);
  if (!existing) throw new GuestkitServerError('not_found', 'no such link');
  const changed = await runtime.store.links.revoke(firmId, linkId, isoNow(runtime));
  if (changed) await recordAudit(runtime, { firmId, resource: existing.resource, type: 'link.revoked', data: { linkId } }, by);
  const updated = await runtime.store.links.get(firmId, linkId);
  return toLink(updated!);
}
