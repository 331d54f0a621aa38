/** Idempotency keys for mutating calls: one per logical operation, reused by every retry. */

/** A fresh idempotency key (a random UUID). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}
