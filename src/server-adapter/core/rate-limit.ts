/** Fixed-window rate limits kept in the store, so every adapter instance counts together. */
import { GuestkitServerError } from './errors.js';
import type { Runtime } from './options.js';

/** Counts a hit and throws `rate_limited` (with `retryAfter`) when `key` is over `limit` in its window. */
export async function enforceRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<void> {
  if (!(await underRateLimit(runtime, key, limit, windowMs))) {
    const now = runtime.now();
    const retryAfter = Math.max(1, Math.ceil((windowMs - (now % windowMs)) / 1000));
    throw new GuestkitServerError('rate_limited', undefined, { retryAfter });
  }
}

/** Counts a hit; false when `key` is over `limit` in its window (for limits that must stay silent). */
export async function underRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<boolean> {
  return (await runtime.store.rateLimits.hit(key, windowMs, runtime.now())) <= limit;
}

/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
