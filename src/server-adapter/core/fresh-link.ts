/** "Send me a fresh link": an expired link's recipient gets a new one, at their own address only. */
import { freshLinkMail } from '../mail/templates.js';
import { recordAudit, type Actor } from './audit.js';
import { GuestkitServerError } from './errors.js';
import { findLink, isWellFormedLinkToken, linkUnusableReason } from './link-access.js';
import { inBackgroundInOrder } from './in-order.js';
import { createLink, linkTerms, linkUrl } from './links.js';
import type { Runtime } from './options.js';
import { enforceRateLimit, underRateLimit, HOUR } from './rate-limit.js';
import { assertOriginAllowed, type RequestMeta } from './request-meta.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';

/**
 * The recipient's chain of links that `link` belongs to: the link the firm issued and every fresh
 * link made from it or from one of those, as many times as they were asked for.
 */
async function chainOf(runtime: Runtime, link: LinkRecord): Promise<LinkRecord[]> {
  const links = await runtime.store.links.list(link.firmId, { resource: link.resource, kind: link.kind });
  const byId = new Map(links.map((each) => [each.id, each]));
  let root = link;
  const walked = new Set<string>();
  while (root.replaces && !walked.has(root.id)) {
    walked.add(root.id);
    root = byId.get(root.replaces) ?? root;
  }
  const chain = new Map([[root.id, root]]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const each of links) {
      if (each.replaces && chain.has(each.replaces) && !chain.has(each.id)) {
        chain.set(each.id, each);
        grew = true;
      }
    }
  }
  return [...chain.values()];
}

/**
 * Mails a replacement for an expired link to the recipient the firm chose. The caller always
 * gets the same answer, whether the token was unknown, still valid, revoked, over its limit or
 * refreshed — so the endpoint tells nobody anything — except a browser on a page the firm has not
 * allowed, which gets `origin_forbidden` for a known token, as when opening it. Revoked links are never refreshed: the
 * firm ended them on purpose, and that holds for every link of the recipient's chain (the one the
 * firm issued and the fresh ones made from it). The new link ends the chain's links still live.
 *
 * It answers as soon as the request is counted against the limits: the fresh link is made and
 * mailed in the background (`refresh`), since the time a mail takes would tell a real, expired
 * token from any other. A failure there is logged as `fresh link failed`; `close()` waits for it.
 */
export async function requestFreshLink(runtime: Runtime, token: string, meta: RequestMeta): Promise<void> {
  await enforceRateLimit(runtime, `fresh-ip:${meta.ip ?? 'unknown'}`, runtime.limits.freshLinksPerIpPerHour, HOUR);
  if (!isWellFormedLinkToken(token)) throw new GuestkitServerError('invalid_token');
  let found;
  try {
    found = await findLink(runtime, token);
  } catch (error) {
    if (error instanceof GuestkitServerError && error.code === 'link_not_found') return;
    throw error;
  }
  const { link, firm } = found;
  // Like opening the link and asking for a code: only from a page the firm allowed, so no other
  // site can have a recipient's browser — or a script holding a leaked link — mail them.
  assertOriginAllowed(firm, meta);
  if (linkUnusableReason(runtime, link) !== 'link_expired') return;
  // The firm ended this recipient's access when it revoked any link of the chain — the one it
  // issued or a fresh one: an earlier, expired link of theirs must not bring it back.
  const chain = await chainOf(runtime, link);
  if (chain.some((each) => each.revokedAt)) return;
  // What takes nothing any more (an upload request deactivated, or past a deadline that refuses
  // late files) gets no fresh link: it would open on "no longer accepts files".
  const terms = await linkTerms(runtime, firm.id, link.resource);
  if (terms.closed) return;
  if (!(await underRateLimit(runtime, `fresh-link:${link.id}`, runtime.limits.freshLinksPerLinkPerHour, HOUR))) return;
  const by = { actor: `link:${link.id}`, ip: meta.ip, userAgent: meta.userAgent };
  // One refresh at a time per chain (its first link is the one the firm issued), in the order asked
  // for: each ends the fresh links made before it, and the last one mailed is the one that works.
  inBackgroundInOrder(runtime, `fresh-link:${chain[0]!.id}`, 'fresh link failed', () => refresh(runtime, firm, link, by), { linkId: link.id });
}

/**
 * Makes the fresh link for the expired `link`, ends the chain's links still live, mails it and
 * records `link.refreshed` (once the mail is sent, as before the answer stopped waiting for it).
 * Nothing, should the firm have extended the link, revoked a link of the chain or closed the request
 * since the request was answered.
 */
async function refresh(runtime: Runtime, firm: FirmRecord, asked: LinkRecord, by: Actor): Promise<void> {
  // Read again, as the answer may have been given a while ago: the firm may have extended the link
  // (a fresh one would end it), revoked one of the chain, or closed the request meanwhile, and a
  // refresh queued before this one has made a link that this one ends.
  const link = (await runtime.store.links.get(firm.id, asked.id)) ?? asked;
  if (linkUnusableReason(runtime, link) !== 'link_expired') return;
  const chain = await chainOf(runtime, link);
  if (chain.some((each) => each.revokedAt)) return;
  const terms = await linkTerms(runtime, firm.id, link.resource);
  if (terms.closed) return;
  // As long as the link it replaces was given (the firm's window for this recipient: a share's date
  // per recipient, an extension included), not the firm's default for the kind — a recipient the
  // firm gave two days does not get thirty by asking. At least a minute, so the mail can be opened;
  // at most a year and a day, the longest `ttlSeconds` a firm may give (protocol/links.ts).
  const given = Math.round((Date.parse(link.expiresAt) - Date.parse(link.createdAt)) / 1000);
  const ttlSeconds = Math.min(Math.max(given, 60), 366 * 86_400);
  const created = await createLink(
    runtime,
    firm.id,
    {
      kind: link.kind,
      resource: link.resource,
      recipient: { email: link.recipientEmail, ...(link.recipientName ? { name: link.recipientName } : {}), ...(link.recipientLocale ? { locale: link.recipientLocale } : {}) },
      ttlSeconds,
      ...(link.createdByEmail ? { createdBy: { email: link.createdByEmail, ...(link.createdByName ? { name: link.createdByName } : {}) } } : {}),
    },
    // The fresh link keeps the firm's step-up; the access code's hash carries over as it is.
    { by, replaces: link.id, stepUpFrom: link },
  );
  // A fresh link replaces the ones sent before it (R17): those still live end now. They expire
  // rather than being revoked — revoking is the firm's word, which the check above honours — so
  // an upload begun on one may still finish within the grace window.
  const now = new Date(runtime.now()).toISOString();
  const ended: string[] = [];
  for (const earlier of chain) {
    if (Date.parse(earlier.expiresAt) > runtime.now() && (await runtime.store.links.setExpiry(firm.id, earlier.id, now))) ended.push(earlier.id);
  }
  const record = (await runtime.store.links.get(firm.id, created.link.id))!;
  await runtime.mailer.send(freshLinkMail(firm, record, linkUrl(firm, record, created.token), terms.deadline));
  await recordAudit(runtime, { firmId: firm.id, resource: link.resource, type: 'link.refreshed', verified: false, data: { linkId: link.id, newLinkId: record.id, to: record.recipientEmail, ...(ended.length ? { ended } : {}) } }, by);
}
