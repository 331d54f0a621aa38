/**
 * Resolving a presented link token: format and checksum first (no store lookup for garbage),
 * then the hash lookup, then revocation and expiry against the server clock.
 */
import { LINK_KINDS, parseToken } from '../../protocol/token-format.js';
import type { FirmRecord, LinkRecord } from '../store/types.js';
import { hashToken } from './crypto.js';
import { GuestkitServerError } from './errors.js';
import type { Runtime } from './options.js';
import { MINUTE } from './rate-limit.js';

/** A link found by its token, with its firm. */
export interface ResolvedLink {
  link: LinkRecord;
  firm: FirmRecord;
  tokenHash: string;
}

/** True when `token` has the link format and a valid checksum. Never touches the store. */
export function isWellFormedLinkToken(token: string): boolean {
  const parsed = parseToken(token);
  return parsed !== null && (LINK_KINDS as readonly string[]).includes(parsed.kind);
}

/** Finds the link for `token` without judging its state. Throws `invalid_token` / `link_not_found`. */
export async function findLink(runtime: Runtime, token: string): Promise<ResolvedLink> {
  if (!isWellFormedLinkToken(token)) throw new GuestkitServerError('invalid_token');
  const tokenHash = hashToken(token);
  const link = await runtime.store.links.getByHash(tokenHash);
  if (!link) {
    await alertOnUnknownTokens(runtime);
    throw new GuestkitServerError('link_not_found');
  }
  const firm = await runtime.store.firms.get(link.firmId);
  if (!firm) throw new GuestkitServerError('link_not_found');
  return { link, firm, tokenHash };
}

/**
 * Counts a well-formed token no link has, across all clients, and warns when they reach
 * `unknownTokensAlertPerMinute` in a minute — once, until they fall below it again (SECURITY.md
 * R11): the per-IP limits stop one client, this shows many trying together.
 */
async function alertOnUnknownTokens(runtime: Runtime): Promise<void> {
  const limit = runtime.limits.unknownTokensAlertPerMinute;
  const earlier = await runtime.store.rateLimits.hit('unknown-tokens', MINUTE, runtime.now(), limit);
  if (earlier.length === limit - 1) runtime.logger?.warn('burst of unknown link tokens', { perMinute: limit });
}

/** Why a link cannot be used now, or null when it can. */
export function linkUnusableReason(runtime: Runtime, link: LinkRecord): 'link_revoked' | 'link_expired' | null {
  if (link.revokedAt) return 'link_revoked';
  if (Date.parse(link.expiresAt) <= runtime.now()) return 'link_expired';
  return null;
}
