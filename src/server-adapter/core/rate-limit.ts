/**
 * Sliding-window rate limits kept in the store, so every adapter instance counts together: a hit
 * is refused when `limit` hits were let through in the `windowMs` before it, whenever in that
 * time they came — never twice the limit across the edge of a fixed window. Refused hits don't
 * count, so a client that waits `Retry-After` is let through.
 */
import { GuestkitServerError } from './errors.js';
import type { Runtime } from './options.js';

/** The milliseconds from `now` until a hit is let through after the `earlier` ones (oldest first), or 0. */
function waitAfter(earlier: readonly number[], limit: number, windowMs: number, now: number): number {
  if (earlier.length < limit) return 0;
  // Let through once all but `limit - 1` of the earlier hits have left the window (a limit of 0: never).
  return (earlier[earlier.length - limit] ?? now) + windowMs - now;
}

/** Counts a hit; the milliseconds until one would be let through, or 0 when this one is. */
async function hitWait(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<number> {
  const now = runtime.now();
  return waitAfter(await runtime.store.rateLimits.hit(key, windowMs, now, limit), limit, windowMs, now);
}

const rateLimited = (waitMs: number): GuestkitServerError => new GuestkitServerError('rate_limited', undefined, { retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) });

/** Counts a hit and throws `rate_limited` (with `retryAfter`) when `key` had `limit` hits in the last `windowMs`. */
export async function enforceRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<void> {
  const wait = await hitWait(runtime, key, limit, windowMs);
  if (wait > 0) throw rateLimited(wait);
}

/** Throws `rate_limited` (with `retryAfter`) when `key` had `limit` hits in the last `windowMs`, counting nothing. */
export async function assertUnderRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<void> {
  const now = runtime.now();
  // A limit of 0 reads the hits without counting one.
  const wait = waitAfter(await runtime.store.rateLimits.hit(key, windowMs, now, 0), limit, windowMs, now);
  if (wait > 0) throw rateLimited(wait);
}

/** An attempt `enforceFailureLimit` let through: a failure, unless `giveBack()` is called. */
export interface CountedAttempt {
  /** Gives the attempt back: it was no failure. */
  giveBack(): Promise<void>;
}

/** `times` less one of each of `taken` (both oldest first). */
function without(times: readonly number[], taken: readonly number[]): number[] {
  const left = [...taken];
  return times.filter((time) => {
    const at = left.indexOf(time);
    if (at >= 0) left.splice(at, 1);
    return at < 0;
  });
}

/**
 * Limits failures — wrong codes — rather than attempts. Each attempt is counted as a failure before
 * its outcome is known, so attempts sent together cannot all slip under the limit, and is given
 * back by `giveBack()`. Throws `rate_limited` (with `retryAfter`) when `key` had `limit` failures
 * in the last `windowMs`. Successes are kept for the window too: bound the attempts with another
 * limit as well.
 *
 * @example
 * const attempt = await enforceFailureLimit(runtime, `code-day:${link.id}`, 20, DAY);
 * if (right) await attempt.giveBack();
 */
export async function enforceFailureLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<CountedAttempt> {
  const now = runtime.now();
  const successesKey = `${key}:succeeded`;
  // A limit of 0 reads the successes without counting one. One given back meanwhile is missed: stricter, never looser.
  const successes = await runtime.store.rateLimits.hit(successesKey, windowMs, now, 0);
  const allowed = limit + successes.length;
  const earlier = await runtime.store.rateLimits.hit(key, windowMs, now, allowed);
  if (earlier.length >= allowed) {
    // A success leaves the window with its own attempt (it is kept at the attempt's time), so only failures leaving let one through.
    throw rateLimited(waitAfter(without(earlier, successes), limit, windowMs, now));
  }
  return {
    async giveBack() {
      await runtime.store.rateLimits.hit(successesKey, windowMs, now, Number.MAX_SAFE_INTEGER);
    },
  };
}

/** Counts a hit; false when `key` had `limit` hits in the last `windowMs` (for limits that must stay silent). */
export async function underRateLimit(runtime: Runtime, key: string, limit: number, windowMs: number): Promise<boolean> {
  return (await hitWait(runtime, key, limit, windowMs)) === 0;
}

/** One minute in milliseconds. */
export const MINUTE = 60_000;
/** One hour in milliseconds. */
export const HOUR = 3_600_000;
/** One day in milliseconds. */
export const DAY = 86_400_000;
