/**
 * Forgetting what no answer depends on any more: the rate-limit logs (SECURITY.md R11), keyed by
 * client IPs among others, ended session chains (R14) with their IP and user agent, expired
 * one-time codes. Audit events keep theirs: they are the record (R44, R47). The sweep
 * (`gk.uploads.sweep()`) runs this; a store without the optional `prune` methods keeps the rows.
 */
import type { Runtime } from './options.js';
import { DAY } from './rate-limit.js';
import { MAX_GRACE_MS } from './sessions.js';

/**
 * A rate-limit key is forgotten once it had no hit for this long: longer than the longest window
 * any limit uses (a day, step-up failures), plus a day for instances whose clocks differ.
 */
export const RATE_LIMIT_RETENTION_MS = DAY + DAY;

/**
 * A session is forgotten this long after its chain ended: past the longest grace in which a
 * session may still finish an upload after its link ended (7 days), plus a day. Until then a
 * token of the chain answers as before (`session_invalid`, `link_expired`, `link_revoked`); after
 * it, `session_invalid`, which makes the client open the link again and hear the link's own answer.
 */
export const SESSION_RETENTION_MS = MAX_GRACE_MS + DAY;

/** A one-time code is forgotten this long after it expired (an expired code is refused like a missing one; the day is for clocks). */
export const OTP_RETENTION_MS = DAY;

/** How many rows `pruneExpired` deleted, per kind; `undefined` where the store cannot prune them. */
export interface Pruned {
  rateLimits?: number;
  sessions?: number;
  otps?: number;
}

/** Deletes rate-limit keys, sessions and one-time codes past their retention; returns how many of each went. */
export async function pruneExpired(runtime: Runtime): Promise<Pruned> {
  const now = runtime.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const { rateLimits, sessions, otps } = runtime.store;
  return {
    rateLimits: await rateLimits.prune?.(now - RATE_LIMIT_RETENTION_MS),
    sessions: await sessions.prune?.(iso(now - SESSION_RETENTION_MS)),
    otps: await otps.prune?.(iso(now - OTP_RETENTION_MS)),
  };
}
