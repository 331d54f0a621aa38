/** The sliding-window log both stores keep per rate-limit key. */

/**
 * Of the `stored` hit times, those still inside the window ending at `now` (`earlier`), and what
 * to store: those, plus `now` when fewer than `limit` (a refused hit does not count). Sorted,
 * oldest first, because instances whose clocks differ may record out of order.
 */
export function slideWindow(stored: readonly number[], windowMs: number, now: number, limit: number): { earlier: number[]; kept: number[] } {
  const earlier = stored.filter((time) => time > now - windowMs).sort((a, b) => a - b);
  return { earlier, kept: earlier.length < limit ? [...earlier, now].sort((a, b) => a - b) : earlier };
}
