/**
 * Sliding-window rate limits kept in the store, so every adapter instance counts together: a hit
 * is refused when `limit` hits were let through in the `windowMs` before it, whenever in that
 * time they came — never twice the limit across the edge of a fixed window. Refused hits don't
 * count, so a client that waits `Retry-After` is let through.
 */
import { GuestkitServerError } from './errors.js';
import type { Runtime } from './options.js';

/** Counts a hit; the milliseconds until one would be let through, or 0 when this one is. */
async function hitWait(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<number> {
  const now = runtime.now();
  const earlier = await runtime.store.rateLimits.hit(key, windowMs, now, limit);
  if (earlier.length < limit) return 0;
  // Let through once all but `limit - 1` of the earlier hits have left the window (a limit of 0: never).
  return (earlier[earlier.length - limit] ?? now) + windowMs - now;
}

/** Counts a hit and throws `rate_limited` (with `retryAfter`) when `key` had `limit` hits in the last `windowMs`. */
export async function enforceRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<void> {
  const wait = await hitWait(runtime, key, limit, windowMs);
  if (wait > 0) throw new GuestkitServerError('rate_limited', undefined, { retryAfter: Math.max(1, Math.ceil(wait / 1000)) });
}

/** Counts a hit; false when `key` had `limit` hits in the last `windowMs` (for limits that must stay silent). */
export async function underRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<boolean> {
  return (await hitWait(runtime, key, limit, windowMs)) === 0;
}

/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
