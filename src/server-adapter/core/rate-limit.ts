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

/** A limit on failures (wrong codes) rather than attempts: see `enforceFailureLimit`. */
export interface FailureLimit {
  /** Names the limit's three logs in the store: `key` (attempts), `key:wrong` and `key:right`. */
  key: string;
  /** Failures let through in any `windowMs`. */
  failures: number;
  windowMs: number;
  /** How long attempts are kept apart from their outcome: far longer than an attempt takes to settle, shorter than `windowMs`. */
  attemptsMs: number;
  /**
   * Attempts not known to be right — wrong ones, and those still being checked — let through in any
   * `attemptsMs` (default: no such limit). Right ones do not count: see `enforceFailureLimit`.
   */
  attempts?: number;
}

/** An attempt `enforceFailureLimit` let through, to be settled once its outcome is known. */
export interface CountedAttempt {
  /** Records the attempt as a failure: it counts for the whole window. */
  failed(): Promise<void>;
  /** Records the attempt as no failure (a success, or an attempt another limit refused): it leaves with the attempts. */
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
 * Limits failures — wrong codes — rather than attempts, in three small logs: the attempts of the
 * last `attemptsMs` (each counted before its outcome is known, so attempts sent together cannot
 * all slip under the limit), the right ones among them, and the wrong ones of the whole window,
 * each kept at its attempt's time. An attempt is let through while the attempts of the last
 * `attemptsMs` not known to be right are fewer than `attempts`, and those plus the wrong ones
 * older than `attemptsMs` fewer than `failures`; else `rate_limited` with `retryAfter`. A right
 * one only takes its own attempt out of the count, so right ones never make room for more wrong
 * ones, in `attemptsMs` or in `windowMs`: whoever knows the code cannot lend an accomplice guesses.
 * So a right code is forgotten with its attempt, and no log holds more than twice `failures`,
 * however often the right code is given (past `failures` right ones in `attemptsMs`, the rest
 * count as not known to be right until they leave: stricter, never looser). Settle each attempt
 * let through before answering it: one never settled counts as a failure until it is `attemptsMs`
 * old.
 *
 * @example
 * const attempt = await enforceFailureLimit(runtime, { key: `code:${link.id}`, failures: 20, windowMs: DAY, attemptsMs: 15 * MINUTE });
 * await (right ? attempt.giveBack() : attempt.failed());
 */
export async function enforceFailureLimit(runtime: Runtime, limit: FailureLimit): Promise<CountedAttempt> {
  const { key, failures, windowMs, attemptsMs, attempts = Infinity } = limit;
  const { rateLimits } = runtime.store;
  const [wrongKey, rightKey] = [`${key}:wrong`, `${key}:right`];
  const now = runtime.now();
  // A limit of 0 reads a log without counting. The newer wrong ones are still among the attempts.
  const older = (await rateLimits.hit(wrongKey, windowMs, now, 0)).filter((time) => time <= now - attemptsMs);
  let right: number[] = [];
  // Room for attempts not known to be right, plus one place for each attempt known to be right.
  const room = (): number => Math.max(0, Math.min(attempts, failures - older.length)) + right.length;
  let allowed = room();
  let earlier = await rateLimits.hit(key, attemptsMs, now, allowed);
  // Right ones give their places back: read only when the attempts fill the room without them.
  // One settled meanwhile is missed: stricter, never looser.
  if (earlier.length >= allowed) {
    right = await rateLimits.hit(rightKey, attemptsMs, now, 0);
    if (room() > allowed) earlier = await rateLimits.hit(key, attemptsMs, now, (allowed = room()));
  }
  if (earlier.length >= allowed) {
    // An attempt not known to be right counts as a failure: it may be one still being checked.
    const unsettledOrWrong = without(earlier, right);
    const failed = [...older, ...unsettledOrWrong].sort((a, b) => a - b);
    throw rateLimited(Math.max(waitAfter(failed, failures, windowMs, now), waitAfter(unsettledOrWrong, attempts, attemptsMs, now)));
  }
  return {
    async failed() {
      // Twice the limit, never reached in use: stored at its attempt's time, a wrong one may find later ones already there.
      await rateLimits.hit(wrongKey, windowMs, now, 2 * failures);
    },
    async giveBack() {
      // More right ones in `attemptsMs` than `failures` stay counted until they leave: stricter, never looser.
      await rateLimits.hit(rightKey, attemptsMs, now, failures);
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
