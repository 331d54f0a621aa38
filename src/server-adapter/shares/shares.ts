/** Shares on the firm's side: one `view` link per recipient, each with its own expiry. */
import type { CreatedLink } from '../../protocol/links.js';
import { createShareSchema, type CreateShare } from '../../protocol/share-requests.js';
import { readAllBytes } from '../blob/read-all.js';
import { recordAudit, SYSTEM_ACTOR, type Actor } from '../core/audit.js';
import { changeResource, insertResource } from '../core/resources.js';
import { hashSecret, newId } from '../core/crypto.js';
import { GuestkitServerError } from '../core/errors.js';
import { requireFirm } from '../core/firms.js';
import { checkLinkExpiry, createLink, revokeLink, sendLink } from '../core/links.js';
import { isoNow, type Runtime } from '../core/options.js';
import { parseInput } from '../core/validate.js';
import type { AuditEventRecord, LinkRecord, ResourceRecord } from '../store/types.js';
import { requireDocument } from './documents.js';
import { asData, SHARE_TYPES, type Share, type ShareData, type WatermarkedCopy } from './records.js';
import { EncryptedPdfError, watermarkPdf } from './watermark.js';
import { canonicalEmail } from '../core/email.js';

/** PDFs above this size are not stamped (pdf-lib holds the whole file in memory). */
const MAX_WATERMARK_BYTES = 100 * 1024 * 1024;

function toShare(record: ResourceRecord): Share {
  const { watermarks: _w, ...rest } = record.data as unknown as ShareData;
  return { ...rest, id: record.id };
}

/**
 * Every link this share gave each recipient, newest first: the first one, and any fresh link that
 * replaced it when it expired ("send me a fresh link" issues a new link for the same share and
 * address). The links are the record of who can get in; the share's own list may name an older one.
 */
async function linksByRecipient(runtime: Runtime, firmId: string, shareId: string): Promise<Map<string, LinkRecord[]>> {
  return byRecipient(await runtime.store.links.list(firmId, { resource: { type: SHARE_TYPES.share, id: shareId } }));
}

/** `links` grouped by `key`, each group in the order given (newest first, as the store lists). */
function groupLinks(links: readonly LinkRecord[], key: (link: LinkRecord) => string): Map<string, LinkRecord[]> {
  const groups = new Map<string, LinkRecord[]>();
  for (const link of links) {
    const group = groups.get(key(link));
    if (group) group.push(link);
    else groups.set(key(link), [link]);
  }
  return groups;
}

/** `links` grouped by recipient address. */
const byRecipient = (links: readonly LinkRecord[]) => groupLinks(links, (link) => canonicalEmail(link.recipientEmail));

/** A share as the firm sees it, each recipient with their newest link and its expiry (`links`: the share's, when already read). */
async function viewOf(runtime: Runtime, record: ResourceRecord, shareLinks?: readonly LinkRecord[]): Promise<Share> {
  const share = toShare(record);
  const links = shareLinks ? byRecipient(shareLinks) : await linksByRecipient(runtime, record.firmId, record.id);
  const recipients = share.recipients.map((r) => {
    const theirs = links.get(canonicalEmail(r.email)) ?? [];
    // The newest link still standing (one revoked through the links API leaves the one before).
    const newest = theirs.find((link) => !link.revokedAt) ?? theirs[0];
    return newest ? { ...r, linkId: newest.id, expiresAt: newest.expiresAt } : r;
  });
  return { ...share, recipients };
}

async function bytesOf(runtime: Runtime, blobKey: string): Promise<Uint8Array> {
  const blob = await runtime.blobs!.get(blobKey);
  if (!blob) throw new GuestkitServerError('not_found', 'document content is missing');
  return readAllBytes(blob.body);
}

// Each recipient gets their own stamped copy of each PDF, made once, so range requests and
// downloads serve stable bytes. A PDF that cannot be stamped refuses the share, and the copies
// made before it are deleted.
async function stampCopies(runtime: Runtime, shareId: string, documentIds: string[], emails: string[], firmId: string): Promise<Record<string, WatermarkedCopy>> {
  const copies: Record<string, WatermarkedCopy> = {};
  try {
    for (const documentId of documentIds) {
      const doc = await requireDocument(runtime, firmId, documentId);
      if (doc.type !== 'application/pdf') continue;
      const refuse = (why: string): GuestkitServerError =>
        new GuestkitServerError('validation_failed', `${doc.name} ${why}`, { issues: [{ path: `documentIds.${documentIds.indexOf(documentId)}`, message: why }] });
      if (doc.size > MAX_WATERMARK_BYTES) throw refuse('is too large to watermark');
      const original = await bytesOf(runtime, doc.blobKey);
      for (const email of emails) {
        const stamped = await watermarkPdf(original, email).catch((error: unknown) => {
          // pdf-lib cannot write into an encrypted PDF; share it without a watermark, or unprotected.
          throw error instanceof EncryptedPdfError ? refuse('is password-protected and cannot be watermarked') : error;
        });
        const blobKey = `shares/${shareId}/${documentId}-${newId('wm')}`;
        const stored = await runtime.blobs!.put(blobKey, stamped);
        copies[`${documentId}:${email}`] = { blobKey, size: stored.size, sha256: stored.sha256 };
      }
    }
  } catch (error) {
    for (const copy of Object.values(copies)) await runtime.blobs!.delete(copy.blobKey).catch(() => false);
    throw error;
  }
  return copies;
}

/** Creates a share and a link for each recipient (each mailed separately when `send`). */
export async function createShare(
  runtime: Runtime,
  firmId: string,
  rawInput: CreateShare,
  by: Actor = SYSTEM_ACTOR,
): Promise<{ share: Share; links: (CreatedLink & { email: string; expiresAt: string })[] }> {
  const input = parseInput(createShareSchema, rawInput);
  if (!runtime.blobs) throw new GuestkitServerError('unavailable', 'no blob store configured');
  for (const id of input.documentIds) await requireDocument(runtime, firmId, id);
  const emails = input.recipients.map((r) => canonicalEmail(r.email));
  if (new Set(emails).size !== emails.length) throw new GuestkitServerError('validation_failed', 'each recipient once');
  // Every date checked before anything is made (in the future, at most 366 days ahead, as each
  // link will check it): one refused must not leave the others' links behind.
  input.recipients.forEach((r, i) => checkLinkExpiry(runtime, r.expiresAt, `recipients.${i}.expiresAt`));
  const id = newId('shr');
  const resource = { type: SHARE_TYPES.share, id };
  const now = isoNow(runtime);
  const documentIds = [...new Set(input.documentIds)];
  const data: ShareData = {
    title: input.title,
    message: input.message ?? null,
    documentIds,
    allowDownload: input.allowDownload ?? true,
    watermark: input.watermark ?? false,
    lockedUntilPaid: input.lockedUntilPaid ?? null,
    recipients: [],
    watermarks: input.watermark ? await stampCopies(runtime, id, documentIds, emails, firmId) : {},
    status: 'active',
    createdByEmail: input.createdBy?.email ?? null,
    createdByName: input.createdBy?.name ?? null,
    createdAt: now,
  };
  // Links first, unmailed; then the share with every recipient; then the mails. A failure on the
  // way leaves no share whose recipients already hold a working link the firm cannot see or revoke.
  const links: (CreatedLink & { email: string; expiresAt: string })[] = [];
  // One hash of the access code for every recipient's link: wrong guesses at a code are also
  // counted per hash (core/step-up.ts), so holding several recipients' links does not multiply them.
  const stepUpFrom = input.stepUp && { stepUp: input.stepUp.type, accessCodeHash: input.stepUp.type === 'access_code' ? await hashSecret(input.stepUp.code) : null };
  try {
    for (const recipient of input.recipients) {
      const created = await createLink(
        runtime,
        firmId,
        {
          kind: 'view',
          resource,
          recipient: { email: recipient.email, ...(recipient.name ? { name: recipient.name } : {}), ...(recipient.locale ? { locale: recipient.locale } : {}) },
          expiresAt: recipient.expiresAt,
          ...(input.createdBy ? { createdBy: input.createdBy } : {}),
        },
        { by, ...(stepUpFrom ? { stepUpFrom } : {}) },
      );
      data.recipients.push({
        email: canonicalEmail(recipient.email),
        name: recipient.name ?? null,
        locale: recipient.locale ?? null,
        linkId: created.link.id,
        expiresAt: created.link.expiresAt,
        revokedAt: null,
      });
      links.push({ ...created, email: canonicalEmail(recipient.email), expiresAt: created.link.expiresAt });
    }
    await insertResource(runtime, firmId, SHARE_TYPES.share, id, data);
  } catch (error) {
    // Refused or failed on the way (the store): the links made so far end, the stamped copies go.
    for (const made of links) await revokeLink(runtime, firmId, made.link.id, by).catch(() => undefined);
    for (const copy of Object.values(data.watermarks)) await runtime.blobs.delete(copy.blobKey).catch(() => false);
    throw error;
  }
  await recordAudit(runtime, { firmId, resource, type: 'share.created', data: { title: data.title, documentIds: data.documentIds, recipients: emails, allowDownload: data.allowDownload, watermark: data.watermark } }, by);

  if (input.send) {
    const firm = await requireFirm(runtime, firmId);
    for (const created of links) {
      const record = (await runtime.store.links.get(firmId, created.link.id))!;
      try {
        await sendLink(runtime, firm, record, created.url, input.message, by);
        created.sent = true;
      } catch (error) {
        // The share and the link stand: the answer says this recipient got no mail (`sent: false`),
        // and the firm can pass the link on itself or revoke it.
        runtime.logger?.warn('share mail not sent', { shareId: id, linkId: created.link.id, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  return { share: await getShare(runtime, firmId, id), links };
}

/** Loads a share or fails with `not_found`. */
export async function requireShare(runtime: Runtime, firmId: string, id: string): Promise<ResourceRecord> {
  const record = await runtime.store.resources.get(firmId, SHARE_TYPES.share, id);
  if (!record) throw new GuestkitServerError('not_found', 'no such share');
  return record;
}

async function changeShare(runtime: Runtime, firmId: string, id: string, change: (data: ShareData) => ShareData | null): Promise<{ share: Share; changed: boolean }> {
  const result = await changeResource(runtime, firmId, SHARE_TYPES.share, id, change);
  if (!result) throw new GuestkitServerError('not_found', 'no such share');
  return { share: await viewOf(runtime, result.record), changed: result.changed };
}

/** The firm's shares, newest first. */
export async function listShares(runtime: Runtime, firmId: string): Promise<Share[]> {
  const records = await runtime.store.resources.list(firmId, SHARE_TYPES.share);
  // Every share link of the firm in one read, not one per share (the type again: a store that ignores the filter).
  const shareLinks = (await runtime.store.links.list(firmId, { resourceType: SHARE_TYPES.share })).filter((link) => link.resource.type === SHARE_TYPES.share);
  const links = groupLinks(shareLinks, (link) => link.resource.id);
  const shares = await Promise.all(records.map((record) => viewOf(runtime, record, links.get(record.id) ?? [])));
  return shares.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

/** One share. */
export async function getShare(runtime: Runtime, firmId: string, id: string): Promise<Share> {
  return viewOf(runtime, await requireShare(runtime, firmId, id));
}

/** The recipient among `recipients` whose address is `email`, in whichever spelling each was stored (`canonicalEmail`). */
export function recipientOf<R extends { email: string }>(recipients: readonly R[], email: string): R | undefined {
  const wanted = canonicalEmail(email);
  return recipients.find((r) => canonicalEmail(r.email) === wanted);
}

/** Revokes every link in `links` not revoked yet (each ends its sessions in the same step). */
async function revokeAll(runtime: Runtime, firmId: string, links: LinkRecord[], by: Actor): Promise<void> {
  for (const link of links) if (!link.revokedAt) await revokeLink(runtime, firmId, link.id, by);
}

/** Revokes one recipient at once (every link they were given, and their sessions); the others keep access. */
export async function revokeRecipient(runtime: Runtime, firmId: string, id: string, email: string, by: Actor = SYSTEM_ACTOR): Promise<Share> {
  const target = recipientOf((await getShare(runtime, firmId, id)).recipients, email);
  if (!target) throw new GuestkitServerError('not_found', 'no such recipient');
  await revokeAll(runtime, firmId, (await linksByRecipient(runtime, firmId, id)).get(canonicalEmail(target.email)) ?? [], by);
  const { changed } = await changeShare(runtime, firmId, id, (data) => {
    const r = data.recipients.find((x) => x.email === target.email)!;
    if (r.revokedAt) return null;
    r.revokedAt = isoNow(runtime);
    return data;
  });
  // A fresh link asked for in between: once marked revoked, the share's routes refuse it anyway.
  await revokeAll(runtime, firmId, (await linksByRecipient(runtime, firmId, id)).get(canonicalEmail(target.email)) ?? [], by);
  // On record even when their links were revoked already (one by one, through the links API).
  if (changed) await recordAudit(runtime, { firmId, resource: { type: SHARE_TYPES.share, id }, type: 'share.recipient_revoked', data: { recipient: target.email } }, by);
  return getShare(runtime, firmId, id);
}

/** Revokes the whole share: every link it gave anyone. */
export async function revokeShare(runtime: Runtime, firmId: string, id: string, by: Actor = SYSTEM_ACTOR): Promise<Share> {
  await requireShare(runtime, firmId, id);
  for (const links of (await linksByRecipient(runtime, firmId, id)).values()) await revokeAll(runtime, firmId, links, by);
  const now = isoNow(runtime);
  const { changed } = await changeShare(runtime, firmId, id, (data) =>
    data.status === 'revoked' ? null : { ...data, status: 'revoked', recipients: data.recipients.map((r) => ({ ...r, revokedAt: r.revokedAt ?? now })) },
  );
  // A fresh link asked for in between: once marked revoked, the share's routes refuse it anyway.
  for (const links of (await linksByRecipient(runtime, firmId, id)).values()) await revokeAll(runtime, firmId, links, by);
  // Once, by whoever revoked it first.
  if (changed) await recordAudit(runtime, { firmId, resource: { type: SHARE_TYPES.share, id }, type: 'share.revoked' }, by);
  return getShare(runtime, firmId, id);
}

/** Moves one recipient's expiry: their newest link (a fresh one, if they asked for one) keeps working until the new date. */
export async function extendRecipient(runtime: Runtime, firmId: string, id: string, email: string, expiresAt: string, by: Actor = SYSTEM_ACTOR): Promise<Share> {
  // The same rules as the share's own dates: an ISO date-time with its offset, in the future, at most 366 days ahead.
  const iso = checkLinkExpiry(runtime, expiresAt, 'expiresAt');
  const target = recipientOf((await getShare(runtime, firmId, id)).recipients, email);
  if (!target || target.revokedAt) throw new GuestkitServerError('not_found', 'no such active recipient');
  if (!(await runtime.store.links.setExpiry(firmId, target.linkId, iso))) throw new GuestkitServerError('not_found', 'no such active recipient');
  await recordAudit(runtime, { firmId, resource: { type: SHARE_TYPES.share, id }, type: 'share.extended', data: { recipient: target.email, expiresAt: iso } }, by);
  const { share } = await changeShare(runtime, firmId, id, (data) => {
    const r = data.recipients.find((x) => x.email === target.email)!;
    r.linkId = target.linkId;
    r.expiresAt = iso;
    return data;
  });
  return share;
}

/** Lifts the "locked pending payment" state (called when the invoice is paid); `share.unlocked` is recorded only when it was locked. */
export async function unlockShare(runtime: Runtime, firmId: string, id: string, by: Actor = SYSTEM_ACTOR): Promise<Share> {
  const { share, changed } = await changeShare(runtime, firmId, id, (data) => (data.lockedUntilPaid ? { ...data, lockedUntilPaid: null } : null));
  if (changed) await recordAudit(runtime, { firmId, resource: { type: SHARE_TYPES.share, id }, type: 'share.unlocked' }, by);
  return share;
}

/** What one recipient did with a share (see `shareActivity`). */
export interface RecipientActivityRecord {
  email: string;
  expiresAt: string;
  revokedAt: string | null;
  opened: string[];
  viewed: { documentId: string; at: string }[];
  downloaded: { documentId: string; at: string }[];
  /** Per PDF, the pages the recipient had on screen for a while (ascending), and when they last did. */
  pages: { documentId: string; pages: number[]; lastAt: string }[];
}

/**
 * What each recipient did, from the audit log: opened (unverified), viewed and downloaded
 * documents, and the pages of each PDF they read.
 */
export async function shareActivity(runtime: Runtime, firmId: string, id: string): Promise<RecipientActivityRecord[]> {
  const share = await getShare(runtime, firmId, id);
  const events = await runtime.store.audit.listForResource(firmId, SHARE_TYPES.share, id);
  const links = await linksByRecipient(runtime, firmId, id);
  return share.recipients.map((r) => {
    // Through any link the recipient was given: the first, or a fresh one.
    const theirs = new Set((links.get(canonicalEmail(r.email)) ?? []).map((link) => link.id));
    const mine = events.filter((e) => theirs.has(String(e.data.linkId)));
    const docs = (type: string) => mine.filter((e) => e.type === type).map((e) => ({ documentId: String(e.data.documentId), at: e.at }));
    return {
      email: r.email,
      expiresAt: r.expiresAt,
      revokedAt: r.revokedAt,
      opened: mine.filter((e) => e.type === 'link.opened').map((e) => e.at),
      viewed: docs('share.viewed'),
      downloaded: docs('share.downloaded'),
      pages: pagesRead(mine.filter((e) => e.type === 'share.pages_viewed')),
    };
  });
}

/** Folds `share.pages_viewed` events into the pages read per document. */
function pagesRead(events: AuditEventRecord[]): RecipientActivityRecord['pages'] {
  const byDocument = new Map<string, { pages: Set<number>; lastAt: string }>();
  for (const event of events) {
    const documentId = String(event.data.documentId);
    const entry = byDocument.get(documentId) ?? { pages: new Set<number>(), lastAt: event.at };
    for (const page of event.data.pages as number[]) entry.pages.add(page);
    if (event.at > entry.lastAt) entry.lastAt = event.at;
    byDocument.set(documentId, entry);
  }
  return [...byDocument].map(([documentId, { pages, lastAt }]) => ({ documentId, pages: [...pages].sort((a, b) => a - b), lastAt }));
}
